package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/process"
)

// TestReportWritesTheCommitmentsPage checks that the deployment's report
// has the one commitments page across the processes (Spanish slug by
// default, English with --lang en), and a process's own report does not.
func TestReportWritesTheCommitmentsPage(t *testing.T) {
	path := runDeployment(t, process.Kinds()...)
	for _, tc := range []struct{ lang, slug string }{{"es", "compromisos"}, {"en", "commitments"}} {
		out := filepath.Join(t.TempDir(), tc.lang)
		code, _, stderr := runCLI(t, "--lang", tc.lang, "report", "--config", path, "--period", "2026-02", "--out", out)
		require.Equal(t, 0, code, stderr)
		slugs := assertLayout(t, out)
		assert.Contains(t, slugs, tc.slug)
		html, err := os.ReadFile(filepath.Join(out, tc.slug+".html"))
		require.NoError(t, err)
		assert.Contains(t, string(html), "<svg", "the chart by process")
	}
	one := filepath.Join(t.TempDir(), "one")
	code, _, stderr := runCLI(t, "report", "--config", path, "--process", "citizen", "--period", "2026-02", "--out", one)
	require.Equal(t, 0, code, stderr)
	assert.NotContains(t, assertLayout(t, one), "compromisos")
}
