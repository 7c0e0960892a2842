package citizen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
)

// TestRationalisationDoneOnlyWithEvidence: a rationalisation of a
// procedure is planned with its SUIT class and tells the leads, due by the
// planned date; it is marked done only with its evidence (seed 002,
// "Trámites ... identificados, actualizados y racionalizados").
func TestRationalisationDoneOnlyWithEvidence(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.s.Setup(f.ctx, lead, at("2026-01-12")))
	in := Rationalisation{Item: "impuesto-predial", Class: RationaliseTechnological, Action: "Pago en línea con PSE", Planned: d("2026-06-30")}
	_, err := f.s.PlanRationalisation(f.ctx, clerk, in, d("2026-02-02"))
	var fe *relaciona.ForbiddenError
	require.ErrorAs(t, err, &fe)
	r, err := f.s.PlanRationalisation(f.ctx, lead, in, d("2026-02-02"))
	require.NoError(t, err)
	assert.Equal(t, "impuesto-predial/001", r.ID)
	assert.Equal(t, RationalisationPlanned, r.Status)
	ns := f.notifications(t, NotifyRationalisationPlanned)
	require.Len(t, ns, 1)
	assert.Equal(t, "luis-lider", ns[0].To.Person)
	assert.Equal(t, "2026-06-30", ns[0].Due)

	_, err = f.s.CompleteRationalisation(f.ctx, lead, r.ID, "  ", d("2026-06-15"))
	ve := proctest.Invalid(t, err, "done needs its evidence")
	assert.Equal(t, "evidence", ve.Field)
	got, err := f.s.Rationalisations(f.ctx)
	require.NoError(t, err)
	assert.Equal(t, RationalisationPlanned, got[0].Status, "nothing written")
	assert.True(t, got[0].Late(d("2026-07-01")))

	done, err := f.s.CompleteRationalisation(f.ctx, lead, r.ID, "SUIT 2389 actualizado; https://villadelejemplo.gov.co/predial", d("2026-06-15"))
	require.NoError(t, err)
	assert.Equal(t, RationalisationDone, done.Status)
	assert.False(t, done.Pending(d("2026-06-15")))
	assert.True(t, done.Pending(d("2026-06-14")), "pending before the date it was done")
	_, err = f.s.CompleteRationalisation(f.ctx, lead, r.ID, "otra", d("2026-06-16"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "done once")
}

// TestRationalisationChecks: only a procedure or another administrative
// procedure in force is rationalised, with a known class and an action.
func TestRationalisationChecks(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.s.Setup(f.ctx, lead, at("2026-01-12")))
	ok := Rationalisation{Item: "certificado-residencia", Class: RationaliseAdministrative, Action: "Suprimir el certificado de vecindad", Planned: d("2026-05-29")}
	tests := []struct {
		name  string
		mod   func(*Rationalisation)
		field string
	}{
		{"information request", func(r *Rationalisation) { r.Item = "informacion-contratos" }, "item"},
		{"unknown item", func(r *Rationalisation) { r.Item = "nada" }, "item"},
		{"unknown class", func(r *Rationalisation) { r.Class = "otra" }, "class"},
		{"no action", func(r *Rationalisation) { r.Action = "" }, "action"},
		{"no planned date", func(r *Rationalisation) { r.Planned = calendar.Date{} }, "planned"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := ok
			tc.mod(&in)
			_, err := f.s.PlanRationalisation(f.ctx, lead, in, d("2026-02-02"))
			ve := proctest.Invalid(t, err)
			assert.Equal(t, tc.field, ve.Field)
		})
	}
}

// TestTwoRationalisationsAtOnceGetTheirOwnIDs: two plans of one item at
// once are both stored, numbered one after the other.
func TestTwoRationalisationsAtOnceGetTheirOwnIDs(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.s.Setup(f.ctx, lead, at("2026-01-12")))
	twiceAtOnce(t, func() (Rationalisation, error) {
		return f.s.PlanRationalisation(f.ctx, lead, Rationalisation{Item: "impuesto-predial", Class: RationaliseNormative, Action: "Acuerdo que simplifica", Planned: d("2026-09-30")}, d("2026-02-02"))
	})
	got, err := f.s.Rationalisations(f.ctx)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, []string{"impuesto-predial/001", "impuesto-predial/002"}, []string{got[0].ID, got[1].ID})
}
