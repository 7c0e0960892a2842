package satisfaction

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// refusalsStored lists the stored refusals' keys.
func (f *fixture) refusalsStored(t *testing.T) []RefusedAnswer {
	t.Helper()
	out, err := f.p.refusals.Values(f.ctx, relaciona.Filter{})
	require.NoError(t, err)
	return out
}

// refusedAnswers are one answer of each refusal reason, and one taken.
func refusedAnswers() []relaciona.SurveyResponse {
	open := ts("2026-03-05T10:00:00Z")
	late := ts("2026-03-12T00:00:01Z")
	return []relaciona.SurveyResponse{
		answer("S1", "T-1", "csat", 5, open, ""),                  // taken
		answer("S2", "T-1", "csat", 4, open.Add(time.Hour), ""),   // already answered
		answer("S3", "", "csat", 5, open, ""),                     // no ticket
		answer("S4", "T-9", "csat", 5, open, ""),                  // not invited
		answer("S5", "T-9", "nps", 9, open, ""),                   // not invited, another metric
		answer("S6", "T-1", "nps", 3, open, ""),                   // comment required
		answer("S7", "T-1", "ces", 5, late, ""),                   // expired
		answer("S8", "T-1", "csat", 3, open.Add(2*time.Hour), ""), // already answered again: same key as S2
	}
}

// TestRefusedAnswersStoredOnceByReason: Run's sync stores each refused
// answer once per ticket, metric and reason, with no personal data, and a
// re-run of the same sync (the same answers read again) stores nothing
// new; the period and CMI reports count them by month and reason.
func TestRefusedAnswersStoredOnceByReason(t *testing.T) {
	f := newFixture(t).invitedT1(t, SurveyConf{LifetimeDays: 9, CommentBelow: map[string]int{"csat": 3, "nps": 7}})

	rs := refusedAnswers()
	at := ts("2026-03-13T00:00:00Z")
	res, err := f.p.importSurveys(f.ctx, f.mgr, rs, at, false) // Run's sync
	require.NoError(t, err)
	assert.Equal(t, 1, res.Stored)
	assert.Len(t, res.Refused, 7, "every refused answer is still listed")
	got := f.refusalsStored(t)
	require.Len(t, got, 6, "S2 and S8 are one refusal: same ticket, metric and reason")
	byReason := map[string]int{}
	for _, r := range got {
		byReason[r.Reason]++
		assert.NotEqual(t, "salud@example", r.Client)
	}
	assert.Equal(t, map[string]int{RefusedAnswered: 1, RefusedNoTicket: 1, RefusedNotInvited: 2, RefusedNoComment: 1, RefusedExpired: 1}, byReason)

	before := f.auditCount(t)
	res, err = f.p.importSurveys(f.ctx, f.mgr, rs, at, false)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Unchanged)
	assert.Len(t, f.refusalsStored(t), 6, "a re-run of the same sync stores nothing new")
	assert.Equal(t, before, f.auditCount(t), "nothing written at all")

	// Through Run: the desk's answers read from the start again.
	require.NoError(t, f.desk.RecordSurveys(f.ctx, rs))
	for range 2 {
		_, err = f.p.Run(f.ctx, f.mgr, day("2026-03-13"))
		require.NoError(t, err)
		require.NoError(t, f.store.Update(f.ctx, f.mgr, "test.reset", "sync from the start", 1, func(b *relaciona.Batch) error {
			d, err := f.p.state.Get(f.ctx, "sync")
			if err != nil {
				return err
			}
			z := syncState{}
			f.p.state.Put(b, &z, d.Version)
			return nil
		}))
	}
	assert.Len(t, f.refusalsStored(t), 6, "re-syncing from the start stores nothing new")

	t.Run("a strict import stores no refusal", func(t *testing.T) {
		g := newFixture(t).withSurveys(SurveyConf{LifetimeDays: 9})
		_, err := g.p.ImportSurveys(g.ctx, g.mgr, []relaciona.SurveyResponse{answer("S4", "T-9", "csat", 5, at, "")}, at)
		require.ErrorIs(t, err, relaciona.ErrInvalid)
		assert.Empty(t, g.refusalsStored(t))
	})

	rc, err := f.p.Refusals(f.ctx, Month{2026, 2}, Month{2026, 3})
	require.NoError(t, err)
	require.Len(t, rc, 2)
	assert.Zero(t, rc[0].Total)
	assert.Equal(t, 6, rc[1].Total)
	assert.Equal(t, 2, rc[1].ByReason[RefusedNotInvited])

	doc, err := f.p.PeriodReport(f.ctx, Month{2026, 2}, Month{2026, 3}, relaciona.Spanish, ReportOptions{})
	require.NoError(t, err)
	var found bool
	for _, s := range doc.Sections {
		if s.ID == "rechazadas-periodo" {
			found = true
			assert.Equal(t, "Respuestas rechazadas por motivo", s.Title)
		}
	}
	assert.True(t, found, "the period report counts the refused answers by reason")
}

// TestRefusalsUnderConcurrentSyncs: two syncs reading the same refused
// answers at once store each refusal once.
func TestRefusalsUnderConcurrentSyncs(t *testing.T) {
	f := newFixture(t).invitedT1(t, SurveyConf{LifetimeDays: 9, CommentBelow: map[string]int{"csat": 3, "nps": 7}})
	rs := refusedAnswers()[2:] // refusals only
	at := ts("2026-03-13T00:00:00Z")
	errs := atOnce(2, func(int) error {
		_, err := f.p.importSurveys(f.ctx, f.mgr, rs, at, false)
		return err
	})
	require.NoError(t, errs[0])
	require.NoError(t, errs[1])
	assert.Len(t, f.refusalsStored(t), 5)
}
