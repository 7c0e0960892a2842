package stakeholder

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

func gather(t *testing.T, f *fixture, level int, kind InfoKind, topic, date string) (Information, error) {
	t.Helper()
	return f.svc.GatherInformation(ctx, actor(level), noon(t, date), Information{Topic: topic, Kind: kind, Source: "Mesa técnica", Gathered: day(t, date)})
}

// TestInformationLevels: seed 000 "Nivel 4": "la recopilación y difusión
// de información relevante" (general information at level 4) and "Nivel
// 5": "Captura y difunde información técnica y comercial" (technical and
// commercial at level 5), for gathering and for spreading; a refusal
// writes nothing.
func TestInformationLevels(t *testing.T) {
	cases := []struct {
		kind  InfoKind
		level int
		need  int
	}{
		{InfoGeneral, 4, 0},
		{InfoGeneral, 3, 4},
		{InfoTechnical, 4, 5},
		{InfoTechnical, 5, 0},
		{InfoCommercial, 4, 5},
		{InfoCommercial, 5, 0},
	}
	for _, tc := range cases {
		t.Run(string(tc.kind), func(t *testing.T) {
			f := newFixture(t, testYAML, true)
			before := f.auditLen(t)
			it, err := gather(t, f, tc.level, tc.kind, "Tarifas", "2026-02-02")
			if tc.need > 0 {
				var fe *relaciona.ForbiddenError
				require.ErrorAs(t, err, &fe)
				assert.Equal(t, tc.need, fe.NeedLevel)
				assert.Equal(t, before, f.auditLen(t))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "stakeholder.gather_information", f.lastAudit(t).Action)
			if tc.level > 4 {
				// Spreading it needs the same level.
				_, err := f.svc.SpreadInformation(ctx, actor(4), noon(t, "2026-02-03"), it.ID, it.Version,
					InfoSpread{Groups: []string{"gremios"}, Channel: "email", Date: day(t, "2026-02-03")})
				var fe *relaciona.ForbiddenError
				require.ErrorAs(t, err, &fe)
				assert.Equal(t, 5, fe.NeedLevel)
			}
		})
	}
	f := newFixture(t, testYAML, true)
	_, err := gather(t, f, 7, "secreta", "Tarifas", "2026-02-02")
	assert.Equal(t, "kind", proctest.Invalid(t, err).Field)
}

// TestSpreadInformation: a spread names stakeholders, groups or people of
// the register and directory, a channel of the catalogue and a date not
// before gathering; "never spread" finds the items no one was told of.
func TestSpreadInformation(t *testing.T) {
	f := newFixture(t, testYAML, true)
	a, err := gather(t, f, 4, InfoGeneral, "Cierre de vía", "2026-02-02")
	require.NoError(t, err)
	b, err := gather(t, f, 5, InfoTechnical, "Estudio de ruido", "2026-02-03")
	require.NoError(t, err)
	sp := InfoSpread{Stakeholders: []string{"camara"}, Groups: []string{"externos"}, People: []string{"p6"}, Channel: "email", Date: day(t, "2026-02-04")}
	for _, bad := range []struct {
		field string
		edit  func(*InfoSpread)
	}{
		{"to", func(s *InfoSpread) { s.Stakeholders, s.Groups, s.People = nil, nil, nil }},
		{"channel", func(s *InfoSpread) { s.Channel = "paloma" }},
		{"stakeholders[0]", func(s *InfoSpread) { s.Stakeholders = []string{"nadie"} }},
		{"groups[0]", func(s *InfoSpread) { s.Groups = []string{"nadie"} }},
		{"people[0]", func(s *InfoSpread) { s.People = []string{"nadie"} }},
		{"date", func(s *InfoSpread) { s.Date = day(t, "2026-02-01") }},
	} {
		x := sp
		bad.edit(&x)
		_, err := f.svc.SpreadInformation(ctx, actor(4), noon(t, "2026-02-04"), a.ID, a.Version, x)
		assert.Equal(t, bad.field, proctest.Invalid(t, err).Field)
	}
	got, err := f.svc.SpreadInformation(ctx, actor(4), noon(t, "2026-02-04"), a.ID, a.Version, sp)
	require.NoError(t, err)
	require.Len(t, got.Spreads, 1)
	assert.Equal(t, "p4", got.Spreads[0].By)
	assert.Equal(t, "stakeholder.spread_information", f.lastAudit(t).Action)

	id := func(it Information) string { return it.ID }
	never := func(q InfoQuery) []string {
		q.NeverSpread = true
		return idsOf(t, f.svc.InformationItems(ctx, q), id)
	}
	assert.Equal(t, []string{b.ID}, never(InfoQuery{}))
	assert.Equal(t, []string{b.ID}, never(InfoQuery{Kind: InfoTechnical, Topic: "ruido"}))
	assert.Empty(t, never(InfoQuery{Kind: InfoGeneral}))
	assert.Equal(t, []string{a.ID}, idsOf(t, f.svc.InformationItems(ctx, InfoQuery{Stakeholder: "camara"}), id))
}

// TestSpreadInformationIsVersioned: a spread is written under the version
// the caller read; a stale version is refused with ErrConflict, and of
// two spreads at once on the same version exactly one is written.
func TestSpreadInformationIsVersioned(t *testing.T) {
	f := newFixture(t, testYAML, true)
	it, err := gather(t, f, 4, InfoGeneral, "Cierre de vía", "2026-02-02")
	require.NoError(t, err)
	sp := InfoSpread{Groups: []string{"gremios"}, Channel: "email", Date: day(t, "2026-02-04")}
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := f.svc.SpreadInformation(ctx, actor(4), noon(t, "2026-02-04"), it.ID, it.Version, sp)
			errs <- err
		}()
	}
	var ok, conflicts int
	for range 2 {
		err := <-errs
		switch {
		case err == nil:
			ok++
		case assert.ErrorIs(t, err, relaciona.ErrConflict):
			conflicts++
		}
	}
	assert.Equal(t, [2]int{1, 1}, [2]int{ok, conflicts})
	cur, err := f.svc.GetInformation(ctx, it.ID)
	require.NoError(t, err)
	assert.Len(t, cur.Spreads, 1, "the loser wrote nothing")
	_, err = f.svc.SpreadInformation(ctx, actor(4), noon(t, "2026-02-05"), it.ID, it.Version, sp)
	assert.ErrorIs(t, err, relaciona.ErrConflict, "a stale version")
	got, err := f.svc.SpreadInformation(ctx, actor(4), noon(t, "2026-02-05"), it.ID, cur.Version, sp)
	require.NoError(t, err)
	assert.Len(t, got.Spreads, 2)
	again, err := f.svc.GetInformation(ctx, it.ID)
	require.NoError(t, err)
	assert.Equal(t, again.Version, got.Version, "the version returned is the one stored")
}
