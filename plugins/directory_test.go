package plugins_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
)

// TestDirectoryConformanceInProcess: the roster served through the real
// plugin transport (gRPC, the protocol, error mapping) passes the
// directory suite.
func TestDirectoryConformanceInProcess(t *testing.T) {
	conformance.RunDirectory(t, func(t *testing.T) driver.Directory {
		return plugins.TestDirectory(t, plugintest.StandardRoster(t))
	}, conformance.StandardDirectory())
}

// TestDirectoryLends: the deployment's settings and the password reach the
// plugin's opener, beside the URL's settings.
func TestDirectoryLends(t *testing.T) {
	var got plugins.DirectoryConfig
	d := plugins.TestDirectoryOpener(t, func(_ context.Context, c plugins.DirectoryConfig) (driver.Directory, error) {
		got = c
		return plugintest.StandardRoster(t), nil
	}, driver.DirectoryEnv{
		Secret:   func() (string, error) { return "bind-s3cret", nil },
		Settings: map[string]any{"bind_dn": "cn=reader,dc=x", "start_tls": true, "level_groups": map[string]any{"cn=g,dc=x": 4}},
	})
	pw, err := got.Env.Secret()
	require.NoError(t, err)
	assert.Equal(t, "bind-s3cret", pw)
	assert.Equal(t, map[string]any{"bind_dn": "cn=reader,dc=x", "start_tls": true, "level_groups": map[string]any{"cn=g,dc=x": float64(4)}}, got.Env.Settings)
	p, err := d.Person(context.Background(), "carla")
	require.NoError(t, err)
	assert.Equal(t, 4, p.Level)
}

// TestDirectoryNoSecret: a password variable the host cannot read fails
// the open, naming what failed; no password means the plugin's Secret
// says so with ErrAuth.
func TestDirectoryNoSecret(t *testing.T) {
	_, err := plugins.OpenDirectory(context.Background(), "plugin:///nonexistent/relaciona-ldap",
		driver.DirectoryEnv{Secret: func() (string, error) { return "", errors.New("RELACIONA_LDAP_PASSWORD is not set") }}, plugins.WithLogger(quietLog()))
	require.ErrorContains(t, err, "RELACIONA_LDAP_PASSWORD is not set")

	var got plugins.DirectoryConfig
	plugins.TestDirectoryOpener(t, func(_ context.Context, c plugins.DirectoryConfig) (driver.Directory, error) {
		got = c
		return plugintest.StandardRoster(t), nil
	}, driver.DirectoryEnv{})
	_, err = got.Env.Secret()
	require.ErrorIs(t, err, driver.ErrAuth)
	assert.Nil(t, got.Env.Settings)
}

// failing is a directory whose server is down, and that lists no one.
type failing struct{ driver.Directory }

func (failing) Person(_ context.Context, id string) (driver.Person, error) {
	if id == "down" {
		return driver.Person{}, driver.Errorf(driver.ErrUnavailable, "ldap: 127.0.0.1:3389: connection refused")
	}
	return driver.Person{}, driver.Errorf(driver.ErrNotFound, "no person %q", id)
}

func (failing) Holders(context.Context, string, string) ([]driver.Person, error) {
	return nil, driver.Errorf(driver.ErrUnavailable, "ldap: 127.0.0.1:3389: connection refused")
}

// badReply sends people that break the contract.
type badReply struct{ driver.Directory }

func (badReply) Person(_ context.Context, id string) (driver.Person, error) {
	if id == "nine" {
		return driver.Person{ID: "nine", Level: 9}, nil
	}
	return driver.Person{Name: "Nadie"}, nil
}

// TestDirectoryErrorsCross: ErrNotFound and ErrUnavailable keep their
// meaning across the wire; a reply that breaks the contract is refused.
func TestDirectoryErrorsCross(t *testing.T) {
	d := plugins.TestDirectory(t, failing{plugintest.StandardRoster(t)})
	_, err := d.Person(context.Background(), "zoe")
	require.ErrorIs(t, err, driver.ErrNotFound)
	assert.Contains(t, err.Error(), `no person "zoe"`)
	_, err = d.Person(context.Background(), "down")
	require.ErrorIs(t, err, driver.ErrUnavailable)
	_, err = d.Holders(context.Background(), "citizen", "x")
	require.ErrorIs(t, err, driver.ErrUnavailable)

	// through the root type too: not listed is a refusal, down is not
	dir := relaciona.NewDirectory(d)
	_, err = dir.Resolve(context.Background(), "citizen", relaciona.Actor{ID: "zoe"})
	var fe *relaciona.ForbiddenError
	require.ErrorAs(t, err, &fe)
	assert.True(t, fe.NotListed)
	_, err = dir.Resolve(context.Background(), "citizen", relaciona.Actor{ID: "down"})
	require.ErrorIs(t, err, relaciona.ErrUnavailable)
	assert.False(t, errors.As(err, &fe))

	bad := plugins.TestDirectory(t, badReply{plugintest.StandardRoster(t)})
	_, err = bad.Person(context.Background(), "nine")
	require.ErrorIs(t, err, driver.ErrInvalid)
	assert.Contains(t, err.Error(), "outside 0-7")
	_, err = bad.Person(context.Background(), "x")
	require.ErrorIs(t, err, driver.ErrInvalid)
	assert.NotContains(t, err.Error(), "Nadie", "no name in the error")
}
