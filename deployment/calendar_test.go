package deployment

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

func TestNewCalendar(t *testing.T) {
	d, err := Load(filepath.Join("testdata", "valid", "deployment.yaml"), relaciona.Spanish)
	require.NoError(t, err)
	cal, err := d.NewCalendar()
	require.NoError(t, err)
	assert.Equal(t, calendar.Colombia, cal.Country())
	xmasEve, err := calendar.ParseDate("2026-12-24") // a Thursday, closed by the deployment
	require.NoError(t, err)
	assert.False(t, cal.IsBusinessDay(xmasEve), "a closure in the deployment is not a business day")
	dec23, err := calendar.ParseDate("2026-12-23")
	require.NoError(t, err)
	assert.True(t, cal.IsBusinessDay(dec23))
}

// Uruguay's working holidays stop the clock only when the deployment says so.
func TestNewCalendarWorkingHolidays(t *testing.T) {
	reyes, err := calendar.ParseDate("2027-01-06") // a Wednesday, a "feriado laborable"
	require.NoError(t, err)
	for _, stop := range []bool{false, true} {
		body := "kind: deployment\nversion: 1\nname: X\ncountry: UY\n"
		if stop {
			body += "calendar: {working_holidays_stop: true}\n"
		}
		d, err := Load(write(t, t.TempDir(), "d.yaml", body), relaciona.Spanish)
		require.NoError(t, err)
		cal, err := d.NewCalendar()
		require.NoError(t, err)
		assert.Equal(t, !stop, cal.IsBusinessDay(reyes), "working_holidays_stop: %v", stop)
	}
}

// A closure outside the years the calendar covers passes the schema and is
// reported at its date when the file is loaded.
func TestLoadClosureOutOfRange(t *testing.T) {
	path := write(t, t.TempDir(), "d.yaml", "kind: deployment\nversion: 1\nname: X\ncountry: CO\ncalendar:\n  closures:\n    - {date: 2026-12-24, name: Nochebuena}\n    - {date: 1900-01-02, name: Muy antigua}\n")
	_, err := Load(path, relaciona.Spanish)
	require.Error(t, err)
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Equal(t, path+":8:14: calendar.closures[1].date: la fecha 1900-01-02 está fuera del rango admitido (1984-01-01 a 2199-12-31)", err.Error())
	_, err = Load(path, relaciona.English)
	require.Error(t, err)
	assert.Equal(t, path+":8:14: calendar.closures[1].date: the date 1900-01-02 is outside the supported range (1984-01-01 to 2199-12-31)", err.Error())
}
