package ldap_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/deployment"
	_ "github.com/relaciona/relaciona/plugins" // plugin:// directories
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
)

// TestRealThroughDeployment: a deployment file naming the real slapd (and
// then the relaciona-ldap plugin binary) opens a directory that decides
// who may act: the caller's claims count for nothing.
func TestRealThroughDeployment(t *testing.T) {
	if os.Getenv("LDAP_URL") == "" {
		t.Skip("LDAP_URL is not set: start slapd with plugins/ldap/testdata/start-slapd.sh and export what it prints")
	}
	t.Setenv("RELACIONA_TEST_LDAP_PASSWORD", os.Getenv("LDAP_PASSWORD"))
	urls := map[string]string{"ldap": os.Getenv("LDAP_URL")}
	if !testing.Short() {
		bin := plugintest.Build(t, binPkg)
		urls["plugin"] = "plugin://" + bin + "?sha256=" + plugintest.SHA256(t, bin) + "&url=" + os.Getenv("LDAP_URL")
	}
	for name, u := range urls {
		t.Run(name, func(t *testing.T) {
			file := map[string]any{
				"kind": "deployment", "version": 1, "name": "Agencia de prueba", "country": "CO",
				"require_checksum": true,
				"directory":        map[string]any{"url": u, "password_env": "RELACIONA_TEST_LDAP_PASSWORD", "settings": treeSettings(false)},
			}
			b, err := yaml.Marshal(file)
			require.NoError(t, err)
			path := filepath.Join(t.TempDir(), "deployment.yaml")
			require.NoError(t, os.WriteFile(path, b, 0o600))
			dep, err := deployment.Load(path, relaciona.Spanish)
			require.NoError(t, err)
			dir, err := dep.OpenDirectory(context.Background())
			require.NoError(t, err)
			defer dir.Close()
			ctx := context.Background()

			a, err := dir.Authorize(ctx, "alliance", relaciona.Actor{ID: "carla"}, "review", relaciona.Need{Roles: []string{"coordinador"}, Level: 4})
			require.NoError(t, err)
			assert.Equal(t, relaciona.Actor{ID: "carla", Name: "Carla Analista", Level: 4, Roles: []string{"coordinador"}}, a)

			_, err = dir.Authorize(ctx, "alliance", relaciona.Actor{ID: "carla", Level: 7, Roles: []string{"coordinador"}}, "sign", relaciona.Need{Level: 5})
			var fe *relaciona.ForbiddenError
			require.ErrorAs(t, err, &fe, "carla claims 7; the directory gives 4")
			assert.True(t, fe.Checked)
			assert.Equal(t, 4, fe.HaveLevel)

			_, err = dir.Authorize(ctx, "citizen", relaciona.Actor{ID: "*", Roles: []string{"encargado_pqrsd"}}, "answer", relaciona.Need{Roles: []string{"encargado_pqrsd"}})
			require.ErrorAs(t, err, &fe)
			assert.True(t, fe.NotListed, "a wildcard id is no one")

			m, err := dir.Manager(ctx, "eva")
			require.NoError(t, err)
			assert.Equal(t, "carla", m.ID)
			hs, err := dir.Holders(ctx, "satisfaction", "process_owner")
			require.NoError(t, err)
			require.Len(t, hs, 1)
			assert.Equal(t, "ana", hs[0].ID)
		})
	}
}
