package alliance_test

import (
	"context"
	"fmt"

	"github.com/relaciona/relaciona"
)

// The network page of a period: the key figures of every office together,
// here the example's one office after its registry import.
func ExampleProcess_NetworkReport() {
	ctx := context.Background()
	s, done := exampleProcess(ctx)
	defer done()

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
