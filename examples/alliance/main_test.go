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
	"github.com/relaciona/relaciona/schemas"
)

// TestYearRunsEndToEnd runs the year-long example and checks its story and
// its reports.
func TestYearRunsEndToEnd(t *testing.T) {
	var out bytes.Buffer
	dir := t.TempDir()
	require.NoError(t, run(context.Background(), &out, "alliance.yaml", dir, relaciona.Spanish))
	got := out.String()
	for _, want := range []string{
		"catastro: 4 alianzas vigentes, 8 organizaciones",
		"diagnóstico emprendimiento  none",
		"candidato fosis-valparaiso",
		"registrada convenio-fosis",
		"alerta no_measurement vinculo-inclusion",
		"alerta disagreement red-comercio",
		"alerta review_due",
		"segunda ejecución del mismo día: 0 alertas nuevas",
		"decisión vinculo-inclusion  drop",
		"segunda decisión rechazada",
		"búsqueda de reemplazo omil-valparaiso:2026:s2: [fundacion-emplea",
		"ciclo omil-valparaiso:2026 cerrado",
	} {
		assert.Contains(t, got, want)
	}
	for _, f := range []string{"index.html", "alliance-portfolio.html", "alliance-coverage.html", "alliance-dossier.html", "alliance-territorial.html",
		"alliance-portfolio.xlsx", "alliance-territorial.xlsx"} {
		st, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err, f)
		assert.Positive(t, st.Size(), f)
	}
	csvs, err := filepath.Glob(filepath.Join(dir, "alliance-territorial", "*.csv"))
	require.NoError(t, err)
	require.NotEmpty(t, csvs)
	terr, err := os.ReadFile(filepath.Join(dir, "alliance-territorial.html"))
	require.NoError(t, err)
	assert.NotContains(t, string(terr), "mrojas@example.cl", "personal data is redacted")
	cov, err := os.ReadFile(filepath.Join(dir, "alliance-coverage.html"))
	require.NoError(t, err)
	assert.Contains(t, string(cov), "<svg", "the coverage matrix is a chart")
	if testing.Verbose() {
		t.Log("\n" + got)
	}
}

func TestExampleYAMLValidates(t *testing.T) {
	data, err := os.ReadFile("alliance.yaml")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), "# yaml-language-server: $schema=../../schemas/alliance.json"))
	kind, err := schemas.Decode("alliance.yaml", data, relaciona.Spanish, nil)
	require.NoError(t, err)
	assert.Equal(t, "alliance", kind)
}
