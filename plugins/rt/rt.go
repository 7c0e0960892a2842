package rt

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/restapi"
)

func init() {
	driver.RegisterTickets("rt", func(ctx context.Context, rawURL string, env driver.TicketsEnv) (driver.Tickets, error) {
		o, err := ParseURL(rawURL)
		if err != nil {
			return nil, err
		}
		o.Token = env.Secret
		return New(ctx, o)
	})
}

// DefaultStatuses are the statuses of RT's default lifecycle.
var DefaultStatuses = []string{"new", "open", "stalled", "resolved", "rejected", "deleted"}

// Options configure an adapter.
type Options struct {
	// BaseURL is REST2's root, e.g. http://127.0.0.1:8380/REST/2.0.
	BaseURL string
	// Queues the adapter works with: the first is the default for a new
	// ticket, and Changes lists tickets of these queues. Default: General.
	Queues []string
	// Statuses of the queues' lifecycle; default DefaultStatuses.
	Statuses []string
	// Token returns the auth token (RT::Authen::Token). It is read for each
	// request and never logged or put in an error.
	Token func() (string, error)
	// Timeout per HTTP request; default 30 s.
	Timeout time.Duration
	// Retries of a failed safe request (GET, PUT), with exponential
	// backoff from 250 ms; default 3.
	Retries int
	// HTTPClient, when set, replaces the default client (its Timeout is
	// kept).
	HTTPClient *http.Client
}

// ParseURL reads rt://HOST:PORT/[PATH]?queue=NAME[,NAME...]&tls=1&
// statuses=a,b&timeout=30s&retries=3. The path defaults to /REST/2.0; the
// scheme is http unless tls=1.
func ParseURL(raw string) (Options, error) {
	u, err := restapi.ParseURL(raw, restapi.URLSpec{
		System: "rt", Example: "rt://host:port/?queue=General", Secret: "token", DefaultPath: "/REST/2.0",
		Params: []string{"queue", "tls", "statuses", "timeout", "retries"},
	})
	if err != nil {
		return Options{}, err
	}
	return Options{
		BaseURL: u.BaseURL, Timeout: u.Timeout, Retries: u.Retries,
		Queues: splitList(u.Query["queue"]), Statuses: splitList(u.Query["statuses"]),
	}, nil
}

func splitList(vs []string) []string {
	var out []string
	for _, v := range vs {
		for s := range strings.SplitSeq(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// Adapter is a Request Tracker ticket adapter. It implements
// driver.Tickets, driver.FieldLister and driver.Attacher, and is safe for
// concurrent use.
type Adapter struct {
	c        *client
	queues   []string
	statuses []string

	mu         sync.Mutex
	queueInfo  map[string]*queueInfo // by name
	queueNames map[string]string     // id -> name
	users      map[string]bool       // user name -> exists
	firstMsg   map[string]string     // ticket id -> first message (it never changes)

	// stripes serialise this adapter's writes to one ticket, so reading a
	// ticket back after a PUT sees this PUT's effect, not a concurrent one's.
	stripes [64]sync.Mutex
}

func (a *Adapter) lock(id string) func() {
	h := uint32(2166136261)
	for i := 0; i < len(id); i++ {
		h = (h ^ uint32(id[i])) * 16777619
	}
	m := &a.stripes[h%uint32(len(a.stripes))]
	m.Lock()
	return m.Unlock
}

// maxCachedBodies bounds the first-message cache.
const maxCachedBodies = 20000

type queueInfo struct {
	id     string
	fields map[string]string // custom field name -> id
}

// New opens an adapter and checks the token and the default queue.
func New(ctx context.Context, o Options) (*Adapter, error) {
	if o.BaseURL == "" {
		return nil, driver.Errorf(driver.ErrInvalid, "rt: no base URL")
	}
	if o.Token == nil {
		return nil, driver.Errorf(driver.ErrAuth, "rt: no token: name the variable or file that holds it in the deployment")
	}
	if len(o.Queues) == 0 {
		o.Queues = []string{"General"}
	}
	for _, q := range o.Queues {
		if strings.ContainsAny(q, `'\`) {
			return nil, driver.Errorf(driver.ErrInvalid, "rt: queue name %q has a quote or backslash", q)
		}
	}
	if len(o.Statuses) == 0 {
		o.Statuses = DefaultStatuses
	}
	a := &Adapter{
		c:         newClient(o),
		queues:    o.Queues,
		statuses:  o.Statuses,
		queueInfo: map[string]*queueInfo{}, queueNames: map[string]string{}, users: map[string]bool{}, firstMsg: map[string]string{},
	}
	if _, err := a.queue(ctx, o.Queues[0]); err != nil {
		return nil, err
	}
	return a, nil
}

// queue returns a queue's id and custom fields, cached.
func (a *Adapter) queue(ctx context.Context, name string) (*queueInfo, error) {
	a.mu.Lock()
	qi, ok := a.queueInfo[name]
	a.mu.Unlock()
	if ok {
		return qi, nil
	}
	if name == "" || strings.ContainsAny(name, `'\/?#%`) {
		return nil, driver.Errorf(driver.ErrInvalid, "rt: unknown queue %q", name)
	}
	var w struct {
		ID                 flexString `json:"id"`
		Name               string     `json:"Name"`
		TicketCustomFields []struct {
			ID   flexString `json:"id"`
			Name string     `json:"name"`
		} `json:"TicketCustomFields"`
	}
	if _, err := a.c.Do(ctx, http.MethodGet, "/queue/"+url.PathEscape(name), nil, nil, &w); err != nil {
		if errors.Is(err, driver.ErrNotFound) {
			return nil, driver.Errorf(driver.ErrInvalid, "rt: unknown queue %q", name)
		}
		return nil, err
	}
	qi = &queueInfo{id: string(w.ID), fields: map[string]string{}}
	for _, f := range w.TicketCustomFields {
		qi.fields[f.Name] = string(f.ID)
	}
	a.mu.Lock()
	a.queueInfo[name] = qi
	a.queueNames[qi.id] = name
	a.mu.Unlock()
	return qi, nil
}

func (a *Adapter) names() map[string]string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return maps.Clone(a.queueNames)
}

// user checks that a user exists, cached.
func (a *Adapter) user(ctx context.Context, name string) error {
	if name == "" {
		return nil
	}
	a.mu.Lock()
	ok := a.users[name]
	a.mu.Unlock()
	if ok {
		return nil
	}
	if strings.ContainsAny(name, "/?#%") {
		return driver.Errorf(driver.ErrInvalid, "rt: unknown user %q", name)
	}
	if _, err := a.c.Do(ctx, http.MethodGet, "/user/"+url.PathEscape(name), nil, nil, nil); err != nil {
		if errors.Is(err, driver.ErrNotFound) {
			return driver.Errorf(driver.ErrInvalid, "rt: unknown user %q", name)
		}
		return err
	}
	a.mu.Lock()
	a.users[name] = true
	a.mu.Unlock()
	return nil
}

func (a *Adapter) checkStatus(s string) error {
	if !slices.Contains(a.statuses, s) {
		return driver.Errorf(driver.ErrInvalid, "rt: unknown status %q (%s)", s, strings.Join(a.statuses, ", "))
	}
	return nil
}

func checkFields(qi *queueInfo, queue string, f map[string]string) error {
	for k := range f {
		if _, ok := qi.fields[k]; !ok {
			return driver.Errorf(driver.ErrInvalid, "rt: queue %q has no custom field %q", queue, k)
		}
	}
	return nil
}

// validID keeps ids that are not ticket numbers, as RT writes them (no
// sign, no leading zeros), away from URLs.
func validID(id string) error {
	if n, err := strconv.ParseUint(id, 10, 63); err != nil || n == 0 || strconv.FormatUint(n, 10) != id {
		return driver.Errorf(driver.ErrNotFound, "rt: no ticket %q", id)
	}
	return nil
}

// Create implements driver.Tickets.
func (a *Adapter) Create(ctx context.Context, n driver.NewTicket) (driver.Ticket, error) {
	if strings.TrimSpace(n.Subject) == "" {
		return driver.Ticket{}, driver.Errorf(driver.ErrInvalid, "rt: a ticket needs a subject")
	}
	if n.Priority < 0 || n.Priority > 100 {
		return driver.Ticket{}, driver.Errorf(driver.ErrInvalid, "rt: priority %d is outside 0-100", n.Priority)
	}
	if n.Queue == "" {
		n.Queue = a.queues[0]
	}
	qi, err := a.queue(ctx, n.Queue)
	if err != nil {
		return driver.Ticket{}, err
	}
	if n.Status != "" {
		if err := a.checkStatus(n.Status); err != nil {
			return driver.Ticket{}, err
		}
	}
	if err := checkFields(qi, n.Queue, n.Fields); err != nil {
		return driver.Ticket{}, err
	}
	if err := a.user(ctx, n.Assignee); err != nil {
		return driver.Ticket{}, err
	}
	req := map[string]any{"Queue": n.Queue, "Subject": n.Subject}
	if n.Priority != driver.PriorityDefault { // 0: the queue's initial priority
		req["Priority"] = n.Priority
	}
	if n.Body != "" {
		req["Content"], req["ContentType"] = n.Body, "text/plain"
	}
	if n.Status != "" {
		req["Status"] = n.Status
	}
	if n.Assignee != "" {
		req["Owner"] = n.Assignee
	}
	if n.Requester != "" {
		req["Requestor"] = n.Requester
	}
	if cf := fieldValues(n.Fields, true); len(cf) > 0 {
		req["CustomFields"] = cf
	}
	var c created
	if _, err := a.c.Do(ctx, http.MethodPost, "/ticket", nil, req, &c); err != nil {
		return driver.Ticket{}, err
	}
	if validID(string(c.ID)) != nil {
		return driver.Ticket{}, driver.Errorf(driver.ErrUnavailable, "rt: create answered with ticket id %q", c.ID)
	}
	return a.Get(ctx, string(c.ID))
}

// fieldValues turns custom field updates into REST2's form: a cleared
// field is null (on create, it is left out).
func fieldValues(f map[string]string, create bool) map[string]any {
	out := map[string]any{}
	for k, v := range f {
		switch {
		case v != "":
			out[k] = v
		case !create:
			out[k] = nil
		}
	}
	return out
}

// Get implements driver.Tickets.
func (a *Adapter) Get(ctx context.Context, id string) (driver.Ticket, error) {
	t, err := a.get(ctx, id)
	if err != nil {
		return t, err
	}
	bodies, err := a.bodies(ctx, []string{id})
	if err != nil {
		return driver.Ticket{}, err
	}
	t.Body = bodies[id]
	return t, nil
}

// get reads a ticket without its body.
func (a *Adapter) get(ctx context.Context, id string) (driver.Ticket, error) {
	if err := validID(id); err != nil {
		return driver.Ticket{}, err
	}
	var raw json.RawMessage
	q := url.Values{"fields[Queue]": {"Name"}}
	if _, err := a.c.Do(ctx, http.MethodGet, "/ticket/"+id, q, nil, &raw); err != nil {
		return driver.Ticket{}, err
	}
	t, err := decodeTicket(raw, a.names())
	if err != nil {
		return driver.Ticket{}, driver.Errorf(driver.ErrUnavailable, "rt: ticket %s: unexpected answer: %v", id, err)
	}
	return t, nil
}

// bodies returns the first message of each ticket: the text/plain content
// of its Create transaction. Two searches per call, whatever the number of
// tickets (up to 100).
func (a *Adapter) bodies(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	var missing []string
	a.mu.Lock()
	for _, id := range ids {
		if b, ok := a.firstMsg[id]; ok {
			out[id] = b
		} else {
			missing = append(missing, id)
		}
	}
	a.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	got, err := a.fetchBodies(ctx, missing)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	if len(a.firstMsg)+len(missing) > maxCachedBodies {
		clear(a.firstMsg)
	}
	for _, id := range missing {
		out[id] = got[id]
		a.firstMsg[id] = got[id]
	}
	a.mu.Unlock()
	return out, nil
}

// fetchBodies reads first messages from RT.
func (a *Adapter) fetchBodies(ctx context.Context, ids []string) (map[string]string, error) {
	out := make(map[string]string, len(ids))
	cond := []map[string]any{{"field": "ObjectType", "value": "RT::Ticket"}, {"field": "Type", "value": "Create"}}
	for _, id := range ids {
		cond = append(cond, map[string]any{"field": "ObjectId", "value": id})
	}
	var txns []txn
	if err := a.search(ctx, "/transactions", cond, "ObjectId,Type", &txns); err != nil {
		return nil, err
	}
	if len(txns) == 0 {
		return out, nil
	}
	ticketOf := map[string]string{}
	cond = cond[:0]
	for _, t := range txns {
		ticketOf[string(t.ID)] = string(t.ObjectID)
		cond = append(cond, map[string]any{"field": "TransactionId", "value": string(t.ID)})
	}
	var atts []attachment
	if err := a.search(ctx, "/attachments", cond, "TransactionId,ContentType,Content", &atts); err != nil {
		return nil, err
	}
	sort.SliceStable(atts, func(i, j int) bool { return numLess(string(atts[i].ID), string(atts[j].ID)) })
	for _, at := range atts {
		tid := ticketOf[string(at.TransactionID)]
		if _, done := out[tid]; done || tid == "" || !strings.HasPrefix(at.ContentType, "text/plain") {
			continue
		}
		out[tid] = at.Content
	}
	return out, nil
}

func numLess(a, b string) bool {
	x, _ := strconv.ParseUint(a, 10, 64)
	y, _ := strconv.ParseUint(b, 10, 64)
	return x < y
}

// search runs a JSON search over all its pages, appending the items to out.
func search[T any](ctx context.Context, c *client, path string, cond []map[string]any, fields string, out *[]T) error {
	q, err := json.Marshal(cond)
	if err != nil {
		return driver.Errorf(driver.ErrInvalid, "rt: encode search: %v", err)
	}
	for pg := 1; ; pg++ {
		var p page[T]
		v := url.Values{"query": {string(q)}, "fields": {fields}, "per_page": {"100"}, "page": {strconv.Itoa(pg)}, "orderby": {"id"}}
		if _, err := c.Do(ctx, http.MethodGet, path, v, nil, &p); err != nil {
			return err
		}
		*out = append(*out, p.Items...)
		pages, _ := strconv.Atoi(string(p.Pages))
		if pg >= pages || len(p.Items) == 0 {
			return nil
		}
	}
}

func (a *Adapter) search(ctx context.Context, path string, cond []map[string]any, fields string, out any) error {
	switch o := out.(type) {
	case *[]txn:
		return search(ctx, a.c, path, cond, fields, o)
	case *[]attachment:
		return search(ctx, a.c, path, cond, fields, o)
	}
	return fmt.Errorf("rt: search into %T", out)
}

// Update implements driver.Tickets. RT answers a PUT with 200 and a list of
// messages even when it refuses a change, so the adapter reads the ticket
// back and reports a change that did not take as ErrInvalid with RT's
// messages.
func (a *Adapter) Update(ctx context.Context, id string, u driver.TicketUpdate) (driver.Ticket, error) {
	if u.Status != nil {
		if err := a.checkStatus(*u.Status); err != nil {
			return driver.Ticket{}, err
		}
	}
	if u.Priority != nil && (*u.Priority < 0 || *u.Priority > 100) {
		return driver.Ticket{}, driver.Errorf(driver.ErrInvalid, "rt: priority %d is outside 0-100", *u.Priority)
	}
	if err := validID(id); err != nil {
		return driver.Ticket{}, err
	}
	defer a.lock(id)()
	cur, err := a.get(ctx, id)
	if err != nil {
		return driver.Ticket{}, err
	}
	req := map[string]any{}
	if u.Status != nil && *u.Status != cur.Status {
		req["Status"] = *u.Status
	}
	if u.Priority != nil && *u.Priority != cur.Priority {
		req["Priority"] = *u.Priority
	}
	if u.Assignee != nil && *u.Assignee != cur.Assignee {
		if err := a.user(ctx, *u.Assignee); err != nil {
			return driver.Ticket{}, err
		}
		owner := *u.Assignee
		if owner == "" {
			owner = nobody
		}
		req["Owner"] = owner
	}
	if len(u.Fields) > 0 {
		qi, err := a.queue(ctx, cur.Queue)
		if err != nil {
			return driver.Ticket{}, err
		}
		if err := checkFields(qi, cur.Queue, u.Fields); err != nil {
			return driver.Ticket{}, err
		}
		changed := map[string]string{}
		for k, v := range u.Fields {
			if cur.Fields[k] != v {
				changed[k] = v
			}
		}
		if cf := fieldValues(changed, false); len(cf) > 0 {
			req["CustomFields"] = cf
		}
	}
	if len(req) > 0 {
		var msgs []string
		if _, err := a.c.Do(ctx, http.MethodPut, "/ticket/"+id, nil, req, &msgs); err != nil {
			return driver.Ticket{}, err
		}
		got, err := a.get(ctx, id)
		if err != nil {
			return driver.Ticket{}, err
		}
		if miss := missed(u, got); miss != "" {
			return driver.Ticket{}, driver.Errorf(driver.ErrInvalid, "rt: ticket %s: %s did not change: %s", id, miss, restapi.Clip(strings.Join(msgs, "; ")))
		}
		cur = got
	}
	bodies, err := a.bodies(ctx, []string{id})
	if err != nil {
		return driver.Ticket{}, err
	}
	cur.Body = bodies[id]
	return cur, nil
}

// missed names the first requested change the ticket does not show.
func missed(u driver.TicketUpdate, got driver.Ticket) string {
	switch {
	case u.Status != nil && got.Status != *u.Status:
		return "status"
	case u.Priority != nil && got.Priority != *u.Priority:
		return "priority"
	case u.Assignee != nil && got.Assignee != *u.Assignee:
		return "owner"
	}
	for k, v := range u.Fields {
		if got.Fields[k] != v {
			return "custom field " + k
		}
	}
	return ""
}

// Comment implements driver.Tickets: a public reply is RT's correspond
// (which opens a new ticket), an internal note RT's comment. It is sent
// once: a POST is not repeated after a failure.
func (a *Adapter) Comment(ctx context.Context, id string, c driver.Comment) error {
	if strings.TrimSpace(c.Body) == "" {
		return driver.Errorf(driver.ErrInvalid, "rt: an empty comment")
	}
	return a.post(ctx, id, c.Public, map[string]any{"Content": c.Body, "ContentType": "text/plain"})
}

func (a *Adapter) post(ctx context.Context, id string, public bool, body map[string]any) error {
	if err := validID(id); err != nil {
		return err
	}
	kind := "/comment"
	if public {
		kind = "/correspond" // may open the ticket: hold its lock
		defer a.lock(id)()
	}
	_, err := a.c.Do(ctx, http.MethodPost, "/ticket/"+id+kind, nil, body, nil)
	if errors.Is(err, driver.ErrInvalid) {
		// RT answers 400 for a ticket that does not exist.
		if _, gerr := a.get(ctx, id); errors.Is(gerr, driver.ErrNotFound) {
			return gerr
		}
	}
	return err
}

// Attach implements driver.Attacher: the file goes with an internal note.
func (a *Adapter) Attach(ctx context.Context, id string, at driver.Attachment) error {
	if at.Name == "" {
		return driver.Errorf(driver.ErrInvalid, "rt: an attachment needs a name")
	}
	ct := at.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	return a.post(ctx, id, false, map[string]any{
		"Content": "Adjunto: " + at.Name, "ContentType": "text/plain",
		"Attachments": []map[string]string{{"FileName": at.Name, "FileType": ct, "FileContent": base64.StdEncoding.EncodeToString(at.Data)}},
	})
}

// rtTime formats a time for TicketSQL (UTC, whole seconds).
func rtTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05") }

// Changes implements driver.Tickets with keyset pagination over
// (LastUpdated, id), 100 tickets a page, so tickets updated while it runs
// are neither skipped nor repeated within the listing. Each page costs
// three requests: the search and the two that fetch first messages.
func (a *Adapter) Changes(ctx context.Context, since time.Time, fn func(driver.Ticket) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	since = since.UTC()
	var qs []string
	for _, q := range a.queues {
		if _, err := a.queue(ctx, q); err != nil {
			return err
		}
		qs = append(qs, "Queue = '"+q+"'")
	}
	scope := "(" + strings.Join(qs, " OR ") + ")"
	cond := "LastUpdated >= '" + rtTime(since.Truncate(time.Second)) + "'"
	if since.IsZero() {
		cond = "id > 0"
	}
	const per = 100
	for {
		v := url.Values{
			"query":         {scope + " AND " + cond},
			"fields":        {"Subject,Status,Priority,Owner,Requestor,Queue,Created,LastUpdated,CustomFields"},
			"fields[Queue]": {"Name"},
			"orderby":       {"LastUpdated", "id"},
			"order":         {"ASC", "ASC"},
			"per_page":      {strconv.Itoa(per)},
			"page":          {"1"},
		}
		var raw json.RawMessage
		if _, err := a.c.Do(ctx, http.MethodGet, "/tickets", v, nil, &raw); err != nil {
			return err
		}
		ts, _, err := decodePage(raw, a.names())
		if err != nil {
			return driver.Errorf(driver.ErrUnavailable, "rt: ticket search: unexpected answer: %v", err)
		}
		ids := make([]string, len(ts))
		for i, t := range ts {
			ids[i] = t.ID
		}
		bodies, err := a.bodies(ctx, ids)
		if err != nil {
			return err
		}
		for _, t := range ts {
			if t.Updated.Before(since) {
				continue // same second, earlier than since
			}
			t.Body = bodies[t.ID]
			if err := fn(t); err != nil {
				return err
			}
		}
		if len(ts) < per {
			return nil
		}
		last := ts[len(ts)-1]
		lt := rtTime(last.Updated)
		next := rtTime(last.Updated.Add(time.Second))
		cond = fmt.Sprintf("(LastUpdated >= '%s' OR (LastUpdated >= '%s' AND LastUpdated < '%s' AND id > %s))", next, lt, next, last.ID)
	}
}

// Statuses implements driver.Tickets.
func (a *Adapter) Statuses(context.Context) ([]string, error) { return slices.Clone(a.statuses), nil }

// Fields implements driver.FieldLister: the custom fields of the default
// queue.
func (a *Adapter) Fields(ctx context.Context) ([]driver.FieldDef, error) {
	qi, err := a.queue(ctx, a.queues[0])
	if err != nil {
		return nil, err
	}
	names := slices.Sorted(maps.Keys(qi.fields))
	out := make([]driver.FieldDef, 0, len(names))
	for _, n := range names {
		id := qi.fields[n]
		var cf struct {
			Type string `json:"Type"`
		}
		if _, err := a.c.Do(ctx, http.MethodGet, "/customfield/"+url.PathEscape(id), nil, nil, &cf); err != nil {
			return nil, err
		}
		d := driver.FieldDef{Name: n, Type: "string"}
		switch cf.Type {
		case "Date", "DateTime":
			d.Type = "date"
		case "Select", "Combobox", "Autocomplete":
			var vals []struct {
				Name string `json:"name"`
			}
			if err := search(ctx, a.c, "/customfield/"+url.PathEscape(id)+"/values", []map[string]any{}, "name", &vals); err == nil && len(vals) > 0 {
				d.Type = "enum"
				for _, v := range vals {
					d.Values = append(d.Values, v.Name)
				}
			}
		}
		out = append(out, d)
	}
	return out, nil
}

// Close implements driver.Tickets.
func (a *Adapter) Close() error {
	a.c.HTTP.CloseIdleConnections()
	return nil
}

// Interface checks.
var (
	_ driver.Tickets     = (*Adapter)(nil)
	_ driver.FieldLister = (*Adapter)(nil)
	_ driver.Attacher    = (*Adapter)(nil)
)
