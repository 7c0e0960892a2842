package citizen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// TestPublishNeedsAnExerciseCoveringTheDate: seed 002, activity 1
// ("Conformar un grupo de trabajo, establecer la dependencia responsable
// del ejercicio, definir los objetivos, y elegir el mecanismo de
// recolección"): a characterisation is published only under an exercise
// whose period covers the date, which the publication cites; otherwise
// nothing is written and the error says what is missing.
func TestPublishNeedsAnExerciseCoveringTheDate(t *testing.T) {
	f := newFixture(t)
	population(t, f, "young", 8, map[string]string{"edad": "22", "zona": "urbana"})
	before := f.audits(t)
	_, err := f.s.Publish(f.ctx, lead, d("2026-02-10"), relaciona.English)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "there is no characterisation exercise")
	assert.Contains(t, err.Error(), "working group, responsible dependency, objectives, collection mechanism and period")
	assert.Equal(t, before, f.audits(t), "a refused publication writes nothing")

	_, err = f.s.RecordExercise(f.ctx, lead, Exercise{ID: "ej-1", WorkingGroup: []string{"luis-lider"}, Responsible: "planeacion",
		Objectives: []string{"Conocer los canales preferidos"}, Mechanism: MechanismOther, OtherMechanism: "Jornadas en veredas",
		From: d("2026-01-01"), To: d("2026-03-31")}, at("2026-01-02"))
	require.NoError(t, err)
	pub, err := f.s.Publish(f.ctx, lead, d("2026-02-10"), relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, "ej-1", pub.Exercise, "the publication cites its exercise")
	last, err := f.s.LatestPublication(f.ctx, d("2026-02-28"))
	require.NoError(t, err)
	assert.Equal(t, "ej-1", last.Exercise, "stored with the citation")

	_, err = f.s.Publish(f.ctx, lead, d("2026-04-01"), relaciona.English)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "no characterisation exercise covers 2026-04-01 (periods: ej-1 2026-01-01–2026-03-31)")
}

// TestRecordExerciseChecksEachElement: the working group are people of the
// directory, the responsible a configured dependency, at least one
// objective, a mechanism of the closed list (other with its name), a
// period that does not end before it starts, a unique id; the
// relationship lead records it.
func TestRecordExerciseChecksEachElement(t *testing.T) {
	ok := func() Exercise {
		return Exercise{ID: "ej", WorkingGroup: []string{"luis-lider", "ana-atencion"}, Responsible: "planeacion", Objectives: []string{"o"},
			Mechanism: MechanismSurvey, From: d("2026-01-01"), To: d("2026-06-30")}
	}
	for _, tc := range []struct {
		name, field, msg string
		mod              func(*Exercise)
	}{
		{"no working group", "working_group", "form the exercise's working group", func(e *Exercise) { e.WorkingGroup = nil }},
		{"stranger in the group", "working_group[1]", `"pedro" is not in the directory`, func(e *Exercise) { e.WorkingGroup[1] = "pedro" }},
		{"unknown dependency", "responsible", `"salud" is not a configured dependency`, func(e *Exercise) { e.Responsible = "salud" }},
		{"no objective", "objectives", "at least one objective", func(e *Exercise) { e.Objectives = []string{" "} }},
		{"unknown mechanism", "mechanism", `unknown collection mechanism "census"`, func(e *Exercise) { e.Mechanism = "census" }},
		{"other without its name", "other_mechanism", "which other collection mechanism", func(e *Exercise) { e.Mechanism = MechanismOther }},
		{"period backwards", "to", "ends (2025-12-31) before it starts", func(e *Exercise) { e.To = d("2025-12-31") }},
	} {
		f := newFixture(t)
		e := ok()
		tc.mod(&e)
		_, err := f.s.RecordExercise(f.ctx, lead, e, at("2026-01-02"))
		ve := proctest.Invalid(t, err, tc.name)
		assert.Equal(t, tc.field, ve.Field, tc.name)
		assert.Contains(t, ve.Msg, tc.msg, tc.name)
	}
	f := newFixture(t)
	_, err := f.s.RecordExercise(f.ctx, clerk, ok(), at("2026-01-02"))
	assert.ErrorIs(t, err, relaciona.ErrForbidden, "the relationship lead records the exercise")
	_, err = f.s.RecordExercise(f.ctx, lead, ok(), at("2026-01-02"))
	require.NoError(t, err)
	_, err = f.s.RecordExercise(f.ctx, lead, ok(), at("2026-01-03"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "the id is unique")
}

// TestDisseminationOfTheCharacterisation: seed 002, activity 1
// ("Coordinar la socialización y divulgación de la caracterización"): to
// whom, when and by which channel, citing an existing publication.
func TestDisseminationOfTheCharacterisation(t *testing.T) {
	f := newFixture(t)
	f.exercise(t)
	population(t, f, "young", 8, map[string]string{"edad": "22", "zona": "urbana"})
	pub, err := f.s.Publish(f.ctx, lead, d("2026-02-10"), relaciona.English)
	require.NoError(t, err)
	_, err = f.s.RecordDissemination(f.ctx, lead, "caracterizacion-2026", Dissemination{Audience: "Consejo de gobierno", Date: d("2026-02-12"), Channel: "Sesión", Publication: "2026-01-01"}, at("2026-02-12"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "an unknown publication")
	_, err = f.s.RecordDissemination(f.ctx, lead, "caracterizacion-2026", Dissemination{Date: d("2026-02-12"), Channel: "Sesión"}, at("2026-02-12"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "to whom")
	e, err := f.s.RecordDissemination(f.ctx, lead, "caracterizacion-2026", Dissemination{Audience: "Consejo de gobierno", Date: d("2026-02-12"), Channel: "Sesión", Publication: pub.ID}, at("2026-02-12"))
	require.NoError(t, err)
	require.Len(t, e.Disseminations, 1)
	assert.Equal(t, "luis-lider", e.Disseminations[0].By)
	_, err = f.s.RecordDissemination(f.ctx, lead, "otro", Dissemination{Audience: "x", Date: d("2026-02-12"), Channel: "y"}, at("2026-02-12"))
	assert.ErrorIs(t, err, relaciona.ErrNotFound)
}
