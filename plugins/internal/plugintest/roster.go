package plugintest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
)

// StandardRoster is the deployment's YAML roster holding the directory
// suite's standard fixture (conformance.StandardDirectory).
func StandardRoster(t testing.TB) driver.Directory {
	t.Helper()
	d, err := relaciona.NewRoster(conformance.StandardDirectory().People...)
	require.NoError(t, err)
	return d.Driver()
}
