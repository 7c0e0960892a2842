package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/process"
)

// assertLayout checks the one layout of the CLI's reports in dir: an
// index.html linking every page, and for each page SLUG.html, csv/SLUG/
// (a CSV per table) and xlsx/SLUG.xlsx; every kind of kinds has at
// least one page. It returns the slugs.
func assertLayout(t *testing.T, dir string, kinds ...string) []string {
	t.Helper()
	index, err := os.ReadFile(filepath.Join(dir, "index.html"))
	require.NoError(t, err, "index.html")
	pages, err := filepath.Glob(filepath.Join(dir, "*.html"))
	require.NoError(t, err)
	var slugs []string
	for _, p := range pages {
		slug := strings.TrimSuffix(filepath.Base(p), ".html")
		if slug == "index" {
			continue
		}
		slugs = append(slugs, slug)
		assert.Contains(t, string(index), slug+".html", "the index links %s", slug)
		assert.DirExists(t, filepath.Join(dir, "csv", slug), "a folder of CSV, one per table (none for a page without tables)")
		csvs, err := filepath.Glob(filepath.Join(dir, "csv", "*", "*.csv"))
		require.NoError(t, err)
		assert.NotEmpty(t, csvs, "tables are written as CSV")
		assert.FileExists(t, filepath.Join(dir, "xlsx", slug+".xlsx"))
	}
	for _, k := range kinds {
		n := 0
		for _, s := range slugs {
			if strings.HasPrefix(s, k) {
				n++
			}
		}
		assert.Positive(t, n, "a page of %s", k)
	}
	return slugs
}

func TestReportWritesEveryProcessInOneLayout(t *testing.T) {
	kinds := process.Kinds()
	require.Equal(t, []string{"stakeholder", "alliance", "satisfaction", "citizen"}, kinds, "the four processes are registered")
	path := runDeployment(t, kinds...)
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, stderr := runCLI(t, "report", "--config", path, "--period", "2026-02", "--out", out)
	require.Equal(t, 0, code, stderr)
	slugs := assertLayout(t, out, kinds...)
	assert.Contains(t, slugs, "satisfaction-cmi")
	assert.Contains(t, slugs, "citizen-pqrsd")
	assert.Contains(t, stdout, filepath.Join(out, "index.html"))
	_, err := os.Stat(filepath.Join(out, "md"))
	assert.True(t, os.IsNotExist(err), "markdown only on request")

	// One process, the same layout.
	one := filepath.Join(t.TempDir(), "one")
	code, _, stderr = runCLI(t, "report", "--config", path, "--process", "satisfaction", "--from", "2026-02-01", "--to", "2026-02-28", "--out", one)
	require.Equal(t, 0, code, stderr)
	for _, s := range assertLayout(t, one, "satisfaction") {
		assert.True(t, strings.HasPrefix(s, "satisfaction-"), s)
	}

	// The alias writes what `report --process` writes.
	alias := filepath.Join(t.TempDir(), "alias")
	code, _, stderr = runCLI(t, "satisfaction", "report", "--config", path, "--period", "2026-02", "--out", alias)
	require.Equal(t, 0, code, stderr)
	assert.ElementsMatch(t, assertLayout(t, one), assertLayout(t, alias))
}

func TestRunWritesTheMonthInTheReportLayout(t *testing.T) {
	kinds := process.Kinds()
	path := runDeployment(t, kinds...)
	code, out, stderr := runCLI(t, "run", "--config", path, "--at", "2026-03-02")
	require.Equal(t, 0, code, stderr)
	for _, k := range kinds {
		assert.Contains(t, out, k+":", "the run names each process")
	}
	assertLayout(t, filepath.Join(filepath.Dir(path), "reports", "2026-02"), kinds...)
}

func TestReportBadUsage(t *testing.T) {
	path := runDeployment(t, "stakeholder")
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown process", []string{"report", "--config", path, "--process", "nadie"}, 2, "nadie"},
		{"process not in the deployment", []string{"report", "--config", path, "--process", "citizen", "--out", t.TempDir()}, 1, "processes.citizen"},
		{"period and from", []string{"report", "--config", path, "--period", "2026-02", "--from", "2026-02-01"}, 2, "--period"},
		{"bad period", []string{"report", "--config", path, "--period", "2026-Q9"}, 2, "AAAA-Tn"},
		{"bad period in English", []string{"--lang", "en", "report", "--config", path, "--period", "2026-Q9"}, 2, "YYYY-Qn"},
		{"extra argument", []string{"report", "--config", path, "extra"}, 2, "extra"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, c.args...)
			assert.Equal(t, c.code, code, errOut)
			assert.Contains(t, errOut, c.want)
		})
	}
}
