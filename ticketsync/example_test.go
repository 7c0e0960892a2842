package ticketsync_test

import (
	"context"
	"fmt"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/ticketsync"
)

func Example() {
	ctx := context.Background()
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	d, _ := desk.New(store.Driver(), desk.Options{Queues: []string{"pqrsd"}})
	for _, s := range []string{"Solicitud de copia", "Queja por demora"} {
		if _, err := d.Create(ctx, driver.NewTicket{Subject: s}); err != nil {
			fmt.Println(err)
			return
		}
	}
	tickets, _ := relaciona.NewTickets(d)
	for range 2 {
		res, err := ticketsync.Sync(ctx, tickets, store, ticketsync.Options{Source: "desk"})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("read %d, wrote %d\n", res.Seen, res.Written)
	}
	// Output:
	// read 2, wrote 2
	// read 2, wrote 0
}
