package demo

import (
	"context"
	"encoding/csv"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/deployment"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

type note struct {
	ID    string    `json:"id"`
	Month int       `json:"month"`
	N     int       `json:"n"`
	At    time.Time `json:"at"`
}

// counterProcess is a minimal Process: it writes one record a month with a
// random number, so the tests can check ordering, determinism and reports.
type counterProcess struct{ failIn time.Month }

func (counterProcess) Name() string { return "counter" }

func (counterProcess) Setup(ctx context.Context, env *Env) error {
	return os.WriteFile(filepath.Join(env.Dir, "counter.yaml"), []byte("kind: counter\n"), 0o644)
}

func (c counterProcess) Month(ctx context.Context, env *Env, m time.Month) error {
	if m == c.failIn {
		return relaciona.Invalid("month", "planned failure")
	}
	col := relaciona.NewCollection(env.Store, "demo.note", func(n *note) relaciona.Key { return relaciona.Key{ID: n.ID, Time: n.At} })
	b := env.Store.Begin(relaciona.Actor{ID: "demo"}, "note.add", "").At(env.At(env.MonthEnd(m), 17))
	n := env.Rand.IntN(1000)
	col.Put(b, &note{ID: m.String(), Month: int(m), N: n, At: env.At(env.Day(m, 15), 9)}, 0)
	env.Count("notes", 1)
	env.Count("sum", n)
	_, err := b.Commit(ctx)
	return err
}

// TestRunBuildsTheYear: Run drives the process month by month, verifies
// the audit and the records, and leaves the deployment folder with no
// report of its own (the CLI writes the product reports into ReportDir).
func TestRunBuildsTheYear(t *testing.T) {
	dir := t.TempDir()
	var steps []Progress
	sum, err := Run(context.Background(), Options{Dir: dir, Seed: 7, Progress: func(p Progress) { steps = append(steps, p) }}, counterProcess{})
	require.NoError(t, err)
	assert.Equal(t, 12, sum.Counts["counter"]["notes"])
	assert.Equal(t, int64(12), sum.AuditCount, "one audited batch a month")
	assert.Equal(t, int64(12), sum.RecordCount, "every note checked against the log")
	for _, f := range []string{"counter.yaml", "demo.db", "deployment.yaml"} {
		assert.FileExists(t, filepath.Join(dir, f))
	}
	assert.NoDirExists(t, filepath.Join(dir, ReportDir), "the demo writes no report of its own")
	assert.Equal(t, filepath.Join(dir, ReportDir), sum.ReportDir)
	require.NotEmpty(t, steps)
	assert.Equal(t, steps[len(steps)-1].Done, steps[len(steps)-1].Total, "progress ends at its total")
}

func TestRunIsDeterministicForASeed(t *testing.T) {
	read := func(seed uint64) int {
		sum, err := Run(context.Background(), Options{Dir: t.TempDir(), Seed: seed}, counterProcess{})
		require.NoError(t, err)
		return sum.Counts["counter"]["sum"]
	}
	assert.Equal(t, read(1), read(1), "same seed, same agency")
	assert.NotEqual(t, read(1), read(2), "another seed, another agency")
}

// TestRunLeavesTheReportFolderAlone: a run, failed or not, leaves the
// report folder of an earlier run as it was: replacing it with the product
// reports of the new store is the CLI's work, once the year is built.
func TestRunLeavesTheReportFolderAlone(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, ReportDir, "index.html")
	require.NoError(t, os.MkdirAll(filepath.Dir(old), 0o755))
	require.NoError(t, os.WriteFile(old, []byte("earlier report"), 0o644))
	_, err := Run(context.Background(), Options{Dir: dir, Seed: 2}, counterProcess{failIn: time.June})
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "counter: June")
	_, err = Run(context.Background(), Options{Dir: dir, Seed: 1}, counterProcess{})
	require.NoError(t, err)
	b, err := os.ReadFile(old)
	require.NoError(t, err)
	assert.Equal(t, "earlier report", string(b))
}

func TestRunStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Run(ctx, Options{Dir: t.TempDir(), Seed: 1}, counterProcess{})
	require.ErrorIs(t, err, context.Canceled)
}

// skipIfShort skips a test that builds a whole demo year: `go test -short`
// (CI's race pass) leaves them to the full pass.
func skipIfShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a whole demo year; run without -short")
	}
}

func TestRunLeavesADeploymentFolder(t *testing.T) {
	dir := t.TempDir()
	// What `relaciona run` left for an older store goes with it.
	for _, f := range []string{headFile, lockFile, filepath.Join(runOut, "2025-12", "index.html")} {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), []byte("old"), 0o644))
	}
	sum, err := Run(context.Background(), Options{Dir: dir, Seed: 1}, counterProcess{})
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(dir, DeploymentFile), sum.Deployment)
	assert.Equal(t, 2026, sum.Year)
	for _, f := range []string{headFile, lockFile, runOut} {
		assert.NoFileExists(t, filepath.Join(dir, f), "stale after a new store")
		assert.NoDirExists(t, filepath.Join(dir, f), "stale after a new store")
	}
	for _, kind := range []string{"deployment", "stakeholder", "alliance", "satisfaction", "citizen"} {
		assert.FileExists(t, filepath.Join(dir, SchemaDir, kind+".json"))
	}
	dep, err := deployment.Load(sum.Deployment, relaciona.Spanish)
	require.NoError(t, err, "the demo's deployment file is valid")
	assert.Equal(t, "sqlite://"+filepath.Join(dir, StoreFile), dep.Store, "the store beside it, named relatively")
	assert.Equal(t, "desk://", dep.Tickets.URL)
	assert.Empty(t, dep.ProcessKinds(), "counter is not a process a deployment names")
	b, err := os.ReadFile(sum.Deployment)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "# yaml-language-server: $schema=schemas/deployment.json\n"))
	assert.Contains(t, string(b), "store: sqlite://demo.db\n")
}

func TestDeploymentNamesTheProcessFiles(t *testing.T) {
	for _, lang := range []relaciona.Lang{relaciona.Spanish, relaciona.English} {
		y := string(deploymentYAML(Options{Lang: lang}, All(), nil))
		assert.Contains(t, y, "processes:\n  stakeholder: stakeholder.yaml\n  alliance: alliance.yaml\n  satisfaction: satisfaction.yaml\n  citizen: citizen.yaml\n", lang)
		assert.Equal(t, lang == relaciona.English, strings.Contains(y, "\nlang: en\n"), lang)
	}
}

// productSite writes what `relaciona report --period YEAR` writes for the
// deployment folder dir that Run left (the demo's year, personal data left
// out), HTML and the CSV files of each page (with a BOM, as the CLI writes
// them), into dir/product, and returns
// that folder: the demo's own tests read the year through the product
// reports, as an agency would.
func productSite(t *testing.T, dir string, year int, lang relaciona.Lang) string {
	t.Helper()
	ctx := context.Background()
	dep, err := deployment.Load(filepath.Join(dir, DeploymentFile), lang)
	require.NoError(t, err)
	cal, err := dep.NewCalendar()
	require.NoError(t, err)
	loc, err := dep.Location()
	require.NoError(t, err)
	store, err := relaciona.OpenStore(ctx, dep.Store)
	require.NoError(t, err)
	defer store.Close()
	tickets, err := relaciona.OpenTickets(ctx, dep.Tickets.URL, relaciona.WithTicketStore(store))
	require.NoError(t, err)
	defer tickets.Close()
	directory, err := dep.OpenDirectory(ctx)
	require.NoError(t, err)
	env := process.Env{Store: store, Calendar: cal, Tickets: tickets, Location: loc, Lang: lang, Directory: directory}
	period, err := process.ParsePeriod(strconv.Itoa(year), lang)
	require.NoError(t, err)
	period.Redact = true
	var pages []report.Page
	for _, kind := range dep.ProcessKinds() {
		def, ok := process.Lookup(kind)
		require.True(t, ok, kind)
		path, _ := dep.ProcessPath(kind)
		inst, err := def.Open(path, env)
		require.NoError(t, err, kind)
		ps, err := inst.Reports(ctx, period)
		require.NoError(t, err, kind)
		pages = append(pages, ps...)
	}
	out := filepath.Join(dir, "product")
	require.NoError(t, report.Site(out, report.Document{Title: "index", Lang: lang}, pages))
	for _, p := range pages {
		csvDir := filepath.Join(out, "csv", p.Slug)
		require.NoError(t, os.MkdirAll(csvDir, 0o755))
		require.NoError(t, report.WriteCSVs(csvDir, p.Doc, report.WithBOM()))
	}
	return out
}

// runAlone runs the one process p into a fresh folder with seed and lang
// ("" for the default), logs how long it took, and returns the folder and
// the summary.
func runAlone(t *testing.T, p Process, seed uint64, lang relaciona.Lang) (string, *Summary) {
	t.Helper()
	dir := t.TempDir()
	start := time.Now()
	sum, err := Run(context.Background(), Options{Dir: dir, Seed: seed, Lang: lang}, p)
	require.NoError(t, err)
	t.Logf("%s demo (seed %d, %s): %s, %d audit entries", p.Name(), seed, lang, time.Since(start).Round(time.Millisecond), sum.AuditCount)
	return dir, sum
}

// csvTable parses the CSV file name of csvs (with its BOM) into rows.
func csvTable(t *testing.T, csvs map[string]string, name string) [][]string {
	t.Helper()
	data, ok := csvs[name]
	require.True(t, ok, "report table %s; have %v", name, slices.Sorted(maps.Keys(csvs)))
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(data, "\ufeff"))).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, rows)
	return rows
}

// readFiles reads the files of dir matching pattern, by name relative to dir.
func readFiles(t *testing.T, dir, pattern string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, pattern))
	require.NoError(t, err)
	require.NotEmpty(t, files, pattern)
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		rel, err := filepath.Rel(dir, f)
		require.NoError(t, err)
		out[filepath.ToSlash(rel)] = string(b)
	}
	return out
}
