package citizen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// citeDefaults records and cites on version one input of each default
// required kind.
func (f *fixture) citeDefaults(t testing.TB, version int) {
	t.Helper()
	var ids []string
	for _, k := range DefaultRequiredInputs() {
		id := "in-" + string(k)
		if _, err := f.s.rec.inputs.Get(f.ctx, id); err != nil {
			f.input(t, id, k)
		}
		ids = append(ids, id)
	}
	_, err := f.s.CiteInputs(f.ctx, lead, version, ids, at("2026-01-09"))
	require.NoError(t, err)
}

// TestAdoptNeedsTheLeadersOfEveryDependencyInvolved: seed 002, activity 2
// ("Coordinar la socialización de la estrategia ... con los líderes de las
// dependencias"): a version is adopted only once the leaders of every
// dependency its entries name were told, by SocialiseStrategy or a
// leaders event (which socialises the version in the same batch); the
// socialisation of the versions it adjusts counts.
func TestAdoptNeedsTheLeadersOfEveryDependencyInvolved(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.s.Setup(f.ctx, lead, at("2026-01-05")))
	f.citeDefaults(t, 1)
	_, err := f.s.SocialiseStrategy(f.ctx, lead, 1, []string{"hacienda"}, at("2026-01-12"))
	require.NoError(t, err)
	_, err = f.s.AdoptStrategy(f.ctx, boss, 1, at("2026-01-13"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "version 1 was not socialised with the leaders of: atencion, planeacion")

	ev, err := f.s.RecordEvent(f.ctx, lead, Event{ID: "lideres-1", Audience: AudienceLeaders, Strategy: 1, Date: d("2026-01-13"), Dependencies: []string{"atencion"},
		Attendance: 2, Material: Material{Title: "Presentación", URL: "https://example.gov.co/estrategia.pdf"}}, at("2026-01-13"))
	require.NoError(t, err)
	assert.Equal(t, "luis-lider", ev.By)
	_, err = f.s.AdoptStrategy(f.ctx, boss, 1, at("2026-01-14"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "leaders of: planeacion")
	v, err := f.s.Strategy(f.ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, []string{"hacienda", "atencion"}, v.SocialisedTo, "the leaders event socialised the version")

	// An adjustment socialised with one dependency inherits the
	// socialisation of the version it adjusts.
	_, err = f.s.SocialiseStrategy(f.ctx, lead, 1, []string{"planeacion"}, at("2026-01-14"))
	require.NoError(t, err, "a socialised version is socialised with more leaders")
	v2, err := f.s.DraftStrategy(f.ctx, lead, v.Entries, 1, "Observaciones", at("2026-01-15"))
	require.NoError(t, err)
	_, err = f.s.SocialiseStrategy(f.ctx, lead, v2.Version, []string{"hacienda"}, at("2026-01-16"))
	require.NoError(t, err)
	got, err := f.s.AdoptStrategy(f.ctx, boss, v2.Version, at("2026-01-19"))
	require.NoError(t, err)
	assert.Equal(t, StrategyAdopted, got.Status)
}

// TestRecordEventChecksItsAudience: leaders name known dependencies; staff
// name attendees from the directory and count at least them; value
// groups name known segments; a material title; a version that exists;
// skills actions of the event's audience.
func TestRecordEventChecksItsAudience(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.s.Setup(f.ctx, lead, at("2026-01-05")))
	_, err := f.s.RecordSkillsAction(f.ctx, lead, SkillsAction{ID: "lenguaje-claro", Audience: AudienceStaff, Skill: "Lenguaje claro", Target: 10, Due: d("2026-06-30"),
		Responsible: "atencion", Owner: "ana-atencion"}, at("2026-01-06"))
	require.NoError(t, err)
	base := func(a Audience) Event {
		return Event{ID: "e", Audience: a, Strategy: 1, Date: d("2026-02-02"), Attendance: 3, Material: Material{Title: "Guía"}}
	}
	for _, tc := range []struct {
		name, field string
		e           Event
	}{
		{"unknown audience", "audience", func() Event { e := base("public"); return e }()},
		{"leaders without dependencies", "dependencies", base(AudienceLeaders)},
		{"unknown dependency", "dependencies[0]", func() Event { e := base(AudienceLeaders); e.Dependencies = []string{"salud"}; return e }()},
		{"staff without attendees", "attendees", base(AudienceStaff)},
		{"stranger attends", "attendees[0]", func() Event { e := base(AudienceStaff); e.Attendees = []string{"pedro"}; return e }()},
		{"attendance below attendees", "attendance", func() Event {
			e := base(AudienceStaff)
			e.Attendees, e.Attendance = []string{"ana-atencion", "luis-lider"}, 1
			return e
		}()},
		{"value groups without segments", "segments", base(AudienceValueGroups)},
		{"unknown segment", "segments[0]", func() Event { e := base(AudienceValueGroups); e.Segments = []string{"marcianos"}; return e }()},
		{"no material", "material.title", func() Event {
			e := base(AudienceValueGroups)
			e.Segments = []string{"organizaciones"}
			e.Material.Title = ""
			return e
		}()},
		{"no such version", "strategy", func() Event {
			e := base(AudienceValueGroups)
			e.Segments = []string{"organizaciones"}
			e.Strategy = 9
			return e
		}()},
		{"action of another audience", "actions[0]", func() Event {
			e := base(AudienceValueGroups)
			e.Segments, e.Actions = []string{"organizaciones"}, []string{"lenguaje-claro"}
			return e
		}()},
		{"no such action", "actions[0]", func() Event {
			e := base(AudienceStaff)
			e.Attendees, e.Actions = []string{"ana-atencion"}, []string{"nada"}
			return e
		}()},
	} {
		_, err := f.s.RecordEvent(f.ctx, lead, tc.e, at("2026-02-02"))
		ve := proctest.Invalid(t, err, tc.name)
		assert.Equal(t, tc.field, ve.Field, tc.name)
	}
	e := base(AudienceStaff)
	e.Attendees, e.Attendance, e.Actions = []string{"ana-atencion"}, 0, []string{"lenguaje-claro"}
	got, err := f.s.RecordEvent(f.ctx, lead, e, at("2026-02-02"))
	require.NoError(t, err)
	assert.Equal(t, 1, got.Attendance, "the attendees named count when no attendance is given")
	_, err = f.s.RecordEvent(f.ctx, clerk, e, at("2026-02-02"))
	assert.ErrorIs(t, err, relaciona.ErrForbidden)
}
