package satisfaction

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/report"
)

// render writes doc in every format and returns the HTML and Markdown.
func render(t *testing.T, doc report.Document) (string, string) {
	t.Helper()
	r := proctest.Render(t, doc)
	assert.NotContains(t, r.HTML, "NaN")
	assert.NotContains(t, r.Markdown, "NaN")
	assert.Greater(t, len(r.XLSX), 1000)
	return r.HTML, r.Markdown
}

func TestReportsRender(t *testing.T) {
	f := newFixture(t)
	seedMonth(t, f, "2026-02", []int{5, 5, 5})
	seedMonth(t, f, "2026-03", []int{5, 4, 2})
	_, err := f.p.RecordAvailability(f.ctx, f.exe, []Availability{
		{Service: "vpn", Date: day("2026-03-01"), ScheduledMinutes: 1440, DownMinutes: 30},
		{Service: "correo", Date: day("2026-03-01"), ScheduledMinutes: 1440},
	}, ts("2026-03-02T10:00:00Z"))
	require.NoError(t, err)
	approved(t, f, nil)
	iv := testInterview("salud", "2026-03-02")
	iv.Needs = []string{"tiempos"}
	_, err = f.p.RecordInterview(f.ctx, f.mgr, iv, ts("2026-03-02T10:00:00Z"))
	require.NoError(t, err)
	iv = testInterview("tramites", "2026-03-03")
	iv.Needs = []string{"tiempos"}
	_, err = f.p.RecordInterview(f.ctx, f.mgr, iv, ts("2026-03-03T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.AgreeWorkPlan(f.ctx, f.owner, "identidad", day("2026-03-05"), "plan", ReasonNewClient, ts("2026-03-05T10:00:00Z"))
	require.NoError(t, err)

	for _, lang := range []relaciona.Lang{relaciona.Spanish, relaciona.English} {
		doc, err := f.p.CMIReport(f.ctx, Month{2026, time.March}, lang, ReportOptions{})
		require.NoError(t, err)
		h, _ := render(t, doc)
		has(t, h, "<svg")
		has(t, h, lang.T("Alertas «sandía»", "Watermelon"))

		doc, err = f.p.ServiceReport(f.ctx, "salud", Month{2026, time.March}, lang, ReportOptions{})
		require.NoError(t, err)
		h, md := render(t, doc)
		has(t, h, "Lucía Díaz")
		assert.Contains(t, md, lang.T("Disponibilidad", "Availability"))

		doc, err = f.p.InterviewReport(f.ctx, 2026, lang, ReportOptions{})
		require.NoError(t, err)
		h, _ = render(t, doc)
		has(t, h, "Tiempos de respuesta")
		has(t, h, lang.T("Puestas al día pendientes", "Briefings pending"))
	}
}

func TestServiceReportRedactsPersonalData(t *testing.T) {
	f := newFixture(t)
	doc, err := f.p.ServiceReport(f.ctx, "salud", Month{2026, time.March}, relaciona.Spanish, ReportOptions{Redact: true})
	require.NoError(t, err)
	h, _ := render(t, doc)
	assert.False(t, strings.Contains(h, "Lucía Díaz"), "the contact is redacted")
}

func TestEmptyMonthReportSaysSo(t *testing.T) {
	f := newFixture(t)
	for _, lang := range []relaciona.Lang{relaciona.Spanish, relaciona.English} {
		doc, err := f.p.CMIReport(f.ctx, Month{2026, time.March}, lang, ReportOptions{})
		require.NoError(t, err)
		h, md := render(t, doc)
		want := lang.T("el informe está vacío", "the report is empty")
		has(t, h, want)
		has(t, md, want)
		doc, err = f.p.ServiceReport(f.ctx, "salud", Month{2026, time.March}, lang, ReportOptions{})
		require.NoError(t, err)
		h, _ = render(t, doc)
		has(t, h, want)
		doc, err = f.p.InterviewReport(f.ctx, 2026, lang, ReportOptions{})
		require.NoError(t, err)
		h, _ = render(t, doc)
		assert.True(t, strings.Contains(h, lang.T("no hay nota para el CMI", "there is no CMI score")))
	}
}

// has checks that a rendered report contains want, without printing the
// whole document on failure.
func has(t *testing.T, doc, want string) {
	t.Helper()
	assert.True(t, strings.Contains(doc, want), "the report lacks %q", want)
}

// TestReportsLeadWithFiguresAndChartsAndFoldDetail checks the layout a
// director reads: each report opens with its key figures, its chart
// sections open with the chart alone, and the tables behind them and the
// secondary sections are folded (the briefing warning stays open).
func TestReportsLeadWithFiguresAndChartsAndFoldDetail(t *testing.T) {
	f := newFixture(t)
	seedMonth(t, f, "2026-03", []int{5, 4, 2})
	_, err := f.p.RecordAvailability(f.ctx, f.exe, []Availability{
		{Service: "vpn", Date: day("2026-03-01"), ScheduledMinutes: 1440, DownMinutes: 30},
	}, ts("2026-03-02T10:00:00Z"))
	require.NoError(t, err)
	approved(t, f, nil)
	_, err = f.p.RecordInterview(f.ctx, f.mgr, testInterview("salud", "2026-03-02"), ts("2026-03-02T10:00:00Z"))
	require.NoError(t, err)
	_, err = f.p.AgreeWorkPlan(f.ctx, f.owner, "identidad", day("2026-03-05"), "plan", ReasonNewClient, ts("2026-03-05T10:00:00Z"))
	require.NoError(t, err)

	m := Month{2026, time.March}
	cmi, err := f.p.CMIReport(f.ctx, m, relaciona.Spanish, ReportOptions{})
	require.NoError(t, err)
	svc, err := f.p.ServiceReport(f.ctx, "salud", m, relaciona.Spanish, ReportOptions{})
	require.NoError(t, err)
	ivs, err := f.p.InterviewReport(f.ctx, 2026, relaciona.Spanish, ReportOptions{})
	require.NoError(t, err)
	for _, c := range []struct {
		name   string
		doc    report.Document
		folded map[string]bool // section id → folded
	}{
		{"cmi", cmi, map[string]bool{"resumen": false, "clientes": false, "clientes-indicadores": true, "servicios": true, "tendencia": false, "tendencia-detalle": true}},
		{"service", svc, map[string]bool{"resumen": false, "disponibilidad": false, "disponibilidad-detalle": true, "casos": true, "encuestas": true}},
		{"interviews", ivs, map[string]bool{"resumen": false, "clientes": false, "clientes-tabla": true, "comunes": true, "planes": false}},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.NotEmpty(t, c.doc.Sections)
			first := c.doc.Sections[0]
			assert.False(t, first.Folded, "the page opens with its summary")
			assert.True(t, slices.ContainsFunc(first.Blocks, func(b report.Block) bool { _, ok := b.(report.KeyFigures); return ok }),
				"the summary holds the key figures")
			got := map[string]bool{}
			for _, s := range c.doc.Sections {
				got[s.ID] = s.Folded
				if !s.Folded && s.ID != "resumen" && s.ID != "planes" {
					for _, b := range s.Blocks {
						_, isTable := b.(report.Table)
						assert.False(t, isTable, "%s: an open section shows its chart, its table folded apart", s.ID)
					}
				}
			}
			for id, want := range c.folded {
				v, ok := got[id]
				require.True(t, ok, "section %s", id)
				assert.Equal(t, want, v, "section %s folded", id)
			}
		})
	}
}
