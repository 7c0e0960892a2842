package proctest

import "github.com/relaciona/relaciona/calendar"

// Date parses s, a date of a test's own table (YYYY-MM-DD), and panics
// when it is no date: a mistake in the test, not in the code under test.
func Date(s string) calendar.Date {
	d, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}
