package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
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

	for _, args := range [][]string{{"schema"}, {"schema", "list", "x"}, {"schema", "show"}, {"schema", "drop"}, {"schema", "write"}, {"schema", "write", ""}, {"schema", "write", "a", "b"}} {
		code, _, errOut = runCLI(t, args...)
		assert.Equal(t, 2, code, args)
		assert.Contains(t, errOut, "Uso: relaciona schema list | relaciona schema show TIPO | relaciona schema write DIRECTORIO", args)
	}
}

// TestSchemaWrite: "schema write DIR" writes every kind's schema, as
// embedded, into DIR and prints the modeline of each kind with the path
// from a file in the current directory.
func TestSchemaWrite(t *testing.T) {
	t.Chdir(t.TempDir())
	code, out, errOut := runCLI(t, "schema", "write", "config/schemas/")
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, errOut)
	kinds := schemas.Kinds()
	assert.Contains(t, out, fmt.Sprintf("%d esquemas escritos en config/schemas.", len(kinds)))
	for _, k := range kinds {
		raw, err := schemas.Schema(k)
		require.NoError(t, err)
		written, err := os.ReadFile(filepath.Join("config", "schemas", k+".json"))
		require.NoError(t, err, k)
		assert.Equal(t, raw, written, k)
		assert.Contains(t, out, k+"\n  # yaml-language-server: $schema=config/schemas/"+k+".json\n")
	}
	entries, err := os.ReadDir(filepath.Join("config", "schemas"))
	require.NoError(t, err)
	assert.Len(t, entries, len(kinds), "one file per kind, nothing else")

	// Again, over the files already there, in English.
	code, out, _ = runCLI(t, "--lang", "en", "schema", "write", "config/schemas")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "schemas written to config/schemas.")

	// A directory that cannot be made: exit 1 and say what failed.
	require.NoError(t, os.WriteFile("file", nil, 0o644))
	code, out, errOut = runCLI(t, "schema", "write", "file/schemas")
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "relaciona schema: no se pudieron escribir los esquemas: ")
	assert.Contains(t, errOut, "file/schemas")
}
