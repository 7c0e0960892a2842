package main

import (
	"context"

	"github.com/relaciona/relaciona/process"
)

// Each registered process has a command of its own name whose "report"
// subcommand is `relaciona report --process KIND`, kept for the commands
// of earlier releases. The stakeholder command adds "import" (see
// stakeholder.go).
func init() {
	for _, def := range process.Definitions() {
		if def.Kind == "stakeholder" {
			continue // registered in stakeholder.go, with import
		}
		register(command{
			name:    def.Kind,
			summary: [2]string{def.Title[0] + ": informes (= relaciona report --process " + def.Kind + ")", def.Title[1] + ": reports (= relaciona report --process " + def.Kind + ")"},
			run: func(ctx context.Context, e *env, args []string) int {
				return e.dispatch(def.Kind, []sub{reportSub(ctx, e, def.Kind)}, args)
			},
		})
	}
}

// reportSub is the "report" subcommand of a process's command.
func reportSub(ctx context.Context, e *env, kind string) sub {
	return sub{
		name:     "report",
		synopsis: e.lang.T("[--config deployment.yaml] [--period P | --from F --to T] [--out DIR] [--format ...] [--personal]", "[--config deployment.yaml] [--period P | --from F --to T] [--out DIR] [--format ...] [--personal]"),
		summary:  [2]string{"= relaciona report --process " + kind, "= relaciona report --process " + kind},
		run:      func(args []string) int { return runReport(ctx, e, kind+" report", kind, args) },
	}
}
