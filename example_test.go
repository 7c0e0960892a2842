package relaciona_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/relaciona/relaciona"
)

// Contact is an application type stored in a typed collection.
type Contact struct {
	ID      string    `json:"id"`
	Channel string    `json:"channel"`
	Since   time.Time `json:"since"`
}

func Example() {
	ctx := context.Background()
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()

	contacts := relaciona.NewCollection(store, "example.contact", func(c *Contact) relaciona.Key {
		return relaciona.Key{ID: c.ID, Attrs: map[string]string{"channel": c.Channel}, Time: c.Since}
	})
	clerk := relaciona.Actor{ID: "clerk-7", Roles: []string{"clerk"}, Level: 4}

	// Create two records in one atomic, audited batch.
	b := store.Begin(clerk, "contact.register", "alta inicial")
	contacts.Put(b, &Contact{ID: "c1", Channel: "email", Since: time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)}, 0)
	contacts.Put(b, &Contact{ID: "c2", Channel: "phone", Since: time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC)}, 0)
	if _, err := b.Commit(ctx); err != nil {
		fmt.Println(err)
		return
	}

	// A write based on a stale version is refused and changes nothing.
	stale := store.Begin(clerk, "contact.edit", "")
	contacts.Put(stale, &Contact{ID: "c1", Channel: "web"}, 7)
	_, err = stale.Commit(ctx)
	fmt.Println("stale write refused:", errors.Is(err, relaciona.ErrConflict))

	// Stream what matches a filter.
	for d, err := range contacts.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"channel": "phone"}}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(d.ID, d.Version, d.Value.Channel)
	}

	sum, err := store.VerifyAudit(ctx)
	fmt.Println("audit entries:", sum.Entries, "verified:", err == nil)
	// The records are the ones the log describes.
	n, err := store.VerifyRecords(ctx, "example.contact")
	fmt.Println("records matching the log:", n, err == nil)
	// Output:
	// stale write refused: true
	// c2 1 phone
	// audit entries: 1 verified: true
	// records matching the log: 2 true
}

func ExampleActor_RequireLevel() {
	a := relaciona.Actor{ID: "ana", Level: 4}
	err := a.RequireLevel("negotiate an agreement", 6)
	fmt.Println(errors.Is(err, relaciona.ErrForbidden))
	fmt.Println(err)
	// Output:
	// true
	// forbidden: actor "ana" may not negotiate an agreement: needs SFIA level 6 or higher
}
