package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/report"
)

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
// a CSV per table (csv, with a BOM for spreadsheets), xlsx/SLUG.xlsx (xlsx)
// and md/SLUG.md (md). It returns the paths written.
func writeReports(dir string, index report.Document, pages []report.Page, want map[string]bool) ([]string, error) {
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
			if err := report.WriteCSVs(sub, p.Doc, report.WithBOM()); err != nil {
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
