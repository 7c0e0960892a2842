package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
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
// it verifies the store against its audit log (from the head file's last
// verified point: see verifyStore; a record altered before that point and
// untouched since is found only by the full check, `relaciona verify` or
// audit.verify: full), syncs the ticket system into the store, runs
// each process's periodic work (escalations, overdue flags) and writes the
// reports that fall due: those of the month before the date's, once.
// First of all, when the deployment has a personal_data section, it
// anonymises the personal data whose retention has passed on the date
// (the sweep of `relaciona subject sweep`). Every step is idempotent for
// a date, so a second run the same day changes nothing, and a run
// interrupted (Ctrl-C) is completed by the next.
// Exit status: 0 on success, 1 on failure, 2 on bad usage.
func runRun(ctx context.Context, e *env, args []string) int {
	fs := e.flags("run", e.lang.T("--config deployment.yaml [--at AAAA-MM-DD] [--out DIR]", "--config deployment.yaml [--at YYYY-MM-DD] [--out DIR]"))
	cfgPath := fs.String("config", "", e.lang.T("archivo de despliegue (obligatorio)", "deployment file (required)"))
	atFlag := fs.String("at", "", e.lang.T("fecha AAAA-MM-DD (por omisión, hoy en la zona horaria del despliegue)", "date YYYY-MM-DD (default: today in the deployment's time zone)"))
	outFlag := fs.String("out", "", e.lang.T("carpeta de informes (por omisión, reports/ junto al despliegue)", "report folder (default: reports/ beside the deployment)"))
	waitFlag := fs.Duration("wait", 0, e.lang.T("si otra ejecución está en curso, esperar hasta este tiempo (p. ej. 10m) a que termine; por omisión no se espera", "if another run is in progress, wait up to this long (e.g. 10m) for it to end; by default no wait"))
	addCSVDialectFlag(fs.FlagSet, e)
	if code, ok := fs.parse(args); !ok {
		return code
	}
	if *cfgPath == "" || fs.NArg() > 0 {
		return fs.usageError("")
	}
	if *waitFlag < 0 {
		return fs.usageError(e.lang.T("--wait no puede ser negativo", "--wait cannot be negative"))
	}
	fail := func(err error) int {
		e.log.Error("run failed", "error", err)
		fmt.Fprintln(e.stderr, "relaciona run:", relaciona.ErrorText(err, e.lang))
		return 1
	}
	d, loc, done, busy, err := openLocked(ctx, e, *cfgPath, *waitFlag)
	if err != nil {
		return fail(err)
	}
	if busy {
		return 0
	}
	defer done()
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
// step for the person who reads the output. Outside items that broke a rule
// (tickets that cannot be filed) do not fail it: they wait in quarantine,
// listed at the end of the output and in the month's report index, and are
// tried again by every run. It fails only when the run could not do its
// work.
func runJob(ctx context.Context, e *env, d *deployed, date calendar.Date, loc *time.Location, out string) ([]string, error) {
	L := e.lang
	var lines []string
	// The store must not have gone back from the head file, and the
	// records changed since the last verified point must be the ones the
	// log describes, or a change made behind the store's back would feed
	// this run's reports.
	head, verified, err := verifyStore(ctx, e, d, false)
	if err != nil {
		return nil, err
	}
	lines = append(lines, verified...)
	// The guard: a run writes its changes dated on its date (escalations,
	// overdue flags, filings, reports), so a date before the log's last
	// change would write history backwards, on data that already holds
	// later events: a mistyped --at must not do that. Every step of a run
	// is stamped within its date, so running the date of the last change
	// again passes. A date before the data that run already did (a run
	// repeated, or an earlier date run again) is not refused either: its
	// work is in the store, so the run only verifies and lists the
	// quarantine, and writes nothing. Only a date before the data that was
	// never run is refused.
	var done bool
	if last := head.Seen.Time; !last.IsZero() {
		if last := calendar.DateOf(last.In(loc)); last.After(date) {
			if done, err = runDone(ctx, d.store, date); err != nil {
				return nil, err
			}
			if !done {
				return nil, fmt.Errorf("%w: %s", relaciona.ErrInvalid, L.Tf(
					"la fecha %s es anterior a los datos: el último cambio registrado es del %s",
					"the date %s is before the data: the last recorded change is of %s", date, last))
			}
		}
	}
	if done {
		lines = append(lines, L.Tf("la fecha %s ya se ejecutó y los datos van más allá: no se escribe nada",
			"the date %s was already run and the data goes beyond it: nothing is written", date))
		waiting, err := waitingItems(ctx, d.store)
		if err != nil {
			return nil, err
		}
		return append(lines, quarantineLines(waiting, loc, L)...), nil
	}

	actor := relaciona.SystemActor()
	at := runStamp(date, loc)
	jobs, err := openJobs(d, L)
	if err != nil {
		return nil, err
	}
	// Personal data past their retention are anonymised first, so that
	// the sync below copies the anonymised tickets of the built-in desk
	// in this run, not the next; the run is marked done only at its end,
	// so a run killed mid-sweep is finished by the next.
	swept, ran, err := sweepRetention(ctx, d, jobs, date, at)
	if err != nil {
		return nil, err
	}
	if ran {
		e.log.Info("retention sweep", "records", swept.Records, "held", swept.Held)
		lines = append(lines, sweepLine(swept, L))
	}
	res, err := ticketsync.Sync(ctx, d.tickets, d.store, ticketsync.Options{Source: ticketSource(d.dep.Tickets.URL), Actor: actor, At: at})
	if err != nil {
		return nil, err
	}
	e.log.Info("tickets synced", "written", res.Written, "read", res.Seen)
	lines = append(lines, L.Tf("tickets: %d leídos, %d guardados", "tickets: %d read, %d stored", res.Seen, res.Written))

	for _, j := range jobs {
		summary, err := j.Run(ctx, actor, date)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", j.kind, err)
		}
		e.log.Info("process run", "process", j.kind, "date", date.String())
		lines = append(lines, fmt.Sprintf("%s: %s", j.kind, summary))
	}

	// The notices the processes wrote, and those due for a retry, go out
	// under the same lock; late legal notices are said on stderr.
	disp, closeChannels, err := openDispatcher(ctx, e, d, date, loc)
	if err != nil {
		return nil, err
	}
	sent, err := disp.Dispatch(ctx)
	closeChannels()
	if err != nil {
		return nil, err
	}
	lines = append(lines, dispatchLine(sent, L))
	printLate(e.stderr, sent.Late, L)

	// Items that broke a rule during sync or filing wait in quarantine: the
	// run did its work, so it succeeds, and says what waits.
	waiting, err := waitingItems(ctx, d.store)
	if err != nil {
		return nil, err
	}
	if len(waiting) > 0 {
		e.log.Warn("items wait in quarantine", "count", len(waiting))
	}
	written, err := issueMonthlyReports(ctx, d, jobs, date, L, out, waiting, e.csvOptions()...)
	if err != nil {
		return nil, err
	}
	if written != "" {
		e.log.Info("reports written", "dir", written)
		lines = append(lines, L.Tf("informes del mes: %s", "month's reports: %s", written))
	}
	if err := markRunDone(ctx, d.store, date, at); err != nil {
		return nil, err
	}
	// The head file now also holds this run's own writes, so removing them
	// before the next run is found; their records are verified then.
	if err := advanceHead(ctx, d, head); err != nil {
		return nil, err
	}
	return append(lines, quarantineLines(waiting, loc, L)...), nil
}

// runStamp is the time of the changes of a run for date that are not
// dated by a process itself (the sync, the run register): now when date is
// today, otherwise the last instant of date, so that like the processes'
// own changes they fall on the date the run is for, and the log's last
// change is never after it.
func runStamp(date calendar.Date, loc *time.Location) time.Time {
	now := time.Now()
	if calendar.DateOf(now.In(loc)) == date {
		return now
	}
	return endOfDay(date, loc)
}

// runDay records that run completed its work for a date.
type runDay struct {
	Date string    `json:"date"`
	At   time.Time `json:"at"`
}

func runDays(s *relaciona.Store) *relaciona.Collection[runDay] {
	return relaciona.NewCollection(s, "run.day", func(r *runDay) relaciona.Key { return relaciona.Key{ID: r.Date} })
}

// runDone reports whether run completed its work for date.
func runDone(ctx context.Context, s *relaciona.Store, date calendar.Date) (bool, error) {
	_, err := runDays(s).Get(ctx, date.String())
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, relaciona.ErrNotFound):
		return false, nil
	}
	return false, err
}

// markRunDone records, once, that run completed its work for date.
func markRunDone(ctx context.Context, s *relaciona.Store, date calendar.Date, at time.Time) error {
	if done, err := runDone(ctx, s, date); err != nil || done {
		return err
	}
	b := s.Begin(relaciona.SystemActor(), "run.day", "periodic job of "+date.String()).At(at)
	runDays(s).Put(b, &runDay{Date: date.String(), At: at.UTC()}, 0)
	_, err := b.Commit(ctx)
	if errors.Is(err, relaciona.ErrConflict) {
		return nil // another run of the same date recorded it
	}
	return err
}

// waitingItems reads the items waiting in quarantine, oldest first.
func waitingItems(ctx context.Context, s *relaciona.Store) ([]relaciona.Quarantined, error) {
	var out []relaciona.Quarantined
	for q, err := range relaciona.NewQuarantine(s).Waiting(ctx, "") {
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}

// quarantineLines are the output lines about the items in quarantine: how
// many, then one line each (source, id, field and rule, since when).
func quarantineLines(waiting []relaciona.Quarantined, loc *time.Location, L relaciona.Lang) []string {
	if len(waiting) == 0 {
		return nil
	}
	lines := []string{L.Tf("en cuarentena: %d elementos esperan corrección en su origen; se reintentan en cada ejecución",
		"in quarantine: %d items wait to be fixed at their source; each run tries them again", len(waiting))}
	for _, q := range waiting {
		lines = append(lines, "  "+L.Tf("%s (desde %s, %d intentos)", "%s (since %s, %d attempts)",
			q.String(), calendar.DateOf(q.First.In(loc)), q.Attempts))
	}
	return lines
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
// month into out/YYYY-MM, in the layout of `relaciona report` (a site
// with a page per report, csv/ and xlsx/). The files are written to a
// temporary folder renamed into place, and the store records the issue only after that, so an
// interrupted run leaves either nothing or the whole set, and the next run
// finishes the work. It returns the folder written, or "" when the reports
// were already issued.
func issueMonthlyReports(ctx context.Context, d *deployed, jobs []processJob, date calendar.Date, L relaciona.Lang, out string, waiting []relaciona.Quarantined, csvOpts ...report.CSVOption) (string, error) {
	period := process.LastMonth(date, L)
	period.Redact = true
	id := fmt.Sprintf("%04d-%02d", period.To.Year, int(period.To.Month))
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
		ps, err := j.Reports(ctx, period)
		if err != nil {
			return "", fmt.Errorf("%s: %w", j.kind, err)
		}
		pages = append(pages, oneHeadline(ps)...)
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
	index := reportIndex(L.Tf("Informes de %s: %s", "Reports of %s: %s", id, d.dep.Name), pages, L)
	loc, err := d.dep.Location()
	if err != nil {
		return "", err
	}
	auditSection, err := auditHeadSection(d, L)
	if err != nil {
		return "", err
	}
	notices, err := notificationsSection(ctx, d.store, period, loc, L)
	if err != nil {
		return "", err
	}
	index.Sections = append(index.Sections, notices, quarantineSection(waiting, loc, L), auditSection)
	if _, err := writeReports(tmp, index, pages, allFormats, csvOpts...); err != nil {
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

// quarantineSection is the index's section on the items waiting in
// quarantine when the reports were issued: source, item, field, rule,
// since when and attempts. Never their content.
func quarantineSection(waiting []relaciona.Quarantined, loc *time.Location, L relaciona.Lang) report.Section {
	sec := report.Section{ID: "cuarentena", Title: L.T("En cuarentena", "In quarantine")}
	if len(waiting) == 0 {
		sec.Blocks = []report.Block{report.Paragraph{Text: L.T("Ningún elemento espera en cuarentena.", "No item waits in quarantine.")}}
		return sec
	}
	rows := make([][]report.Cell, 0, len(waiting))
	for _, q := range waiting {
		first := q.First.In(loc)
		rows = append(rows, []report.Cell{report.Text(q.Source), report.Text(q.ItemID), report.Text(q.Field), report.Text(q.Rule),
			report.Date(time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, time.UTC)), report.Int(int64(q.Attempts))})
	}
	sec.Blocks = []report.Block{
		report.Note{Kind: report.NoteWarning, Title: L.Tf("%d elementos en cuarentena", "%d items in quarantine", len(waiting)),
			Text: L.T("No cumplen una regla y no se procesaron: corríjalos en su origen y la próxima ejecución los procesa.",
				"They break a rule and were not processed: fix them at their source and the next run processes them.")},
		report.Table{ID: "cuarentena-elementos", Caption: L.T("Elementos en cuarentena", "Items in quarantine"), Columns: []report.Column{
			{Name: L.T("Origen", "Source")}, {Name: L.T("Elemento", "Item")}, {Name: L.T("Campo", "Field")},
			{Name: L.T("Regla", "Rule")}, {Name: L.T("Desde", "Since"), Kind: report.KindDate}, {Name: L.T("Intentos", "Attempts"), Kind: report.KindInt},
		}, Rows: rows},
	}
	return sec
}
