package stakeholder_test

import (
	"context"
	"fmt"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/stakeholder"
)

// An issue is resolved with a root cause from the catalogue and the
// lessons it taught; the lessons go into the register shared by the
// processes, where they are searched by topic, group and process, and
// their spreading is recorded by someone of the level the seed gives it.
func ExampleProcess_ResolveIssue() {
	svc, err := setup()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	ana := relaciona.Actor{ID: "ana"} // level 4 in the file's actors
	at := time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)
	is, err := svc.OpenIssue(ctx, ana, at, stakeholder.Issue{Stakeholder: "gremio", Title: "Obras sin aviso", Severity: stakeholder.High})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = svc.ResolveIssue(ctx, ana, at.AddDate(0, 0, 1), is.ID, stakeholder.Resolution{Text: "Mesa con el gremio",
		RootCause: "sin-causa"})
	fmt.Println(err)
	is, err = svc.ResolveIssue(ctx, ana, at.AddDate(0, 0, 1), is.ID, stakeholder.Resolution{Text: "Mesa con el gremio",
		RootCause: "communication", Lessons: []stakeholder.LessonInput{{Text: "Avisar los cierres con ocho días", Topics: []string{"obras"}}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(is.Status, is.RootCause, is.LessonIDs)
	_, err = svc.SpreadLesson(ctx, ana, at.AddDate(0, 0, 2), is.LessonIDs[0], stakeholder.SpreadInput{
		To: []string{"equipo-obras"}, Channel: "meeting", Date: calendar.DateOf(at.AddDate(0, 0, 2))})
	if err != nil {
		fmt.Println(err)
		return
	}
	for l, err := range svc.SearchLessons(ctx, relaciona.LessonQuery{Topic: "Obras"}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(l.Text, "/ spread:", len(l.Spreads))
	}
	// Output:
	// root_cause: causa raíz desconocida "sin-causa" (use una de: communication, expectations, process, resources, skills, coordination, external, other)
	// resolved communication [ISS-20260303-0001/L1]
	// Avisar los cierres con ocho días / spread: 1
}
