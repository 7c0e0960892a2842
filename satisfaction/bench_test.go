package satisfaction

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
)

// benchConfig is an area with 30 clients and 5 services.
func benchConfig(tb testing.TB) *Config {
	c := testConfig()
	c.Services = nil
	for s := range 5 {
		c.Services = append(c.Services, Service{ID: fmt.Sprintf("svc%d", s), Name: fmt.Sprintf("Servicio %d", s), Division: "ops", ResolutionHours: 24, AvailabilityTarget: 0.99})
	}
	c.Clients = nil
	for i := range 30 {
		c.Clients = append(c.Clients, Client{ID: fmt.Sprintf("c%02d", i), Name: fmt.Sprintf("Cliente %d", i), Services: []string{"svc0", "svc1", "svc2", "svc3", "svc4"}})
	}
	cfg, err := NewConfig(c, relaciona.English)
	require.NoError(tb, err)
	return cfg
}

// benchStore opens (building it the first time) a SQLite file holding n
// survey responses and n tickets (each resolved, so also n resolutions)
// spread evenly over 2025. The file is kept in $SATISFACTION_BENCH_DIR (or
// the temporary directory) and reused by later runs.
func benchStore(b *testing.B, n int) (string, *Process) {
	ctx := context.Background()
	dir := os.Getenv("SATISFACTION_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("relaciona-satisfaction-bench-v2-%d.db", n))
	cfg := benchConfig(b)
	cal, err := calendar.New(calendar.Uruguay, calendar.Options{})
	require.NoError(b, err)
	open := func() (*relaciona.Store, *Process) {
		s, err := relaciona.OpenStore(ctx, "sqlite://"+path)
		require.NoError(b, err)
		p, err := New(s, cfg, cal)
		require.NoError(b, err)
		return s, p
	}
	if _, err := os.Stat(path + ".done"); err == nil {
		s, p := open()
		b.Cleanup(func() { s.Close() })
		return path, p
	}
	for _, suffix := range []string{"", "-wal", "-shm", ".done"} {
		os.Remove(path + suffix)
	}
	s, p := open()
	mgr, _ := cfg.Actor("mgr-luis")
	start := time.Now()
	const chunk = 10_000
	year := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	span := year.AddDate(1, 0, 0).Sub(year)
	metrics := []string{MetricCSAT, MetricNPS, MetricCES}
	for lo := 0; lo < n; lo += chunk {
		hi := min(lo+chunk, n)
		rs := make([]relaciona.SurveyResponse, 0, hi-lo)
		ts := make([]relaciona.Ticket, 0, hi-lo)
		for i := lo; i < hi; i++ {
			at := year.Add(time.Duration(int64(span) / int64(n) * int64(i)))
			client := fmt.Sprintf("c%02d", i%30)
			svc := fmt.Sprintf("svc%d", (i/30)%5)
			m := metrics[i%3]
			sc, _ := cfg.scale(m)
			h := uint32(i) * 2654435761
			score := sc.Min + int(h>>7)%(sc.Max-sc.Min+1)
			rs = append(rs, relaciona.SurveyResponse{ID: "s" + strconv.Itoa(i), TicketID: "t" + strconv.Itoa(i), Requester: client, Service: svc,
				Metric: m, Score: score, Submitted: at})
			ts = append(ts, relaciona.Ticket{ID: "t" + strconv.Itoa(i), Status: relaciona.StatusClosed, Requester: client,
				Fields:  map[string]string{"service": svc, "type": []string{"incident", "request", "change"}[i%3]},
				Created: at, Updated: at.Add(time.Duration(h%48) * time.Hour)})
		}
		_, err := p.ImportSurveys(ctx, mgr, rs, at0)
		require.NoError(b, err)
		_, err = p.ImportTickets(ctx, mgr, ts, at0)
		require.NoError(b, err)
	}
	b.Logf("loaded %d surveys and %d tickets in %s", n, n, time.Since(start).Round(time.Second))
	// Snapshots of January to June, as Run on July 1st stores them.
	_, err = p.Run(ctx, mgr, calendar.Date{Year: 2025, Month: time.July, Day: 1})
	require.NoError(b, err)
	b.Logf("built %s with %d surveys and %d tickets in %s", path, n, n, time.Since(start).Round(time.Second))
	require.NoError(b, os.WriteFile(path+".done", nil, 0o644))
	b.Cleanup(func() { s.Close() })
	return path, p
}

var at0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// BenchmarkCMIReport measures the monthly CMI report over n survey
// responses and n tickets spread over a year (so one month holds n/12 of
// each): "month" computes the month's figures only; "report/warm" is the
// whole report document of June with the five earlier trend months read
// from Run's snapshots; "report/cold" is December, whose earlier months have
// no snapshot and are read raw (only with SATISFACTION_BENCH_COLD=1); "sql" is a hand-written SQL aggregate of the
// same month over a second connection to the same file, for comparison.
func BenchmarkCMIReport(b *testing.B) {
	sizes := []int{250_000, 1_000_000}
	if s := os.Getenv("SATISFACTION_BENCH_SIZES"); s != "" {
		sizes = nil
		for _, f := range filepathSplit(s) {
			n, err := strconv.Atoi(f)
			require.NoError(b, err)
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		path, p := benchStore(b, n)
		ctx := context.Background()
		june := Month{2025, time.June}
		b.Run(fmt.Sprintf("n=%d/month", n), func(b *testing.B) {
			var ms runtime.MemStats
			cpu := proctest.CPUTimer()
			for b.Loop() {
				s, err := p.monthStats(ctx, june, "")
				require.NoError(b, err)
				require.NotEmpty(b, s.Cells)
			}
			cpu(b)
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MB")
		})
		b.Run(fmt.Sprintf("n=%d/report/warm", n), func(b *testing.B) {
			cpu := proctest.CPUTimer()
			for b.Loop() {
				_, err := p.CMIReport(ctx, june, relaciona.Spanish, ReportOptions{})
				require.NoError(b, err)
			}
			cpu(b)
		})
		b.Run(fmt.Sprintf("n=%d/report/cold", n), func(b *testing.B) {
			if os.Getenv("SATISFACTION_BENCH_COLD") == "" {
				b.Skip("set SATISFACTION_BENCH_COLD=1: without snapshots the trend reads six months of raw records")
			}
			cpu := proctest.CPUTimer()
			for b.Loop() {
				_, err := p.CMIReport(ctx, Month{2025, time.December}, relaciona.Spanish, ReportOptions{})
				require.NoError(b, err)
			}
			cpu(b)
		})
		b.Run(fmt.Sprintf("n=%d/sql", n), func(b *testing.B) {
			db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
			require.NoError(b, err)
			defer db.Close()
			from, to := p.span(june)
			cpu := proctest.CPUTimer()
			for b.Loop() {
				rows := sqlMonth(b, db, from, to)
				require.NotZero(b, rows)
			}
			cpu(b)
		})
	}
}

// sqlMonth is the month's aggregate written by hand: survey answers by
// client, service, metric and score; cases opened by client, service and
// type; resolutions by client, service and service level.
func sqlMonth(b *testing.B, db *sql.DB, from, to time.Time) int {
	queries := []string{
		`SELECT json_extract(body, '$.client'), json_extract(body, '$.service'), json_extract(body, '$.metric'), json_extract(body, '$.score'), COUNT(*)
		 FROM records WHERE kind = 'satisfaction.survey' AND t >= ? AND t < ? GROUP BY 1, 2, 3, 4`,
		`SELECT json_extract(body, '$.client'), json_extract(body, '$.service'), json_extract(body, '$.type'), COUNT(*)
		 FROM records WHERE kind = 'satisfaction.case' AND t >= ? AND t < ? GROUP BY 1, 2, 3`,
		`SELECT json_extract(body, '$.client'), json_extract(body, '$.service'), COUNT(*), SUM(json_extract(body, '$.has_sl') IS 1), SUM(json_extract(body, '$.within_sl') IS 1)
		 FROM records WHERE kind = 'satisfaction.closure' AND t >= ? AND t < ? GROUP BY 1, 2`,
	}
	n := 0
	for _, q := range queries {
		rows, err := db.Query(q, from.UnixMicro(), to.UnixMicro())
		require.NoError(b, err)
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			require.NoError(b, rows.Scan(ptrs...))
			n++
		}
		require.NoError(b, rows.Err())
		rows.Close()
	}
	return n
}

func filepathSplit(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			if i > start {
				out = append(out, s[start:i])
			}
			start = i + 1
		}
	}
	return out
}
