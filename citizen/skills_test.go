package citizen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// TestSkillsActionOverdueTellsItsOwnerOnce: seed 002, result "Estrategia
// de fortalecimiento de habilidades y competencias en los grupos de valor y
// servidores públicos": an action's progress is the attendance of the
// events linked to it; when its due date passes with the target unmet, Run
// tells its owner once (a met action, or one not yet due, tells no one).
func TestSkillsActionOverdueTellsItsOwnerOnce(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.s.Setup(f.ctx, lead, at("2026-01-05")))
	for _, x := range []SkillsAction{
		{ID: "lenguaje-claro", Audience: AudienceStaff, Skill: "Lenguaje claro", Target: 5, Due: d("2026-03-31"), Responsible: "atencion", Owner: "ana-atencion"},
		{ID: "tramites-en-linea", Audience: AudienceValueGroups, Segments: []string{"organizaciones"}, Skill: "Trámites en línea", Target: 10, Due: d("2026-03-31"),
			Responsible: "planeacion", Owner: "luis-lider"},
	} {
		_, err := f.s.RecordSkillsAction(f.ctx, lead, x, at("2026-01-06"))
		require.NoError(t, err)
	}
	_, err := f.s.RecordEvent(f.ctx, lead, Event{ID: "taller-1", Audience: AudienceStaff, Strategy: 1, Date: d("2026-02-10"), Attendees: []string{"ana-atencion", "luis-lider"},
		Attendance: 3, Material: Material{Title: "Guía de lenguaje claro"}, Actions: []string{"lenguaje-claro"}}, at("2026-02-10"))
	require.NoError(t, err)
	_, err = f.s.RecordEvent(f.ctx, lead, Event{ID: "feria", Audience: AudienceValueGroups, Strategy: 1, Date: d("2026-03-05"), Segments: []string{"organizaciones"},
		Attendance: 12, Material: Material{Title: "Cartilla"}, Actions: []string{"tramites-en-linea"}}, at("2026-03-05"))
	require.NoError(t, err)

	prog, err := f.s.SkillsProgress(f.ctx, d("2026-04-01"))
	require.NoError(t, err)
	require.Len(t, prog, 2)
	assert.Equal(t, [3]any{"lenguaje-claro", 3, true}, [3]any{prog[0].Action.ID, prog[0].Reached, prog[0].Overdue})
	assert.Equal(t, [3]any{"tramites-en-linea", 12, true}, [3]any{prog[1].Action.ID, prog[1].Reached, prog[1].Met})

	sum, err := f.s.Run(f.ctx, job, d("2026-03-31"))
	require.NoError(t, err)
	assert.Zero(t, sum.NewSkillsOverdue, "due today is not overdue")
	assert.Empty(t, f.notifications(t, NotifySkillsOverdue))
	for _, day := range []string{"2026-04-01", "2026-04-02"} {
		sum, err = f.s.Run(f.ctx, job, d(day))
		require.NoError(t, err)
		if day == "2026-04-01" {
			assert.Equal(t, 1, sum.NewSkillsOverdue)
		} else {
			assert.Zero(t, sum.NewSkillsOverdue, "told once")
		}
	}
	ns := f.notifications(t, NotifySkillsOverdue)
	require.Len(t, ns, 1)
	assert.Equal(t, "ana-atencion", ns[0].To.Person)
	assert.Equal(t, map[string]string{"action": "lenguaje-claro", "skill": "Lenguaje claro", "target": "5", "reached": "3", "responsible": "Oficina de Atención a la Ciudadanía"}, ns[0].Fields)
	assert.Equal(t, "2026-03-31", ns[0].Due)
}

// TestRecordSkillsActionChecksIt: audience staff or value groups, a
// skill, a target of at least one, a configured responsible dependency,
// an owner in the directory.
func TestRecordSkillsActionChecksIt(t *testing.T) {
	f := newFixture(t)
	ok := SkillsAction{ID: "a", Audience: AudienceStaff, Skill: "s", Target: 1, Due: d("2026-06-30"), Responsible: "atencion", Owner: "ana-atencion"}
	for _, tc := range []struct {
		field string
		mod   func(*SkillsAction)
	}{
		{"audience", func(x *SkillsAction) { x.Audience = AudienceLeaders }},
		{"skill", func(x *SkillsAction) { x.Skill = "" }},
		{"target", func(x *SkillsAction) { x.Target = 0 }},
		{"responsible", func(x *SkillsAction) { x.Responsible = "salud" }},
		{"owner[0]", func(x *SkillsAction) { x.Owner = "pedro" }},
		{"segments", func(x *SkillsAction) { x.Segments = []string{"nadie"} }},
	} {
		x := ok
		tc.mod(&x)
		_, err := f.s.RecordSkillsAction(f.ctx, lead, x, at("2026-01-06"))
		ve := proctest.Invalid(t, err, tc.field)
		assert.Equal(t, tc.field, ve.Field)
	}
	_, err := f.s.RecordSkillsAction(f.ctx, clerk, ok, at("2026-01-06"))
	assert.ErrorIs(t, err, relaciona.ErrForbidden)
}
