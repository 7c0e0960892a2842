package redmine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/restapi"
)

func init() {
	driver.RegisterTickets("redmine", func(ctx context.Context, rawURL string, env driver.TicketsEnv) (driver.Tickets, error) {
		o, err := ParseURL(rawURL)
		if err != nil {
			return nil, err
		}
		o.Key = env.Secret
		return New(ctx, o)
	})
}

// Options configure an adapter.
type Options struct {
	// BaseURL is Redmine's root, e.g. http://127.0.0.1:3300.
	BaseURL string
	// Project is the identifier of the project the adapter works in: new
	// issues go there by default and Changes lists its issues (not its
	// subprojects'). Required.
	Project string
	// RequesterField names an issue custom field that holds the requester
	// (Redmine has no requester of its own). Empty: Ticket.Requester is
	// the issue's author, and a ticket created with a requester is refused.
	RequesterField string
	// Tracker is the tracker (by name) of new issues; empty: Redmine's
	// default for the project.
	Tracker string
	// Key returns the API key. It is read for each request and never
	// logged or put in an error.
	Key func() (string, error)
	// Timeout per HTTP request; default 30 s.
	Timeout time.Duration
	// Retries of a failed read, with exponential backoff from 250 ms;
	// default 3.
	Retries int
	// HTTPClient, when set, replaces the default client.
	HTTPClient *http.Client
}

// ParseURL reads redmine://HOST:PORT/[PATH]?project=ID&tls=1&
// requester_field=NAME&tracker=NAME&timeout=30s&retries=3. The scheme is
// http unless tls=1.
func ParseURL(raw string) (Options, error) {
	u, err := restapi.ParseURL(raw, restapi.URLSpec{
		System: "redmine", Example: "redmine://host:3300/?project=pqrsd", Secret: "API key",
		Params: []string{"project", "tls", "requester_field", "tracker", "timeout", "retries"},
	})
	if err != nil {
		return Options{}, err
	}
	o := Options{BaseURL: u.BaseURL, Timeout: u.Timeout, Retries: u.Retries,
		Project: u.Query.Get("project"), RequesterField: u.Query.Get("requester_field"), Tracker: u.Query.Get("tracker")}
	if o.Project == "" {
		return o, driver.Errorf(driver.ErrInvalid, "redmine: the URL names no project (?project=IDENTIFIER)")
	}
	return o, nil
}

// Adapter is a Redmine ticket adapter. It implements driver.Tickets,
// driver.FieldLister and driver.Attacher, and is safe for concurrent use.
type Adapter struct {
	c         *client
	o         Options
	projectID string
	trackerID string

	statuses   []string          // names, in Redmine's order
	statusIDs  map[string]string // name -> id
	prioIDs    []string          // priority ids, lowest first
	fieldIDs   map[string]string // custom field name -> id (nil: unknown)
	fieldDefs  []driver.FieldDef
	usersKnown bool // the user list could be read (admin key)

	mu       sync.Mutex
	m        maps
	logins   map[string]string // login -> id
	projects map[string]string // identifier -> id
}

// New opens an adapter: it checks the key and reads the project, statuses,
// priorities, custom fields and (with an admin key) users.
func New(ctx context.Context, o Options) (*Adapter, error) {
	if o.BaseURL == "" || o.Project == "" {
		return nil, driver.Errorf(driver.ErrInvalid, "redmine: a base URL and a project are required")
	}
	if o.Key == nil {
		return nil, driver.Errorf(driver.ErrAuth, "redmine: no API key: name the variable or file that holds it in the deployment")
	}
	a := &Adapter{
		c: newClient(o),
		o: o, statusIDs: map[string]string{},
		m:      maps{projects: map[string]string{}, priorities: map[string]int{}, users: map[string]string{}, requester: o.RequesterField},
		logins: map[string]string{}, projects: map[string]string{},
	}
	if err := a.load(ctx); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *Adapter) load(ctx context.Context) error {
	// A key Redmine does not know makes it answer as the anonymous user,
	// who may read public projects: ask who we are first.
	var me struct {
		User struct {
			ID flexString `json:"id"`
		} `json:"user"`
	}
	if _, err := a.c.Do(ctx, http.MethodGet, "/users/current.json", nil, nil, &me); err != nil {
		if errors.Is(err, driver.ErrNotFound) {
			return driver.Errorf(driver.ErrAuth, "redmine: the API key was refused (or the REST API is disabled)")
		}
		return err
	}
	if me.User.ID == "" {
		return driver.Errorf(driver.ErrAuth, "redmine: the API key was refused")
	}
	pid, err := a.project(ctx, a.o.Project)
	if err != nil {
		return err
	}
	a.projectID = pid
	var st struct {
		IssueStatuses []named `json:"issue_statuses"`
	}
	if _, err := a.c.Do(ctx, http.MethodGet, "/issue_statuses.json", nil, nil, &st); err != nil {
		return err
	}
	for _, s := range st.IssueStatuses {
		a.statuses = append(a.statuses, s.Name)
		a.statusIDs[s.Name] = string(s.ID)
	}
	var pr struct {
		IssuePriorities []struct {
			named
			Active *bool `json:"active"`
		} `json:"issue_priorities"`
	}
	if _, err := a.c.Do(ctx, http.MethodGet, "/enumerations/issue_priorities.json", nil, nil, &pr); err != nil {
		return err
	}
	for _, p := range pr.IssuePriorities {
		if p.Active == nil || *p.Active {
			a.prioIDs = append(a.prioIDs, string(p.ID))
		}
	}
	if len(a.prioIDs) == 0 || len(a.statuses) == 0 {
		return driver.Errorf(driver.ErrUnavailable, "redmine: the server lists no statuses or priorities")
	}
	for i, id := range a.prioIDs {
		a.m.priorities[id] = scale(i, len(a.prioIDs))
	}
	if a.o.Tracker != "" {
		var tr struct {
			Trackers []named `json:"trackers"`
		}
		if _, err := a.c.Do(ctx, http.MethodGet, "/trackers.json", nil, nil, &tr); err != nil {
			return err
		}
		for _, t := range tr.Trackers {
			if t.Name == a.o.Tracker {
				a.trackerID = string(t.ID)
			}
		}
		if a.trackerID == "" {
			return driver.Errorf(driver.ErrInvalid, "redmine: unknown tracker %q", a.o.Tracker)
		}
	}
	if err := a.loadFields(ctx); err != nil {
		return err
	}
	if a.o.RequesterField != "" && a.fieldIDs != nil && a.fieldIDs[a.o.RequesterField] == "" {
		return driver.Errorf(driver.ErrInvalid, "redmine: requester_field %q is not an issue custom field", a.o.RequesterField)
	}
	return a.loadUsers(ctx)
}

// scale maps the i-th of n priorities to 0-100.
func scale(i, n int) int {
	if n <= 1 {
		return 0
	}
	return (i*100 + (n-1)/2) / (n - 1)
}

// priorityID maps 0-100 to the nearest priority.
func (a *Adapter) priorityID(p int) string {
	n := len(a.prioIDs)
	i := (p*(n-1) + 50) / 100
	return a.prioIDs[min(max(i, 0), n-1)]
}

// loadFields reads the issue custom fields (an admin key is needed; with
// another key the adapter takes any field name and Redmine ignores the
// unknown ones).
func (a *Adapter) loadFields(ctx context.Context) error {
	var cf struct {
		CustomFields []struct {
			ID             flexString `json:"id"`
			Name           string     `json:"name"`
			CustomizedType string     `json:"customized_type"`
			FieldFormat    string     `json:"field_format"`
			PossibleValues []struct {
				Value string `json:"value"`
			} `json:"possible_values"`
		} `json:"custom_fields"`
	}
	if _, err := a.c.Do(ctx, http.MethodGet, "/custom_fields.json", nil, nil, &cf); err != nil {
		if errors.Is(err, driver.ErrAuth) {
			return nil // not an admin key
		}
		return err
	}
	a.fieldIDs = map[string]string{}
	for _, f := range cf.CustomFields {
		if f.CustomizedType != "issue" {
			continue
		}
		a.fieldIDs[f.Name] = string(f.ID)
		if f.Name == a.o.RequesterField {
			continue
		}
		d := driver.FieldDef{Name: f.Name, Type: "string"}
		switch f.FieldFormat {
		case "int", "float":
			d.Type = "int"
		case "date":
			d.Type = "date"
		case "list", "bool", "enumeration":
			d.Type = "enum"
			for _, v := range f.PossibleValues {
				d.Values = append(d.Values, v.Value)
			}
			if f.FieldFormat == "bool" {
				d.Values = []string{"1", "0"}
			}
		}
		a.fieldDefs = append(a.fieldDefs, d)
	}
	return nil
}

// loadUsers reads every user's login (admin keys only); without it,
// assignees are user ids.
func (a *Adapter) loadUsers(ctx context.Context) error {
	users := map[string]string{}
	logins := map[string]string{}
	for offset := 0; ; offset += 100 {
		var ul struct {
			Users []struct {
				ID    flexString `json:"id"`
				Login string     `json:"login"`
			} `json:"users"`
			TotalCount int `json:"total_count"`
		}
		v := url.Values{"limit": {"100"}, "offset": {strconv.Itoa(offset)}, "status": {""}}
		if _, err := a.c.Do(ctx, http.MethodGet, "/users.json", v, nil, &ul); err != nil {
			if errors.Is(err, driver.ErrAuth) {
				return nil
			}
			return err
		}
		for _, u := range ul.Users {
			users[string(u.ID)] = u.Login
			logins[u.Login] = string(u.ID)
		}
		if offset+100 >= ul.TotalCount || len(ul.Users) == 0 {
			break
		}
	}
	a.mu.Lock()
	a.m.users, a.logins, a.usersKnown = users, logins, true
	a.mu.Unlock()
	return nil
}

// project returns a project's numeric id by identifier, cached.
func (a *Adapter) project(ctx context.Context, ident string) (string, error) {
	a.mu.Lock()
	id, ok := a.projects[ident]
	a.mu.Unlock()
	if ok {
		return id, nil
	}
	if ident == "" || strings.ContainsAny(ident, "/?#%.") {
		return "", driver.Errorf(driver.ErrInvalid, "redmine: unknown project %q", ident)
	}
	var p struct {
		Project struct {
			ID         flexString `json:"id"`
			Identifier string     `json:"identifier"`
		} `json:"project"`
	}
	if _, err := a.c.Do(ctx, http.MethodGet, "/projects/"+url.PathEscape(ident)+".json", nil, nil, &p); err != nil {
		if errors.Is(err, driver.ErrNotFound) {
			return "", driver.Errorf(driver.ErrInvalid, "redmine: unknown project %q", ident)
		}
		return "", err
	}
	id = string(p.Project.ID)
	a.mu.Lock()
	a.projects[ident] = id
	a.m.projects[id] = p.Project.Identifier
	a.mu.Unlock()
	return id, nil
}

func (a *Adapter) snapshot() *maps {
	a.mu.Lock()
	defer a.mu.Unlock()
	m := a.m
	m.projects = copyMap(a.m.projects)
	m.users = copyMap(a.m.users)
	return &m
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// userID maps an assignee (login, or id when logins are unknown) to an id.
func (a *Adapter) userID(name string) (string, error) {
	a.mu.Lock()
	id, ok := a.logins[name]
	known := a.usersKnown
	a.mu.Unlock()
	switch {
	case ok:
		return id, nil
	case !known:
		if _, err := strconv.ParseUint(name, 10, 63); err == nil {
			return name, nil
		}
	}
	return "", driver.Errorf(driver.ErrInvalid, "redmine: unknown user %q", name)
}

func (a *Adapter) statusID(s string) (string, error) {
	id, ok := a.statusIDs[s]
	if !ok {
		return "", driver.Errorf(driver.ErrInvalid, "redmine: unknown status %q (%s)", s, strings.Join(a.statuses, ", "))
	}
	return id, nil
}

// customFields turns field updates into Redmine's list, checking names.
func (a *Adapter) customFields(f map[string]string) ([]map[string]string, error) {
	var out []map[string]string
	names := make([]string, 0, len(f))
	for k := range f {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if k == a.o.RequesterField {
			return nil, driver.Errorf(driver.ErrInvalid, "redmine: %q holds the requester; set Requester instead", k)
		}
		id := a.fieldIDs[k]
		if a.fieldIDs == nil {
			return nil, driver.Errorf(driver.ErrInvalid, "redmine: custom fields need an admin API key to be named")
		}
		if id == "" {
			return nil, driver.Errorf(driver.ErrInvalid, "redmine: unknown custom field %q", k)
		}
		out = append(out, map[string]string{"id": id, "value": f[k]})
	}
	return out, nil
}

// validID keeps ids that are not issue numbers, as Redmine writes them
// (no sign, no leading zeros), away from URLs.
func validID(id string) error {
	if n, err := strconv.ParseUint(id, 10, 63); err != nil || n == 0 || strconv.FormatUint(n, 10) != id {
		return driver.Errorf(driver.ErrNotFound, "redmine: no issue %q", id)
	}
	return nil
}

// Create implements driver.Tickets.
func (a *Adapter) Create(ctx context.Context, n driver.NewTicket) (driver.Ticket, error) {
	if strings.TrimSpace(n.Subject) == "" {
		return driver.Ticket{}, driver.Errorf(driver.ErrInvalid, "redmine: a ticket needs a subject")
	}
	if n.Priority < 0 || n.Priority > 100 {
		return driver.Ticket{}, driver.Errorf(driver.ErrInvalid, "redmine: priority %d is outside 0-100", n.Priority)
	}
	pid := a.projectID
	if n.Queue != "" && n.Queue != a.o.Project {
		var err error
		if pid, err = a.project(ctx, n.Queue); err != nil {
			return driver.Ticket{}, err
		}
	}
	issue := map[string]any{"project_id": pid, "subject": n.Subject}
	if n.Priority != driver.PriorityDefault { // 0: Redmine's default priority
		issue["priority_id"] = a.priorityID(n.Priority)
	}
	if n.Body != "" {
		issue["description"] = n.Body
	}
	if a.trackerID != "" {
		issue["tracker_id"] = a.trackerID
	}
	if n.Status != "" {
		id, err := a.statusID(n.Status)
		if err != nil {
			return driver.Ticket{}, err
		}
		issue["status_id"] = id
	}
	if n.Assignee != "" {
		id, err := a.userID(n.Assignee)
		if err != nil {
			return driver.Ticket{}, err
		}
		issue["assigned_to_id"] = id
	}
	fields := map[string]string{}
	for k, v := range n.Fields {
		if v != "" {
			fields[k] = v
		}
	}
	cfs, err := a.customFields(fields)
	if err != nil {
		return driver.Ticket{}, err
	}
	if n.Requester != "" {
		if a.o.RequesterField == "" {
			return driver.Ticket{}, driver.Errorf(driver.ErrInvalid, "redmine: Redmine keeps no requester; name a custom field for it (requester_field)")
		}
		cfs = append(cfs, map[string]string{"id": a.fieldIDs[a.o.RequesterField], "value": n.Requester})
	}
	if len(cfs) > 0 {
		issue["custom_fields"] = cfs
	}
	var raw json.RawMessage
	if _, err := a.c.Do(ctx, http.MethodPost, "/issues.json", nil, map[string]any{"issue": issue}, &raw); err != nil {
		return driver.Ticket{}, err
	}
	t, err := decodeIssue(raw, a.snapshot())
	if err != nil {
		return driver.Ticket{}, driver.Errorf(driver.ErrUnavailable, "redmine: create: unexpected answer: %v", err)
	}
	if n.Status != "" && t.Status != n.Status {
		// Redmine starts every issue in its tracker's default status;
		// move it to the one asked for.
		u, err := a.Update(ctx, t.ID, driver.TicketUpdate{Status: &n.Status})
		if err != nil {
			return driver.Ticket{}, fmt.Errorf("redmine: issue %s was created in status %q: %w", t.ID, t.Status, err)
		}
		t = u
	}
	return t, nil
}

// Get implements driver.Tickets.
func (a *Adapter) Get(ctx context.Context, id string) (driver.Ticket, error) {
	if err := validID(id); err != nil {
		return driver.Ticket{}, err
	}
	var raw json.RawMessage
	if _, err := a.c.Do(ctx, http.MethodGet, "/issues/"+id+".json", nil, nil, &raw); err != nil {
		return driver.Ticket{}, err
	}
	t, err := decodeIssue(raw, a.snapshot())
	if err != nil {
		return driver.Ticket{}, driver.Errorf(driver.ErrUnavailable, "redmine: issue %s: unexpected answer: %v", id, err)
	}
	return t, nil
}

// Update implements driver.Tickets. Redmine ignores some refused changes
// (a status the workflow forbids) with a 204, so the adapter reads the
// issue back and reports a change that did not take as ErrInvalid.
func (a *Adapter) Update(ctx context.Context, id string, u driver.TicketUpdate) (driver.Ticket, error) {
	if err := validID(id); err != nil {
		return driver.Ticket{}, err
	}
	issue := map[string]any{}
	if u.Status != nil {
		sid, err := a.statusID(*u.Status)
		if err != nil {
			return driver.Ticket{}, err
		}
		issue["status_id"] = sid
	}
	if u.Priority != nil {
		if *u.Priority < 0 || *u.Priority > 100 {
			return driver.Ticket{}, driver.Errorf(driver.ErrInvalid, "redmine: priority %d is outside 0-100", *u.Priority)
		}
		issue["priority_id"] = a.priorityID(*u.Priority)
	}
	if u.Assignee != nil {
		uid := ""
		if *u.Assignee != "" {
			var err error
			if uid, err = a.userID(*u.Assignee); err != nil {
				return driver.Ticket{}, err
			}
		}
		issue["assigned_to_id"] = uid
	}
	if len(u.Fields) > 0 {
		cfs, err := a.customFields(u.Fields)
		if err != nil {
			return driver.Ticket{}, err
		}
		issue["custom_fields"] = cfs
	}
	if len(issue) == 0 {
		return a.Get(ctx, id)
	}
	if _, err := a.c.Do(ctx, http.MethodPut, "/issues/"+id+".json", nil, map[string]any{"issue": issue}, nil); err != nil {
		return driver.Ticket{}, err
	}
	got, err := a.Get(ctx, id)
	if err != nil {
		return driver.Ticket{}, err
	}
	switch {
	case u.Status != nil && got.Status != *u.Status:
		return driver.Ticket{}, driver.Errorf(driver.ErrInvalid, "redmine: issue %s: Redmine did not move it to %q (workflow)", id, *u.Status)
	case u.Assignee != nil && got.Assignee != *u.Assignee:
		return driver.Ticket{}, driver.Errorf(driver.ErrInvalid, "redmine: issue %s: Redmine did not assign it to %q", id, *u.Assignee)
	}
	return got, nil
}

// Comment implements driver.Tickets: a note, private unless Public. It is
// sent once: a failed note is not repeated (it could be added twice).
func (a *Adapter) Comment(ctx context.Context, id string, c driver.Comment) error {
	if strings.TrimSpace(c.Body) == "" {
		return driver.Errorf(driver.ErrInvalid, "redmine: an empty comment")
	}
	if err := validID(id); err != nil {
		return err
	}
	_, err := a.c.Do(ctx, http.MethodPut, "/issues/"+id+".json", nil, map[string]any{"issue": map[string]any{"notes": c.Body, "private_notes": !c.Public}}, nil)
	return err
}

// Attach implements driver.Attacher: an upload, then the issue takes it.
func (a *Adapter) Attach(ctx context.Context, id string, at driver.Attachment) error {
	if at.Name == "" {
		return driver.Errorf(driver.ErrInvalid, "redmine: an attachment needs a name")
	}
	if err := validID(id); err != nil {
		return err
	}
	if _, err := a.Get(ctx, id); err != nil {
		return err
	}
	var up struct {
		Upload struct {
			Token string `json:"token"`
		} `json:"upload"`
	}
	if _, err := a.c.Send(ctx, http.MethodPost, "/uploads.json", url.Values{"filename": {at.Name}}, at.Data, "application/octet-stream", &up); err != nil {
		return err
	}
	ct := at.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	_, err := a.c.Do(ctx, http.MethodPut, "/issues/"+id+".json", nil, map[string]any{"issue": map[string]any{
		"uploads": []map[string]string{{"token": up.Upload.Token, "filename": at.Name, "content_type": ct}},
	}}, nil)
	return err
}

// Changes implements driver.Tickets over /issues.json with status_id=*
// (without it Redmine lists open issues only), sorted by (updated_on, id),
// 100 a page. Redmine's times have whole seconds and its >= filter is
// inclusive: the listing resumes at the last second seen, skipping the
// issues of that second it has already given.
func (a *Adapter) Changes(ctx context.Context, since time.Time, fn func(driver.Ticket) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	since = since.UTC()
	from := since.Truncate(time.Second)
	skip := 0 // issues at exactly `from` already given
	seen := map[string]time.Time{}
	const per = 100
	for {
		v := url.Values{
			"project_id": {a.projectID}, "subproject_id": {"!*"}, "status_id": {"*"},
			"sort": {"updated_on,id"}, "limit": {strconv.Itoa(per)}, "offset": {strconv.Itoa(skip)},
		}
		if !from.IsZero() {
			v.Set("updated_on", ">="+from.Format(time.RFC3339))
		}
		var raw json.RawMessage
		if _, err := a.c.Do(ctx, http.MethodGet, "/issues.json", v, nil, &raw); err != nil {
			return err
		}
		ts, _, err := decodeIssues(raw, a.snapshot())
		if err != nil {
			return driver.Errorf(driver.ErrUnavailable, "redmine: issue list: unexpected answer: %v", err)
		}
		for _, t := range ts {
			if t.Updated.Before(since) {
				continue
			}
			if prev, ok := seen[t.ID]; ok && prev.Equal(t.Updated) {
				continue
			}
			seen[t.ID] = t.Updated
			if err := fn(t); err != nil {
				return err
			}
		}
		if len(ts) < per {
			return nil
		}
		last := ts[len(ts)-1].Updated
		if last.Equal(from) {
			skip += len(ts)
			continue
		}
		from, skip = last, 0
		for _, t := range ts {
			if t.Updated.Equal(last) {
				skip++
			}
		}
	}
}

// Statuses implements driver.Tickets.
func (a *Adapter) Statuses(context.Context) ([]string, error) {
	return append([]string(nil), a.statuses...), nil
}

// Fields implements driver.FieldLister (the requester field is left out).
// Without an admin key Redmine does not list custom fields: ErrUnsupported.
func (a *Adapter) Fields(context.Context) ([]driver.FieldDef, error) {
	if a.fieldIDs == nil {
		return nil, driver.Errorf(driver.ErrUnsupported, "redmine: listing custom fields needs an admin API key")
	}
	return append([]driver.FieldDef(nil), a.fieldDefs...), nil
}

// Close implements driver.Tickets.
func (a *Adapter) Close() error {
	a.c.HTTP.CloseIdleConnections()
	return nil
}

// String names the adapter for messages, without the key.
func (a *Adapter) String() string {
	return fmt.Sprintf("redmine %s project %s", a.o.BaseURL, a.o.Project)
}

// Interface checks.
var (
	_ driver.Tickets     = (*Adapter)(nil)
	_ driver.FieldLister = (*Adapter)(nil)
	_ driver.Attacher    = (*Adapter)(nil)
)
