package process

import "github.com/relaciona/relaciona/calendar"

// DateString is d as YYYY-MM-DD, or "" for the zero date: how a
// process's notifications and records write a date that may be unset.
func DateString(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
