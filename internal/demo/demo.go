// Package demo builds the demo agency of `relaciona demo`: a Colombian
// agency running the four processes for a year on the embedded default (a
// SQLite file and the built-in ticket desk), through the public APIs only.
//
// Each process contributes a Process: Setup writes its YAML configuration
// and registers what exists at the start of the year; Month adds that
// month's activity and then runs the process's periodic job at the month's
// last day, as an agency's scheduled `relaciona run` would; Report returns
// its page of the report site. Run drives them month by month and writes
// the site (index plus a page per process), and CSV and XLSX of every
// table.
//
// The demo is deterministic for a seed: every random choice comes from a
// generator seeded from the seed and the process name, and every business
// time is a date of the demo year, never the clock.
package demo

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	_ "github.com/relaciona/relaciona/plugins/desk" // desk:// tickets
	"github.com/relaciona/relaciona/report"
)

// Options configure a demo run.
type Options struct {
	Dir  string         // output folder: the store file, configurations and reports go here
	Seed uint64         // the same seed builds the same agency
	Lang relaciona.Lang // language of the reports
	Year int            // the demo year; 2026 when zero
	// Progress, when set, is called as the work advances.
	Progress func(Progress)
}

// Progress is one step of the demo.
type Progress struct {
	Process string
	Step    string
	Done    int // steps done so far, out of Total
	Total   int
}

// Env is what a Process works with.
type Env struct {
	Store   *relaciona.Store
	Tickets *relaciona.Tickets
	Cal     *calendar.Calendar
	Rand    *rand.Rand // this process's own generator
	Year    int
	Lang    relaciona.Lang
	Dir     string // where the process writes its configuration file
	Counts  map[string]int
}

// Count adds n to the named figure of the summary.
func (e *Env) Count(name string, n int) { e.Counts[name] += n }

// MonthEnd is the last day of month m of the demo year.
func (e *Env) MonthEnd(m time.Month) calendar.Date {
	return calendar.Date{Year: e.Year, Month: m + 1, Day: 1}.AddDays(-1)
}

// Day returns a date of month m of the demo year, day clamped to the month.
func (e *Env) Day(m time.Month, day int) calendar.Date {
	last := e.MonthEnd(m).Day
	return calendar.Date{Year: e.Year, Month: m, Day: min(max(day, 1), last)}
}

// At returns a time on date d at the given hour, in Bogotá time.
func (e *Env) At(d calendar.Date, hour int) time.Time {
	return time.Date(d.Year, d.Month, d.Day, hour, 0, 0, 0, bogota)
}

var bogota = time.FixedZone("COT", -5*3600)

// Process is one process's part of the demo.
type Process interface {
	// Name is the process kind: stakeholder, alliance, satisfaction, citizen.
	Name() string
	// Setup writes the configuration into env.Dir and registers the state
	// at the start of the year.
	Setup(ctx context.Context, env *Env) error
	// Month adds the month's activity and runs the periodic job at its end.
	Month(ctx context.Context, env *Env, m time.Month) error
	// Report returns the process's page of the report site, as of the end
	// of the year.
	Report(ctx context.Context, env *Env) (report.Document, error)
}

// Summary is what a run produced.
type Summary struct {
	StoreFile  string
	ReportDir  string
	Index      string
	Counts     map[string]map[string]int // per process
	Elapsed    time.Duration
	AuditCount int64
	// RecordCount is how many records were checked against the audit log
	// (relaciona.Store.VerifyRecords), all of them matching.
	RecordCount int64
}

// Run builds the demo agency with the given processes and writes its
// reports. An existing store file in opts.Dir is replaced; on failure, the
// report folder of an earlier run is left as it was.
func Run(ctx context.Context, opts Options, procs ...Process) (*Summary, error) {
	start := time.Now()
	if opts.Year == 0 {
		opts.Year = 2026
	}
	if opts.Dir == "" {
		return nil, relaciona.Invalid("out", "an output folder is required")
	}
	if len(procs) == 0 {
		return nil, relaciona.Invalid("processes", "no process to run")
	}
	if err := os.MkdirAll(opts.Dir, 0o755); err != nil {
		return nil, fmt.Errorf("demo: output folder: %w", err)
	}
	dbPath := filepath.Join(opts.Dir, "demo.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Remove(dbPath + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("demo: remove the previous demo store: %w", err)
		}
	}
	clock := time.Date(opts.Year, 1, 1, 0, 0, 0, 0, time.UTC)
	store, err := relaciona.OpenStore(ctx, "sqlite://"+dbPath, relaciona.WithClock(func() time.Time { return clock }))
	if err != nil {
		return nil, err
	}
	defer store.Close()
	tickets, err := relaciona.OpenTickets(ctx, "desk://", relaciona.WithTicketStore(store))
	if err != nil {
		return nil, err
	}
	defer tickets.Close()
	cal, err := calendar.New("CO", calendar.Options{})
	if err != nil {
		return nil, err
	}
	configDir := filepath.Join(opts.Dir, "config")
	if err := os.MkdirAll(configDir, 0o755); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}

	envs := make([]*Env, len(procs))
	for i, p := range procs {
		envs[i] = &Env{Store: store, Tickets: tickets, Cal: cal, Rand: rand.New(rand.NewPCG(opts.Seed, seedOf(p.Name()))),
			Year: opts.Year, Lang: opts.Lang, Dir: configDir, Counts: map[string]int{}}
	}
	total := len(procs) * 14
	done := 0
	step := func(p Process, s string) {
		done++
		if opts.Progress != nil {
			opts.Progress(Progress{Process: p.Name(), Step: s, Done: done, Total: total})
		}
	}
	for i, p := range procs {
		if err := p.Setup(ctx, envs[i]); err != nil {
			return nil, fmt.Errorf("demo: %s: setup: %w", p.Name(), err)
		}
		step(p, "setup")
	}
	for m := time.January; m <= time.December; m++ {
		clock = time.Date(opts.Year, m, 1, 0, 0, 0, 0, time.UTC)
		for i, p := range procs {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			if err := p.Month(ctx, envs[i], m); err != nil {
				return nil, fmt.Errorf("demo: %s: %s: %w", p.Name(), m, err)
			}
			step(p, m.String())
		}
	}

	reportDir := filepath.Join(opts.Dir, "report")
	tmpDir, err := os.MkdirTemp(opts.Dir, ".report-")
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	defer os.RemoveAll(tmpDir)
	var pages []report.Page
	for i, p := range procs {
		doc, err := p.Report(ctx, envs[i])
		if err != nil {
			return nil, fmt.Errorf("demo: %s: report: %w", p.Name(), err)
		}
		pages = append(pages, report.Page{Slug: p.Name(), Doc: doc})
		if err := writeData(filepath.Join(tmpDir, "data", p.Name()), doc); err != nil {
			return nil, fmt.Errorf("demo: %s: %w", p.Name(), err)
		}
		step(p, "report")
	}
	sum := &Summary{StoreFile: dbPath, ReportDir: reportDir, Index: filepath.Join(reportDir, "index.html"), Counts: map[string]map[string]int{}}
	for i, p := range procs {
		sum.Counts[p.Name()] = envs[i].Counts
	}
	audit, err := store.VerifyAudit(ctx)
	if err != nil {
		return nil, fmt.Errorf("demo: audit verification: %w", err)
	}
	sum.AuditCount = audit.Entries
	if sum.RecordCount, err = store.VerifyRecords(ctx); err != nil {
		return nil, fmt.Errorf("demo: record verification: %w", err)
	}
	if err := report.Site(tmpDir, indexDoc(opts, pages, sum, audit), pages); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(reportDir); err != nil {
		return nil, fmt.Errorf("demo: replace the previous report: %w", err)
	}
	if err := os.Rename(tmpDir, reportDir); err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}

func seedOf(name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(name))
	return h.Sum64()
}

// writeData writes every table of doc as CSV files and one XLSX workbook.
func writeData(dir string, doc report.Document) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := report.WriteCSVs(dir, doc, report.WithBOM()); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, filepath.Base(dir)+".xlsx"))
	if err != nil {
		return err
	}
	if err := report.XLSX(f, doc); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// indexDoc is the site's front page: one card per process and the audit
// verification.
func indexDoc(opts Options, pages []report.Page, sum *Summary, audit relaciona.AuditSummary) report.Document {
	l := opts.Lang
	doc := report.Document{
		Title:     l.T("Agencia de demostración: relaciona", "Demo agency: relaciona"),
		Subtitle:  l.Tf("Un año (%d) de los cuatro procesos, en el almacén SQLite incorporado", "One year (%d) of the four processes, on the embedded SQLite store", opts.Year),
		Lang:      l,
		Generated: time.Date(opts.Year, 12, 31, 23, 59, 0, 0, time.UTC),
	}
	doc.Sections = append(doc.Sections, report.Section{ID: "resumen", Title: l.T("Resumen", "Summary"), Blocks: []report.Block{
		report.Paragraph{Text: l.T("Cada proceso tiene su página (enlaces arriba), con sus gráficos y tablas; las tablas están también en CSV y XLSX en la carpeta data.",
			"Each process has its page (links above), with its charts and tables; the tables are also in CSV and XLSX in the data folder.")},
		report.KeyFigures{Items: []report.KeyFigure{{Label: l.T("Registro de auditoría", "Audit log"),
			Value:  report.Int(audit.Entries),
			Status: report.StatusGood,
			Note:   l.Tf("entradas; cadena verificada, cabeza %x", "entries; chain verified, head %x", audit.Head[:6])}}},
	}})
	// Each process's headline figures: the first key-figure block of its page.
	for _, p := range pages {
		for _, sec := range p.Doc.Sections {
			if kf, ok := firstKeyFigures(sec.Blocks); ok {
				doc.Sections = append(doc.Sections, report.Section{ID: "resumen-" + p.Slug, Title: p.Doc.Title, Blocks: []report.Block{kf}})
				break
			}
		}
	}
	return doc
}

func firstKeyFigures(bs []report.Block) (report.KeyFigures, bool) {
	for _, b := range bs {
		switch k := b.(type) {
		case report.KeyFigures:
			return k, true
		case *report.KeyFigures:
			if k != nil {
				return *k, true
			}
		}
	}
	return report.KeyFigures{}, false
}
