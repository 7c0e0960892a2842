package proctest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// Invalid checks that err is (or wraps) a *relaciona.ValidationError and
// returns it, failing t with msgAndArgs otherwise, for the caller to check
// its field and message.
func Invalid(t testing.TB, err error, msgAndArgs ...any) *relaciona.ValidationError {
	t.Helper()
	var ve *relaciona.ValidationError
	require.ErrorAs(t, err, &ve, msgAndArgs...)
	return ve
}
