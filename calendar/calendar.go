package calendar

import (
	"fmt"
	"slices"
	"sync/atomic"
)

// Calendar is the business-day calendar of one country with one agency's
// options. It is safe for concurrent use: each year's table is computed on
// first use and kept, without locks on the read path.
type Calendar struct {
	country     Country
	workingStop bool
	closures    map[int][]Closure // by year; read-only after New
	years       [MaxYear - MinYear + 1]atomic.Pointer[yearTable]
}

// yearTable is one year of a Calendar, precomputed.
type yearTable struct {
	closed   [6]uint64   // bit i set: 0-based day i of the year is not a business day
	cum      [367]uint16 // cum[i]: business days among days 0..i-1 of the year
	biz      []uint16    // the days of the year that are business days, in order
	holidays []Holiday   // sorted by date
}

func (t *yearTable) total() int { return len(t.biz) }

// New returns the calendar of country with the agency's options. An unknown
// country, or a closure with an invalid date, a date outside MinYear..MaxYear
// or no name, is an *InputError naming the closure.
func New(country Country, opts Options) (*Calendar, error) {
	if rulesFor(country) == nil {
		return nil, inputErr("country", string(country),
			"país %q no admitido: use CO (Colombia), CL (Chile) o UY (Uruguay)",
			"unsupported country %q: use CO (Colombia), CL (Chile) or UY (Uruguay)", string(country))
	}
	c := &Calendar{country: country, workingStop: opts.WorkingHolidaysStop, closures: map[int][]Closure{}}
	for i, cl := range opts.Closures {
		field := fmt.Sprintf("closures[%d]", i)
		if err := checkDate(field+".date", cl.Date); err != nil {
			return nil, err
		}
		if cl.Name == "" {
			return nil, inputErr(field+".name", "",
				"%s.name: el cierre del %s necesita un nombre",
				"%s.name: the closure on %s needs a name", field, cl.Date)
		}
		c.closures[cl.Date.Year] = append(c.closures[cl.Date.Year], cl)
	}
	return c, nil
}

// Country returns the calendar's country.
func (c *Calendar) Country() Country { return c.country }

// Holidays returns the holidays of year observed in the calendar's country,
// and the agency's closures of that year (KindClosure), sorted by date. Two
// holidays on the same day are both listed. Uruguay's working holidays are
// listed whatever Options.WorkingHolidaysStop says; their Kind tells them
// apart. A year outside MinYear..MaxYear is an *InputError.
func (c *Calendar) Holidays(year int) ([]Holiday, error) {
	if year < MinYear || year > MaxYear {
		return nil, inputErr("year", fmt.Sprint(year),
			"año %d fuera del rango admitido (%d a %d)",
			"year %d is outside the supported range (%d to %d)", year, MinYear, MaxYear)
	}
	return slices.Clone(c.table(year).holidays), nil
}

// IsBusinessDay reports whether d is a business day: not a Saturday or
// Sunday, not a holiday that stops the clock, not an agency closure. An
// invalid date or one outside the supported range is not a business day.
func (c *Calendar) IsBusinessDay(d Date) bool {
	if !d.valid() || d.Year < MinYear || d.Year > MaxYear {
		return false
	}
	yd := d.yday()
	return c.table(d.Year).closed[yd>>6]&(1<<(yd&63)) == 0
}

// AddBusinessDays returns the due date of a term of n business days filed on
// from: the count starts on the business day after from, so n = 1 is the next
// business day, and the due date is always a business day. n = 0 returns
// from. A negative n, an invalid date, or a from or result outside the
// supported range is an *InputError.
func (c *Calendar) AddBusinessDays(from Date, n int) (Date, error) {
	if err := checkDate("from", from); err != nil {
		return Date{}, err
	}
	if n < 0 {
		return Date{}, inputErr("days", fmt.Sprint(n),
			"plazo de %d días hábiles: no puede ser negativo",
			"term of %d business days: it cannot be negative", n)
	}
	if n == 0 {
		return from, nil
	}
	y := from.Year
	t := c.table(y)
	k := int(t.cum[from.yday()+1]) // business days of the year up to and including from
	for {
		if n <= t.total()-k { // not k+n: n may be near math.MaxInt
			return fromYday(y, int(t.biz[k+n-1])), nil
		}
		n -= t.total() - k
		k = 0
		if y++; y > MaxYear {
			return Date{}, inputErr("days", "",
				"el vencimiento cae después del %s, fuera del rango admitido",
				"the due date falls after %s, outside the supported range", maxDate)
		}
		t = c.table(y)
	}
}

// BusinessDaysBetween returns the number of business days d with
// from < d <= to; it is negative (minus the count of to < d <= from) when to
// is before from. So AddBusinessDays(from, n) = to implies
// BusinessDaysBetween(from, to) = n. An invalid date or one outside the
// supported range is an *InputError.
func (c *Calendar) BusinessDaysBetween(from, to Date) (int, error) {
	if err := checkDate("from", from); err != nil {
		return 0, err
	}
	if err := checkDate("to", to); err != nil {
		return 0, err
	}
	if to.Before(from) {
		n, err := c.BusinessDaysBetween(to, from)
		return -n, err
	}
	tf := c.table(from.Year)
	fk := int(tf.cum[from.yday()+1])
	if from.Year == to.Year {
		return int(tf.cum[to.yday()+1]) - fk, nil
	}
	n := tf.total() - fk
	for y := from.Year + 1; y < to.Year; y++ {
		n += c.table(y).total()
	}
	return n + int(c.table(to.Year).cum[to.yday()+1]), nil
}

// checkDate rejects an invalid date or one outside the supported range.
func checkDate(field string, d Date) error {
	if !d.valid() {
		return inputErr(field, d.String(),
			"%s: la fecha %s no existe",
			"%s: the date %s does not exist", field, d)
	}
	if d.Year < MinYear || d.Year > MaxYear {
		return inputErr(field, d.String(),
			"%s: la fecha %s está fuera del rango admitido (%s a %s)",
			"%s: the date %s is outside the supported range (%s to %s)", field, d, minDate, maxDate)
	}
	return nil
}

// table returns the precomputed table of year y (MinYear <= y <= MaxYear),
// computing it on first use. Two goroutines may compute the same year at
// once; the first to store it wins and both return that one.
func (c *Calendar) table(y int) *yearTable {
	p := &c.years[y-MinYear]
	if t := p.Load(); t != nil {
		return t
	}
	t := c.build(y)
	if p.CompareAndSwap(nil, t) {
		return t
	}
	return p.Load()
}

// build computes year y: its holidays by rule, the agency's closures, and
// the business-day tables.
func (c *Calendar) build(y int) *yearTable {
	t := &yearTable{}
	e := easter(y)
	for _, r := range rulesFor(c.country) {
		if !r.inForce(y) {
			continue
		}
		d, ok := r.on(y, e)
		if !ok || d.Year != y {
			continue
		}
		k := r.kind
		if k == "" {
			k = KindNational
		}
		t.holidays = append(t.holidays, Holiday{Date: d, Name: r.name, NameEN: r.nameEN, Kind: k, Law: r.law})
	}
	for _, cl := range c.closures[y] {
		t.holidays = append(t.holidays, Holiday{Date: cl.Date, Name: cl.Name, NameEN: cl.Name, Kind: KindClosure})
	}
	slices.SortStableFunc(t.holidays, func(a, b Holiday) int { return a.Date.Compare(b.Date) })

	for _, h := range t.holidays {
		if h.Kind == KindWorking && !c.workingStop {
			continue
		}
		yd := h.Date.yday()
		t.closed[yd>>6] |= 1 << (yd & 63)
	}
	n := 365 + leapIndex(y)
	wd := weekdayOf(daysFromCivil(y, 1, 1))
	t.biz = make([]uint16, 0, 262)
	for yd := 0; yd < n; yd++ {
		if wd == 0 || wd == 6 {
			t.closed[yd>>6] |= 1 << (yd & 63)
		}
		if t.closed[yd>>6]&(1<<(yd&63)) == 0 {
			t.biz = append(t.biz, uint16(yd))
		}
		t.cum[yd+1] = uint16(len(t.biz))
		if wd++; wd == 7 {
			wd = 0
		}
	}
	return t
}
