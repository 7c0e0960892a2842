package citizen

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
)

// benchSizes are the store sizes of the store benchmarks; set
// CITIZEN_BENCH_SIZES=250000,1000000 to change them.
func benchSizes(b *testing.B) []int {
	sizes := []int{1_000_000}
	if s := os.Getenv("CITIZEN_BENCH_SIZES"); s != "" {
		sizes = nil
		for _, f := range strings.Split(s, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			require.NoError(b, err)
			sizes = append(sizes, n)
		}
	}
	return sizes
}

// BenchmarkDueDate computes the due date of 1,000,000 PQRSD of every type
// and kind filed over two years: one op is the million.
func BenchmarkDueDate(b *testing.B) {
	f := newFixture(b)
	types, kinds := Types(), RequestKinds()
	start := calendar.Date{Year: 2025, Month: time.January, Day: 1}
	const n = 1_000_000
	b.ReportAllocs()
	for b.Loop() {
		var last calendar.Date
		for i := range n {
			due, _, err := f.s.DueDate(start.AddDays(i%730), types[i%5], kinds[i%3])
			if err != nil {
				b.Fatal(err)
			}
			last = due
		}
		if last.IsZero() {
			b.Fatal("no date")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/pqrsd")
}

// benchService opens (building it the first time) a SQLite file holding n
// open PQRSD filed evenly over 2025, filed through Import in batches of
// 5,000 (the real path: filing numbers, due dates, day counters). The file
// is kept in $CITIZEN_BENCH_DIR (or the temporary directory) for later runs;
// an interrupted build resumes.
func benchService(b *testing.B, n int) *Process {
	ctx := context.Background()
	dir := os.Getenv("CITIZEN_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("relaciona-citizen-bench-v2-%d.db", n))
	cfg, err := LoadConfig(examplePath, relaciona.English)
	require.NoError(b, err)
	cal, err := calendar.New(calendar.Colombia, calendar.Options{})
	require.NoError(b, err)
	open := func() *Process {
		st, err := relaciona.OpenStore(ctx, "sqlite://"+path)
		require.NoError(b, err)
		b.Cleanup(func() { st.Close() })
		s, err := New(st, cfg, cal, WithLocation(bogota))
		require.NoError(b, err)
		return s
	}
	if _, err := os.Stat(path + ".done"); err == nil {
		return open()
	}
	s := open()
	// Resume a build that was interrupted: chunks are whole batches.
	have, err := s.pqrsd.Count(ctx, relaciona.Filter{})
	require.NoError(b, err)
	t0 := time.Now()
	year := time.Date(2025, 1, 1, 8, 0, 0, 0, bogota)
	span := int64(year.AddDate(1, 0, 0).Sub(year))
	chans := []string{"web", "ventanilla", "telefono", "correo", "mesa", "app"}
	items := []string{"", "impuesto-predial", "certificado-residencia", "informacion-contratos", "alumbrado-publico"}
	const chunk = 5000
	for lo := int(have) / chunk * chunk; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		ns := make([]NewPQRSD, 0, hi-lo)
		for i := lo; i < hi; i++ {
			ns = append(ns, NewPQRSD{Type: Types()[i%5], Kind: RequestKinds()[(i/5)%3], Channel: chans[i%len(chans)], Offer: items[i%len(items)],
				Subject: "Solicitud de información", Description: "Texto de la solicitud número " + strconv.Itoa(i),
				Requester: Requester{Name: "Persona " + strconv.Itoa(i), Email: "p" + strconv.Itoa(i) + "@example.co"},
				FiledAt:   year.Add(time.Duration(span / int64(n) * int64(i)))})
		}
		_, err := s.Import(ctx, clerk, ns, time.Date(2026, 1, 2, 0, 0, 0, 0, bogota))
		require.NoError(b, err)
	}
	b.Logf("built %s with %d PQRSD in %s", path, n, time.Since(t0).Round(time.Second))
	require.NoError(b, os.WriteFile(path+".done", nil, 0o644))
	return s
}

// BenchmarkOverdueScan streams the overdue PQRSD of a store of n open
// PQRSD (all overdue on 2026-06-30): one pass over the n records. Watch
// ns/pqrsd stay flat as n grows (linear) and heap-MB stay flat (constant
// memory).
func BenchmarkOverdueScan(b *testing.B) {
	for _, n := range benchSizes(b) {
		s := benchService(b, n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			ctx := context.Background()
			ph := proctest.PeakHeap{Every: 100_000}
			cpu := proctest.CPUTimer()
			for b.Loop() {
				count := 0
				for _, err := range s.OverdueSeq(ctx, d("2026-06-30")) {
					if err != nil {
						b.Fatal(err)
					}
					count++
					ph.Sample()
				}
				if count != n {
					b.Fatalf("%d overdue of %d", count, n)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/pqrsd")
			ph.Report(b)
			cpu(b)
		})
	}
}

// BenchmarkQuarterlyReport builds the quarterly PQRSD report of 2025-Q2
// over a store of n PQRSD (a quarter of them filed in it): the figures come
// from the day counters, the overdue list stops at 200 rows.
func BenchmarkQuarterlyReport(b *testing.B) {
	for _, n := range benchSizes(b) {
		s := benchService(b, n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			ctx := context.Background()
			cpu := proctest.CPUTimer()
			defer cpu(b)
			for b.Loop() {
				doc, err := s.PQRSDReport(ctx, ReportOptions{Year: 2025, Quarter: 2, At: d("2026-01-15"), Redact: true})
				if err != nil {
					b.Fatal(err)
				}
				if len(doc.Sections) < 4 {
					b.Fatal("short report")
				}
			}
		})
		b.Run(fmt.Sprintf("n=%d/scan-reference", n), func(b *testing.B) {
			if os.Getenv("CITIZEN_BENCH_SCAN") == "" {
				b.Skip("set CITIZEN_BENCH_SCAN=1 to time the full-scan reference of the quarter's figures")
			}
			ctx := context.Background()
			cpu := proctest.CPUTimer()
			defer cpu(b)
			for b.Loop() {
				st, err := s.PQRSDStatsScan(ctx, d("2025-04-01"), d("2025-06-30"), d("2026-01-15"))
				if err != nil {
					b.Fatal(err)
				}
				if st.Total == 0 {
					b.Fatal("empty quarter")
				}
			}
		})
	}
}
