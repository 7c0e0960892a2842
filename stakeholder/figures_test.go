package stakeholder

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/report"
)

// figuresYAML is testYAML with terms at level 7 too, so an issue can be
// overdue at the last stop.
var figuresYAML = strings.Replace(testYAML, "- {level: 7, owner: p7}", "- {level: 7, owner: p7, limits: {low: 10, medium: 5, high: 1, critical: 1}}", 1)

// keyFigureItems and keyFigures are proctest's, under this file's names.
var (
	keyFigureItems = proctest.KeyFigures
	keyFigures     = proctest.KeyValues
)

// keyFigureNotes returns the notes of the key figures of doc by label.
func keyFigureNotes(doc report.Document) map[string]string {
	out := map[string]string{}
	for l, it := range keyFigureItems(doc) {
		out[l] = it.Note
	}
	return out
}

// findTable returns the table id of doc, or the data table of chart id.
func findTable(t *testing.T, doc report.Document, id string) report.Table {
	t.Helper()
	for _, s := range doc.Sections {
		for _, b := range s.Blocks {
			switch b := b.(type) {
			case report.Table:
				if b.ID == id {
					return b
				}
			case report.Chart:
				if b.ID == id {
					return *b.Table
				}
			}
		}
	}
	t.Fatalf("no table or chart %s", id)
	return report.Table{}
}

// tableRows returns the formatted rows of the table (or chart) id of doc.
func tableRows(t *testing.T, doc report.Document, id string) [][]string {
	t.Helper()
	var out [][]string
	for _, r := range findTable(t, doc, id).Rows {
		out = append(out, formatCells(doc, r))
	}
	return out
}

// TestReportKeyFiguresByHand checks the key figures and the issue log of a
// small fixed data set against values worked out by hand.
func TestReportKeyFiguresByHand(t *testing.T) {
	f := newFixture(t, figuresYAML, true)
	// Asked: three requests on 2 February. Answered: camara and junta.
	reqs, err := f.svc.RequestFeedback(ctx, actor(4), noon(t, "2026-02-02"), day(t, "2026-02-02"), "Mesa de trabajo", "camara", "junta", "vecina")
	require.NoError(t, err)
	require.Len(t, reqs, 3)
	_, err = f.svc.RecordFeedback(ctx, actor(4), noon(t, "2026-03-03"),
		Feedback{Stakeholder: "camara", Request: reqs[0].ID, Date: day(t, "2026-02-05"), Rating: 4},
		Feedback{Stakeholder: "junta", Request: reqs[1].ID, Date: day(t, "2026-02-10"), Rating: 2},
		Feedback{Stakeholder: "camara", Date: day(t, "2026-03-03"), Rating: 5},
	)
	require.NoError(t, err)
	// camara moves from neutral to supportive (desired leading).
	_, err = f.svc.Assess(ctx, actor(5), noon(t, "2026-03-01"),
		Assessment{Stakeholder: "camara", Date: day(t, "2026-03-01"), Power: 5, Interest: 5, Legitimacy: 5, Urgency: 4, Current: Supportive, Desired: Leading})
	require.NoError(t, err)
	// A high issue opened Monday 2 February 2026 (no Colombian holiday in
	// February): level 4 term 3 business days → Thursday 5; level 5, 2 days
	// from the 5th → Monday 9; level 6, 2 days → Wednesday 11; level 7, 1
	// day → Thursday 12, missed: overdue at level 7 from the 13th.
	openIssue(t, f, "i1", High, "2026-02-02")
	run(t, f, "2026-03-04")
	i := issue(t, f, "i1")
	require.True(t, i.OverdueAtFinal)

	doc, err := f.svc.Report(ctx, ReportOptions{At: day(t, "2026-03-04")})
	require.NoError(t, err)
	k := proctest.KeyValues(doc)
	// Response rate: 2 answered / 3 asked = 66,7 %.
	assert.Equal(t, "66,7\u00a0%", k["Tasa de respuesta"])
	// Average rating: (4 + 2 + 5) / 3 = 3,666… → 3,67.
	assert.Equal(t, "3,67", k["Calificación promedio (1-5)"])
	// Gaps at the start (5 January assessments of the fixture, the first in
	// the period): camara leading − neutral = 2, junta supportive −
	// resistant = 2 → 4. At the end: camara leading − supportive = 1, junta
	// 2 → 3. Closure (4 − 3) / 4 = 25,0 %.
	assert.Equal(t, "25,0\u00a0%", k["Cierre de brechas"])
	// Gaps now: camara 1, junta 2 → 2 stakeholders with a gap; 3 registered.
	assert.Equal(t, "2", k["Con brecha de compromiso"])
	assert.Equal(t, "3", k["Partes interesadas"])
	assert.Equal(t, "1", k["Asuntos abiertos"])

	// The overdue level-7 issue shows the deadline it missed, not "—".
	rows := proctest.TableRows(t, doc, "asuntos")
	require.Len(t, rows, 1)
	assert.Equal(t, "i1", rows[0][0])
	assert.Equal(t, "7", rows[0][5], "level")
	assert.Equal(t, "2026-02-12", rows[0][8], "Vence: the missed level-7 deadline")
	assert.Equal(t, "3", rows[0][9], "escalations 4→5→6→7")

	en, err := f.svc.Report(ctx, ReportOptions{At: day(t, "2026-03-04"), Lang: relaciona.English})
	require.NoError(t, err)
	assert.Equal(t, "66.7%", proctest.KeyValues(en)["Response rate"])
}

// formatCells returns cells as doc shows them.
func formatCells(doc report.Document, cells []report.Cell) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = c.Format(doc.Lang)
	}
	return out
}

// chartRows returns the formatted rows and total of the data table of
// chart id of doc.
func chartRows(t *testing.T, doc report.Document, id string) (rows [][]string, total []string) {
	t.Helper()
	return tableRows(t, doc, id), formatCells(doc, findTable(t, doc, id).Total)
}

// TestReportRootCausesAndLessonsByHand checks the issues by root cause and
// the lessons learned of a small fixed data set against values worked out
// by hand: what falls outside the period (resolved or spread before or
// after it) is not counted.
func TestReportRootCausesAndLessonsByHand(t *testing.T) {
	f := newFixture(t, causesYAML, true)
	resolve := func(id, at, cause string, lessons ...string) {
		t.Helper()
		var in []LessonInput
		for _, l := range lessons {
			in = append(in, LessonInput{Text: l, Topics: []string{"obras"}})
		}
		_, err := f.svc.ResolveIssue(ctx, actor(4), noon(t, at), id, Resolution{Text: "Atendido", RootCause: cause, Lessons: in})
		require.NoError(t, err)
	}
	// Before the period (the year ending 4 March 2026 starts 5 March 2025).
	openIssue(t, f, "i0", Low, "2025-02-03")
	resolve("i0", "2025-02-04", "personas", "Lección vieja")
	for _, id := range []string{"i1", "i2", "i3", "i4"} {
		openIssue(t, f, id, Low, "2026-02-02")
	}
	resolve("i1", "2026-02-03", "aviso_tardio", "Avisar cierres con 8 días", "Publicar el cronograma")
	resolve("i2", "2026-02-04", "personas", "Llamar a la junta")
	resolve("i3", "2026-02-05", "aviso_tardio")
	// i4 stays open. i1/L1 is spread in the period, i2/L1 after it.
	_, err := f.svc.SpreadLesson(ctx, actor(4), noon(t, "2026-02-10"), "i1/L1",
		SpreadInput{To: []string{"junta", "gremios", "vecina", "Ana Pérez"}, Channel: "meeting", Date: day(t, "2026-02-10")})
	require.NoError(t, err)
	_, err = f.svc.SpreadLesson(ctx, actor(4), noon(t, "2026-03-10"), "i2/L1",
		SpreadInput{To: []string{"junta"}, Channel: "meeting", Date: day(t, "2026-03-10")})
	require.NoError(t, err)

	doc, err := f.svc.Report(ctx, ReportOptions{At: day(t, "2026-03-04")})
	require.NoError(t, err)
	k, notes := keyFigures(doc), keyFigureNotes(doc)
	// Resolved in the period: i1, i2, i3 (not i0, before; not i4, open).
	assert.Equal(t, "3", k["Asuntos resueltos en el periodo"])
	assert.Equal(t, "causa principal: Aviso tardío (2)", notes["Asuntos resueltos en el periodo"])
	// Lessons learned in the period: i1/L1, i1/L2, i2/L1; spread by 4
	// March: i1/L1 only.
	assert.Equal(t, "3", k["Lecciones aprendidas"])
	assert.Equal(t, "difundidas: 1", notes["Lecciones aprendidas"])
	assert.Equal(t, "1", k["Asuntos abiertos"])

	// By cause: aviso tardío 2 of 3 = 66,7 % with 2 lessons (i1's), under
	// personas; personas 1 of 3 = 33,3 % with 1 lesson.
	rows, total := chartRows(t, doc, "grafico-causas-raiz")
	assert.Equal(t, [][]string{
		{"Aviso tardío", "Personas", "2", "66,7\u00a0%", "2"},
		{"Personas", "", "1", "33,3\u00a0%", "1"},
	}, rows)
	assert.Equal(t, []string{"Total", "—", "3", "100,0\u00a0%", "3"}, total)

	// The lessons, the most recent first; i2/L1's spreading on 10 March is
	// after the report's day.
	assert.Equal(t, [][]string{
		{"i2/L1", "Llamar a la junta", "Personas", "obras", "Externos", "2026-02-04", "", "—"},
		{"i1/L1", "Avisar cierres con 8 días", "Aviso tardío", "obras", "Externos", "2026-02-03",
			"Junta de Acción Comunal, Gremios, Ana Vecina, Ana Pérez", "2026-02-10"},
		{"i1/L2", "Publicar el cronograma", "Aviso tardío", "obras", "Externos", "2026-02-03", "", "—"},
	}, tableRows(t, doc, "lecciones"))

	// Redacted: the lessons' texts and the people told are left out;
	// organisations and groups keep their names.
	red, err := f.svc.Report(ctx, ReportOptions{At: day(t, "2026-03-04"), Redact: true})
	require.NoError(t, err)
	lr := tableRows(t, red, "lecciones")
	require.Len(t, lr, 3)
	assert.Equal(t, "[dato personal omitido]", lr[1][1])
	assert.Equal(t, "Junta de Acción Comunal, Gremios, vecina, [dato personal omitido]", lr[1][6])
	var md strings.Builder
	require.NoError(t, report.Markdown(&md, red))
	for _, s := range []string{"Avisar cierres", "Ana Pérez", "Ana Vecina", "Llamar a la junta"} {
		assert.NotContains(t, md.String(), s, "a redacted report leaves out %q", s)
	}

	// A period ending before the report's day (1 January to 4 February):
	// i3, resolved on the 5th, and the spreading of the 10th fall out.
	short, err := f.svc.Report(ctx, ReportOptions{At: day(t, "2026-03-04"), From: day(t, "2026-01-01"), To: day(t, "2026-02-04")})
	require.NoError(t, err)
	k, notes = keyFigures(short), keyFigureNotes(short)
	assert.Equal(t, "2", k["Asuntos resueltos en el periodo"])
	assert.Equal(t, "3", k["Lecciones aprendidas"])
	assert.Equal(t, "difundidas: 0", notes["Lecciones aprendidas"])
	rows, _ = chartRows(t, short, "grafico-causas-raiz")
	// A tie: the catalogue's order (personas first).
	assert.Equal(t, [][]string{{"Personas", "", "1", "50,0\u00a0%", "1"}, {"Aviso tardío", "Personas", "1", "50,0\u00a0%", "2"}}, rows)

	// In English, the catalogue's English names.
	en, err := f.svc.Report(ctx, ReportOptions{At: day(t, "2026-03-04"), Lang: relaciona.English})
	require.NoError(t, err)
	rows, _ = chartRows(t, en, "grafico-causas-raiz")
	assert.Equal(t, []string{"Late notice", "People", "2", "66.7%", "2"}, rows[0])
	assert.Equal(t, "main cause: Late notice (2)", keyFigureNotes(en)["Issues resolved in the period"])
}
