package satisfaction

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

func TestAvailabilityCSVImport(t *testing.T) {
	f := newFixture(t)
	csv := "\ufeffdate;service;scheduled_minutes;down_minutes;note\n2026-03-01;vpn;1440;30;corte\n2026-03-02;vpn;1440;0;\n"
	n, err := f.p.ImportAvailabilityCSV(f.ctx, f.exe, strings.NewReader(csv), ts("2026-03-03T10:00:00Z"))
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	s, err := f.p.monthStats(f.ctx, Month{2026, 3}, "")
	require.NoError(t, err)
	a := s.availabilityOf([]string{"vpn"})
	assert.Equal(t, int64(2880), a.Scheduled)
	assert.InDelta(t, 1-30.0/2880, a.Value().Value, 1e-12)
	// A second import of the same day replaces it.
	_, err = f.p.ImportAvailabilityCSV(f.ctx, f.exe, strings.NewReader("service,date,scheduled_minutes,down_minutes\nvpn,2026-03-01,1440,0\n"), ts("2026-03-04T10:00:00Z"))
	require.NoError(t, err)
	s, err = f.p.monthStats(f.ctx, Month{2026, 3}, "")
	require.NoError(t, err)
	assert.Equal(t, int64(0), s.availabilityOf([]string{"vpn"}).Down)
}

func TestAvailabilityCSVErrorsNameLineAndColumn(t *testing.T) {
	cases := []struct {
		name, csv   string
		line, col   int
		field, want string
	}{
		{"missing column", "service,date,scheduled_minutes\n", 1, 1, "down_minutes", "lacks"},
		{"bad date", "service,date,scheduled_minutes,down_minutes\nvpn,2026-02-30,1440,0\n", 2, 5, "date", "2026-02-30"},
		{"bad minutes", "service,date,scheduled_minutes,down_minutes\nvpn,2026-03-01,1440,x\n", 2, 21, "down_minutes", "not a whole number"},
		{"too many minutes", "service,date,scheduled_minutes,down_minutes\nvpn,2026-03-01,2000,0\n", 2, 16, "scheduled_minutes", "outside 0-1440"},
		{"empty", "", 1, 1, "", "empty"},
		{"quote", "service,date,scheduled_minutes,down_minutes\n\"vpn,2026-03-01,1440,0\n", 2, 1, "", "quote"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseAvailabilityCSV(strings.NewReader(tc.csv))
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			ve := proctest.Invalid(t, err)
			assert.Equal(t, tc.line, ve.Line, "%v", err)
			if tc.col > 0 && tc.name != "quote" {
				assert.Equal(t, tc.col, ve.Column, "%v", err)
			}
			assert.Equal(t, tc.field, ve.Field)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestAvailabilityOutOfRangeChangesNothing(t *testing.T) {
	f := newFixture(t)
	before := f.auditCount(t)
	_, err := f.p.RecordAvailability(f.ctx, f.exe, []Availability{
		{Service: "vpn", Date: day("2026-03-01"), ScheduledMinutes: 1440},
		{Service: "vpn", Date: day("2026-03-02"), ScheduledMinutes: 60, DownMinutes: 61},
	}, ts("2026-03-03T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Equal(t, before, f.auditCount(t))
	_, err = f.p.RecordAvailability(f.ctx, f.exe, []Availability{{Service: "web", Date: day("2026-03-01"), ScheduledMinutes: 1}}, ts("2026-03-03T10:00:00Z"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
}

func FuzzParseAvailabilityCSV(f *testing.F) {
	f.Add([]byte("service,date,scheduled_minutes,down_minutes\nvpn,2026-03-01,1440,30\n"))
	f.Add([]byte("date;service;scheduled_minutes;down_minutes\n2026-03-01;vpn;1440;0\n"))
	f.Add([]byte("service,date\n\"a"))
	f.Fuzz(func(t *testing.T, data []byte) {
		recs, err := ParseAvailabilityCSV(strings.NewReader(string(data)))
		if err != nil {
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			return
		}
		for _, r := range recs {
			require.NotEmpty(t, r.Service)
			require.False(t, r.Date.IsZero())
			require.True(t, r.ScheduledMinutes >= 0 && r.ScheduledMinutes <= maxDayMinutes)
			require.True(t, r.DownMinutes >= 0 && r.DownMinutes <= maxDayMinutes)
		}
	})
}
