package main

import (
	"fmt"
	"slices"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"

	// The process packages register themselves with package process.
	_ "github.com/relaciona/relaciona/alliance"
	_ "github.com/relaciona/relaciona/citizen"
	_ "github.com/relaciona/relaciona/satisfaction"
	_ "github.com/relaciona/relaciona/stakeholder"
)

// processJob is one process of a deployment, opened through the registry
// of package process.
type processJob struct {
	kind string
	process.Instance
}

// openJobs opens each process the deployment names (all of them, or only
// those of only when it is not empty) on the deployment's store, calendar,
// ticket system and time zone, through the process registry.
func openJobs(d *deployed, lang relaciona.Lang, only ...string) ([]processJob, error) {
	loc, err := d.dep.Location()
	if err != nil {
		return nil, err
	}
	env := process.Env{Store: d.store, Calendar: d.cal, Tickets: d.tickets, Location: loc, Logger: d.log, Lang: lang, Directory: d.dir}
	var jobs []processJob
	for _, kind := range d.dep.ProcessKinds() {
		if len(only) > 0 && !slices.Contains(only, kind) {
			continue
		}
		def, ok := process.Lookup(kind)
		if !ok {
			return nil, fmt.Errorf("%w: %s", relaciona.ErrUnsupported, lang.Tf("el proceso %q no está disponible en este binario", "process %q is not available in this binary", kind))
		}
		path, _ := d.dep.ProcessPath(kind)
		inst, err := def.Open(path, env)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", kind, err)
		}
		jobs = append(jobs, processJob{kind: kind, Instance: inst})
	}
	return jobs, nil
}

// endOfDay is the last instant of date in loc that the stores keep
// (microseconds): every change stamped with it falls on date.
func endOfDay(date calendar.Date, loc *time.Location) time.Time {
	return time.Date(date.Year, date.Month, date.Day, 0, 0, 0, 0, loc).AddDate(0, 0, 1).Add(-time.Microsecond)
}
