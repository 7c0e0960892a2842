package citizen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// TestUnassignedEntriesAreListedAndTheOwnerToldOnce: seed 002, activity 3
// ("Articular con las dependencias la implementación de la estrategia"):
// each entry of the adopted version is assigned to a configured dependency
// with the indicators it follows; while entries are unassigned Run tells
// the version's author once; an unknown dependency is refused.
func TestUnassignedEntriesAreListedAndTheOwnerToldOnce(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.s.Setup(f.ctx, lead, at("2026-01-05")))
	_, err := f.s.AssignEntry(f.ctx, lead, 1, "digital", "hacienda", []string{"dias-respuesta"}, at("2026-01-06"))
	require.ErrorIs(t, err, relaciona.ErrInvalid, "only the adopted version is articulated")
	_, err = f.s.SocialiseStrategy(f.ctx, lead, 1, []string{"atencion", "hacienda", "planeacion"}, at("2026-01-12"))
	require.NoError(t, err)
	f.citeDefaults(t, 1)
	_, err = f.s.AdoptStrategy(f.ctx, boss, 1, at("2026-01-13"))
	require.NoError(t, err)

	v, un, err := f.s.Unassigned(f.ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, v.Version)
	assert.Equal(t, []string{"rural-telefono", "digital"}, un)
	_, err = f.s.AssignEntry(f.ctx, lead, 1, "digital", "salud", []string{"dias-respuesta"}, at("2026-01-14"))
	ve := proctest.Invalid(t, err)
	assert.Equal(t, "dependency", ve.Field)
	_, err = f.s.AssignEntry(f.ctx, lead, 1, "nada", "hacienda", []string{"dias-respuesta"}, at("2026-01-14"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "an entry of the version")
	_, err = f.s.AssignEntry(f.ctx, lead, 1, "digital", "hacienda", nil, at("2026-01-14"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "the indicator it follows")
	_, err = f.s.AssignEntry(f.ctx, clerk, 1, "digital", "hacienda", []string{"dias-respuesta"}, at("2026-01-14"))
	assert.ErrorIs(t, err, relaciona.ErrForbidden)
	_, err = f.s.AssignEntry(f.ctx, lead, 1, "digital", "hacienda", []string{"dias-respuesta"}, at("2026-01-14"))
	require.NoError(t, err)

	for i, day := range []string{"2026-01-31", "2026-02-28"} {
		sum, err := f.s.Run(f.ctx, job, d(day))
		require.NoError(t, err)
		assert.Equal(t, 1-i, sum.NewStrategyUnassigned, day)
	}
	ns := f.notifications(t, NotifyStrategyUnassigned)
	require.Len(t, ns, 1, "told once")
	assert.Equal(t, "luis-lider", ns[0].To.Person, "the version's author")
	assert.Equal(t, "rural-telefono", ns[0].Fields["entries"])

	x, err := f.s.AssignEntry(f.ctx, lead, 1, "rural-telefono", "atencion", []string{"oportunidad", "satisfaccion"}, at("2026-03-02"))
	require.NoError(t, err)
	assert.Equal(t, "v0001/rural-telefono", x.ID)
	_, un, err = f.s.Unassigned(f.ctx)
	require.NoError(t, err)
	assert.Empty(t, un)
	as, err := f.s.Assignments(f.ctx, 1)
	require.NoError(t, err)
	require.Len(t, as, 2)
	assert.Equal(t, "hacienda", as[0].Dependency)
}
