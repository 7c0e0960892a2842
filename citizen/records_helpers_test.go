package citizen

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// exercise records a characterisation exercise covering 2026, led by
// Planeación (the example file's responsible dependency).
func (f *fixture) exercise(t testing.TB) Exercise {
	t.Helper()
	e, err := f.s.RecordExercise(f.ctx, lead, Exercise{ID: "caracterizacion-2026", WorkingGroup: []string{"luis-lider", "ana-atencion"}, Responsible: "planeacion",
		Objectives: []string{"Conocer a la ciudadanía para ajustar canales y oferta"}, Mechanism: MechanismSurvey, From: d("2026-01-01"), To: d("2026-12-31")}, at("2026-01-05"))
	require.NoError(t, err)
	return e
}

// readyToAdopt records one input of each default required kind, cites
// them on version and socialises it, in a leaders event on when, with the
// leaders of every dependency its entries name that it was not yet told:
// what AdoptStrategy requires besides the socialisation itself.
func (f *fixture) readyToAdopt(t testing.TB, version int, when time.Time) {
	t.Helper()
	var ids []string
	for _, k := range DefaultRequiredInputs() {
		in, err := f.s.RecordInput(f.ctx, lead, Input{ID: fmt.Sprintf("v%d-%s", version, k), Kind: k, Title: "Insumo " + string(k), Source: "Planeación",
			Date: f.s.dateOf(when)}, when)
		require.NoError(t, err)
		ids = append(ids, in.ID)
	}
	_, err := f.s.CiteInputs(f.ctx, lead, version, ids, when)
	require.NoError(t, err)
	v, err := f.s.Strategy(f.ctx, version)
	require.NoError(t, err)
	told, err := f.s.socialisedWith(f.ctx, &v)
	require.NoError(t, err)
	var missing []string
	for _, dep := range involvedDependencies(&v) {
		if !told[dep] {
			missing = append(missing, dep)
		}
	}
	if len(missing) == 0 {
		return
	}
	_, err = f.s.RecordEvent(f.ctx, lead, Event{ID: fmt.Sprintf("lideres-v%d", version), Audience: AudienceLeaders, Strategy: version, Date: f.s.dateOf(when),
		Dependencies: missing, Attendance: len(missing), Material: Material{Title: "Presentación de la estrategia"}}, when)
	require.NoError(t, err)
}
