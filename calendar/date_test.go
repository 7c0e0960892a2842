package calendar

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantES  string // part of the Spanish message; empty when valid
		wantEN  string
		errWhat string
	}{
		{in: "2026-03-27", want: Date{2026, time.March, 27}},
		{in: "2024-02-29", want: Date{2024, time.February, 29}},
		{in: "2000-02-29", want: Date{2000, time.February, 29}},
		{in: "0001-01-01", want: Date{1, time.January, 1}},
		{in: "2025-02-29", wantES: "febrero de 2025 tiene 28 días", wantEN: "February 2025 has 28 days"},
		{in: "1900-02-29", wantES: "febrero de 1900 tiene 28 días", wantEN: "February 1900 has 28 days"},
		{in: "2026-04-31", wantES: "abril de 2026 tiene 30 días", wantEN: "April 2026 has 30 days"},
		{in: "2026-13-01", wantES: "el mes 13 no existe", wantEN: "month 13 does not exist"},
		{in: "2026-00-10", wantES: "el mes 0 no existe", wantEN: "month 0 does not exist"},
		{in: "2026-01-00", wantES: "enero de 2026 tiene 31 días", wantEN: "January 2026 has 31 days"},
		{in: "2026-3-27", wantES: "AAAA-MM-DD", wantEN: "YYYY-MM-DD"},
		{in: "27/03/2026", wantES: "AAAA-MM-DD", wantEN: "YYYY-MM-DD"},
		{in: "", wantES: "AAAA-MM-DD", wantEN: "YYYY-MM-DD"},
		{in: "2026-03-27T00:00", wantES: "AAAA-MM-DD", wantEN: "YYYY-MM-DD"},
		{in: "2026-0a-27", wantES: "deben ser cifras", wantEN: "must be digits"},
		{in: "+026-03-27", wantES: "deben ser cifras", wantEN: "must be digits"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if tt.wantES == "" {
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
				assert.Equal(t, tt.in, got.String())
				return
			}
			require.Error(t, err)
			assert.True(t, errors.Is(err, relaciona.ErrInvalid))
			var ie *InputError
			require.True(t, errors.As(err, &ie))
			assert.Equal(t, "date", ie.Field)
			assert.Equal(t, tt.in, ie.Value)
			assert.Contains(t, err.Error(), tt.wantES)
			assert.Contains(t, ie.Text(relaciona.Spanish), tt.wantES)
			assert.Contains(t, ie.Text(relaciona.English), tt.wantEN)
		})
	}
}

func TestDateCompare(t *testing.T) {
	a := Date{2026, time.March, 27}
	tests := []struct {
		b    Date
		want int
	}{
		{Date{2026, time.March, 27}, 0},
		{Date{2026, time.March, 28}, -1},
		{Date{2026, time.April, 1}, -1},
		{Date{2027, time.January, 1}, -1},
		{Date{2026, time.March, 26}, 1},
		{Date{2026, time.February, 28}, 1},
		{Date{2025, time.December, 31}, 1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, a.Compare(tt.b), "%s vs %s", a, tt.b)
		assert.Equal(t, -tt.want, tt.b.Compare(a))
		assert.Equal(t, tt.want < 0, a.Before(tt.b))
		assert.Equal(t, tt.want > 0, a.After(tt.b))
	}
}

func TestDateIsZero(t *testing.T) {
	assert.True(t, Date{}.IsZero())
	assert.False(t, Date{Year: 2026}.IsZero())
	assert.False(t, Date{2026, time.January, 1}.IsZero())
}

// TestDateArithmeticMatchesTime checks AddDays, Weekday and the internal day
// numbers against the standard library for every day from 1900 to 2250.
func TestDateArithmeticMatchesTime(t *testing.T) {
	tm := time.Date(1900, time.January, 1, 12, 0, 0, 0, time.UTC)
	d := Date{1900, time.January, 1}
	start := daysFromCivil(1900, time.January, 1)
	for i := 0; tm.Year() < 2250; i++ {
		require.Equal(t, DateOf(tm), d, "day %d", i)
		require.Equal(t, tm.Weekday(), d.Weekday(), "%s", d)
		require.Equal(t, start+i, daysFromCivil(d.Year, d.Month, d.Day))
		require.Equal(t, d, civilFromDays(start+i))
		require.Equal(t, d, fromYday(d.Year, d.yday()))
		require.Equal(t, tm.YearDay()-1, d.yday())
		tm = tm.AddDate(0, 0, 1)
		d = d.AddDays(1)
	}
	assert.Equal(t, Date{2024, time.February, 29}, Date{2024, time.March, 1}.AddDays(-1))
	assert.Equal(t, Date{2025, time.March, 1}, Date{2024, time.March, 1}.AddDays(365))
	// An invalid date is normalized like time.Date does.
	assert.Equal(t, Date{2026, time.March, 3}, Date{2026, time.February, 30}.AddDays(1))
	assert.Equal(t, time.Tuesday, Date{2026, time.February, 31}.Weekday()) // 2026-03-03
}

func TestDateOfUsesTheTimesLocation(t *testing.T) {
	utc := time.Date(2026, time.March, 28, 2, 0, 0, 0, time.UTC)
	bogota := time.FixedZone("COT", -5*3600)
	assert.Equal(t, Date{2026, time.March, 28}, DateOf(utc))
	assert.Equal(t, Date{2026, time.March, 27}, DateOf(utc.In(bogota)))
}

func TestDateText(t *testing.T) {
	type doc struct {
		Due Date `json:"due"`
	}
	b, err := json.Marshal(doc{Due: Date{2026, time.April, 21}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"due":"2026-04-21"}`, string(b))
	var got doc
	require.NoError(t, json.Unmarshal([]byte(`{"due":"2026-12-24"}`), &got))
	assert.Equal(t, Date{2026, time.December, 24}, got.Due)
	err = json.Unmarshal([]byte(`{"due":"2026-12-32"}`), &got)
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
}

// TestMustParseDate: a valid date parses as ParseDate gives it; an invalid
// one panics with ParseDate's error (an ErrInvalid).
func TestMustParseDate(t *testing.T) {
	for _, c := range []struct {
		in    string
		panic bool
	}{
		{in: "2026-03-27"},
		{in: "2024-02-29"},
		{in: "2026-02-29", panic: true},
		{in: "27/03/2026", panic: true},
	} {
		t.Run(c.in, func(t *testing.T) {
			if c.panic {
				assert.PanicsWithError(t, mustErr(c.in).Error(), func() { MustParseDate(c.in) })
				return
			}
			want, err := ParseDate(c.in)
			require.NoError(t, err)
			assert.Equal(t, want, MustParseDate(c.in))
		})
	}
}

func mustErr(s string) error {
	_, err := ParseDate(s)
	return err
}
