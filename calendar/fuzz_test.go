package calendar

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/relaciona/relaciona"
)

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-03-27", "2024-02-29", "2025-02-29", "2026-13-01", "0000-00-00", "9999-12-31", "", "2026-3-27", "２026-03-27", "2026-03-2\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if !errors.Is(err, relaciona.ErrInvalid) {
				t.Fatalf("ParseDate(%q): error %v does not wrap ErrInvalid", s, err)
			}
			var ie *InputError
			if !errors.As(err, &ie) || ie.Text(relaciona.English) == "" || err.Error() == "" {
				t.Fatalf("ParseDate(%q): %v is not a complete *InputError", s, err)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) = %v, which formats as %q", s, d, d.String())
		}
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			t.Fatalf("ParseDate(%q) accepted what time.Parse rejects: %v", s, err)
		}
	})
}

// FuzzAddBusinessDaysInverse checks AddBusinessDays(f, n) = t ⇒
// BusinessDaysBetween(f, t) = n, that t is a business day when n > 0, and
// that no day between f and t is skipped or double-counted (t-1 business day
// is before t).
func FuzzAddBusinessDaysInverse(f *testing.F) {
	f.Add(uint8(0), 2026, 3, 27, 15, false)
	f.Add(uint8(1), 2024, 9, 17, 60, false)
	f.Add(uint8(2), 2026, 3, 27, 10, true)
	f.Add(uint8(0), 2199, 12, 30, 5, false)
	f.Add(uint8(1), 1984, 1, 1, 100000, false)
	f.Add(uint8(2), 2026, 2, 30, -1, true)
	f.Add(uint8(0), 2026, 3, 27, math.MaxInt, false)
	countries := []Country{Colombia, Chile, Uruguay}
	f.Fuzz(func(t *testing.T, ci uint8, y, m, day, n int, stop bool) {
		cal, err := New(countries[int(ci)%len(countries)], Options{WorkingHolidaysStop: stop})
		if err != nil {
			t.Fatal(err)
		}
		from := Date{Year: y, Month: time.Month(m), Day: day}
		due, err := cal.AddBusinessDays(from, n)
		if err != nil {
			if !errors.Is(err, relaciona.ErrInvalid) {
				t.Fatalf("AddBusinessDays(%v, %d): %v does not wrap ErrInvalid", from, n, err)
			}
			return
		}
		if n == 0 {
			if due != from {
				t.Fatalf("AddBusinessDays(%v, 0) = %v", from, due)
			}
			return
		}
		if !cal.IsBusinessDay(due) || !due.After(from) {
			t.Fatalf("AddBusinessDays(%v, %d) = %v: not a business day after from", from, n, due)
		}
		got, err := cal.BusinessDaysBetween(from, due)
		if err != nil || got != n {
			t.Fatalf("BusinessDaysBetween(%v, %v) = %d, %v; want %d", from, due, got, err, n)
		}
		back, err := cal.BusinessDaysBetween(due, from)
		if err != nil || back != -n {
			t.Fatalf("BusinessDaysBetween(%v, %v) = %d, %v; want %d", due, from, back, err, -n)
		}
		if prev, err := cal.AddBusinessDays(from, n-1); err != nil || !prev.Before(due) {
			t.Fatalf("AddBusinessDays(%v, %d) = %v, %v: not before %v", from, n-1, prev, err, due)
		}
	})
}
