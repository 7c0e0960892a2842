package desk_test

import (
	"context"
	"fmt"

	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

func Example() {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, ":memory:")
	if err != nil {
		panic(err)
	}
	defer store.Close()
	d, err := desk.New(store, desk.Options{Queues: []string{"pqrsd"}})
	if err != nil {
		panic(err)
	}
	t, err := d.Create(ctx, driver.NewTicket{Subject: "Solicitud de información", Requester: "ciudadano-17"})
	if err != nil {
		panic(err)
	}
	if err := d.Comment(ctx, t.ID, driver.Comment{Public: true, Body: "Recibimos su solicitud."}); err != nil {
		panic(err)
	}
	t, _ = d.Get(ctx, t.ID)
	fmt.Println(t.ID, t.Queue, t.Status)
	// Output: 1 pqrsd open
}
