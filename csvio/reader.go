package csvio

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// Options tune a Reader.
type Options struct {
	// File is the file's name in errors.
	File string
	// Lang is the language of the errors (Spanish by default).
	Lang relaciona.Lang
	// Comma forces the separator (',' or ';'); 0 sniffs it from the header.
	Comma rune
	// IgnoreUnknown skips columns the schema does not know instead of
	// refusing the file.
	IgnoreUnknown bool
	// MaxRows refuses a file with more data rows; 0 means no limit.
	MaxRows int
	// MaxRecordBytes is the most bytes one record (a line, or several
	// when a quoted cell spans lines) may take; 0 means 1 MiB.
	MaxRecordBytes int
}

const peekSize = 64 << 10

var errRecordTooLong = errors.New("record too long")

// Reader streams the rows of a header-mapped CSV file. Build it with
// NewReader and range over Rows.
type Reader struct {
	s     Schema
	o     Options
	src   *limitReader
	br    *bufio.Reader
	cr    *csv.Reader
	bom   int64
	comma rune

	header  []string // the file's header, as written
	colOf   []int    // file column -> schema column, -1 when ignored
	started bool
	err     error // a fatal error met, returned again
	rows    int
	lastEnd int // line after the last record
}

// NewReader returns a reader of r for schema s. Nothing is read until
// Header or Rows.
func NewReader(r io.Reader, s Schema, o Options) *Reader {
	if o.MaxRecordBytes <= 0 {
		o.MaxRecordBytes = 1 << 20
	}
	if o.Lang == "" {
		o.Lang = relaciona.Spanish
	}
	lr := &limitReader{r: r, max: int64(o.MaxRecordBytes) + 2*peekSize}
	return &Reader{s: s, o: o, src: lr, br: bufio.NewReaderSize(lr, peekSize)}
}

// Comma returns the separator in use (after Header).
func (r *Reader) Comma() rune { return r.comma }

// Columns returns the file's header as written (after Header).
func (r *Reader) Columns() []string { return r.header }

func (r *Reader) fail(line int, col, es, en string, args ...any) *Error {
	return &Error{File: r.o.File, Line: line, Column: col, Msg: r.o.Lang.Tf(es, en, args...)}
}

// Header reads and checks the encoding, the separator and the header. It
// returns the same error again when called after a failure. The errors
// wrap relaciona.ErrInvalid; a header with several problems returns them
// joined, one error for each column.
func (r *Reader) Header() error {
	if r.started {
		return r.err
	}
	r.started = true
	r.err = r.header0()
	return r.err
}

func (r *Reader) header0() error {
	if err := r.s.Check(); err != nil {
		return err
	}
	head, err := r.br.Peek(4)
	if err != nil && len(head) == 0 {
		if errors.Is(err, io.EOF) {
			return r.fail(1, "", "el archivo está vacío: necesita una fila de encabezado con %s", "the file is empty: it needs a header row with %s", strings.Join(r.s.Names(), ","))
		}
		return fmt.Errorf("%w: %s: %v", relaciona.ErrInvalid, r.o.File, err)
	}
	switch {
	case bytes.HasPrefix(head, []byte{0xEF, 0xBB, 0xBF}):
		r.bom = 3
		_, _ = r.br.Discard(3)
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}), bytes.HasPrefix(head, []byte{0, 0, 0xFE, 0xFF}):
		return r.fail(1, "", "el archivo está en UTF-16 o UTF-32: guárdelo como «CSV UTF-8»", "the file is UTF-16 or UTF-32: save it as \"CSV UTF-8\"")
	}
	peek, _ := r.br.Peek(peekSize)
	first := peek
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	if bytes.IndexByte(first, 0) >= 0 {
		return r.fail(1, "", "el archivo tiene bytes NUL: parece UTF-16 sin marca; guárdelo como «CSV UTF-8»", "the file has NUL bytes: it looks like UTF-16 without a mark; save it as \"CSV UTF-8\"")
	}
	r.comma = r.o.Comma
	if r.comma == 0 {
		r.comma = sniff(first)
	}
	if r.comma != ',' && r.comma != ';' {
		return fmt.Errorf("%w: csvio: separator %q: use ',' or ';'", relaciona.ErrInvalid, r.comma)
	}
	r.cr = csv.NewReader(r.br)
	r.cr.Comma = r.comma
	r.cr.FieldsPerRecord = -1
	r.cr.ReuseRecord = true
	rec, err := r.read()
	if errors.Is(err, io.EOF) {
		return r.fail(1, "", "el archivo está vacío: necesita una fila de encabezado con %s", "the file is empty: it needs a header row with %s", strings.Join(r.s.Names(), ","))
	}
	if err != nil {
		return err
	}
	if err := r.checkBytes(1, rec); err != nil {
		return err
	}
	r.header = make([]string, len(rec))
	copy(r.header, rec)
	r.colOf = make([]int, len(rec))
	var errs []error
	seen := map[int]string{}
	for i, h := range rec {
		j := r.s.Index(h)
		r.colOf[i] = j
		switch {
		case strings.TrimSpace(h) == "" && r.o.IgnoreUnknown:
		case strings.TrimSpace(h) == "":
			errs = append(errs, r.fail(1, "", "la columna %d del encabezado no tiene nombre", "column %d of the header has no name", i+1))
		case j < 0 && !r.o.IgnoreUnknown:
			errs = append(errs, r.fail(1, strings.TrimSpace(h), "columna desconocida: las columnas son %s", "unknown column: the columns are %s", strings.Join(r.s.Names(), ", ")))
		case j >= 0:
			if prev, dup := seen[j]; dup {
				errs = append(errs, r.fail(1, r.s.Columns[j].Name, "columna repetida (%q y %q)", "column given twice (%q and %q)", prev, strings.TrimSpace(h)))
			}
			seen[j] = strings.TrimSpace(h)
		}
	}
	for j, c := range r.s.Columns {
		if _, ok := seen[j]; !ok && c.Required {
			errs = append(errs, r.fail(1, c.Name, "al encabezado le falta esta columna obligatoria", "the header lacks this required column"))
		}
	}
	return errors.Join(errs...)
}

// sniff picks the separator of a header line: the one of ',' and ';'
// that appears more often outside quotes; ',' on a tie.
func sniff(line []byte) rune {
	var commas, semis int
	quoted := false
	for _, c := range line {
		switch c {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				commas++
			}
		case ';':
			if !quoted {
				semis++
			}
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// read reads one record, turning csv's errors into *Error.
func (r *Reader) read() ([]string, error) {
	r.src.mark(r.bom + r.cr.InputOffset())
	rec, err := r.cr.Read()
	if err == nil || errors.Is(err, io.EOF) {
		if err == nil {
			line, _ := r.cr.FieldPos(0)
			r.lastEnd = line
		}
		return rec, err
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, errRecordTooLong) {
			return nil, r.fail(pe.StartLine, "", "un registro pasa de %d bytes: ¿falta cerrar unas comillas?", "a record is longer than %d bytes: is a quote left open?", r.o.MaxRecordBytes)
		}
		msg := r.o.Lang.T("comillas mal cerradas o sobrantes", "bad or unclosed quote")
		if !errors.Is(pe.Err, csv.ErrQuote) && !errors.Is(pe.Err, csv.ErrBareQuote) {
			msg = pe.Err.Error()
		}
		return nil, &Error{File: r.o.File, Line: pe.StartLine, Pos: pe.Column, Msg: msg}
	}
	if errors.Is(err, errRecordTooLong) {
		return nil, r.fail(r.lastEnd+1, "", "un registro pasa de %d bytes: ¿falta cerrar unas comillas?", "a record is longer than %d bytes: is a quote left open?", r.o.MaxRecordBytes)
	}
	return nil, fmt.Errorf("%s: %w", r.o.File, err)
}

// checkBytes refuses NUL bytes and bytes that are not UTF-8.
func (r *Reader) checkBytes(line int, rec []string) error {
	for _, c := range rec {
		if strings.IndexByte(c, 0) >= 0 {
			return r.fail(line, "", "el archivo tiene bytes NUL: parece UTF-16 sin marca; guárdelo como «CSV UTF-8»", "the file has NUL bytes: it looks like UTF-16 without a mark; save it as \"CSV UTF-8\"")
		}
		if !utf8.ValidString(c) {
			return r.fail(line, "", "el archivo no está en UTF-8 (¿Latin-1 o Windows-1252?): guárdelo como «CSV UTF-8»", "the file is not UTF-8 (Latin-1 or Windows-1252?): save it as \"CSV UTF-8\"")
		}
	}
	return nil
}

// Rows reads the header (see Header) and then streams the data rows. A
// row that breaks its columns' types is yielded as a nil row and a
// *RowError, and reading goes on; any other error (the header, the
// encoding, a quote left open, MaxRows) ends the iteration. Empty rows
// are skipped. Each Row is the caller's to keep.
func (r *Reader) Rows() iter.Seq2[*Row, error] {
	return func(yield func(*Row, error) bool) {
		if err := r.Header(); err != nil {
			yield(nil, err)
			return
		}
		if r.err != nil {
			yield(nil, r.err)
			return
		}
		for {
			rec, err := r.read()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				r.err = err
				yield(nil, err)
				return
			}
			line, _ := r.cr.FieldPos(0)
			if err := r.checkBytes(line, rec); err != nil {
				r.err = err
				yield(nil, err)
				return
			}
			if empty(rec) {
				continue
			}
			r.rows++
			if r.o.MaxRows > 0 && r.rows > r.o.MaxRows {
				r.err = r.fail(line, "", "más de %d filas: divida el archivo", "more than %d rows: split the file", r.o.MaxRows)
				yield(nil, r.err)
				return
			}
			row, rerr := r.row(line, rec)
			if rerr != nil {
				if !yield(nil, rerr) {
					return
				}
				continue
			}
			if !yield(row, nil) {
				return
			}
		}
	}
}

func empty(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// row checks one record against the schema.
func (r *Reader) row(line int, rec []string) (*Row, *RowError) {
	row := &Row{Line: line, s: &r.s, cells: make([]string, len(r.s.Columns))}
	var errs []*Error
	if len(rec) > len(r.header) {
		errs = append(errs, r.fail(line, "", "la fila tiene %d celdas y el encabezado %d columnas", "the row has %d cells and the header %d columns", len(rec), len(r.header)))
	}
	for i, raw := range rec {
		if i >= len(r.colOf) || r.colOf[i] < 0 {
			continue
		}
		j := r.colOf[i]
		v, e := r.cell(&r.s.Columns[j], raw)
		if e != nil {
			e.File, e.Line = r.o.File, line
			_, e.Pos = r.cr.FieldPos(i)
			errs = append(errs, e)
			continue
		}
		row.cells[j] = v
	}
	for j, c := range r.s.Columns {
		if c.Required && row.cells[j] == "" && !hasErr(errs, c.Name) {
			errs = append(errs, r.fail(line, c.Name, "falta el valor, que es obligatorio", "the value is missing; it is required"))
		}
	}
	raw := make([]string, len(rec))
	copy(raw, rec)
	if len(errs) > 0 {
		return nil, &RowError{Line: line, Errs: errs, Raw: raw}
	}
	row.raw = raw
	return row, nil
}

func hasErr(errs []*Error, col string) bool {
	for _, e := range errs {
		if e.Column == col {
			return true
		}
	}
	return false
}

// formulaStart reports whether s starts as a spreadsheet formula would.
func formulaStart(s string) bool {
	if s == "" {
		return false
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// cell checks and normalises one cell of column c.
func (r *Reader) cell(c *Column, raw string) (string, *Error) {
	L := r.o.Lang
	bad := func(es, en string, args ...any) (string, *Error) {
		return "", &Error{Column: c.Name, Msg: L.Tf(es, en, args...)}
	}
	if formulaStart(raw) && !(c.Type.numeric() && number(strings.TrimSpace(raw), c.Type)) {
		return bad("la celda empieza como una fórmula (= + - @, tabulador o retorno): escríbala con un apóstrofo delante ('=...)", "the cell starts like a formula (= + - @, tab or return): write it with an apostrophe in front ('=...)")
	}
	v := strings.TrimSpace(raw)
	if formulaStart(v) && !(c.Type.numeric() && number(v, c.Type)) {
		return bad("la celda empieza como una fórmula (= + - @, tabulador o retorno): escríbala con un apóstrofo delante ('=...)", "the cell starts like a formula (= + - @, tab or return): write it with an apostrophe in front ('=...)")
	}
	if len(v) > 1 && v[0] == '\'' && (formulaStart(v[1:]) || v[1] == '\'') {
		v = v[1:] // the apostrophe that neutralised a formula, or escaped one
	}
	if v == "" {
		return "", nil
	}
	switch c.Type {
	case Text:
		max := c.Max
		if max <= 0 {
			max = 1000
		}
		if n := utf8.RuneCountInString(v); n > max {
			return bad("el texto tiene %d caracteres; el máximo es %d", "the text has %d characters; the most is %d", n, max)
		}
		return v, nil
	case Date:
		d, ok := parseDate(v)
		if !ok {
			return bad("fecha %q no válida: use AAAA-MM-DD o dd/mm/aaaa (una fecha que exista)", "invalid date %q: use YYYY-MM-DD or dd/mm/yyyy (a date that exists)", v)
		}
		return d.String(), nil
	case Integer:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return bad("%q no es un número entero", "%q is not a whole number", v)
		}
		if c.Bounded && (n < c.Min || n > c.MaxInt) {
			return bad("%d está fuera de %d-%d", "%d is outside %d-%d", n, c.Min, c.MaxInt)
		}
		return strconv.FormatInt(n, 10), nil
	case Decimal:
		if !number(v, Decimal) {
			return bad("%q no es un número (use coma o punto decimal, sin separador de miles)", "%q is not a number (use a decimal comma or point, no thousands separator)", v)
		}
		return strings.Replace(v, ",", ".", 1), nil
	case Enum:
		for _, x := range c.Values {
			if strings.EqualFold(x, v) {
				return x, nil
			}
		}
		return bad("valor %q desconocido: use %s", "unknown value %q: use %s", v, strings.Join(c.Values, ", "))
	case Bool:
		switch strings.ToLower(v) {
		case "true", "sí", "si", "yes", "1", "verdadero", "x":
			return "true", nil
		case "false", "no", "0", "falso":
			return "false", nil
		}
		return bad("%q no es sí ni no (true, false)", "%q is neither yes nor no (true, false)", v)
	case List:
		items := SplitList(v)
		if len(c.Values) > 0 {
			for k, it := range items {
				ok := false
				for _, x := range c.Values {
					if strings.EqualFold(x, it) {
						items[k], ok = x, true
						break
					}
				}
				if !ok {
					return bad("valor %q desconocido: use %s", "unknown value %q: use %s", it, strings.Join(c.Values, ", "))
				}
			}
		}
		return strings.Join(items, ListSep), nil
	}
	return v, nil
}

// number reports whether v is a number of type t: an optional sign and
// digits, and for a Decimal one comma or point between digits.
func number(v string, t Type) bool {
	if v == "" {
		return false
	}
	i := 0
	if v[0] == '+' || v[0] == '-' {
		i = 1
	}
	digitsBefore, digitsAfter, sep := 0, 0, false
	for ; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
			if sep {
				digitsAfter++
			} else {
				digitsBefore++
			}
		case (c == '.' || c == ',') && t == Decimal && !sep:
			sep = true
		default:
			return false
		}
	}
	if sep {
		return digitsBefore > 0 && digitsAfter > 0
	}
	return digitsBefore > 0
}

// parseDate reads YYYY-MM-DD or d/m/yyyy.
func parseDate(v string) (calendar.Date, bool) {
	if d, err := calendar.ParseDate(v); err == nil {
		return d, true
	}
	parts := strings.Split(v, "/")
	if len(parts) != 3 || len(parts[2]) != 4 || len(parts[0]) < 1 || len(parts[0]) > 2 || len(parts[1]) < 1 || len(parts[1]) > 2 {
		return calendar.Date{}, false
	}
	pad := func(s string) string {
		if len(s) == 1 {
			return "0" + s
		}
		return s
	}
	d, err := calendar.ParseDate(parts[2] + "-" + pad(parts[1]) + "-" + pad(parts[0]))
	return d, err == nil
}

// SplitList splits a List cell into its trimmed, non-empty items.
func SplitList(v string) []string {
	var out []string
	for _, it := range strings.Split(v, ListSep) {
		if it = strings.TrimSpace(it); it != "" {
			out = append(out, it)
		}
	}
	return out
}

// limitReader fails a read that takes the input more than max bytes past
// the start of the record being read.
type limitReader struct {
	r     io.Reader
	read  int64
	start int64
	max   int64
}

func (l *limitReader) mark(at int64) { l.start = at }

func (l *limitReader) Read(p []byte) (int, error) {
	if l.read-l.start > l.max {
		return 0, errRecordTooLong
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	return n, err
}
