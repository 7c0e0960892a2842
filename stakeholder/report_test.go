package stakeholder

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/report"
)

// reportFixture: the feedback fixture plus an issue escalated to level 7
// and an interaction with junta.
func reportFixture(t *testing.T) *fixture {
	f := feedbackFixture(t)
	openIssue(t, f, "i1", High, "2026-02-02")
	_, err := f.svc.LogInteraction(ctx, actor(4), noon(t, "2026-02-10"), Interaction{Stakeholder: "vecina", Date: day(t, "2026-02-10"),
		Channel: "phone", Direction: Inbound, Summary: "Llamó Ana Vecina por el ruido", Participants: []string{"Ana Vecina"}})
	require.NoError(t, err)
	run(t, f, "2026-02-20")
	return f
}

func TestReportRendersInEveryFormat(t *testing.T) {
	f := reportFixture(t)
	doc, err := f.svc.Report(ctx, ReportOptions{At: day(t, "2026-02-20")})
	require.NoError(t, err)

	var html bytes.Buffer
	require.NoError(t, report.HTML(&html, doc))
	page := html.String()
	assert.Contains(t, page, `<html lang="es">`)
	assert.Contains(t, page, "<svg", "the stakeholder map is an SVG chart")
	for _, q := range []string{"Gestionar de cerca", "Mantener satisfecho", "Mantener informado", "Monitorear"} {
		assert.Contains(t, page, q, "quadrant label")
	}
	assert.Contains(t, page, "Cámara de Comercio")
	assert.Contains(t, page, "Última instancia (nivel 7)", "the escalated issue is flagged")
	assert.Contains(t, page, "Comunicaciones vencidas")

	r := proctest.Render(t, doc)
	assert.Contains(t, r.Markdown, "| i1 |")
	assert.Contains(t, r.Markdown, "| Cámara de Comercio | 5 | 5 | Gestionar de cerca | definitivo | 2026-01-05 |",
		"the map is as of the report date: the reassessment of 1 March is not shown on 20 February")

	dir := r.CSVDir
	for _, name := range []string{"mapa-datos.csv", "compromiso.csv", "comunicaciones-vencidas.csv", "asuntos.csv", "escalamientos.csv", "efectividad-grupos.csv"} {
		_, err := os.Stat(filepath.Join(dir, name))
		assert.NoError(t, err, name)
	}
	esc, err := os.ReadFile(filepath.Join(dir, "escalamientos.csv"))
	require.NoError(t, err)
	assert.Equal(t, 4, strings.Count(string(esc), "\n"), "a header and the three escalations 4→5→6→7")

	assert.NotZero(t, len(r.XLSX))
}

func TestReportInEnglish(t *testing.T) {
	f := reportFixture(t)
	doc, err := f.svc.Report(ctx, ReportOptions{At: day(t, "2026-02-20"), Lang: relaciona.English})
	require.NoError(t, err)
	var md bytes.Buffer
	require.NoError(t, report.Markdown(&md, doc))
	for _, s := range []string{"Stakeholder map", "Manage closely", "Issues and escalations", "Last stop (level 7)", "Effectiveness from 2025-02-21 to 2026-02-20"} {
		assert.Contains(t, md.String(), s)
	}
}

func TestReportRedactsPersonalData(t *testing.T) {
	f := reportFixture(t)
	for _, redact := range []bool{false, true} {
		doc, err := f.svc.Report(ctx, ReportOptions{At: day(t, "2026-02-20"), Redact: redact})
		require.NoError(t, err)
		var html bytes.Buffer
		require.NoError(t, report.HTML(&html, doc))
		page := html.String()
		assert.NotContains(t, page, "maria@example.org", "contacts never appear")
		assert.NotContains(t, page, "Llamó Ana", "interaction summaries never appear")
		if redact {
			assert.NotContains(t, page, "Ana Vecina", "a person's name is redacted")
			assert.NotContains(t, page, "Seis", "staff names are redacted")
			assert.Contains(t, page, "vecina")
			assert.Contains(t, page, "Cámara de Comercio", "organisations keep their names")
		} else {
			assert.Contains(t, page, "Ana Vecina")
		}
	}
}

func TestReportFlagsKeyStakeholdersWithoutAQualifiedOwner(t *testing.T) {
	f := reportFixture(t)
	// junta becomes key, with no contact point.
	_, err := f.svc.Assess(ctx, actor(5), noon(t, "2026-02-15"), Assessment{Stakeholder: "junta", Date: day(t, "2026-02-15"), Power: 5, Interest: 5, Current: Neutral, Desired: Supportive})
	require.NoError(t, err)
	doc, err := f.svc.Report(ctx, ReportOptions{At: day(t, "2026-02-20")})
	require.NoError(t, err)
	var md bytes.Buffer
	require.NoError(t, report.Markdown(&md, doc))
	assert.Contains(t, md.String(), "Junta de Acción Comunal es clave y no tiene punto único de contacto (nivel 6 o más)")
	assert.NotContains(t, md.String(), "Cámara de Comercio es clave")
}

// TestReportFoldsTheTablePerStakeholder checks the layout a director
// reads: the summary, the charts and the logs open, the tables per
// stakeholder and the escalation steps folded (whole in the exports), the
// long tables showing their first rows.
func TestReportFoldsTheTablePerStakeholder(t *testing.T) {
	f := reportFixture(t)
	doc, err := f.svc.Report(ctx, ReportOptions{At: day(t, "2026-02-20")})
	require.NoError(t, err)
	got := map[string]bool{}
	for _, s := range doc.Sections {
		got[s.ID] = s.Folded
	}
	for id, want := range map[string]bool{"resumen": false, "mapa-interesados": false, "causas-raiz": false, "efectividad": false,
		"asuntos-escalamientos": false, "lecciones-aprendidas": false,
		"compromiso-brechas": true, "efectividad-por-interesado": true, "escalamientos-detalle": true} {
		v, ok := got[id]
		require.True(t, ok, "section %s", id)
		assert.Equal(t, want, v, "section %s folded", id)
	}
	for _, s := range doc.Sections {
		for _, b := range s.Blocks {
			if tb, ok := b.(report.Table); ok && (tb.ID == "asuntos" || tb.ID == "comunicaciones-vencidas" || tb.ID == "lecciones") {
				assert.Equal(t, pageRows, tb.PageRows, "table %s shows its first rows", tb.ID)
			}
		}
	}
}
