package satisfaction

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/plugins/driver"
)

// atOnce runs fn(0) … fn(n-1) at once, with proctest.Race, and returns
// their errors by index.
func atOnce(n int, fn func(i int) error) []error {
	_, errs := proctest.Race(n, func(i int) (struct{}, error) { return struct{}{}, fn(i) })
	return errs
}

// testConfig is the example configuration, as a value.
func testConfig() Config {
	c, err := LoadConfig(examplePath, relaciona.Spanish)
	if err != nil {
		panic(err) // the example is checked by TestExampleConfigValidates
	}
	return *c
}

type fixture struct {
	ctx     context.Context
	p       *Process
	store   *relaciona.Store
	desk    *fakeDesk
	tickets *relaciona.Tickets
	dir     relaciona.Actor // Dirección
	owner   relaciona.Actor
	mgr     relaciona.Actor // manager (and executor)
	exe     relaciona.Actor // executor only
}

func newFixture(t testing.TB, opts ...Option) *fixture {
	t.Helper()
	ctx := context.Background()
	store := proctest.MemoryStore(t)
	cfg := testConfig()
	// The client salud's referent: a person of the directory, on no
	// team role, who confirms the commitments made to salud.
	cfg.Team = append(cfg.Team, Member{ID: "ref-salud", Name: "Referente de Salud"})
	cal, err := calendar.New(calendar.Uruguay, calendar.Options{})
	require.NoError(t, err)
	desk := &fakeDesk{}
	tk, err := relaciona.NewTickets(desk)
	require.NoError(t, err)
	p, err := New(store, &cfg, cal, append([]Option{WithTickets(tk)}, opts...)...)
	require.NoError(t, err)
	f := &fixture{ctx: ctx, p: p, store: store, desk: desk, tickets: tk}
	f.dir, _ = cfg.Actor("dir-ana")
	f.owner, _ = cfg.Actor("own-carla")
	f.mgr, _ = cfg.Actor("mgr-luis")
	f.exe, _ = cfg.Actor("exe-sofia")
	return f
}

// auditCount is the number of audit entries.
func (f *fixture) auditCount(t testing.TB) int64 {
	s, err := f.store.VerifyAudit(f.ctx)
	require.NoError(t, err)
	return s.Entries
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// day parses a date of a test table.
var day = proctest.Date

// fakeDesk is a small in-memory ticket system with the survey capability,
// standing in for the built-in desk in these tests.
type fakeDesk struct {
	mu       sync.Mutex
	tickets  []driver.Ticket
	comments map[string][]driver.Comment
	surveys  []driver.SurveyResponse
	now      time.Time
}

func (d *fakeDesk) stamp() time.Time {
	if d.now.IsZero() {
		return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return d.now
}

func (d *fakeDesk) Create(_ context.Context, n driver.NewTicket) (driver.Ticket, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := n.Status
	if st == "" {
		st = "new"
	}
	t := driver.Ticket{ID: fmt.Sprintf("T%d", len(d.tickets)+1), Queue: n.Queue, Subject: n.Subject, Body: n.Body, Status: st,
		Priority: n.Priority, Assignee: n.Assignee, Requester: n.Requester, Fields: n.Fields, Created: d.stamp(), Updated: d.stamp()}
	d.tickets = append(d.tickets, t)
	return t, nil
}

// put adds or replaces a ticket as is (tests build histories with it).
func (d *fakeDesk) put(t driver.Ticket) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := range d.tickets {
		if d.tickets[i].ID == t.ID {
			d.tickets[i] = t
			return
		}
	}
	d.tickets = append(d.tickets, t)
}

func (d *fakeDesk) Get(_ context.Context, id string) (driver.Ticket, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, t := range d.tickets {
		if t.ID == id {
			return t, nil
		}
	}
	return driver.Ticket{}, driver.Errorf(driver.ErrNotFound, "ticket %s", id)
}

func (d *fakeDesk) Update(_ context.Context, id string, u driver.TicketUpdate) (driver.Ticket, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := range d.tickets {
		t := &d.tickets[i]
		if t.ID != id {
			continue
		}
		if u.Status != nil {
			t.Status = *u.Status
		}
		if u.Assignee != nil {
			t.Assignee = *u.Assignee
		}
		t.Updated = d.stamp()
		return *t, nil
	}
	return driver.Ticket{}, driver.Errorf(driver.ErrNotFound, "ticket %s", id)
}

func (d *fakeDesk) Comment(_ context.Context, id string, c driver.Comment) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.comments == nil {
		d.comments = map[string][]driver.Comment{}
	}
	d.comments[id] = append(d.comments[id], c)
	return nil
}

func (d *fakeDesk) Changes(_ context.Context, since time.Time, fn func(driver.Ticket) error) error {
	d.mu.Lock()
	ts := slices.Clone(d.tickets)
	d.mu.Unlock()
	return replaySince(ts, func(t driver.Ticket) time.Time { return t.Updated }, since, fn)
}

// replaySince hands fn the items of xs whose time (at) is since or later,
// oldest first (a stable sort of xs), stopping at fn's first error.
func replaySince[T any](xs []T, at func(T) time.Time, since time.Time, fn func(T) error) error {
	sort.SliceStable(xs, func(i, j int) bool { return at(xs[i]).Before(at(xs[j])) })
	for _, x := range xs {
		if !at(x).Before(since) {
			if err := fn(x); err != nil {
				return err
			}
		}
	}
	return nil
}

func (d *fakeDesk) Statuses(context.Context) ([]string, error) {
	return []string{"new", "open", "pending", "resolved", "closed", "rejected"}, nil
}

func (d *fakeDesk) Close() error { return nil }

func (d *fakeDesk) SurveyResponses(_ context.Context, since time.Time, fn func(driver.SurveyResponse) error) error {
	d.mu.Lock()
	rs := slices.Clone(d.surveys)
	d.mu.Unlock()
	return replaySince(rs, func(r driver.SurveyResponse) time.Time { return r.Submitted }, since, fn)
}

func (d *fakeDesk) RecordSurveys(_ context.Context, rs []driver.SurveyResponse) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.surveys = append(d.surveys, rs...)
	return nil
}
