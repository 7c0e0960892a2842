// Package process is the shape the four process packages (stakeholder,
// alliance, satisfaction, citizen) share, and the registry through which
// each describes itself to tools such as the relaciona command.
//
// Each process package has the same entry points:
//
//	cfg, err := P.LoadConfig(path, lang)
//	p, err := P.New(store, cfg, cal, opts...)                // *P.Process
//	sum, err := p.Run(ctx, actor, date)                      // the periodic job of a date
//	pages, err := p.Reports(ctx, process.Period{From: f, To: t, Lang: lang})
//	P.Roles()                                                // the roles or actions it checks
//
// and registers a Definition in its init, so that a tool that imports it
// finds it by kind (Lookup) or lists every kind (Definitions) without a
// switch of its own:
//
//	for _, d := range process.Definitions() {
//		inst, err := d.Open(path, process.Env{Store: store, Calendar: cal, Lang: lang})
//		line, err := inst.Run(ctx, relaciona.SystemActor(), date)
//		pages, err := inst.Reports(ctx, process.LastMonth(date, lang))
//	}
package process

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
)

// Env is what a process is opened on: the deployment's store and calendar,
// and the optional ticket system, time zone, logger and language.
type Env struct {
	Store    *relaciona.Store
	Calendar *calendar.Calendar
	// Tickets is the ticket system; nil when the deployment has none.
	Tickets *relaciona.Tickets
	// Directory is the agency's directory of people: who may act, their
	// roles and SFIA level, their contact and who stands above them.
	Directory *relaciona.Directory
	// Location is the deployment's time zone; nil means UTC.
	Location *time.Location
	// Logger receives the process's log lines; nil discards them.
	Logger hclog.Logger
	// Lang is the language of the process's messages and errors.
	Lang relaciona.Lang
}

// Loc returns the environment's time zone, UTC when none is set.
func (e Env) Loc() *time.Location {
	if e.Location == nil {
		return time.UTC
	}
	return e.Location
}

// Log returns the environment's logger, or one that discards.
func (e Env) Log() hclog.Logger {
	if e.Logger == nil {
		return hclog.NewNullLogger()
	}
	return e.Logger
}

// Instance is a process opened on an Env: what a tool needs of it.
type Instance interface {
	// Run does the periodic work of date as actor (escalations, overdue
	// flags, filings) and returns one line for a person, in the Env's
	// language. It is idempotent for a date.
	Run(ctx context.Context, actor relaciona.Actor, date calendar.Date) (string, error)
	// Reports builds the process's reports for the period, one page each,
	// with slugs that start with the process's kind, so the pages of
	// several processes share one site.
	Reports(ctx context.Context, p Period) ([]report.Page, error)
}

// Definition is how a process package describes itself: its kind (the key
// of the deployment's processes map), a one-line title in both languages,
// the roles or actions it checks, and how to open it from its process file.
type Definition struct {
	// Kind is the process's name: "stakeholder", "alliance", ...
	Kind string
	// Title is a one-line description, Spanish then English.
	Title [2]string
	// Roles lists the role names (or, for SFIA levels, the actions) the
	// process checks.
	Roles []string
	// Open loads the process file at path (validated, errors in env.Lang)
	// and opens the process on env.
	Open func(path string, env Env) (Instance, error)
}

// TitleIn returns the definition's title in lang.
func (d Definition) TitleIn(lang relaciona.Lang) string { return lang.T(d.Title[0], d.Title[1]) }

var (
	mu      sync.RWMutex
	defs    = map[string]Definition{}
	ordered []string
)

// order is the order Definitions lists the kinds in: the order of the
// relationship from inside the agency out; other kinds follow by name.
var order = []string{"stakeholder", "alliance", "satisfaction", "citizen"}

// Register makes a process known by its kind. Process packages call it
// from init. A second definition of the same kind, an empty kind or a
// definition without Open is refused with an error wrapping
// relaciona.ErrInvalid or relaciona.ErrConflict, and changes nothing.
func Register(d Definition) error {
	if d.Kind == "" || d.Open == nil {
		return fmt.Errorf("%w: process definition %q needs a kind and Open", relaciona.ErrInvalid, d.Kind)
	}
	mu.Lock()
	defer mu.Unlock()
	if _, dup := defs[d.Kind]; dup {
		return fmt.Errorf("%w: process %q is registered twice", relaciona.ErrConflict, d.Kind)
	}
	defs[d.Kind] = d
	ordered = append(ordered, d.Kind)
	slices.SortFunc(ordered, func(a, b string) int {
		ia, ib := rank(a), rank(b)
		if ia != ib {
			return ia - ib
		}
		if a < b {
			return -1
		}
		if a > b {
			return 1
		}
		return 0
	})
	return nil
}

func rank(kind string) int {
	if i := slices.Index(order, kind); i >= 0 {
		return i
	}
	return len(order)
}

// Lookup returns the definition of kind.
func Lookup(kind string) (Definition, bool) {
	mu.RLock()
	defer mu.RUnlock()
	d, ok := defs[kind]
	return d, ok
}

// Definitions lists every registered process: stakeholder, alliance,
// satisfaction, citizen, then any other by kind.
func Definitions() []Definition {
	mu.RLock()
	defer mu.RUnlock()
	out := make([]Definition, 0, len(ordered))
	for _, k := range ordered {
		out = append(out, defs[k])
	}
	return out
}

// Kinds lists the kinds of the registered processes, in Definitions' order.
func Kinds() []string {
	mu.RLock()
	defer mu.RUnlock()
	return slices.Clone(ordered)
}
