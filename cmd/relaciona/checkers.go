package main

import (
	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/alliance"
	"github.com/relaciona/relaciona/citizen"
	"github.com/relaciona/relaciona/satisfaction"
	"github.com/relaciona/relaciona/stakeholder"
)

// processCheckers load a process file through its package, which checks
// what a JSON Schema cannot: references between ids, cycles in groups,
// missing escalation levels. `relaciona validate` runs them after the
// schema check, so a file it accepts is one the process will load.
var processCheckers = map[string]func(path string, lang relaciona.Lang) error{
	"stakeholder": func(p string, l relaciona.Lang) error { _, err := stakeholder.LoadConfig(p, l); return err },
	"alliance":    func(p string, l relaciona.Lang) error { _, err := alliance.LoadConfig(p, l); return err },
	"citizen":     func(p string, l relaciona.Lang) error { _, err := citizen.LoadConfig(p, l); return err },
	"satisfaction": func(p string, l relaciona.Lang) error {
		_, err := satisfaction.LoadConfig(p, l)
		return err
	},
}
