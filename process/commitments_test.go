package process_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

func on(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

// commitmentStore writes the register of the hand-computed example: for
// each commitment, the process, the day it was made, its due date, and
// the steps after, with their days.
func commitmentStore(t *testing.T) *relaciona.Store {
	t.Helper()
	ctx := context.Background()
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	require.NoError(t, err)
	t.Cleanup(func() { store.Close() })
	dir, err := relaciona.NewRoster(relaciona.Person{ID: "jefa"}, relaciona.Person{ID: "ana", Manager: "jefa"}, relaciona.Person{ID: "otra-parte"})
	require.NoError(t, err)
	reg := relaciona.NewCommitments(store, dir)
	ana, other := relaciona.Actor{ID: "ana"}, relaciona.Actor{ID: "otra-parte"}
	type step struct {
		what string // deliver, confirm, close
		day  string
	}
	for _, c := range []struct {
		key, process, made, due string
		steps                   []step
	}{
		{"s1", "satisfaction", "2026-03-02", "2026-03-10", nil},
		{"s2", "satisfaction", "2026-03-02", "2026-04-10", nil},
		{"s3", "satisfaction", "2026-03-02", "2026-03-20", []step{{"deliver", "2026-03-18"}}},
		{"s4", "satisfaction", "2026-02-10", "2026-03-01", []step{{"deliver", "2026-02-27"}, {"confirm", "2026-03-03"}}},
		{"c1", "citizen", "2026-03-05", "2026-03-25", nil},
		{"c2", "citizen", "2026-03-05", "2026-03-30", []step{{"close", "2026-03-28"}}},
		{"c3", "citizen", "2026-04-02", "2026-04-20", nil},
		{"k1", "stakeholder", "2026-03-01", "2026-03-31", nil},
		{"k2", "stakeholder", "2026-03-01", "2026-03-15", []step{{"deliver", "2026-04-05"}}},
		{"a1", "alliance", "2026-01-10", "2026-02-01", []step{{"deliver", "2026-01-30"}, {"confirm", "2026-04-02"}}},
	} {
		b := store.Begin(ana, "test.make", "").At(on(c.made))
		_, err := reg.Add(ctx, b, relaciona.NewCommitment{Key: c.key, Source: relaciona.CommitmentSource{Process: c.process, Kind: c.process + ".record", ID: c.key},
			Ours: relaciona.OurParty{Owner: "ana"}, Theirs: relaciona.OtherParty{Kind: "party", ID: "p-" + c.key, Confirmers: []string{"otra-parte"}},
			What: "compromiso " + c.key, Due: on(c.due), Date: on(c.made)})
		require.NoError(t, err)
		_, err = b.Commit(ctx)
		require.NoError(t, err)
		id := relaciona.CommitmentID(c.process, c.key)
		for _, s := range c.steps {
			by, day := ana, on(s.day)
			if s.what == "confirm" {
				by = other
			}
			_, err := reg.Do(ctx, by, "test."+s.what, "", day, func(b *relaciona.Batch) (relaciona.Commitment, error) {
				switch s.what {
				case "deliver":
					return reg.Deliver(ctx, b, id, relaciona.Evidence{Note: "hecho"}, day)
				case "confirm":
					return reg.Confirm(ctx, b, id, "", day)
				}
				return reg.CloseUnconfirmed(ctx, b, id, "no respondió", day)
			})
			require.NoError(t, err)
		}
	}
	return store
}

func ints(t *testing.T, cells []report.Cell) []int {
	t.Helper()
	var out []int
	for _, c := range cells {
		v, ok := c.Number()
		require.True(t, ok)
		out = append(out, int(v))
	}
	return out
}

// TestCommitmentsReportFigures checks the commitments page against figures
// computed by hand for March 2026 (end: 31 March): open and not yet due
// s2, k1 (due that very day) = 2; overdue s1, c1, k2 (delivered only in
// April) = 3; delivered awaiting confirmation s3, a1 (confirmed only in
// April) = 2; confirmed s4 = 1; closed unconfirmed c2 = 1; c3, made in
// April, is not counted.
func TestCommitmentsReportFigures(t *testing.T) {
	store := commitmentStore(t)
	p := process.Month(2026, time.March, relaciona.Spanish)
	page, err := process.CommitmentsReport(context.Background(), store, p, process.CommitmentsOptions{OverdueRows: 2})
	require.NoError(t, err)
	assert.Equal(t, "compromisos", page.Slug)
	require.Len(t, page.Doc.Sections, 3)

	key := page.Doc.Sections[0].Blocks[0].(report.KeyFigures)
	var got []int
	for _, kf := range key.Items {
		got = append(got, ints(t, []report.Cell{kf.Value})...)
	}
	assert.Equal(t, []int{2, 3, 2, 1, 1}, got, "open, overdue, delivered, confirmed, unconfirmed")
	assert.Equal(t, report.StatusBad, key.Items[1].Status)

	chart := page.Doc.Sections[1].Blocks[0].(report.Chart)
	assert.Equal(t, report.ChartStacked, chart.Kind)
	require.Len(t, chart.Table.Rows, 4)
	want := map[string][]int{ // per process: the five states, then the total
		"stakeholder":  {1, 1, 0, 0, 0, 2},
		"alliance":     {0, 0, 1, 0, 0, 1},
		"satisfaction": {1, 1, 1, 1, 0, 4},
		"citizen":      {0, 1, 0, 0, 1, 2},
	}
	for i, kind := range []string{"stakeholder", "alliance", "satisfaction", "citizen"} {
		assert.Equal(t, want[kind], ints(t, chart.Table.Rows[i][1:]), kind)
	}
	assert.Equal(t, []int{2, 3, 2, 1, 1, 9}, ints(t, chart.Table.Total[1:]))

	list := page.Doc.Sections[2].Blocks[0].(report.Table)
	assert.Equal(t, 2, list.PageRows, "folded beyond 2 rows")
	require.Len(t, list.Rows, 3)
	var ids []string
	var days []int
	for _, r := range list.Rows {
		ids = append(ids, r[1].Raw())
		days = append(days, ints(t, r[6:7])...)
	}
	assert.Equal(t, []string{"satisfaction:s1", "stakeholder:k2", "citizen:c1"}, ids, "the longest overdue first")
	assert.Equal(t, []int{21, 16, 6}, days)
}

func TestCommitmentsReportOfSomeProcessesAndOfAnEarlierPeriod(t *testing.T) {
	store := commitmentStore(t)
	ctx := context.Background()
	// February: s4 delivered, a1 delivered (and overdue? no: delivered
	// before its due date), the rest not made yet.
	page, err := process.CommitmentsReport(ctx, store, process.Month(2026, time.February, relaciona.English), process.CommitmentsOptions{})
	require.NoError(t, err)
	assert.Equal(t, "commitments", page.Slug)
	var got []int
	for _, kf := range page.Doc.Sections[0].Blocks[0].(report.KeyFigures).Items {
		got = append(got, ints(t, []report.Cell{kf.Value})...)
	}
	assert.Equal(t, []int{0, 0, 2, 0, 0}, got)
	_, ok := page.Doc.Sections[2].Blocks[0].(report.Paragraph)
	assert.True(t, ok, "no overdue list when none is overdue")

	pages, err := process.SharedReports(ctx, store, process.Month(2026, time.March, relaciona.Spanish), "citizen")
	require.NoError(t, err)
	require.Len(t, pages, 1)
	got = nil
	for _, kf := range pages[0].Doc.Sections[0].Blocks[0].(report.KeyFigures).Items {
		got = append(got, ints(t, []report.Cell{kf.Value})...)
	}
	assert.Equal(t, []int{0, 1, 0, 0, 1}, got, "citizen only")
}
