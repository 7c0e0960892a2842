package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/relaciona/relaciona/alliance"
	"github.com/relaciona/relaciona/report"
)

func init() {
	register(command{
		name:    "alliance",
		summary: [2]string{"alianzas estratégicas OMIL (PS54): informes", "OMIL strategic alliances (PS54): reports"},
		run:     runAlliance,
	})
}

// runAlliance dispatches "relaciona alliance SUBCOMMAND".
func runAlliance(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] != "report" {
		fmt.Fprintln(e.stderr, e.lang.T("Uso: relaciona alliance report --config deployment.yaml [--out DIR] [--format html,csv,xlsx,md] [--at AAAA-MM-DD] [--office ID] [--personal]",
			"Usage: relaciona alliance report --config deployment.yaml [--out DIR] [--format html,csv,xlsx,md] [--at YYYY-MM-DD] [--office ID] [--personal]"))
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return 0
		}
		return 2
	}
	return runAllianceReport(ctx, e, args[1:])
}

// runAllianceReport writes the portfolio, coverage, review dossier and
// territorial study of each office (or the one asked for) into
// OUT/OFFICE/, in the formats asked for, and prints one line per file
// written. The territorial study's contacts are redacted unless --personal.
func runAllianceReport(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("alliance report", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfgPath := fs.String("config", "deployment.yaml", e.lang.T("archivo de despliegue", "deployment file"))
	out := fs.String("out", "reports", e.lang.T("carpeta de salida", "output folder"))
	formats := fs.String("format", "html,csv,xlsx", e.lang.T("formatos: html, csv, xlsx, md", "formats: html, csv, xlsx, md"))
	atFlag := fs.String("at", "", e.lang.T("fecha de corte AAAA-MM-DD (por omisión, hoy)", "cut-off date YYYY-MM-DD (default: today)"))
	officeFlag := fs.String("office", "", e.lang.T("solo esta oficina", "only this office"))
	personal := fs.Bool("personal", false, e.lang.T("incluir los datos personales de los contactos", "include the contacts' personal data"))
	addCSVDialectFlag(fs, e)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(e.stderr, "relaciona alliance report:", err)
		return 1
	}
	want, ok := parseFormats(e, *formats)
	if !ok {
		return 2
	}
	d, err := openDeployment(ctx, e, *cfgPath)
	if err != nil {
		return fail(err)
	}
	defer d.Close()
	path, ok := d.dep.ProcessPath("alliance")
	if !ok {
		return fail(fmt.Errorf("%s", e.lang.Tf("%s no nombra un archivo del proceso de alianzas (processes.alliance)", "%s names no alliance process file (processes.alliance)", *cfgPath)))
	}
	cfg, err := alliance.LoadConfig(path, e.lang)
	if err != nil {
		return fail(err)
	}
	at, err := cutOffDate(*atFlag, d.dep.Location)
	if err != nil {
		return fail(err)
	}
	s, err := alliance.New(d.store, cfg, d.cal, alliance.WithLang(e.lang))
	if err != nil {
		return fail(err)
	}
	var offices []string
	for _, o := range cfg.Offices {
		if *officeFlag == "" || o.ID == *officeFlag {
			offices = append(offices, o.ID)
		}
	}
	if len(offices) == 0 {
		return fail(fmt.Errorf("%s", e.lang.Tf("oficina desconocida %q", "unknown office %q", *officeFlag)))
	}
	for _, office := range offices {
		pages, err := s.Pages(ctx, alliance.ReportOptions{Office: office, At: at, Lang: e.lang, Redact: !*personal})
		if err != nil {
			return fail(err)
		}
		dir := filepath.Join(*out, office)
		files, err := writeAllianceReports(dir, office, pages, want, e)
		if err != nil {
			return fail(err)
		}
		for _, f := range files {
			fmt.Fprintln(e.stdout, f)
		}
	}
	return 0
}

// writeAllianceReports writes pages in the formats of want under dir and
// returns the paths written.
func writeAllianceReports(dir, office string, pages []report.Page, want map[string]bool, e *env) ([]string, error) {
	if err := prepareReportDir(dir); err != nil {
		return nil, err
	}
	var files []string
	if want["html"] {
		index := report.Document{Lang: e.lang, Title: e.lang.Tf("Alianzas estratégicas · %s", "Strategic alliances · %s", office),
			Sections: []report.Section{{Title: e.lang.T("Informes", "Reports"), Blocks: []report.Block{report.Paragraph{
				Text: e.lang.T("Cartera, cobertura de objetivos, expediente de revisión y Estudio Territorial.", "Portfolio, objective coverage, review dossier and territorial study."),
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
