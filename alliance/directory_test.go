package alliance

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
)

// lastAudit returns the newest audit entry.
func (f *fixture) lastAudit() relaciona.AuditEntry {
	return proctest.LastAudit(f.t, f.ctx, f.store, 1)
}

// TestDirectoryDecides checks that who may act comes from the directory,
// never from what the caller claims: a person not in it may do nothing, a
// role it does not give is not held, and the actor used is the
// directory's. A refusal changes nothing.
func TestDirectoryDecides(t *testing.T) {
	allRoles := []string{DefaultRoleEncargado, DefaultRoleGestor, DefaultRoleTeam, RoleSystem}
	cases := []struct {
		name      string
		actor     relaciona.Actor
		run       bool // the periodic job instead of opening the review
		notListed bool
		needRole  string // the role the refusal names
		wantES    string // in the Spanish text of the refusal
		allowed   bool
	}{
		{name: "not in the directory, claiming level 7 and every role",
			actor: relaciona.Actor{ID: "intruso", Name: "Intruso", Level: 7, Roles: allRoles}, notListed: true, wantES: "no figura en el directorio"},
		{name: "not in the directory, claiming the job's role",
			actor: relaciona.Actor{ID: "cron", Roles: []string{RoleSystem}}, run: true, notListed: true, wantES: "no figura en el directorio"},
		{name: "listed gestor claiming the encargado role and level 7",
			actor: relaciona.Actor{ID: gestor.ID, Level: 7, Roles: allRoles}, needRole: DefaultRoleEncargado, wantES: "el directorio no le da ese rol"},
		{name: "listed team member claiming the job's role",
			actor: relaciona.Actor{ID: team1.ID, Roles: []string{RoleSystem}}, run: true, needRole: RoleSystem, wantES: "el directorio no le da ese rol"},
		{name: "the directory's encargado, claiming nothing",
			actor: relaciona.Actor{ID: enc.ID}, allowed: true},
		{name: "the directory's encargado runs the job",
			actor: relaciona.Actor{ID: enc.ID}, run: true, allowed: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t).to(PhaseMonitoring)
			before := f.audits()
			var err error
			if tc.run {
				_, err = f.s.Run(f.ctx, tc.actor, day("2026-12-02"))
			} else {
				_, err = f.s.OpenReview(f.ctx, tc.actor, office, day("2026-12-02"), false, nil)
			}
			if tc.allowed {
				require.NoError(t, err)
				assert.Greater(t, f.audits(), before)
				assert.Equal(t, enc.ID, f.lastAudit().Actor, "the audit records the directory's person")
				return
			}
			require.Error(t, err)
			fe := proctest.Forbidden(t, err)
			assert.Equal(t, tc.notListed, fe.NotListed)
			if tc.needRole != "" {
				assert.True(t, fe.Checked, "the roles were looked up")
				assert.Contains(t, fe.NeedRoles, tc.needRole)
			}
			assert.Contains(t, fe.Text(relaciona.Spanish), tc.wantES)
			assert.Equal(t, before, f.audits(), "nothing written")
			assert.Equal(t, PhaseMonitoring, f.phase(), "nothing changed")
			flags, err := f.s.Flags(f.ctx, office, day("2026-01-01"), day("2026-12-31"))
			require.NoError(t, err)
			assert.Empty(t, flags, "no flag raised")
		})
	}
}

// TestFileRosterDecides checks the process without WithDirectory: the
// file's people decide; with no people, nobody may act but the
// scheduled job.
func TestFileRosterDecides(t *testing.T) {
	ctx := context.Background()
	cal, err := calendar.New(calendar.Chile, calendar.Options{})
	require.NoError(t, err)
	open := func(t *testing.T, cfg *Config) *Process {
		store := proctest.MemoryStore(t)
		s, err := New(store, cfg, cal)
		require.NoError(t, err)
		return s
	}
	t.Run("the example's people", func(t *testing.T) {
		cfg, err := LoadConfig(examplePath, relaciona.Spanish)
		require.NoError(t, err)
		s := open(t, cfg)
		require.NoError(t, s.ImportConfig(ctx, relaciona.Actor{ID: "encargado"}, day("2026-01-05")))
		err = s.ImportConfig(ctx, relaciona.Actor{ID: "gestor", Roles: []string{DefaultRoleEncargado}}, day("2026-01-05"))
		assert.ErrorIs(t, err, relaciona.ErrForbidden, "the file gives the gestor no encargado role")
		boss, err := s.Directory().Manager(ctx, "encargado")
		require.NoError(t, err)
		assert.Equal(t, "jefatura-dideco", boss.ID)
	})
	t.Run("no people", func(t *testing.T) {
		cfg, err := LoadConfig(examplePath, relaciona.Spanish)
		require.NoError(t, err)
		cfg.People = nil
		s := open(t, cfg)
		err = s.ImportConfig(ctx, relaciona.Actor{ID: "encargado", Roles: []string{DefaultRoleEncargado}}, day("2026-01-05"))
		fe := proctest.Forbidden(t, err)
		assert.True(t, fe.NotListed)
		_, err = s.Run(ctx, relaciona.SystemActor(), day("2026-12-02"))
		assert.NoError(t, err, "the scheduled job still runs")
	})
}

// TestPeopleAreChecked checks the people list at load: errors name the
// file, line and field.
func TestPeopleAreChecked(t *testing.T) {
	base, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	cases := []struct{ name, people, want string }{
		{"unknown role", "  - {id: ana, roles: [alcalde]}\n", "people[0].roles[0]"},
		{"duplicate id", "  - {id: ana}\n  - {id: ana}\n", "people[1].id"},
		{"manager not listed", "  - {id: ana, manager: nadie}\n", "people[0].manager"},
		{"manager loop", "  - {id: ana, manager: luis}\n  - {id: luis, manager: ana}\n", "people[0].manager"},
		{"level out of range", "  - {id: ana, level: 9}\n", "people[0].level"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := cutPeople(string(base)) + "people:\n" + tc.people
			path := filepath.Join(t.TempDir(), "alliance.yaml")
			require.NoError(t, os.WriteFile(path, []byte(data), 0o600))
			_, err := LoadConfig(path, relaciona.English)
			require.Error(t, err)
			assert.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Contains(t, err.Error(), "alliance.yaml:")
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// cutPeople drops the example's people list (the file's last key).
func cutPeople(s string) string {
	if i := indexLine(s, "people:"); i >= 0 {
		return s[:i]
	}
	return s
}

func indexLine(s, line string) int {
	for i := 0; i+len(line) <= len(s); i++ {
		if (i == 0 || s[i-1] == '\n') && s[i:i+len(line)] == line {
			return i
		}
	}
	return -1
}
