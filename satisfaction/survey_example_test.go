package satisfaction_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/satisfaction"
)

// Survey governance: with a surveys section, Run invites the client of a
// closed ticket once the delay has passed (through the outbox, on the
// ticket), and an answer under the comment threshold without a comment is
// refused with its reason. The first Run of a month's first business day
// also issues each client's standard service report of the month before.
func Example_surveys() {
	ctx := context.Background()
	cfg, err := satisfaction.LoadConfig("../examples/satisfaction/satisfaction.yaml", relaciona.English)
	if err != nil {
		panic(err)
	}
	cfg.Surveys = &satisfaction.SurveyConf{DelayHours: 24, LifetimeDays: 7, CommentBelow: map[string]int{"csat": 3}}
	if cfg, err = satisfaction.NewConfig(*cfg, relaciona.English); err != nil {
		panic(err)
	}
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	if err != nil {
		panic(err)
	}
	defer store.Close()
	cal, err := calendar.New(calendar.Uruguay, calendar.Options{})
	if err != nil {
		panic(err)
	}
	p, err := satisfaction.New(store, cfg, cal, satisfaction.WithLang(relaciona.English))
	if err != nil {
		panic(err)
	}
	manager, _ := cfg.Actor("mgr-luis")
	closed := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	_, err = p.ImportTickets(ctx, manager, []relaciona.Ticket{{ID: "T-7", Status: relaciona.StatusClosed,
		Fields: map[string]string{"client": "salud", "service": "vpn"}, Created: closed.Add(-2 * time.Hour), Updated: closed}}, closed)
	if err != nil {
		panic(err)
	}
	s, err := p.Run(ctx, relaciona.SystemActor(), calendar.Date{Year: 2026, Month: time.March, Day: 3})
	if err != nil {
		panic(err)
	}
	fmt.Println("invited:", s.Invited, "- reports:", len(s.Reports))

	_, err = p.ImportSurveys(ctx, manager, []relaciona.SurveyResponse{{ID: "S-1", TicketID: "T-7", Requester: "salud",
		Metric: "csat", Score: 2, Submitted: closed.Add(72 * time.Hour)}}, closed.Add(72*time.Hour))
	fmt.Println(errors.Is(err, relaciona.ErrInvalid))
	fmt.Println(err)
	// Output:
	// invited: [T-7] - reports: 3
	// true
	// responses[0].comment: response S-1 scores csat 2, under the threshold 3: it must explain the score in a comment
}
