package citizen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

const plainGuideline = "Salude a la persona. Diga su nombre. Escuche sin interrumpir. Explique el trámite con palabras sencillas. Confirme que entendió."

// TestOnlyTheApprovedGuidelineIsInForce: citizen service drafts, the
// direction is told and approves; a draft is never in force, and the
// approval supersedes the version in force before (seed 002, "Pautas de
// servicio a la ciudadanía").
func TestOnlyTheApprovedGuidelineIsInForce(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.DraftGuideline(f.ctx, lead, "ventanilla", plainGuideline, d("2026-02-02"))
	var fe *relaciona.ForbiddenError
	require.ErrorAs(t, err, &fe, "citizen service drafts")
	g1, err := f.s.DraftGuideline(f.ctx, clerk, "ventanilla", plainGuideline, d("2026-02-02"))
	require.NoError(t, err)
	assert.Equal(t, "ventanilla/v0001", g1.ID)
	ns := f.notifications(t, NotifyGuidelineDrafted)
	require.Len(t, ns, 1)
	assert.Equal(t, "marta-alcaldesa", ns[0].To.Person)

	_, ok, err := f.s.GuidelineInForce(f.ctx, "ventanilla")
	require.NoError(t, err)
	assert.False(t, ok, "a draft is not in force")

	_, err = f.s.ApproveGuideline(f.ctx, clerk, g1.ID, d("2026-02-03"))
	require.ErrorAs(t, err, &fe, "the direction approves")
	_, err = f.s.ApproveGuideline(f.ctx, boss, g1.ID, d("2026-02-03"))
	require.NoError(t, err)
	inForce, ok, err := f.s.GuidelineInForce(f.ctx, "ventanilla")
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, 1, inForce.Version)
	assert.Greater(t, inForce.Readability.Score, 55.0)

	g2, err := f.s.DraftGuideline(f.ctx, clerk, "ventanilla", plainGuideline+" Despida a la persona.", d("2026-05-04"))
	require.NoError(t, err)
	inForce, _, err = f.s.GuidelineInForce(f.ctx, "ventanilla")
	require.NoError(t, err)
	assert.Equal(t, 1, inForce.Version, "version 1 stays in force while 2 is a draft")
	_, err = f.s.ApproveGuideline(f.ctx, boss, g2.ID, d("2026-05-05"))
	require.NoError(t, err)
	all, err := f.s.Guidelines(f.ctx)
	require.NoError(t, err)
	require.Len(t, all, 2)
	assert.Equal(t, []GuidelineStatus{GuidelineSuperseded, GuidelineApproved}, []GuidelineStatus{all[0].Status, all[1].Status})
	_, err = f.s.ApproveGuideline(f.ctx, boss, g1.ID, d("2026-05-06"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "only a draft is approved")
	_, ok, err = f.s.GuidelineInForce(f.ctx, "telefono")
	require.NoError(t, err)
	assert.False(t, ok)
}

// TestGuidelineInUnclearLanguageIsNotApproved: the approval of guidelines
// whose text reads below plain_language.min_score is refused and writes
// nothing.
func TestGuidelineInUnclearLanguageIsNotApproved(t *testing.T) {
	f := newFixture(t)
	hard := "El servidor público responsable de la atención deberá propender, en cumplimiento de los lineamientos institucionales establecidos en la normatividad vigente, por la satisfacción integral de los requerimientos formulados por la ciudadanía."
	g, err := f.s.DraftGuideline(f.ctx, clerk, GeneralScope, hard, d("2026-02-02"))
	require.NoError(t, err, "a draft may be unclear")
	before := f.audits(t)
	_, err = f.s.ApproveGuideline(f.ctx, boss, g.ID, d("2026-02-03"))
	ve := proctest.Invalid(t, err)
	assert.Equal(t, "text", ve.Field)
	assert.Contains(t, ve.Msg, "INFLESZ")
	assert.Equal(t, before, f.audits(t))
	_, ok, err := f.s.GuidelineInForce(f.ctx, GeneralScope)
	require.NoError(t, err)
	assert.False(t, ok)

	_, err = f.s.DraftGuideline(f.ctx, clerk, "fax", plainGuideline, d("2026-02-02"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "unknown channel")
	_, err = f.s.DraftGuideline(f.ctx, clerk, "web", " ", d("2026-02-02"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "empty")
}

// TestTwoGuidelineDraftsAtOnce get consecutive versions.
func TestTwoGuidelineDraftsAtOnce(t *testing.T) {
	f := newFixture(t)
	twiceAtOnce(t, func() (Guideline, error) {
		return f.s.DraftGuideline(f.ctx, clerk, "web", plainGuideline, d("2026-02-02"))
	})
	all, err := f.s.Guidelines(f.ctx)
	require.NoError(t, err)
	require.Len(t, all, 2)
	assert.Equal(t, []int{1, 2}, []int{all[0].Version, all[1].Version})
}
