package conformance

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

// TicketsHarness is what the ticket checks run against.
//
// The checks create tickets with a random marker in their subject and only
// look at tickets they created, so they can run against a ticket system
// that already holds tickets (a staging Request Tracker, say). They never
// delete anything: point them at a test queue or project.
type TicketsHarness struct {
	// Tickets is the adapter under test.
	Tickets driver.Tickets
	// Queue is the queue (RT), project (Redmine) or desk queue the checks
	// create tickets in; empty uses the adapter's default.
	Queue string
	// Statuses are two or more native statuses a ticket can be moved
	// through by Update, in order (e.g. "new", "open", "resolved"). Empty
	// uses the first two names Statuses returns.
	Statuses []string
	// Field is the name of a custom field the system has (the CI servers
	// have "external_ref"). Empty skips the custom-field checks.
	Field string
	// StrictFields says the adapter refuses (ErrInvalid) a custom field the
	// system does not have, instead of ignoring it.
	StrictFields bool
	// Assignee is a user a ticket can be assigned to, as the adapter reports
	// it in Ticket.Assignee. Empty skips the assignment check.
	Assignee string
	// Requester is a requester the system keeps as given on Create and
	// reports back in Ticket.Requester. Empty skips that comparison.
	Requester string
	// Resolution is the precision of the system's Updated times (a whole
	// second for Request Tracker and Redmine); the checks wait longer than
	// it when they need two distinct times. Default: 1 second.
	Resolution time.Duration
	// Concurrency is how many goroutines the concurrency check uses;
	// default 8. Use fewer for a slow server.
	Concurrency int
	// Timeout per check; default 3 minutes.
	Timeout time.Duration
}

// ticketsEnv is what a ticket check receives: the harness and a unique
// marker for this run's subjects.
type ticketsEnv struct {
	TicketsHarness
	marker string
}

// TicketsCheck is one named ticket behaviour.
type TicketsCheck = Check[*ticketsEnv]

// TicketsChecks lists every ticket behaviour, in the order they run.
func TicketsChecks() []TicketsCheck {
	return []TicketsCheck{
		{"Create/RoundTrip", checkTicketCreate},
		{"Create/Defaults", checkTicketDefaults},
		{"Create/Invalid", checkTicketCreateInvalid},
		{"Get/NotFound", checkTicketNotFound},
		{"Update/Status", checkTicketStatus},
		{"Update/Assignee", checkTicketAssignee},
		{"Update/Priority", checkTicketPriority},
		{"Update/FieldsMergeAndClear", checkTicketFields},
		{"Update/UnknownField", checkTicketUnknownField},
		{"Update/NothingChangesNothing", checkTicketEmptyUpdate},
		{"Update/InvalidStatus", checkTicketInvalidStatus},
		{"Comment/PublicAndInternal", checkTicketComments},
		{"Changes/InclusiveWindow", checkTicketChangesWindow},
		{"Changes/OrderAndUpdatedTwice", checkTicketChangesOrder},
		{"Changes/Resumable", checkTicketChangesResume},
		{"Changes/StopsOnError", checkTicketChangesStop},
		{"Statuses/List", checkTicketStatuses},
		{"Errors/HostileInput", checkTicketErrorsWrap},
		{"Concurrency/CreateUpdateComment", checkTicketConcurrency},
		{"Context/Cancelled", checkTicketCancelled},
		{"Capability/Surveys", checkTicketSurveys},
		{"Capability/FieldLister", checkTicketFieldLister},
		{"Capability/Attacher", checkTicketAttacher},
	}
}

// RunTickets runs every ticket check as a subtest of t.
func RunTickets(t *testing.T, h TicketsHarness) {
	for _, c := range TicketsChecks() {
		t.Run(c.Name, func(t *testing.T) {
			report1(t, RunTicketsCheck(context.Background(), c, h))
		})
	}
}

// RunTicketsChecks runs every ticket check against h outside `go test`
// (relaciona plugins check --kind tickets), calling progress after each,
// and returns the results.
func RunTicketsChecks(ctx context.Context, h TicketsHarness, progress func(Result)) []Result {
	var out []Result
	for _, c := range TicketsChecks() {
		r := RunTicketsCheck(ctx, c, h)
		if progress != nil {
			progress(r)
		}
		out = append(out, r)
	}
	return out
}

// RunTicketsCheck runs one ticket check against h.
func RunTicketsCheck(ctx context.Context, c TicketsCheck, h TicketsHarness) Result {
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = 3 * time.Minute
	}
	if h.Resolution <= 0 {
		h.Resolution = time.Second
	}
	if h.Concurrency <= 0 {
		h.Concurrency = 8
	}
	var rnd [4]byte
	_, _ = rand.Read(rnd[:])
	env := &ticketsEnv{TicketsHarness: h, marker: "conf-" + hex.EncodeToString(rnd[:])}
	return runCheck(ctx, c, env, timeout)
}

// newTicket is a ticket the checks create: subject tagged with the run's
// marker and a name.
func (e *ticketsEnv) newTicket(name string) driver.NewTicket {
	n := driver.NewTicket{
		Queue:   e.Queue,
		Subject: fmt.Sprintf("%s %s: ñandú «prueba»", e.marker, name),
		Body:    "Cuerpo de la solicitud, con tildes: información.\nSegunda línea.",
	}
	if e.Requester != "" {
		n.Requester = e.Requester
	}
	return n
}

func (e *ticketsEnv) create(t *T, name string) driver.Ticket {
	tk, err := e.Tickets.Create(t.Context(), e.newTicket(name))
	require.NoError(t, err, "create ticket %s", name)
	require.NotEmpty(t, tk.ID, "a created ticket has an id")
	return tk
}

func (e *ticketsEnv) statuses(t *T) []string {
	if len(e.Statuses) >= 2 {
		return e.Statuses
	}
	ss, err := e.Tickets.Statuses(t.Context())
	require.NoError(t, err, "Statuses")
	require.GreaterOrEqual(t, len(ss), 2, "a ticket system has at least two statuses")
	return ss[:2]
}

// wait sleeps past the system's time resolution, so the next write gets a
// later Updated time.
func (e *ticketsEnv) wait(t *T) {
	select {
	case <-time.After(e.Resolution + e.Resolution/10 + 10*time.Millisecond):
	case <-t.Context().Done():
	}
}

// changedSince lists the tickets Changes reports since `since`, keeping
// only the ones in ids (other checks and users may write at the same time).
func changedSince(t *T, d driver.Tickets, since time.Time, ids map[string]bool) []driver.Ticket {
	var out []driver.Ticket
	err := d.Changes(t.Context(), since, func(tk driver.Ticket) error {
		if ids == nil || ids[tk.ID] {
			out = append(out, tk)
		}
		return nil
	})
	require.NoError(t, err, "Changes since %s", since.Format(time.RFC3339Nano))
	return out
}

func idSet(ts ...driver.Ticket) map[string]bool {
	m := map[string]bool{}
	for _, tk := range ts {
		m[tk.ID] = true
	}
	return m
}

func ticketIDs(ts []driver.Ticket) []string {
	out := make([]string, len(ts))
	for i, tk := range ts {
		out[i] = tk.ID
	}
	return out
}

func checkTicketCreate(t *T, e *ticketsEnv) {
	d := e.Tickets
	n := e.newTicket("create")
	n.Priority = 70
	if e.Field != "" {
		n.Fields = map[string]string{e.Field: "REF-ñ-001"}
	}
	tk, err := d.Create(t.Context(), n)
	require.NoError(t, err)
	require.NotEmpty(t, tk.ID)
	assert.Equal(t, n.Subject, tk.Subject, "Create returns the subject as stored")
	assert.NotEmpty(t, tk.Status, "a new ticket has a status")
	assert.False(t, tk.Created.IsZero(), "a new ticket has a creation time")
	assert.False(t, tk.Updated.IsZero(), "a new ticket has an update time")
	assert.False(t, tk.Updated.Before(tk.Created), "Updated is not before Created")
	if e.Queue != "" {
		assert.Equal(t, e.Queue, tk.Queue, "the ticket is in the queue asked for")
	}
	if e.Field != "" {
		assert.Equal(t, "REF-ñ-001", tk.Fields[e.Field], "custom field set on create")
	}
	if e.Requester != "" {
		assert.Equal(t, e.Requester, tk.Requester, "requester kept")
	}

	g, err := d.Get(t.Context(), tk.ID)
	require.NoError(t, err, "Get of a created ticket")
	assert.Equal(t, tk.ID, g.ID)
	assert.Equal(t, n.Subject, g.Subject)
	assert.Equal(t, n.Body, g.Body, "the body (first message) round-trips, unicode and newlines included")
	assert.Equal(t, tk.Status, g.Status)
	assert.Equal(t, tk.Priority, g.Priority, "Get reports the priority Create returned")
	assert.Equal(t, tk.Queue, g.Queue)
	assert.True(t, tk.Created.Equal(g.Created), "Created is stable: %s vs %s", tk.Created, g.Created)
	if e.Field != "" {
		assert.Equal(t, "REF-ñ-001", g.Fields[e.Field])
	}
	// Priority scaling: what Get reports, written back, reads back the same.
	p := g.Priority
	u, err := d.Update(t.Context(), tk.ID, driver.TicketUpdate{Priority: &p})
	require.NoError(t, err)
	assert.Equal(t, p, u.Priority, "writing back a reported priority keeps it")
	assert.InDelta(t, 70, g.Priority, 30, "priority 70 is kept within the system's scale")
}

func checkTicketDefaults(t *T, e *ticketsEnv) {
	n := e.newTicket("defaults")
	n.Body = ""
	tk, err := e.Tickets.Create(t.Context(), n)
	require.NoError(t, err, "a ticket with a subject only")
	assert.NotEmpty(t, tk.Status, "the system's default status")
	ss, err := e.Tickets.Statuses(t.Context())
	require.NoError(t, err)
	assert.Contains(t, ss, tk.Status, "the default status is one Statuses lists")
	assert.Empty(t, tk.Assignee, "a new ticket with no assignee is unassigned")
	assert.GreaterOrEqual(t, tk.Priority, 0)
	assert.LessOrEqual(t, tk.Priority, 100)
}

func checkTicketCreateInvalid(t *T, e *ticketsEnv) {
	d := e.Tickets
	n := e.newTicket("bad-status")
	n.Status = "no-such-status-" + e.marker
	_, err := d.Create(t.Context(), n)
	assert.ErrorIs(t, err, driver.ErrInvalid, "an unknown status on create is ErrInvalid")

	n = e.newTicket("bad-queue")
	n.Queue = "no-such-queue-" + e.marker
	_, err = d.Create(t.Context(), n)
	assert.ErrorIs(t, err, driver.ErrInvalid, "an unknown queue on create is ErrInvalid")

	n = e.newTicket("no-subject")
	n.Subject = ""
	_, err = d.Create(t.Context(), n)
	assert.ErrorIs(t, err, driver.ErrInvalid, "a ticket without a subject is ErrInvalid")
}

func checkTicketNotFound(t *T, e *ticketsEnv) {
	d := e.Tickets
	for _, id := range []string{"999999999", "no-such-ticket", "", "../1", "1 OR 1=1"} {
		_, err := d.Get(t.Context(), id)
		assert.ErrorIs(t, err, driver.ErrNotFound, "Get(%q)", id)
		p := 10
		_, err = d.Update(t.Context(), id, driver.TicketUpdate{Priority: &p})
		assert.ErrorIs(t, err, driver.ErrNotFound, "Update(%q)", id)
		err = d.Comment(t.Context(), id, driver.Comment{Public: true, Body: "hola"})
		assert.ErrorIs(t, err, driver.ErrNotFound, "Comment(%q)", id)
	}
}

func checkTicketStatus(t *T, e *ticketsEnv) {
	d := e.Tickets
	ss := e.statuses(t)
	tk := e.create(t, "status")
	for _, s := range ss {
		u, err := d.Update(t.Context(), tk.ID, driver.TicketUpdate{Status: &s})
		require.NoError(t, err, "move to %q", s)
		assert.Equal(t, s, u.Status, "Update returns the new status")
		g, err := d.Get(t.Context(), tk.ID)
		require.NoError(t, err)
		assert.Equal(t, s, g.Status, "Get sees the new status %q", s)
		assert.False(t, g.Updated.Before(tk.Updated), "Updated never goes back")
		tk = g
	}
	// Create in a given status.
	n := e.newTicket("status-create")
	n.Status = ss[1]
	c, err := d.Create(t.Context(), n)
	require.NoError(t, err)
	assert.Equal(t, ss[1], c.Status, "Create honours the status asked for")
}

func checkTicketAssignee(t *T, e *ticketsEnv) {
	if e.Assignee == "" {
		t.Skip("the harness names no Assignee")
	}
	d := e.Tickets
	tk := e.create(t, "assignee")
	a := e.Assignee
	u, err := d.Update(t.Context(), tk.ID, driver.TicketUpdate{Assignee: &a})
	require.NoError(t, err)
	assert.Equal(t, a, u.Assignee)
	g, err := d.Get(t.Context(), tk.ID)
	require.NoError(t, err)
	assert.Equal(t, a, g.Assignee)
	none := ""
	u, err = d.Update(t.Context(), tk.ID, driver.TicketUpdate{Assignee: &none})
	require.NoError(t, err, "unassign")
	assert.Empty(t, u.Assignee, "an empty assignee unassigns")
	bad := "no-such-user-" + e.marker
	_, err = d.Update(t.Context(), tk.ID, driver.TicketUpdate{Assignee: &bad})
	assert.ErrorIs(t, err, driver.ErrInvalid, "an unknown assignee is ErrInvalid")
	// Create assigned.
	n := e.newTicket("assignee-create")
	n.Assignee = a
	c, err := d.Create(t.Context(), n)
	require.NoError(t, err)
	assert.Equal(t, a, c.Assignee, "Create honours the assignee")
}

func checkTicketPriority(t *T, e *ticketsEnv) {
	d := e.Tickets
	tk := e.create(t, "priority")
	lo, hi := 0, 100
	u, err := d.Update(t.Context(), tk.ID, driver.TicketUpdate{Priority: &lo})
	require.NoError(t, err)
	pLo := u.Priority
	u, err = d.Update(t.Context(), tk.ID, driver.TicketUpdate{Priority: &hi})
	require.NoError(t, err)
	pHi := u.Priority
	assert.Less(t, pLo, pHi, "priority 0 reads back lower than priority 100")
	assert.GreaterOrEqual(t, pLo, 0)
	assert.LessOrEqual(t, pHi, 100)
	g, err := d.Get(t.Context(), tk.ID)
	require.NoError(t, err)
	assert.Equal(t, pHi, g.Priority, "Get agrees with Update")
	for _, bad := range []int{-1, 101} {
		_, err = d.Update(t.Context(), tk.ID, driver.TicketUpdate{Priority: &bad})
		assert.ErrorIs(t, err, driver.ErrInvalid, "priority %d is outside 0-100", bad)
	}
}

func checkTicketFields(t *T, e *ticketsEnv) {
	if e.Field == "" {
		t.Skip("the harness names no custom Field")
	}
	d := e.Tickets
	n := e.newTicket("fields")
	n.Fields = map[string]string{e.Field: "A-1"}
	tk, err := d.Create(t.Context(), n)
	require.NoError(t, err)
	s := e.statuses(t)[1]
	// An update that does not mention the field keeps it.
	u, err := d.Update(t.Context(), tk.ID, driver.TicketUpdate{Status: &s})
	require.NoError(t, err)
	assert.Equal(t, "A-1", u.Fields[e.Field], "fields not named in an update are kept")
	u, err = d.Update(t.Context(), tk.ID, driver.TicketUpdate{Fields: map[string]string{e.Field: "B-2 ñ"}})
	require.NoError(t, err)
	assert.Equal(t, "B-2 ñ", u.Fields[e.Field], "a field is replaced")
	g, err := d.Get(t.Context(), tk.ID)
	require.NoError(t, err)
	assert.Equal(t, "B-2 ñ", g.Fields[e.Field])
	u, err = d.Update(t.Context(), tk.ID, driver.TicketUpdate{Fields: map[string]string{e.Field: ""}})
	require.NoError(t, err)
	assert.Empty(t, u.Fields[e.Field], "a field mapped to \"\" is cleared")
	g, err = d.Get(t.Context(), tk.ID)
	require.NoError(t, err)
	assert.Empty(t, g.Fields[e.Field], "the clear is stored")
}

func checkTicketUnknownField(t *T, e *ticketsEnv) {
	if !e.StrictFields {
		t.Skip("the harness does not say the adapter refuses unknown fields (StrictFields)")
	}
	tk := e.create(t, "unknown-field")
	_, err := e.Tickets.Update(t.Context(), tk.ID, driver.TicketUpdate{Fields: map[string]string{"no_such_field_" + e.marker: "x"}})
	assert.ErrorIs(t, err, driver.ErrInvalid, "a field the system does not have is ErrInvalid")
	n := e.newTicket("unknown-field-create")
	n.Fields = map[string]string{"no_such_field_" + e.marker: "x"}
	_, err = e.Tickets.Create(t.Context(), n)
	assert.ErrorIs(t, err, driver.ErrInvalid, "a field the system does not have is ErrInvalid on create")
}

func checkTicketEmptyUpdate(t *T, e *ticketsEnv) {
	tk := e.create(t, "empty-update")
	u, err := e.Tickets.Update(t.Context(), tk.ID, driver.TicketUpdate{})
	require.NoError(t, err, "an empty update is allowed")
	assert.Equal(t, tk.ID, u.ID)
	assert.Equal(t, tk.Status, u.Status)
	assert.Equal(t, tk.Subject, u.Subject)
	assert.Equal(t, tk.Priority, u.Priority)
}

func checkTicketInvalidStatus(t *T, e *ticketsEnv) {
	tk := e.create(t, "invalid-status")
	bad := "no-such-status-" + e.marker
	_, err := e.Tickets.Update(t.Context(), tk.ID, driver.TicketUpdate{Status: &bad})
	require.ErrorIs(t, err, driver.ErrInvalid, "an unknown status is ErrInvalid")
	g, err := e.Tickets.Get(t.Context(), tk.ID)
	require.NoError(t, err)
	assert.Equal(t, tk.Status, g.Status, "a refused update changes nothing")
}

func checkTicketComments(t *T, e *ticketsEnv) {
	d := e.Tickets
	tk := e.create(t, "comments")
	require.NoError(t, d.Comment(t.Context(), tk.ID, driver.Comment{Body: "Nota interna: revisar con jurídica."}), "internal note")
	require.NoError(t, d.Comment(t.Context(), tk.ID, driver.Comment{Public: true, Body: "Respuesta al ciudadano: su solicitud está en trámite."}), "public reply")
	g, err := d.Get(t.Context(), tk.ID)
	require.NoError(t, err, "the ticket is still there after comments")
	assert.Equal(t, tk.Subject, g.Subject)
	assert.Equal(t, tk.Body, g.Body, "comments do not replace the first message")
	assert.False(t, g.Updated.Before(tk.Updated), "a comment does not move Updated back")
	err = d.Comment(t.Context(), tk.ID, driver.Comment{Public: true, Body: "  "})
	assert.ErrorIs(t, err, driver.ErrInvalid, "an empty comment is ErrInvalid")
}

func checkTicketChangesWindow(t *T, e *ticketsEnv) {
	d := e.Tickets
	a := e.create(t, "window-a")
	e.wait(t)
	b := e.create(t, "window-b")
	ids := idSet(a, b)
	got := changedSince(t, d, a.Updated, ids)
	assert.ElementsMatch(t, []string{a.ID, b.ID}, ticketIDs(got), "the window starting at a's Updated includes a (inclusive) and b")
	if b.Updated.After(a.Updated) {
		got = changedSince(t, d, b.Updated, ids)
		assert.Equal(t, []string{b.ID}, ticketIDs(got), "a window starting after a's Updated leaves a out")
	} else {
		t.Errorf("two tickets created %s apart have Updated %s and %s", e.Resolution, a.Updated, b.Updated)
	}
	got = changedSince(t, d, time.Time{}, ids)
	assert.ElementsMatch(t, []string{a.ID, b.ID}, ticketIDs(got), "a zero since lists every ticket")
	got = changedSince(t, d, b.Updated.Add(time.Hour), ids)
	assert.Empty(t, got, "nothing changed in the future")
	for _, tk := range changedSince(t, d, a.Updated, ids) {
		want := a
		if tk.ID == b.ID {
			want = b
		}
		assert.Equal(t, want.Subject, tk.Subject, "Changes reports whole tickets")
		assert.Equal(t, want.Status, tk.Status)
		assert.True(t, want.Updated.Equal(tk.Updated), "Changes reports the same Updated as Create: %s vs %s", want.Updated, tk.Updated)
	}
}

func checkTicketChangesOrder(t *T, e *ticketsEnv) {
	d := e.Tickets
	a := e.create(t, "order-a")
	b := e.create(t, "order-b")
	c := e.create(t, "order-c")
	ss := e.statuses(t)
	e.wait(t)
	_, err := d.Update(t.Context(), a.ID, driver.TicketUpdate{Status: &ss[1]})
	require.NoError(t, err)
	e.wait(t)
	p := 90
	a2, err := d.Update(t.Context(), a.ID, driver.TicketUpdate{Priority: &p})
	require.NoError(t, err)
	ids := idSet(a, b, c)
	got := changedSince(t, d, a.Created, ids)
	assert.ElementsMatch(t, []string{a.ID, b.ID, c.ID}, ticketIDs(got), "a ticket updated twice is listed once")
	for i := 1; i < len(got); i++ {
		assert.False(t, got[i].Updated.Before(got[i-1].Updated), "Changes is in ascending Updated order: %s then %s", got[i-1].Updated, got[i].Updated)
	}
	if len(got) == 3 {
		last := got[2]
		assert.Equal(t, a.ID, last.ID, "the ticket updated last comes last")
		assert.Equal(t, ss[1], last.Status, "with its latest state")
		assert.Equal(t, a2.Priority, last.Priority)
		assert.True(t, a2.Updated.Equal(last.Updated), "and its latest Updated")
	}
}

func checkTicketChangesResume(t *T, e *ticketsEnv) {
	d := e.Tickets
	var made []driver.Ticket
	for i := range 5 {
		made = append(made, e.create(t, fmt.Sprintf("resume-%d", i)))
		if i == 2 {
			e.wait(t)
		}
	}
	ids := idSet(made...)
	since := made[0].Created
	all := changedSince(t, d, since, ids)
	require.Len(t, all, 5)
	// Read two, stop, resume from the last Updated seen, de-duplicate.
	stop := errors.New("stop here")
	var first []driver.Ticket
	err := d.Changes(t.Context(), since, func(tk driver.Ticket) error {
		if !ids[tk.ID] {
			return nil
		}
		first = append(first, tk)
		if len(first) == 2 {
			return stop
		}
		return nil
	})
	require.ErrorIs(t, err, stop, "Changes returns the error fn returned")
	require.Len(t, first, 2)
	seen := map[string]bool{}
	var order []string
	for _, tk := range first {
		seen[tk.ID] = true
		order = append(order, tk.ID)
	}
	rest := changedSince(t, d, first[1].Updated, ids)
	assert.True(t, slices.ContainsFunc(rest, func(tk driver.Ticket) bool { return tk.ID == first[1].ID }), "resuming at the last Updated seen lists that ticket again (inclusive window)")
	for _, tk := range rest {
		if !seen[tk.ID] {
			seen[tk.ID] = true
			order = append(order, tk.ID)
		}
	}
	assert.ElementsMatch(t, ticketIDs(all), order, "a resumed listing, de-duplicated, sees every ticket once")
}

func checkTicketChangesStop(t *T, e *ticketsEnv) {
	a := e.create(t, "stop-a")
	e.create(t, "stop-b")
	calls := 0
	boom := errors.New("boom")
	err := e.Tickets.Changes(t.Context(), a.Created, func(driver.Ticket) error {
		calls++
		return boom
	})
	assert.ErrorIs(t, err, boom, "Changes stops at fn's first error and returns it")
	assert.Equal(t, 1, calls, "fn is not called again after an error")
}

func checkTicketStatuses(t *T, e *ticketsEnv) {
	ss, err := e.Tickets.Statuses(t.Context())
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(ss), 2, "at least two statuses")
	seen := map[string]bool{}
	for _, s := range ss {
		assert.NotEmpty(t, s, "no empty status name")
		assert.False(t, seen[s], "status %q listed twice", s)
		seen[s] = true
	}
	for _, s := range e.Statuses {
		assert.Contains(t, ss, s, "the harness's status %q is one the system lists", s)
	}
}

// checkTicketErrorsWrap feeds hostile ids and values and requires typed
// errors, never a panic (runCheck turns a panic into a failure).
func checkTicketErrorsWrap(t *T, e *ticketsEnv) {
	d := e.Tickets
	typed := func(err error) bool {
		for _, s := range []error{driver.ErrNotFound, driver.ErrInvalid, driver.ErrUnavailable, driver.ErrAuth, driver.ErrUnsupported} {
			if errors.Is(err, s) {
				return true
			}
		}
		return false
	}
	for _, id := range []string{"\x00", "%", "?x=1", "💥", string(make([]byte, 2000)), "-1", "1.5"} {
		_, err := d.Get(t.Context(), id)
		if assert.Error(t, err, "Get(%q)", id) {
			assert.True(t, typed(err), "Get(%q): the error wraps a driver sentinel: %v", id, err)
		}
	}
	n := e.newTicket("long")
	n.Body = "línea\r\ncon \"comillas\" y \\barras\\ y <html>&amp; 'apóstrofo' %s %d"
	tk, err := d.Create(t.Context(), n)
	require.NoError(t, err, "special characters in a body")
	g, err := d.Get(t.Context(), tk.ID)
	require.NoError(t, err)
	assert.Equal(t, normNewlines(n.Body), normNewlines(g.Body), "special characters round-trip")
}

func normNewlines(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\r' {
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}

func checkTicketConcurrency(t *T, e *ticketsEnv) {
	d := e.Tickets
	n := e.Concurrency
	ss := e.statuses(t)
	var mu sync.Mutex
	var made []driver.Ticket
	var wg sync.WaitGroup
	errs := make(chan error, n*4)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tk, err := d.Create(t.Context(), e.newTicket(fmt.Sprintf("conc-%d", i)))
			if err != nil {
				errs <- fmt.Errorf("create %d: %w", i, err)
				return
			}
			if _, err := d.Update(t.Context(), tk.ID, driver.TicketUpdate{Status: &ss[1]}); err != nil {
				errs <- fmt.Errorf("update %s: %w", tk.ID, err)
			}
			if err := d.Comment(t.Context(), tk.ID, driver.Comment{Body: fmt.Sprintf("nota %d", i)}); err != nil {
				errs <- fmt.Errorf("comment %s: %w", tk.ID, err)
			}
			mu.Lock()
			made = append(made, tk)
			mu.Unlock()
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("%v", err)
	}
	require.Len(t, made, n)
	assert.Len(t, idSet(made...), n, "concurrent creates get distinct ids")
	// The same ticket updated from many goroutines: every update lands and
	// the ticket ends in one of the written states.
	tk := made[0]
	var wg2 sync.WaitGroup
	for i := range n {
		wg2.Add(1)
		go func() {
			defer wg2.Done()
			p := i * 100 / n
			if _, err := d.Update(t.Context(), tk.ID, driver.TicketUpdate{Priority: &p}); err != nil {
				t.Errorf("concurrent update %d: %v", i, err)
			}
			if err := d.Comment(t.Context(), tk.ID, driver.Comment{Body: fmt.Sprintf("nota concurrente %d", i)}); err != nil {
				t.Errorf("concurrent comment %d: %v", i, err)
			}
		}()
	}
	wg2.Wait()
	var oldest time.Time
	for _, m := range made {
		if oldest.IsZero() || m.Created.Before(oldest) {
			oldest = m.Created
		}
	}
	got := changedSince(t, d, oldest, idSet(made...))
	assert.ElementsMatch(t, ticketIDs(made), ticketIDs(got), "Changes lists every concurrently created ticket once")
	for _, g := range got {
		assert.Equal(t, ss[1], g.Status, "ticket %s kept its concurrent status update", g.ID)
	}
}

func checkTicketCancelled(t *T, e *ticketsEnv) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := e.Tickets.Create(ctx, e.newTicket("cancelled"))
	assert.Error(t, err, "Create with a cancelled context fails")
	_, err = e.Tickets.Get(ctx, "1")
	assert.Error(t, err, "Get with a cancelled context fails")
	err = e.Tickets.Changes(ctx, time.Time{}, func(driver.Ticket) error { return nil })
	assert.Error(t, err, "Changes with a cancelled context fails")
}

func checkTicketSurveys(t *T, e *ticketsEnv) {
	s, ok := e.Tickets.(driver.Surveys)
	if !ok {
		t.Skip("the adapter has no Surveys capability")
	}
	r, ok := e.Tickets.(driver.SurveyRecorder)
	if !ok {
		// Read-only surveys: listing must at least work.
		require.NoError(t, s.SurveyResponses(t.Context(), time.Now().Add(-time.Hour), func(driver.SurveyResponse) error { return nil }))
		return
	}
	tk := e.create(t, "survey")
	base := time.Now().UTC().Truncate(time.Second).Add(-time.Minute)
	var rs []driver.SurveyResponse
	for i, m := range []struct {
		metric string
		score  int
	}{{"csat", 5}, {"nps", 9}, {"ces", 2}} {
		rs = append(rs, driver.SurveyResponse{
			ID: fmt.Sprintf("%s-%d", e.marker, i), TicketID: tk.ID, Requester: "cliente-1", Service: "correo",
			Metric: m.metric, Score: m.score, Comment: "Atención rápida, gracias", Submitted: base.Add(time.Duration(i) * time.Second),
		})
	}
	require.NoError(t, r.RecordSurveys(t.Context(), rs))
	require.NoError(t, r.RecordSurveys(t.Context(), rs[:1]), "recording a response again is allowed")
	var got []driver.SurveyResponse
	require.NoError(t, s.SurveyResponses(t.Context(), base, func(x driver.SurveyResponse) error {
		if len(x.ID) > len(e.marker) && x.ID[:len(e.marker)] == e.marker {
			got = append(got, x)
		}
		return nil
	}))
	require.Len(t, got, 3, "each response once, even when recorded twice")
	for i := range got {
		assert.Equal(t, rs[i].ID, got[i].ID, "ascending Submitted order")
		assert.Equal(t, rs[i].Score, got[i].Score)
		assert.Equal(t, rs[i].Metric, got[i].Metric)
		assert.Equal(t, rs[i].TicketID, got[i].TicketID)
		assert.True(t, rs[i].Submitted.Equal(got[i].Submitted))
	}
	got = got[:0]
	require.NoError(t, s.SurveyResponses(t.Context(), base.Add(time.Second), func(x driver.SurveyResponse) error {
		if len(x.ID) > len(e.marker) && x.ID[:len(e.marker)] == e.marker {
			got = append(got, x)
		}
		return nil
	}))
	assert.Len(t, got, 2, "the since window is inclusive and leaves out earlier responses")
	bad := rs[0]
	bad.ID, bad.Score = e.marker+"-bad", 11
	assert.ErrorIs(t, r.RecordSurveys(t.Context(), []driver.SurveyResponse{bad}), driver.ErrInvalid, "a csat score of 11 is ErrInvalid")
	bad.Score, bad.Metric = 3, "stars"
	assert.ErrorIs(t, r.RecordSurveys(t.Context(), []driver.SurveyResponse{bad}), driver.ErrInvalid, "an unknown metric is ErrInvalid")
}

func checkTicketFieldLister(t *T, e *ticketsEnv) {
	f, ok := e.Tickets.(driver.FieldLister)
	if !ok {
		t.Skip("the adapter has no FieldLister capability")
	}
	fs, err := f.Fields(t.Context())
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, d := range fs {
		assert.NotEmpty(t, d.Name)
		assert.Contains(t, []string{"string", "int", "date", "enum"}, d.Type, "field %s type", d.Name)
		if d.Type == "enum" {
			assert.NotEmpty(t, d.Values, "enum field %s lists its values", d.Name)
		}
		seen[d.Name] = true
	}
	if e.Field != "" && e.StrictFields {
		// A system that takes any field name cannot list them all; one
		// that refuses unknown fields must list the ones it takes.
		assert.True(t, seen[e.Field], "the harness's field %q is listed", e.Field)
	}
}

func checkTicketAttacher(t *T, e *ticketsEnv) {
	a, ok := e.Tickets.(driver.Attacher)
	if !ok {
		t.Skip("the adapter has no Attacher capability")
	}
	tk := e.create(t, "attach")
	require.NoError(t, a.Attach(t.Context(), tk.ID, driver.Attachment{Name: "acta.txt", ContentType: "text/plain", Data: []byte("contenido")}))
	err := a.Attach(t.Context(), "999999999", driver.Attachment{Name: "x.txt", ContentType: "text/plain", Data: []byte("x")})
	assert.ErrorIs(t, err, driver.ErrNotFound, "attaching to a missing ticket is ErrNotFound")
}
