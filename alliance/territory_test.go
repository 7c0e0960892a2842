package alliance

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// TestMeasurementUpdatesStandingInTheSameBatch: each measurement batch
// rewrites the standing of the alliances it measures in the registry, in
// the same audited batch; a refused batch changes no standing; a late
// measurement of an earlier year leaves the current year's standing.
func TestMeasurementUpdatesStandingInTheSameBatch(t *testing.T) {
	f := newFixture(t).to(PhaseMonitoring)
	n := f.audits()
	require.NoError(t, f.s.RecordMeasurements(f.ctx, enc, []Measurement{
		{Alliance: "convenio-sence", Date: day("2026-03-31"), Sent: 10, Accepted: 8, Resolved: 6, Answered: 8, AnswerDays: 3},
		{Alliance: "red-comercio", Date: day("2026-03-31"), Sent: 4, Accepted: 1, Resolved: 1, Answered: 4, AnswerDays: 9},
	}))
	assert.Equal(t, n+1, f.audits(), "one batch")
	e := f.lastAudit()
	var kinds []string
	for _, c := range e.Changes {
		kinds = append(kinds, c.Kind+"/"+c.ID)
	}
	assert.ElementsMatch(t, []string{
		KindMeasurement + "/convenio-sence:2026-03-31", KindMeasurement + "/red-comercio:2026-03-31",
		KindAlliance + "/convenio-sence", KindAlliance + "/red-comercio",
	}, kinds, "the measurements and the standings they change are one audit entry")

	sence := mustAlliance(t, f, "convenio-sence")
	require.NotNil(t, sence.Standing)
	assert.Equal(t, day("2026-03-31"), sence.Standing.AsOf)
	assert.Equal(t, 2026, sence.Standing.Year)
	assert.Equal(t, 10, sence.Standing.Totals.Sent)
	assert.Equal(t, 1, sence.Standing.Met, "acceptance 0.8 meets 0.6")
	assert.Equal(t, 0, sence.Standing.Below)
	rc := mustAlliance(t, f, "red-comercio")
	require.NotNil(t, rc.Standing)
	assert.Equal(t, 3, rc.Standing.Below, "resolution 0.25 < 0.5, 9 days > 5, 4 sent < 10")
	assert.Nil(t, mustAlliance(t, f, "convenio-junji").Standing, "not measured")

	// Year to date: the second month adds up with the first.
	require.NoError(t, f.s.RecordMeasurement(f.ctx, enc, Measurement{Alliance: "convenio-sence", Date: day("2026-04-30"), Sent: 10, Accepted: 2, Resolved: 1}))
	sence = mustAlliance(t, f, "convenio-sence")
	assert.Equal(t, day("2026-04-30"), sence.Standing.AsOf)
	assert.Equal(t, 20, sence.Standing.Totals.Sent)
	assert.Equal(t, 10, sence.Standing.Totals.Accepted)
	assert.Equal(t, 0, sence.Standing.Met)
	assert.Equal(t, 1, sence.Standing.Below, "acceptance 0.5 < 0.6")

	// A refused batch changes no standing.
	err := f.s.RecordMeasurements(f.ctx, enc, []Measurement{
		{Alliance: "convenio-sence", Date: day("2026-05-31"), Sent: 50, Accepted: 50, Resolved: 50},
		{Alliance: "red-comercio", Date: day("2026-05-31"), Sent: 1, Accepted: 2},
	})
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Equal(t, sence, mustAlliance(t, f, "convenio-sence"))

	// A late measurement of last year is stored but leaves this year's standing.
	require.NoError(t, f.s.RecordMeasurement(f.ctx, enc, Measurement{Alliance: "convenio-sence", Date: day("2025-12-31"), Sent: 3, Accepted: 3, Resolved: 3}))
	assert.Equal(t, sence.Standing, mustAlliance(t, f, "convenio-sence").Standing)
}

// TestTerritoriesDerivedFromTheRegistry: the Estudio Territorial per
// commune lists the partners with the alliances in force and the standing
// the registry holds now.
func TestTerritoriesDerivedFromTheRegistry(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.Territories(f.ctx, "omil-nowhere")
	require.ErrorIs(t, err, relaciona.ErrInvalid)

	partners := func(ts []Territory) map[string][]string {
		out := map[string][]string{}
		for _, t := range ts {
			for _, p := range t.Partners {
				out[t.Commune] = append(out[t.Commune], p.Alliance)
			}
			for _, p := range t.Others {
				out[t.Commune] = append(out[t.Commune], "-"+p.Organisation)
			}
		}
		return out
	}
	ts, err := f.s.Territories(f.ctx, office)
	require.NoError(t, err)
	assert.Equal(t, map[string][]string{
		"Quilpué":      {"-cft-regional"},
		"Valparaíso":   {"red-comercio", "convenio-junji", "convenio-sence", "-centro-negocios", "-fosis-valparaiso", "-fundacion-emplea"},
		"Viña del Mar": {"vinculo-inclusion"},
	}, partners(ts))
	assert.Equal(t, []string{"Quilpué", "Valparaíso", "Viña del Mar"}, []string{ts[0].Commune, ts[1].Commune, ts[2].Commune})

	f.to(PhaseMonitoring)
	require.NoError(t, f.s.RecordMeasurement(f.ctx, enc, Measurement{Alliance: "vinculo-inclusion", Date: day("2026-03-31"), Sent: 2, Accepted: 1, Resolved: 1}))
	ts, err = f.s.Territories(f.ctx, office)
	require.NoError(t, err)
	require.Len(t, ts[2].Partners, 1)
	assert.Equal(t, mustAlliance(t, f, "vinculo-inclusion").Standing, ts[2].Partners[0].Standing, "the study shows the registry's standing")
	assert.Equal(t, KindLink, ts[2].Partners[0].Kind)

	_, err = f.s.ChangeKind(f.ctx, gestor, "vinculo-inclusion", day("2026-04-01"), StepActivate, LinkChange{Reason: "opera"})
	require.NoError(t, err)
	ts, err = f.s.Territories(f.ctx, office)
	require.NoError(t, err)
	assert.Equal(t, KindUnderstanding, ts[2].Partners[0].Kind, "a change of kind shows at once")

	f.feed("2026-06-30")
	_, err = f.s.OpenReview(f.ctx, enc, office, day("2026-12-02"), false, nil)
	require.NoError(t, err)
	require.NoError(t, f.s.DecideAlliance(f.ctx, enc, "vinculo-inclusion", day("2026-12-03"), Drop, "no deriva"))
	_, err = f.s.End(f.ctx, enc, "vinculo-inclusion", day("2026-12-04"), "no deriva")
	require.NoError(t, err)
	ts, err = f.s.Territories(f.ctx, office)
	require.NoError(t, err)
	assert.Equal(t, []string{"-fundacion-inclusion"}, partners(ts)["Viña del Mar"], "an ended alliance makes no partner")
}
