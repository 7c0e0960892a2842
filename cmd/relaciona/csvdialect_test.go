package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCSVDialectFlag(t *testing.T) {
	_, dep := importedStakeholders(t)

	cases := []struct {
		name   string
		args   []string
		header string
	}{
		{"default", nil, "\ufeffParte interesada,"},
		{"es", []string{"--csv-dialect", "es"}, "\ufeffParte interesada;"},
		{"explicit default", []string{"--csv-dialect", "default"}, "\ufeffParte interesada,"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "reports")
			args := append([]string{"report", "--config", dep, "--process", "stakeholder", "--out", out, "--format", "csv", "--period", "2026-03"}, tc.args...)
			code, _, stderr := runCLI(t, args...)
			require.Equal(t, 0, code, stderr)
			b, err := os.ReadFile(filepath.Join(out, "csv", "stakeholder", "mapa-datos.csv"))
			require.NoError(t, err)
			assert.True(t, strings.HasPrefix(string(b), tc.header), "%q", firstLine(string(b)))
		})
	}

	for _, cmd := range [][]string{{"report"}, {"stakeholder", "report"}, {"run", "--config", dep}, {"citizen", "report"}, {"alliance", "report"}, {"satisfaction", "report"}} {
		code, _, stderr := runCLI(t, append(cmd, "--csv-dialect", "fr")...)
		assert.Equal(t, 2, code, "%v: a bad dialect is a usage error", cmd)
		assert.Contains(t, stderr, `dialecto CSV desconocido "fr"`, cmd)
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
