package process_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

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
