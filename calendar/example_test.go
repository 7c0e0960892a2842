package calendar_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// A Colombian request filed on Friday 2026-03-27 has 15 business days for an
// answer; Holy Thursday and Good Friday (Apr 2-3) do not count.
func Example() {
	cal, err := calendar.New(calendar.Colombia, calendar.Options{})
	if err != nil {
		panic(err)
	}
	filed, _ := calendar.ParseDate("2026-03-27")
	due, _ := cal.AddBusinessDays(filed, 15)
	fmt.Println(due, due.Weekday())
	left, _ := cal.BusinessDaysBetween(calendar.Date{Year: 2026, Month: time.April, Day: 14}, due)
	fmt.Println(left, "business days left on Apr 14")
	// Output:
	// 2026-04-21 Tuesday
	// 5 business days left on Apr 14
}

func ExampleCalendar_Holidays() {
	cal, _ := calendar.New(calendar.Chile, calendar.Options{})
	hs, _ := cal.Holidays(2026)
	for _, h := range hs[:6] {
		fmt.Println(h.Date, h.NameEN, "—", h.Law)
	}
	// Output:
	// 2026-01-01 New Year's Day — Ley 2.977
	// 2026-04-03 Good Friday — Ley 2.977
	// 2026-04-04 Holy Saturday — Ley 2.977
	// 2026-05-01 Labour Day — Ley 2.200; Ley 18.018
	// 2026-05-21 Navy Day — Ley 2.977
	// 2026-06-21 National Day of Indigenous Peoples — Ley 21.357
}

// An agency closes on Christmas Eve, and in Uruguay it closes on the
// working holidays too (Tourism Week, Mar 30 to Apr 3 2026).
func ExampleOptions() {
	cal, _ := calendar.New(calendar.Uruguay, calendar.Options{
		Closures:            []calendar.Closure{{Date: calendar.Date{Year: 2026, Month: time.December, Day: 24}, Name: "Nochebuena"}},
		WorkingHolidaysStop: true,
	})
	d, _ := cal.AddBusinessDays(calendar.Date{Year: 2026, Month: time.March, Day: 27}, 1)
	fmt.Println(d)
	fmt.Println(cal.IsBusinessDay(calendar.Date{Year: 2026, Month: time.December, Day: 24}))
	// Output:
	// 2026-04-06
	// false
}

func ExampleParseDate() {
	_, err := calendar.ParseDate("2026-02-30")
	fmt.Println(errors.Is(err, relaciona.ErrInvalid))
	var ie *calendar.InputError
	if errors.As(err, &ie) {
		fmt.Println(ie.Text(relaciona.Spanish))
		fmt.Println(ie.Text(relaciona.English))
	}
	// Output:
	// true
	// fecha "2026-02-30": febrero de 2026 tiene 28 días
	// date "2026-02-30": February 2026 has 28 days
}
