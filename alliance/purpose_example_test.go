package alliance_test

import (
	"context"
	"fmt"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/alliance"
)

// The purpose measured: referrals and information requests recorded as
// they happen, measured per alliance and month in business days.
func ExampleProcess_Purpose() {
	ctx := context.Background()
	s, done := exampleProcess(ctx)
	defer done()
	boss, team := relaciona.Actor{ID: "encargado"}, relaciona.Actor{ID: "equipo-1"}
	_, _ = s.RecordReferral(ctx, team, "c-0001", "convenio-sence", date("2026-04-01"))
	_, _ = s.CloseReferral(ctx, team, "c-0001", date("2026-04-07"), true) // Good Friday is not a business day
	_, _ = s.RecordReferral(ctx, team, "c-0002", "convenio-sence", date("2026-04-08"))
	_, _ = s.RecordInfoRequest(ctx, team, "q-0001", "convenio-sence", date("2026-04-08"))
	_, _ = s.AnswerInfoRequest(ctx, boss, "q-0001", date("2026-04-10"))
	rows, err := s.Purpose(ctx, "omil-valparaiso", date("2026-04-01"), date("2026-04-30"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rows {
		fmt.Printf("%s %s: resolved %d of %d (%.0f%%, target met %v), %.0f business days to resolve, %.0f to answer\n",
			r.Alliance, r.Month, r.Resolved, r.Referred, 100*r.ResolutionRate, r.RateMet, r.ResolveDays, r.AnswerDays)
	}
	// Output:
	// convenio-sence 2026-04: resolved 1 of 2 (50%, target met true), 3 business days to resolve, 2 to answer
}

// A change of kind follows the link table: a link not yet operational is
// activated; an agreement cannot go straight back to a link.
func ExampleProcess_ChangeKind() {
	ctx := context.Background()
	s, done := exampleProcess(ctx)
	defer done()
	boss, gestor := relaciona.Actor{ID: "encargado"}, relaciona.Actor{ID: "gestor"}
	a, err := s.ChangeKind(ctx, gestor, "vinculo-inclusion", date("2026-03-02"), alliance.StepActivate, alliance.LinkChange{Reason: "first referrals"})
	fmt.Println(a.Kind, err)
	_, err = s.ChangeKind(ctx, boss, "convenio-sence", date("2026-03-02"), alliance.StepSuspend, alliance.LinkChange{Reason: "x", DecideBy: date("2026-06-30")})
	fmt.Println(err)
	// Output:
	// understanding <nil>
	// step go back to a link not operational (suspend) out of order: the kind of link of convenio-sence is in "agreement"; steps allowed now: let the agreement lapse (lapse)
}
