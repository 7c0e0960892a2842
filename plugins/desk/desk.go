package desk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
)

func init() {
	driver.RegisterTickets("desk", func(ctx context.Context, rawURL string, env driver.TicketsEnv) (driver.Tickets, error) {
		o, err := ParseURL(rawURL)
		if err != nil {
			return nil, err
		}
		if env.Store == nil {
			return nil, driver.Errorf(driver.ErrInvalid, "desk:// keeps its tickets in the deployment's store, and none was given")
		}
		return New(env.Store, o)
	})
}

// Record kinds the desk writes in its store.
const (
	KindTicket  = "desk.ticket"  // one record per ticket; Time is its Updated time
	KindComment = "desk.comment" // one per reply or note; id "TICKET/N"
	KindSurvey  = "desk.survey"  // one per survey response; Time is Submitted
	KindSeq     = "desk.seq"     // the ticket number counter
)

// The desk's statuses: the canonical ones, so a deployment that uses the
// desk needs no status map.
var statuses = []string{"new", "open", "pending", "resolved", "closed", "rejected"}

// Options configure a Desk. The zero value is a desk with one queue,
// "general", that takes any custom field and any assignee.
type Options struct {
	// Queues the desk has; the first is the default for a ticket created
	// without one. Empty: just "general".
	Queues []string
	// Fields, when set, are the only custom fields the desk takes (others
	// are ErrInvalid); empty takes any field name.
	Fields []string
	// Agents, when set, are the only assignees the desk takes; empty takes
	// any name.
	Agents []string
	// Actor is the audit actor of the desk's writes; default "desk".
	Actor string
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// ParseURL reads a desk URL: desk:// with optional query parameters
// queues, fields and agents (comma-separated lists) and actor, e.g.
// desk://?queues=pqrsd,reclamos&fields=canal,radicado.
func ParseURL(raw string) (Options, error) {
	var o Options
	rest, ok := strings.CutPrefix(raw, "desk://")
	if !ok {
		return o, driver.Errorf(driver.ErrInvalid, "tickets URL does not start with desk://")
	}
	path, query, _ := strings.Cut(rest, "?")
	if path != "" && path != "/" {
		return o, driver.Errorf(driver.ErrInvalid, "desk:// takes no host or path (got %q)", path)
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return o, driver.Errorf(driver.ErrInvalid, "desk URL query: %v", err)
	}
	list := func(k string) []string {
		var out []string
		for _, v := range q[k] {
			for s := range strings.SplitSeq(v, ",") {
				if s = strings.TrimSpace(s); s != "" {
					out = append(out, s)
				}
			}
		}
		return out
	}
	for k := range q {
		switch k {
		case "queues", "fields", "agents", "actor":
		default:
			return o, driver.Errorf(driver.ErrInvalid, "desk URL: unknown parameter %q (queues, fields, agents, actor)", k)
		}
	}
	o.Queues, o.Fields, o.Agents, o.Actor = list("queues"), list("fields"), list("agents"), q.Get("actor")
	return o, nil
}

// Desk is the built-in ticket desk. It implements driver.Tickets,
// driver.Surveys, driver.SurveyRecorder and driver.FieldLister, and is safe
// for concurrent use (writes use the store's optimistic concurrency and
// retry on a conflict).
type Desk struct {
	s    driver.Store
	o    Options
	now  func() time.Time
	actr string
}

// New returns a desk that keeps its tickets in s. The desk does not own s:
// Close leaves it open.
func New(s driver.Store, o Options) (*Desk, error) {
	if s == nil {
		return nil, driver.Errorf(driver.ErrInvalid, "desk: no store")
	}
	if len(o.Queues) == 0 {
		o.Queues = []string{"general"}
	}
	d := &Desk{s: s, o: o, now: o.Now, actr: o.Actor}
	if d.now == nil {
		d.now = time.Now
	}
	if d.actr == "" {
		d.actr = "desk"
	}
	return d, nil
}

// doc is a ticket as the desk stores it.
type doc struct {
	ID        string            `json:"id"`
	Queue     string            `json:"queue"`
	Subject   string            `json:"subject"`
	Body      string            `json:"body,omitempty"`
	Status    string            `json:"status"`
	Priority  int               `json:"priority"`
	Assignee  string            `json:"assignee,omitempty"`
	Requester string            `json:"requester,omitempty"`
	Fields    map[string]string `json:"fields,omitempty"`
	Created   time.Time         `json:"created"`
	Updated   time.Time         `json:"updated"`
	Comments  int               `json:"comments,omitempty"`
}

func (x *doc) ticket() driver.Ticket {
	t := driver.Ticket{ID: x.ID, Queue: x.Queue, Subject: x.Subject, Body: x.Body, Status: x.Status, Priority: x.Priority,
		Assignee: x.Assignee, Requester: x.Requester, Created: x.Created, Updated: x.Updated}
	if len(x.Fields) > 0 {
		t.Fields = make(map[string]string, len(x.Fields))
		for k, v := range x.Fields {
			t.Fields[k] = v
		}
	}
	return t
}

func (x *doc) record() (driver.Record, error) {
	b, err := json.Marshal(x)
	if err != nil {
		return driver.Record{}, driver.Errorf(driver.ErrInvalid, "encode ticket %s: %v", x.ID, err)
	}
	return driver.Record{Kind: KindTicket, ID: x.ID, Time: x.Updated, Attrs: map[string]string{"queue": x.Queue, "status": x.Status}, Body: b}, nil
}

func (d *Desk) stamp() time.Time { return driver.NormalizeTime(d.now()) }

func (d *Desk) audit(action, reason string) driver.AuditEntry {
	return driver.AuditEntry{Actor: d.actr, Action: action, Reason: reason, Time: d.stamp()}
}

func (d *Desk) checkStatus(s string) error {
	if !slices.Contains(statuses, s) {
		return driver.Errorf(driver.ErrInvalid, "desk: unknown status %q (%s)", s, strings.Join(statuses, ", "))
	}
	return nil
}

func (d *Desk) checkFields(f map[string]string) error {
	if len(d.o.Fields) == 0 {
		for k := range f {
			if strings.TrimSpace(k) == "" {
				return driver.Errorf(driver.ErrInvalid, "desk: a custom field needs a name")
			}
		}
		return nil
	}
	for k := range f {
		if !slices.Contains(d.o.Fields, k) {
			return driver.Errorf(driver.ErrInvalid, "desk: unknown custom field %q (%s)", k, strings.Join(d.o.Fields, ", "))
		}
	}
	return nil
}

func (d *Desk) checkAssignee(a string) error {
	if a == "" || len(d.o.Agents) == 0 || slices.Contains(d.o.Agents, a) {
		return nil
	}
	return driver.Errorf(driver.ErrInvalid, "desk: unknown agent %q", a)
}

func checkPriority(p int) error {
	if p < 0 || p > 100 {
		return driver.Errorf(driver.ErrInvalid, "desk: priority %d is outside 0-100", p)
	}
	return nil
}

// newDoc validates n and returns the ticket to store (without id).
func (d *Desk) newDoc(n driver.NewTicket, at time.Time) (*doc, error) {
	if strings.TrimSpace(n.Subject) == "" {
		return nil, driver.Errorf(driver.ErrInvalid, "desk: a ticket needs a subject")
	}
	x := &doc{Queue: n.Queue, Subject: n.Subject, Body: n.Body, Status: n.Status, Priority: n.Priority,
		Assignee: n.Assignee, Requester: n.Requester, Created: at, Updated: at}
	if x.Queue == "" {
		x.Queue = d.o.Queues[0]
	}
	if !slices.Contains(d.o.Queues, x.Queue) {
		return nil, driver.Errorf(driver.ErrInvalid, "desk: unknown queue %q (%s)", x.Queue, strings.Join(d.o.Queues, ", "))
	}
	if x.Status == "" {
		x.Status = statuses[0]
	}
	if err := d.checkStatus(x.Status); err != nil {
		return nil, err
	}
	if err := checkPriority(x.Priority); err != nil {
		return nil, err
	}
	if err := d.checkAssignee(x.Assignee); err != nil {
		return nil, err
	}
	if err := d.checkFields(n.Fields); err != nil {
		return nil, err
	}
	for k, v := range n.Fields {
		if v == "" {
			continue
		}
		if x.Fields == nil {
			x.Fields = map[string]string{}
		}
		x.Fields[k] = v
	}
	return x, nil
}

// retry runs fn until it does not fail with a conflict (another writer
// changed a record fn read), up to a bound.
func retry(ctx context.Context, fn func() error) error {
	var err error
	for i := range 200 {
		if err = fn(); !errors.Is(err, driver.ErrConflict) {
			return err
		}
		if e := ctx.Err(); e != nil {
			return e
		}
		time.Sleep(time.Duration(i%8+1) * 200 * time.Microsecond)
	}
	return fmt.Errorf("desk: gave up after repeated write conflicts: %w", err)
}

// reserve returns the version of the counter record and the first of n
// new ticket numbers, plus the write that takes them.
func (d *Desk) reserve(ctx context.Context, n int) (driver.Write, int64, error) {
	rs, err := d.s.Get(ctx, KindSeq, []string{"tickets"})
	if err != nil {
		return driver.Write{}, 0, err
	}
	var next int64 = 1
	var version int64
	if len(rs) == 1 {
		var c struct {
			Next int64 `json:"next"`
		}
		if err := json.Unmarshal(rs[0].Body, &c); err != nil || c.Next < 1 {
			return driver.Write{}, 0, driver.Errorf(driver.ErrInvalid, "desk: ticket counter record is damaged")
		}
		next, version = c.Next, rs[0].Version
	}
	body := []byte(`{"next":` + strconv.FormatInt(next+int64(n), 10) + `}`)
	return driver.Write{Op: driver.OpPut, Expect: version, Record: driver.Record{Kind: KindSeq, ID: "tickets", Body: body}}, next, nil
}

// Create implements driver.Tickets.
func (d *Desk) Create(ctx context.Context, n driver.NewTicket) (driver.Ticket, error) {
	x, err := d.newDoc(n, d.stamp())
	if err != nil {
		return driver.Ticket{}, err
	}
	err = retry(ctx, func() error {
		seq, first, err := d.reserve(ctx, 1)
		if err != nil {
			return err
		}
		x.ID = strconv.FormatInt(first, 10)
		r, err := x.record()
		if err != nil {
			return err
		}
		_, err = d.s.Apply(ctx, driver.Batch{Writes: []driver.Write{seq, {Op: driver.OpPut, Record: r}}, Audit: d.audit("desk.ticket.create", "ticket created")})
		return err
	})
	if err != nil {
		return driver.Ticket{}, fmt.Errorf("desk: create ticket: %w", err)
	}
	return x.ticket(), nil
}

// Import stores many tickets at once, in batches of up to 1,000 with one
// audit entry each: the fast path for loading demo data or migrating a
// desk. Each ticket gets a new number (its ID is ignored); a zero Created
// or Updated is set to now, so historical tickets keep their times. It
// returns the tickets as stored. A batch that fails leaves the batches
// before it stored.
func (d *Desk) Import(ctx context.Context, ts []driver.Ticket) ([]driver.Ticket, error) {
	out := make([]driver.Ticket, 0, len(ts))
	for start := 0; start < len(ts); start += 1000 {
		chunk := ts[start:min(start+1000, len(ts))]
		now := d.stamp()
		docs := make([]*doc, len(chunk))
		for i, t := range chunk {
			x, err := d.newDoc(driver.NewTicket{Queue: t.Queue, Subject: t.Subject, Body: t.Body, Status: t.Status, Priority: t.Priority,
				Assignee: t.Assignee, Requester: t.Requester, Fields: t.Fields}, now)
			if err != nil {
				return out, fmt.Errorf("desk: import ticket %d: %w", start+i, err)
			}
			if !t.Created.IsZero() {
				x.Created = driver.NormalizeTime(t.Created)
			}
			if !t.Updated.IsZero() {
				x.Updated = driver.NormalizeTime(t.Updated)
			}
			if x.Updated.Before(x.Created) {
				return out, driver.Errorf(driver.ErrInvalid, "desk: import ticket %d: updated %s is before created %s", start+i, x.Updated, x.Created)
			}
			docs[i] = x
		}
		err := retry(ctx, func() error {
			seq, first, err := d.reserve(ctx, len(docs))
			if err != nil {
				return err
			}
			ws := make([]driver.Write, 0, len(docs)+1)
			ws = append(ws, seq)
			for i, x := range docs {
				x.ID = strconv.FormatInt(first+int64(i), 10)
				r, err := x.record()
				if err != nil {
					return err
				}
				ws = append(ws, driver.Write{Op: driver.OpPut, Record: r})
			}
			_, err = d.s.Apply(ctx, driver.Batch{Writes: ws, Audit: d.audit("desk.ticket.import", fmt.Sprintf("%d tickets imported", len(docs)))})
			return err
		})
		if err != nil {
			return out, fmt.Errorf("desk: import: %w", err)
		}
		for _, x := range docs {
			out = append(out, x.ticket())
		}
	}
	return out, nil
}

// load reads one ticket and its record version.
func (d *Desk) load(ctx context.Context, id string) (*doc, int64, error) {
	if id == "" {
		return nil, 0, driver.Errorf(driver.ErrNotFound, "desk: ticket with an empty id")
	}
	rs, err := d.s.Get(ctx, KindTicket, []string{id})
	if err != nil {
		return nil, 0, err
	}
	if len(rs) == 0 {
		return nil, 0, driver.Errorf(driver.ErrNotFound, "desk: no ticket %q", id)
	}
	x, err := decodeTicket(rs[0])
	if err != nil {
		return nil, 0, err
	}
	return x, rs[0].Version, nil
}

// decodeTicket reads a stored ticket record and checks it is one the desk
// could have written: its own id, a known status, a priority in 0-100, a
// subject, and times in order. The store is outside input too: a record
// changed behind the desk's back is an ErrInvalid naming it.
func decodeTicket(r driver.Record) (*doc, error) {
	var x doc
	if err := json.Unmarshal(r.Body, &x); err != nil {
		return nil, driver.Errorf(driver.ErrInvalid, "desk: stored ticket %q does not decode: %v", r.ID, err)
	}
	// An empty subject is not damage: the subject is personal data, and
	// an erasure or a retention sweep (relaciona.Subjects) clears it.
	var bad string
	switch {
	case x.ID != r.ID:
		bad = fmt.Sprintf("it says it is ticket %q", x.ID)
	case !slices.Contains(statuses, x.Status):
		bad = fmt.Sprintf("unknown status %q", x.Status)
	case x.Priority < 0 || x.Priority > 100:
		bad = fmt.Sprintf("priority %d is outside 0-100", x.Priority)
	case x.Comments < 0:
		bad = "a negative comment count"
	case x.Created.IsZero() || x.Updated.Before(x.Created):
		bad = "its times are missing or out of order"
	}
	if bad != "" {
		return nil, driver.Errorf(driver.ErrInvalid, "desk: stored ticket %q is damaged: %s", r.ID, bad)
	}
	return &x, nil
}

// decodeComment reads a stored reply or note: it belongs to the ticket its
// id names and has a text.
func decodeComment(r driver.Record) (commentDoc, error) {
	var c commentDoc
	if err := json.Unmarshal(r.Body, &c); err != nil {
		return c, driver.Errorf(driver.ErrInvalid, "desk: stored comment %q does not decode: %v", r.ID, err)
	}
	if c.Ticket == "" || !strings.HasPrefix(r.ID, c.Ticket+"/") || strings.TrimSpace(c.Body) == "" {
		return c, driver.Errorf(driver.ErrInvalid, "desk: stored comment %q is damaged: not a text of ticket %q", r.ID, c.Ticket)
	}
	return c, nil
}

// decodeSurvey reads a stored survey response: its own id, a known metric,
// a score on its scale and a submission time.
func decodeSurvey(r driver.Record) (driver.SurveyResponse, error) {
	var x driver.SurveyResponse
	if err := json.Unmarshal(r.Body, &x); err != nil {
		return x, driver.Errorf(driver.ErrInvalid, "desk: stored survey response %q does not decode: %v", r.ID, err)
	}
	lo, hi, ok := driver.SurveyScale(x.Metric)
	if x.ID != r.ID || !ok || x.Score < lo || x.Score > hi || x.Submitted.IsZero() {
		return x, driver.Errorf(driver.ErrInvalid, "desk: stored survey response %q is damaged", r.ID)
	}
	return x, nil
}

// Get implements driver.Tickets.
func (d *Desk) Get(ctx context.Context, id string) (driver.Ticket, error) {
	x, _, err := d.load(ctx, id)
	if err != nil {
		return driver.Ticket{}, fmt.Errorf("desk: get ticket: %w", err)
	}
	return x.ticket(), nil
}

// later returns now, or just after prev when the clock has not moved past
// it, so a ticket's Updated never goes back.
func (d *Desk) later(prev time.Time) time.Time {
	at := d.stamp()
	if !at.After(prev) {
		at = prev.Add(time.Microsecond)
	}
	return at
}

// Update implements driver.Tickets. An update that changes nothing writes
// nothing.
func (d *Desk) Update(ctx context.Context, id string, u driver.TicketUpdate) (driver.Ticket, error) {
	if u.Status != nil {
		if err := d.checkStatus(*u.Status); err != nil {
			return driver.Ticket{}, err
		}
	}
	if u.Priority != nil {
		if err := checkPriority(*u.Priority); err != nil {
			return driver.Ticket{}, err
		}
	}
	if u.Assignee != nil {
		if err := d.checkAssignee(*u.Assignee); err != nil {
			return driver.Ticket{}, err
		}
	}
	if err := d.checkFields(u.Fields); err != nil {
		return driver.Ticket{}, err
	}
	var out driver.Ticket
	err := retry(ctx, func() error {
		x, version, err := d.load(ctx, id)
		if err != nil {
			return err
		}
		changed := false
		set := func(dst *string, v *string) {
			if v != nil && *dst != *v {
				*dst, changed = *v, true
			}
		}
		set(&x.Status, u.Status)
		set(&x.Assignee, u.Assignee)
		if u.Priority != nil && x.Priority != *u.Priority {
			x.Priority, changed = *u.Priority, true
		}
		for k, v := range u.Fields {
			old, had := x.Fields[k]
			switch {
			case v == "" && had:
				delete(x.Fields, k)
				changed = true
			case v != "" && old != v:
				if x.Fields == nil {
					x.Fields = map[string]string{}
				}
				x.Fields[k] = v
				changed = true
			}
		}
		if !changed {
			out = x.ticket()
			return nil
		}
		x.Updated = d.later(x.Updated)
		r, err := x.record()
		if err != nil {
			return err
		}
		if _, err := d.s.Apply(ctx, driver.Batch{Writes: []driver.Write{{Op: driver.OpPut, Record: r, Expect: version}}, Audit: d.audit("desk.ticket.update", "ticket updated")}); err != nil {
			return err
		}
		out = x.ticket()
		return nil
	})
	if err != nil {
		return driver.Ticket{}, fmt.Errorf("desk: update ticket: %w", err)
	}
	return out, nil
}

// commentDoc is a reply or a note as the desk stores it.
type commentDoc struct {
	Ticket string    `json:"ticket"`
	Public bool      `json:"public"`
	Body   string    `json:"body"`
	At     time.Time `json:"at"`
}

// Comment implements driver.Tickets. A public reply to a new ticket opens
// it, as in most help desks.
func (d *Desk) Comment(ctx context.Context, id string, c driver.Comment) error {
	if strings.TrimSpace(c.Body) == "" {
		return driver.Errorf(driver.ErrInvalid, "desk: an empty comment")
	}
	err := retry(ctx, func() error {
		x, version, err := d.load(ctx, id)
		if err != nil {
			return err
		}
		x.Comments++
		x.Updated = d.later(x.Updated)
		if c.Public && x.Status == "new" {
			x.Status = "open"
		}
		r, err := x.record()
		if err != nil {
			return err
		}
		cb, err := json.Marshal(commentDoc{Ticket: x.ID, Public: c.Public, Body: c.Body, At: x.Updated})
		if err != nil {
			return err
		}
		cr := driver.Record{Kind: KindComment, ID: x.ID + "/" + strconv.Itoa(x.Comments), Time: x.Updated, Attrs: map[string]string{"ticket": x.ID}, Body: cb}
		action := "desk.ticket.note"
		if c.Public {
			action = "desk.ticket.reply"
		}
		_, err = d.s.Apply(ctx, driver.Batch{Writes: []driver.Write{{Op: driver.OpPut, Record: r, Expect: version}, {Op: driver.OpPut, Record: cr}}, Audit: d.audit(action, "comment added")})
		return err
	})
	if err != nil {
		return fmt.Errorf("desk: comment on ticket: %w", err)
	}
	return nil
}

// Comments calls fn with each reply and note of a ticket, oldest first.
// It is a desk extra (the driver interface has no comment listing).
func (d *Desk) Comments(ctx context.Context, id string, fn func(driver.Comment, time.Time) error) error {
	return d.s.Scan(ctx, driver.Query{Kind: KindComment, Attrs: map[string]string{"ticket": id}}, func(r driver.Record) error {
		c, err := decodeComment(r)
		if err != nil {
			return err
		}
		return fn(driver.Comment{Public: c.Public, Body: c.Body}, c.At)
	})
}

// Changes implements driver.Tickets: a scan of the ticket records by their
// Updated time, which the store indexes.
func (d *Desk) Changes(ctx context.Context, since time.Time, fn func(driver.Ticket) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return d.s.Scan(ctx, driver.Query{Kind: KindTicket, From: driver.NormalizeTime(since)}, func(r driver.Record) error {
		x, err := decodeTicket(r)
		if err != nil {
			return err
		}
		return fn(x.ticket())
	})
}

// Statuses implements driver.Tickets: the canonical statuses.
func (d *Desk) Statuses(context.Context) ([]string, error) { return slices.Clone(statuses), nil }

// Fields implements driver.FieldLister: the fields the desk was configured
// with (a desk configured with none takes any name and lists none).
func (d *Desk) Fields(context.Context) ([]driver.FieldDef, error) {
	out := make([]driver.FieldDef, len(d.o.Fields))
	for i, f := range d.o.Fields {
		out[i] = driver.FieldDef{Name: f, Type: "string"}
	}
	return out, nil
}

// Close implements driver.Tickets; the store stays open (the host owns it).
func (d *Desk) Close() error { return nil }

// RecordSurveys implements driver.SurveyRecorder. Recording a response
// again with the same content changes nothing; with new content it
// replaces the stored one. All responses are stored in one batch, or none.
func (d *Desk) RecordSurveys(ctx context.Context, rs []driver.SurveyResponse) error {
	if len(rs) == 0 {
		return nil
	}
	ids := make([]string, len(rs))
	seen := map[string]bool{}
	for i, r := range rs {
		lo, hi, ok := driver.SurveyScale(r.Metric)
		switch {
		case r.ID == "":
			return driver.Errorf(driver.ErrInvalid, "desk: survey response %d has no id", i)
		case seen[r.ID]:
			return driver.Errorf(driver.ErrInvalid, "desk: survey response %q given twice", r.ID)
		case !ok:
			return driver.Errorf(driver.ErrInvalid, "desk: survey response %q: unknown metric %q (csat, nps, ces)", r.ID, r.Metric)
		case r.Score < lo || r.Score > hi:
			return driver.Errorf(driver.ErrInvalid, "desk: survey response %q: %s score %d is outside %d-%d", r.ID, r.Metric, r.Score, lo, hi)
		case r.Submitted.IsZero():
			return driver.Errorf(driver.ErrInvalid, "desk: survey response %q has no submission time", r.ID)
		}
		seen[r.ID] = true
		ids[i] = r.ID
	}
	return retry(ctx, func() error {
		old, err := d.s.Get(ctx, KindSurvey, ids)
		if err != nil {
			return err
		}
		have := make(map[string]driver.Record, len(old))
		for _, r := range old {
			have[r.ID] = r
		}
		var ws []driver.Write
		for _, r := range rs {
			r.Submitted = driver.NormalizeTime(r.Submitted)
			b, err := json.Marshal(r)
			if err != nil {
				return driver.Errorf(driver.ErrInvalid, "desk: encode survey response %q: %v", r.ID, err)
			}
			prev, ok := have[r.ID]
			if ok && string(prev.Body) == string(b) {
				continue
			}
			attrs := map[string]string{"metric": r.Metric}
			if r.Service != "" {
				attrs["service"] = r.Service
			}
			ws = append(ws, driver.Write{Op: driver.OpPut, Expect: prev.Version, Record: driver.Record{Kind: KindSurvey, ID: r.ID, Time: r.Submitted, Attrs: attrs, Body: b}})
		}
		if len(ws) == 0 {
			return nil
		}
		_, err = d.s.Apply(ctx, driver.Batch{Writes: ws, Audit: d.audit("desk.survey.record", fmt.Sprintf("%d survey responses recorded", len(ws)))})
		return err
	})
}

// SurveyResponses implements driver.Surveys.
func (d *Desk) SurveyResponses(ctx context.Context, since time.Time, fn func(driver.SurveyResponse) error) error {
	return d.s.Scan(ctx, driver.Query{Kind: KindSurvey, From: driver.NormalizeTime(since)}, func(r driver.Record) error {
		x, err := decodeSurvey(r)
		if err != nil {
			return err
		}
		return fn(x)
	})
}

// Interface checks.
var (
	_ driver.Tickets        = (*Desk)(nil)
	_ driver.Surveys        = (*Desk)(nil)
	_ driver.SurveyRecorder = (*Desk)(nil)
	_ driver.FieldLister    = (*Desk)(nil)
)
