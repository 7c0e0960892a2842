// Package calendar counts business days (días hábiles) for Colombia (CO),
// Chile (CL) and Uruguay (UY), the unit of every legal term in relaciona: a
// PQRSD answer in Colombia is due 15 business days after filing (Ley 1755
// de 2015, art. 14), counted from the business day after the filing day.
//
// Holidays are computed by rule, never typed in per year, as DOMAIN.md
// ("Time and calendars") states them; each country's rule table in rules.go
// cites its laws:
//
//   - Colombia: Ley 51 de 1983 ("Ley Emiliani"): fixed holidays, holidays
//     moved to the following Monday, and the Easter-based ones (Holy Thursday
//     and Good Friday; Ascension, Corpus Christi and Sacred Heart on the
//     Mondays Easter+43, +64, +71); from 2026 Jul 9 (Ley 2578 de 2026).
//   - Chile: Ley 2.977 and its amendments; the Ley 19.668 moves of Jun 29
//     and Oct 12; Oct 31 (Ley 20.299) moved to a Friday; Sep 17 and Sep 20
//     (Leyes 20.215 and 20.983); Jan 2 after a Sunday Jan 1 (Ley 20.983);
//     the Día Nacional de los Pueblos Indígenas on the winter solstice (Ley
//     21.357), computed with Meeus' algorithm in Chile's time zone.
//   - Uruguay: Ley 16.805 as changed by Ley 17.414: five non-working
//     holidays, and working ("laborables") ones, some of which move to a
//     Monday. Whether a working holiday stops the clock is the agency's
//     choice (Options.WorkingHolidaysStop).
//
// Easter comes from the Gregorian computus. Every holiday has a first year
// and maybe a last one, so past years come out as they were (Chile's Sep 11
// until 1998, Colombia's Jul 9 only from 2026). Dates from MinYear (1984,
// the first year of Ley 51 de 1983) to MaxYear (2199) are supported. Regional
// holidays and one-off decrees the rules cannot foresee are an agency's
// closure days (Options.Closures), which come from its YAML configuration.
//
// # Tour
//
// ParseDate reads "YYYY-MM-DD" into a civil Date; DateOf takes the date of a
// time.Time in its own location. New builds a Calendar for a country:
//
//	cal, err := calendar.New(calendar.Colombia, calendar.Options{})
//	due, err := cal.AddBusinessDays(filed, 15)     // the due date
//	left, err := cal.BusinessDaysBetween(today, due) // business days left
//	ok := cal.IsBusinessDay(d)
//	hs, err := cal.Holidays(2026)                  // sorted, with closures
//
// AddBusinessDays(from, n) = to implies BusinessDaysBetween(from, to) = n.
// Errors wrap relaciona.ErrInvalid; they are *InputError values that name
// the field and carry the message in Spanish (Error) and English (Text).
//
// A Calendar is safe for concurrent use. Each year's table (a bitset of the
// days off, a running count and the list of business days) is computed on
// first use and kept inside the Calendar, so a lookup is a few array reads
// and AddBusinessDays takes a few tens of nanoseconds for any term. The
// package has no global mutable state. github.com/rickar/cal/v2 was not used:
// it has none of the three countries, and the rules plus a per-year table
// are less code than adapting its holiday model.
package calendar
