package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
)

// csvDialectFlag is the --csv-dialect flag: it parses the dialect into the
// command's env, so every CSV the command writes follows it.
type csvDialectFlag struct{ e *env }

func (f csvDialectFlag) String() string {
	if f.e == nil || f.e.csvDialect == "" {
		return string(report.DialectDefault)
	}
	return string(f.e.csvDialect)
}

func (f csvDialectFlag) Set(s string) error {
	d, err := report.ParseDialect(s)
	if err != nil {
		return fmt.Errorf("%s", f.e.lang.Tf("dialecto CSV desconocido %q: use es o default", "unknown CSV dialect %q: use es or default", s))
	}
	f.e.csvDialect = d
	return nil
}

// addCSVDialectFlag registers --csv-dialect es|default on a command that
// writes CSV; the command then writes its CSV with e.csvOptions(). A bad
// value is a usage error of fs.Parse.
func addCSVDialectFlag(fs *flag.FlagSet, e *env) {
	fs.Var(csvDialectFlag{e}, "csv-dialect", e.lang.T(
		"CSV para hojas de cálculo en español: es (';' y coma decimal) o default (',' y punto decimal)",
		"CSV for spreadsheets: es (';' and decimal comma, for Spanish locales) or default (',' and decimal point)"))
}

// csvOptions are the options of every CSV the CLI writes: a BOM, which
// Excel needs to read accents, and the --csv-dialect chosen.
func (e *env) csvOptions() []report.CSVOption {
	return []report.CSVOption{report.WithBOM(), report.WithDialect(e.csvDialect)}
}

// parseFormats reads a --format list (html, csv, xlsx, md). On a bad or
// empty list it writes one line to stderr and returns false: a usage error.
func parseFormats(e *env, list string) (map[string]bool, bool) {
	want := map[string]bool{}
	for _, f := range strings.Split(list, ",") {
		switch f = strings.TrimSpace(strings.ToLower(f)); f {
		case "html", "csv", "xlsx", "md":
			want[f] = true
		case "":
		default:
			fmt.Fprintln(e.stderr, e.lang.Tf("formato desconocido %q: use html, csv, xlsx o md", "unknown format %q: use html, csv, xlsx or md", f))
			return nil, false
		}
	}
	if len(want) == 0 {
		fmt.Fprintln(e.stderr, e.lang.T("indique al menos un formato", "give at least one format"))
		return nil, false
	}
	return want, true
}

// cutOffDate parses a --at flag, or takes today in the deployment's time
// zone.
func cutOffDate(s string, loc func() (*time.Location, error)) (calendar.Date, error) {
	if s != "" {
		return calendar.ParseDate(s)
	}
	l, err := loc()
	if err != nil {
		return calendar.Date{}, err
	}
	return calendar.DateOf(time.Now().In(l)), nil
}

// createFile creates name, lets write fill it and closes it, removing a
// half-written file on error.
func createFile(name string, write func(*os.File) error) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(name)
		return err
	}
	return f.Close()
}
