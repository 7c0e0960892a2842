package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/relaciona/relaciona/calendar"
)

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
