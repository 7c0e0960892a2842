package satisfaction

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/csvio"
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
// comma or semicolon separated; other columns are ignored), through
// package csvio, as "relaciona import availability" does. The first error
// is a *relaciona.ValidationError naming the line, the byte column and
// the column, in English. It checks the format only; RecordAvailability
// checks services and ranges. A file may have at most 1,000,000 rows.
func ParseAvailabilityCSV(r io.Reader) ([]Availability, error) {
	cr := csvio.NewReader(r, AvailabilityColumns(), csvio.Options{Lang: relaciona.English, IgnoreUnknown: true, MaxRows: maxCSVRows})
	var out []Availability
	for row, err := range cr.Rows() {
		if err != nil {
			return nil, firstProblem(err)
		}
		a := availabilityOf(row)
		for _, f := range []struct {
			name string
			n    int
		}{{"scheduled_minutes", a.ScheduledMinutes}, {"down_minutes", a.DownMinutes}} {
			if f.n < 0 || f.n > maxDayMinutes {
				return nil, &relaciona.ValidationError{Line: row.Line, Column: 1, Field: f.name, Msg: fmt.Sprintf("%d is not a number of minutes (0-%d)", f.n, maxDayMinutes)}
			}
		}
		out = append(out, a)
	}
	return out, nil
}

// maxCSVRows bounds one availability import through ParseAvailabilityCSV,
// which holds the records in memory; "relaciona import availability"
// streams and has no bound.
const maxCSVRows = 1_000_000

// firstProblem turns csvio's first error into the *relaciona.ValidationError
// ParseAvailabilityCSV has always returned.
func firstProblem(err error) error {
	var re *csvio.RowError
	if errors.As(err, &re) && len(re.Errs) > 0 {
		err = re.Errs[0]
	}
	var ce *csvio.Error
	if errors.As(err, &ce) {
		return &relaciona.ValidationError{Line: ce.Line, Column: max(ce.Pos, 1), Field: ce.Column, Msg: ce.Msg}
	}
	if errs, ok := err.(interface{ Unwrap() []error }); ok && len(errs.Unwrap()) > 0 {
		return firstProblem(errs.Unwrap()[0])
	}
	return fmt.Errorf("%w: read CSV: %v", relaciona.ErrInvalid, err)
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
