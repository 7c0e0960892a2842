package proctest

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/relaciona/relaciona/calendar"
)

func TestDate(t *testing.T) {
	assert.Equal(t, calendar.Date{Year: 2026, Month: 3, Day: 2}, Date("2026-03-02"))
	for _, bad := range []string{"", "2026-02-30", "02/03/2026"} {
		assert.Panics(t, func() { Date(bad) }, bad)
	}
}
