package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/demo"
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
	w := e.stdout
	fmt.Fprintln(w, e.lang.Tf("Agencia de demostración lista en %s (%.1f s).", "Demo agency ready in %s (%.1f s).", *out, sum.Elapsed.Seconds()))
	names := make([]string, 0, len(sum.Counts))
	for n := range sum.Counts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		var parts []string
		keys := make([]string, 0, len(sum.Counts[n]))
		for k := range sum.Counts[n] {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s %d", k, sum.Counts[n][k]))
		}
		fmt.Fprintf(w, "  %-13s %s\n", n, strings.Join(parts, ", "))
	}
	fmt.Fprintln(w, e.lang.Tf("  auditoría     %d entradas, cadena verificada", "  audit         %d entries, chain verified", sum.AuditCount))
	fmt.Fprintln(w, e.lang.Tf("  registros     %d, coinciden con la auditoría", "  records       %d, matching the audit log", sum.RecordCount))
	fmt.Fprintln(w, e.lang.Tf("Almacén:  %s", "Store:    %s", sum.StoreFile))
	fmt.Fprintln(w, e.lang.Tf("Informe:  %s", "Report:   %s", sum.Index))
	fmt.Fprintln(w, e.lang.Tf("Datos:    %s (CSV y XLSX de cada tabla)", "Data:     %s (CSV and XLSX of every table)", sum.ReportDir+string(os.PathSeparator)+"data"))
	return 0
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
