package process_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// A tool finds the registers a process imports through the optional
// Importer interface, with no switch on the process, and imports a CSV
// file into one: checked whole first, then written in audited batches;
// the same file again changes nothing.
func ExampleImport() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	store, _ := relaciona.OpenStore(ctx, "sqlite://"+filepath.Join(dir, "agency.db"))
	defer store.Close()
	cal, _ := calendar.New(calendar.Colombia, calendar.Options{})
	env := process.Env{Store: store, Calendar: cal, Lang: relaciona.English}

	tables := map[string]process.Table{}
	for _, d := range process.Definitions() {
		inst, err := d.Open(filepath.Join("..", "examples", d.Kind, d.Kind+".yaml"), env)
		if err != nil {
			fmt.Println(d.Kind, err)
			continue
		}
		if imp, ok := inst.(process.Importer); ok {
			for _, t := range imp.Tables() {
				fmt.Printf("%s: %s\n", d.Kind, t.Name)
				tables[t.Name] = t
			}
		}
	}

	file := "id;nombre;tipo;canales\nalcaldia;Alcaldía de Pasto;organisation;oficio|correo\nvecina;Ana Vecina;person;\n"
	open := func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(file)), nil }
	opts := process.ImportOptions{File: "stakeholders.csv", Lang: relaciona.English, At: time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)}
	sofia := relaciona.Actor{ID: "sofia"} // the directory gives her level
	for range 2 {
		n, err := process.Import(ctx, tables["stakeholders"], sofia, open, opts)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(n.Summary(relaciona.English))
	}
	// Output:
	// stakeholder: stakeholders
	// stakeholder: groups
	// alliance: organisations
	// alliance: alliances
	// satisfaction: clients
	// satisfaction: availability
	// citizen: citizens
	// citizen: accountability_results
	// 2 rows read, 2 created, 0 updated, 0 unchanged, 0 rejected
	// 2 rows read, 0 created, 0 updated, 2 unchanged, 0 rejected: nothing changed
}
