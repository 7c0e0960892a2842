package citizen

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/report"
)

// TestStrategyRecordsReportShowsEachRecord: the page shows the exercise in
// force, the inputs by kind, attendance by audience, the skills actions'
// progress and the entries no dependency implements, in Spanish and
// English, as they stood on the cut-off.
func TestStrategyRecordsReportShowsEachRecord(t *testing.T) {
	f := newFixture(t)
	f.exercise(t)
	require.NoError(t, f.s.Setup(f.ctx, lead, at("2026-01-05")))
	f.readyToAdopt(t, 1, at("2026-01-12"))
	_, err := f.s.AdoptStrategy(f.ctx, boss, 1, at("2026-01-13"))
	require.NoError(t, err)
	_, err = f.s.AssignEntry(f.ctx, lead, 1, "digital", "hacienda", []string{"dias-respuesta"}, at("2026-01-14"))
	require.NoError(t, err)
	_, err = f.s.RecordSkillsAction(f.ctx, lead, SkillsAction{ID: "lenguaje-claro", Audience: AudienceStaff, Skill: "Lenguaje claro", Target: 4, Due: d("2026-02-27"),
		Responsible: "atencion", Owner: "ana-atencion"}, at("2026-01-14"))
	require.NoError(t, err)
	_, err = f.s.RecordEvent(f.ctx, lead, Event{ID: "taller", Title: "Taller de lenguaje claro", Audience: AudienceStaff, Strategy: 1, Date: d("2026-02-03"),
		Attendees: []string{"ana-atencion"}, Attendance: 2, Material: Material{Title: "Guía"}, Actions: []string{"lenguaje-claro"}}, at("2026-02-03"))
	require.NoError(t, err)
	_, err = f.s.RecordEvent(f.ctx, lead, Event{ID: "feria", Audience: AudienceValueGroups, Strategy: 1, Date: d("2026-04-03"), Segments: []string{"organizaciones"},
		Attendance: 30, Material: Material{Title: "Cartilla"}}, at("2026-04-03"))
	require.NoError(t, err)

	doc, err := f.s.StrategyRecordsReport(f.ctx, ReportOptions{At: d("2026-03-31"), Lang: relaciona.English})
	require.NoError(t, err)
	k := proctest.KeyFigures(doc)
	assert.Equal(t, "caracterizacion-2026", k["Characterisation exercise in force"].Value.Format(relaciona.English))
	assert.Equal(t, "4", k["Inputs registered"].Value.Format(relaciona.English))
	assert.Equal(t, "5", k["Attendance at socialisation and training"].Value.Format(relaciona.English), "3 leaders + 2 staff; the April fair is after the cut-off")
	assert.Equal(t, "0 of 1; 1 overdue", k["Skills actions met"].Note)
	assert.Equal(t, "1", k["Entries with no implementing dependency"].Value.Format(relaciona.English))
	rows := proctest.TableRows(t, doc, "tabla-articulacion")
	require.Len(t, rows, 2)
	assert.Equal(t, []string{"rural-telefono", "Unassigned"}, []string{rows[0][0], rows[0][2]})
	assert.Equal(t, "Secretaría de Hacienda", rows[1][2])
	sk := proctest.TableRows(t, doc, "tabla-habilidades")
	require.Len(t, sk, 1)
	assert.Equal(t, "Overdue", sk[0][8])

	es, err := f.s.StrategyRecordsReport(f.ctx, ReportOptions{At: d("2026-03-31"), Lang: relaciona.Spanish})
	require.NoError(t, err)
	var h bytes.Buffer
	require.NoError(t, report.HTML(&h, es))
	assert.Contains(t, h.String(), "Líneas sin dependencia que las implemente")
	assert.Contains(t, h.String(), "Encuesta de percepción y satisfacción")
	assert.Contains(t, h.String(), "Servidores")
	assert.NotContains(t, h.String(), "Unassigned")
}
