package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
	"github.com/relaciona/relaciona/satisfaction"
)

func init() {
	register(command{
		name:    "satisfaction",
		summary: [2]string{"satisfacción de clientes (Agesic): informes", "customer satisfaction (Agesic): reports"},
		run:     runSatisfaction,
	})
}

const satUsage = "relaciona satisfaction report --config deployment.yaml [--out DIR] [--format html,csv,xlsx,md] [--at %s] [--month %s] [--client ID] [--personal]"

// runSatisfaction dispatches "relaciona satisfaction SUBCOMMAND".
func runSatisfaction(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] != "report" {
		fmt.Fprintln(e.stderr, e.lang.T("Uso: ", "Usage: ")+e.lang.Tf(satUsage, satUsage, "AAAA-MM-DD", "AAAA-MM")+"")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return 0
		}
		return 2
	}
	return runSatisfactionReport(ctx, e, args[1:])
}

// runSatisfactionReport writes, for a month (by default the last finished
// month before --at, which defaults to today in the deployment's time
// zone), the monthly CMI survey report, the monthly standard service
// report of each client (or of --client) and the annual interview report of
// the month's year, in the formats asked for, under OUT. It prints one line
// per file written. Contact names are redacted unless --personal.
func runSatisfactionReport(ctx context.Context, e *env, args []string) int {
	L := e.lang
	fs := flag.NewFlagSet("satisfaction report", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfgPath := fs.String("config", "deployment.yaml", L.T("archivo de despliegue", "deployment file"))
	out := fs.String("out", "reports", L.T("carpeta de salida", "output folder"))
	formats := fs.String("format", "html,csv,xlsx", L.T("formatos: html, csv, xlsx, md", "formats: html, csv, xlsx, md"))
	atFlag := fs.String("at", "", L.T("fecha de corte AAAA-MM-DD (por omisión, hoy)", "cut-off date YYYY-MM-DD (default: today)"))
	monthFlag := fs.String("month", "", L.T("mes AAAA-MM (por omisión, el último mes terminado)", "month YYYY-MM (default: the last finished month)"))
	clientFlag := fs.String("client", "", L.T("solo el informe de servicio de este cliente", "only this client's service report"))
	personal := fs.Bool("personal", false, L.T("incluir datos personales (nombres de referentes)", "include personal data (contact names)"))
	addCSVDialectFlag(fs, e)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, L.Tf("argumento inesperado %q", "unexpected argument %q", fs.Arg(0)))
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(e.stderr, "relaciona satisfaction report:", err)
		return 1
	}
	want, ok := parseFormats(e, *formats)
	if !ok {
		return 2
	}
	var month satisfaction.Month
	if *monthFlag != "" {
		m, err := satisfaction.ParseMonth(*monthFlag)
		if err != nil {
			fmt.Fprintln(e.stderr, L.Tf("--month %q: use AAAA-MM", "--month %q: use YYYY-MM", *monthFlag))
			return 2
		}
		month = m
	}
	d, err := openDeployment(ctx, e, *cfgPath)
	if err != nil {
		return fail(err)
	}
	defer d.Close()
	path, ok := d.dep.ProcessPath(satisfaction.Kind)
	if !ok {
		return fail(fmt.Errorf("%s", L.Tf("%s no nombra un archivo del proceso de satisfacción (processes.satisfaction)", "%s names no satisfaction process file (processes.satisfaction)", *cfgPath)))
	}
	cfg, err := satisfaction.LoadConfig(path, L)
	if err != nil {
		return fail(err)
	}
	loc, err := d.dep.Location()
	if err != nil {
		return fail(err)
	}
	if month == (satisfaction.Month{}) {
		at := calendar.DateOf(time.Now().In(loc))
		if *atFlag != "" {
			if at, err = calendar.ParseDate(*atFlag); err != nil {
				return fail(err)
			}
		}
		month = satisfaction.MonthOf(at).Add(-1)
	}
	if *clientFlag != "" {
		if _, ok := cfg.Client(*clientFlag); !ok {
			return fail(fmt.Errorf("%s", L.Tf("cliente desconocido %q", "unknown client %q", *clientFlag)))
		}
	}
	p, err := satisfaction.New(d.store, cfg, d.cal, satisfaction.WithTickets(d.tickets), satisfaction.WithLocation(loc), satisfaction.WithLogger(d.log.Named("satisfaction")))
	if err != nil {
		return fail(err)
	}
	opts := satisfaction.ReportOptions{Redact: !*personal}
	type named struct {
		name string
		doc  func() (report.Document, error)
	}
	docs := []named{
		{"cmi-" + month.String(), func() (report.Document, error) { return p.CMIReport(ctx, month, L, opts) }},
		{fmt.Sprintf("entrevistas-%d", month.Year), func() (report.Document, error) { return p.InterviewReport(ctx, month.Year, L, opts) }},
	}
	for _, c := range cfg.Clients {
		if *clientFlag != "" && c.ID != *clientFlag {
			continue
		}
		docs = append(docs, named{"servicio-" + c.ID + "-" + month.String(), func() (report.Document, error) { return p.ServiceReport(ctx, c.ID, month, L, opts) }})
	}
	if err := prepareReportDir(*out); err != nil {
		return fail(err)
	}
	for _, n := range docs {
		doc, err := n.doc()
		if err != nil {
			return fail(err)
		}
		files, err := satWrite(*out, n.name, doc, want, e.csvOptions()...)
		if err != nil {
			return fail(err)
		}
		for _, f := range files {
			fmt.Fprintln(e.stdout, f)
		}
	}
	return 0
}

// satWrite writes doc as name.html, name.xlsx, name.md and the CSV folder
// name/ under dir (CSV with csvOpts), as want asks, and returns the paths
// written.
func satWrite(dir, name string, doc report.Document, want map[string]bool, csvOpts ...report.CSVOption) ([]string, error) {
	var files []string
	for _, f := range []string{"html", "xlsx", "md"} {
		if !want[f] {
			continue
		}
		path := filepath.Join(dir, name+"."+f)
		file, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		switch f {
		case "html":
			err = report.HTML(file, doc)
		case "xlsx":
			err = report.XLSX(file, doc)
		case "md":
			err = report.Markdown(file, doc)
		}
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return nil, err
		}
		files = append(files, path)
	}
	if want["csv"] {
		sub := filepath.Join(dir, name)
		if err := report.WriteCSVs(sub, doc, csvOpts...); err != nil {
			return nil, err
		}
		files = append(files, sub+string(filepath.Separator))
	}
	return files, nil
}
