package schemas_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas"
)

func TestNewError(t *testing.T) {
	require.NoError(t, schemas.NewError(nil), "no problems: no error")

	p := func(line, col int, field, msg string) *relaciona.ValidationError {
		return &relaciona.ValidationError{File: "f.yaml", Line: line, Column: col, Field: field, Msg: msg}
	}
	err := schemas.NewError([]*relaciona.ValidationError{
		p(3, 1, "b", "second"),
		p(1, 5, "a", "late in line 1"),
		p(3, 1, "a", "first"),
		p(1, 2, "a", "early in line 1"),
		p(3, 1, "b", "second"),
	})
	var e *schemas.Error
	require.True(t, errors.As(err, &e))
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Equal(t, "f.yaml:1:2: a: early in line 1\n"+
		"f.yaml:1:5: a: late in line 1\n"+
		"f.yaml:3:1: a: first\n"+
		"f.yaml:3:1: b: second", err.Error(), "by line, column and message, each said once")
	assert.Len(t, e.Problems, 4)
}
