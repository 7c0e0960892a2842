package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// CSVOption changes how CSV and WriteCSVs write.
type CSVOption func(*csvConfig)

type csvConfig struct {
	bom   bool
	comma rune
}

// WithBOM starts the file with a UTF-8 byte-order mark, which Excel needs
// to read accents correctly.
func WithBOM() CSVOption { return func(c *csvConfig) { c.bom = true } }

// WithComma sets the field separator, ',' by default. Excel in locales with
// a decimal comma (es-CO, es-CL, es-UY) expects ';'. A separator that cannot
// be one (a quote, a newline, an invalid rune) is ignored.
func WithComma(r rune) CSVOption {
	return func(c *csvConfig) {
		if r != '"' && r != '\r' && r != '\n' && r != 0xFFFD && r > 0 && !badRune(r) {
			c.comma = r
		}
	}
}

const bom = "\uFEFF"

// CSV writes t as RFC 4180 CSV (CRLF line ends, quotes where needed): a
// header row with the column names, then one record per row. Values are
// plain and language-neutral (Cell.Raw): numbers with a decimal point and
// no grouping, percentages as fractions, dates as YYYY-MM-DD, missing
// values empty.
//
// Text that a spreadsheet would run as a formula (starting with = + - @,
// a tab or a carriage return) is prefixed with a single quote, so data typed
// by users cannot inject formulas (CWE-1236). Numbers are not touched.
func CSV(w io.Writer, t Table, opts ...CSVOption) error {
	if err := checkTable(&t, "table"); err != nil {
		return err
	}
	cfg := csvConfig{comma: ','}
	for _, o := range opts {
		o(&cfg)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if cfg.bom {
		_, _ = bw.WriteString(bom)
	}
	cw := csv.NewWriter(bw)
	cw.Comma = cfg.comma
	cw.UseCRLF = true
	rec := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		rec[i] = guardFormula(clean(c.Name))
	}
	if err := cw.Write(rec); err != nil {
		return fmt.Errorf("report: write CSV: %w", err)
	}
	for _, row := range t.Rows {
		for i := range t.Columns {
			c := cell(row, i)
			v := clean(c.Raw())
			if c.typ == CellText {
				v = guardFormula(v)
			}
			rec[i] = v
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("report: write CSV: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("report: write CSV: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("report: write CSV: %w", err)
	}
	return nil
}

// guardFormula prefixes s with a quote when a spreadsheet would read it as a
// formula.
func guardFormula(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// WriteCSVs writes every table of doc, chart data included, into dir
// (created if needed), one file per table named after its ID ("pqrsd.csv";
// made up from its position when empty; names hold only a-z, 0-9, '-' and
// '_', so they cannot leave dir). It returns the error of the first
// table that fails.
func WriteCSVs(dir string, doc Document, opts ...CSVOption) error {
	p, err := prepare(&doc)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	for _, pt := range p.tables {
		name := filepath.Join(dir, pt.anchor+".csv")
		if err := writeFile(name, func(w io.Writer) error { return CSV(w, *pt.t, opts...) }); err != nil {
			return fmt.Errorf("report: table %q: %w", pt.anchor, err)
		}
	}
	return nil
}
