package citizen

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/report"
)

// quarter fills Q1 2026 with PQRSD of every outcome.
func quarter(t *testing.T, f *fixture) {
	t.Helper()
	for i := range 10 {
		p := f.file(t, at(fmt.Sprintf("2026-02-%02d", 2+i)), func(n *NewPQRSD) {
			n.Type = Types()[i%5]
			n.Channel = []string{"web", "ventanilla", "telefono"}[i%3]
			n.Requester = Requester{Name: "Carmen Ruiz Ospina", Email: "carmen@example.co"}
			n.Offer = "certificado-residencia"
		})
		switch i % 4 {
		case 0:
			_, err := f.s.Answer(f.ctx, clerk, p.ID, "Respuesta", at("2026-02-20"))
			require.NoError(t, err)
		case 1:
			_, err := f.s.Answer(f.ctx, clerk, p.ID, "Respuesta tardía", at("2026-03-31"))
			require.NoError(t, err)
		case 2:
			_, err := f.s.Forward(f.ctx, clerk, p.ID, "Gobernación", "", at("2026-02-13"))
			require.NoError(t, err)
		}
	}
}

func TestQuarterlyPQRSDReportRendersInEveryFormat(t *testing.T) {
	f := newFixture(t)
	quarter(t, f)
	doc := firstQuarterReport(t, f, "")
	var html bytes.Buffer
	require.NoError(t, report.HTML(&html, doc))
	page := html.String()
	assert.Contains(t, page, "Informe trimestral de PQRSD", "Spanish by default")
	assert.Contains(t, page, "<svg", "charts")
	assert.Contains(t, page, "Ley 1755 de 2015")
	assert.Contains(t, page, "PQRSD-2026-000004", "the open PQRSD past due are listed")
	assert.Contains(t, page, "Carmen Ruiz Ospina", "personal data shown when not redacted")

	st, err := f.s.PQRSDStats(f.ctx, d("2026-01-01"), d("2026-03-31"), d("2026-03-31"))
	require.NoError(t, err)
	assert.Equal(t, 10, st.Total)
	assert.Equal(t, 3, st.TotalOnTime)
	assert.Equal(t, 3, st.TotalLate)
	assert.Equal(t, 2, st.TotalForwarded)
	assert.Equal(t, 2, st.TotalOverdue)

	red, err := f.s.PQRSDReport(f.ctx, ReportOptions{Year: 2026, Quarter: 1, At: d("2026-03-31"), Lang: relaciona.English, Redact: true})
	require.NoError(t, err)
	r := proctest.Render(t, red)
	for _, text := range []string{r.HTML, r.Markdown} {
		assert.Contains(t, text, "Quarterly PQRSD report")
		assert.NotContains(t, text, "Carmen", "redacted")
	}
	assert.Positive(t, len(r.XLSX))
	csvs, err := filepath.Glob(filepath.Join(r.CSVDir, "*.csv"))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, len(csvs), 4)
}

func TestCharacterisationReportShowsNoSmallGroup(t *testing.T) {
	f := newFixture(t)
	f.exercise(t)
	smallGroups(t, f)
	doc, err := f.s.CharacterisationReport(f.ctx, ReportOptions{At: d("2026-03-31"), Lang: relaciona.English})
	require.NoError(t, err)
	var md bytes.Buffer
	require.NoError(t, report.Markdown(&md, doc))
	out := md.String()
	assert.Contains(t, out, "Preview")
	assert.Contains(t, out, "Others")
	assert.NotContains(t, out, "rural-old", "no citizen id leaves the store")
	for _, blk := range doc.Sections {
		for _, b := range blk.Blocks {
			ch, ok := b.(report.Chart)
			if !ok {
				continue
			}
			for _, v := range ch.Series[0].Values {
				assert.True(t, v == 0 || v >= 5, "%s shows a group of %v", ch.ID, v)
			}
		}
	}
	_, err = f.s.Publish(f.ctx, lead, d("2026-03-01"), relaciona.English)
	require.NoError(t, err)
	doc, err = f.s.CharacterisationReport(f.ctx, ReportOptions{At: d("2026-03-31"), Lang: relaciona.English})
	require.NoError(t, err)
	assert.Contains(t, doc.Subtitle, "published on 2026-03-01")
}

func TestOfferAndIndicatorReportsRender(t *testing.T) {
	f := newFixture(t)
	quarter(t, f)
	_, err := f.s.Assess(f.ctx, lead, Assessment{Item: "certificado-residencia", Date: d("2026-03-02"), Compliant: true, Relevance: 4, Quality: 2, Alignment: 4})
	require.NoError(t, err)
	_, err = f.s.SetBaseline(f.ctx, lead, Baseline{Indicator: "oportunidad", Value: 0.8, Date: d("2026-01-15")})
	require.NoError(t, err)
	_, err = f.s.MeasurePQRSD(f.ctx, lead, "oportunidad", d("2026-01-01"), d("2026-03-31"), d("2026-03-31"))
	require.NoError(t, err)
	_, err = f.s.Run(f.ctx, job, d("2026-03-31"))
	require.NoError(t, err)
	pages, err := f.s.Pages(f.ctx, ReportOptions{Year: 2026, Quarter: 1, At: d("2026-03-31"), Redact: true})
	require.NoError(t, err)
	bySlug := map[string]report.Document{}
	for _, p := range pages {
		bySlug[p.Slug] = p.Doc
	}
	assert.Len(t, bySlug, 7)
	dir := t.TempDir()
	require.NoError(t, report.Site(dir, report.Document{Title: "Ciudadanía"}, pages))
	var offer, ind bytes.Buffer
	require.NoError(t, report.HTML(&offer, bySlug["citizen-offer"]))
	require.NoError(t, report.HTML(&ind, bySlug["citizen-indicators"]))
	assert.Contains(t, offer.String(), "Mejorar la calidad")
	assert.Contains(t, offer.String(), "<svg")
	assert.Contains(t, ind.String(), "PQRSD respondidas a tiempo")
	assert.Contains(t, ind.String(), "no cumple la meta", "the feedback produced")
	for _, p := range pages {
		var b bytes.Buffer
		require.NoError(t, report.XLSX(&b, p.Doc), p.Slug)
		var h bytes.Buffer
		require.NoError(t, report.HTML(&h, p.Doc), p.Slug)
		assert.False(t, strings.Contains(h.String(), "Carmen"), "%s is redacted", p.Slug)
	}
}

// TestReportsOpenWithChartsAndFoldTheirTables checks the layout a director
// reads: the PQRSD report's charts open, the tables behind them folded; the
// characterisation's method and profiles folded.
func TestReportsOpenWithChartsAndFoldTheirTables(t *testing.T) {
	f := newFixture(t)
	quarter(t, f)
	pq := firstQuarterReport(t, f, "")
	ch, err := f.s.CharacterisationReport(f.ctx, ReportOptions{At: d("2026-03-31")})
	require.NoError(t, err)
	for _, c := range []struct {
		name   string
		doc    report.Document
		folded map[string]bool
	}{
		{"pqrsd", pq, map[string]bool{"resumen": false, "recepcion": false, "recepcion-detalle": true, "respuesta": false, "respuesta-detalle": true}},
		{"characterisation", ch, map[string]bool{"metodo": true, "perfiles": true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := map[string]report.Section{}
			for _, s := range c.doc.Sections {
				got[s.ID] = s
			}
			for id, want := range c.folded {
				s, ok := got[id]
				require.True(t, ok, "section %s", id)
				assert.Equal(t, want, s.Folded, "section %s folded", id)
			}
		})
	}
	for _, id := range []string{"recepcion", "respuesta"} {
		for _, b := range func() []report.Block {
			for _, s := range pq.Sections {
				if s.ID == id {
					return s.Blocks
				}
			}
			return nil
		}() {
			assert.IsType(t, report.Chart{}, b, "%s shows its chart alone", id)
		}
	}
}
