package process

import (
	"strconv"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// Period is what every process's Reports takes: the days the reports
// cover (From to To, both included), their language, and whether personal
// data is left out. A process whose reports are of a fixed span reads the
// span that holds To: satisfaction the month of To (and the interviews of
// its year), citizen the quarter of To, alliance the office's cycle up to
// To; stakeholder covers From to To.
type Period struct {
	From, To calendar.Date
	Lang     relaciona.Lang
	// Redact leaves personal data (names of persons, contacts) out.
	Redact bool
}

// Validate checks that the period has both ends, in order.
func (p Period) Validate() error {
	if p.From.IsZero() || p.To.IsZero() {
		return &relaciona.ValidationError{Field: "period", Msg: p.Lang.T("el periodo necesita fecha de inicio y de fin", "the period needs a start and an end date")}
	}
	if p.To.Before(p.From) {
		return &relaciona.ValidationError{Field: "period", Msg: p.Lang.Tf("el periodo termina (%s) antes de empezar (%s)", "the period ends (%s) before it starts (%s)", p.To, p.From)}
	}
	return nil
}

// String names the period: "2026-03-01..2026-03-31".
func (p Period) String() string { return p.From.String() + ".." + p.To.String() }

// Month returns the period of a calendar month.
func Month(year int, month time.Month, lang relaciona.Lang) Period {
	first := calendar.Date{Year: year, Month: month, Day: 1}
	next := time.Date(year, month+1, 1, 0, 0, 0, 0, time.UTC)
	return Period{From: first, To: calendar.DateOf(next).AddDays(-1), Lang: lang}
}

// LastMonth returns the period of the last whole month before date's
// month: the month the periodic job reports on.
func LastMonth(date calendar.Date, lang relaciona.Lang) Period {
	prev := calendar.Date{Year: date.Year, Month: date.Month, Day: 1}.AddDays(-1)
	return Month(prev.Year, prev.Month, lang)
}

// ParsePeriod reads a period as a person writes it: a month "2026-03", a
// quarter "2026-Q1" (or "2026-T1", Spanish "trimestre"), or a year "2026".
// Errors wrap relaciona.ErrInvalid and are in lang.
func ParsePeriod(s string, lang relaciona.Lang) (Period, error) {
	bad := func() (Period, error) {
		return Period{}, &relaciona.ValidationError{Field: "period", Msg: lang.Tf(
			"periodo %q no válido: use AAAA-MM, AAAA-Tn o AAAA", "invalid period %q: use YYYY-MM, YYYY-Qn or YYYY", s)}
	}
	s = strings.ToUpper(strings.TrimSpace(s))
	y, rest, _ := strings.Cut(s, "-")
	year, err := strconv.Atoi(y)
	if err != nil || len(y) != 4 || year < calendar.MinYear || year > calendar.MaxYear {
		return bad()
	}
	switch {
	case rest == "":
		return Period{From: calendar.Date{Year: year, Month: 1, Day: 1}, To: calendar.Date{Year: year, Month: 12, Day: 31}, Lang: lang}, nil
	case rest[0] == 'Q' || rest[0] == 'T':
		q, err := strconv.Atoi(rest[1:])
		if err != nil || q < 1 || q > 4 {
			return bad()
		}
		from := Month(year, time.Month(3*q-2), lang)
		to := Month(year, time.Month(3*q), lang)
		return Period{From: from.From, To: to.To, Lang: lang}, nil
	}
	m, err := strconv.Atoi(rest)
	if err != nil || len(rest) != 2 || m < 1 || m > 12 {
		return bad()
	}
	return Month(year, time.Month(m), lang), nil
}

// Quarter returns the year and quarter (1-4) that hold date.
func Quarter(date calendar.Date) (year, quarter int) {
	return date.Year, (int(date.Month)-1)/3 + 1
}
