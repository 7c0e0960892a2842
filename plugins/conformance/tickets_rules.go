package conformance

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

// checkTicketAuthConnect makes the run's first call. ErrAuth here stops
// the run (RunTickets, RunTicketsChecks) with this one message.
func checkTicketAuthConnect(t *T, e *ticketsEnv) {
	ss, err := e.Tickets.Statuses(t.Context())
	if errors.Is(err, driver.ErrAuth) {
		e.mu.Lock()
		e.authRefused = true
		e.mu.Unlock()
		t.Errorf("the ticket system refused the adapter's credentials (ErrAuth) on the first call, Statuses: check the secret (token) given to the adapter and the account's rights; the other checks were not run. The error: %v", err)
		return
	}
	require.NoError(t, err, "Statuses, the first call of the run")
	require.NotEmpty(t, ss, "Statuses lists the system's statuses")
}

// checkTicketWrongSecret opens the adapter with a wrong secret the suite
// knows, so the secret scan covers the auth error path.
func checkTicketWrongSecret(t *T, e *ticketsEnv) {
	if e.Reopen == nil {
		t.Skip("the harness has no Reopen, so the suite cannot give the adapter a wrong secret")
	}
	tk := e.create(t, "wrong-secret")
	wrong := "Wr0ng-" + e.marker + "-s3cret+/="
	e.addSecret(wrong)
	a, err := e.Reopen(t.Context(), wrong)
	if err != nil {
		e.scan("Reopen error", err.Error())
		assert.ErrorIs(t, err, driver.ErrAuth, "opening with a wrong secret fails, if it fails at once, with ErrAuth")
		return
	}
	defer a.Close()
	w := watched{Tickets: a, e: e}
	ctx := t.Context()
	_, err = w.Statuses(ctx)
	assert.ErrorIs(t, err, driver.ErrAuth, "Statuses with a wrong secret")
	_, err = w.Get(ctx, tk.ID)
	assert.ErrorIs(t, err, driver.ErrAuth, "Get of an existing ticket with a wrong secret")
	p := 10
	_, err = w.Update(ctx, tk.ID, driver.TicketUpdate{Priority: &p})
	assert.ErrorIs(t, err, driver.ErrAuth, "Update with a wrong secret")
	err = w.Comment(ctx, tk.ID, driver.Comment{Body: "nota"})
	assert.ErrorIs(t, err, driver.ErrAuth, "Comment with a wrong secret")
	_, err = w.Create(ctx, e.newTicket("wrong-secret-create"))
	assert.ErrorIs(t, err, driver.ErrAuth, "Create with a wrong secret")
	err = w.Changes(ctx, time.Time{}, func(driver.Ticket) error { return nil })
	assert.ErrorIs(t, err, driver.ErrAuth, "Changes with a wrong secret")
}

// checkTicketForeignIDs gives ids that a lax server would resolve to a
// real ticket: an adapter that passes them on returns or changes that
// ticket, which the check sees.
func checkTicketForeignIDs(t *T, e *ticketsEnv) {
	d := e.Tickets
	a := e.create(t, "foreign-a")
	b := e.create(t, "foreign-b")
	ids := []string{a.ID + "?x=1", a.ID + "#x", a.ID + "/", a.ID + "/../" + b.ID, "./" + a.ID, " " + a.ID, a.ID + " ",
		a.ID + "\n", "0" + a.ID, "00" + a.ID, "+" + a.ID, a.ID + ".0", a.ID + "/comments", a.ID + ";x"}
	for _, id := range ids {
		g, err := d.Get(t.Context(), id)
		if err == nil {
			assert.Equal(t, id, g.ID, "Get(%q) returned ticket %q: an id that is not the system's own reached the system", id, g.ID)
		} else {
			assert.ErrorIs(t, err, driver.ErrNotFound, "Get(%q)", id)
		}
		p := 100
		_, err = d.Update(t.Context(), id, driver.TicketUpdate{Priority: &p})
		assert.ErrorIs(t, err, driver.ErrNotFound, "Update(%q)", id)
		err = d.Comment(t.Context(), id, driver.Comment{Body: "nota a un id ajeno"})
		assert.ErrorIs(t, err, driver.ErrNotFound, "Comment(%q)", id)
	}
	for _, x := range []driver.Ticket{a, b} {
		g, err := d.Get(t.Context(), x.ID)
		require.NoError(t, err)
		assert.True(t, g.Updated.Equal(x.Updated), "ticket %s was changed (Updated %s, then %s) by a request for an id that is not its own", x.ID, x.Updated, g.Updated)
		assert.Equal(t, x.Priority, g.Priority, "ticket %s's priority was changed by a request for an id that is not its own", x.ID)
	}
}

// checkTicketPriorityNearest learns the system's levels from what it
// reads back and requires the nearest one for every value written.
func checkTicketPriorityNearest(t *T, e *ticketsEnv) {
	d := e.Tickets
	tk := e.create(t, "priority-nearest")
	got := map[int]int{}
	levels := map[int]bool{}
	for p := 0; p <= 100; p += 5 {
		u, err := d.Update(t.Context(), tk.ID, driver.TicketUpdate{Priority: &p})
		require.NoError(t, err, "priority %d", p)
		got[p] = u.Priority
		levels[u.Priority] = true
	}
	ls := make([]int, 0, len(levels))
	for l := range levels {
		ls = append(ls, l)
	}
	sort.Ints(ls)
	nearest := func(p int) int {
		best := ls[0]
		for _, l := range ls {
			if abs(l-p) < abs(best-p) {
				best = l
			}
		}
		return best
	}
	for p := 0; p <= 100; p += 5 {
		best := nearest(p)
		assert.LessOrEqual(t, abs(got[p]-p), abs(best-p), "writing priority %d reads back %d, but the system has the level %d, nearer (levels seen: %v): pick the nearest level", p, got[p], best, ls)
	}
	for _, p := range []int{1, 96, 100} {
		n := e.newTicket(fmt.Sprintf("priority-create-%d", p))
		n.Priority = p
		c, err := d.Create(t.Context(), n)
		require.NoError(t, err, "create with priority %d", p)
		best := nearest(p)
		assert.LessOrEqual(t, abs(c.Priority-p), abs(best-p), "Create with priority %d reads back %d, but the system has the level %d, nearer (levels seen: %v)", p, c.Priority, best, ls)
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func checkTicketCommentBumps(t *T, e *ticketsEnv) {
	d := e.Tickets
	tk := e.create(t, "comment-bumps")
	prev := tk
	for _, public := range []bool{false, true} {
		e.wait(t)
		require.NoError(t, d.Comment(t.Context(), tk.ID, driver.Comment{Public: public, Body: "Seguimiento de la solicitud."}), "comment (public: %v)", public)
		g, err := d.Get(t.Context(), tk.ID)
		require.NoError(t, err)
		require.True(t, g.Updated.After(prev.Updated), "a comment (public: %v) moves Updated forward: %s, then %s", public, prev.Updated, g.Updated)
		got := e.changesUntil(t, g.Updated, idSet(tk), func(ts []driver.Ticket) bool {
			return len(ts) == 1 && ts[0].Updated.Equal(g.Updated)
		})
		if assert.Len(t, got, 1, "Changes from the comment's Updated lists the ticket") {
			assert.True(t, got[0].Updated.Equal(g.Updated), "Changes reports the Updated Get does: %s vs %s", got[0].Updated, g.Updated)
		}
		prev = g
	}
}

func checkTicketChangesPaging(t *T, e *ticketsEnv) {
	d := e.Tickets
	n := 3
	if e.PageSize > 0 {
		n = e.PageSize + 2
	}
	var made []driver.Ticket
	for i := range n {
		made = append(made, e.create(t, fmt.Sprintf("paging-%d", i)))
	}
	ids := idSet(made...)
	since := made[0].Created
	require.True(t, hasAll(ids)(e.changesUntil(t, since, ids, hasAll(ids))), "Changes lists the %d tickets just created", n)
	e.wait(t) // so the comment below gets a later Updated than every ticket
	seen := map[string]int{}
	commented := false
	err := d.Changes(t.Context(), since, func(tk driver.Ticket) error {
		if !ids[tk.ID] {
			return nil
		}
		seen[tk.ID]++
		if !commented {
			commented = true
			return d.Comment(t.Context(), tk.ID, driver.Comment{Body: "Nota escrita durante el listado."})
		}
		return nil
	})
	require.NoError(t, err, "Changes, with fn commenting on the first ticket")
	var skipped []string
	for _, m := range made {
		if seen[m.ID] == 0 {
			skipped = append(skipped, m.ID)
		}
	}
	assert.Empty(t, skipped, "tickets in the window when the listing began were skipped because another ticket changed during the listing: page by (Updated, ID), never by offset")
}
