package citizen

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/report"
)

// TestOfferPageShowsRegisterRationalisationChannelsAndGuidelines: the
// offer page ends with the offer's changes in the period, rationalised
// and pending procedures, the accessible coverage, the channels without
// approved guidelines and the readability of published texts, in Spanish
// and English, its tables folded.
func TestOfferPageShowsRegisterRationalisationChannelsAndGuidelines(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.s.Setup(f.ctx, lead, at("2026-01-12")))
	p := withdrawStreetLighting(t, f, "Traslado a la empresa de energía", d("2026-02-02"), d("2026-02-03"))
	r1, err := f.s.PlanRationalisation(f.ctx, lead, Rationalisation{Item: "impuesto-predial", Class: RationaliseTechnological, Action: "Pago en línea", Planned: d("2026-03-15")}, d("2026-02-02"))
	require.NoError(t, err)
	_, err = f.s.PlanRationalisation(f.ctx, lead, Rationalisation{Item: "certificado-residencia", Class: RationaliseAdministrative, Action: "Menos requisitos", Planned: d("2026-03-01")}, d("2026-02-02"))
	require.NoError(t, err)
	_, err = f.s.CompleteRationalisation(f.ctx, lead, r1.ID, "SUIT 2389 actualizado", d("2026-03-10"))
	require.NoError(t, err)
	g, err := f.s.DraftGuideline(f.ctx, clerk, "ventanilla", plainGuideline, d("2026-02-02"))
	require.NoError(t, err)
	_, err = f.s.ApproveGuideline(f.ctx, boss, g.ID, d("2026-02-03"))
	require.NoError(t, err)

	for _, tc := range []struct {
		lang relaciona.Lang
		want []string
	}{
		{relaciona.Spanish, []string{"Racionalizado", "Pendiente, vencida", "Retiro", p.ID, "Canales sin pautas de servicio aprobadas", "Línea de atención", "Cobertura accesible de la oferta", "Pautas: Ventanilla única", "1 / 6"}},
		{relaciona.English, []string{"Rationalised", "Pending, late", "Withdrawal", "Channels without approved service guidelines", "Accessible coverage of the offer", "Guidelines: Ventanilla única"}},
	} {
		doc, err := f.s.OfferReport(f.ctx, ReportOptions{At: d("2026-03-31"), Lang: tc.lang})
		require.NoError(t, err)
		var h bytes.Buffer
		require.NoError(t, report.HTML(&h, doc))
		for _, w := range tc.want {
			assert.Contains(t, h.String(), w, tc.lang)
		}
		open := 0
		for _, sec := range doc.Sections {
			for _, b := range sec.Blocks {
				if _, ok := b.(report.Table); ok && !sec.Folded {
					t.Errorf("table in open section %s", sec.ID)
				}
			}
			if !sec.Folded {
				open++
			}
		}
		assert.LessOrEqual(t, open, 2, "only the summaries are open")
	}
}
