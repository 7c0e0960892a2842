package process_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// A tool runs every registered process the same way: open it from its
// file, run it for a date, build its reports for a month.
func ExampleDefinitions() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	store, _ := relaciona.OpenStore(ctx, "sqlite://"+filepath.Join(dir, "agency.db"))
	defer store.Close()
	cal, _ := calendar.New(calendar.Colombia, calendar.Options{})
	env := process.Env{Store: store, Calendar: cal, Lang: relaciona.English}

	for _, d := range process.Definitions() {
		inst, err := d.Open(filepath.Join("..", "examples", d.Kind, d.Kind+".yaml"), env)
		if err != nil {
			fmt.Println(d.Kind, err)
			continue
		}
		line, err := inst.Run(ctx, relaciona.SystemActor(), calendar.Date{Year: 2026, Month: 3, Day: 2})
		if err != nil {
			fmt.Println(d.Kind, err)
			continue
		}
		pages, err := inst.Reports(ctx, process.LastMonth(calendar.Date{Year: 2026, Month: 3, Day: 2}, relaciona.English))
		if err != nil {
			fmt.Println(d.Kind, err)
			continue
		}
		fmt.Printf("%s (%s): %s; first report %s\n", d.Kind, d.TitleIn(relaciona.English), line, pages[0].Slug)
	}
	// Output:
	// stakeholder (stakeholders (SFIA RLMT)): no changes; first report stakeholder
	// alliance (OMIL strategic alliances (PS54)): no changes; first report alliance-network
	// satisfaction (customer satisfaction (Agesic)): Snapshots=6, Reports=3; first report satisfaction-period
	// citizen (citizen relationship (MIPG) and PQRSD): no changes; first report citizen-pqrsd
}
