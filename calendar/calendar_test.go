package calendar

import (
	"errors"
	"math"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

func mustDate(t testing.TB, s string) Date {
	t.Helper()
	d, err := ParseDate(s)
	require.NoError(t, err)
	return d
}

func mustNew(t testing.TB, c Country, o Options) *Calendar {
	t.Helper()
	cal, err := New(c, o)
	require.NoError(t, err)
	return cal
}

func TestAddBusinessDays(t *testing.T) {
	tests := []struct {
		name    string
		country Country
		opts    Options
		from    string
		n       int
		want    string
	}{
		{"worked check: Holy Thu/Fri 2026", Colombia, Options{}, "2026-03-27", 15, "2026-04-21"},
		{"zero days returns from", Colombia, Options{}, "2026-03-28", 0, "2026-03-28"},
		{"next business day after a Friday", Colombia, Options{}, "2026-03-27", 1, "2026-03-30"},
		{"filed on a Saturday", Colombia, Options{}, "2026-03-28", 1, "2026-03-30"},
		{"filed on a holiday", Colombia, Options{}, "2026-04-02", 1, "2026-04-06"},
		{"across the new year", Colombia, Options{}, "2025-12-24", 5, "2026-01-02"},
		{"PQRSD 10 days", Colombia, Options{}, "2026-06-05", 10, "2026-06-23"},
		{"Chile Holy Saturday is a weekend anyway", Chile, Options{}, "2026-04-02", 1, "2026-04-06"},
		{"Chile Fiestas Patrias 2024", Chile, Options{}, "2024-09-17", 1, "2024-09-23"},
		{"Uruguay working holidays keep the clock", Uruguay, Options{}, "2026-03-27", 1, "2026-03-30"},
		{"Uruguay working holidays stop the clock", Uruguay, Options{WorkingHolidaysStop: true}, "2026-03-27", 1, "2026-04-06"},
		// 2025 has 261 weekdays, 16 of them holidays (Jun 30 holds two).
		{"the 245 business days of 2025", Colombia, Options{}, "2024-12-31", 245, "2025-12-31"},
		{"one more is in 2026", Colombia, Options{}, "2024-12-31", 246, "2026-01-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cal := mustNew(t, tt.country, tt.opts)
			got, err := cal.AddBusinessDays(mustDate(t, tt.from), tt.n)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String())
			n, err := cal.BusinessDaysBetween(mustDate(t, tt.from), got)
			require.NoError(t, err)
			assert.Equal(t, tt.n, n)
		})
	}
}

// TestAddBusinessDaysMatchesWalk compares the table lookup with a plain walk,
// day by day, over random starts and terms in every country.
func TestAddBusinessDaysMatchesWalk(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, c := range []Country{Colombia, Chile, Uruguay} {
		for _, stop := range []bool{false, true} {
			cal := mustNew(t, c, Options{WorkingHolidaysStop: stop, Closures: []Closure{{Date{2026, time.December, 24}, "Nochebuena"}}})
			for i := 0; i < 3000; i++ {
				from := civilFromDays(daysFromCivil(MinYear, 1, 1) + r.IntN(216*365))
				n := r.IntN(400)
				want, d := from, from
				for k := 0; k < n && d.Year <= MaxYear; {
					d = d.AddDays(1)
					if cal.IsBusinessDay(d) {
						k++
						want = d
					}
				}
				if d.Year > MaxYear {
					continue
				}
				got, err := cal.AddBusinessDays(from, n)
				require.NoError(t, err)
				require.Equal(t, want, got, "%s %s + %d", c, from, n)
				between, err := cal.BusinessDaysBetween(from, got)
				require.NoError(t, err)
				require.Equal(t, n, between)
			}
		}
	}
}

func TestBusinessDaysBetween(t *testing.T) {
	co := mustNew(t, Colombia, Options{})
	tests := []struct {
		from, to string
		want     int
	}{
		{"2026-03-27", "2026-04-21", 15},
		{"2026-04-21", "2026-03-27", -15},
		{"2026-03-27", "2026-03-27", 0},
		{"2026-03-27", "2026-03-29", 0}, // the weekend
		{"2026-03-28", "2026-03-30", 1},
		{"2026-04-01", "2026-04-05", 0}, // Holy Thursday, Good Friday, weekend
		{"2025-12-31", "2026-01-01", 0},
		{"2025-12-31", "2026-01-02", 1},
		{"1984-01-01", "2199-12-31", 0}, // filled below from the tables
	}
	all := 0
	for y := MinYear; y <= MaxYear; y++ {
		all += co.table(y).total()
	}
	tests[len(tests)-1].want = all
	for _, tt := range tests {
		got, err := co.BusinessDaysBetween(mustDate(t, tt.from), mustDate(t, tt.to))
		require.NoError(t, err)
		assert.Equal(t, tt.want, got, "%s..%s", tt.from, tt.to)
	}
	assert.Greater(t, all, 216*240)
}

func TestIsBusinessDay(t *testing.T) {
	co := mustNew(t, Colombia, Options{})
	assert.True(t, co.IsBusinessDay(Date{2026, time.March, 27}))
	assert.False(t, co.IsBusinessDay(Date{2026, time.March, 28}), "Saturday")
	assert.False(t, co.IsBusinessDay(Date{2026, time.March, 29}), "Sunday")
	assert.False(t, co.IsBusinessDay(Date{2026, time.April, 3}), "Good Friday")
	assert.False(t, co.IsBusinessDay(Date{2026, time.February, 30}), "invalid date")
	assert.False(t, co.IsBusinessDay(Date{1983, time.March, 1}), "before the range")
	assert.False(t, co.IsBusinessDay(Date{2200, time.March, 3}), "after the range")
	assert.False(t, co.IsBusinessDay(Date{}), "zero date")
}

func TestClosures(t *testing.T) {
	cal := mustNew(t, Colombia, Options{Closures: []Closure{
		{Date: Date{2026, time.December, 24}, Name: "Nochebuena"},
		{Date: Date{2026, time.December, 31}, Name: "Cierre de vigencia"},
		{Date: Date{2027, time.January, 1}, Name: "Año Nuevo (cierre)"}, // on a holiday: both listed
	}})
	assert.False(t, cal.IsBusinessDay(Date{2026, time.December, 24}))
	assert.True(t, cal.IsBusinessDay(Date{2026, time.December, 23}))
	due, err := cal.AddBusinessDays(Date{2026, time.December, 23}, 3)
	require.NoError(t, err)
	// Dec 24 closure, Dec 25 Christmas, weekend, Dec 31 closure, Jan 1.
	assert.Equal(t, Date{2026, time.December, 30}, due)
	assert.Equal(t, Date{2026, time.December, 29}, mustAdd(t, cal, Date{2026, time.December, 23}, 2))
	assert.Equal(t, Date{2027, time.January, 4}, mustAdd(t, cal, Date{2026, time.December, 23}, 4))

	hs, err := cal.Holidays(2026)
	require.NoError(t, err)
	last := hs[len(hs)-3:]
	assert.Equal(t, Holiday{Date: Date{2026, time.December, 24}, Name: "Nochebuena", NameEN: "Nochebuena", Kind: KindClosure}, last[0])
	assert.Equal(t, "Navidad", last[1].Name)
	assert.Equal(t, KindClosure, last[2].Kind)
	hs27, _ := cal.Holidays(2027)
	assert.Equal(t, "Año Nuevo", hs27[0].Name)
	assert.Equal(t, "Año Nuevo (cierre)", hs27[1].Name)

	// Without closures the same term ends earlier.
	plain := mustNew(t, Colombia, Options{})
	assert.Equal(t, Date{2026, time.December, 28}, mustAdd(t, plain, Date{2026, time.December, 23}, 2))
}

func mustAdd(t *testing.T, c *Calendar, from Date, n int) Date {
	t.Helper()
	d, err := c.AddBusinessDays(from, n)
	require.NoError(t, err)
	return d
}

func TestUYWorkingHolidaysChoice(t *testing.T) {
	keep := mustNew(t, Uruguay, Options{})
	stop := mustNew(t, Uruguay, Options{WorkingHolidaysStop: true})
	tourismMonday := Date{2026, time.March, 30}
	assert.True(t, keep.IsBusinessDay(tourismMonday))
	assert.False(t, stop.IsBusinessDay(tourismMonday))
	// Non-working holidays stop the clock either way.
	assert.False(t, keep.IsBusinessDay(Date{2026, time.May, 1}))
	assert.False(t, stop.IsBusinessDay(Date{2026, time.May, 1}))
	// The lists are the same; the kind says which is which.
	a, _ := keep.Holidays(2026)
	b, _ := stop.Holidays(2026)
	assert.Equal(t, a, b)
	// Tourism Week (5 days) and Carnival (2) shift a 10-day term.
	assert.Equal(t, Date{2026, time.April, 10}, mustAdd(t, keep, Date{2026, time.March, 27}, 10))
	assert.Equal(t, Date{2026, time.April, 17}, mustAdd(t, stop, Date{2026, time.March, 27}, 10))
	// The option has no effect for Colombia and Chile.
	for _, c := range []Country{Colombia, Chile} {
		x, y := mustNew(t, c, Options{}), mustNew(t, c, Options{WorkingHolidaysStop: true})
		assert.Equal(t, mustAdd(t, x, Date{2026, time.January, 2}, 200), mustAdd(t, y, Date{2026, time.January, 2}, 200))
	}
}

func TestRangeAndInputErrors(t *testing.T) {
	co := mustNew(t, Colombia, Options{})
	check := func(err error, field, es, en string) {
		t.Helper()
		require.Error(t, err)
		assert.True(t, errors.Is(err, relaciona.ErrInvalid), "%v", err)
		var ie *InputError
		require.True(t, errors.As(err, &ie))
		assert.Equal(t, field, ie.Field)
		assert.Contains(t, ie.Text(relaciona.Spanish), es)
		assert.Contains(t, ie.Text(relaciona.English), en)
	}
	_, err := co.AddBusinessDays(Date{2026, time.March, 27}, -1)
	check(err, "days", "no puede ser negativo", "cannot be negative")
	_, err = co.AddBusinessDays(Date{1983, time.December, 31}, 1)
	check(err, "from", "fuera del rango admitido (1984-01-01 a 2199-12-31)", "outside the supported range")
	_, err = co.AddBusinessDays(Date{2200, time.January, 1}, 0)
	check(err, "from", "fuera del rango", "outside the supported range")
	_, err = co.AddBusinessDays(Date{2026, time.February, 29}, 1)
	check(err, "from", "no existe", "does not exist")
	_, err = co.AddBusinessDays(Date{2199, time.December, 20}, 30)
	check(err, "days", "después del 2199-12-31", "after 2199-12-31")
	last, err := co.AddBusinessDays(Date{2199, time.December, 20}, 5)
	require.NoError(t, err)
	assert.Equal(t, 2199, last.Year)
	_, err = co.AddBusinessDays(Date{MinYear, time.January, 1}, 1<<40)
	check(err, "days", "después", "after")
	_, err = co.AddBusinessDays(Date{2026, time.March, 27}, math.MaxInt)
	check(err, "days", "después", "after")

	_, err = co.BusinessDaysBetween(Date{1983, time.January, 1}, Date{2026, time.January, 1})
	check(err, "from", "fuera del rango", "outside")
	_, err = co.BusinessDaysBetween(Date{2026, time.January, 1}, Date{2200, time.January, 1})
	check(err, "to", "fuera del rango", "outside")
	_, err = co.BusinessDaysBetween(Date{2026, time.January, 1}, Date{2026, time.April, 31})
	check(err, "to", "no existe", "does not exist")

	_, err = co.Holidays(1983)
	check(err, "year", "año 1983 fuera del rango admitido (1984 a 2199)", "year 1983 is outside")
	_, err = co.Holidays(2200)
	check(err, "year", "2200", "2200")
	_, err = co.Holidays(MaxYear)
	require.NoError(t, err)

	_, err = New("AR", Options{})
	check(err, "country", "país \"AR\" no admitido", "unsupported country")
	_, err = New("co", Options{})
	check(err, "country", "no admitido", "unsupported") // use ParseCountry to normalize
	_, err = New(Colombia, Options{Closures: []Closure{{Date: Date{2026, time.June, 31}, Name: "x"}}})
	check(err, "closures[0].date", "no existe", "does not exist")
	_, err = New(Colombia, Options{Closures: []Closure{{Date: Date{2026, time.June, 1}, Name: "ok"}, {Date: Date{2300, time.June, 1}, Name: "x"}}})
	check(err, "closures[1].date", "fuera del rango", "outside")
	_, err = New(Colombia, Options{Closures: []Closure{{Date: Date{2026, time.June, 1}}}})
	check(err, "closures[0].name", "necesita un nombre", "needs a name")
}

func TestParseCountry(t *testing.T) {
	for in, want := range map[string]Country{"CO": Colombia, "cl": Chile, " uy ": Uruguay} {
		got, err := ParseCountry(in)
		require.NoError(t, err)
		assert.Equal(t, want, got)
		assert.Equal(t, want, mustNew(t, got, Options{}).Country())
	}
	for _, in := range []string{"", "AR", "COL", "Colombia"} {
		_, err := ParseCountry(in)
		assert.ErrorIs(t, err, relaciona.ErrInvalid, in)
	}
}

// TestConcurrentUse builds the yearly tables from many goroutines at once;
// run with -race.
func TestConcurrentUse(t *testing.T) {
	cal := mustNew(t, Chile, Options{})
	var wg sync.WaitGroup
	results := make([]Date, 16)
	for g := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for y := 2020; y <= 2040; y++ {
				_, _ = cal.Holidays(y)
				_ = cal.IsBusinessDay(Date{y, time.June, 21})
			}
			d, err := cal.AddBusinessDays(Date{2020, time.January, 1}, 4000)
			if err == nil {
				results[g] = d
			}
		}()
	}
	wg.Wait()
	for _, d := range results {
		assert.Equal(t, results[0], d)
		assert.False(t, d.IsZero())
	}
}
