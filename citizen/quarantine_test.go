package citizen

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// poisonTickets creates ten good tickets and three that break a rule in the
// PQRSD queue, and returns the ids of the bad ones by the field they break.
func poisonTickets(t *testing.T, f *fixture, tk *relaciona.Tickets) map[string]string {
	t.Helper()
	for i := range 10 {
		_, err := tk.Create(f.ctx, relaciona.NewTicket{Queue: "pqrsd", Subject: "Solicitud", Body: "Texto", Requester: "c@example.co",
			Fields: map[string]string{"pqrsd_type": []string{"peticion", "queja"}[i%2]}})
		require.NoError(t, err)
	}
	bad := map[string]string{}
	for field, n := range map[string]relaciona.NewTicket{
		"body":       {Queue: "pqrsd", Subject: "Larga", Body: strings.Repeat("a", MaxDescription+1)},
		"subject":    {Queue: "pqrsd", Subject: strings.Repeat("s", 501), Body: "Texto"},
		"pqrsd_type": {Queue: "pqrsd", Subject: "Tipo", Body: "Texto", Fields: map[string]string{"pqrsd_type": "xyz"}},
	} {
		tc, err := tk.Create(f.ctx, n)
		require.NoError(t, err)
		bad[field] = tc.ID
	}
	return bad
}

func TestFileNewTicketsQuarantinesPoisonTicketsAndFilesTheRest(t *testing.T) {
	now := at("2026-03-13")
	f, _, tk := withDesk(t, &now)
	bad := poisonTickets(t, f, tk)
	q := relaciona.NewQuarantine(f.store)

	res, err := f.s.FileNewTickets(f.ctx, job, time.Time{}, at("2026-03-13"))
	require.NoError(t, err, "a bad ticket does not stop the others")
	assert.Equal(t, 10, res.Filed)
	require.Len(t, res.Quarantined, 3)
	byID := map[string]relaciona.Quarantined{}
	for _, e := range res.Quarantined {
		byID[e.ItemID] = e
	}
	for field, id := range bad {
		e, ok := byID[id]
		require.True(t, ok, "ticket %s (%s) is quarantined", id, field)
		assert.Equal(t, TicketSource, e.Source)
		assert.Equal(t, field, e.Field, "the rule names the ticket's field")
		assert.Equal(t, "invalid", e.Code)
		assert.NotEmpty(t, e.Rule)
		assert.Equal(t, 1, e.Attempts)
		assert.NotContains(t, e.Rule, "aaaa", "no ticket content in the register")
	}
	assert.Contains(t, byID[bad["pqrsd_type"]].Rule, `unknown PQRSD type "xyz"`, "in the deployment's language")
	n, err := f.store.Count(f.ctx, "citizen.pqrsd", relaciona.Filter{})
	require.NoError(t, err)
	assert.EqualValues(t, 10, n)

	entries := f.audits(t)
	res, err = f.s.FileNewTickets(f.ctx, job, time.Time{}, at("2026-03-13"))
	require.NoError(t, err)
	assert.Zero(t, res.Filed)
	assert.Len(t, res.Quarantined, 3, "still waiting")
	assert.Equal(t, entries, f.audits(t), "the same call again writes nothing")

	// Fixed in the ticket system: filed by the next call, and released.
	now = at("2026-03-16")
	_, err = tk.Update(f.ctx, bad["pqrsd_type"], relaciona.Update{Fields: map[string]string{"pqrsd_type": "reclamo"}})
	require.NoError(t, err)
	res, err = f.s.FileNewTickets(f.ctx, job, time.Time{}, at("2026-03-16"))
	require.NoError(t, err)
	assert.Equal(t, 1, res.Filed)
	assert.Equal(t, []string{bad["pqrsd_type"]}, res.Released)
	_, err = q.Get(f.ctx, TicketSource, bad["pqrsd_type"])
	assert.ErrorIs(t, err, relaciona.ErrNotFound, "a filed ticket leaves quarantine")
	for _, field := range []string{"body", "subject"} {
		e, err := q.Get(f.ctx, TicketSource, bad[field])
		require.NoError(t, err)
		assert.Equal(t, 2, e.Attempts, "%s: still bad, tried again", field)
		assert.Equal(t, at("2026-03-13").UTC(), e.First)
		assert.Equal(t, at("2026-03-16").UTC(), e.Last)
	}
	var left int
	for _, err := range q.Waiting(f.ctx, TicketSource) {
		require.NoError(t, err)
		left++
	}
	assert.Equal(t, 2, left, "one entry per ticket, not one per attempt")
}

func TestFileNewTicketsRetriesWaitingTicketsOutsideTheWindow(t *testing.T) {
	now := at("2026-03-13")
	f, _, tk := withDesk(t, &now)
	bad, err := tk.Create(f.ctx, relaciona.NewTicket{Queue: "pqrsd", Subject: "Tipo", Body: "Texto", Fields: map[string]string{"pqrsd_type": "xyz"}})
	require.NoError(t, err)
	res, err := f.s.FileNewTickets(f.ctx, job, time.Time{}, at("2026-03-13"))
	require.NoError(t, err)
	require.Len(t, res.Quarantined, 1)

	q := relaciona.NewQuarantine(f.store)
	// Still bad and no longer in the window: tried again all the same.
	res, err = f.s.FileNewTickets(f.ctx, job, at("2026-05-01"), at("2026-05-01"))
	require.NoError(t, err)
	assert.Len(t, res.Quarantined, 1)
	e, err := q.Get(f.ctx, TicketSource, bad.ID)
	require.NoError(t, err)
	assert.Equal(t, 2, e.Attempts)
}

func TestCheckTicketNamesTheTicketFieldInTheDeploymentsLanguage(t *testing.T) {
	now := at("2026-03-13")
	f, _, _ := withDesk(t, &now)
	tests := []struct {
		name   string
		ticket relaciona.Ticket
		field  string
		msg    string
	}{
		{"unknown type", relaciona.Ticket{ID: "1", Subject: "x", Fields: map[string]string{"pqrsd_type": "XYZ "}}, "pqrsd_type", `unknown PQRSD type "xyz"`},
		{"unknown kind", relaciona.Ticket{ID: "2", Subject: "x", Fields: map[string]string{"request_kind": "otra"}}, "request_kind", `unknown request kind "otra"`},
		{"long body", relaciona.Ticket{ID: "3", Subject: "x", Body: strings.Repeat("b", MaxDescription+1)}, "body", "longer than 4000"},
		{"long subject", relaciona.Ticket{ID: "4", Subject: strings.Repeat("s", 501)}, "subject", "longer than 500"},
		{"empty", relaciona.Ticket{ID: "5"}, "subject", "needs a subject or a description"},
		{"created later", relaciona.Ticket{ID: "6", Subject: "x", Created: at("2026-03-14")}, "created", "future"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.ticket.Queue = "pqrsd"
			if tc.ticket.Created.IsZero() {
				tc.ticket.Created = at("2026-03-12")
			}
			_, err := f.s.checkTicket(tc.ticket, job.ID, at("2026-03-13"), nil)
			ve := proctest.Invalid(t, err)
			assert.Equal(t, tc.field, ve.Field)
			assert.Contains(t, ve.Msg, tc.msg)
		})
	}
}
