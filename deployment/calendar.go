package deployment

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/schemas"
)

// NewCalendar returns the business-day calendar of the deployment's country
// with its closure days and, for Uruguay, its choice on working holidays.
// Load has already checked that it can be built; an error here wraps
// relaciona.ErrInvalid.
func (d *Deployment) NewCalendar() (*calendar.Calendar, error) {
	cal, _, err := d.buildCalendar()
	return cal, err
}

// buildCalendar builds the calendar; on a bad closure date it also returns
// the closure's index (else -1).
func (d *Deployment) buildCalendar() (*calendar.Calendar, int, error) {
	country, err := calendar.ParseCountry(d.Country)
	if err != nil {
		return nil, -1, err
	}
	opts := calendar.Options{WorkingHolidaysStop: d.Calendar.WorkingHolidaysStop}
	for i, c := range d.Calendar.Closures {
		date, err := calendar.ParseDate(c.Date)
		if err != nil {
			return nil, i, fmt.Errorf("deployment: calendar.closures[%d].date: %w", i, err)
		}
		opts.Closures = append(opts.Closures, calendar.Closure{Date: date, Name: c.Name})
	}
	cal, err := calendar.New(country, opts)
	if err != nil {
		var ie *calendar.InputError
		if errors.As(err, &ie) {
			if i, ok := closureIndex(ie.Field); ok {
				return nil, i, err
			}
		}
		return nil, -1, err
	}
	return cal, -1, nil
}

// checkCalendar builds the calendar once so that what the schema cannot
// check (a closure outside the years the calendar covers) is reported at
// the closure's date when the file is loaded, not when it is used.
func (d *Deployment) checkCalendar(p *problemList, closurePos []schemas.Position, calendarPos schemas.Position) {
	_, i, err := d.buildCalendar()
	if err == nil {
		return
	}
	msg := err.Error()
	var ie *calendar.InputError
	if errors.As(err, &ie) {
		msg = strings.TrimPrefix(ie.Text(p.lang), ie.Field+": ")
	}
	if i >= 0 && i < len(closurePos) {
		p.add(closurePos[i], fmt.Sprintf("calendar.closures[%d].date", i), msg)
		return
	}
	p.add(calendarPos, "calendar", msg)
}

// closureIndex reads i from "closures[i]...".
func closureIndex(field string) (int, bool) {
	rest, ok := strings.CutPrefix(field, "closures[")
	if !ok {
		return 0, false
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return 0, false
	}
	i, err := strconv.Atoi(rest[:end])
	return i, err == nil
}
