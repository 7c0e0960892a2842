package stakeholder

import (
	"fmt"
	"iter"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
)

// seedBench writes n active plan items whose next communication is past,
// and n open issues past their level-4 deadline, in batches of 5,000.
func seedBench(b *testing.B, f *fixture, n int, plans, issues bool) {
	b.Helper()
	start := day(b, "2026-01-05")
	for i := 0; i < n; {
		batch := f.store.Begin(actor(7), "bench.seed", "seed")
		for k := 0; k < 5000 && i < n; k, i = k+1, i+1 {
			if plans {
				p := PlanItem{ID: fmt.Sprintf("p%07d", i), Stakeholder: "junta", Objective: "Seguimiento", Channel: "meeting",
					Frequency: Frequency{1, Weeks}, Owner: "p4", Start: start.AddDays(i % 30), Status: PlanActive}
				p.Next = p.Start
				f.svc.plans.Put(batch, &p, 0)
			}
			if issues {
				is := Issue{ID: fmt.Sprintf("i%07d", i), Stakeholder: "junta", Title: "Reclamo", Severity: Severities()[i%4], Status: IssueOpen, Opened: start}
				require.NoError(b, f.svc.enterLevel(&is, 4, start))
				f.svc.writeIssue(batch, &is, 0, false, is.Deadline)
			}
		}
		_, err := batch.Commit(ctx)
		require.NoError(b, err)
	}
}

// BenchmarkOverdueScan streams the communications overdue on a date over
// n active plan items that are all overdue.
func BenchmarkOverdueScan(b *testing.B) {
	benchScan(b, "items", true, false, func(b *testing.B, f *fixture, date calendar.Date, n int, sample func()) {
		count := readScan(b, f.svc.Overdue(ctx, date), sample, func(Communication) {})
		if count < n {
			b.Fatalf("%d overdue, want at least %d", count, n)
		}
	})
}

// BenchmarkEscalationScan computes, without writing, the escalation of n
// open issues that are all past their deadline (each climbs to level 7).
func BenchmarkEscalationScan(b *testing.B) {
	benchScan(b, "issues", false, true, func(b *testing.B, f *fixture, date calendar.Date, n int, sample func()) {
		count := readScan(b, f.svc.PreviewEscalations(ctx, date), sample, func(i Issue) {
			if i.Level != FinalLevel {
				b.Fatalf("issue %s at level %d", i.ID, i.Level)
			}
		})
		if count != n {
			b.Fatalf("%d escalations, want %d", count, n)
		}
	})
}

// readScan reads seq to its end, failing b on its first error and passing
// every item to check, then to sample (once per item); it returns how many
// items seq gave.
func readScan[T any](b *testing.B, seq iter.Seq2[T, error], sample func(), check func(T)) int {
	count := 0
	for v, err := range seq {
		if err != nil {
			b.Fatal(err)
		}
		check(v)
		count++
		sample()
	}
	return count
}

// benchScan runs scan over n seeded records (plan items and/or issues, as
// seedBench's plans and issues say), named unit=n, for n of 10,000 and
// 100,000, on 2026-06-01; scan calls sample once per item it reads. It
// reports the peak heap and the time per item.
func benchScan(b *testing.B, unit string, plans, issues bool, scan func(b *testing.B, f *fixture, date calendar.Date, n int, sample func())) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("%s=%d", unit, n), func(b *testing.B) {
			f := newFixture(b, testYAML, true)
			seedBench(b, f, n, plans, issues)
			date := day(b, "2026-06-01")
			runtime.GC()
			ph := proctest.PeakHeap{Every: 1000}
			b.ResetTimer()
			for b.Loop() {
				scan(b, f, date, n, ph.Sample)
			}
			ph.Report(b)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/item")
		})
	}
}

// BenchmarkRun runs the periodic job over n open issues past their
// deadline (writing every escalation, in audited batches) and then once
// more for the same date (nothing to do). The store is seeded again before
// each iteration, outside the timer. Run it with -benchtime=1x.
func BenchmarkRun(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("issues=%d", n), func(b *testing.B) {
			date := day(b, "2026-06-01")
			for range b.N {
				b.StopTimer()
				f := newFixture(b, testYAML, true)
				seedBench(b, f, n, false, true)
				runtime.GC()
				b.StartTimer()
				sum, err := f.svc.Run(ctx, relaciona.Actor{ID: "job"}, date)
				require.NoError(b, err)
				require.Equal(b, n, sum.Escalated)
				again, err := f.svc.Run(ctx, relaciona.Actor{ID: "job"}, date)
				require.NoError(b, err)
				require.Zero(b, again.Escalated)
				b.StopTimer()
				require.NoError(b, f.store.Close())
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/item")
		})
	}
}
