package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDemoWritesTheAgencyAndItsReport(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo builds a year of four processes; drop -short to run it")
	}
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "demo", "--out", out, "--seed", "3")
	require.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Contains(t, stdout, "cadena verificada")
	assert.Contains(t, stdout, filepath.Join(out, "report", "index.html"))
	for _, f := range []string{"demo.db", "report/index.html", "report/stakeholder.html", "report/alliance.html", "report/satisfaction.html", "report/citizen.html"} {
		assert.FileExists(t, filepath.Join(out, f))
	}
	assert.Contains(t, stderr, "[100%]", "progress is shown while it works")
	checkReportInBrowser(t, filepath.Join(out, "report"))
}

func TestDemoRefusesBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"demo", "--lang", "fr"},
		{"demo", "extra"},
		{"demo", "--seed", "-1"},
	} {
		code, _, _ := runCLI(t, args...)
		assert.Equal(t, 2, code, "%v", args)
	}
}
