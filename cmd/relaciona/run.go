package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/report"
	"github.com/relaciona/relaciona/ticketsync"
)

func init() {
	register(command{
		name:    "run",
		summary: [2]string{"ejecuta la tarea periódica de la agencia para una fecha", "runs the agency's periodic job for a date"},
		run:     runRun,
	})
}

// runRun is the job an agency schedules (cron, a systemd timer): for a date
// it verifies the audit chain, syncs the ticket system into the store, runs
// each process's periodic work (escalations, overdue flags) and writes the
// reports that fall due: those of the month before the date's, once.
// Every step is idempotent for a date, so a second run the same day
// changes nothing, and a run interrupted (Ctrl-C) is completed by the next.
// Exit status: 0 on success, 1 on failure, 2 on bad usage.
func runRun(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfgPath := fs.String("config", "", e.lang.T("archivo de despliegue (obligatorio)", "deployment file (required)"))
	atFlag := fs.String("at", "", e.lang.T("fecha AAAA-MM-DD (por omisión, hoy en la zona horaria del despliegue)", "date YYYY-MM-DD (default: today in the deployment's time zone)"))
	outFlag := fs.String("out", "", e.lang.T("carpeta de informes (por omisión, reports/ junto al despliegue)", "report folder (default: reports/ beside the deployment)"))
	waitFlag := fs.Duration("wait", 0, e.lang.T("si otra ejecución está en curso, esperar hasta este tiempo (p. ej. 10m) a que termine; por omisión no se espera", "if another run is in progress, wait up to this long (e.g. 10m) for it to end; by default no wait"))
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *cfgPath == "" || fs.NArg() > 0 || *waitFlag < 0 {
		fmt.Fprintln(e.stderr, e.lang.T("Uso: relaciona run --config deployment.yaml [--at AAAA-MM-DD] [--out DIR] [--wait DURACIÓN]", "Usage: relaciona run --config deployment.yaml [--at YYYY-MM-DD] [--out DIR] [--wait DURATION]"))
		return 2
	}
	fail := func(err error) int {
		e.log.Error("run failed", "error", err)
		fmt.Fprintln(e.stderr, "relaciona run:", err)
		return 1
	}
	d, err := openDeployment(ctx, e, *cfgPath)
	if err != nil {
		return fail(err)
	}
	defer d.Close()
	unlock, busy, err := lockRun(ctx, e, d, *cfgPath, *waitFlag)
	if err != nil {
		return fail(err)
	}
	if busy {
		return 0
	}
	defer func() {
		if err := unlock(); err != nil {
			e.log.Warn("releasing the run lock failed", "error", err)
		}
	}()
	loc, err := d.dep.Location()
	if err != nil {
		return fail(err)
	}
	date := calendar.DateOf(time.Now().In(loc))
	if *atFlag != "" {
		if date, err = calendar.ParseDate(*atFlag); err != nil {
			fmt.Fprintln(e.stderr, "relaciona run: --at:", err)
			return 2
		}
	}
	out := *outFlag
	if out == "" {
		out = filepath.Join(d.dep.Dir, "reports")
	}
	res, err := runJob(ctx, e, d, date, loc, out)
	if err != nil {
		return fail(err)
	}
	for _, l := range res {
		fmt.Fprintln(e.stdout, l)
	}
	return 0
}

// runJob does the work of `relaciona run` for date and returns one line per
// step for the person who reads the output.
func runJob(ctx context.Context, e *env, d *deployed, date calendar.Date, loc *time.Location, out string) ([]string, error) {
	L := e.lang
	var lines []string
	audit, err := d.store.VerifyAudit(ctx)
	if err != nil {
		return nil, err
	}
	if !audit.Last.IsZero() {
		if last := calendar.DateOf(audit.Last.In(loc)); last.After(date) {
			return nil, fmt.Errorf("%w: %s", relaciona.ErrInvalid, L.Tf(
				"la fecha %s es anterior a los datos: el último cambio registrado es del %s",
				"the date %s is before the data: the last recorded change is of %s", date, last))
		}
	}
	e.log.Info("audit chain verified", "entries", audit.Entries)
	lines = append(lines, L.Tf("auditoría: %d entradas, cadena verificada", "audit: %d entries, chain verified", audit.Entries))
	// The chain proves the log; the records must also be the ones it
	// describes, or a change made behind the store's back would feed this
	// run's reports.
	checked, err := d.store.VerifyRecords(ctx)
	if err != nil {
		var rm *relaciona.RecordMismatch
		if errors.As(err, &rm) {
			return nil, fmt.Errorf("%w: %s", relaciona.ErrAuditBroken, L.Tf(
				"el registro %s/%s no es el que escribió la auditoría (%s): no se ejecuta nada sobre datos alterados",
				"record %s/%s is not the one the audit log wrote (%s): nothing runs on altered data", rm.Kind, rm.ID, rm.Problem(L)))
		}
		return nil, err
	}
	e.log.Info("records verified against the audit log", "records", checked)
	lines = append(lines, L.Tf("registros: %d, coinciden con la auditoría", "records: %d, matching the audit log", checked))

	actor := relaciona.SystemActor()
	res, err := ticketsync.Sync(ctx, d.tickets, d.store, ticketsync.Options{Source: ticketSource(d.dep.Tickets.URL), Actor: actor})
	if err != nil {
		return nil, err
	}
	e.log.Info("tickets synced", "written", res.Written, "read", res.Seen)
	lines = append(lines, L.Tf("tickets: %d leídos, %d guardados", "tickets: %d read, %d stored", res.Seen, res.Written))

	jobs, err := openJobs(d, L)
	if err != nil {
		return nil, err
	}
	for _, j := range jobs {
		summary, err := j.run(ctx, actor, date)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", j.kind, err)
		}
		e.log.Info("process run", "process", j.kind, "date", date.String())
		lines = append(lines, fmt.Sprintf("%s: %s", j.kind, summary))
	}

	written, err := issueMonthlyReports(ctx, d, jobs, date, L, out)
	if err != nil {
		return nil, err
	}
	if written != "" {
		e.log.Info("reports written", "dir", written)
		lines = append(lines, L.Tf("informes del mes: %s", "month's reports: %s", written))
	}
	return lines, nil
}

// ticketSource names the ticket system in synced record ids: its URL scheme.
func ticketSource(url string) string {
	for i := 0; i+2 < len(url); i++ {
		if url[i:i+3] == "://" {
			return url[:i]
		}
	}
	return "tickets"
}

// reportIssue records that a month's reports were written, so a later run
// does not write them again.
type reportIssue struct {
	Month string    `json:"month"`
	Dir   string    `json:"dir"`
	At    time.Time `json:"at"`
}

// issueMonthlyReports writes, once, the reports of the month before date's
// month into out/YYYY-MM: a site with a page per process, and CSV and XLSX
// of every table. The files are written to a temporary folder renamed into
// place, and the store records the issue only after that, so an
// interrupted run leaves either nothing or the whole set, and the next run
// finishes the work. It returns the folder written, or "" when the reports
// were already issued.
func issueMonthlyReports(ctx context.Context, d *deployed, jobs []processJob, date calendar.Date, L relaciona.Lang, out string) (string, error) {
	first := calendar.Date{Year: date.Year, Month: date.Month, Day: 1}
	monthEnd := first.AddDays(-1)
	id := fmt.Sprintf("%04d-%02d", monthEnd.Year, int(monthEnd.Month))
	// Whatever an interrupted run left is removed first: this run holds
	// the run lock, so nothing under out is still being written.
	if _, err := removeLeftovers(out, 3, 0); err != nil {
		return "", err
	}
	issues := relaciona.NewCollection(d.store, "run.reports", func(r *reportIssue) relaciona.Key { return relaciona.Key{ID: r.Month} })
	if _, err := issues.Get(ctx, id); err == nil {
		return "", nil
	} else if !errors.Is(err, relaciona.ErrNotFound) {
		return "", err
	}
	var pages []report.Page
	for _, j := range jobs {
		ps, err := j.reports(ctx, monthEnd, L)
		if err != nil {
			return "", fmt.Errorf("%s: %w", j.kind, err)
		}
		pages = append(pages, ps...)
	}
	if len(pages) == 0 {
		return "", nil
	}
	dir := filepath.Join(out, id)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(out, tempDirPrefix)
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	index := report.Document{
		Title: L.Tf("Informes de %s: %s", "Reports of %s: %s", id, d.dep.Name),
		Lang:  L,
	}
	var items []report.KeyFigure
	for _, p := range pages {
		items = append(items, report.KeyFigure{Label: p.Doc.Title, Value: report.Text(p.Slug + ".html")})
		if err := writeTables(filepath.Join(tmp, "data", p.Slug), p.Doc); err != nil {
			return "", err
		}
	}
	index.Sections = []report.Section{{ID: "informes", Title: L.T("Informes", "Reports"), Blocks: []report.Block{report.KeyFigures{Items: items}}}}
	if err := report.Site(tmp, index, pages); err != nil {
		return "", err
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dir); err != nil {
		return "", err
	}
	b := d.store.Begin(relaciona.SystemActor(), "run.reports", "monthly reports of "+id).At(time.Date(date.Year, date.Month, date.Day, 0, 0, 0, 0, time.UTC))
	issues.Put(b, &reportIssue{Month: id, Dir: dir, At: time.Date(date.Year, date.Month, date.Day, 0, 0, 0, 0, time.UTC)}, 0)
	if _, err := b.Commit(ctx); err != nil {
		return "", err
	}
	return dir, nil
}

// writeTables writes every table of doc as CSV (with a BOM, for Excel) and
// the whole document as one XLSX workbook, into dir.
func writeTables(dir string, doc report.Document) error {
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
