// Command rosterplugin serves conformance.StandardDirectory's roster as a
// directory plugin, for the tests of `relaciona plugins check --kind
// directory`. The setting drop=ID leaves that person out (a directory that
// fails the suite).
package main

import (
	"context"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
)

func main() {
	plugins.ServeDirectoryOpener(func(_ context.Context, c plugins.DirectoryConfig) (driver.Directory, error) {
		drop, _ := c.Env.Settings["drop"].(string)
		var people []driver.Person
		for _, p := range conformance.StandardDirectory().People {
			if p.ID != drop {
				people = append(people, p)
			}
		}
		for i := range people {
			if people[i].Manager == drop {
				people[i].Manager = ""
			}
		}
		d, err := relaciona.NewRoster(people...)
		if err != nil {
			return nil, err
		}
		return d.Driver(), nil
	})
}
