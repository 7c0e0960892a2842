package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/relaciona/relaciona"
)

// The CLI keeps the standard library's flag package, with this one helper
// so that every command has the same help: "-h" or "--help" prints the
// command's usage, summary and flags on stdout and exits 0; a bad flag or
// argument prints the error and the same help on stderr and exits 2.

// flags returns the flag set of command name (a command or "command
// subcommand"), whose synopsis (the arguments after the name, in e's
// language) heads its help. Every command also takes --lang, which
// overrides the global one.
func (e *env) flags(name, synopsis string) *cmdFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {} // help is printed by parse, in one style
	c := &cmdFlags{FlagSet: fs, e: e, synopsis: synopsis}
	fs.Func("lang", e.lang.T("idioma de los mensajes: `es` o en", "message language: `es` or en"), func(s string) error {
		l, err := relaciona.ParseLang(s)
		if err != nil {
			return err
		}
		c.lang = l
		return nil
	})
	return c
}

// cmdFlags is a command's flag set with its synopsis.
type cmdFlags struct {
	*flag.FlagSet
	e        *env
	synopsis string
	lang     relaciona.Lang
}

// parse parses args. It returns ok when the command should go on; else
// code is the exit status: 0 after -h/--help (help on stdout), 2 after a
// bad flag (the error and the help on stderr).
func (c *cmdFlags) parse(args []string) (code int, ok bool) {
	err := c.Parse(args)
	switch {
	case err == nil:
		if c.lang != "" {
			c.e.lang, c.e.langChosen = c.lang, true
		}
		return 0, true
	case errors.Is(err, flag.ErrHelp):
		c.help(c.e.stdout)
		return 0, false
	}
	c.help(c.e.stderr)
	return 2, false
}

// usageError prints msg and the command's help on stderr and returns 2.
func (c *cmdFlags) usageError(msg string) int {
	if msg != "" {
		fmt.Fprintln(c.e.stderr, msg)
	}
	c.help(c.e.stderr)
	return 2
}

// help writes the command's usage line, its summary and its flags to w.
func (c *cmdFlags) help(w io.Writer) {
	L := c.e.lang
	fmt.Fprintf(w, "%s relaciona %s %s\n", L.T("Uso:", "Usage:"), c.Name(), c.synopsis)
	top, _, _ := strings.Cut(c.Name(), " ")
	if cmd, ok := commands[top]; ok {
		fmt.Fprintf(w, "\n%s\n", L.T(cmd.summary[0], cmd.summary[1]))
	}
	fmt.Fprintf(w, "\n%s\n", L.T("Opciones:", "Options:"))
	out := c.Output()
	c.SetOutput(w)
	c.PrintDefaults()
	c.SetOutput(out)
}

// sub is one subcommand of a command that has several.
type sub struct {
	name, synopsis string // synopsis in the env's language
	summary        [2]string
	run            func(args []string) int
}

// dispatch runs the subcommand args[0] of command name. "relaciona NAME",
// an unknown subcommand or "relaciona NAME --help" print the list of
// subcommands, on stderr with status 2 or on stdout with status 0.
func (e *env) dispatch(name string, subs []sub, args []string) int {
	if len(args) > 0 {
		for _, s := range subs {
			if args[0] == s.name {
				return s.run(args[1:])
			}
		}
		if isHelp(args[0]) {
			e.subHelp(e.stdout, name, subs)
			return 0
		}
		fmt.Fprintln(e.stderr, e.lang.Tf("relaciona %s: subcomando desconocido %q", "relaciona %s: unknown subcommand %q", name, args[0]))
	}
	e.subHelp(e.stderr, name, subs)
	return 2
}

// subHelp writes the usage of each subcommand of name to w.
func (e *env) subHelp(w io.Writer, name string, subs []sub) {
	L := e.lang
	fmt.Fprintln(w, L.T("Uso:", "Usage:"))
	for _, s := range subs {
		fmt.Fprintf(w, "  relaciona %s %s %s\n", name, s.name, s.synopsis)
	}
	if cmd, ok := commands[name]; ok {
		fmt.Fprintf(w, "\n%s\n", L.T(cmd.summary[0], cmd.summary[1]))
	}
	fmt.Fprintf(w, "\n%s\n", L.T("Subcomandos:", "Subcommands:"))
	for _, s := range subs {
		fmt.Fprintf(w, "  %-10s %s\n", s.name, L.T(s.summary[0], s.summary[1]))
	}
	fmt.Fprintf(w, "\n%s\n", L.Tf("Vea «relaciona %s SUBCOMANDO --help» para sus opciones.", "See \"relaciona %s SUBCOMMAND --help\" for its options.", name))
}

func isHelp(s string) bool { return s == "-h" || s == "--help" || s == "-help" || s == "help" }

// fail prints err, in the env's language, after the command's name on
// stderr and returns 1.
func (e *env) fail(name string, err error) int {
	fmt.Fprintf(e.stderr, "relaciona %s: %s\n", name, relaciona.ErrorText(err, e.lang))
	return 1
}
