package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
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

// allFormats is what `relaciona run` writes and `relaciona report` writes
// by default.
var allFormats = map[string]bool{"html": true, "csv": true, "xlsx": true}

// parseFormats reads a --format list (html, csv, xlsx, md). A bad or empty
// list is an error in lang.
func parseFormats(list string, lang relaciona.Lang) (map[string]bool, error) {
	want := map[string]bool{}
	for _, f := range strings.Split(list, ",") {
		switch f = strings.TrimSpace(strings.ToLower(f)); f {
		case "html", "csv", "xlsx", "md":
			want[f] = true
		case "":
		default:
			return nil, fmt.Errorf("%s", lang.Tf("formato desconocido %q: use html, csv, xlsx o md", "unknown format %q: use html, csv, xlsx or md", f))
		}
	}
	if len(want) == 0 {
		return nil, fmt.Errorf("%s", lang.T("indique al menos un formato", "give at least one format"))
	}
	return want, nil
}

// reportIndex is the index page of a set of reports: its title and one
// line per page, linking it.
func reportIndex(title string, pages []report.Page, L relaciona.Lang) report.Document {
	items := make([]report.KeyFigure, 0, len(pages))
	for _, p := range pages {
		items = append(items, report.KeyFigure{Label: p.Doc.Title, Value: report.Text(p.Slug + ".html")})
	}
	return report.Document{Title: title, Lang: L, Sections: []report.Section{{
		ID: "informes", Title: L.T("Informes", "Reports"), Blocks: []report.Block{report.KeyFigures{Items: items}},
	}}}
}

// writeReports writes the one layout of the CLI's reports into dir, in the
// formats of want: index.html and SLUG.html per page (html), csv/SLUG/ with
// a CSV per table (csv), xlsx/SLUG.xlsx (xlsx)
// and md/SLUG.md (md). It returns the paths written.
//
// csvOpts are the CSV options (a command passes e.csvOptions(): a BOM and
// its --csv-dialect); none gives a BOM and the default dialect.
func writeReports(dir string, index report.Document, pages []report.Page, want map[string]bool, csvOpts ...report.CSVOption) ([]string, error) {
	if len(csvOpts) == 0 {
		csvOpts = []report.CSVOption{report.WithBOM()}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var files []string
	if want["html"] {
		if err := report.Site(dir, index, pages); err != nil {
			return nil, err
		}
		files = append(files, filepath.Join(dir, "index.html"))
		for _, p := range pages {
			files = append(files, filepath.Join(dir, p.Slug+".html"))
		}
	}
	for _, p := range pages {
		if want["csv"] {
			sub := filepath.Join(dir, "csv", p.Slug)
			if err := report.WriteCSVs(sub, p.Doc, csvOpts...); err != nil {
				return nil, err
			}
			files = append(files, sub+string(filepath.Separator))
		}
		for _, f := range []string{"xlsx", "md"} {
			if !want[f] {
				continue
			}
			name := filepath.Join(dir, f, p.Slug+"."+f)
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				return nil, err
			}
			if err := createFile(name, func(w *os.File) error {
				if f == "xlsx" {
					return report.XLSX(w, p.Doc)
				}
				return report.Markdown(w, p.Doc)
			}); err != nil {
				return nil, err
			}
			files = append(files, name)
		}
	}
	return files, nil
}

// createFile writes name through a temporary file (".report-*" beside it)
// that write fills and that is renamed into place, so a reader never sees
// half a file and an error leaves nothing behind; what a killed process
// leaves is removed by prepareReportDir.
func createFile(name string, write func(*os.File) error) error {
	f, err := os.CreateTemp(filepath.Dir(name), tempFilePrefix+"*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if err := write(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// Names of what report writers create before renaming it into place.
const (
	// tempDirPrefix: the folder of a month's reports being written by
	// `relaciona run` (issueMonthlyReports).
	tempDirPrefix = ".reports-"
	// tempFilePrefix: a report file being written (internal/report and
	// createFile).
	tempFilePrefix = ".report-"
	// staleAfter: a temporary file of a report command this old is a
	// leftover (a report is written in seconds); younger, it may be
	// another command's, still writing.
	staleAfter = 10 * time.Minute
)

// prepareReportDir creates dir and removes the leftovers an interrupted
// report command left in it or in its folders (csv/SLUG/, xlsx/, md/): temporary
// report files older than staleAfter.
func prepareReportDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	_, err := removeLeftovers(dir, 2, staleAfter) // dir, csv/, csv/SLUG/
	return err
}

// removeLeftovers removes, in dir and its folders down to depth levels,
// the temporary folders and files of interrupted report writers
// (tempDirPrefix, tempFilePrefix) last changed at least minAge ago, and
// returns their paths. `relaciona run` calls it with minAge 0 on its
// reports folder while it holds the run lock, so nothing there is still
// being written.
func removeLeftovers(dir string, depth int, minAge time.Duration) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var removed []string
	var errs []error
	for _, ent := range entries {
		name := ent.Name()
		path := filepath.Join(dir, name)
		if strings.HasPrefix(name, tempDirPrefix) || strings.HasPrefix(name, tempFilePrefix) {
			info, err := ent.Info()
			if err != nil {
				continue // gone meanwhile
			}
			if time.Since(info.ModTime()) < minAge {
				continue
			}
			if err := os.RemoveAll(path); err != nil {
				errs = append(errs, err)
				continue
			}
			removed = append(removed, path)
			continue
		}
		if depth > 0 && ent.IsDir() {
			r, err := removeLeftovers(path, depth-1, minAge)
			removed = append(removed, r...)
			if err != nil {
				errs = append(errs, err)
			}
		}
	}
	return removed, errors.Join(errs...)
}
