package report

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/csvio"
)

// CSVOption changes how CSV and WriteCSVs write.
type CSVOption func(*csvConfig)

type csvConfig struct {
	bom     bool
	comma   rune
	decimal byte
}

// Dialect is the convention a CSV file follows for its separator and its
// numbers, so that a spreadsheet reads the numbers as numbers.
type Dialect string

// The dialects. In both, numbers have no thousands grouping and dates are
// ISO 8601 (YYYY-MM-DD), which Excel and LibreOffice read as dates in any
// locale, where "01/03/2026" would be the 1st of March in one and the 3rd
// of January in another.
const (
	// DialectDefault is RFC 4180 as programs read it: ',' between fields
	// and '.' before decimals (0.95), what English-locale spreadsheets
	// expect.
	DialectDefault Dialect = "default"
	// DialectES is what Excel and LibreOffice expect in Spanish (and most
	// European) locales: ';' between fields and ',' before decimals
	// (0,95). With DialectDefault such a spreadsheet reads 0.95 as text.
	DialectES Dialect = "es"
)

// ParseDialect reads a dialect name: "es", or "default" (or "") for
// DialectDefault. Anything else is an error wrapping relaciona.ErrInvalid.
func ParseDialect(s string) (Dialect, error) {
	switch Dialect(strings.ToLower(strings.TrimSpace(s))) {
	case "", DialectDefault:
		return DialectDefault, nil
	case DialectES:
		return DialectES, nil
	}
	return "", relaciona.Invalid("csv-dialect", "unknown CSV dialect %q: use es or default", clean(s))
}

// WithDialect writes the file in dialect d: its separator and its decimal
// mark. A WithComma after it changes the separator only. An unknown
// dialect is DialectDefault.
func WithDialect(d Dialect) CSVOption {
	return func(c *csvConfig) {
		c.comma, c.decimal = ',', '.'
		if d == DialectES {
			c.comma, c.decimal = ';', ','
		}
	}
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
// header row with the column names, then one record per row and the Total
// row last. Values are plain and language-neutral (Cell.Raw): numbers
// rounded as the report shows them, without grouping, percentages as
// fractions (45,2 % is 0.452), dates as YYYY-MM-DD, missing values empty.
// The default dialect separates fields with ',' and decimals with '.';
// WithDialect(DialectES) writes ';' and ','.
//
// Text that a spreadsheet would run as a formula (starting with = + - @,
// a tab or a carriage return, after spaces or not) is prefixed with a
// single quote, so data typed by users cannot inject formulas (CWE-1236):
// csvio.Neutralise, the rule the register exports follow too. Numbers are
// not touched.
func CSV(w io.Writer, t Table, opts ...CSVOption) error {
	if err := checkTable(&t, "table"); err != nil {
		return err
	}
	cfg := csvConfig{comma: ',', decimal: '.'}
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
		rec[i] = csvio.Neutralise(clean(c.Name))
	}
	if err := cw.Write(rec); err != nil {
		return fmt.Errorf("report: write CSV: %w", err)
	}
	for _, row := range t.records() {
		for i := range t.Columns {
			c := cell(row, i)
			v := clean(c.Raw())
			switch c.typ {
			case CellText:
				v = csvio.Neutralise(v)
			case CellFloat, CellPercent:
				if cfg.decimal != '.' {
					v = strings.Replace(v, ".", string(cfg.decimal), 1)
				}
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
