package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/relaciona/relaciona/calendar"
)

func init() {
	register(command{
		name:    "calendar",
		summary: [2]string{"días hábiles: feriados, vencimientos y conteos (CO, CL, UY)", "business days: holidays, due dates and counts (CO, CL, UY)"},
		run:     runCalendar,
	})
}

// runCalendar dispatches "relaciona calendar holidays|add|between". Exit
// status: 0 on success; 2 on bad usage (a missing or unknown subcommand or
// option, a value that is not a country, a date, or a whole number, a
// negative term); 1 when the calendar cannot answer (a year or date outside
// 1984..2199). Errors are one line on stderr.
func runCalendar(_ context.Context, e *env, args []string) int {
	if len(args) == 0 {
		return calFail(e, 2, e.lang.T("falta el subcomando: holidays, add o between (vea «relaciona calendar help»)",
			"missing subcommand: holidays, add or between (see \"relaciona calendar help\")"))
	}
	switch args[0] {
	case "help", "-h", "--help":
		calendarUsage(e, e.stdout)
		return 0
	case "holidays":
		return calHolidays(e, args[1:])
	case "add":
		return calAdd(e, args[1:])
	case "between":
		return calBetween(e, args[1:])
	}
	return calFail(e, 2, e.lang.Tf("subcomando desconocido %q: use holidays, add o between",
		"unknown subcommand %q: use holidays, add or between", args[0]))
}

func calendarUsage(e *env, w io.Writer) {
	fmt.Fprintln(w, e.lang.T(`Uso:
  relaciona calendar holidays --country PAÍS --year AÑO
      un feriado por línea: AAAA-MM-DD<TAB>nombre<TAB>tipo
  relaciona calendar add --country PAÍS --from FECHA --days N [--working-holidays-stop]
      el vencimiento de un plazo de N días hábiles radicado en FECHA
  relaciona calendar between --country PAÍS --from FECHA --to FECHA [--working-holidays-stop]
      los días hábiles d con FECHA1 < d <= FECHA2

PAÍS: CO, CL o UY. FECHA: AAAA-MM-DD, de 1984 a 2199. Tipo: national, o en
Uruguay non-working / working. --working-holidays-stop: en Uruguay, los
feriados laborables también detienen el plazo.
Estado de salida: 0 bien, 1 fuera del rango del calendario, 2 uso incorrecto.`,
		`Usage:
  relaciona calendar holidays --country COUNTRY --year YEAR
      one holiday a line: YYYY-MM-DD<TAB>name<TAB>kind
  relaciona calendar add --country COUNTRY --from DATE --days N [--working-holidays-stop]
      the due date of a term of N business days filed on DATE
  relaciona calendar between --country COUNTRY --from DATE --to DATE [--working-holidays-stop]
      the business days d with DATE1 < d <= DATE2

COUNTRY: CO, CL or UY. DATE: YYYY-MM-DD, from 1984 to 2199. Kind: national,
or in Uruguay non-working / working. --working-holidays-stop: in Uruguay,
working holidays stop the clock too.
Exit status: 0 success, 1 outside the calendar's range, 2 bad usage.`))
}

// calFail writes one error line and returns code.
func calFail(e *env, code int, msg string) int {
	fmt.Fprintln(e.stderr, "relaciona calendar:", msg)
	return code
}

// calArgs parses a subcommand's options. It returns done = true with the
// exit status when the command must stop (help, or an error already
// reported). required names the options that must be given.
func calArgs(e *env, fs *flag.FlagSet, args []string, required ...string) (code int, done bool) {
	fs.SetOutput(io.Discard)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			calendarUsage(e, e.stdout)
			return 0, true
		}
		msg := err.Error()
		switch {
		case strings.HasPrefix(msg, "flag provided but not defined: "):
			opt := strings.TrimPrefix(msg, "flag provided but not defined: ")
			return calFail(e, 2, e.lang.Tf("opción desconocida %s (vea «relaciona calendar help»)", "unknown option %s (see \"relaciona calendar help\")", opt)), true
		case strings.HasPrefix(msg, "flag needs an argument: "):
			opt := strings.TrimPrefix(msg, "flag needs an argument: ")
			return calFail(e, 2, e.lang.Tf("a la opción %s le falta su valor", "option %s needs a value", opt)), true
		}
		return calFail(e, 2, e.lang.Tf("opción inválida: %s", "invalid option: %s", msg)), true
	}
	if fs.NArg() > 0 {
		return calFail(e, 2, e.lang.Tf("argumento inesperado %q", "unexpected argument %q", fs.Arg(0))), true
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, name := range required {
		if !given[name] {
			return calFail(e, 2, e.lang.Tf("falta la opción --%s", "missing option --%s", name)), true
		}
	}
	return 0, false
}

// calInputText is the message of a calendar error in the user's language.
func calInputText(e *env, err error) string {
	var ie *calendar.InputError
	if errors.As(err, &ie) {
		return ie.Text(e.lang)
	}
	return err.Error()
}

// calNew parses --country and builds the calendar.
func calNew(e *env, country string, stop bool) (*calendar.Calendar, int) {
	c, err := calendar.ParseCountry(country)
	if err != nil {
		return nil, calFail(e, 2, "--country: "+calInputText(e, err))
	}
	cal, err := calendar.New(c, calendar.Options{WorkingHolidaysStop: stop})
	if err != nil {
		return nil, calFail(e, 2, "--country: "+calInputText(e, err))
	}
	return cal, 0
}

// calDate parses the date given to option name.
func calDate(e *env, name, s string) (calendar.Date, int) {
	d, err := calendar.ParseDate(s)
	if err != nil {
		return d, calFail(e, 2, "--"+name+": "+calInputText(e, err))
	}
	return d, 0
}

// calInt parses the whole number given to option name.
func calInt(e *env, name, s string) (int, int) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, calFail(e, 2, e.lang.Tf("--%s %q: debe ser un número entero", "--%s %q: must be a whole number", name, s))
	}
	return n, 0
}

func calHolidays(e *env, args []string) int {
	fs := flag.NewFlagSet("calendar holidays", flag.ContinueOnError)
	country := fs.String("country", "", "")
	yearS := fs.String("year", "", "")
	if code, done := calArgs(e, fs, args, "country", "year"); done {
		return code
	}
	cal, code := calNew(e, *country, false)
	if cal == nil {
		return code
	}
	year, code := calInt(e, "year", *yearS)
	if code != 0 {
		return code
	}
	hs, err := cal.Holidays(year)
	if err != nil {
		return calFail(e, 1, "--year: "+calInputText(e, err))
	}
	for _, h := range hs {
		fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", h.Date, e.lang.T(h.Name, h.NameEN), h.Kind)
	}
	return 0
}

// calSpan reads the options calendar add and between share (--country,
// --from, --working-holidays-stop) and the command's own required option
// other, whose text it returns, and builds the calendar; when !ok the
// command returns code (help, or a usage error already reported).
func calSpan(e *env, name string, args []string, other string) (cal *calendar.Calendar, from calendar.Date, val string, code int, ok bool) {
	fs := flag.NewFlagSet("calendar "+name, flag.ContinueOnError)
	country := fs.String("country", "", "")
	fromS := fs.String("from", "", "")
	otherS := fs.String(other, "", "")
	stop := fs.Bool("working-holidays-stop", false, "")
	if code, done := calArgs(e, fs, args, "country", "from", other); done {
		return nil, from, "", code, false
	}
	if cal, code = calNew(e, *country, *stop); cal == nil {
		return nil, from, "", code, false
	}
	if from, code = calDate(e, "from", *fromS); code != 0 {
		return nil, from, "", code, false
	}
	return cal, from, *otherS, 0, true
}

func calAdd(e *env, args []string) int {
	cal, from, daysS, code, ok := calSpan(e, "add", args, "days")
	if !ok {
		return code
	}
	days, code := calInt(e, "days", daysS)
	if code != 0 {
		return code
	}
	if days < 0 {
		return calFail(e, 2, e.lang.Tf("--days %d: el plazo no puede ser negativo", "--days %d: the term cannot be negative", days))
	}
	due, err := cal.AddBusinessDays(from, days)
	if err != nil {
		return calFail(e, 1, calInputText(e, err))
	}
	fmt.Fprintln(e.stdout, due)
	return 0
}

func calBetween(e *env, args []string) int {
	cal, from, toS, code, ok := calSpan(e, "between", args, "to")
	if !ok {
		return code
	}
	to, code := calDate(e, "to", toS)
	if code != 0 {
		return code
	}
	n, err := cal.BusinessDaysBetween(from, to)
	if err != nil {
		return calFail(e, 1, calInputText(e, err))
	}
	fmt.Fprintln(e.stdout, n)
	return 0
}
