package citizen_test

import (
	"context"
	"fmt"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/citizen"
	"github.com/relaciona/relaciona/report"
)

// An accountability hearing with a commitment due on 31 March: on 15
// April the spaces report counts it overdue, its state in the report's
// language.
func ExampleProcess_SpacesReport() {
	s, done := exampleService()
	defer done()
	ctx := context.Background()
	lead := relaciona.Actor{ID: "luis-lider"} // the file's people give him the relationship_lead role
	_, err := s.RecordSpace(ctx, lead, citizen.Space{ID: "rdc", Kind: citizen.SpaceAccountability, Name: "Audiencia pública",
		Date: calendar.Date{Year: 2026, Month: time.March, Day: 5}, Participants: map[string]int{"mayores-rurales": 23, "": 40}},
		[]citizen.NewCommitment{{Text: "Publicar el informe de PQRSD", Owner: "atencion", Due: calendar.Date{Year: 2026, Month: time.March, Day: 31}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	doc, err := s.SpacesReport(ctx, citizen.ReportOptions{From: calendar.Date{Year: 2026, Month: time.January, Day: 1},
		At: calendar.Date{Year: 2026, Month: time.April, Day: 15}, Lang: relaciona.English})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range doc.Sections[0].Blocks {
		if k, ok := b.(report.KeyFigures); ok {
			for _, f := range k.Items[:4] {
				fmt.Printf("%s: %s\n", f.Label, f.Value.Format(relaciona.English))
			}
		}
	}
	// Output:
	// Spaces held: 1
	// Participants: 63
	// Commitments done: 0.0%
	// Commitments overdue: 1
}
