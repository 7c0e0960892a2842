package satisfaction

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// TestDirectoryDecides checks that who may act comes from the directory,
// never from the caller: roles and a level the caller claims are ignored,
// the refusal says why, nothing is changed, and an allowed change is made
// (and audited) as the directory's person.
func TestDirectoryDecides(t *testing.T) {
	dir, err := relaciona.NewRoster(
		relaciona.Person{ID: "own-carla", Name: "Carla del Directorio", Level: 6, Roles: []relaciona.Role{{Process: Kind, Name: RoleOwner}}},
		relaciona.Person{ID: "exe-sofia", Name: "Sofía", Level: 5, Roles: []relaciona.Role{{Process: Kind, Name: RoleExecutor}}},
		// An owner elsewhere is no owner here.
		relaciona.Person{ID: "otra", Name: "Otra", Level: 7, Roles: []relaciona.Role{{Process: "citizen", Name: RoleOwner}}},
	)
	require.NoError(t, err)
	all := []string{RoleDirection, RoleOwner, RoleManager, RoleExecutor, relaciona.RoleSystem}
	cases := []proctest.Refusal{
		{Name: "not in the directory, claiming level 7 and every role",
			Actor: relaciona.Actor{ID: "intruso", Name: "Intruso", Level: 7, Roles: all}, NotListed: true, Es: "no figura en el directorio"},
		{Name: "listed at level 5, claiming level 7 and the owner's role",
			Actor: relaciona.Actor{ID: "exe-sofia", Level: 7, Roles: all}, NotListed: false, Es: "necesita el rol process_owner (el directorio no le da ese rol)"},
		{Name: "a role the directory gives in another process only",
			Actor: relaciona.Actor{ID: "otra", Roles: []string{RoleOwner}}, NotListed: false, Es: "necesita el rol process_owner"},
		{Name: "the scheduled job may only run",
			Actor: relaciona.SystemActor(), NotListed: false, Es: "necesita el rol process_owner"},
	}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			f := newFixture(t, WithDirectory(dir))
			before := f.auditCount(t)
			_, err := f.p.DesignInterview(f.ctx, tc.Actor, testDesign(2026), ts("2026-01-10T10:00:00Z"))
			tc.Check(t, err)
			assert.Equal(t, before, f.auditCount(t), "a refusal adds no audit entry")
			_, err = f.p.designs.Get(f.ctx, "interview-2026")
			require.ErrorIs(t, err, relaciona.ErrNotFound, "a refusal writes no record")
		})
	}
	t.Run("the directory's owner, claiming nothing, is allowed and audited as the directory's person", func(t *testing.T) {
		f := newFixture(t, WithDirectory(dir))
		before := f.auditCount(t)
		d, err := f.p.DesignInterview(f.ctx, relaciona.Actor{ID: "own-carla", Name: "Quien sea"}, testDesign(2026), ts("2026-01-10T10:00:00Z"))
		require.NoError(t, err)
		assert.Equal(t, "own-carla", d.DesignedBy)
		assert.Equal(t, "own-carla", proctest.LastAudit(t, f.ctx, f.store, before+1).Actor)
		a, err := f.p.authorize(f.ctx, relaciona.Actor{ID: "own-carla", Name: "Quien sea", Level: 1}, "x", RoleOwner)
		require.NoError(t, err)
		assert.Equal(t, relaciona.Actor{ID: "own-carla", Name: "Carla del Directorio", Level: 6, Roles: []string{RoleOwner}}, a,
			"the actor used from then on is the directory's: its name, roles and level")
	})
	t.Run("a team member of the file is no one when the deployment's directory does not list them", func(t *testing.T) {
		f := newFixture(t, WithDirectory(dir))
		_, err := f.p.ApproveDesign(f.ctx, f.dir, "interview-2026", ts("2026-01-12T10:00:00Z"))
		fe := proctest.Forbidden(t, err)
		assert.True(t, fe.NotListed)
	})
	t.Run("no team and no directory: every person is refused, the job still runs", func(t *testing.T) {
		cfg := testConfig()
		cfg.Team = nil
		f := newFixture(t)
		p, err := New(f.store, &cfg, f.p.cal)
		require.NoError(t, err)
		_, err = p.DesignInterview(f.ctx, relaciona.Actor{ID: "own-carla", Roles: all, Level: 7}, testDesign(2026), ts("2026-01-10T10:00:00Z"))
		fe := proctest.Forbidden(t, err)
		assert.True(t, fe.NotListed)
		_, err = p.Run(f.ctx, relaciona.SystemActor(), day("2026-03-02"))
		require.NoError(t, err)
	})
}
