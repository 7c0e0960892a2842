package ldap_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
)

const binPkg = plugintest.Module + "/plugins/ldap/cmd/relaciona-ldap"

// openPlugin opens the relaciona-ldap binary, pinned, on ldapURL with the
// deployment's settings and password, logging into logs.
func openPlugin(t *testing.T, bin, ldapURL string, settings map[string]any, password string, logs *strings.Builder) (driver.Directory, error) {
	t.Helper()
	log := hclog.New(&hclog.LoggerOptions{Level: hclog.Trace, Output: logs})
	u := "plugin://" + bin + "?sha256=" + plugintest.SHA256(t, bin) + "&url=" + ldapURL
	return plugins.OpenDirectory(context.Background(), u, driver.DirectoryEnv{
		Secret:   func() (string, error) { return password, nil },
		Settings: settings,
	}, plugins.WithLogger(log))
}

// TestPluginBinaryUnreachable: a directory server that is down is
// ErrUnavailable through the plugin binary too, within the timeout, and
// the password appears in no error or log line.
func TestPluginBinaryUnreachable(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the plugin binary: the full pass runs it")
	}
	bin := plugintest.Build(t, binPkg)
	var logs strings.Builder
	start := time.Now()
	_, err := openPlugin(t, bin, "ldap://"+plugintest.ClosedAddr(t)+"/"+base, map[string]any{"bind_dn": "cn=reader," + base, "timeout": "500ms"}, "pw-never-shown-42", &logs)
	require.ErrorIs(t, err, driver.ErrUnavailable)
	assert.Less(t, time.Since(start), 15*time.Second)
	assert.NotContains(t, err.Error(), "pw-never-shown-42")
	assert.NotContains(t, logs.String(), "pw-never-shown-42")
}

// TestPluginBinaryRealServer: the LDAP directory served by the
// relaciona-ldap binary passes the directory suite against the real
// slapd; a wrong password is ErrAuth across the wire; no password in any
// error or log line.
func TestPluginBinaryRealServer(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the plugin binary: the full pass runs it")
	}
	if os.Getenv("LDAP_URL") == "" {
		t.Skip("LDAP_URL is not set: start slapd with plugins/ldap/testdata/start-slapd.sh and export what it prints")
	}
	bin := plugintest.Build(t, binPkg)
	pw := os.Getenv("LDAP_PASSWORD")
	var logs strings.Builder
	d, err := openPlugin(t, bin, os.Getenv("LDAP_URL"), treeSettings(true), pw, &logs)
	require.NoError(t, err)
	t.Cleanup(func() { d.Close() })
	conformance.RunDirectory(t, func(*testing.T) driver.Directory { return d }, conformance.StandardDirectory())

	wrong := "wrong-Password-1234"
	_, err = openPlugin(t, bin, os.Getenv("LDAP_URL"), treeSettings(false), wrong, &logs)
	require.ErrorIs(t, err, driver.ErrAuth)
	assert.Contains(t, err.Error(), "wrong DN or password")
	require.NotEmpty(t, logs.String(), "the host logged the plugin's start: the scan below means something")
	for _, s := range []string{err.Error(), logs.String()} {
		assert.NotContains(t, s, wrong)
		assert.NotContains(t, s, pw)
	}
	for _, p := range conformance.StandardDirectory().People {
		if p.Email != "" {
			assert.NotContains(t, logs.String(), p.Email, "no e-mail address in the log")
		}
		assert.NotContains(t, logs.String(), p.Name, "no name in the log")
	}
}
