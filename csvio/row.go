package csvio

import (
	"strconv"
	"strings"

	"github.com/relaciona/relaciona/calendar"
)

// Row is one data row that passed its columns' types. Its accessors take
// a column's name (as the schema has it) and return the zero value for an
// empty cell or a name the schema does not have.
type Row struct {
	// Line is the file line where the row starts.
	Line  int
	s     *Schema
	cells []string // normalised, in schema order
	raw   []string // as read, in the file's order
}

// NewRow returns a row of s with the values in schema order (as a Writer
// takes them), for tests and for code that builds rows itself. The values
// are not checked.
func NewRow(s *Schema, line int, values []string) *Row {
	cells := make([]string, len(s.Columns))
	copy(cells, values)
	return &Row{Line: line, s: s, cells: cells, raw: cells}
}

// Raw returns the row's cells as read, in the file's column order, for a
// rejects file.
func (r *Row) Raw() []string { return r.raw }

func (r *Row) at(name string) string {
	if i := r.s.Index(name); i >= 0 {
		return r.cells[i]
	}
	return ""
}

// Values returns the row's normalised values in schema order: what a
// Writer writes for it.
func (r *Row) Values() []string { return r.cells }

// Has reports whether the cell of name has a value.
func (r *Row) Has(name string) bool { return r.at(name) != "" }

// Text returns the cell of name as read (trimmed; an Enum in the case of
// its value; a Date as YYYY-MM-DD; a Decimal with a point).
func (r *Row) Text(name string) string { return r.at(name) }

// Int returns an Integer cell.
func (r *Row) Int(name string) int64 {
	n, _ := strconv.ParseInt(r.at(name), 10, 64)
	return n
}

// Decimal returns a Decimal (or Integer) cell.
func (r *Row) Decimal(name string) float64 {
	f, _ := strconv.ParseFloat(r.at(name), 64)
	return f
}

// Date returns a Date cell; the zero Date when empty.
func (r *Row) Date(name string) calendar.Date {
	d, _ := calendar.ParseDate(r.at(name))
	return d
}

// Bool returns a Bool cell: false when empty.
func (r *Row) Bool(name string) bool { return r.at(name) == "true" }

// List returns a List cell's items; nil when empty.
func (r *Row) List(name string) []string { return SplitList(r.at(name)) }

// Key returns the row's natural key: the key columns' values joined by
// a unit separator.
func (r *Row) Key() string {
	parts := make([]string, len(r.s.Key))
	for i, k := range r.s.Key {
		parts[i] = r.at(k)
	}
	return strings.Join(parts, "\x1f")
}

// Format helpers for the values a Writer takes.

// FormatDate writes d as YYYY-MM-DD; "" for the zero Date.
func FormatDate(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// FormatInt writes n.
func FormatInt(n int64) string { return strconv.FormatInt(n, 10) }

// FormatDecimal writes f with a point and the fewest digits that read
// back as f.
func FormatDecimal(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// FormatBool writes true or false.
func FormatBool(b bool) string { return strconv.FormatBool(b) }

// FormatList joins items with "|".
func FormatList(items []string) string { return strings.Join(items, ListSep) }
