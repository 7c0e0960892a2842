package demo

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
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
	col.Put(b, &note{ID: m.String(), Month: int(m), N: env.Rand.IntN(1000), At: env.At(env.Day(m, 15), 9)}, 0)
	env.Count("notes", 1)
	_, err := b.Commit(ctx)
	return err
}

func (counterProcess) Report(ctx context.Context, env *Env) (report.Document, error) {
	col := relaciona.NewCollection(env.Store, "demo.note", func(n *note) relaciona.Key { return relaciona.Key{ID: n.ID, Time: n.At} })
	t := report.Table{ID: "notes", Caption: "Notas", Columns: []report.Column{{Name: "mes"}, {Name: "n", Kind: report.KindInt}}}
	for d, err := range col.Scan(ctx, relaciona.Filter{}) {
		if err != nil {
			return report.Document{}, err
		}
		t.Rows = append(t.Rows, []report.Cell{report.Text(d.ID), report.Int(int64(d.Value.N))})
	}
	return report.Document{Title: "Contador", Lang: env.Lang, Sections: []report.Section{{ID: "s", Title: "Notas", Blocks: []report.Block{t}}}}, nil
}

func TestRunBuildsTheYearAndWritesTheSite(t *testing.T) {
	dir := t.TempDir()
	var steps []Progress
	sum, err := Run(context.Background(), Options{Dir: dir, Seed: 7, Progress: func(p Progress) { steps = append(steps, p) }}, counterProcess{})
	require.NoError(t, err)
	assert.Equal(t, 12, sum.Counts["counter"]["notes"])
	assert.Equal(t, int64(12), sum.AuditCount, "one audited batch a month")
	assert.Equal(t, int64(12), sum.RecordCount, "every note checked against the log")
	for _, f := range []string{"report/index.html", "report/counter.html", "report/data/counter/notes.csv", "report/data/counter/counter.xlsx", "config/counter.yaml", "demo.db"} {
		assert.FileExists(t, filepath.Join(dir, f))
	}
	require.NotEmpty(t, steps)
	assert.Equal(t, steps[len(steps)-1].Done, steps[len(steps)-1].Total, "progress ends at its total")
}

func TestRunIsDeterministicForASeed(t *testing.T) {
	read := func(seed uint64) string {
		dir := t.TempDir()
		_, err := Run(context.Background(), Options{Dir: dir, Seed: seed}, counterProcess{})
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(dir, "report", "data", "counter", "notes.csv"))
		require.NoError(t, err)
		return string(b)
	}
	assert.Equal(t, read(1), read(1), "same seed, same agency")
	assert.NotEqual(t, read(1), read(2), "another seed, another agency")
}

func TestRunFailureKeepsThePreviousReport(t *testing.T) {
	dir := t.TempDir()
	_, err := Run(context.Background(), Options{Dir: dir, Seed: 1}, counterProcess{})
	require.NoError(t, err)
	before, err := os.ReadFile(filepath.Join(dir, "report", "counter.html"))
	require.NoError(t, err)
	_, err = Run(context.Background(), Options{Dir: dir, Seed: 2}, counterProcess{failIn: time.June})
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "counter: June")
	after, err := os.ReadFile(filepath.Join(dir, "report", "counter.html"))
	require.NoError(t, err)
	assert.Equal(t, before, after, "a failed run leaves the earlier report in place")
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
