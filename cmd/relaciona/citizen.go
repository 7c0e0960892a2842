package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/citizen"
	"github.com/relaciona/relaciona/report"
)

func init() {
	register(command{
		name:    "citizen",
		summary: [2]string{"relacionamiento con la ciudadanía (MIPG) y PQRSD: informes", "citizen relationship (MIPG) and PQRSD: reports"},
		run:     runCitizen,
	})
}

const citizenUsage = "relaciona citizen report --config deployment.yaml [--out DIR] [--format html,csv,xlsx,md] [--at %s] [--quarter %s] [--personal]"

// runCitizen dispatches "relaciona citizen SUBCOMMAND".
func runCitizen(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] != "report" {
		fmt.Fprintln(e.stderr, e.lang.T("Uso: ", "Usage: ")+e.lang.Tf(citizenUsage, citizenUsage, "AAAA-MM-DD", "AAAA-Tn", "YYYY-MM-DD", "YYYY-Qn"))
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return 0
		}
		return 2
	}
	return runCitizenReport(ctx, e, args[1:])
}

// parseQuarter reads "2026-Q1" (or "2026-T1", "2026-1").
func parseQuarter(s string) (int, int, bool) {
	y, q, ok := strings.Cut(strings.ToUpper(strings.TrimSpace(s)), "-")
	if !ok {
		return 0, 0, false
	}
	q = strings.TrimLeft(q, "QT")
	year, err1 := strconv.Atoi(y)
	n, err2 := strconv.Atoi(q)
	if err1 != nil || err2 != nil || n < 1 || n > 4 || year < calendar.MinYear || year > calendar.MaxYear {
		return 0, 0, false
	}
	return year, n, true
}

// runCitizenReport writes the quarterly PQRSD report, the characterisation,
// the offer adjustment and the indicators into OUT (an index.html linking
// the pages, plus CSV folders, XLSX and Markdown as asked), for a quarter
// (by default the last finished quarter before --at, which defaults to
// today in the deployment's time zone), and prints one line per file
// written. Requesters' names are redacted unless --personal.
func runCitizenReport(ctx context.Context, e *env, args []string) int {
	L := e.lang
	fs := flag.NewFlagSet("citizen report", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfgPath := fs.String("config", "deployment.yaml", L.T("archivo de despliegue", "deployment file"))
	out := fs.String("out", "reports", L.T("carpeta de salida", "output folder"))
	formats := fs.String("format", "html,csv,xlsx", L.T("formatos: html, csv, xlsx, md", "formats: html, csv, xlsx, md"))
	atFlag := fs.String("at", "", L.T("fecha de corte AAAA-MM-DD (por omisión, hoy)", "cut-off date YYYY-MM-DD (default: today)"))
	quarterFlag := fs.String("quarter", "", L.T("trimestre AAAA-Tn (por omisión, el último terminado)", "quarter YYYY-Qn (default: the last finished one)"))
	personal := fs.Bool("personal", false, L.T("incluir datos personales (nombres de peticionarios)", "include personal data (requesters' names)"))
	addCSVDialectFlag(fs, e)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, L.Tf("argumento inesperado %q", "unexpected argument %q", fs.Arg(0)))
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(e.stderr, "relaciona citizen report:", err)
		return 1
	}
	want, ok := parseFormats(e, *formats)
	if !ok {
		return 2
	}
	year, quarter := 0, 0
	if *quarterFlag != "" {
		var ok bool
		if year, quarter, ok = parseQuarter(*quarterFlag); !ok {
			fmt.Fprintln(e.stderr, L.Tf("--quarter %q: use AAAA-Tn, p. ej. 2026-T1", "--quarter %q: use YYYY-Qn, e.g. 2026-Q1", *quarterFlag))
			return 2
		}
	}
	d, err := openDeployment(ctx, e, *cfgPath)
	if err != nil {
		return fail(err)
	}
	defer d.Close()
	path, ok := d.dep.ProcessPath(citizen.Kind)
	if !ok {
		return fail(fmt.Errorf("%s", L.Tf("%s no nombra un archivo del proceso de ciudadanía (processes.citizen)", "%s names no citizen process file (processes.citizen)", *cfgPath)))
	}
	cfg, err := citizen.LoadConfig(path, L)
	if err != nil {
		return fail(err)
	}
	loc, err := d.dep.Location()
	if err != nil {
		return fail(err)
	}
	at := calendar.DateOf(time.Now().In(loc))
	if *atFlag != "" {
		if at, err = calendar.ParseDate(*atFlag); err != nil {
			return fail(err)
		}
	}
	if year == 0 {
		year, quarter = at.Year, (int(at.Month)-1)/3 // the last finished quarter
		if quarter == 0 {
			year, quarter = year-1, 4
		}
	}
	s, err := citizen.New(d.store, cfg, d.cal, citizen.WithLocation(loc), citizen.WithTickets(d.tickets), citizen.WithLang(L), citizen.WithLogger(d.log.Named("citizen")))
	if err != nil {
		return fail(err)
	}
	pages, err := s.Pages(ctx, citizen.ReportOptions{Year: year, Quarter: quarter, At: at, Lang: L, Redact: !*personal})
	if err != nil {
		return fail(err)
	}
	files, err := writeCitizenReports(*out, cfg.Entity, pages, want, e)
	if err != nil {
		return fail(err)
	}
	for _, f := range files {
		fmt.Fprintln(e.stdout, f)
	}
	return 0
}

// writeCitizenReports writes pages in the formats of want under dir and
// returns the paths written.
func writeCitizenReports(dir, entity string, pages []report.Page, want map[string]bool, e *env) ([]string, error) {
	if err := prepareReportDir(dir); err != nil {
		return nil, err
	}
	L := e.lang
	var files []string
	if want["html"] {
		index := report.Document{Lang: L, Title: L.Tf("Relacionamiento con la ciudadanía · %s", "Citizen relationship · %s", entity),
			Sections: []report.Section{{Title: L.T("Informes", "Reports"), Blocks: []report.Block{report.Paragraph{
				Text: L.T("PQRSD del trimestre, caracterización publicada, ajuste de la oferta institucional e indicadores de seguimiento.",
					"Quarterly PQRSD, published characterisation, institutional offer adjustment and follow-up indicators."),
			}}}}}
		if err := report.Site(dir, index, pages); err != nil {
			return nil, err
		}
		files = append(files, filepath.Join(dir, "index.html"))
		for _, p := range pages {
			files = append(files, filepath.Join(dir, p.Slug+".html"))
		}
	}
	for _, p := range pages {
		if want["csv"] {
			sub := filepath.Join(dir, p.Slug)
			if err := report.WriteCSVs(sub, p.Doc, e.csvOptions()...); err != nil {
				return nil, err
			}
			files = append(files, sub+string(filepath.Separator))
		}
		for _, f := range []string{"xlsx", "md"} {
			if !want[f] {
				continue
			}
			name := filepath.Join(dir, p.Slug+"."+f)
			if err := createFile(name, func(w *os.File) error {
				if f == "xlsx" {
					return report.XLSX(w, p.Doc)
				}
				return report.Markdown(w, p.Doc)
			}); err != nil {
				return nil, err
			}
			files = append(files, name)
		}
	}
	return files, nil
}
