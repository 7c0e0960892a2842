package satisfaction

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// Availability is one day of a service's availability, as the agency's
// monitoring supplies it: the minutes the service was scheduled to be up
// and the minutes it was down. The monthly standard service report sums
// them (seed 003 §3.2: "Reportes periódicos sobre los servicios (resumen
// disponibilidad ...)").
type Availability struct {
	Service          string        `json:"service"`
	Date             calendar.Date `json:"date"`
	ScheduledMinutes int           `json:"scheduled_minutes"`
	DownMinutes      int           `json:"down_minutes"`
}

// maxDayMinutes is the most minutes a day has.
const maxDayMinutes = 24 * 60

// RecordAvailability stores availability records in one batch; a record
// for a service and day already stored is replaced. Any invalid record
// rejects them all (nothing changed).
func (p *Process) RecordAvailability(ctx context.Context, a relaciona.Actor, recs []Availability, at time.Time) (int, error) {
	a, err := p.authorize(ctx, a, "record availability", RoleManager, RoleExecutor)
	if err != nil {
		return 0, err
	}
	seen := map[string]bool{}
	months := map[Month]bool{}
	for i, r := range recs {
		f := fmt.Sprintf("records[%d]", i)
		if err := p.checkService(f+".service", r.Service, true); err != nil {
			return 0, err
		}
		if r.Date.IsZero() {
			return 0, p.invalid(f+".date", "la fecha es obligatoria", "the date is required")
		}
		if r.ScheduledMinutes < 0 || r.ScheduledMinutes > maxDayMinutes {
			return 0, p.invalid(f+".scheduled_minutes", "los minutos programados %d están fuera de 0-%d", "scheduled minutes %d are outside 0-%d", r.ScheduledMinutes, maxDayMinutes)
		}
		if r.DownMinutes < 0 || r.DownMinutes > r.ScheduledMinutes {
			return 0, p.invalid(f+".down_minutes", "los minutos caídos %d están fuera de 0-%d (los minutos programados)", "down minutes %d are outside 0-%d (the scheduled minutes)", r.DownMinutes, r.ScheduledMinutes)
		}
		k := r.Service + "/" + r.Date.String()
		if seen[k] {
			return 0, p.invalid(f, "el servicio %s del %s aparece dos veces", "service %s on %s appears twice", r.Service, r.Date)
		}
		seen[k] = true
		months[MonthOf(r.Date)] = true
	}
	b := p.store.Begin(a, "satisfaction.availability", "availability records supplied")
	for i := range recs {
		p.avail.Put(b, &recs[i], relaciona.AnyVersion)
	}
	if err := p.invalidate(ctx, b, months); err != nil {
		return 0, err
	}
	return len(recs), p.commit(ctx, b, at)
}

// ParseAvailabilityCSV reads availability records from CSV with the header
// "service,date,scheduled_minutes,down_minutes" (columns in any order,
// comma or semicolon separated; other columns are ignored). Errors name the
// line and column. It checks the format only; RecordAvailability checks
// services and ranges.
func ParseAvailabilityCSV(r io.Reader) ([]Availability, error) {
	br := &peekReader{r: r}
	comma := ','
	if first, err := br.firstLine(); err == nil && strings.Count(first, ";") > strings.Count(first, ",") {
		comma = ';'
	}
	cr := csv.NewReader(br)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &relaciona.ValidationError{Line: 1, Column: 1, Msg: "the CSV is empty: it needs the header service,date,scheduled_minutes,down_minutes"}
	}
	if err != nil {
		return nil, csvErr(err)
	}
	cols := map[string]int{}
	for i, h := range head {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		cols[h] = i
	}
	need := []string{"service", "date", "scheduled_minutes", "down_minutes"}
	for _, n := range need {
		if _, ok := cols[n]; !ok {
			return nil, &relaciona.ValidationError{Line: 1, Column: 1, Field: n, Msg: fmt.Sprintf("the header lacks the column %q (need %s)", n, strings.Join(need, ","))}
		}
	}
	var out []Availability
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, csvErr(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		get := func(name string) (string, int, error) {
			i := cols[name]
			if i >= len(rec) {
				return "", 0, &relaciona.ValidationError{Line: line, Column: 1, Field: name, Msg: fmt.Sprintf("the row has no %s column", name)}
			}
			_, col := cr.FieldPos(i)
			return strings.TrimSpace(rec[i]), col, nil
		}
		var a Availability
		v, col, err := get("service")
		if err != nil {
			return nil, err
		}
		if v == "" {
			return nil, &relaciona.ValidationError{Line: line, Column: col, Field: "service", Msg: "the service is empty"}
		}
		a.Service = v
		if v, col, err = get("date"); err != nil {
			return nil, err
		}
		if a.Date, err = calendar.ParseDate(v); err != nil {
			return nil, &relaciona.ValidationError{Line: line, Column: col, Field: "date", Msg: err.Error()}
		}
		for _, f := range []struct {
			name string
			dst  *int
		}{{"scheduled_minutes", &a.ScheduledMinutes}, {"down_minutes", &a.DownMinutes}} {
			if v, col, err = get(f.name); err != nil {
				return nil, err
			}
			n, perr := strconv.Atoi(v)
			if perr != nil || n < 0 || n > maxDayMinutes {
				return nil, &relaciona.ValidationError{Line: line, Column: col, Field: f.name, Msg: fmt.Sprintf("%q is not a number of minutes (0-%d)", v, maxDayMinutes)}
			}
			*f.dst = n
		}
		out = append(out, a)
		if len(out) > maxCSVRows {
			return nil, &relaciona.ValidationError{Line: line, Column: 1, Msg: fmt.Sprintf("more than %d rows: split the file", maxCSVRows)}
		}
	}
}

// maxCSVRows bounds one availability import.
const maxCSVRows = 1_000_000

func csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &relaciona.ValidationError{Line: pe.Line, Column: pe.Column, Msg: pe.Err.Error()}
	}
	return fmt.Errorf("%w: read CSV: %v", relaciona.ErrInvalid, err)
}

// peekReader lets the parser look at the first line to pick the separator.
type peekReader struct {
	r    io.Reader
	buf  []byte
	read bool
}

func (p *peekReader) firstLine() (string, error) {
	if !p.read {
		p.read = true
		b := make([]byte, 4096)
		n, err := io.ReadAtLeast(p.r, b, 1)
		p.buf = b[:n]
		if err != nil && n == 0 {
			return "", err
		}
	}
	s := string(p.buf)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s, nil
}

func (p *peekReader) Read(b []byte) (int, error) {
	if len(p.buf) > 0 {
		n := copy(b, p.buf)
		p.buf = p.buf[n:]
		return n, nil
	}
	return p.r.Read(b)
}

// ImportAvailabilityCSV parses CSV (see ParseAvailabilityCSV) and records
// it in one batch.
func (p *Process) ImportAvailabilityCSV(ctx context.Context, a relaciona.Actor, r io.Reader, at time.Time) (int, error) {
	a, err := p.authorize(ctx, a, "record availability", RoleManager, RoleExecutor)
	if err != nil {
		return 0, err
	}
	recs, err := ParseAvailabilityCSV(r)
	if err != nil {
		return 0, err
	}
	return p.RecordAvailability(ctx, a, recs, at)
}
