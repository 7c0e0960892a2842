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

// TestGovernancePage: Reports adds the governance page: the approach in
// force (version, approver, who agreed, the IT ↔ end-users owner), the
// monitoring periods with their review or as not reviewed, improvement
// actions (overdue first) and the most important stakeholders with the
// days since their owner's last interaction, in Spanish and English, with
// names redacted on request.
func TestGovernancePage(t *testing.T) {
	f := newFixture(t, testYAML, true)
	f.approve(t, "2026-01-08")
	_, err := f.svc.RecordMonitoringReview(ctx, actor(6), noon(t, "2026-06-30"), day(t, "2026-06-01"), "Mejoró la respuesta de los gremios")
	require.NoError(t, err)
	_, err = f.svc.DirectImprovement(ctx, actor(6), noon(t, "2026-02-02"), ImprovementAction{ID: "MEJ-1", Stakeholders: []string{"camara", "junta"}, Action: "Mesa conjunta", Owner: "p4", Due: day(t, "2026-03-02")})
	require.NoError(t, err)
	_, err = f.svc.DirectImprovement(ctx, actor(6), noon(t, "2026-02-02"), ImprovementAction{ID: "MEJ-2", Stakeholders: []string{"camara", "vecina"}, Action: "Visita guiada", Owner: "p4", Due: day(t, "2026-12-30")})
	require.NoError(t, err)
	_, err = f.svc.DesignateMostImportant(ctx, actor(7), noon(t, "2026-01-08"), "camara", "p7")
	require.NoError(t, err)

	for _, c := range []struct {
		lang   relaciona.Lang
		redact bool
		want   []string
	}{
		{relaciona.Spanish, false, []string{"Gobernanza de las relaciones", "versión 1", "aprobado por Siete", "Siete, Seis", "2026-Q1", "sin revisión", "2026-Q2",
			"Mejoró la respuesta", "vencida", "MEJ-1: Mesa conjunta", "Cámara de Comercio", "sin interacción a tiempo"}},
		{relaciona.English, false, []string{"Relationship governance", "version 1", "approved by Siete", "not reviewed", "overdue", "lapsed", "Most important stakeholders (level 7)"}},
		{relaciona.Spanish, true, []string{"aprobado por p7", "p7, p6"}},
	} {
		pages, err := f.svc.Reports(ctx, process.Period{From: day(t, "2026-01-01"), To: day(t, "2026-07-15"), Lang: c.lang, Redact: c.redact})
		require.NoError(t, err)
		require.Len(t, pages, 3)
		p := pageBySlug(t, pages, GovernanceSlug)
		ch := chartByID(t, p.Doc, "gobernanza-grafico")
		assert.Equal(t, [][]float64{{1, 0, 0}, {0, 1, 0}, {1, 1, 1}}, [][]float64{ch.Series[0].Values, ch.Series[1].Values, ch.Series[2].Values},
			"done, within term and late: periods 1 reviewed and 1 not; actions 1 open and 1 overdue; the most important one lapsed")
		assert.Equal(t, GovernanceSlug, p.Slug)
		assert.Equal(t, c.lang, p.Doc.Lang)
		var md bytes.Buffer
		require.NoError(t, report.Markdown(&md, p.Doc))
		var html bytes.Buffer
		require.NoError(t, report.HTML(&html, p.Doc))
		for _, w := range c.want {
			assert.Contains(t, md.String(), w, "%s redact=%v", c.lang, c.redact)
		}
		if c.redact {
			assert.NotContains(t, md.String(), "Siete")
		}
	}
}

// TestGovernancePageEmpty: without an approach or governance records the
// page says so instead of showing empty tables.
func TestGovernancePageEmpty(t *testing.T) {
	f := newFixture(t, testYAML, true)
	pages, err := f.svc.Reports(ctx, process.Period{From: day(t, "2026-01-01"), To: day(t, "2026-03-31"), Lang: relaciona.Spanish})
	require.NoError(t, err)
	require.Len(t, pages, 3)
	var md bytes.Buffer
	require.NoError(t, report.Markdown(&md, pageBySlug(t, pages, GovernanceSlug).Doc))
	for _, w := range []string{"Sin enfoque", "ninguno", "Sin periodos", "Sin acciones", "Sin designar"} {
		assert.Contains(t, md.String(), w)
	}
}
