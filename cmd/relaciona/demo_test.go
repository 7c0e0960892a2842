package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDemoWritesTheAgencyAndItsReport runs the demo, then validate, report and run on the
// folder it left, and checks that the demo's product pages are what
// `relaciona report` writes for that folder and the demo's year.
func TestDemoWritesTheAgencyAndItsReport(t *testing.T) {
	if testing.Short() {
		t.Skip("the demo builds a year of four processes (about 20 s); drop -short to run it")
	}
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "demo", "--out", out, "--seed", "3")
	require.Equal(t, 0, code, "stderr: %s", stderr)
	assert.Contains(t, stdout, "cadena verificada")
	assert.Contains(t, stdout, filepath.Join(out, "report", "index.html"))
	assert.Contains(t, stderr, "[100%]", "progress is shown while it works")
	// Ticket replies through the outbox may be 0: citizen answers a PQRSD
	// that came from a ticket on the ticket itself, in its own transaction
	// (see citizen's doc), not through the dispatcher.
	assert.Regexp(t, `avisos +[1-9]\d* enviados \(\d+ respuestas en tickets; [1-9]\d* correos`, stdout, "the summary says what was sent")
	assert.Regexp(t, `[1-9]\d* retenidos por el límite de contacto`, stdout)
	assert.Contains(t, stdout, filepath.Join(out, "correo"), "and where the e-mail is")
	emls, err := filepath.Glob(filepath.Join(out, "correo", "*.eml"))
	require.NoError(t, err)
	assert.NotEmpty(t, emls)
	dep := filepath.Join(out, "deployment.yaml")
	for _, f := range []string{"deployment.yaml", "demo.db", "stakeholder.yaml", "alliance.yaml", "satisfaction.yaml", "citizen.yaml",
		"schemas/deployment.json", "schemas/stakeholder.json", "schemas/alliance.json", "schemas/satisfaction.json", "schemas/citizen.json",
		"report/index.html", "report/stakeholder.html", "report/xlsx/stakeholder.xlsx",
		"report/demo/index.html", "report/demo/stakeholder.html", "report/demo/alliance.html", "report/demo/satisfaction.html", "report/demo/citizen.html"} {
		assert.FileExists(t, filepath.Join(out, f))
	}
	assert.DirExists(t, filepath.Join(out, "report", "csv", "stakeholder"))
	for _, kind := range []string{"deployment", "stakeholder", "alliance", "satisfaction", "citizen"} {
		name := kind + ".yaml"
		b, err := os.ReadFile(filepath.Join(out, name))
		require.NoError(t, err)
		first, _, _ := strings.Cut(string(b), "\n")
		assert.Equal(t, "# yaml-language-server: $schema=schemas/"+kind+".json", first, "%s points at the schema beside it", name)
	}

	// The product index's Notificaciones block has the year's figures.
	index, err := os.ReadFile(filepath.Join(out, "report", "index.html"))
	require.NoError(t, err)
	text := regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(index), " ")
	assert.Regexp(t, `Notificaciones\s+Enviadas\s+[1-9][\d.]*\s+Fallidas\s+0\b`, text)
	assert.Regexp(t, `Retenidas\s+[1-9][\d.]*`, text)

	code, stdout, stderr = runCLI(t, "validate", dep)
	require.Equal(t, 0, code, "validate: %s%s", stdout, stderr)

	rep := filepath.Join(t.TempDir(), "reports")
	code, stdout, stderr = runCLI(t, "report", "--config", dep, "--period", "2026", "--out", rep)
	require.Equal(t, 0, code, "report: %s%s", stdout, stderr)
	assert.Equal(t, treeFiles(t, rep), treeFiles(t, filepath.Join(out, "report"), "demo"),
		"the demo's product pages are what relaciona report writes for its folder and year, byte for byte")

	code, stdout, stderr = runCLI(t, "report", "--config", dep, "--period", "2026-12", "--out", filepath.Join(t.TempDir(), "m"))
	require.Equal(t, 0, code, "report of a month: %s%s", stdout, stderr)

	code, stdout, stderr = runCLI(t, "run", "--config", dep, "--at", "2027-01-05")
	require.Equal(t, 0, code, "run: %s%s", stdout, stderr)
	assert.FileExists(t, filepath.Join(out, "reports", "2026-12", "index.html"), "run writes December's reports beside the deployment")
	code, stdout, stderr = runCLI(t, "run", "--config", dep, "--at", "2027-01-05")
	require.Equal(t, 0, code, "a second run the same day: %s%s", stdout, stderr)

	checkReportInBrowser(t, filepath.Join(out, "report", "demo"))
}

// treeFiles maps every file under dir (but those under the top folders
// skip) to its content.
func treeFiles(t *testing.T, dir string, skip ...string) map[string]string {
	t.Helper()
	files := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			for _, s := range skip {
				if rel == s {
					return filepath.SkipDir
				}
			}
			return nil
		}
		b, err := os.ReadFile(path)
		files[filepath.ToSlash(rel)] = string(b)
		return err
	}))
	require.NotEmpty(t, files, dir)
	return files
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
