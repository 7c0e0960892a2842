package citizen_test

import (
	"context"
	"fmt"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/citizen"
)

// A petición filed on Monday 2 March 2026 is due on 24 March. Asked on
// Friday 6 March to complete it (Ley 1755 de 2015, art. 17), with four
// business days of its term run, it is incomplete and its term stands
// still; the petitioner has until 6 April. Completed on 20 March, the
// term runs again with the 11 days it had left: due on 9 April (Holy
// Thursday and Good Friday do not count).
func ExampleProcess_RequestCompletion() {
	s, done := exampleService()
	defer done()
	ctx := context.Background()
	clerk := relaciona.Actor{ID: "ana-atencion"} // the file's people give her the citizen_service role
	day := func(d int, m time.Month) time.Time { return time.Date(2026, m, d, 10, 0, 0, 0, s.Location()) }
	p, _ := s.File(ctx, clerk, citizen.NewPQRSD{Type: citizen.Peticion, Channel: "web", Subject: "Licencia", FiledAt: day(2, time.March)}, day(2, time.March))
	fmt.Println(p.Due)
	p, err := s.RequestCompletion(ctx, clerk, p.ID, citizen.CompletionInput{What: "Copia del plano"}, day(6, time.March))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Status, p.Completion.Deadline)
	p, _ = s.Complete(ctx, clerk, p.ID, day(20, time.March))
	fmt.Println(p.Status, p.Due)
	// Output:
	// 2026-03-24
	// incomplete 2026-04-06
	// open 2026-04-09
}

// A journalist's petition (art. 20) is handled first: it heads the open
// list though filed later, with the ordinary term.
func ExampleProcess_Open() {
	s, done := exampleService()
	defer done()
	ctx := context.Background()
	clerk := relaciona.Actor{ID: "ana-atencion"}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, s.Location())
	s.File(ctx, clerk, citizen.NewPQRSD{Type: citizen.Queja, Channel: "web", Subject: "Ruido", FiledAt: at}, at)
	s.File(ctx, clerk, citizen.NewPQRSD{Type: citizen.Peticion, Channel: "web", Subject: "Contratos 2025", FiledAt: at.Add(time.Hour),
		Priority: &citizen.PriorityInput{Reason: citizen.PriorityJournalist}}, at.Add(time.Hour))
	for p, err := range s.Open(ctx) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(p.ID, p.Type, p.Term, p.Priority != nil)
	}
	// Output:
	// PQRSD-2026-000002 peticion 15 true
	// PQRSD-2026-000001 queja 15 false
}
