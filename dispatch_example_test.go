package relaciona_test

import (
	"context"
	"fmt"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/driver"
)

// printChannel is a channel that prints what it is given.
type printChannel struct{}

func (printChannel) Send(_ context.Context, m driver.Message) error {
	fmt.Printf("%s -> %s: %s\n", m.ID, relaciona.RedactEmail(m.To.Email), m.Subject)
	return nil
}
func (printChannel) Close() error { return nil }

// A rule writes a notification with its change; the dispatcher delivers
// it once: a second run finds nothing due.
func ExampleDispatcher() {
	ctx := context.Background()
	store, _ := relaciona.OpenStore(ctx, "sqlite://:memory:")
	defer store.Close()
	dir, _ := relaciona.NewRoster(relaciona.Person{ID: "ana", Name: "Ana Pérez", Email: "ana.perez@agencia.gov.co", Lang: "en"})

	_ = store.Update(ctx, relaciona.SystemActor(), "dtest.overdue", "", 3, func(b *relaciona.Batch) error {
		// ... the change that makes case C-1 overdue, then:
		b.Notify(relaciona.Notification{Kind: "dtest.due", Process: "dtest", About: relaciona.Ref{Kind: "dtest.case", ID: "C-1"},
			Due: "2026-12-04", To: relaciona.Recipient{Person: "ana"}})
		return nil
	})

	d := relaciona.NewDispatcher(store, dir, map[string]driver.Notifier{relaciona.ChannelEmail: printChannel{}}, relaciona.DispatchOptions{})
	res, _ := d.Dispatch(ctx)
	fmt.Println("sent:", res.Sent)
	res, _ = d.Dispatch(ctx)
	fmt.Println("sent again:", res.Sent)
	// Output:
	// dtest.due:dtest.case/C-1:2026-12-04:person:ana -> a***@a***.gov.co: Due C-1
	// sent: 1
	// sent again: 0
}
