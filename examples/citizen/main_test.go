package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/citizen"
	"github.com/relaciona/relaciona/schemas"
)

// TestWalkThroughRunsEndToEnd runs the example and checks its story and
// its reports.
func TestWalkThroughRunsEndToEnd(t *testing.T) {
	var out bytes.Buffer
	dir := t.TempDir()
	require.NoError(t, run(context.Background(), &out, "citizen.yaml", dir, relaciona.Spanish))
	got := out.String()
	for _, want := range []string{
		"estrategia adoptada: versión 2 (ajusta la 1)",
		"la primera vence el 2026-02-03",
		"radicado como PQRSD-2026-000025 (reclamo), vence el 2026-02-20",
		"Open311 POST requests.json: 201",
		"término nuevo 27 de máximo 30 días hábiles",
		"prórroga rechazada",
		"ticket 1: resolved",
		"segunda ejecución del mismo día: 0 alertas nuevas",
		"T1: 26 recibidas",
		"ajuste certificado-residencia   align_with_law",
		"auditoría verificada",
	} {
		assert.Contains(t, got, want)
	}
	for _, f := range []string{"index.html", "citizen-pqrsd.html", "citizen-characterisation.html", "citizen-offer.html", "citizen-indicators.html",
		"citizen-pqrsd.xlsx", "citizen-indicators.xlsx"} {
		st, err := os.Stat(filepath.Join(dir, f))
		require.NoError(t, err, f)
		assert.Positive(t, st.Size(), f)
	}
	csvs, err := filepath.Glob(filepath.Join(dir, "citizen-pqrsd", "*.csv"))
	require.NoError(t, err)
	assert.NotEmpty(t, csvs)
	page, err := os.ReadFile(filepath.Join(dir, "citizen-pqrsd.html"))
	require.NoError(t, err)
	assert.Contains(t, string(page), "<svg")
	assert.NotContains(t, string(page), "Ciudadano 0", "requesters are redacted")
	if testing.Verbose() {
		t.Log("\n" + got)
	}
}

func TestExampleYAMLValidates(t *testing.T) {
	data, err := os.ReadFile("citizen.yaml")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), "# yaml-language-server: $schema=../../schemas/citizen.json"))
	kind, err := schemas.Decode("citizen.yaml", data, relaciona.Spanish, nil)
	require.NoError(t, err)
	assert.Equal(t, "citizen", kind)
	_, err = citizen.ParseConfig("citizen.yaml", data, relaciona.Spanish)
	require.NoError(t, err)
}

func TestBrokenCopiesAreRejectedWithLineAndColumn(t *testing.T) {
	data, err := os.ReadFile("citizen.yaml")
	require.NoError(t, err)
	cases := []struct{ old, new, want string }{
		{"kind: procedure\n", "kind: tramite\n", "citizen.yaml:"},
		{"    general: 15\n", "    general: quince\n", "citizen.yaml:"},
		{"{variable: zona, eq: rural}", "{variable: vereda, eq: rural}", "citizen.yaml:"},
		{"entity: Alcaldía", "entidad: Alcaldía", "citizen.yaml:"},
	}
	for _, tc := range cases {
		broken := strings.Replace(string(data), tc.old, tc.new, 1)
		require.NotEqual(t, string(data), broken)
		_, err := citizen.ParseConfig("citizen.yaml", []byte(broken), relaciona.Spanish)
		require.Error(t, err, tc.new)
		var se *schemas.Error
		require.True(t, errors.As(err, &se), "%v", err)
		p := se.Problems[0]
		assert.Positive(t, p.Line, tc.new)
		assert.Positive(t, p.Column, tc.new)
		assert.Contains(t, err.Error(), tc.want)
	}
}
