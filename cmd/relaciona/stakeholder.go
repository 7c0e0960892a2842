package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
	"github.com/relaciona/relaciona/stakeholder"
)

func init() {
	register(command{
		name:    "stakeholder",
		summary: [2]string{"partes interesadas (SFIA RLMT): importar el registro, informes", "stakeholders (SFIA RLMT): import the register, reports"},
		run:     runStakeholder,
	})
}

func stakeholderUsage(e *env) {
	fmt.Fprintln(e.stderr, e.lang.T(
		"Uso: relaciona stakeholder report --config deployment.yaml [--out DIR] [--format html,csv,xlsx,md] [--at AAAA-MM-DD] [--from AAAA-MM-DD] [--personal]\n     relaciona stakeholder import --config deployment.yaml --actor ID [--at AAAA-MM-DD]",
		"Usage: relaciona stakeholder report --config deployment.yaml [--out DIR] [--format html,csv,xlsx,md] [--at YYYY-MM-DD] [--from YYYY-MM-DD] [--personal]\n       relaciona stakeholder import --config deployment.yaml --actor ID [--at YYYY-MM-DD]"))
}

// runStakeholder dispatches "relaciona stakeholder SUBCOMMAND".
func runStakeholder(ctx context.Context, e *env, args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "report":
			return runStakeholderReport(ctx, e, args[1:])
		case "import":
			return runStakeholderImport(ctx, e, args[1:])
		case "-h", "--help", "help":
			stakeholderUsage(e)
			return 0
		}
	}
	stakeholderUsage(e)
	return 2
}

// stakeholderService opens the deployment and the stakeholder service on
// its store.
func stakeholderService(ctx context.Context, e *env, cfgPath string) (*deployed, *stakeholder.Service, error) {
	d, err := openDeployment(ctx, e, cfgPath)
	if err != nil {
		return nil, nil, err
	}
	path, ok := d.dep.ProcessPath(stakeholder.Kind)
	if !ok {
		d.Close()
		return nil, nil, fmt.Errorf("%s", e.lang.Tf("%s no nombra un archivo del proceso de partes interesadas (processes.stakeholder)",
			"%s names no stakeholder process file (processes.stakeholder)", cfgPath))
	}
	cfg, err := stakeholder.LoadConfig(path, e.lang)
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	s, err := stakeholder.New(d.store, cfg, d.cal, stakeholder.WithLang(e.lang))
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	return d, s, nil
}

// runStakeholderReport writes the stakeholder report for --at (default:
// today) into --out, in the formats asked for, and prints each path
// written. Personal data is redacted unless --personal.
func runStakeholderReport(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("stakeholder report", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfgPath := fs.String("config", "deployment.yaml", e.lang.T("archivo de despliegue", "deployment file"))
	out := fs.String("out", "reports", e.lang.T("carpeta de salida", "output folder"))
	formats := fs.String("format", "html,csv,xlsx", e.lang.T("formatos: html, csv, xlsx, md", "formats: html, csv, xlsx, md"))
	atFlag := fs.String("at", "", e.lang.T("fecha del informe AAAA-MM-DD (por omisión, hoy)", "report date YYYY-MM-DD (default: today)"))
	fromFlag := fs.String("from", "", e.lang.T("inicio del periodo AAAA-MM-DD (por omisión, un año antes)", "start of the period YYYY-MM-DD (default: a year before)"))
	personal := fs.Bool("personal", false, e.lang.T("incluir nombres de personas", "include the names of people"))
	addCSVDialectFlag(fs, e)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	want, ok := parseFormats(e, *formats)
	if !ok {
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(e.stderr, "relaciona stakeholder report:", err)
		return 1
	}
	d, svc, err := stakeholderService(ctx, e, *cfgPath)
	if err != nil {
		return fail(err)
	}
	defer d.Close()
	at, err := cutOffDate(*atFlag, d.dep.Location)
	if err != nil {
		return fail(err)
	}
	var from calendar.Date
	if *fromFlag != "" {
		if from, err = calendar.ParseDate(*fromFlag); err != nil {
			return fail(err)
		}
	}
	doc, err := svc.Report(ctx, stakeholder.ReportOptions{At: at, From: from, Lang: e.lang, Redact: !*personal})
	if err != nil {
		return fail(err)
	}
	if err := prepareReportDir(*out); err != nil {
		return fail(err)
	}
	for _, f := range []string{"html", "md", "xlsx", "csv"} {
		if !want[f] {
			continue
		}
		var name string
		switch f {
		case "csv":
			name = filepath.Join(*out, "stakeholder-csv")
			err = report.WriteCSVs(name, doc, e.csvOptions()...)
			name += string(filepath.Separator)
		default:
			name = filepath.Join(*out, "stakeholder."+f)
			err = createFile(name, func(w *os.File) error {
				switch f {
				case "html":
					return report.HTML(w, doc)
				case "md":
					return report.Markdown(w, doc)
				}
				return report.XLSX(w, doc)
			})
		}
		if err != nil {
			return fail(err)
		}
		fmt.Fprintln(e.stdout, name)
	}
	return 0
}

// runStakeholderImport loads the register of the stakeholder file (groups,
// stakeholders with their first assessment, plan items as drafts) into the
// deployment's store, as the person --actor of the file's directory, with
// that person's SFIA level. Records already there are left as they are.
func runStakeholderImport(ctx context.Context, e *env, args []string) int {
	fs := flag.NewFlagSet("stakeholder import", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	cfgPath := fs.String("config", "deployment.yaml", e.lang.T("archivo de despliegue", "deployment file"))
	actorID := fs.String("actor", "", e.lang.T("persona (de actors) que importa; necesita los niveles del contenido", "person (from actors) who imports; needs the levels the content calls for"))
	atFlag := fs.String("at", "", e.lang.T("fecha de la importación AAAA-MM-DD (por omisión, hoy)", "date of the import YYYY-MM-DD (default: today)"))
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *actorID == "" {
		stakeholderUsage(e)
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintln(e.stderr, "relaciona stakeholder import:", err)
		return 1
	}
	d, svc, err := stakeholderService(ctx, e, *cfgPath)
	if err != nil {
		return fail(err)
	}
	defer d.Close()
	level := 0
	for _, a := range svc.Config().Actors {
		if a.ID == *actorID {
			level = a.Level
		}
	}
	if level == 0 {
		return fail(fmt.Errorf("%s", e.lang.Tf("persona desconocida %q: agréguela en actors", "unknown person %q: add them to actors", *actorID)))
	}
	at, err := cutOffDate(*atFlag, d.dep.Location)
	if err != nil {
		return fail(err)
	}
	sum, err := svc.Import(ctx, relaciona.Actor{ID: *actorID, Level: level}, time.Date(at.Year, at.Month, at.Day, 12, 0, 0, 0, time.UTC))
	if err != nil {
		return fail(err)
	}
	fmt.Fprintln(e.stdout, e.lang.Tf("importados: %d grupos, %d partes interesadas, %d análisis, %d actividades del plan (borradores); %d ya existían",
		"imported: %d groups, %d stakeholders, %d assessments, %d plan items (drafts); %d already there",
		sum.Groups, sum.Stakeholders, sum.Assessments, sum.PlanItems, sum.Skipped))
	return 0
}
