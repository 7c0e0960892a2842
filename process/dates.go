package process

import (
	"time"

	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
)

// DateTime is the instant that stands for civil date d in the store's
// time index (relaciona.Key.Time) of a date-keyed record: midnight UTC of
// d, or the zero time for the zero date.
func DateTime(d calendar.Date) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// DayCell shows civil date d in a report table; the zero date is an empty
// cell.
func DayCell(d calendar.Date) report.Cell {
	if d.IsZero() {
		return report.Empty()
	}
	return report.Day(d.Year, d.Month, d.Day)
}

// DateString is d as YYYY-MM-DD, or "" for the zero date: how a
// process's notifications and records write a date that may be unset.
func DateString(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
