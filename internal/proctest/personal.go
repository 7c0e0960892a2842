package proctest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/personalcheck"
)

// PersonalDataMarked checks the process package pkgPath, whose source is
// in the test's folder: every contact-looking field of a stored type is
// tagged personal, and every stored type with personal fields is reached
// by one of kinds (the package's PersonalKinds), so that an erasure clears
// it (DOMAIN.md "Personal data").
func PersonalDataMarked(t *testing.T, pkgPath string, kinds []relaciona.PersonalKind) {
	t.Helper()
	problems, err := personalcheck.Source(".", pkgPath, kinds)
	require.NoError(t, err)
	require.Empty(t, problems)
}
