package citizen

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
		relaciona.Person{ID: "ana-atencion", Name: "Ana del Directorio", Level: 3, Roles: []relaciona.Role{{Process: Kind, Name: RoleService}}},
		relaciona.Person{ID: "luis-lider", Name: "Luis", Level: 5, Roles: []relaciona.Role{{Process: Kind, Name: RoleLead}}},
		// Citizen service elsewhere is not citizen service here.
		relaciona.Person{ID: "otra", Name: "Otra", Level: 7, Roles: []relaciona.Role{{Process: "satisfaction", Name: RoleService}}},
	)
	require.NoError(t, err)
	all := Roles()
	n := NewPQRSD{Type: Peticion, Kind: KindGeneral, Channel: "web", Subject: "Solicitud", FiledAt: at("2026-03-02")}
	cases := []proctest.Refusal{
		{Name: "not in the directory, claiming level 7 and every role",
			Actor: relaciona.Actor{ID: "visitante", Name: "Visitante", Level: 7, Roles: all}, NotListed: true, Es: "no figura en el directorio"},
		{Name: "listed at level 5 as lead, claiming level 7 and citizen service",
			Actor: relaciona.Actor{ID: "luis-lider", Level: 7, Roles: all}, NotListed: false, Es: "necesita el rol citizen_service o system (el directorio no le da ese rol)"},
		{Name: "a role the directory gives in another process only",
			Actor: relaciona.Actor{ID: "otra", Roles: []string{RoleService}}, NotListed: false, Es: "necesita el rol citizen_service o system"},
		{Name: "a person of the file the deployment's directory does not list",
			Actor: relaciona.Actor{ID: "marta-alcaldesa", Roles: all}, NotListed: true, Es: "no figura en el directorio"},
	}
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			f := newFixture(t, WithDirectory(dir))
			before := f.audits(t)
			_, err := f.s.File(f.ctx, tc.Actor, n, at("2026-03-02"))
			tc.Check(t, err)
			assert.Equal(t, before, f.audits(t), "a refusal adds no audit entry")
			for p, err := range f.s.Open(f.ctx) {
				require.NoError(t, err)
				t.Fatalf("a refusal filed %s", p.ID)
			}
		})
	}
	t.Run("the directory's clerk, claiming nothing, files and is audited as the directory's person", func(t *testing.T) {
		f := newFixture(t, WithDirectory(dir))
		before := f.audits(t)
		p, err := f.s.File(f.ctx, relaciona.Actor{ID: "ana-atencion", Name: "Quien sea"}, n, at("2026-03-02"))
		require.NoError(t, err)
		assert.Equal(t, "ana-atencion", p.FiledBy)
		assert.Equal(t, "ana-atencion", proctest.LastAudit(t, f.ctx, f.store, int64(before)+1).Actor)
		a, err := f.s.Authorize(f.ctx, relaciona.Actor{ID: "ana-atencion", Name: "Quien sea", Level: 7, Roles: all}, "x", RoleService)
		require.NoError(t, err)
		assert.Equal(t, relaciona.Actor{ID: "ana-atencion", Name: "Ana del Directorio", Level: 3, Roles: []string{RoleService}}, a,
			"the actor used from then on is the directory's: its name, roles and level")
	})
	t.Run("no people and no directory: every person is refused, the job still runs", func(t *testing.T) {
		f := newFixture(t)
		cfg := *f.cfg
		cfg.People, cfg.Team = nil, nil
		s, err := New(f.store, &cfg, f.cal)
		require.NoError(t, err)
		_, err = s.File(f.ctx, relaciona.Actor{ID: "ana-atencion", Roles: all, Level: 7}, n, at("2026-03-02"))
		fe := proctest.Forbidden(t, err)
		assert.True(t, fe.NotListed)
		_, err = s.Run(f.ctx, relaciona.SystemActor(), d("2026-03-02"))
		require.NoError(t, err)
	})
}
