package process_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

func TestDateTimeAndDayCell(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    calendar.Date
		at   time.Time
		cell report.Cell
	}{
		{"a date", calendar.Date{Year: 2026, Month: time.March, Day: 2}, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), report.Day(2026, time.March, 2)},
		{"the zero date", calendar.Date{}, time.Time{}, report.Empty()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.at, process.DateTime(tc.d))
			assert.Equal(t, tc.cell, process.DayCell(tc.d))
		})
	}
}

func TestDateString(t *testing.T) {
	tests := []struct {
		name string
		d    calendar.Date
		want string
	}{
		{"a date", calendar.Date{Year: 2026, Month: 3, Day: 9}, "2026-03-09"},
		{"the zero date is unset", calendar.Date{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, process.DateString(tc.d)) })
	}
}
