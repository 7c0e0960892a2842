package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/satisfaction"
	"github.com/relaciona/relaciona/schemas"
)

func TestExampleYAMLValidates(t *testing.T) {
	require.NoError(t, schemas.LoadFileKind("satisfaction.yaml", satisfaction.Kind, relaciona.Spanish, nil))
	_, err := satisfaction.LoadConfig("satisfaction.yaml", relaciona.Spanish)
	require.NoError(t, err)
	first, _, _ := strings.Cut(string(configYAML), "\n")
	assert.Equal(t, "# yaml-language-server: $schema=../../schemas/"+satisfaction.Kind+".json", first)
}

func TestExampleRuns(t *testing.T) {
	var out bytes.Buffer
	dir := t.TempDir()
	require.NoError(t, run(context.Background(), &out, dir, relaciona.English))
	s := out.String()
	t.Log(s)
	assert.Contains(t, s, "watermelon: identidad")
	assert.Contains(t, s, "overdue commitment: Duplicar el almacenamiento de Salud Digital")
	assert.Contains(t, s, "briefing pending: tramites")
	assert.Contains(t, s, "audit chain verified")
	for _, f := range []string{"cmi-2025-12.html", "cmi-2025-12.xlsx", "servicio-identidad-2025-12.html", "entrevistas-2025.html"} {
		st, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err)
		assert.Greater(t, st.Size(), int64(1000))
	}
}
