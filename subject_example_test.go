package relaciona_test

import (
	"context"
	"fmt"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/driver"
)

// Member is a stored type with personal data, marked with PersonalTag.
type Member struct {
	ID    string `json:"id" personal:"subject"`
	Name  string `json:"name" personal:"true"`
	Email string `json:"email" personal:"key"`
	Group string `json:"group"`
}

// ExampleSubjects answers a data subject's access request, then erases
// their data through an audited new version: the audit chain and every
// record still verify.
func ExampleSubjects() {
	ctx := context.Background()
	store, _ := relaciona.OpenStore(ctx, "sqlite://:memory:")
	defer store.Close()
	dir, _ := relaciona.NewRoster(relaciona.Person{ID: "dpo", Name: "Delegada de datos",
		Roles: []driver.Role{{Name: relaciona.RoleDataProtection}}})

	members := relaciona.NewCollection(store, "club.member", func(m *Member) relaciona.Key { return relaciona.Key{ID: m.ID} })
	b := store.Begin(relaciona.SystemActor(), "club.register", "new member")
	members.Put(b, &Member{ID: "m-1", Name: "Carmen Ruiz", Email: "carmen@example.co", Group: "coro"}, 0)
	_, _ = b.Commit(ctx)

	// A process offers its kinds through relaciona.Personal.
	kinds := []relaciona.PersonalKind{{Process: "club", Kind: "club.member", New: func() any { return &Member{} }}}
	subjects := relaciona.NewSubjects(store, dir, kinds, nil)
	dpo := relaciona.Actor{ID: "dpo"}
	today := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

	x, _ := subjects.Export(ctx, dpo, "carmen@example.co", today)
	fmt.Println("records:", len(x.Records), "personal:", x.Records[0].Personal)

	res, _ := subjects.Erase(ctx, dpo, "carmen@example.co", "SUP-2026-0042", today)
	fmt.Println("erased:", res.Records, "record(s)")

	m, _ := members.Get(ctx, "m-1")
	fmt.Printf("after: %+v\n", m.Value)
	_, err := store.VerifyAudit(ctx)
	fmt.Println("audit verifies:", err == nil)
	_, err = store.VerifyRecords(ctx)
	fmt.Println("records verify:", err == nil)
	// Output:
	// records: 1 personal: [email name]
	// erased: 1 record(s)
	// after: {ID:m-1 Name: Email: Group:coro}
	// audit verifies: true
	// records verify: true
}
