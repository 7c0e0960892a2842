package calendar

import (
	"testing"
	"time"
)

// BenchmarkAddBusinessDays measures terms of 1 to 60 business days from
// varied dates of 2026 on a warm calendar. Target: at least 5M calls/s
// (200 ns/op or less).
func BenchmarkAddBusinessDays(b *testing.B) {
	cal, _ := New(Colombia, Options{})
	var froms [64]Date
	for i := range froms {
		froms[i] = Date{2026, time.January, 1}.AddDays(i * 5)
	}
	_, _ = cal.AddBusinessDays(froms[0], 400) // warm 2026 and 2027
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := cal.AddBusinessDays(froms[i&63], 1+i%60); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBusinessDaysBetween(b *testing.B) {
	cal, _ := New(Chile, Options{})
	from, to := Date{2026, time.March, 2}, Date{2026, time.June, 30}
	_, _ = cal.BusinessDaysBetween(from, to)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = cal.BusinessDaysBetween(from, to)
	}
}

func BenchmarkIsBusinessDay(b *testing.B) {
	cal, _ := New(Uruguay, Options{WorkingHolidaysStop: true})
	var days [64]Date
	for i := range days {
		days[i] = Date{2026, time.January, 1}.AddDays(i * 5)
	}
	_ = cal.IsBusinessDay(days[0])
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = cal.IsBusinessDay(days[i&63])
	}
}

// BenchmarkHolidays is the cached path: a copy of one year's list.
func BenchmarkHolidays(b *testing.B) {
	cal, _ := New(Chile, Options{})
	_, _ = cal.Holidays(2026)
	b.ReportAllocs()
	for b.Loop() {
		_, _ = cal.Holidays(2026)
	}
}

// BenchmarkHolidaysCold builds a year's table from the rules each time (a
// new Calendar per call): the cost of a year's first use, including Chile's
// solstice.
func BenchmarkHolidaysCold(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		cal, _ := New(Chile, Options{})
		_, _ = cal.Holidays(MinYear + i%(MaxYear-MinYear+1))
	}
}
