package csvio

import (
	"fmt"
	"strings"

	"github.com/relaciona/relaciona"
)

// Type is the type of a column's cells.
type Type int

// The column types.
const (
	// Text is free text, trimmed, at most Column.Max characters.
	Text Type = iota
	// Date is a civil date written YYYY-MM-DD or dd/mm/yyyy; it is read
	// as YYYY-MM-DD.
	Date
	// Integer is a whole number, optionally signed.
	Integer
	// Decimal is a number with a decimal comma or point (not both, no
	// thousands separator); it is read with a point.
	Decimal
	// Enum is one of Column.Values, matched without regard to case.
	Enum
	// Bool is true or false (also sí, si, yes, no, 1, 0, verdadero, falso).
	Bool
	// List is a list of items separated by "|", each trimmed; empty items
	// are dropped. When Column.Values is set, each item must be one.
	List
)

// String names the type in English, as the package's docs do.
func (t Type) String() string {
	switch t {
	case Text:
		return "text"
	case Date:
		return "date"
	case Integer:
		return "integer"
	case Decimal:
		return "decimal"
	case Enum:
		return "enum"
	case Bool:
		return "bool"
	case List:
		return "list"
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

func (t Type) numeric() bool { return t == Integer || t == Decimal }

// ListSep separates the items of a List cell.
const ListSep = "|"

// Column is one column of a register's file.
type Column struct {
	// Name is the column's name in the header (English, lower case, as
	// the register's JSON field); the header matches it without regard
	// to case or surrounding spaces.
	Name string
	// Aliases are other names the header may use (the Spanish name a
	// clerk types).
	Aliases []string
	// Type is the type of the column's cells.
	Type Type
	// Required columns must be in the header and have a value in every
	// row.
	Required bool
	// Personal marks personal data (a name, an e-mail, a phone): never
	// logged, and blanked by a redacted export.
	Personal bool
	// Values are the allowed values of an Enum (or of each item of a
	// List).
	Values []string
	// Max is the most characters a Text cell may have; 0 means 1000.
	Max int
	// Min and Max bound an Integer cell when Bounded is set.
	Min, MaxInt int64
	Bounded     bool
}

// Schema is the columns of a register's file and its natural key: the
// columns whose values name one record, so that importing a file twice
// finds the same records.
type Schema struct {
	Columns []Column
	// Key lists the natural key's column names, in order.
	Key []string
}

// Index returns the position of the column named name (or aliased so),
// or -1.
func (s *Schema) Index(name string) int {
	n := norm(name)
	for i, c := range s.Columns {
		if norm(c.Name) == n {
			return i
		}
		for _, a := range c.Aliases {
			if norm(a) == n {
				return i
			}
		}
	}
	return -1
}

// Names returns the columns' names, in order: the header a Writer writes.
func (s *Schema) Names() []string {
	out := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		out[i] = c.Name
	}
	return out
}

// Check reports a schema that cannot work: no columns, a name used twice,
// a key column that is not a required column, an Enum without values.
func (s *Schema) Check() error {
	if len(s.Columns) == 0 {
		return fmt.Errorf("%w: csvio: a schema needs columns", relaciona.ErrInvalid)
	}
	seen := map[string]bool{}
	for _, c := range s.Columns {
		for _, n := range append([]string{c.Name}, c.Aliases...) {
			if n == "" || seen[norm(n)] {
				return fmt.Errorf("%w: csvio: column name %q is empty or used twice", relaciona.ErrInvalid, n)
			}
			seen[norm(n)] = true
		}
		if c.Type == Enum && len(c.Values) == 0 {
			return fmt.Errorf("%w: csvio: enum column %q has no values", relaciona.ErrInvalid, c.Name)
		}
	}
	for _, k := range s.Key {
		i := s.Index(k)
		if i < 0 || !s.Columns[i].Required {
			return fmt.Errorf("%w: csvio: key column %q is not a required column", relaciona.ErrInvalid, k)
		}
	}
	return nil
}

func norm(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Error is one problem of a file: "FILE:LINE: column: problem", leaving
// out the parts that are unknown. It wraps relaciona.ErrInvalid.
type Error struct {
	File   string
	Line   int    // 1-based line where the record starts; 0 when unknown
	Column string // the column's name as the schema has it; "" for the whole row
	Pos    int    // 1-based byte column of the cell in its line; 0 when unknown
	Msg    string // in the reader's language
}

// Error formats the error as "FILE:LINE: column: problem".
func (e *Error) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		if e.Line > 0 {
			fmt.Fprintf(&b, ":%d", e.Line)
		}
		b.WriteString(": ")
	} else if e.Line > 0 {
		fmt.Fprintf(&b, "%d: ", e.Line)
	}
	if e.Column != "" {
		b.WriteString(e.Column)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Is makes errors.Is(err, relaciona.ErrInvalid) true.
func (e *Error) Is(target error) bool { return target == relaciona.ErrInvalid }

// RowError is a row that breaks its columns' types, or a rule of the
// register: the reader goes on with the next row. It wraps
// relaciona.ErrInvalid.
type RowError struct {
	Line int
	Errs []*Error
	// Raw is the row's cells as read, in the file's column order, for a
	// rejects file.
	Raw []string
}

// Error lists the row's problems, one "FILE:LINE: column: problem" a line.
func (e *RowError) Error() string {
	parts := make([]string, len(e.Errs))
	for i, x := range e.Errs {
		parts[i] = x.Error()
	}
	return strings.Join(parts, "\n")
}

// Problems lists the row's problems without file and line, "column:
// problem; column: problem", for a rejects file that has its own line
// column.
func (e *RowError) Problems() string {
	parts := make([]string, len(e.Errs))
	for i, x := range e.Errs {
		c := *x
		c.File, c.Line = "", 0
		parts[i] = c.Error()
	}
	return strings.Join(parts, "; ")
}

// Is makes errors.Is(err, relaciona.ErrInvalid) true.
func (e *RowError) Is(target error) bool { return target == relaciona.ErrInvalid }

// Unwrap returns the row's errors.
func (e *RowError) Unwrap() []error {
	out := make([]error, len(e.Errs))
	for i, x := range e.Errs {
		out[i] = x
	}
	return out
}
