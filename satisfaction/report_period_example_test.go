package satisfaction_test

import (
	"context"
	"fmt"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/satisfaction"
)

// A quarter at a glance: the sections of the period report, here of a
// process with no data yet.
func ExampleProcess_PeriodReport() {
	ctx := context.Background()
	cfg, _ := satisfaction.LoadConfig("../examples/satisfaction/satisfaction.yaml", relaciona.English)
	store, _ := relaciona.OpenStore(ctx, "sqlite://:memory:")
	defer store.Close()
	cal, _ := calendar.New(calendar.Uruguay, calendar.Options{})
	p, _ := satisfaction.New(store, cfg, cal, satisfaction.WithLang(relaciona.English))

	doc, err := p.PeriodReport(ctx, satisfaction.Month{Year: 2026, Month: time.January}, satisfaction.Month{Year: 2026, Month: time.March},
		relaciona.English, satisfaction.ReportOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Title)
	for _, sec := range doc.Sections {
		fmt.Println("-", sec.Title)
	}
	// Output:
	// Client satisfaction: January 2026 to March 2026
	// - The period in figures
	// - "Watermelon" alerts of the period
	// - Clients month by month
	// - Complaints
	// - Improvement actions and commitments
	// - Commitments and central repository: detail
}
