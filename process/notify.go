package process

import (
	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// NotifyStaff writes to b, for each person of to, the notification kind
// of process about a record, due on due (none for the zero date), with
// fields for its template, in the person's language.
func NotifyStaff(b *relaciona.Batch, process, kind string, about relaciona.Ref, due calendar.Date, to []relaciona.Person, fields map[string]string) {
	d := ""
	if !due.IsZero() {
		d = due.String()
	}
	for _, per := range to {
		b.Notify(relaciona.Notification{Kind: kind, Process: process, About: about, Due: d,
			To: relaciona.Recipient{Person: per.ID}, Lang: relaciona.Lang(per.Lang), Fields: fields})
	}
}
