package citizen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
)

// TestOfferChangesOnlyByAnApprovedProposal: the YAML's offer is imported
// once as revision 1 of each item; a change proposed in a draft changes
// nothing; the direction's approval applies it in its batch, with the
// item's previous state and the proposal's id in the history (seed 002,
// "Identificar, consolidar y actualizar la oferta" and "Generar la
// propuesta de ajuste a la oferta institucional").
func TestOfferChangesOnlyByAnApprovedProposal(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.s.Setup(f.ctx, lead, at("2026-01-12")))
	recs, err := f.s.OfferRecords(f.ctx)
	require.NoError(t, err)
	require.Len(t, recs, 4)
	for _, r := range recs {
		assert.Equal(t, 1, r.Revision, r.Item.ID)
	}

	p, err := f.s.ProposeAdjustment(f.ctx, lead, d("2026-01-01"), d("2026-03-31"), d("2026-04-06"))
	require.NoError(t, err)
	upd, _ := f.cfg.OfferItemByID("certificado-residencia")
	changed := *upd
	changed.Channels = []string{"ventanilla", "web"}
	changed.Description = "Pida el certificado en la ventanilla o en la web. Lo recibe en su correo."
	added := OfferItem{ID: "licencia-eventos", Name: "Permiso para eventos", Kind: OfferProcedure, Dependency: "planeacion", Channels: []string{"web"}}
	changes := []OfferChange{
		{Op: OfferUpdate, Item: changed, Reason: "Cobertura de canales baja"},
		{Op: OfferWithdraw, Item: OfferItem{ID: "alumbrado-publico"}, Reason: "Pasa a la empresa de servicios públicos"},
		{Op: OfferAdd, Item: added, Reason: "Nueva competencia"},
	}
	_, err = f.s.ProposeOfferChanges(f.ctx, clerk, p.ID, changes, d("2026-04-06"))
	var fe *relaciona.ForbiddenError
	require.ErrorAs(t, err, &fe, "the relationship lead proposes")
	_, err = f.s.ProposeOfferChanges(f.ctx, lead, p.ID, changes, d("2026-04-06"))
	require.NoError(t, err)

	// Unapproved: nothing changed.
	got, ok, err := f.s.OfferItem(f.ctx, "certificado-residencia")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, []string{"ventanilla"}, got.Channels, "a draft proposal changes no item")
	_, ok, err = f.s.OfferItem(f.ctx, "alumbrado-publico")
	require.NoError(t, err)
	assert.True(t, ok)
	_, ok, err = f.s.OfferItem(f.ctx, "licencia-eventos")
	require.NoError(t, err)
	assert.False(t, ok)

	// A re-run of the proposal keeps its changes.
	p, err = f.s.ProposeAdjustment(f.ctx, lead, d("2026-01-01"), d("2026-03-31"), d("2026-04-06"))
	require.NoError(t, err)
	assert.Len(t, p.Changes, 3)

	_, err = f.s.ApproveAdjustment(f.ctx, lead, p.ID, d("2026-04-07"))
	require.ErrorAs(t, err, &fe, "the direction approves")
	before := f.audits(t)
	_, err = f.s.ApproveAdjustment(f.ctx, boss, p.ID, d("2026-04-07"))
	require.NoError(t, err)
	assert.Equal(t, before+1, f.audits(t), "approval and changes are one audited batch")

	got, ok, err = f.s.OfferItem(f.ctx, "certificado-residencia")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, []string{"ventanilla", "web"}, got.Channels)
	hist, err := f.s.OfferHistory(f.ctx, "certificado-residencia")
	require.NoError(t, err)
	require.Len(t, hist, 2)
	assert.Equal(t, OfferImport, hist[0].Op)
	assert.Equal(t, OfferUpdate, hist[1].Op)
	assert.Equal(t, p.ID, hist[1].Proposal)
	assert.Equal(t, "marta-alcaldesa", hist[1].By)
	assert.Equal(t, 2, hist[1].Revision)
	require.NotNil(t, hist[1].Before)
	assert.Equal(t, []string{"ventanilla"}, hist[1].Before.Channels)

	_, ok, err = f.s.OfferItem(f.ctx, "alumbrado-publico")
	require.NoError(t, err)
	assert.False(t, ok, "withdrawn")
	_, err = f.s.Assess(f.ctx, lead, Assessment{Item: "alumbrado-publico", Date: d("2026-04-08"), Compliant: true, Relevance: 3, Quality: 3, Alignment: 3})
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "a withdrawn item is not assessed")
	_, err = f.s.Assess(f.ctx, lead, Assessment{Item: "licencia-eventos", Date: d("2026-04-08"), Compliant: true, Relevance: 3, Quality: 3, Alignment: 3})
	assert.NoError(t, err, "an added item is assessed")

	items, err := f.s.AnalyseOffer(f.ctx, d("2026-04-01"), d("2026-04-30"), d("2026-04-30"))
	require.NoError(t, err)
	var ids []string
	for _, ia := range items {
		ids = append(ids, ia.Item)
	}
	assert.Equal(t, []string{"impuesto-predial", "certificado-residencia", "informacion-contratos", "licencia-eventos"}, ids, "the analysis reads the stored offer")

	// PQRSD name the offer in force.
	pq := f.file(t, at("2026-04-08"), func(n *NewPQRSD) { n.Offer = "licencia-eventos" })
	assert.Equal(t, "planeacion", pq.Dependency, "an added item's dependency")
	_, err = f.s.File(f.ctx, clerk, NewPQRSD{Type: Peticion, Kind: KindGeneral, Channel: "web", Subject: "Luminaria", Offer: "alumbrado-publico", FiledAt: at("2026-04-08")}, at("2026-04-08"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "a withdrawn item takes no PQRSD")
}

// TestOfferImportedOnceFromTheYAML: the YAML's offer is read until it is
// imported; afterwards a changed YAML changes nothing stored, and two
// imports at once store it once.
func TestOfferImportedOnceFromTheYAML(t *testing.T) {
	f := newFixture(t)
	offer, err := f.s.Offer(f.ctx)
	require.NoError(t, err)
	assert.Equal(t, f.cfg.Offer, offer, "before the import the YAML is the offer")

	ns := twiceAtOnce(t, func() (int, error) { return f.s.ImportOffer(f.ctx, lead, d("2026-01-12")) })
	assert.Equal(t, 4, ns[0]+ns[1], "stored once")
	n, err := f.s.offerChanges().Count(f.ctx, relaciona.Filter{})
	require.NoError(t, err)
	assert.EqualValues(t, 4, n)

	cfg, err := LoadConfig(examplePath, relaciona.English)
	require.NoError(t, err)
	cfg.Offer[0].Name = "Otro nombre"
	cfg.index()
	s2, err := New(f.store, cfg, f.cal, WithLocation(bogota), WithLang(relaciona.English))
	require.NoError(t, err)
	again, err := s2.ImportOffer(f.ctx, lead, d("2026-02-01"))
	require.NoError(t, err)
	assert.Zero(t, again)
	it, ok, err := s2.OfferItem(f.ctx, "impuesto-predial")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, "Pago del impuesto predial", it.Name, "the YAML is only the initial inventory")
}

// TestOfferChangeChecks: a proposed change names what it changes, with a
// reason, in plain language, and the approval refuses one the offer in
// force no longer fits.
func TestOfferChangeChecks(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.s.Setup(f.ctx, lead, at("2026-01-12")))
	p1, err := f.s.ProposeAdjustment(f.ctx, lead, d("2026-01-01"), d("2026-03-31"), d("2026-04-06"))
	require.NoError(t, err)
	p2, err := f.s.ProposeAdjustment(f.ctx, lead, d("2026-01-01"), d("2026-03-31"), d("2026-04-07"))
	require.NoError(t, err)
	hard := "La presente actuación administrativa, de conformidad con lo establecido en la normatividad vigente aplicable, comprende la verificación documental, la liquidación correspondiente y la expedición del respectivo acto administrativo, previa constatación del cumplimiento de la totalidad de los requisitos exigidos por la reglamentación municipal."
	it, _ := f.cfg.OfferItemByID("impuesto-predial")
	hardItem := *it
	hardItem.Description = hard
	tests := []struct {
		name  string
		ch    OfferChange
		field string
	}{
		{"no reason", OfferChange{Op: OfferWithdraw, Item: OfferItem{ID: "impuesto-predial"}}, "changes[0].reason"},
		{"unknown op", OfferChange{Op: "rename", Item: OfferItem{ID: "impuesto-predial"}, Reason: "x"}, "changes[0].op"},
		{"add an existing id", OfferChange{Op: OfferAdd, Item: *it, Reason: "x"}, "changes[0].item.id"},
		{"update an unknown id", OfferChange{Op: OfferUpdate, Item: OfferItem{ID: "nada", Name: "Nada", Kind: OfferProcedure}, Reason: "x"}, "changes[0].item.id"},
		{"unknown channel", OfferChange{Op: OfferAdd, Item: OfferItem{ID: "n", Name: "N", Kind: OfferProcedure, Channels: []string{"fax"}}, Reason: "x"}, "changes[0].item.channels"},
		{"description not plain", OfferChange{Op: OfferUpdate, Item: hardItem, Reason: "x"}, "changes[0].item.description"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.s.ProposeOfferChanges(f.ctx, lead, p1.ID, []OfferChange{tc.ch}, d("2026-04-06"))
			ve := proctest.Invalid(t, err)
			assert.Equal(t, tc.field, ve.Field)
		})
	}

	withdraw := []OfferChange{{Op: OfferWithdraw, Item: OfferItem{ID: "alumbrado-publico"}, Reason: "Traslado de competencia"}}
	_, err = f.s.ProposeOfferChanges(f.ctx, lead, p1.ID, withdraw, d("2026-04-07"))
	require.NoError(t, err)
	_, err = f.s.ProposeOfferChanges(f.ctx, lead, p2.ID, withdraw, d("2026-04-07"))
	require.NoError(t, err)
	_, err = f.s.ApproveAdjustment(f.ctx, boss, p1.ID, d("2026-04-08"))
	require.NoError(t, err)
	_, err = f.s.ApproveAdjustment(f.ctx, boss, p2.ID, d("2026-04-08"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "the item is withdrawn already")
	got, err := f.s.Proposal(f.ctx, p2.ID)
	require.NoError(t, err)
	assert.Equal(t, ProposalDraft, got.Status, "the refused approval wrote nothing")
	_, err = f.s.ProposeOfferChanges(f.ctx, lead, p1.ID, withdraw, d("2026-04-09"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "an approved proposal takes no changes")
}

// withdrawStreetLighting proposes, on proposed, the adjustment of the
// first quarter of 2026 with one change, the withdrawal of
// alumbrado-publico for reason, and has the direction approve it on
// approved; it returns the proposal.
func withdrawStreetLighting(t *testing.T, f *fixture, reason string, proposed, approved calendar.Date) AdjustmentProposal {
	t.Helper()
	p, err := f.s.ProposeAdjustment(f.ctx, lead, d("2026-01-01"), d("2026-03-31"), proposed)
	require.NoError(t, err)
	_, err = f.s.ProposeOfferChanges(f.ctx, lead, p.ID, []OfferChange{{Op: OfferWithdraw, Item: OfferItem{ID: "alumbrado-publico"}, Reason: reason}}, proposed)
	require.NoError(t, err)
	_, err = f.s.ApproveAdjustment(f.ctx, boss, p.ID, approved)
	require.NoError(t, err)
	return p
}

// TestApprovalImportsAnOfferNotImportedYet: changes approved before any
// import start the history at the YAML's inventory, in the same batch.
func TestApprovalImportsAnOfferNotImportedYet(t *testing.T) {
	f := newFixture(t)
	withdrawStreetLighting(t, f, "Traslado", d("2026-04-06"), d("2026-04-07"))
	recs, err := f.s.OfferRecords(f.ctx)
	require.NoError(t, err)
	require.Len(t, recs, 4)
	hist, err := f.s.OfferHistory(f.ctx, "alumbrado-publico")
	require.NoError(t, err)
	require.Len(t, hist, 2)
	assert.Equal(t, []OfferOp{OfferImport, OfferWithdraw}, []OfferOp{hist[0].Op, hist[1].Op})
	offer, err := f.s.Offer(f.ctx)
	require.NoError(t, err)
	assert.Len(t, offer, 3)
	n, err := f.s.ImportOffer(f.ctx, lead, d("2026-04-08"))
	require.NoError(t, err)
	assert.Zero(t, n, "imported already by the approval")
}
