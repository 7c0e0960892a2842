package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/schemas"
)

func TestSchemaList(t *testing.T) {
	code, out, errOut := runCLI(t, "schema", "list")
	assert.Equal(t, 0, code)
	assert.Empty(t, errOut)
	assert.Equal(t, strings.Join(schemas.Kinds(), "\n")+"\n", out)
	assert.Contains(t, strings.Split(out, "\n"), "deployment")
}

func TestSchemaShow(t *testing.T) {
	code, out, errOut := runCLI(t, "schema", "show", "deployment")
	assert.Equal(t, 0, code)
	assert.Empty(t, errOut)
	raw, err := schemas.Schema("deployment")
	require.NoError(t, err)
	assert.Equal(t, strings.TrimRight(string(raw), "\n")+"\n", out)
	var doc map[string]any
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, schemas.URL("deployment"), doc["$id"])
}

func TestSchemaErrors(t *testing.T) {
	code, out, errOut := runCLI(t, "schema", "show", "alianza")
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Equal(t, "relaciona schema: tipo desconocido \"alianza\"; tipos conocidos: "+strings.Join(schemas.Kinds(), ", ")+"\n", errOut)

	code, _, errOut = runCLI(t, "--lang", "en", "schema", "show", "alianza")
	assert.Equal(t, 1, code)
	assert.True(t, strings.HasPrefix(errOut, "relaciona schema: unknown kind \"alianza\"; known kinds: "), errOut)

	for _, args := range [][]string{{"schema"}, {"schema", "list", "x"}, {"schema", "show"}, {"schema", "drop"}} {
		code, _, errOut = runCLI(t, args...)
		assert.Equal(t, 2, code, args)
		assert.Contains(t, errOut, "Uso: relaciona schema list | relaciona schema show TIPO", args)
	}
}
