package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/demo"
	"github.com/relaciona/relaciona/process"
)

func init() {
	register(command{
		name:    "demo",
		summary: [2]string{"construye una agencia de demostración y escribe sus informes", "builds a demo agency and writes its reports"},
		run:     runDemo,
	})
}

// runDemo builds the demo agency (see package internal/demo) and prints a
// summary with the paths it wrote.
func runDemo(ctx context.Context, e *env, args []string) int {
	fs := e.flags("demo", e.lang.T("[--out CARPETA] [--seed N] [--lang es|en]", "[--out FOLDER] [--seed N] [--lang es|en]"))
	out := fs.String("out", "relaciona-demo", e.lang.T("carpeta de salida (almacén, configuración e informes)", "output folder (store, configuration and reports)"))
	seed := fs.Uint64("seed", 1, e.lang.T("semilla: la misma semilla construye la misma agencia", "seed: the same seed builds the same agency"))
	if code, ok := fs.parse(args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		return fs.usageError(e.lang.Tf("relaciona demo: argumento inesperado %q", "relaciona demo: unexpected argument %q", fs.Arg(0)))
	}
	lang := e.lang // --lang sets the reports' language too
	p := newProgress(e.stderr, e.lang)
	sum, err := demo.Run(ctx, demo.Options{Dir: *out, Seed: *seed, Lang: lang, Progress: p.update}, demo.All()...)
	p.finish()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(e.stderr, e.lang.T("relaciona demo: interrumpido; el informe anterior, si lo había, quedó intacto", "relaciona demo: interrupted; the previous report, if any, is intact"))
			return 1
		}
		fmt.Fprintln(e.stderr, "relaciona demo:", relaciona.ErrorText(err, e.lang))
		return 1
	}
	if err := demoReports(ctx, e, sum); err != nil {
		fmt.Fprintln(e.stderr, "relaciona demo:", relaciona.ErrorText(err, e.lang))
		return 1
	}
	w := e.stdout
	fmt.Fprintln(w, e.lang.Tf("Agencia de demostración lista en %s (%.1f s).", "Demo agency ready in %s (%.1f s).", *out, sum.Elapsed.Seconds()))
	names := slices.Sorted(maps.Keys(sum.Counts))
	for _, n := range names {
		var parts []string
		keys := slices.Sorted(maps.Keys(sum.Counts[n]))
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s %d", k, sum.Counts[n][k]))
		}
		fmt.Fprintf(w, "  %-13s %s\n", n, strings.Join(parts, ", "))
	}
	fmt.Fprintln(w, e.lang.Tf("  auditoría     %d entradas, cadena verificada", "  audit         %d entries, chain verified", sum.AuditCount))
	fmt.Fprintln(w, e.lang.Tf("  registros     %d, coinciden con la auditoría", "  records       %d, matching the audit log", sum.RecordCount))
	n := sum.Notifications
	fmt.Fprintln(w, e.lang.Tf("  avisos        %d enviados (%d respuestas en tickets; %d correos, %d de ellos resúmenes diarios), %d fallidos, %d retenidos por el límite de contacto, %d pendientes",
		"  notices       %d sent (%d ticket replies; %d e-mails, %d of them daily digests), %d failed, %d held back by the contact limit, %d pending",
		n.Sent, n.Tickets, n.Emails, n.Digests, n.Failed, n.Held, n.Pending))
	fmt.Fprintln(w, e.lang.Tf("Despliegue: %s", "Deployment: %s", sum.Deployment))
	fmt.Fprintln(w, e.lang.Tf("Correo:     %s (%d archivos .eml: ábralos con su programa de correo)", "Mail:       %s (%d .eml files: open them with your mail reader)", n.MailDir, n.Emails))
	fmt.Fprintln(w, e.lang.Tf("Almacén:    %s", "Store:      %s", sum.StoreFile))
	fmt.Fprintln(w, e.lang.Tf("Informe:    %s (el de «relaciona report --period %d»)", "Report:     %s (that of \"relaciona report --period %d\")", filepath.Join(sum.ReportDir, "index.html"), sum.Year))
	fmt.Fprintln(w, e.lang.Tf("Datos:      %s y %s (CSV y XLSX de cada tabla)", "Data:       %s and %s (CSV and XLSX of every table)", filepath.Join(sum.ReportDir, "csv"), filepath.Join(sum.ReportDir, "xlsx")))
	fmt.Fprintln(w, e.lang.Tf("Pruebe: relaciona report --config %s --period %d", "Try:    relaciona report --config %s --period %d", sum.Deployment, sum.Year))
	fmt.Fprintln(w, e.lang.Tf("        relaciona run --config %s --at %d-01-05", "        relaciona run --config %s --at %d-01-05", sum.Deployment, sum.Year+1))
	return 0
}

// demoReports writes the product reports of the deployment the demo left,
// for the demo's year, as its report folder: what `relaciona report
// --config DEPLOYMENT --period YEAR --out REPORTDIR` writes, by the same
// code (openDeployment, openJobs, deploymentSite, writeReports), personal
// data left out as there by default. The reports are written into a
// temporary folder beside it that then replaces the folder whole, so the
// folder holds nothing else (no page of an older demo) and a failure
// leaves the earlier report as it was.
func demoReports(ctx context.Context, e *env, sum *demo.Summary) error {
	d, err := openDeployment(ctx, e, sum.Deployment)
	if err != nil {
		return err
	}
	defer d.Close()
	period, err := process.ParsePeriod(strconv.Itoa(sum.Year), e.lang)
	if err != nil {
		return err
	}
	period.Redact = true
	jobs, err := openJobs(d, e.lang)
	if err != nil {
		return err
	}
	index, pages, err := deploymentSite(ctx, d, jobs, period, true)
	if err != nil {
		return err
	}
	parent := filepath.Dir(sum.ReportDir)
	if _, err := removeLeftovers(parent, 0, staleAfter); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, tempDirPrefix)
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if err := os.Chmod(tmp, 0o755); err != nil { // MkdirTemp's 0700 would hide the site from a web server
		return err
	}
	if _, err := writeReports(tmp, index, pages, allFormats, e.csvOptions()...); err != nil {
		return err
	}
	if err := os.RemoveAll(sum.ReportDir); err != nil {
		return err
	}
	return os.Rename(tmp, sum.ReportDir)
}

// progress shows the demo's advance: a rewritten line on a terminal, plain
// lines (one per process step) otherwise.
type progress struct {
	w      io.Writer
	lang   relaciona.Lang
	tty    bool
	start  time.Time
	last   string
	active bool
}

func newProgress(w io.Writer, lang relaciona.Lang) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	return &progress{w: w, lang: lang, tty: tty, start: time.Now()}
}

func (p *progress) update(s demo.Progress) {
	line := fmt.Sprintf("[%3d%%] %-12s %s", 100*s.Done/max(s.Total, 1), s.Process, s.Step)
	if p.tty {
		fmt.Fprintf(p.w, "\r%-60s", line)
		p.active = true
		return
	}
	fmt.Fprintln(p.w, line)
}

func (p *progress) finish() {
	if p.tty && p.active {
		fmt.Fprintf(p.w, "\r%-60s\r", "")
	}
}
