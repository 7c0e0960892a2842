package deployment

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/driver"
)

const dirHead = "kind: deployment\nversion: 1\nname: X\ncountry: CO\n"

func TestDirectoryRoster(t *testing.T) {
	path := write(t, t.TempDir(), "deployment.yaml", dirHead+`directory:
  people:
    - id: ana
      name: Ana Directora
      email: ana@agency.test
      lang: es
      level: 7
      roles: [{name: process_owner}]
    - id: beto
      level: 5
      manager: ana
      digest: true
      roles:
        - {process: alliance, name: encargado_omil}
`)
	d, err := Load(path, relaciona.Spanish)
	require.NoError(t, err)
	require.True(t, d.Directory.Configured())
	dir, err := d.OpenDirectory(context.Background())
	require.NoError(t, err)
	p, err := dir.Person(context.Background(), "beto")
	require.NoError(t, err)
	assert.Equal(t, relaciona.Person{ID: "beto", Level: 5, Manager: "ana", Digest: true,
		Roles: []relaciona.Role{{Process: "alliance", Name: "encargado_omil"}}}, p)
	m, err := dir.Manager(context.Background(), "beto")
	require.NoError(t, err)
	assert.Equal(t, "ana@agency.test", m.Email)
	hs, err := dir.Holders(context.Background(), "citizen", "process_owner")
	require.NoError(t, err)
	require.Len(t, hs, 1)
	assert.Equal(t, "ana", hs[0].ID)
}

// TestDirectoryNone: no section, no directory (the processes use their
// own teams).
func TestDirectoryNone(t *testing.T) {
	d, err := Load(write(t, t.TempDir(), "deployment.yaml", dirHead), relaciona.Spanish)
	require.NoError(t, err)
	assert.False(t, d.Directory.Configured())
	dir, err := d.OpenDirectory(context.Background())
	require.NoError(t, err)
	assert.Nil(t, dir)
}

// TestDirectoryURL: a URL opens through the registry, with the settings as
// decoded YAML and the password from the variable the file names.
func TestDirectoryURL(t *testing.T) {
	var got driver.DirectoryEnv
	var gotURL string
	driver.RegisterDirectory("dirtest", func(ctx context.Context, rawURL string, env driver.DirectoryEnv) (driver.Directory, error) {
		gotURL, got = rawURL, env
		return nil, errors.New("dirtest opens nothing")
	})
	// the schema takes ldap, ldaps and plugin URLs only: load a valid file,
	// then point it at the test scheme.
	path := write(t, t.TempDir(), "deployment.yaml", dirHead+`directory:
  url: ldap://127.0.0.1:3389/dc=agency,dc=test
  password_env: RELACIONA_TEST_LDAP_PW
  settings:
    bind_dn: cn=reader,dc=agency,dc=test
    start_tls: true
    level_groups:
      cn=sfia-4,dc=agency,dc=test: 4
    roles:
      - {group: "cn=pqrsd,dc=agency,dc=test", process: citizen, role: encargado_pqrsd}
`)
	d, err := Load(path, relaciona.Spanish)
	require.NoError(t, err)
	assert.Equal(t, "ldap://127.0.0.1:3389/dc=agency,dc=test", d.Directory.URL)
	d.Directory.URL = "dirtest://x"
	t.Setenv("RELACIONA_TEST_LDAP_PW", "  s3cret-pw \n")
	_, err = d.OpenDirectory(context.Background())
	require.ErrorContains(t, err, "dirtest opens nothing")
	assert.Equal(t, "dirtest://x", gotURL)
	assert.Equal(t, map[string]any{
		"bind_dn": "cn=reader,dc=agency,dc=test", "start_tls": true,
		"level_groups": map[string]any{"cn=sfia-4,dc=agency,dc=test": 4},
		"roles":        []any{map[string]any{"group": "cn=pqrsd,dc=agency,dc=test", "process": "citizen", "role": "encargado_pqrsd"}},
	}, got.Settings)
	pw, err := got.Secret()
	require.NoError(t, err)
	assert.Equal(t, "s3cret-pw", pw)
}

func TestDirectoryPassword(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "secrets/ldap.pw", "from-a-file\n")
	d, err := Load(write(t, dir, "deployment.yaml", dirHead+"directory:\n  url: ldaps://ad.agency.test/DC=agency,DC=test\n  password_file: secrets/ldap.pw\n"), relaciona.Spanish)
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, "secrets", "ldap.pw"), d.Directory.PasswordFile)
	pw, err := d.Directory.Password()
	require.NoError(t, err)
	assert.Equal(t, "from-a-file", pw)

	write(t, dir, "secrets/ldap.pw", " \n")
	_, err = d.Directory.Password()
	require.ErrorIs(t, err, relaciona.ErrInvalid)

	c := DirectoryConfig{URL: "ldap://x/dc=x", PasswordEnv: "RELACIONA_TEST_UNSET_PW"}
	_, err = c.Password()
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "RELACIONA_TEST_UNSET_PW")
}

// TestDirectoryProblems: every broken directory section is an error at
// its file:line, naming the field; the password is never asked of YAML.
func TestDirectoryProblems(t *testing.T) {
	for _, c := range []struct {
		name, body string
		want       []string // each in the error
	}{
		{"people and url", "directory:\n  url: ldap://h/dc=x\n  people:\n    - {id: a}\n", []string{"deployment.yaml:6:3", "people", "url"}},
		{"neither", "directory: {}\n", []string{"deployment.yaml:5:", "people", "url"}},
		{"a password in the file", "directory:\n  url: ldap://h/dc=x\n  password: hunter2\n", []string{"deployment.yaml:7:3", "password"}},
		{"a password in the URL", "directory:\n  url: ldap://cn=x:hunter2@h/dc=x\n", []string{"deployment.yaml:6:8", "directory.url"}},
		{"both password sources", "directory:\n  url: ldap://h/dc=x\n  password_env: X\n  password_file: y\n", []string{"deployment.yaml:6:3", "no ambos"}},
		{"password without url", "directory:\n  people: [{id: a}]\n  password_env: X\n", []string{"deployment.yaml:6:3", "url"}},
		{"an unpinned plugin with require_checksum", "require_checksum: true\ndirectory:\n  url: plugin:///opt/relaciona/bin/relaciona-ldap?url=ldap://h/dc=x\n", []string{"deployment.yaml:7:8", "directory.url", "sha256"}},
		{"an unknown scheme", "directory:\n  url: http://h/dc=x\n", []string{"deployment.yaml:6:8", "directory.url"}},
		{"an unknown LDAP setting", "directory:\n  url: ldap://h/dc=x\n  settings:\n    bind_password: hunter2\n", []string{"deployment.yaml:8:5", "bind_password"}},
		{"a level out of range", "directory:\n  people:\n    - {id: a, level: 9}\n", []string{"deployment.yaml:7:", "level"}},
		{"a role without a name", "directory:\n  people:\n    - id: a\n      roles: [{process: citizen}]\n", []string{"deployment.yaml:8:", "name"}},
		{"an unknown process", "directory:\n  people:\n    - id: a\n      roles: [{process: payroll, name: x}]\n", []string{"deployment.yaml:8:", "process"}},
		{"an id twice", "directory:\n  people:\n    - id: a\n    - id: b\n    - id: a\n", []string{"deployment.yaml:9:7: directory.people[2].id", `"a"`, "dos veces"}},
		{"a manager not listed", "directory:\n  people:\n    - id: a\n      manager: zoe\n", []string{"deployment.yaml:8:7: directory.people[0].manager", `"zoe"`}},
		{"above themselves", "directory:\n  people:\n    - {id: a, manager: b}\n    - {id: b, manager: a}\n", []string{"deployment.yaml:7:", "directory.people[0].manager", "encima de sí"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := loadRefused(t, dirHead+c.body, relaciona.Spanish)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.NotContains(t, err.Error(), "hunter2", "no secret echoed")
		})
	}
}

// TestDirectoryEnglish: the roster's refusals in English on request.
func TestDirectoryEnglish(t *testing.T) {
	_, err := Load(write(t, t.TempDir(), "deployment.yaml", dirHead+"directory:\n  people:\n    - {id: a, manager: zoe}\n"), relaciona.English)
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), `manager "zoe" is not listed`), err.Error())
}

// TestDirectoryExample: the example deployment's roster opens and gives
// the roles its process files use.
func TestDirectoryExample(t *testing.T) {
	d, err := Load(filepath.Join("..", "examples", "deployment", "deployment.yaml"), relaciona.Spanish)
	require.NoError(t, err)
	dir, err := d.OpenDirectory(context.Background())
	require.NoError(t, err)
	ctx := context.Background()
	for _, c := range []struct{ process, role, want string }{
		{"citizen", "citizen_service", "ana-atencion"},
		{"satisfaction", "process_owner", "own-carla"},
		{"alliance", "encargado_omil", "omil-encargada"},
	} {
		hs, err := dir.Holders(ctx, c.process, c.role)
		require.NoError(t, err)
		require.Len(t, hs, 1, "%s/%s", c.process, c.role)
		assert.Equal(t, c.want, hs[0].ID)
	}
	a, err := dir.Authorize(ctx, "stakeholder", relaciona.Actor{ID: "lucia", Level: 7}, "set principles", relaciona.Need{Level: 7})
	require.Error(t, err, "lucia claims 7; the directory gives 4")
	assert.ErrorIs(t, err, relaciona.ErrForbidden)
	assert.Empty(t, a.ID)
	m, err := dir.Manager(ctx, "ana-atencion")
	require.NoError(t, err)
	assert.Equal(t, "luis-lider", m.ID)
}
