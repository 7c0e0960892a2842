package main

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/report"
)

// leave writes a fake leftover of an interrupted writer, changed age ago.
func leave(t *testing.T, path string, dir bool, age time.Duration) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	if dir {
		require.NoError(t, os.MkdirAll(filepath.Join(path, "data"), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(path, "index.html"), []byte("half"), 0o644))
	} else {
		require.NoError(t, os.WriteFile(path, []byte("half"), 0o644))
	}
	when := time.Now().Add(-age)
	require.NoError(t, os.Chtimes(path, when, when))
}

func TestRunRemovesLeftoversOfAnInterruptedRun(t *testing.T) {
	path := runDeployment(t, "stakeholder")
	reports := filepath.Join(filepath.Dir(path), "reports")
	leftovers := []string{
		filepath.Join(reports, ".reports-123456"),
		filepath.Join(reports, ".report-99"),
		filepath.Join(reports, "2026-01", ".report-42"),
		filepath.Join(reports, "2026-01", "data", "stakeholder", ".report-7"),
	}
	leave(t, leftovers[0], true, 0)
	for _, l := range leftovers[1:] {
		leave(t, l, false, 0)
	}
	keep := filepath.Join(reports, "2026-01", "index.html")
	require.NoError(t, os.WriteFile(keep, []byte("issued"), 0o644))

	code, _, errOut := runCLI(t, "run", "--config", path, "--at", "2026-03-02")
	require.Equal(t, 0, code, errOut)
	for _, l := range leftovers {
		assert.NoFileExists(t, l)
		assert.NoDirExists(t, l)
	}
	assert.FileExists(t, keep, "issued reports are kept")
	assert.FileExists(t, filepath.Join(reports, "2026-02", "index.html"))
	entries, err := os.ReadDir(reports)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.ElementsMatch(t, []string{"2026-01", "2026-02"}, names, "no temporary folder is left")

	// Later runs (the month already issued) clean up too.
	leave(t, leftovers[0], true, 0)
	code, _, errOut = runCLI(t, "run", "--config", path, "--at", "2026-03-03")
	require.Equal(t, 0, code, errOut)
	assert.NoDirExists(t, leftovers[0])
}

func TestReportCommandRemovesStaleLeftovers(t *testing.T) {
	dir, dep := importedStakeholders(t)
	out := filepath.Join(dir, "out")
	stale := filepath.Join(out, ".report-111")
	staleCSV := filepath.Join(out, "csv", "stakeholder", ".report-222")
	fresh := filepath.Join(out, ".report-333")
	leave(t, stale, false, time.Hour)
	leave(t, staleCSV, false, time.Hour)
	leave(t, fresh, false, 0)

	code, _, stderr := runCLI(t, "report", "--config", dep, "--process", "stakeholder", "--out", out, "--format", "html,csv,xlsx,md", "--period", "2026-03")
	require.Equal(t, 0, code, stderr)
	assert.NoFileExists(t, stale, "a stale temporary report file is removed")
	assert.NoFileExists(t, staleCSV)
	assert.FileExists(t, fresh, "a fresh one may be another command's, still writing")
	assert.FileExists(t, filepath.Join(out, "xlsx", "stakeholder.xlsx"))
}

func TestCreateFileLeavesNothingOnError(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "x.md")
	err := createFile(name, func(f *os.File) error {
		_, _ = f.WriteString("half")
		return errors.New("boom")
	})
	require.Error(t, err)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "neither the file nor its temporary is left")

	require.NoError(t, createFile(name, func(f *os.File) error { _, err := f.WriteString("whole"); return err }))
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	assert.Equal(t, "whole", string(b))
	entries, _ = os.ReadDir(dir)
	assert.Len(t, entries, 1)
}

// The index carries one chart per process: the first page's headline;
// later pages name none unless they chose one.
func TestOneHeadlinePerProcess(t *testing.T) {
	ps := oneHeadline([]report.Page{{Slug: "a"}, {Slug: "b"}, {Slug: "c", Headline: "chosen"}})
	assert.Equal(t, "", ps[0].Headline, "the first page keeps its first chart")
	assert.Equal(t, report.NoHeadline, ps[1].Headline)
	assert.Equal(t, "chosen", ps[2].Headline, "a page's own choice stands")
	assert.Empty(t, oneHeadline(nil))
}
