package schemas

import (
	"sort"
	"strings"

	"github.com/relaciona/relaciona"
)

// Error is the error Decode, DecodeKind and LoadFile return when a file is
// not a valid configuration. It lists every problem found, each with the
// file, line and column of the offending YAML node and a message a clerk can
// act on. errors.Is(err, relaciona.ErrInvalid) is true for it; errors.As
// reaches each *relaciona.ValidationError.
type Error struct {
	// Problems are sorted by line and column. There is at least one.
	Problems []*relaciona.ValidationError

	cause error // an I/O error behind the problems (LoadFile), reachable with errors.Is
}

// Error returns one line per problem, "FILE:LINE:COL: field: message".
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// Is makes errors.Is(err, relaciona.ErrInvalid) true.
func (e *Error) Is(target error) bool { return target == relaciona.ErrInvalid }

// Unwrap returns the problems (and, for a file that could not be read, the
// I/O error, so that errors.Is(err, fs.ErrNotExist) works).
func (e *Error) Unwrap() []error {
	errs := make([]error, 0, len(e.Problems)+1)
	for _, p := range e.Problems {
		errs = append(errs, p)
	}
	if e.cause != nil {
		errs = append(errs, e.cause)
	}
	return errs
}

// problems collects the problems of one file.
type problems struct {
	file string
	lang relaciona.Lang
	list []*relaciona.ValidationError
}

// add records a problem at line:col (1-based; values below 1 become 1 so
// that every problem has a position).
func (p *problems) add(line, col int, field, msg string) {
	if line < 1 {
		line = 1
	}
	if col < 1 {
		col = 1
	}
	p.list = append(p.list, &relaciona.ValidationError{File: p.file, Line: line, Column: col, Field: field, Msg: msg})
}

// addf is add with the message chosen by language and formatted.
func (p *problems) addf(line, col int, field, es, en string, args ...any) {
	p.add(line, col, field, p.lang.Tf(es, en, args...))
}

func (p *problems) empty() bool { return len(p.list) == 0 }

// err returns the problems as an *Error, sorted and without repeats, or nil.
func (p *problems) err() error { return NewError(p.list) }

// NewError returns problems as an *Error: sorted by line, column and
// message, each said once. It returns nil when there are none. It sorts
// problems in place; checks that run after schema validation (the
// deployment file's) report through it as Decode does.
func NewError(problems []*relaciona.ValidationError) error {
	if len(problems) == 0 {
		return nil
	}
	sort.SliceStable(problems, func(i, j int) bool {
		a, b := problems[i], problems[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Error() < b.Error()
	})
	out := problems[:0]
	var last string
	for _, v := range problems {
		if s := v.Error(); s != last {
			out = append(out, v)
			last = s
		}
	}
	return &Error{Problems: out}
}
