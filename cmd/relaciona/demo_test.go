package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// demoRun is the one `relaciona demo --seed 3` the package's tests share
// (a year of four processes takes about a minute here): the tests read its
// folder, and TestDemoWritesTheAgencyAndItsReport also runs `relaciona run`
// on it, which writes beside report/ (reports/, the audit head), never in it.
var demoRun struct {
	once                sync.Once
	dir                 string
	code                int
	stdout, stderr, err string
}

// staleDemoPages are planted in the shared demo's folder before it runs.
var staleDemoPages = []string{"report/demo/index.html", "report/gone.html"}

// sharedDemo returns the folder of the shared demo run, running it first
// if no test has; it skips under -short.
func sharedDemo(t *testing.T) (dir, stdout, stderr string) {
	t.Helper()
	if testing.Short() {
		t.Skip("the demo builds a year of four processes (about a minute); drop -short to run it")
	}
	demoRun.once.Do(func() {
		d, err := os.MkdirTemp("", "relaciona-demo-test-")
		if err != nil {
			demoRun.err = err.Error()
			return
		}
		demoRun.dir = filepath.Join(d, "out")
		// What an older demo left in its report folder (its own page set,
		// a page no longer written) must be gone: the folder is replaced
		// whole (checked by TestDemoWritesTheAgencyAndItsReport).
		for _, f := range staleDemoPages {
			f = filepath.Join(demoRun.dir, f)
			err := os.MkdirAll(filepath.Dir(f), 0o755)
			if err == nil {
				err = os.WriteFile(f, []byte("old"), 0o644)
			}
			if err != nil {
				demoRun.err = err.Error()
				return
			}
		}
		demoRun.code, demoRun.stdout, demoRun.stderr = runCLI(t, "demo", "--out", demoRun.dir, "--seed", "3")
	})
	require.Empty(t, demoRun.err)
	require.Equal(t, 0, demoRun.code, "relaciona demo: %s", demoRun.stderr)
	return demoRun.dir, demoRun.stdout, demoRun.stderr
}

// TestMain removes the shared demo's folder after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if demoRun.dir != "" {
		os.RemoveAll(filepath.Dir(demoRun.dir))
	}
	os.Exit(code)
}

// TestDemoWritesTheAgencyAndItsReport runs the demo, then validate, report and run on the
// folder it left, and checks that the demo's report folder is exactly what
// `relaciona report` writes for that folder and the demo's year: the demo
// has no page of its own.
func TestDemoWritesTheAgencyAndItsReport(t *testing.T) {
	out, stdout, stderr := sharedDemo(t)
	assert.Contains(t, stdout, "cadena verificada")
	assert.Contains(t, stdout, filepath.Join(out, "report", "index.html"))
	assert.NotContains(t, stdout, "propias", "no page set of the demo's own")
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
		"report/alliance-network.html", "report/satisfaction-period.html", "report/xlsx/alliance-network.xlsx", "report/xlsx/satisfaction-period.xlsx"} {
		assert.FileExists(t, filepath.Join(out, f))
	}
	for _, f := range staleDemoPages {
		assert.NoFileExists(t, filepath.Join(out, f), "the report folder is replaced whole")
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

	code, stdout, stderr := runCLI(t, "validate", dep)
	require.Equal(t, 0, code, "validate: %s%s", stdout, stderr)

	rep := filepath.Join(t.TempDir(), "reports")
	code, stdout, stderr = runCLI(t, "report", "--config", dep, "--period", "2026", "--out", rep)
	require.Equal(t, 0, code, "report: %s%s", stdout, stderr)
	assert.Equal(t, treeFiles(t, rep), treeFiles(t, filepath.Join(out, "report")),
		"the demo's report folder is what relaciona report writes for its folder and year, byte for byte, and nothing else")

	code, stdout, stderr = runCLI(t, "report", "--config", dep, "--period", "2026-12", "--out", filepath.Join(t.TempDir(), "m"))
	require.Equal(t, 0, code, "report of a month: %s%s", stdout, stderr)

	code, stdout, stderr = runCLI(t, "run", "--config", dep, "--at", "2027-01-05")
	require.Equal(t, 0, code, "run: %s%s", stdout, stderr)
	assert.FileExists(t, filepath.Join(out, "reports", "2026-12", "index.html"), "run writes December's reports beside the deployment")
	code, stdout, stderr = runCLI(t, "run", "--config", dep, "--at", "2027-01-05")
	require.Equal(t, 0, code, "a second run the same day: %s%s", stdout, stderr)
}

// TestDemoReportInBrowser loads every page of the product site the demo
// leaves (what `relaciona report` writes for its folder) in headless
// Chromium: page budgets, charts on every page, phone width.
func TestDemoReportInBrowser(t *testing.T) {
	out, _, _ := sharedDemo(t)
	checkReportInBrowser(t, filepath.Join(out, "report"))
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
