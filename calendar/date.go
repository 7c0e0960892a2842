package calendar

import (
	"fmt"
	"time"
)

// Date is a civil date: a day in the calendar, with no time of day and no
// time zone. Deadlines are counted in such days. The zero Date is "no date"
// (see IsZero). A Date whose month or day is out of range is invalid; the
// Calendar methods reject it with an *InputError.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses "YYYY-MM-DD" (four-digit year, two-digit month and day).
// An error wraps relaciona.ErrInvalid and says what is wrong: the format, the
// month, or a day the month does not have.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, inputErr("date", s,
			"fecha %q: use el formato AAAA-MM-DD (por ejemplo 2026-03-27)",
			"date %q: use the format YYYY-MM-DD (for example 2026-03-27)", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, inputErr("date", s,
			"fecha %q: año, mes y día deben ser cifras (AAAA-MM-DD)",
			"date %q: year, month and day must be digits (YYYY-MM-DD)", s)
	}
	if m < 1 || m > 12 {
		return Date{}, inputErr("date", s,
			"fecha %q: el mes %d no existe (use 01 a 12)",
			"date %q: month %d does not exist (use 01 to 12)", s, m)
	}
	if n := daysIn(y, time.Month(m)); d < 1 || d > n {
		return Date{}, &InputError{Field: "date", Value: s,
			es: fmt.Sprintf("fecha %q: %s de %d tiene %d días", s, monthES[m], y, n),
			en: fmt.Sprintf("date %q: %s %d has %d days", s, time.Month(m), y, n)}
	}
	return Date{Year: y, Month: time.Month(m), Day: d}, nil
}

// MustParseDate is ParseDate for a date written in the program (tests,
// examples, fixed calendars): it panics when s is not a valid date.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// The Spanish month names, for messages (English uses time.Month.String).
var monthES = [13]string{"", "enero", "febrero", "marzo", "abril", "mayo", "junio",
	"julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// DateOf returns the civil date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// String formats d as "YYYY-MM-DD".
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText formats d as "YYYY-MM-DD", so that a Date reads and writes as
// a plain date in YAML and JSON.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses "YYYY-MM-DD" as ParseDate does.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	if d.valid() {
		return weekdayOf(daysFromCivil(d.Year, d.Month, d.Day))
	}
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()
}

// AddDays returns d plus n calendar days (n may be negative). Like
// time.Date, it normalizes an out-of-range month or day first.
func (d Date) AddDays(n int) Date {
	if d.valid() {
		return civilFromDays(daysFromCivil(d.Year, d.Month, d.Day) + n)
	}
	return DateOf(time.Date(d.Year, d.Month, d.Day+n, 12, 0, 0, 0, time.UTC))
}

// Compare returns -1 if d is before o, 0 if they are the same day and +1 if
// d is after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	default:
		return cmpInt(d.Day, o.Day)
	}
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// valid reports whether the month and day exist.
func (d Date) valid() bool {
	return d.Month >= time.January && d.Month <= time.December && d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// firstYday[leap][m] is the 0-based day of the year of the first of month m.
var firstYday = [2][14]int{
	{0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
	{0, 0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366},
}

func leapIndex(y int) int {
	if isLeap(y) {
		return 1
	}
	return 0
}

// yday returns the 0-based day of the year of a valid d.
func (d Date) yday() int { return firstYday[leapIndex(d.Year)][d.Month] + d.Day - 1 }

// fromYday returns the date of the 0-based day yd of year y.
func fromYday(y, yd int) Date {
	t := &firstYday[leapIndex(y)]
	m := 1 + yd/32 // first guess never overshoots: every month has at most 31 days
	for m < 12 && yd >= t[m+1] {
		m++
	}
	return Date{Year: y, Month: time.Month(m), Day: yd - t[m] + 1}
}

// daysFromCivil returns the number of days from 1970-01-01 to the valid date
// y-m-d (negative before it). The algorithm is H. Hinnant's
// "days_from_civil" for the proleptic Gregorian calendar.
func daysFromCivil(y int, m time.Month, d int) int {
	if m <= time.February {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (int(m) + 9) % 12 // March is 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return Date{Year: y, Month: time.Month(m), Day: d}
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// weekdayOf returns the weekday of day number z (1970-01-01 was a Thursday).
func weekdayOf(z int) time.Weekday { return time.Weekday(((z % 7) + 7 + 4) % 7) }
