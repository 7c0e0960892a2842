package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

func init() {
	register(command{
		name:    "report",
		summary: [2]string{"escribe los informes de los procesos de un despliegue para un periodo", "writes the reports of a deployment's processes for a period"},
		run: func(ctx context.Context, e *env, args []string) int {
			return runReport(ctx, e, "report", "", args)
		},
	})
}

// runReport writes the reports of the deployment's processes (or of
// --process, or of kind when the command is a process's alias) for a
// period into --out, in one layout: index.html and a page per report,
// csv/ and xlsx/ (md/ on request). It prints each path written. Personal
// data is left out unless --personal. Exit status: 0, 1 on failure, 2 on
// bad usage.
func runReport(ctx context.Context, e *env, name, kind string, args []string) int {
	L := e.lang
	synopsis := L.T("[--config deployment.yaml] [--process P,...] [--period AAAA-MM|AAAA-Tn|AAAA | --from AAAA-MM-DD --to AAAA-MM-DD] [--out DIR] [--format html,csv,xlsx,md] [--personal]",
		"[--config deployment.yaml] [--process P,...] [--period YYYY-MM|YYYY-Qn|YYYY | --from YYYY-MM-DD --to YYYY-MM-DD] [--out DIR] [--format html,csv,xlsx,md] [--personal]")
	if kind != "" {
		synopsis = strings.Replace(synopsis, "[--process P,...] ", "", 1)
	}
	fs := e.flags(name, synopsis)
	cfgPath := fs.String("config", "deployment.yaml", L.T("archivo de despliegue", "deployment file"))
	procFlag := kind
	if kind == "" {
		fs.StringVar(&procFlag, "process", "", L.Tf("procesos, separados por comas (por omisión, todos los del despliegue): %s", "processes, comma-separated (default: all the deployment names): %s", strings.Join(process.Kinds(), ", ")))
	}
	periodFlag := fs.String("period", "", L.T("periodo: un mes AAAA-MM, un trimestre AAAA-Tn o un año AAAA (por omisión, el último mes terminado)", "period: a month YYYY-MM, a quarter YYYY-Qn or a year YYYY (default: the last finished month)"))
	fromFlag := fs.String("from", "", L.T("inicio del periodo AAAA-MM-DD (por omisión, el primer día del mes de --to)", "start of the period YYYY-MM-DD (default: the first day of --to's month)"))
	toFlag := fs.String("to", "", L.T("fin del periodo AAAA-MM-DD (por omisión, hoy)", "end of the period YYYY-MM-DD (default: today)"))
	out := fs.String("out", "reports", L.T("carpeta de salida", "output folder"))
	formats := fs.String("format", "html,csv,xlsx", L.T("formatos: html, csv, xlsx, md", "formats: html, csv, xlsx, md"))
	personal := fs.Bool("personal", false, L.T("incluir datos personales (nombres de personas y contactos)", "include personal data (names of people and contacts)"))
	addCSVDialectFlag(fs.FlagSet, e)
	if code, ok := fs.parse(args); !ok {
		return code
	}
	L = e.lang
	if fs.NArg() > 0 {
		return fs.usageError(L.Tf("argumento inesperado %q", "unexpected argument %q", fs.Arg(0)))
	}
	want, err := parseFormats(*formats, L)
	if err != nil {
		return fs.usageError(err.Error())
	}
	if *periodFlag != "" && (*fromFlag != "" || *toFlag != "") {
		return fs.usageError(L.T("use --period o --from/--to, no ambos", "use --period or --from/--to, not both"))
	}
	var kinds []string
	for _, k := range strings.Split(procFlag, ",") {
		if k = strings.TrimSpace(k); k == "" {
			continue
		}
		if _, ok := process.Lookup(k); !ok {
			return fs.usageError(L.Tf("proceso desconocido %q: use %s", "unknown process %q: use %s", k, strings.Join(process.Kinds(), ", ")))
		}
		kinds = append(kinds, k)
	}
	// The period is checked before anything is opened, with an end of
	// its own when --to leaves it to today (in the deployment's time zone,
	// known once it is opened).
	to := *toFlag
	if to == "" && *fromFlag != "" {
		to = *fromFlag
	}
	if *periodFlag != "" || to != "" {
		if _, err := reportPeriod(*periodFlag, *fromFlag, to, calendar.Date{}, L); err != nil {
			return fs.usageError(relaciona.ErrorText(err, L))
		}
	}
	d, err := openDeployment(ctx, e, *cfgPath)
	if err != nil {
		return e.fail(name, err)
	}
	defer d.Close()
	L = e.lang // the deployment's language, unless --lang chose one
	for _, k := range kinds {
		if _, ok := d.dep.ProcessPath(k); !ok {
			return e.fail(name, fmt.Errorf("%s", L.Tf("%s no nombra un archivo del proceso %s (processes.%s)", "%s names no %s process file (processes.%s)", *cfgPath, k, k)))
		}
	}
	loc, err := d.dep.Location()
	if err != nil {
		return e.fail(name, err)
	}
	period, err := reportPeriod(*periodFlag, *fromFlag, *toFlag, calendar.DateOf(time.Now().In(loc)), L)
	if err != nil {
		return fs.usageError(relaciona.ErrorText(err, L))
	}
	period.Redact = !*personal
	jobs, err := openJobs(d, L, kinds...)
	if err != nil {
		return e.fail(name, err)
	}
	index, pages, err := deploymentSite(ctx, d, jobs, period, len(kinds) == 0)
	if err != nil {
		return e.fail(name, err)
	}
	if err := prepareReportDir(*out); err != nil {
		return e.fail(name, err)
	}
	files, err := writeReports(*out, index, pages, want, e.csvOptions()...)
	if err != nil {
		return e.fail(name, err)
	}
	for _, f := range files {
		fmt.Fprintln(e.stdout, f)
	}
	return 0
}

// deploymentSite builds the report site of jobs for period: each
// process's pages and, for the whole deployment (whole: no --process), the
// pages that read every process at once (process.SharedReports: the one
// commitments register's report); its index, with the notifications
// section. relaciona report and relaciona demo write the same site by it.
func deploymentSite(ctx context.Context, d *deployed, jobs []processJob, period process.Period, whole bool) (report.Document, []report.Page, error) {
	var shared []report.Page
	if whole {
		var reported []string
		for _, j := range jobs {
			reported = append(reported, j.kind)
		}
		var err error
		if shared, err = process.SharedReports(ctx, d.store, period, reported...); err != nil {
			return report.Document{}, nil, err
		}
	}
	index, pages, err := buildReports(ctx, jobs, period, d.dep.Name, shared...)
	if err != nil {
		return report.Document{}, nil, err
	}
	loc, err := d.dep.Location()
	if err != nil {
		return report.Document{}, nil, err
	}
	notices, err := notificationsSection(ctx, d.store, period, loc, period.Lang)
	if err != nil {
		return report.Document{}, nil, err
	}
	index.Sections = append(index.Sections, notices)
	return index, pages, nil
}

// reportPeriod resolves the period flags: --period, or --from/--to (--to
// defaulting to today, --from to the first day of --to's month), or the
// last finished month before today.
func reportPeriod(period, from, to string, today calendar.Date, L relaciona.Lang) (process.Period, error) {
	if period != "" {
		return process.ParsePeriod(period, L)
	}
	if from == "" && to == "" {
		return process.LastMonth(today, L), nil
	}
	p := process.Period{To: today, Lang: L}
	var err error
	if to != "" {
		if p.To, err = calendar.ParseDate(to); err != nil {
			return p, fmt.Errorf("--to: %w", err)
		}
	}
	p.From = calendar.Date{Year: p.To.Year, Month: p.To.Month, Day: 1}
	if from != "" {
		if p.From, err = calendar.ParseDate(from); err != nil {
			return p, fmt.Errorf("--from: %w", err)
		}
	}
	return p, p.Validate()
}

// buildReports asks each process for its reports of period and returns
// them, then the shared pages (process.SharedReports), with their index
// page.
func buildReports(ctx context.Context, jobs []processJob, period process.Period, deployment string, shared ...report.Page) (index report.Document, pages []report.Page, err error) {
	L := period.Lang
	for _, j := range jobs {
		ps, err := j.Reports(ctx, period)
		if err != nil {
			return index, nil, fmt.Errorf("%s: %w", j.kind, err)
		}
		pages = append(pages, oneHeadline(ps)...)
	}
	pages = append(pages, shared...)
	return reportIndex(L.Tf("Informes del %s al %s: %s", "Reports from %s to %s: %s", period.From, period.To, deployment), pages, L), pages, nil
}

// oneHeadline leaves the index one chart per process: the headline of its
// first page (its first chart, unless the page names another); a later
// page that names none gets report.NoHeadline.
func oneHeadline(ps []report.Page) []report.Page {
	for i := 1; i < len(ps); i++ {
		if ps[i].Headline == "" {
			ps[i].Headline = report.NoHeadline
		}
	}
	return ps
}
