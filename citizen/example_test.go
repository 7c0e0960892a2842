package citizen_test

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/citizen"
)

func exampleService() (*citizen.Process, func()) {
	ctx := context.Background()
	cfg, err := citizen.LoadConfig(filepath.Join("..", "examples", "citizen", "citizen.yaml"), relaciona.Spanish)
	if err != nil {
		panic(err)
	}
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	if err != nil {
		panic(err)
	}
	cal, _ := calendar.New(calendar.Colombia, calendar.Options{})
	bogota, _ := time.LoadLocation("America/Bogota")
	s, err := citizen.New(store, cfg, cal, citizen.WithLocation(bogota))
	if err != nil {
		panic(err)
	}
	return s, func() { store.Close() }
}

// A petición filed on Friday 13 March 2026 in Bogotá is due 15 business
// days later, counted from Monday: San José (Mar 23) and Holy Thursday and
// Good Friday (Apr 2 and 3) do not count.
func ExampleService_File() {
	s, done := exampleService()
	defer done()
	clerk := relaciona.Actor{ID: "ana-atencion"} // the file's people give her the citizen_service role
	filed := time.Date(2026, 3, 13, 10, 0, 0, 0, s.Location())
	p, err := s.File(context.Background(), clerk, citizen.NewPQRSD{Type: citizen.Peticion, Kind: citizen.KindGeneral,
		Channel: "web", Subject: "Certificado", FiledAt: filed}, filed)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.ID, p.Term, p.Due)
	// Output: PQRSD-2026-000001 15 2026-04-08
}

// An extension is told before the term expires and may reach at most
// twice the initial term from the filing.
func ExampleService_Extend() {
	s, done := exampleService()
	defer done()
	ctx := context.Background()
	clerk := relaciona.Actor{ID: "ana-atencion"} // the file's people give her the citizen_service role
	filed := time.Date(2026, 3, 13, 10, 0, 0, 0, s.Location())
	p, _ := s.File(ctx, clerk, citizen.NewPQRSD{Type: citizen.Peticion, Channel: "web", Subject: "Certificado", FiledAt: filed}, filed)
	limit, _ := s.Calendar().AddBusinessDays(p.Filed, 2*p.Term)
	_, err := s.Extend(ctx, clerk, p.ID, citizen.ExtendInput{NewDue: limit.AddDays(1), Reason: "Visita técnica"}, filed.Add(72*time.Hour))
	fmt.Println(err != nil)
	e, _ := s.Extend(ctx, clerk, p.ID, citizen.ExtendInput{NewDue: limit, Reason: "Visita técnica"}, filed.Add(72*time.Hour))
	fmt.Println(e.Due, e.Extension.NewTerm)
	// Output:
	// true
	// 2026-04-29 30
}

// Protect publishes a table of counts with k = 5: the group of 3 is never
// shown, and since the total is shown, the smallest other group is merged
// with it so that the total minus the shown groups reveals nothing.
func ExampleProtect() {
	t := citizen.Protect("zona", "Zona", []citizen.Count{
		{Label: "Urbana", N: 40}, {Label: "Rural", N: 25}, {Label: "Rural dispersa", N: 3},
	}, 5)
	for _, c := range t.Cells {
		fmt.Println(c.Label, c.N)
	}
	fmt.Println("Otros", t.Others.N, t.Others.Labels, "total", t.Total)
	// Output:
	// Urbana 40
	// Otros 28 [Rural Rural dispersa] total 68
}
