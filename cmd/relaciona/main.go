// Command relaciona validates configurations, computes business-day
// calendars, runs the demo agency on the embedded default store, runs an
// agency's periodic job, syncs tickets, writes reports and checks third-party
// plugins.
//
// Usage:
//
//	relaciona [--lang es|en] [--log-level LEVEL] COMMAND [ARGS]
//
// Run "relaciona help" for the list of commands. Messages are in Spanish by
// default; --lang en (or RELACIONA_LANG=en) switches to English.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"syscall"

	"github.com/hashicorp/go-hclog"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/report"
)

// env is what every command receives: its output streams, the language of
// user-facing text and the logger (which writes to stderr, never stdout).
type env struct {
	stdout, stderr io.Writer
	lang           relaciona.Lang
	log            hclog.Logger
	csvDialect     report.Dialect // set by --csv-dialect (addCSVDialectFlag)
}

// command is one subcommand. run returns the process exit status.
type command struct {
	name    string
	summary [2]string // Spanish, English
	run     func(ctx context.Context, e *env, args []string) int
}

var commands = map[string]command{}

// defaultLogLevel is the level when neither --log-level nor a deployment
// file sets one.
const defaultLogLevel = "warn"

// register adds a subcommand; each command's file calls it from init.
func register(c command) { commands[c.name] = c }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run parses the global flags and dispatches to a subcommand.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("relaciona", flag.ContinueOnError)
	fs.SetOutput(stderr)
	langFlag := fs.String("lang", os.Getenv("RELACIONA_LANG"), "idioma de los mensajes: es o en / message language: es or en")
	level := fs.String("log-level", defaultLogLevel, "nivel de registro: trace, debug, info, warn, error / log level")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	lang, err := relaciona.ParseLang(*langFlag)
	if err != nil {
		fmt.Fprintln(stderr, "relaciona:", err)
		return 2
	}
	e := &env{
		stdout: stdout,
		stderr: stderr,
		lang:   lang,
		log: hclog.New(&hclog.LoggerOptions{
			Name:   "relaciona",
			Level:  hclog.LevelFromString(*level),
			Output: stderr,
		}),
	}
	rest := fs.Args()
	if len(rest) == 0 || rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help" {
		usage(e)
		if len(rest) == 0 {
			return 2
		}
		return 0
	}
	c, ok := commands[rest[0]]
	if !ok {
		fmt.Fprintln(stderr, lang.Tf("relaciona: comando desconocido %q; vea «relaciona help»", "relaciona: unknown command %q; see \"relaciona help\"", rest[0]))
		return 2
	}
	return c.run(ctx, e, rest[1:])
}

func usage(e *env) {
	fmt.Fprintln(e.stdout, e.lang.T("Uso: relaciona [--lang es|en] [--log-level NIVEL] COMANDO [ARGUMENTOS]", "Usage: relaciona [--lang es|en] [--log-level LEVEL] COMMAND [ARGS]"))
	fmt.Fprintln(e.stdout)
	fmt.Fprintln(e.stdout, e.lang.T("Comandos:", "Commands:"))
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s := commands[n].summary[0]
		if e.lang == relaciona.English {
			s = commands[n].summary[1]
		}
		fmt.Fprintf(e.stdout, "  %-10s %s\n", n, s)
	}
}
