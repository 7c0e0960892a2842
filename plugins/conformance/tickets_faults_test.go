package conformance_test

import (
	"context"
	"fmt"
	"path"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
)

// The seven faults an adapter author put, one at a time, into an adapter
// that the suite then passed (issue 17), each as a wrapper over the desk;
// and the harness features around them (auth first, ChangesLag).

const testSecret = "tok-7f3a9c1e5b"

// notNearest picks the level at or below a priority on a three-level
// scale instead of the nearest one.
type notNearest struct{ *desk.Desk }

func floorLevel(p int) int { return min(p/50*50, 100) }

func (n notNearest) Create(ctx context.Context, t driver.NewTicket) (driver.Ticket, error) {
	if t.Priority >= 0 && t.Priority <= 100 {
		t.Priority = floorLevel(t.Priority)
	}
	return n.Desk.Create(ctx, t)
}

func (n notNearest) Update(ctx context.Context, id string, u driver.TicketUpdate) (driver.Ticket, error) {
	if u.Priority != nil && *u.Priority >= 0 && *u.Priority <= 100 {
		p := floorLevel(*u.Priority)
		u.Priority = &p
	}
	return n.Desk.Update(ctx, id, u)
}

// tokenInErrors quotes the token in every error it returns, as an adapter
// that prints its request headers would.
type tokenInErrors struct{ *desk.Desk }

func leak(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("request with Authorization: Token %s failed: %w", testSecret, err)
}

func (x tokenInErrors) Get(ctx context.Context, id string) (driver.Ticket, error) {
	t, err := x.Desk.Get(ctx, id)
	return t, leak(err)
}

// tokenInAuthError quotes the token only when the system refuses it: the
// suite sees it only by giving the adapter a wrong secret (Reopen).
type tokenInAuthError struct {
	*desk.Desk
	token string
	quote bool // false: a sound adapter, which says no more than 401
}

func (x tokenInAuthError) refuse() error {
	switch {
	case x.token == testSecret:
		return nil
	case x.quote:
		return driver.Errorf(driver.ErrAuth, "401: token %q refused", x.token)
	}
	return driver.Errorf(driver.ErrAuth, "401: the token was refused")
}

func (x tokenInAuthError) Create(ctx context.Context, n driver.NewTicket) (driver.Ticket, error) {
	if err := x.refuse(); err != nil {
		return driver.Ticket{}, err
	}
	return x.Desk.Create(ctx, n)
}

func (x tokenInAuthError) Get(ctx context.Context, id string) (driver.Ticket, error) {
	if err := x.refuse(); err != nil {
		return driver.Ticket{}, err
	}
	return x.Desk.Get(ctx, id)
}

func (x tokenInAuthError) Update(ctx context.Context, id string, u driver.TicketUpdate) (driver.Ticket, error) {
	if err := x.refuse(); err != nil {
		return driver.Ticket{}, err
	}
	return x.Desk.Update(ctx, id, u)
}

func (x tokenInAuthError) Comment(ctx context.Context, id string, c driver.Comment) error {
	if err := x.refuse(); err != nil {
		return err
	}
	return x.Desk.Comment(ctx, id, c)
}

func (x tokenInAuthError) Changes(ctx context.Context, since time.Time, fn func(driver.Ticket) error) error {
	if err := x.refuse(); err != nil {
		return err
	}
	return x.Desk.Changes(ctx, since, fn)
}

func (x tokenInAuthError) Statuses(ctx context.Context) ([]string, error) {
	if err := x.refuse(); err != nil {
		return nil, err
	}
	return x.Desk.Statuses(ctx)
}

// clearedAsEmpty reports a cleared custom field as "" instead of leaving
// it out.
type clearedAsEmpty struct{ *desk.Desk }

func withEmpty(t driver.Ticket) driver.Ticket {
	if _, ok := t.Fields["f"]; !ok && t.ID != "" {
		fs := map[string]string{"f": ""}
		for k, v := range t.Fields {
			fs[k] = v
		}
		t.Fields = fs
	}
	return t
}

func (c clearedAsEmpty) Get(ctx context.Context, id string) (driver.Ticket, error) {
	t, err := c.Desk.Get(ctx, id)
	return withEmpty(t), err
}

func (c clearedAsEmpty) Update(ctx context.Context, id string, u driver.TicketUpdate) (driver.Ticket, error) {
	t, err := c.Desk.Update(ctx, id, u)
	return withEmpty(t), err
}

func (c clearedAsEmpty) Changes(ctx context.Context, since time.Time, fn func(driver.Ticket) error) error {
	return c.Desk.Changes(ctx, since, func(t driver.Ticket) error { return fn(withEmpty(t)) })
}

// commentKeepsUpdated reports, for a ticket, the Updated of its last
// change that was not a comment (an adapter reading a timestamp comments
// do not touch).
type commentKeepsUpdated struct {
	*desk.Desk
	mu   *sync.Mutex
	last map[string]time.Time
}

func (c commentKeepsUpdated) note(t driver.Ticket, err error) (driver.Ticket, error) {
	if err == nil {
		c.mu.Lock()
		c.last[t.ID] = t.Updated
		c.mu.Unlock()
	}
	return t, err
}

func (c commentKeepsUpdated) fix(t driver.Ticket) driver.Ticket {
	c.mu.Lock()
	defer c.mu.Unlock()
	if u, ok := c.last[t.ID]; ok {
		t.Updated = u
	}
	return t
}

func (c commentKeepsUpdated) Create(ctx context.Context, n driver.NewTicket) (driver.Ticket, error) {
	return c.note(c.Desk.Create(ctx, n))
}

func (c commentKeepsUpdated) Update(ctx context.Context, id string, u driver.TicketUpdate) (driver.Ticket, error) {
	return c.note(c.Desk.Update(ctx, id, u))
}

func (c commentKeepsUpdated) Get(ctx context.Context, id string) (driver.Ticket, error) {
	t, err := c.Desk.Get(ctx, id)
	return c.fix(t), err
}

func (c commentKeepsUpdated) Changes(ctx context.Context, since time.Time, fn func(driver.Ticket) error) error {
	return c.Desk.Changes(ctx, since, func(t driver.Ticket) error { return fn(c.fix(t)) })
}

// emptyUpdateBumps writes something on an empty update (as an adapter that
// always sends a PUT would).
type emptyUpdateBumps struct{ *desk.Desk }

func (x emptyUpdateBumps) Update(ctx context.Context, id string, u driver.TicketUpdate) (driver.Ticket, error) {
	if u.Status == nil && u.Assignee == nil && u.Priority == nil && len(u.Fields) == 0 {
		if _, err := x.Desk.Update(ctx, id, driver.TicketUpdate{Fields: map[string]string{"f": "touched"}}); err != nil {
			return driver.Ticket{}, err
		}
		u.Fields = map[string]string{"f": ""}
	}
	return x.Desk.Update(ctx, id, u)
}

// offsetPaging lists Changes by offset, pages of three, fetching each page
// afresh.
type offsetPaging struct{ *desk.Desk }

const pageSize = 3

func (o offsetPaging) Changes(ctx context.Context, since time.Time, fn func(driver.Ticket) error) error {
	for offset := 0; ; offset += pageSize {
		var all []driver.Ticket
		if err := o.Desk.Changes(ctx, since, func(t driver.Ticket) error { all = append(all, t); return nil }); err != nil {
			return err
		}
		page := all[min(offset, len(all)):min(offset+pageSize, len(all))]
		for _, t := range page {
			if err := fn(t); err != nil {
				return err
			}
		}
		if len(page) < pageSize {
			return nil
		}
	}
}

// laxServer resolves an id the way a lax HTTP server would once the
// adapter put it in a URL unchecked: the query and fragment dropped, the
// path cleaned, blanks trimmed, the number read with leading zeros or a
// plus sign.
func laxServer(id string) string {
	id = strings.TrimSpace(id)
	if i := strings.IndexAny(id, "?#;"); i >= 0 {
		id = id[:i]
	}
	id = strings.Trim(path.Clean("/"+id), "/")
	if i := strings.IndexByte(id, '/'); i >= 0 {
		id = id[:i]
	}
	if f, err := strconv.ParseFloat(id, 64); err == nil && f == float64(int64(f)) {
		id = strconv.FormatInt(int64(f), 10)
	}
	return id
}

// idsToServer sends any id to the lax server.
type idsToServer struct{ *desk.Desk }

func (x idsToServer) Get(ctx context.Context, id string) (driver.Ticket, error) {
	return x.Desk.Get(ctx, laxServer(id))
}

func (x idsToServer) Update(ctx context.Context, id string, u driver.TicketUpdate) (driver.Ticket, error) {
	return x.Desk.Update(ctx, laxServer(id), u)
}

func (x idsToServer) Comment(ctx context.Context, id string, c driver.Comment) error {
	return x.Desk.Comment(ctx, laxServer(id), c)
}

// lagging hides from Changes what was written in the last lag, like a
// search index behind the API.
type lagging struct {
	*desk.Desk
	lag time.Duration
}

func (l lagging) Changes(ctx context.Context, since time.Time, fn func(driver.Ticket) error) error {
	cut := time.Now().Add(-l.lag)
	return l.Desk.Changes(ctx, since, func(t driver.Ticket) error {
		if t.Updated.After(cut) {
			return nil
		}
		return fn(t)
	})
}

// refusing refuses the credentials on every call.
type refusing struct{ *desk.Desk }

func (refusing) Statuses(context.Context) ([]string, error) {
	return nil, driver.Errorf(driver.ErrAuth, "401 Unauthorized")
}

func (refusing) Get(context.Context, string) (driver.Ticket, error) {
	return driver.Ticket{}, driver.Errorf(driver.ErrAuth, "401 Unauthorized")
}

func (refusing) Create(context.Context, driver.NewTicket) (driver.Ticket, error) {
	return driver.Ticket{}, driver.Errorf(driver.ErrAuth, "401 Unauthorized")
}

func failedChecks(results []conformance.Result) map[string]string {
	out := map[string]string{}
	for _, r := range results {
		if !r.Passed && r.Skipped == "" {
			out[r.Name] = strings.Join(r.Failures, "\n")
		}
	}
	return out
}

// TestTicketSuiteCatchesTheSevenFaults: each fault of issue 17 fails the
// check named, with a message that says why; the sound desk passes all.
func TestTicketSuiteCatchesTheSevenFaults(t *testing.T) {
	for _, c := range []struct {
		name  string
		wrap  func(*desk.Desk) driver.Tickets
		setup func(*conformance.TicketsHarness, *desk.Desk)
		check string // a check that must fail
		says  string // part of its failure
	}{
		{name: "nearest priority not picked", wrap: func(d *desk.Desk) driver.Tickets { return notNearest{d} },
			check: "Update/PriorityNearest", says: "pick the nearest level"},
		{name: "token in an error message", wrap: func(d *desk.Desk) driver.Tickets { return tokenInErrors{d} },
			check: "Get/NotFound", says: "secret appears in an error"},
		{name: "token in the auth error only", wrap: func(d *desk.Desk) driver.Tickets { return tokenInAuthError{d, testSecret, true} },
			setup: func(h *conformance.TicketsHarness, d *desk.Desk) {
				h.Reopen = func(_ context.Context, s string) (driver.Tickets, error) { return tokenInAuthError{d, s, true}, nil }
			},
			check: "Auth/WrongSecret", says: "secret appears in an error"},
		{name: "cleared field reported as empty", wrap: func(d *desk.Desk) driver.Tickets { return clearedAsEmpty{d} },
			check: "Update/FieldsMergeAndClear", says: "absent"},
		{name: "comment does not bump Updated", wrap: func(d *desk.Desk) driver.Tickets {
			return commentKeepsUpdated{Desk: d, mu: &sync.Mutex{}, last: map[string]time.Time{}}
		}, check: "Comment/BumpsUpdated", says: "moves Updated forward"},
		{name: "empty update bumps Updated", wrap: func(d *desk.Desk) driver.Tickets { return emptyUpdateBumps{d} },
			check: "Update/NothingChangesNothing", says: "leaves Updated as it was"},
		{name: "Changes paged by offset", wrap: func(d *desk.Desk) driver.Tickets { return offsetPaging{d} },
			setup: func(h *conformance.TicketsHarness, _ *desk.Desk) { h.PageSize = pageSize },
			check: "Changes/NoSkipWhilePaging", says: "never by offset"},
		{name: "ids that are not the system's sent to it", wrap: func(d *desk.Desk) driver.Tickets { return idsToServer{d} },
			check: "Get/ForeignIDs", says: "is not the system's own reached the system"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var dk *desk.Desk
			h := deskHarness(t, func(d *desk.Desk) driver.Tickets { dk = d; return c.wrap(d) })
			h.Secret = testSecret
			if c.setup != nil {
				c.setup(&h, dk)
			}
			failed := failedChecks(conformance.RunTicketsChecks(context.Background(), h, nil))
			require.Contains(t, failed, c.check, "the fault must fail %s", c.check)
			assert.Contains(t, failed[c.check], c.says)
			assert.NotContains(t, strings.Join(mapValues(failed), "\n"), testSecret, "the suite never prints the secret it found")
		})
	}
}

func mapValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// TestTicketSuiteSoundWithSecretAndReopen: the desk, given a secret the
// suite scans for and a Reopen, passes every check.
func TestTicketSuiteSoundWithSecretAndReopen(t *testing.T) {
	var dk *desk.Desk
	h := deskHarness(t, func(d *desk.Desk) driver.Tickets { dk = d; return tokenInAuthError{d, testSecret, false} })
	h.Secret = testSecret
	h.Reopen = func(_ context.Context, s string) (driver.Tickets, error) { return tokenInAuthError{dk, s, false}, nil }
	h.PageSize = pageSize
	var logs conformance.LogCapture
	fmt.Fprintf(&logs, "GET /tickets/1 200\nGET /tickets/2 404\n")
	h.Logs = logs.Lines
	assert.Empty(t, failedChecks(conformance.RunTicketsChecks(context.Background(), h, nil)))
}

// TestTicketSuiteScansLogs: a secret in a log line fails the check during
// which it was written.
func TestTicketSuiteScansLogs(t *testing.T) {
	var logs conformance.LogCapture
	h := deskHarness(t, func(d *desk.Desk) driver.Tickets { return loggingToken{d, &logs} })
	h.Secret = testSecret
	h.Logs = logs.Lines
	failed := failedChecks(conformance.RunTicketsChecks(context.Background(), h, nil))
	require.Contains(t, failed, "Statuses/List")
	assert.Contains(t, failed["Statuses/List"], "log line: [DEBUG] statuses with token <SECRET>")
}

// loggingToken logs its token when listing statuses.
type loggingToken struct {
	*desk.Desk
	log *conformance.LogCapture
}

func (l loggingToken) Statuses(ctx context.Context) ([]string, error) {
	fmt.Fprintf(l.log, "[DEBUG] statuses with token %s\n", testSecret)
	return l.Desk.Statuses(ctx)
}

// TestTicketSuiteStopsOnAuthFailure: refused credentials give one failure,
// Auth/Connect, and every other check not run with one reason.
func TestTicketSuiteStopsOnAuthFailure(t *testing.T) {
	h := deskHarness(t, func(d *desk.Desk) driver.Tickets { return refusing{d} })
	results := conformance.RunTicketsChecks(context.Background(), h, nil)
	require.Len(t, results, len(conformance.TicketsChecks()))
	failed := failedChecks(results)
	require.Len(t, failed, 1, "one failure, not one per check: %v", failed)
	assert.Contains(t, failed["Auth/Connect"], "refused the adapter's credentials")
	for _, r := range results[1:] {
		assert.Equal(t, "not run: the ticket system refused the credentials (see Auth/Connect)", r.Skipped, r.Name)
	}
}

// TestTicketSuiteChangesLag: a change feed 300ms behind the API fails the
// suite with no ChangesLag and passes it with ChangesLag 1s.
func TestTicketSuiteChangesLag(t *testing.T) {
	wrap := func(d *desk.Desk) driver.Tickets { return lagging{d, 300 * time.Millisecond} }
	h := deskHarness(t, wrap)
	failed := failedChecks(conformance.RunTicketsChecks(context.Background(), h, nil))
	assert.Contains(t, failed, "Changes/InclusiveWindow", "without ChangesLag the lag fails the suite")
	h = deskHarness(t, wrap)
	h.ChangesLag = time.Second
	assert.Empty(t, failedChecks(conformance.RunTicketsChecks(context.Background(), h, nil)), "with ChangesLag the suite waits")
}
