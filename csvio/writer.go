package csvio

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/relaciona/relaciona"
)

// WriterOptions tune a Writer.
type WriterOptions struct {
	// Comma is the separator: ',' (the default) or ';'.
	Comma rune
	// BOM starts the file with a UTF-8 byte-order mark, which tells
	// Excel the file is UTF-8.
	BOM bool
	// Redact blanks the personal columns.
	Redact bool
	// DecimalComma writes Decimal cells with a decimal comma (with ';' as
	// the separator, as spreadsheets in Spanish expect).
	DecimalComma bool
	// Extra are columns written after the schema's (a rejects file's line
	// and error); their values follow the schema's in Write.
	Extra []string
}

// Writer writes a register's rows under a header of the schema's column
// names. Cells that a spreadsheet would run as formulas are neutralised
// with a leading apostrophe, which a Reader removes.
type Writer struct {
	cw *csv.Writer
	s  Schema
	o  WriterOptions
	n  int
}

// NewWriter writes the header of s to w and returns the writer of its
// rows. Call Flush at the end.
func NewWriter(w io.Writer, s Schema, o WriterOptions) (*Writer, error) {
	return NewWriterHeader(w, s, s.Names(), o)
}

// NewWriterHeader is NewWriter with a header of its own (a rejects file
// keeps the header of the file it came from): the rows then have
// len(header) values.
func NewWriterHeader(w io.Writer, s Schema, header []string, o WriterOptions) (*Writer, error) {
	if o.Comma == 0 {
		o.Comma = ','
	}
	if o.Comma != ',' && o.Comma != ';' {
		return nil, fmt.Errorf("%w: csvio: separator %q: use ',' or ';'", relaciona.ErrInvalid, o.Comma)
	}
	if o.BOM {
		if _, err := io.WriteString(w, "\ufeff"); err != nil {
			return nil, err
		}
	}
	cw := csv.NewWriter(w)
	cw.Comma = o.Comma
	wr := &Writer{cw: cw, s: s, o: o, n: len(header) + len(o.Extra)}
	head := append(append([]string(nil), header...), o.Extra...)
	for i := range head {
		head[i] = Neutralise(head[i])
	}
	return wr, cw.Write(head)
}

// Write writes one row: the values in schema order (then the Extra
// columns'), formatted with the Format helpers.
func (w *Writer) Write(values []string) error {
	if len(values) != w.n {
		return fmt.Errorf("%w: csvio: a row needs %d values, got %d", relaciona.ErrInvalid, w.n, len(values))
	}
	out := make([]string, len(values))
	for i, v := range values {
		var c *Column
		if i < len(w.s.Columns) && w.n-len(w.o.Extra) == len(w.s.Columns) {
			c = &w.s.Columns[i]
		}
		switch {
		case c != nil && w.o.Redact && c.Personal:
			out[i] = ""
		case c != nil && c.Type == Decimal && w.o.DecimalComma && number(v, c.Type):
			out[i] = strings.Replace(v, ".", ",", 1)
		case c != nil && c.Type.numeric() && number(v, c.Type):
			out[i] = v
		default:
			out[i] = Neutralise(v)
		}
	}
	return w.cw.Write(out)
}

// Flush writes what is buffered and returns the first write error.
func (w *Writer) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}

// Neutralise returns v made safe for a spreadsheet: a value that starts
// like a formula (= + - @, tab, carriage return), or with an apostrophe
// that a Reader would take for a neutralising one, gets an apostrophe in
// front (OWASP, CSV injection).
func Neutralise(v string) string {
	if formulaStart(v) || (len(v) > 1 && v[0] == '\'' && (formulaStart(v[1:]) || v[1] == '\'')) {
		return "'" + v
	}
	if t := strings.TrimLeft(v, " "); t != v && formulaStart(t) {
		return "'" + v
	}
	return v
}
