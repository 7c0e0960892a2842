package stakeholder

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// decisionsFixture: one decision taken on 10 February consulting camara
// and junta (feedback given to camara only), one draft, a general item
// spread and a technical item never spread.
func decisionsFixture(t *testing.T) *fixture {
	f := newFixture(t, testYAML, true)
	d := draft(t, f, "2026-02-02", []string{"camara", "junta"}, nil, impactOn("camara", ""), impactOn("junta", ""))
	_, err := f.svc.AddConsultation(ctx, actor(5), noon(t, "2026-02-04"), d.ID, consult("camara", "2026-02-04", t), consult("junta", "2026-02-04", t))
	require.NoError(t, err)
	_, err = f.svc.TakeDecision(ctx, actor(5), noon(t, "2026-02-10"), d.ID, TakeInput{Date: day(t, "2026-02-10"), Outcome: "Obras diurnas"})
	require.NoError(t, err)
	_, err = f.svc.RecordDecisionFeedback(ctx, actor(5), noon(t, "2026-02-12"), d.ID, "camara", FeedbackGiven{Date: day(t, "2026-02-12"), Channel: "meeting"})
	require.NoError(t, err)
	draft(t, f, "2026-02-15", []string{"vecina"}, nil)
	a, err := gather(t, f, 4, InfoGeneral, "Cierre de vía", "2026-02-02")
	require.NoError(t, err)
	_, err = f.svc.SpreadInformation(ctx, actor(4), noon(t, "2026-02-03"), a.ID, a.Version, InfoSpread{Groups: []string{"gremios"}, Channel: "email", Date: day(t, "2026-02-03")})
	require.NoError(t, err)
	_, err = gather(t, f, 5, InfoTechnical, "Estudio de ruido", "2026-02-05")
	require.NoError(t, err)
	return f
}

// TestDecisionsReport: the page counts the decisions taken in the period,
// the parties consulted, the informed feedback owed, given and late, and
// the information gathered and spread by kind, in Spanish and English;
// Reports adds it as its own page.
func TestDecisionsReport(t *testing.T) {
	f := decisionsFixture(t)
	period := process.Period{From: day(t, "2026-02-01"), To: day(t, "2026-02-28"), Lang: relaciona.Spanish}
	pages, err := f.svc.Reports(ctx, period)
	require.NoError(t, err)
	require.Len(t, pages, 3)
	assert.Equal(t, []string{Kind, GovernanceSlug, DecisionsSlug}, []string{pages[0].Slug, pages[1].Slug, pages[2].Slug})
	var md bytes.Buffer
	require.NoError(t, report.Markdown(&md, pageBySlug(t, pages, DecisionsSlug).Doc))
	out := md.String()
	assert.Contains(t, out, "Decisiones tomadas")
	assert.Contains(t, out, "dada: 1; vencida: 1", "junta's feedback was due on 24 February")
	assert.Contains(t, out, "1 en preparación")
	assert.Contains(t, out, "| Cambio del horario de obras | 2026-02-10 | Cinco | 2 | Cámara de Comercio, Junta de Acción Comunal | 2 | 2 | 2 | Obras diurnas | 2 | 1 |")
	assert.Contains(t, out, "| general | 4 | 1 | 1 | 0 |")
	assert.Contains(t, out, "| técnica | 5 | 1 | 0 | 1 |")
	c := chartByID(t, pageBySlug(t, pages, DecisionsSlug).Doc, "informacion-grafico")
	assert.Equal(t, [][]float64{{1, 0, 0}, {0, 1, 0}}, [][]float64{c.Series[0].Values, c.Series[1].Values},
		"the summary's chart: spread and not spread by kind (general, technical, commercial)")

	period.Lang, period.Redact = relaciona.English, true
	pages, err = f.svc.Reports(ctx, period)
	require.NoError(t, err)
	md.Reset()
	require.NoError(t, report.Markdown(&md, pageBySlug(t, pages, DecisionsSlug).Doc))
	out = md.String()
	assert.Contains(t, out, "given: 1; late: 1")
	assert.Contains(t, out, "| technical | 5 | 1 | 0 | 1 |")
	assert.Contains(t, out, "| p5 |", "a redacted report names the facilitator by id")
	assert.NotContains(t, out, "Cinco")

	// Before the feedback's term ends nothing is late.
	doc, err := f.svc.DecisionsReport(ctx, ReportOptions{At: day(t, "2026-02-20"), From: day(t, "2026-02-01")})
	require.NoError(t, err)
	md.Reset()
	require.NoError(t, report.Markdown(&md, doc))
	assert.Contains(t, md.String(), "dada: 1; vencida: 0")
}

// pageBySlug returns the page of pages with the slug, failing the test
// when there is none.
func pageBySlug(t *testing.T, pages []report.Page, slug string) report.Page {
	t.Helper()
	for _, p := range pages {
		if p.Slug == slug {
			return p
		}
	}
	require.Failf(t, "no page", "no page with slug %q", slug)
	return report.Page{}
}

// chartByID returns the chart with the id in the document's sections,
// failing the test when there is none or it has no data table.
func chartByID(t *testing.T, doc report.Document, id string) report.Chart {
	t.Helper()
	for _, sec := range doc.Sections {
		for _, b := range sec.Blocks {
			if c, ok := b.(report.Chart); ok && c.ID == id {
				require.NotNil(t, c.Table, "the chart %s carries its data table", id)
				return c
			}
		}
	}
	require.Failf(t, "no chart", "no chart with id %q", id)
	return report.Chart{}
}
