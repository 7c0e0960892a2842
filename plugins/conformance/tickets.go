package conformance

import (
	"context"
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
	// ChangesLag is how long the system's change feed (Changes) may take to
	// see a write, for systems that list changes from a search index that
	// lags the API (Zammad, GLPI: a second or more). A check that expects
	// Changes to list something polls it until it does or ChangesLag has
	// passed. Get must see every write at once. Default 0: Changes sees
	// every write at once.
	ChangesLag time.Duration
	// PageSize is the number of tickets the adapter's Changes asks the
	// system for per page. The paging check creates PageSize+2 tickets and
	// changes one while it lists them, so an adapter that pages by offset
	// skips one; 0 creates 3 (enough only for an adapter whose pages are
	// smaller).
	PageSize int
	// Secret is the secret (token, password) the adapter under test was
	// given. Every error any call returns, and every line Logs returns, is
	// scanned for it; a check fails where it appears. Empty: no scan.
	Secret string
	// Reopen, when set, opens another adapter to the same system with the
	// secret it is given. The Auth/WrongSecret check passes it a wrong,
	// random secret and requires ErrAuth from every method, with the secret
	// in no error and no log line. Nil: that check is not applicable.
	Reopen func(ctx context.Context, secret string) (driver.Tickets, error)
	// Logs, when set, returns every line the adapter has logged so far (a
	// plugin's log goes to the host's logger; see LogCapture). They are
	// scanned for the secrets.
	Logs func() []string
}

// ticketsEnv is what a ticket check receives: the harness, with Tickets
// wrapped so that every error is scanned for the secrets, and a unique
// marker for this run's subjects.
type ticketsEnv struct {
	TicketsHarness
	raw    driver.Tickets // the adapter itself, for capability assertions
	marker string

	mu          sync.Mutex
	secrets     []string // the harness's secret and the wrong ones the checks gave
	leaks       []string // where a secret appeared
	authRefused bool     // Auth/Connect met ErrAuth
}

// TicketsCheck is one named ticket behaviour.
type TicketsCheck = Check[*ticketsEnv]

// CheckDoc names a check and the rule it verifies.
type CheckDoc struct {
	Name string
	Rule string
}

// ticketsTable is the ticket suite: each check with the rule it verifies,
// in the order they run. The package documentation's list is generated
// from it (go generate; TestDocLists keeps them in step).
var ticketsTable = []tableCheck[*ticketsEnv]{
	{"Auth/Connect", "the first call (Statuses) succeeds; if the system refuses the credentials (ErrAuth), the run stops there with one message and every other check is reported as not run", checkTicketAuthConnect},
	{"Auth/WrongSecret", "opened with a wrong secret (TicketsHarness.Reopen), every method fails with ErrAuth, and the secret appears in no error and no log line", checkTicketWrongSecret},
	{"Create/RoundTrip", "Create returns the ticket as stored (subject, queue, status, times, custom field, requester); Get returns the same, body included with unicode and newlines; a reported priority written back reads back the same", checkTicketCreate},
	{"Create/Defaults", "a ticket with a subject only gets a status Statuses lists, no assignee and a priority in 0-100 (Priority 0 is the system's default)", checkTicketDefaults},
	{"Create/Invalid", "an unknown status or queue, an empty or blank subject, and a priority outside 0-100 (not clamped) are ErrInvalid", checkTicketCreateInvalid},
	{"Get/NotFound", "Get, Update and Comment of a ticket that does not exist, or of an id that cannot be one, are ErrNotFound", checkTicketNotFound},
	{"Get/ForeignIDs", `an id that is not the system's own but names a real ticket to a lax server ("12?x=1", "12/../13", "012", "+12", " 12", "12#x") is ErrNotFound for Get, Update and Comment and changes nothing: the adapter never sends it to the system`, checkTicketForeignIDs},
	{"Update/Status", "Update moves a ticket through the harness's statuses; Update and Get report the new status; Updated never goes back; Create honours a status", checkTicketStatus},
	{"Update/Assignee", `an assignee is set, reported and cleared with ""; an unknown user is ErrInvalid; Create honours an assignee`, checkTicketAssignee},
	{"Update/Priority", "priority 0 reads back lower than 100, both within 0-100, Get agrees with Update, and -1 and 101 are ErrInvalid (not clamped)", checkTicketPriority},
	{"Update/PriorityNearest", "writing a priority (every 5 from 0 to 100) reads back the system's level nearest to it, and so does Create (1 gives the lowest level)", checkTicketPriorityNearest},
	{"Update/FieldsMergeAndClear", `custom fields merge (fields not named are kept), a field is replaced, and a field set to "" is cleared and then absent from Fields (in Update, Get and Changes), not present with ""`, checkTicketFields},
	{"Update/UnknownField", "with StrictFields, a custom field the system does not have is ErrInvalid on Update and Create", checkTicketUnknownField},
	{"Update/NothingChangesNothing", "an empty update (and one with an empty Fields map) succeeds and changes nothing, Updated included", checkTicketEmptyUpdate},
	{"Update/InvalidStatus", "an unknown status is ErrInvalid and the refused update changes nothing", checkTicketInvalidStatus},
	{"Comment/PublicAndInternal", "a public reply and an internal note are taken without replacing the body; an empty or blank comment is ErrInvalid", checkTicketComments},
	{"Comment/BumpsUpdated", "a comment (internal or public) moves Updated forward, and Changes from the new Updated lists the ticket", checkTicketCommentBumps},
	{"Changes/InclusiveWindow", "Changes lists tickets updated at or after since (inclusive), none before, none for a future since, all for a zero since, each whole with the Updated Create reported", checkTicketChangesWindow},
	{"Changes/OrderAndUpdatedTwice", "Changes is in ascending Updated order, lists a ticket updated twice once, last, with its latest state", checkTicketChangesOrder},
	{"Changes/Resumable", "a listing stopped by fn and resumed from the last Updated seen lists that ticket again (inclusive) and, de-duplicated, every ticket once", checkTicketChangesResume},
	{"Changes/StopsOnError", "Changes stops at fn's first error and returns it", checkTicketChangesStop},
	{"Changes/NoSkipWhilePaging", "a ticket in the window when a listing began is listed at least once even when fn comments on another ticket meanwhile (pages by (Updated, ID), not by offset; fn may call the adapter)", checkTicketChangesPaging},
	{"Statuses/List", "Statuses lists two or more distinct, non-empty names, the harness's among them", checkTicketStatuses},
	{"Errors/HostileInput", "hostile ids (NUL, %, ?, emoji, 2000 bytes, -1, 1.5) give errors wrapping a driver sentinel, never a panic; quotes, backslashes, HTML and format verbs in a body round-trip", checkTicketErrorsWrap},
	{"Concurrency/CreateUpdateComment", "concurrent creates get distinct ids; concurrent updates and comments all land; Changes lists every ticket once with its status", checkTicketConcurrency},
	{"Context/Cancelled", "Create, Get and Changes fail with a cancelled context", checkTicketCancelled},
	{"Capability/Surveys", "with driver.Surveys (and SurveyRecorder): responses are listed once each, in Submitted order, inclusive window; a bad score or metric is ErrInvalid", checkTicketSurveys},
	{"Capability/FieldLister", "with driver.FieldLister: fields have a name and a known type, enums list values, and the harness's field is listed when StrictFields", checkTicketFieldLister},
	{"Capability/Attacher", "with driver.Attacher: an attachment is taken, and attaching to a missing ticket is ErrNotFound", checkTicketAttacher},
}

// TicketsChecks lists every ticket behaviour, in the order they run.
func TicketsChecks() []TicketsCheck {
	return checksOf(ticketsTable)
}

// TicketsCheckDocs lists every ticket check with the rule it verifies, in
// the order they run (the list in the package documentation).
func TicketsCheckDocs() []CheckDoc {
	return docsOf(ticketsTable)
}

// authNotRun is the reason given for the checks not run after Auth/Connect
// met ErrAuth.
const authNotRun = "not run: the ticket system refused the credentials (see Auth/Connect)"

// RunTickets runs every ticket check as a subtest of t. When the first
// check (Auth/Connect) meets ErrAuth, the others are skipped with one
// reason instead of failing one by one.
func RunTickets(t *testing.T, h TicketsHarness) {
	refused := false
	for _, c := range TicketsChecks() {
		t.Run(c.Name, func(t *testing.T) {
			if refused {
				t.Skip(authNotRun)
			}
			r, env := runTicketsCheck(context.Background(), c, h)
			refused = env.authRefused
			report1(t, r)
		})
	}
}

// RunTicketsChecks runs every ticket check against h outside `go test`
// (relaciona plugins check --kind tickets), calling progress after each,
// and returns the results. When Auth/Connect meets ErrAuth, the other
// checks are reported as skipped with one reason (authNotRun).
func RunTicketsChecks(ctx context.Context, h TicketsHarness, progress func(Result)) []Result {
	var out []Result
	refused := false
	for _, c := range TicketsChecks() {
		var r Result
		if refused {
			r = Result{Name: c.Name, Skipped: authNotRun}
		} else {
			var env *ticketsEnv
			r, env = runTicketsCheck(ctx, c, h)
			refused = env.authRefused
		}
		if progress != nil {
			progress(r)
		}
		out = append(out, r)
	}
	return out
}

// RunTicketsCheck runs one ticket check against h.
func RunTicketsCheck(ctx context.Context, c TicketsCheck, h TicketsHarness) Result {
	r, _ := runTicketsCheck(ctx, c, h)
	return r
}

func runTicketsCheck(ctx context.Context, c TicketsCheck, h TicketsHarness) (Result, *ticketsEnv) {
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
	if h.ChangesLag < 0 {
		h.ChangesLag = 0
	}
	env := &ticketsEnv{TicketsHarness: h, raw: h.Tickets, marker: "conf-" + randomHex(4)}
	if h.Secret != "" {
		env.secrets = []string{h.Secret}
	}
	env.Tickets = watched{Tickets: h.Tickets, e: env}
	logStart := 0
	if h.Logs != nil {
		logStart = len(h.Logs())
	}
	run := func(t *T, e *ticketsEnv) {
		defer e.reportLeaks(t, logStart)
		c.Run(t, e)
	}
	return runCheck(ctx, Check[*ticketsEnv]{Name: c.Name, Run: run}, env, timeout), env
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

	for _, subj := range []string{"", " \t "} {
		n = e.newTicket("no-subject")
		n.Subject = subj
		_, err = d.Create(t.Context(), n)
		assert.ErrorIs(t, err, driver.ErrInvalid, "a ticket with subject %q is ErrInvalid", subj)
	}

	for _, p := range []int{-1, 101, 1000} {
		n = e.newTicket("bad-priority")
		n.Priority = p
		_, err = d.Create(t.Context(), n)
		assert.ErrorIs(t, err, driver.ErrInvalid, "priority %d on create is ErrInvalid, not clamped", p)
	}
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
	v, has := u.Fields[e.Field]
	assert.False(t, has, "a field mapped to \"\" is cleared and absent from Update's Fields, not present as %q", v)
	g, err = d.Get(t.Context(), tk.ID)
	require.NoError(t, err)
	v, has = g.Fields[e.Field]
	assert.False(t, has, "the clear is stored: the field is absent from Get's Fields, not present as %q", v)
	got := e.changesUntil(t, g.Updated, idSet(tk), func(ts []driver.Ticket) bool {
		return len(ts) == 1 && !ts[0].Updated.Before(g.Updated)
	})
	if assert.Len(t, got, 1, "Changes lists the ticket whose field was cleared") {
		v, has = got[0].Fields[e.Field]
		assert.False(t, has, "a cleared field is absent from Changes' Fields, not present as %q", v)
	}
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
	e.wait(t) // a write now would get a later Updated
	for _, up := range []driver.TicketUpdate{{}, {Fields: map[string]string{}}} {
		u, err := e.Tickets.Update(t.Context(), tk.ID, up)
		require.NoError(t, err, "an empty update is allowed")
		assert.Equal(t, tk.ID, u.ID)
		assert.Equal(t, tk.Status, u.Status)
		assert.Equal(t, tk.Subject, u.Subject)
		assert.Equal(t, tk.Priority, u.Priority)
		assert.True(t, u.Updated.Equal(tk.Updated), "an empty update leaves Updated as it was: %s, then %s", tk.Updated, u.Updated)
		g, err := e.Tickets.Get(t.Context(), tk.ID)
		require.NoError(t, err)
		assert.True(t, g.Updated.Equal(tk.Updated), "after an empty update Get reports the Updated of before: %s, then %s", tk.Updated, g.Updated)
	}
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
	for _, body := range []string{"", "  \n\t"} {
		err = d.Comment(t.Context(), tk.ID, driver.Comment{Public: true, Body: body})
		assert.ErrorIs(t, err, driver.ErrInvalid, "a comment with body %q is ErrInvalid", body)
	}
}

func checkTicketChangesWindow(t *T, e *ticketsEnv) {
	d := e.Tickets
	a := e.create(t, "window-a")
	e.wait(t)
	b := e.create(t, "window-b")
	ids := idSet(a, b)
	got := e.changesUntil(t, a.Updated, ids, hasAll(ids))
	assert.ElementsMatch(t, []string{a.ID, b.ID}, ticketIDs(got), "the window starting at a's Updated includes a (inclusive) and b")
	if b.Updated.After(a.Updated) {
		got = changedSince(t, d, b.Updated, ids)
		assert.Equal(t, []string{b.ID}, ticketIDs(got), "a window starting after a's Updated leaves a out")
	} else {
		t.Errorf("two tickets created %s apart have Updated %s and %s", e.Resolution, a.Updated, b.Updated)
	}
	got = e.changesUntil(t, time.Time{}, ids, hasAll(ids))
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
	got := e.changesUntil(t, a.Created, ids, func(ts []driver.Ticket) bool {
		return len(ts) >= 3 && ts[len(ts)-1].ID == a.ID && ts[len(ts)-1].Updated.Equal(a2.Updated)
	})
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
	all := e.changesUntil(t, since, ids, hasAll(ids))
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
	b := e.create(t, "stop-b")
	e.changesUntil(t, a.Created, idSet(a, b), hasAll(idSet(a, b)))
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
	got := e.changesUntil(t, oldest, idSet(made...), func(ts []driver.Ticket) bool {
		if len(ts) != len(made) || !hasAll(idSet(made...))(ts) {
			return false
		}
		for _, g := range ts {
			if g.Status != ss[1] {
				return false
			}
		}
		return true
	})
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
	s, ok := e.raw.(driver.Surveys)
	if !ok {
		t.Skip("the adapter has no Surveys capability")
	}
	r, ok := e.raw.(driver.SurveyRecorder)
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
	f, ok := e.raw.(driver.FieldLister)
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
	a, ok := e.raw.(driver.Attacher)
	if !ok {
		t.Skip("the adapter has no Attacher capability")
	}
	tk := e.create(t, "attach")
	require.NoError(t, a.Attach(t.Context(), tk.ID, driver.Attachment{Name: "acta.txt", ContentType: "text/plain", Data: []byte("contenido")}))
	err := a.Attach(t.Context(), "999999999", driver.Attachment{Name: "x.txt", ContentType: "text/plain", Data: []byte("x")})
	assert.ErrorIs(t, err, driver.ErrNotFound, "attaching to a missing ticket is ErrNotFound")
}
