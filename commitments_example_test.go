package relaciona_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/relaciona/relaciona"
)

// A process makes a commitment in the batch of the record that makes it;
// the owner delivers it with evidence; only a person the directory lists
// as speaking for the other party confirms it.
func ExampleCommitments() {
	ctx := context.Background()
	store, _ := relaciona.OpenStore(ctx, "sqlite://:memory:")
	defer store.Close()
	dir, _ := relaciona.NewRoster(
		relaciona.Person{ID: "jefa"},
		relaciona.Person{ID: "ana", Manager: "jefa"},
		relaciona.Person{ID: "referente-salud"},
	)
	reg := relaciona.NewCommitments(store, dir)
	ana := relaciona.Actor{ID: "ana"}
	on := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }

	// The work meeting's action and its commitment: one batch.
	b := store.Begin(ana, "satisfaction.meeting", "reunión de trabajo")
	b.Put(relaciona.Record{Kind: "satisfaction.action", ID: "a1", Body: []byte(`{"title":"informe mensual"}`)}, 0)
	c, err := reg.Add(ctx, b, relaciona.NewCommitment{
		Key:    "a1-1",
		Source: relaciona.CommitmentSource{Process: "satisfaction", Kind: "satisfaction.action", ID: "a1"},
		Ours:   relaciona.OurParty{Owner: "ana"},
		Theirs: relaciona.OtherParty{Kind: "client", ID: "salud", Confirmers: []string{"referente-salud"}},
		What:   "enviar el informe de disponibilidad",
		Due:    on("2026-03-10"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := b.Commit(ctx); err != nil {
		fmt.Println(err)
		return
	}

	// Past its due date, the scheduled job tells ana and jefa, once.
	late, _ := reg.NotifyOverdue(ctx, relaciona.SystemActor(), "satisfaction", on("2026-03-11"))
	fmt.Println("overdue notified:", len(late))

	_, err = reg.Do(ctx, ana, "commitment.deliver", "", time.Time{}, func(b *relaciona.Batch) (relaciona.Commitment, error) {
		return reg.Deliver(ctx, b, c.ID, relaciona.Evidence{Note: "informe enviado"}, on("2026-03-12"))
	})
	fmt.Println("delivered:", err == nil)

	confirm := func(who string) error {
		_, err := reg.Do(ctx, relaciona.Actor{ID: who}, "commitment.confirm", "", time.Time{}, func(b *relaciona.Batch) (relaciona.Commitment, error) {
			return reg.Confirm(ctx, b, c.ID, "conforme", on("2026-03-13"))
		})
		return err
	}
	fmt.Println("ana confirms her own:", errors.Is(confirm("ana"), relaciona.ErrForbidden))
	fmt.Println("the client confirms:", confirm("referente-salud"))
	c, _, _ = reg.Get(ctx, c.ID)
	fmt.Println(c.ID, c.Status)
	// Output:
	// overdue notified: 1
	// delivered: true
	// ana confirms her own: true
	// the client confirms: <nil>
	// satisfaction:a1-1 confirmed
}
