// Package adapter is a complete relaciona ticket adapter for the "tiny"
// ticket system of this example (package tiny): the code an author writes
// to make any ticket system pluggable.
//
// An adapter implements driver.Tickets from
// github.com/relaciona/relaciona/plugins/driver and nothing else from
// relaciona. The contract, checked by plugins/conformance:
//
//   - Create, Get, Update, Comment, Changes, Statuses, Close.
//   - Native status names go in and out unchanged; the deployment maps them
//     to canonical statuses (new, open, pending, resolved, closed,
//     rejected) in YAML.
//   - Priority is 0 (lowest) to 100 (highest): scale the system's range
//     and pick the nearest level when writing; out of range is ErrInvalid,
//     never clamped. On Create, 0 (driver.PriorityDefault) means the
//     system's default priority.
//   - Ids are the system's own: refuse any other string (ErrNotFound)
//     before it reaches a URL.
//   - A subject is required and a comment needs a body (ErrInvalid).
//   - TicketUpdate fields left nil are not touched; custom fields merge,
//     and a field set to "" is cleared (then absent from Fields). An
//     empty update changes nothing, Updated included; a comment moves
//     Updated forward.
//   - Changes calls fn for each ticket updated at or after since, oldest
//     first, and stops at fn's first error, returning it. Page by a key
//     (updated, id), never by an offset.
//   - Errors wrap the driver sentinels: ErrNotFound (no such ticket),
//     ErrInvalid (the system refuses the request), ErrAuth (credentials),
//     ErrUnavailable (unreachable, 5xx, timeout, garbage). The secret never
//     appears in an error or a log line.
//   - Safe for concurrent use; every method honours its context.
//
// Optional capabilities (driver.Surveys, FieldLister, Attacher, ...) are
// more methods the host finds by type assertion; this adapter has none.
package adapter

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
)

// Adapter talks to a tiny server.
type Adapter struct {
	base   string                 // http://host:port
	secret func() (string, error) // the API token, read per request
	hc     *http.Client
}

// New returns an adapter for the tiny server at base (http://host:port).
// secret returns the token; relaciona lends it from the variable or file
// the deployment names.
func New(base string, secret func() (string, error)) (*Adapter, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, driver.Errorf(driver.ErrInvalid, "tiny: %q is not an http(s) URL", base)
	}
	if secret == nil {
		return nil, driver.Errorf(driver.ErrAuth, "tiny: no token")
	}
	return &Adapter{base: strings.TrimSuffix(base, "/"), secret: secret, hc: &http.Client{Timeout: 30 * time.Second}}, nil
}

// wire is a ticket as tiny sends it.
type wire struct {
	ID        int64             `json:"id"`
	Queue     string            `json:"queue"`
	Subject   string            `json:"subject"`
	Body      string            `json:"body"`
	Status    string            `json:"status"`
	Priority  string            `json:"priority"`
	Assignee  string            `json:"assignee"`
	Requester string            `json:"requester"`
	Fields    map[string]string `json:"fields"`
	Created   time.Time         `json:"created"`
	Updated   time.Time         `json:"updated"`
}

// priorities are tiny's, lowest first, and their place on 0-100.
var priorities = []struct {
	name  string
	value int
}{{"low", 0}, {"normal", 50}, {"high", 100}}

func fromPriority(p string) int {
	for _, x := range priorities {
		if x.name == p {
			return x.value
		}
	}
	return 50
}

// toPriority picks the nearest of tiny's priorities.
func toPriority(p int) string {
	best := priorities[0]
	for _, x := range priorities {
		if abs(x.value-p) < abs(best.value-p) {
			best = x
		}
	}
	return best.name
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func (w *wire) ticket() driver.Ticket {
	return driver.Ticket{ID: strconv.FormatInt(w.ID, 10), Queue: w.Queue, Subject: w.Subject, Body: w.Body, Status: w.Status,
		Priority: fromPriority(w.Priority), Assignee: w.Assignee, Requester: w.Requester, Fields: w.Fields,
		Created: w.Created, Updated: w.Updated}
}

// call sends one request and decodes the answer into out. It maps HTTP
// statuses to the driver's sentinels, which is most of an adapter's error
// handling.
func (a *Adapter) call(ctx context.Context, method, path string, in, out any) error {
	token, err := a.secret()
	if err != nil {
		return fmt.Errorf("tiny: reading the token: %w", driver.ErrAuth) // not err: it might quote the secret
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return driver.Errorf(driver.ErrInvalid, "tiny: %v", err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, body)
	if err != nil {
		return driver.Errorf(driver.ErrInvalid, "tiny: %s %s: bad request", method, path)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := a.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return driver.Errorf(driver.ErrUnavailable, "tiny: %s %s: the server cannot be reached", method, path)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return driver.Errorf(driver.ErrUnavailable, "tiny: %s %s: reading the answer", method, path)
	}
	var e struct {
		Error string `json:"error"`
	}
	_ = json.Unmarshal(data, &e)
	switch {
	case resp.StatusCode == 401 || resp.StatusCode == 403:
		return driver.Errorf(driver.ErrAuth, "tiny: %s %s: %s", method, path, e.Error)
	case resp.StatusCode == 404:
		return driver.Errorf(driver.ErrNotFound, "tiny: %s %s: %s", method, path, e.Error)
	case resp.StatusCode == 400 || resp.StatusCode == 422:
		return driver.Errorf(driver.ErrInvalid, "tiny: %s %s: %s", method, path, e.Error)
	case resp.StatusCode >= 300:
		return driver.Errorf(driver.ErrUnavailable, "tiny: %s %s: status %d", method, path, resp.StatusCode)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return driver.Errorf(driver.ErrUnavailable, "tiny: %s %s: unexpected answer: %v", method, path, err)
		}
	}
	return nil
}

// ticketPath refuses ids that are not tiny's before they reach a URL:
// tiny's ids are positive numbers written as the adapter reports them, so
// "012" and "+12" (which tiny would read as 12) are not ids either.
func ticketPath(id string) (string, error) {
	if n, err := strconv.ParseInt(id, 10, 64); err != nil || n <= 0 || strconv.FormatInt(n, 10) != id {
		return "", driver.Errorf(driver.ErrNotFound, "tiny: no ticket %q", id)
	}
	return "/tickets/" + id, nil
}

// Create implements driver.Tickets.
func (a *Adapter) Create(ctx context.Context, n driver.NewTicket) (driver.Ticket, error) {
	if n.Priority < 0 || n.Priority > 100 {
		return driver.Ticket{}, driver.Errorf(driver.ErrInvalid, "tiny: priority %d is outside 0-100", n.Priority)
	}
	in := map[string]any{"queue": n.Queue, "subject": n.Subject, "body": n.Body,
		"assignee": n.Assignee, "requester": n.Requester, "fields": n.Fields}
	if n.Priority != driver.PriorityDefault { // 0: tiny's default ("normal")
		in["priority"] = toPriority(n.Priority)
	}
	if n.Status != "" {
		in["status"] = n.Status
	}
	var w wire
	if err := a.call(ctx, http.MethodPost, "/tickets", in, &w); err != nil {
		return driver.Ticket{}, err
	}
	return w.ticket(), nil
}

// Get implements driver.Tickets.
func (a *Adapter) Get(ctx context.Context, id string) (driver.Ticket, error) {
	p, err := ticketPath(id)
	if err != nil {
		return driver.Ticket{}, err
	}
	var w wire
	if err := a.call(ctx, http.MethodGet, p, nil, &w); err != nil {
		return driver.Ticket{}, err
	}
	return w.ticket(), nil
}

// Update implements driver.Tickets.
func (a *Adapter) Update(ctx context.Context, id string, u driver.TicketUpdate) (driver.Ticket, error) {
	p, err := ticketPath(id)
	if err != nil {
		return driver.Ticket{}, err
	}
	in := map[string]any{}
	if u.Status != nil {
		in["status"] = *u.Status
	}
	if u.Assignee != nil {
		in["assignee"] = *u.Assignee
	}
	if u.Priority != nil {
		if *u.Priority < 0 || *u.Priority > 100 {
			return driver.Ticket{}, driver.Errorf(driver.ErrInvalid, "tiny: priority %d is outside 0-100", *u.Priority)
		}
		in["priority"] = toPriority(*u.Priority)
	}
	if len(u.Fields) > 0 {
		in["fields"] = u.Fields
	}
	if len(in) == 0 {
		return a.Get(ctx, id)
	}
	var w wire
	if err := a.call(ctx, http.MethodPatch, p, in, &w); err != nil {
		return driver.Ticket{}, err
	}
	return w.ticket(), nil
}

// Comment implements driver.Tickets.
func (a *Adapter) Comment(ctx context.Context, id string, c driver.Comment) error {
	p, err := ticketPath(id)
	if err != nil {
		return err
	}
	if strings.TrimSpace(c.Body) == "" {
		return driver.Errorf(driver.ErrInvalid, "tiny: an empty comment")
	}
	return a.call(ctx, http.MethodPost, p+"/comments", map[string]any{"public": c.Public, "body": c.Body}, nil)
}

// Changes implements driver.Tickets, a page of 200 at a time, resuming each
// page after the last (updated, id) seen.
func (a *Adapter) Changes(ctx context.Context, since time.Time, fn func(driver.Ticket) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	after := int64(0)
	for {
		q := url.Values{"since": {since.UTC().Format(time.RFC3339Nano)}, "limit": {"200"}}
		if after > 0 {
			q.Set("after", strconv.FormatInt(after, 10))
		}
		var page struct {
			Tickets []wire `json:"tickets"`
		}
		if err := a.call(ctx, http.MethodGet, "/tickets?"+q.Encode(), nil, &page); err != nil {
			return err
		}
		for _, w := range page.Tickets {
			if err := fn(w.ticket()); err != nil {
				return err
			}
		}
		if len(page.Tickets) < 200 {
			return nil
		}
		last := page.Tickets[len(page.Tickets)-1]
		since, after = last.Updated, last.ID
	}
}

// Statuses implements driver.Tickets.
func (a *Adapter) Statuses(ctx context.Context) ([]string, error) {
	var ss []string
	err := a.call(ctx, http.MethodGet, "/statuses", nil, &ss)
	return ss, err
}

// Close implements driver.Tickets.
func (a *Adapter) Close() error {
	a.hc.CloseIdleConnections()
	return nil
}

var _ driver.Tickets = (*Adapter)(nil)
