package alliance_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/alliance"
	"github.com/relaciona/relaciona/calendar"
)

func date(s string) calendar.Date {
	d, _ := calendar.ParseDate(s)
	return d
}

// exampleProcess is the process of the examples: the example file's
// configuration, in English, on an in-memory store, with the file's
// catastro imported by the Encargado OMIL on 2026-01-05; done closes the
// store.
func exampleProcess(ctx context.Context) (s *alliance.Process, done func()) {
	check := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	cfg, err := alliance.LoadConfig("../examples/alliance/alliance.yaml", relaciona.English)
	check(err)
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	check(err)
	cal, err := calendar.New(calendar.Chile, calendar.Options{})
	check(err)
	s, err = alliance.New(store, cfg, cal, alliance.WithLang(relaciona.English))
	check(err)
	check(s.ImportConfig(ctx, relaciona.Actor{ID: "encargado"}, date("2026-01-05")))
	return s, func() { store.Close() }
}

// A cycle step out of order is refused, naming the steps allowed now.
func Example() {
	ctx := context.Background()
	s, done := exampleProcess(ctx)
	defer done()
	boss := relaciona.Actor{ID: "encargado"} // listed under people in the file, with its role

	_, err := s.Diagnose(ctx, boss, "omil-valparaiso", date("2026-01-06"))
	fmt.Println(errors.Is(err, relaciona.ErrInvalid))
	fmt.Println(err)

	c, _ := s.ReviewRegistry(ctx, boss, "omil-valparaiso", 2026, date("2026-01-12"), "")
	fmt.Println(c.Phase, c.Registry.Alliances)
	d, _ := s.Diagnose(ctx, boss, "omil-valparaiso", date("2026-01-19"))
	for _, o := range d.Objectives {
		fmt.Println(o.Objective, o.Status)
	}
	// Output:
	// true
	// step diagnose needs (diagnose) out of order: the cycle omil-valparaiso is in "not_started"; steps allowed now: review the registry (review_registry)
	// registry_reviewed 4
	// colocacion deepen
	// empleabilidad deepen
	// inclusion deepen
	// cuidados deepen
	// emprendimiento none
}

func ExampleCycleMachine() {
	m := alliance.CycleMachine()
	fmt.Println(m.Allowed("diagnosed"))
	next, _ := m.Next("reviewing", alliance.StepCloseReview, alliance.WhenReplacement)
	fmt.Println(next)
	// Output:
	// [decide measure rate]
	// expanding
}

func ExampleSummarizeReferrals() {
	cal, _ := calendar.New(calendar.Chile, calendar.Options{})
	m, _ := alliance.SummarizeReferrals(cal, "red-comercio", date("2026-09-30"), []alliance.Referral{
		// Sent on Thursday 2026-09-17; Sep 18 and 19 are holidays, 20 is a Sunday.
		{Sent: date("2026-09-17"), Answered: date("2026-09-22"), Accepted: true, Resolved: true},
		{Sent: date("2026-09-21"), Answered: date("2026-09-24"), Accepted: true},
		{Sent: date("2026-09-28")},
	})
	fmt.Printf("sent %d, accepted %d, resolved %d, %.1f business days to answer\n", m.Sent, m.Accepted, m.Resolved, m.AnswerDays)
	// Output:
	// sent 3, accepted 2, resolved 1, 2.5 business days to answer
}

// Who may act is the directory's to say: the caller passes who is acting,
// and roles it claims are not believed. Without WithDirectory the file's
// people list is the roster.
func ExampleWithDirectory() {
	ctx := context.Background()
	cfg, _ := alliance.LoadConfig("../examples/alliance/alliance.yaml", relaciona.English)
	store, _ := relaciona.OpenStore(ctx, "sqlite://:memory:")
	defer store.Close()
	cal, _ := calendar.New(calendar.Chile, calendar.Options{})
	dir, _ := relaciona.NewRoster(
		relaciona.Person{ID: "ana", Roles: []relaciona.Role{{Process: alliance.Kind, Name: alliance.DefaultRoleEncargado}}},
		relaciona.Person{ID: "luis", Roles: []relaciona.Role{{Process: alliance.Kind, Name: alliance.DefaultRoleGestor}}})
	s, _ := alliance.New(store, cfg, cal, alliance.WithDirectory(dir))

	for _, a := range []relaciona.Actor{
		{ID: "intruder", Roles: []string{alliance.DefaultRoleEncargado}},
		{ID: "luis", Roles: []string{alliance.DefaultRoleEncargado}},
		{ID: "ana"},
	} {
		if err := s.ImportConfig(ctx, a, date("2026-01-05")); err != nil {
			fmt.Println(relaciona.ErrorText(err, relaciona.English))
			continue
		}
		fmt.Println("imported by", a.ID)
	}
	// Output:
	// forbidden: actor "intruder" may not alliance.import: not in the directory
	// forbidden: actor "luis" may not alliance.import: needs role encargado_omil (the directory does not give that role)
	// imported by ana
}
