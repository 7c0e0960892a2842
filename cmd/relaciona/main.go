// Command relaciona validates configurations, computes business-day
// calendars, runs the demo agency on the embedded default store, runs an
// agency's periodic job, syncs tickets, writes reports and checks third-party
// plugins.
//
// Usage:
//
//	relaciona [--lang es|en] [--log-level LEVEL] [--version] COMMAND [ARGS]
//
// Run "relaciona --help" for the list of commands, "relaciona COMMAND
// --help" for a command's options and "relaciona --version" for the
// version. Messages are in Spanish by default; --lang en (or
// RELACIONA_LANG=en) switches to English.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"slices"
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
	// langChosen is set when --lang (or RELACIONA_LANG) chose the
	// language; otherwise an opened deployment's lang: gives it.
	langChosen bool
	log        hclog.Logger
	csvDialect report.Dialect // set by --csv-dialect (addCSVDialectFlag)
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
	fs.Usage = func() {} // usage prints the help, in one style
	langFlag := fs.String("lang", os.Getenv("RELACIONA_LANG"), "idioma de los mensajes: es o en / message language: es or en")
	level := fs.String("log-level", defaultLogLevel, "nivel de registro: trace, debug, info, warn, error / log level")
	showVersion := fs.Bool("version", false, "muestra la versión / prints the version")
	perr := fs.Parse(args)
	lang, err := relaciona.ParseLang(*langFlag)
	if err != nil {
		fmt.Fprintln(stderr, "relaciona:", relaciona.ErrorText(err, relaciona.Spanish))
		return 2
	}
	e := &env{
		stdout:     stdout,
		stderr:     stderr,
		lang:       lang,
		langChosen: *langFlag != "",
		log: hclog.New(&hclog.LoggerOptions{
			Name:   "relaciona",
			Level:  hclog.LevelFromString(*level),
			Output: stderr,
		}),
	}
	switch {
	case errors.Is(perr, flag.ErrHelp):
		usage(e, stdout, fs)
		return 0
	case perr != nil:
		usage(e, stderr, fs)
		return 2
	case *showVersion:
		fmt.Fprintf(stdout, "relaciona %s\n", version())
		return 0
	}
	rest := fs.Args()
	if len(rest) == 0 {
		usage(e, stderr, fs)
		return 2
	}
	if isHelp(rest[0]) {
		if len(rest) > 1 { // "relaciona help COMMAND" is "relaciona COMMAND --help"
			if c, ok := commands[rest[1]]; ok {
				return c.run(ctx, e, []string{"--help"})
			}
		}
		usage(e, stdout, fs)
		return 0
	}
	c, ok := commands[rest[0]]
	if !ok {
		fmt.Fprintln(stderr, lang.Tf("relaciona: comando desconocido %q; vea «relaciona --help»", "relaciona: unknown command %q; see \"relaciona --help\"", rest[0]))
		return 2
	}
	return c.run(ctx, e, rest[1:])
}

// usage writes the CLI's help to w: the usage line, every command with
// its summary, and the global options.
func usage(e *env, w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, e.lang.T("Uso: relaciona [--lang es|en] [--log-level NIVEL] [--version] COMANDO [ARGUMENTOS]", "Usage: relaciona [--lang es|en] [--log-level LEVEL] [--version] COMMAND [ARGS]"))
	fmt.Fprintln(w)
	fmt.Fprintln(w, e.lang.T("Comandos:", "Commands:"))
	names := slices.Sorted(maps.Keys(commands))
	for _, n := range names {
		fmt.Fprintf(w, "  %-13s %s\n", n, e.lang.T(commands[n].summary[0], commands[n].summary[1]))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, e.lang.T("Opciones globales:", "Global options:"))
	out := fs.Output()
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(out)
	fmt.Fprintln(w)
	fmt.Fprintln(w, e.lang.T("Vea «relaciona COMANDO --help» para las opciones de cada comando.", "See \"relaciona COMMAND --help\" for each command's options."))
}
