package alliance

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/report"
)

// TestReportsRender builds every report in both languages and renders it
// to HTML, CSV, XLSX and Markdown.
func TestReportsRender(t *testing.T) {
	f := newFixture(t).to(PhaseReviewing)
	for _, lang := range []relaciona.Lang{relaciona.Spanish, relaciona.English} {
		for _, k := range ReportKinds {
			t.Run(string(lang)+"/"+string(k), func(t *testing.T) {
				doc, err := f.s.Report(f.ctx, k, ReportOptions{Office: office, At: day("2026-12-02"), Lang: lang})
				require.NoError(t, err)
				r := proctest.Render(t, doc)
				assert.Contains(t, r.HTML, "convenio-sence")
				assert.Positive(t, len(r.XLSX))
			})
		}
	}
	doc, err := f.s.Report(f.ctx, ReportCoverage, ReportOptions{Office: office, At: day("2026-12-02")})
	require.NoError(t, err)
	chart := proctest.LastChart(doc.Sections[0])
	require.NotNil(t, chart, "the coverage matrix is a chart")
	assert.Equal(t, report.ChartHeatmap, chart.Kind)
	assert.Len(t, chart.Series, 5, "one row per objective")
	assert.Equal(t, []string{"convenio-junji", "convenio-sence", "red-comercio", "vinculo-inclusion"}, chart.Labels)
	// emprendimiento has no alliance: a row of zeros.
	assert.Equal(t, []float64{0, 0, 0, 0}, chart.Series[4].Values)
	// empleabilidad is served by convenio-sence on target (9/12 accepted ≥ 60 %).
	assert.Equal(t, []float64{0, 3, 0, 0}, chart.Series[1].Values)

	_, err = f.s.Report(f.ctx, "otro", ReportOptions{Office: office, At: day("2026-12-02")})
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
}

// TestTerritorialStudyRedactsPersonalData: the export can leave out the
// contacts' names, e-mails and phones.
func TestTerritorialStudyRedactsPersonalData(t *testing.T) {
	f := newFixture(t)
	for _, redact := range []bool{false, true} {
		doc, err := f.s.Report(f.ctx, ReportTerritorial, ReportOptions{Office: office, At: day("2026-01-10"), Redact: redact})
		require.NoError(t, err)
		var md bytes.Buffer
		require.NoError(t, report.Markdown(&md, doc))
		s := md.String()
		assert.Contains(t, s, "FOSIS Región de Valparaíso", "every organisation is in the study")
		assert.Contains(t, s, "Alianzas vigentes/2024/convenio-sence.pdf")
		for _, personal := range []string{"Marcela Rojas", "mrojas@example.cl", "+56 32 200 0001"} {
			assert.Equal(t, !redact, strings.Contains(s, personal), personal)
		}
	}
}

// TestReportsFoldTheirDetail checks the layout a director reads: the
// summary and the coverage chart open, the portfolio table, the coverage
// table by objective, the dossiers and the territorial study folded.
func TestReportsFoldTheirDetail(t *testing.T) {
	f := newFixture(t).to(PhaseReviewing)
	folded := map[ReportKind]map[string]bool{
		ReportPortfolio:   {"resumen": false, "alianzas": true},
		ReportCoverage:    {"cobertura": false, "cobertura-detalle": true},
		ReportDossier:     {"expediente-convenio-sence": true},
		ReportTerritorial: {"estudio-territorial": true},
	}
	for kind, want := range folded {
		t.Run(string(kind), func(t *testing.T) {
			doc, err := f.s.Report(f.ctx, kind, ReportOptions{Office: office, At: day("2026-12-02")})
			require.NoError(t, err)
			got := map[string]bool{}
			for _, s := range doc.Sections {
				got[s.ID] = s.Folded
			}
			for id, w := range want {
				v, ok := got[id]
				require.True(t, ok, "section %s in %v", id, got)
				assert.Equal(t, w, v, "section %s folded", id)
			}
		})
	}
	doc, err := f.s.Report(f.ctx, ReportCoverage, ReportOptions{Office: office, At: day("2026-12-02")})
	require.NoError(t, err)
	require.Len(t, doc.Sections[0].Blocks, 1, "the coverage section is the chart alone")
	assert.IsType(t, report.Chart{}, doc.Sections[0].Blocks[0])
}
