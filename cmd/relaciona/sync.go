package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/ticketsync"
)

func init() {
	register(command{
		name:    "sync",
		summary: [2]string{"trae al almacén los tickets que cambiaron en el sistema de tickets", "pulls the tickets the ticket system changed into the store"},
		run:     runSync,
	})
}

// runSync is `relaciona sync --config deployment.yaml`: an incremental
// ticket sync (package ticketsync) with progress on stderr, a line rewritten
// in place on a terminal and plain lines otherwise, and a summary on stdout.
func runSync(ctx context.Context, e *env, args []string) int {
	fs := e.flags("sync", e.lang.T("--config deployment.yaml [--source NOMBRE] [--batch N] [--overlap DURACIÓN]", "--config deployment.yaml [--source NAME] [--batch N] [--overlap DURATION]"))
	cfg := fs.String("config", "", e.lang.T("archivo de despliegue (deployment.yaml)", "deployment file (deployment.yaml)"))
	source := fs.String("source", "", e.lang.T("nombre del sistema de tickets en el almacén (por omisión, el del URL)", "name of the ticket system in the store (default: from its URL)"))
	batch := fs.Int("batch", 1000, e.lang.T("tickets por lote atómico", "tickets per atomic batch"))
	overlap := fs.Duration("overlap", 2*time.Minute, e.lang.T("cuánto antes del punto de control vuelve a leer", "how far before the checkpoint to read again"))
	if code, ok := fs.parse(args); !ok {
		return code
	}
	if *cfg == "" || fs.NArg() > 0 {
		return fs.usageError("")
	}
	if *batch < 1 {
		return fs.usageError(e.lang.Tf("relaciona sync: --batch %d debe ser positivo", "relaciona sync: --batch %d must be positive", *batch))
	}
	d, err := openDeployment(ctx, e, *cfg)
	if err != nil {
		fmt.Fprintln(e.stderr, "relaciona sync:", relaciona.ErrorText(err, e.lang))
		return 1
	}
	defer d.Close()
	name := *source
	if name == "" {
		name = sourceName(d.dep.Tickets.URL)
	}
	p := newSyncProgress(e.stderr, e.lang)
	res, err := ticketsync.Sync(ctx, d.tickets, d.store, ticketsync.Options{
		Source: name, BatchSize: *batch, Overlap: *overlap, Progress: p.update, Log: d.log.Named("sync"),
	})
	p.finish()
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(e.stderr, e.lang.Tf("relaciona sync: interrumpido; quedan guardados %d tickets y el punto de control que los cubre", "relaciona sync: interrupted; %d tickets are stored with the checkpoint that covers them", res.Written))
			return 1
		}
		fmt.Fprintln(e.stderr, "relaciona sync:", relaciona.ErrorText(err, e.lang))
		return 1
	}
	rate := 0.0
	if s := res.Elapsed.Seconds(); s > 0 {
		rate = float64(res.Seen) / s
	}
	fmt.Fprintln(e.stdout, e.lang.Tf("%s: %d tickets leídos, %d escritos, %d sin cambios, en %s (%.0f tickets/s); punto de control %s",
		"%s: %d tickets read, %d written, %d unchanged, in %s (%.0f tickets/s); checkpoint %s",
		name, res.Seen, res.Written, res.Unchanged, res.Elapsed.Round(time.Millisecond), rate, checkpointText(res.Checkpoint, e.lang)))
	return 0
}

func checkpointText(t time.Time, lang relaciona.Lang) string {
	if t.IsZero() {
		return lang.T("ninguno", "none")
	}
	return t.UTC().Format(time.RFC3339)
}

// sourceName derives a source name from a tickets URL: its scheme, or for
// a plugin the binary's name without "relaciona-tickets-".
func sourceName(u string) string {
	scheme, rest, _ := strings.Cut(u, "://")
	name := scheme
	if scheme == "plugin" {
		p, _, _ := strings.Cut(rest, "?")
		name = strings.TrimPrefix(path.Base(p), "relaciona-tickets-")
	}
	name = strings.Map(func(r rune) rune {
		if r == ':' || r == '/' || r == ' ' {
			return '-'
		}
		return r
	}, name)
	if name == "" || name == "." {
		name = "tickets"
	}
	return name
}

// syncProgress shows a sync's advance: on a terminal one line rewritten in
// place, otherwise a plain line at most every few seconds.
type syncProgress struct {
	w     io.Writer
	lang  relaciona.Lang
	tty   bool
	last  time.Time
	shown bool
	every time.Duration
}

func newSyncProgress(w io.Writer, lang relaciona.Lang) *syncProgress {
	p := &syncProgress{w: w, lang: lang, every: 2 * time.Second}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.tty, p.every = true, 100*time.Millisecond
	}
	return p
}

func (p *syncProgress) line(pr ticketsync.Progress) string {
	eta := p.lang.T("ETA desconocida", "ETA unknown")
	if pr.ETA >= 0 {
		eta = "ETA " + pr.ETA.Round(time.Second).String()
	}
	return p.lang.Tf("sync: %d tickets leídos, %d escritos, %.0f tickets/s, %s", "sync: %d tickets read, %d written, %.0f tickets/s, %s",
		pr.Seen, pr.Written, pr.Rate, eta)
}

func (p *syncProgress) update(pr ticketsync.Progress) {
	if pr.Done {
		return // the summary says it
	}
	now := time.Now()
	if p.shown && now.Sub(p.last) < p.every {
		return
	}
	p.last, p.shown = now, true
	if p.tty {
		fmt.Fprintf(p.w, "\r\033[K%s", p.line(pr))
		return
	}
	fmt.Fprintln(p.w, p.line(pr))
}

func (p *syncProgress) finish() {
	if p.tty && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
