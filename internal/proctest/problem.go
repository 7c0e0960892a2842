package proctest

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas"
)

// FirstProblem checks that err refuses a configuration as invalid with a
// *schemas.Error naming at least one problem, and returns the first, for
// the caller to check its file, line, field and message.
func FirstProblem(t testing.TB, err error) *relaciona.ValidationError {
	t.Helper()
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	var se *schemas.Error
	require.True(t, errors.As(err, &se), "%v", err)
	require.NotEmpty(t, se.Problems, "%v", err)
	return se.Problems[0]
}
