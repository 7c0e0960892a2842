package satisfaction_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	_ "github.com/relaciona/relaciona/plugins/desk" // desk:// URLs
	"github.com/relaciona/relaciona/satisfaction"
)

// The scores on worked examples: CSAT is the share of 4-5 answers, NPS the
// share of promoters (9-10) minus that of detractors (0-6), CES the mean. An
// empty set is undefined (reports show "—"), never NaN.
func ExampleNPS() {
	csat := satisfaction.Scale{Min: 1, Max: 5, SatisfiedFrom: 4}
	nps := satisfaction.Scale{Min: 0, Max: 10, PromotersFrom: 9, DetractorsUpTo: 6}
	ces := satisfaction.Scale{Min: 1, Max: 7}
	fmt.Printf("CSAT %.2f\n", satisfaction.CSAT(csat, 5, 4, 3, 2, 1, 5).Value)
	fmt.Printf("NPS %.0f\n", satisfaction.NPS(nps, 9, 10, 10, 7, 8, 0, 3, 5, 6, 6).Value)
	fmt.Printf("NPS all passive %.0f\n", satisfaction.NPS(nps, 7, 8, 7).Value)
	fmt.Printf("CES %.2f\n", satisfaction.CES(ces, 1, 2, 3, 7).Value)
	empty := satisfaction.CSAT(csat)
	fmt.Println("empty:", empty.Defined, empty.Value)
	// Output:
	// CSAT 0.50
	// NPS -20
	// NPS all passive 0
	// CES 3.25
	// empty: false 0
}

// A complaint heard by phone: any team member reports it and the owner is
// told; the manager follows a service complaint in a complaint ticket.
func Example() {
	ctx := context.Background()
	cfg, err := satisfaction.LoadConfig("../examples/satisfaction/satisfaction.yaml", relaciona.English)
	if err != nil {
		panic(err)
	}
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	if err != nil {
		panic(err)
	}
	defer store.Close()
	tickets, err := relaciona.OpenTickets(ctx, "desk://?queues=general,reclamos", relaciona.WithTicketStore(store))
	if err != nil {
		panic(err)
	}
	cal, err := calendar.New(calendar.Uruguay, calendar.Options{})
	if err != nil {
		panic(err)
	}
	p, err := satisfaction.New(store, cfg, cal, satisfaction.WithTickets(tickets))
	if err != nil {
		panic(err)
	}
	executor, _ := cfg.Actor("exe-sofia")
	manager, _ := cfg.Actor("mgr-luis")
	owner, _ := cfg.Actor("own-carla")
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

	c, err := p.ReportComplaint(ctx, executor, satisfaction.NewComplaint{Client: "salud", Service: "vpn",
		Channel: satisfaction.ChannelPhone, Scope: satisfaction.ScopeService, Summary: "La VPN se corta"}, at)
	if err != nil {
		panic(err)
	}
	inbox, _ := p.Notices(ctx, owner)
	fmt.Println(c.Status, "- owner notices:", len(inbox))

	// The executor may not open the complaint ticket: that is the manager's.
	_, err = p.FollowComplaint(ctx, executor, c.ID, at)
	fmt.Println(errors.Is(err, relaciona.ErrForbidden))

	c, err = p.FollowComplaint(ctx, manager, c.ID, at.Add(time.Hour))
	if err != nil {
		panic(err)
	}
	t, _ := tickets.Get(ctx, c.TicketID)
	fmt.Println(c.Status, "- ticket", t.ID, "in", t.Queue, "assigned to", t.Assignee)
	// Output:
	// registered - owner notices: 1
	// true
	// following - ticket 1 in reclamos assigned to mgr-luis
}
