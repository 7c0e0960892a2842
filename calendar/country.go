package calendar

import (
	"strings"
	"time"
)

// Country is the ISO 3166-1 alpha-2 code of a supported country.
type Country string

// The supported countries.
const (
	Colombia Country = "CO"
	Chile    Country = "CL"
	Uruguay  Country = "UY"
)

// ParseCountry accepts "CO", "CL" or "UY", in any case and with surrounding
// spaces. Any other value is an *InputError (relaciona.ErrInvalid).
func ParseCountry(s string) (Country, error) {
	switch c := Country(strings.ToUpper(strings.TrimSpace(s))); c {
	case Colombia, Chile, Uruguay:
		return c, nil
	}
	return "", inputErr("country", s,
		"país %q no admitido: use CO (Colombia), CL (Chile) o UY (Uruguay)",
		"unsupported country %q: use CO (Colombia), CL (Chile) or UY (Uruguay)", s)
}

// Kind says what sort of day off a Holiday is.
type Kind string

// The kinds of holiday.
const (
	// KindNational is a national holiday of Colombia or Chile: no business.
	KindNational Kind = "national"
	// KindNonWorking is one of Uruguay's five "feriados no laborables"
	// (Jan 1, May 1, Jul 18, Aug 25, Dec 25): no business.
	KindNonWorking Kind = "non-working"
	// KindWorking is a Uruguayan "feriado laborable". Public offices keep it,
	// but whether it stops the clock is the agency's choice
	// (Options.WorkingHolidaysStop).
	KindWorking Kind = "working"
	// KindClosure is a closure day of the agency itself (Options.Closures).
	KindClosure Kind = "closure"
)

// Holiday is one day off in a country's calendar, on the date it is
// observed (after any move to a Monday or a Friday the law makes).
type Holiday struct {
	Date   Date
	Name   string // Spanish name
	NameEN string // English name
	Kind   Kind
	Law    string // the law that makes the day a holiday or moves it; empty for closures
}

// Closure is a day an agency closes besides the country's holidays. It comes
// from the agency's YAML configuration.
type Closure struct {
	Date Date   `yaml:"date" json:"date"`
	Name string `yaml:"name" json:"name"`
}

// Options are an agency's choices on top of its country's calendar.
type Options struct {
	// Closures are the agency's own closure days; they are not business days.
	Closures []Closure
	// WorkingHolidaysStop says whether Uruguay's "feriados laborables"
	// (KindWorking) stop the clock. Public offices usually keep them, so
	// an agency that closes on them sets it; the law leaves it to the
	// agency. It has no effect for Colombia and Chile.
	WorkingHolidaysStop bool
}

// The supported range of dates. Dates and years outside it are an
// *InputError. 1984 is the first year of Colombia's Ley 51 de 1983.
const (
	MinYear = 1984
	MaxYear = 2199
)

var (
	minDate = Date{Year: MinYear, Month: time.January, Day: 1}
	maxDate = Date{Year: MaxYear, Month: time.December, Day: 31}
)
