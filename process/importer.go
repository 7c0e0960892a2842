package process

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"iter"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/csvio"
)

// Importer is the optional interface of an Instance whose process keeps
// registers that import from and export to CSV files (issue #18, item 5).
// As with database/sql/driver's optional interfaces, a tool asks for it
// with a type assertion; a process without registers does not implement
// it, and no tool needs a switch on the process's kind:
//
//	if imp, ok := inst.(process.Importer); ok {
//		for _, reg := range imp.Tables() { ... }
//	}
type Importer interface {
	// Tables lists the process's registers as tables of rows.
	Tables() []Table
}

// Table is one register of a process as a CSV file: its columns and
// natural key, and how its rows are checked, written and read back. The
// process package builds it on its own audited, directory-authorised
// writes.
type Table struct {
	// Name is the register's name, the KIND of "relaciona import KIND
	// FILE": "stakeholders", "groups", "organisations", ...
	Name string
	// Title is a one-line description, Spanish then English.
	Title [2]string
	// Schema is the file's columns (personal ones marked) and natural key.
	Schema csvio.Schema
	// Authorize asks the process's directory whether actor may write the
	// register; it is asked before the file is read. The error wraps
	// relaciona.ErrForbidden when not.
	Authorize func(ctx context.Context, actor relaciona.Actor) error
	// Check checks a row that passed its columns' types against the
	// process's rules and catalogues (references, ranges) and what actor
	// may set (the directory decides), reading the store but never
	// writing. An error wrapping relaciona.ErrInvalid
	// or relaciona.ErrForbidden rejects the row (a
	// *relaciona.ValidationError's Field names the column); any other
	// error stops the import. Nil checks nothing more.
	Check func(ctx context.Context, actor relaciona.Actor, row *csvio.Row) error
	// Write writes rows that passed Check, as actor at at, in one audited
	// batch: a row whose key is not stored creates a record, one whose
	// record differs updates it, one equal to its record leaves it.
	Write func(ctx context.Context, actor relaciona.Actor, at time.Time, rows []*csvio.Row) (Counts, error)
	// Export streams the register's records as rows of values in the
	// schema's order, formatted with csvio's Format helpers, so that the
	// file Export writes imports back unchanged.
	Export func(ctx context.Context) iter.Seq2[[]string, error]
}

// TitleIn returns the table's title in lang.
func (r Table) TitleIn(lang relaciona.Lang) string { return lang.T(r.Title[0], r.Title[1]) }

// Tables returns the tables of the Runner when it has them (each
// process package's (*Process).Tables), so that Define's wrapping does
// not hide them.
func (s summarized[S]) Tables() []Table {
	if i, ok := s.r.(Importer); ok {
		return i.Tables()
	}
	return nil
}

// Counts is what an import did.
type Counts struct {
	Read, Created, Updated, Unchanged, Rejected int
}

// Add adds o's counts to c.
func (c *Counts) Add(o Counts) {
	c.Read += o.Read
	c.Created += o.Created
	c.Updated += o.Updated
	c.Unchanged += o.Unchanged
	c.Rejected += o.Rejected
}

// Summary says the counts in one line in lang, and says so when nothing
// changed.
func (c Counts) Summary(lang relaciona.Lang) string {
	s := lang.Tf("%d filas leídas, %d creadas, %d actualizadas, %d sin cambios, %d rechazadas",
		"%d rows read, %d created, %d updated, %d unchanged, %d rejected",
		c.Read, c.Created, c.Updated, c.Unchanged, c.Rejected)
	if c.Created+c.Updated == 0 {
		s += lang.T(": nada cambió", ": nothing changed")
	}
	return s
}

// ImportOptions tune Import.
type ImportOptions struct {
	// File is the file's name in errors.
	File string
	// Lang is the language of the errors and the summary.
	Lang relaciona.Lang
	// Comma forces the separator; 0 sniffs it.
	Comma rune
	// SkipBad writes the rows that pass and rejects the others; without
	// it one bad row means nothing is written.
	SkipBad bool
	// Rejects, with SkipBad, receives the rejected rows as CSV: the
	// file's columns, then the row's line and its errors.
	Rejects io.Writer
	// DryRun checks the whole file and writes nothing.
	DryRun bool
	// At is the time of the writes (default: now).
	At time.Time
	// Chunk is how many rows one audited batch writes (default 1000).
	Chunk int
	// MaxRows refuses a file with more rows; 0 means no limit.
	MaxRows int
	// Problem, when set, is told each bad row's error (a *csvio.RowError
	// saying "FILE:LINE: column: problem"): in line order, then the rows
	// whose key repeats an earlier row's.
	Problem func(err error)
}

// ErrRejected is what Import's error is (errors.Is) when rows were bad
// and nothing was written; that error is also relaciona.ErrInvalid.
var ErrRejected = errors.New("rows rejected")

// rejectedError says how many rows were bad, in the user's language.
type rejectedError struct{ msg string }

func (e *rejectedError) Error() string { return e.msg }

func (e *rejectedError) Is(target error) bool {
	return target == ErrRejected || target == relaciona.ErrInvalid
}

// bloomBits is the size of the filter that finds keys repeated in a file
// in constant memory (8 MiB).
const bloomBits = 1 << 26

// Import reads the CSV file that open opens (it is opened up to three
// times: the file is read as a stream, never held) into reg as actor:
//
//  1. the directory is asked whether actor may write the register;
//  2. a first pass checks every row (types, then reg.Check) and that no
//     natural key repeats (a fixed-size filter, then an exact check of
//     the few keys it flags);
//  3. unless some row is bad (and not SkipBad) or DryRun, a second pass
//     writes the good rows in audited batches of Chunk rows.
//
// So by default a file is all or nothing: one bad row and nothing is
// written (the error wraps ErrRejected and says how many rows). With
// SkipBad the good rows are written and the bad ones go to Rejects. A
// failure of the store between two batches leaves the batches before it
// written; importing the file again finishes the work, since Write is
// idempotent by natural key.
func Import(ctx context.Context, reg Table, actor relaciona.Actor, open func() (io.ReadCloser, error), o ImportOptions) (Counts, error) {
	if o.Chunk <= 0 {
		o.Chunk = 1000
	}
	if o.At.IsZero() {
		o.At = time.Now()
	}
	L := o.Lang
	if reg.Authorize != nil {
		if err := reg.Authorize(ctx, actor); err != nil {
			return Counts{}, err
		}
	}
	ropts := csvio.Options{File: o.File, Lang: L, Comma: o.Comma, MaxRows: o.MaxRows}
	var (
		c        Counts
		bad      = map[int]bool{} // lines of rows Check or the key check refused
		header   []string
		rejects  *csvio.Writer
		bloom    = make([]uint64, bloomBits/64)
		suspects = map[uint64]bool{}
	)
	reject := func(line int, raw []string, re *csvio.RowError) error {
		c.Rejected++
		bad[line] = true
		if o.Problem != nil {
			o.Problem(re)
		}
		if o.SkipBad && o.Rejects != nil {
			if rejects == nil {
				var err error
				rejects, err = csvio.NewWriterHeader(o.Rejects, csvio.Schema{}, header, csvio.WriterOptions{Extra: []string{"line", "error"}})
				if err != nil {
					return err
				}
			}
			vals := make([]string, len(header)+2)
			copy(vals, raw)
			vals[len(header)], vals[len(header)+1] = csvio.FormatInt(int64(line)), re.Problems()
			return rejects.Write(vals)
		}
		return nil
	}
	// rowErr turns a Check error into a row error.
	rowErr := func(row *csvio.Row, err error) (*csvio.RowError, error) {
		if !errors.Is(err, relaciona.ErrInvalid) && !errors.Is(err, relaciona.ErrForbidden) {
			return nil, err
		}
		e := &csvio.Error{File: o.File, Line: row.Line, Msg: relaciona.ErrorText(err, L)}
		var ve *relaciona.ValidationError
		var ce *csvio.Error
		switch {
		case errors.As(err, &ce):
			e.Column, e.Msg = ce.Column, ce.Msg
		case errors.As(err, &ve):
			e.Column, e.Msg = ve.Field, ve.Msg
		}
		return &csvio.RowError{Line: row.Line, Errs: []*csvio.Error{e}, Raw: row.Raw()}, nil
	}
	hash := func(key string) uint64 {
		h := fnv.New64a()
		_, _ = h.Write([]byte(key))
		return h.Sum64()
	}
	// Pass 1: check every row.
	err := readFile(ctx, open, reg.Schema, ropts, func(r *csvio.Reader, row *csvio.Row, rerr error) error {
		header = r.Columns()
		c.Read++
		if rerr != nil {
			var re *csvio.RowError
			errors.As(rerr, &re)
			return reject(re.Line, re.Raw, re)
		}
		if reg.Check != nil {
			if err := reg.Check(ctx, actor, row); err != nil {
				re, fatal := rowErr(row, err)
				if fatal != nil {
					return fatal
				}
				return reject(row.Line, row.Raw(), re)
			}
		}
		if len(reg.Schema.Key) > 0 {
			h := hash(row.Key())
			bit := h % bloomBits
			if bloom[bit/64]&(1<<(bit%64)) != 0 {
				suspects[h] = true
			}
			bloom[bit/64] |= 1 << (bit % 64)
		}
		return nil
	})
	bloom = nil
	if err != nil {
		return c, err
	}
	// Pass 1b: the keys the filter flagged, checked exactly.
	if len(suspects) > 0 {
		first := map[string]int{}
		err := readFile(ctx, open, reg.Schema, ropts, func(_ *csvio.Reader, row *csvio.Row, rerr error) error {
			if rerr != nil || bad[row.Line] || !suspects[hash(row.Key())] {
				return nil
			}
			k := row.Key()
			if l, dup := first[k]; dup {
				return reject(row.Line, row.Raw(), &csvio.RowError{Line: row.Line, Raw: row.Raw(), Errs: []*csvio.Error{{
					File: o.File, Line: row.Line, Column: strings.Join(reg.Schema.Key, "+"),
					Msg: L.Tf("la clave %q ya está en la línea %d", "the key %q is already on line %d", strings.ReplaceAll(k, "\x1f", "+"), l),
				}}})
			}
			first[k] = row.Line
			return nil
		})
		if err != nil {
			return c, err
		}
	}
	if c.Rejected > 0 && !o.SkipBad {
		return c, &rejectedError{L.Tf("%s: %d de %d filas tienen errores; no se escribió nada", "%s: %d of %d rows have errors; nothing was written", o.File, c.Rejected, c.Read)}
	}
	if rejects != nil {
		if err := rejects.Flush(); err != nil {
			return c, err
		}
	}
	if o.DryRun {
		return c, nil
	}
	// Pass 2: write the good rows, Chunk at a time.
	chunk := make([]*csvio.Row, 0, o.Chunk)
	flush := func() error {
		if len(chunk) == 0 {
			return nil
		}
		n, err := reg.Write(ctx, actor, o.At, chunk)
		var ce *csvio.Error
		switch {
		case errors.As(err, &ce) && ce.Line > 0:
			ce.File = o.File
			return err
		case err != nil:
			return fmt.Errorf("%s:%d-%d: %w", o.File, chunk[0].Line, chunk[len(chunk)-1].Line, err)
		}
		c.Created += n.Created
		c.Updated += n.Updated
		c.Unchanged += n.Unchanged
		clear(chunk)
		chunk = chunk[:0]
		return nil
	}
	err = readFile(ctx, open, reg.Schema, ropts, func(_ *csvio.Reader, row *csvio.Row, rerr error) error {
		if rerr != nil || bad[row.Line] {
			return nil
		}
		chunk = append(chunk, row)
		if len(chunk) == o.Chunk {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	return c, err
}

// readFile opens the file and calls fn for each row (or row error), in
// order; a fatal reading error, or ctx's end, is returned.
func readFile(ctx context.Context, open func() (io.ReadCloser, error), s csvio.Schema, o csvio.Options, fn func(r *csvio.Reader, row *csvio.Row, rowErr error) error) error {
	f, err := open()
	if err != nil {
		return err
	}
	defer f.Close()
	r := csvio.NewReader(f, s, o)
	for row, err := range r.Rows() {
		if err := ctx.Err(); err != nil {
			return err // interrupted: between batches, nothing half-written
		}
		if err != nil {
			var re *csvio.RowError
			if !errors.As(err, &re) {
				return err
			}
		}
		if err := fn(r, row, err); err != nil {
			return err
		}
	}
	return nil
}

// ExportOptions tune Export.
type ExportOptions = csvio.WriterOptions

// Export writes every record of reg to w as CSV and returns how many rows
// it wrote.
func Export(ctx context.Context, reg Table, w io.Writer, o ExportOptions) (int, error) {
	cw, err := csvio.NewWriter(w, reg.Schema, o)
	if err != nil {
		return 0, err
	}
	n := 0
	for vals, err := range reg.Export(ctx) {
		if err != nil {
			return n, err
		}
		if err := cw.Write(vals); err != nil {
			return n, err
		}
		n++
	}
	return n, cw.Flush()
}

// Upsert adds to b the writes that make the records of c match vals, by
// id: a value whose record is missing is created, one whose record
// differs is updated (at its version), one equal to its record is left.
// Before comparing, keep copies into the imported value what the file
// does not carry (registration dates, derived fields) from the stored one;
// it may be nil. The ids must differ.
func Upsert[T any](ctx context.Context, b *relaciona.Batch, c *relaciona.Collection[T], vals []T, id func(*T) string, keep func(stored, imported *T)) (Counts, error) {
	var n Counts
	ids := make([]string, len(vals))
	for i := range vals {
		ids[i] = id(&vals[i])
	}
	have, err := c.GetMany(ctx, ids)
	if err != nil {
		return n, err
	}
	stored := make(map[string]relaciona.Doc[T], len(have))
	for _, d := range have {
		stored[d.ID] = d
	}
	for i := range vals {
		v := &vals[i]
		d, ok := stored[ids[i]]
		if !ok {
			c.Put(b, v, 0)
			n.Created++
			continue
		}
		if keep != nil {
			keep(&d.Value, v)
		}
		a, err1 := json.Marshal(d.Value)
		z, err2 := json.Marshal(v)
		if err := errors.Join(err1, err2); err != nil {
			return n, err
		}
		if string(a) == string(z) {
			n.Unchanged++
			continue
		}
		c.Put(b, v, d.Version)
		n.Updated++
	}
	return n, nil
}

// ExportRows streams every record of c as a row of values, row giving a
// record's values in the schema's order: the Export of a Table whose
// register is one collection.
func ExportRows[T any](ctx context.Context, c *relaciona.Collection[T], row func(*T) []string) iter.Seq2[[]string, error] {
	return func(yield func([]string, error) bool) {
		for d, err := range c.Scan(ctx, relaciona.Filter{}) {
			if err != nil {
				yield(nil, err)
				return
			}
			if !yield(row(&d.Value), nil) {
				return
			}
		}
	}
}
