package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

const module = "github.com/relaciona/relaciona"

// buildPlugin compiles a plugin's main package into a temporary directory.
func buildPlugin(t *testing.T, pkg string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), filepath.Base(pkg))
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	b, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build %s:\n%s", pkg, b)
	return out
}

// pluginsCheck runs `relaciona --lang LANG --log-level error plugins check
// ARGS`, checks its exit status is want (showing both outputs when not)
// and returns its stdout and stderr.
func pluginsCheck(t *testing.T, lang relaciona.Lang, want int, args ...string) (stdout, stderr string) {
	t.Helper()
	code, stdout, stderr := runCLI(t, append([]string{"--lang", string(lang), "--log-level", "error", "plugins", "check"}, args...)...)
	assert.Equal(t, want, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	return stdout, stderr
}

func fileSHA256(t *testing.T, path string) string {
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestPluginsCheckSQLiteBinaryPasses(t *testing.T) {
	bin := buildPlugin(t, module+"/plugins/sqlite/cmd/relaciona-store-sqlite")
	dir := t.TempDir()
	cfg := filepath.Join(dir, "check.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("kind: plugin-check\nversion: 1\nsettings:\n  path: "+filepath.Join(dir, "check.db")+"\nshared_storage: true\n"), 0o644))
	out, _ := pluginsCheck(t, relaciona.Spanish, 0, bin, "--config", cfg, "--sha256", fileSHA256(t, bin))
	assert.Contains(t, out, "PASA      Conflict/StaleUpdateChangesNothing")
	assert.Contains(t, out, "PASA      Concurrency/AcrossConnections", "shared_storage enables the cross-process check")
	assert.Contains(t, out, "NO APLICA Audit/TamperEvident")
	assert.Contains(t, out, "0 fallan")
}

func TestPluginsCheckWrongPluginFails(t *testing.T) {
	bin := buildPlugin(t, module+"/plugins/internal/testplugins/ignoreversions")
	out, _ := pluginsCheck(t, relaciona.English, 1, bin)
	for _, name := range []string{"Conflict/StaleUpdateChangesNothing", "Conflict/CreateExisting", "Concurrency/NoLostUpdate"} {
		assert.Contains(t, out, "FAIL      "+name, "the failed check is named")
	}
	assert.Contains(t, out, "PASS      PutGet/RoundTrip", "what works still passes")
	assert.Regexp(t, `Failed: .*Conflict/StaleUpdateChangesNothing`, out)
}

func TestPluginsCheckTicketsDesk(t *testing.T) {
	bin := buildPlugin(t, module+"/plugins/internal/testplugins/desk")
	cfg := filepath.Join(t.TempDir(), "tickets.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte(`kind: plugin-check
version: 1
tickets:
  queue: pqrsd
  statuses: [new, open, resolved]
  field: external_ref
  strict_fields: true
  assignee: ana
  requester: ciudadano@example.org
  resolution: 1ms
  lend_store: true
`), 0o644))
	out, _ := pluginsCheck(t, relaciona.Spanish, 0, "--kind", "tickets", "--config", cfg, bin)
	assert.Contains(t, out, "PASA      Update/Status")
	assert.Contains(t, out, "PASA      Capability/Surveys", "the desk's capability crosses the transport")
}

func TestPluginsCheckTicketsOnAStorePlugin(t *testing.T) {
	bin := buildPlugin(t, module+"/plugins/sqlite/cmd/relaciona-store-sqlite")
	_, errOut := pluginsCheck(t, relaciona.Spanish, 1, "--kind", "tickets", bin)
	assert.Contains(t, errOut, "does not serve a ticket system")
}

func TestPluginsCheckBadConfig(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "check.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("kind: plugin-check\nversion: 1\nsettings:\n  path: x\nsha256: abc\ntickets:\n  queu: pqrsd\n"), 0o644))
	var out, errb bytes.Buffer
	assert.Equal(t, 2, run(context.Background(), []string{"plugins", "check", "/no/such/plugin", "--config", cfg}, &out, &errb))
	assert.Contains(t, errb.String(), cfg+":5:9", "the bad checksum, at its line and column")
	assert.Contains(t, errb.String(), cfg+":7:3", "the unknown key, at its line and column")
	assert.Contains(t, errb.String(), "queu")
	assert.Empty(t, out.String(), "nothing is launched")

	require.NoError(t, os.WriteFile(cfg, []byte("settings:\n  path: x\n"), 0o644))
	errb.Reset()
	assert.Equal(t, 2, run(context.Background(), []string{"plugins", "check", "/no/such/plugin", "--config", cfg}, &out, &errb))
	assert.Contains(t, errb.String(), "kind", "a file without kind is refused, naming what is missing")
}

func TestPluginsCheckUsage(t *testing.T) {
	for _, args := range [][]string{{"plugins"}, {"plugins", "check"}, {"plugins", "check", "x", "--kind", "queue"}, {"plugins", "check", "x", "y"}, {"plugins", "check", "x", "--config", "/no/such/file.yaml"}} {
		var out, errb bytes.Buffer
		assert.Equal(t, 2, run(context.Background(), args, &out, &errb), "%v", args)
	}
	var out, errb bytes.Buffer
	assert.Equal(t, 1, run(context.Background(), []string{"plugins", "check", "/no/such/plugin"}, &out, &errb))
	assert.Contains(t, errb.String(), "/no/such/plugin")
}

// TestPluginsCheckHarnessTimeouts: the ticket suite's timeouts, change feed
// lag, page size and concurrency are read from --config, and a value that
// is not a duration is refused at its line before anything is launched.
func TestPluginsCheckHarnessTimeouts(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "check.yaml")
	good := "kind: plugin-check\nversion: 1\ntickets:\n  timeout: 90s\n  changes_lag: 2s\n  page_size: 50\n  concurrency: 2\n"
	require.NoError(t, os.WriteFile(cfg, []byte(good), 0o644))
	c, err := readCheckConfig(cfg, relaciona.English)
	require.NoError(t, err)
	h, _, _, err := ticketsHarness(context.Background(), c)
	require.NoError(t, err)
	assert.Equal(t, 90*time.Second, h.Timeout)
	assert.Equal(t, 2*time.Second, h.ChangesLag)
	assert.Equal(t, 50, h.PageSize)
	assert.Equal(t, 2, h.Concurrency)

	for _, bad := range []struct{ body, at string }{
		{"kind: plugin-check\nversion: 1\ntickets:\n  changes_lag: soon\n", ":4:16"},
		{"kind: plugin-check\nversion: 1\ntickets:\n  timeout: 3\n", ":4:12"},
		{"kind: plugin-check\nversion: 1\ntickets:\n  page_size: 0\n", ":4:14"},
	} {
		require.NoError(t, os.WriteFile(cfg, []byte(bad.body), 0o644))
		var out, errb bytes.Buffer
		assert.Equal(t, 2, run(context.Background(), []string{"plugins", "check", "/no/such/plugin", "--kind", "tickets", "--config", cfg}, &out, &errb))
		assert.Contains(t, errb.String(), cfg+bad.at, bad.body)
		assert.Empty(t, out.String(), "nothing is launched")
	}
}

// --kind directory runs the directory suite against a directory plugin:
// the standard roster passes; one that leaves a person out fails, named.
func TestPluginsCheckDirectory(t *testing.T) {
	bin := buildPlugin(t, module+"/cmd/relaciona/testdata/rosterplugin")
	out, _ := pluginsCheck(t, relaciona.Spanish, 0, "--kind", "directory", bin)
	assert.Contains(t, out, "PASA      Person/Found")
	assert.Contains(t, out, "PASA      Holders/Ordered")
	assert.Contains(t, out, "0 fallan")

	cfg := filepath.Join(t.TempDir(), "directory.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("kind: plugin-check\nversion: 1\nsettings:\n  drop: eva\ndirectory:\n  timeout: 30s\n  concurrency: 2\n"), 0o644))
	out, _ = pluginsCheck(t, relaciona.English, 1, "--kind", "directory", "--config", cfg, bin)
	assert.Contains(t, out, "FAIL      Person/Found")
	assert.Regexp(t, `Failed: .*Person/Found`, out)
}

// The ldap plugin binary against the real slapd of plugins/ldap's tests
// (testdata/start-slapd.sh; its tree.ldif holds StandardDirectory), with
// the settings those tests use.
func TestPluginsCheckDirectoryLDAP(t *testing.T) {
	ldapURL := os.Getenv("LDAP_URL")
	if ldapURL == "" {
		t.Skip("LDAP_URL is not set: start slapd with plugins/ldap/testdata/start-slapd.sh and export what it prints")
	}
	t.Setenv("RELACIONA_TEST_LDAP_PASSWORD", os.Getenv("LDAP_PASSWORD"))
	const base = "dc=relaciona,dc=test"
	settings := map[string]any{
		"bind_dn": os.Getenv("LDAP_BIND_DN"), "level_attribute": "employeeType",
		"level_groups": map[string]any{"cn=sfia-4,ou=groups," + base: 4, "cn=sfia-3,ou=groups," + base: 3},
		"roles": []any{
			map[string]any{"group": "cn=process-owners,ou=groups," + base, "role": "process_owner"},
			map[string]any{"group": "cn=alliance-coordinators,ou=groups," + base, "process": "alliance", "role": "coordinador"},
			map[string]any{"group": "cn=citizen-clerks,ou=groups," + base, "process": "citizen", "role": "encargado_pqrsd"},
		},
		"digest_attribute": "businessCategory", "digest_value": "digest", "start_tls": true,
		"ca_file": os.Getenv("LDAP_CA_FILE"), "timeout": "5s", "member_of_attribute": "memberOf",
	}
	js, err := json.Marshal(settings) // JSON is YAML
	require.NoError(t, err)
	bin := buildPlugin(t, module+"/plugins/ldap/cmd/relaciona-ldap")
	cfg := filepath.Join(t.TempDir(), "ldap.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("kind: plugin-check\nversion: 1\nsettings:\n  url: "+ldapURL+
		"\ndirectory:\n  password_env: RELACIONA_TEST_LDAP_PASSWORD\n  settings: "+string(js)+"\n"), 0o644))
	pluginsCheck(t, relaciona.Spanish, 0, "--kind", "directory", "--config", cfg, bin)
}

// TestEnvSecret: the secret lent to a checked plugin is read from its
// variable at each call, and an empty one is ErrAuth naming the variable.
func TestEnvSecret(t *testing.T) {
	secret := envSecret("RELACIONA_TEST_CHECK_SECRET")
	for _, c := range []struct{ value, want, err string }{
		{"s3cr3t", "s3cr3t", ""},
		{"", "", "environment variable RELACIONA_TEST_CHECK_SECRET is empty"},
		{"changed", "changed", ""},
	} {
		t.Setenv("RELACIONA_TEST_CHECK_SECRET", c.value)
		got, err := secret()
		assert.Equal(t, c.want, got)
		if c.err == "" {
			assert.NoError(t, err)
			continue
		}
		assert.ErrorIs(t, err, relaciona.ErrAuth)
		assert.ErrorContains(t, err, c.err)
	}
}
