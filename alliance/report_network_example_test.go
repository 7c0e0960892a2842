package alliance_test

import (
	"context"
	"fmt"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/alliance"
	"github.com/relaciona/relaciona/calendar"
)

// The network page of a period: the key figures of every office together,
// here the example's one office after its registry import.
func ExampleProcess_NetworkReport() {
	ctx := context.Background()
	cfg, _ := alliance.LoadConfig("../examples/alliance/alliance.yaml", relaciona.English)
	store, _ := relaciona.OpenStore(ctx, "sqlite://:memory:")
	defer store.Close()
	cal, _ := calendar.New(calendar.Chile, calendar.Options{})
	s, _ := alliance.New(store, cfg, cal, alliance.WithLang(relaciona.English))
	_ = s.ImportConfig(ctx, relaciona.Actor{ID: "encargado"}, date("2026-01-05"))

	doc, err := s.NetworkReport(ctx, date("2026-01-01"), date("2026-03-31"), relaciona.English)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Title)
	for _, sec := range doc.Sections {
		fmt.Println("-", sec.Title)
	}
	// Output:
	// Network of OMIL offices: strategic alliances
	// - The network of offices
	// - The offices compared
	// - Purpose: referrals and information
	// - Purpose: detail per alliance
	// - Review of the alliances
}
