package main

import (
	"context"
	"errors"

	"github.com/hashicorp/go-hclog"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/deployment"
)

// deployed is an agency's deployment opened for a command: its validated
// file, its store, its ticket system, its calendar and its directory (nil
// when the file has no directory section).
type deployed struct {
	dep     *deployment.Deployment
	store   *relaciona.Store
	tickets *relaciona.Tickets
	cal     *calendar.Calendar
	log     hclog.Logger
	dir     *relaciona.Directory
}

// openDeployment loads and validates the deployment file at path (and the
// process files it names), then opens its store, ticket system and
// calendar. Errors say which part failed; nothing is left open on error.
func openDeployment(ctx context.Context, e *env, path string) (*deployed, error) {
	dep, err := deployment.Load(path, e.lang)
	if err != nil {
		return nil, err
	}
	if !e.langChosen {
		// The deployment's lang: is the language of what follows (its
		// reports and messages) unless --lang chose one.
		e.lang = dep.Lang
	}
	if err := dep.ValidateProcesses(e.lang); err != nil {
		return nil, err
	}
	log := e.log
	if dep.Log.Level != "" && e.log.GetLevel() == hclog.LevelFromString(defaultLogLevel) {
		log.SetLevel(hclog.LevelFromString(dep.Log.Level))
	}
	cal, err := dep.NewCalendar()
	if err != nil {
		return nil, err
	}
	opts := []relaciona.StoreOption{relaciona.WithLogger(log.Named("store"))}
	// The audit chain's key (audit.key_env or audit.key_file), when the
	// deployment names one: every entry is then keyed with it, and a log
	// keyed with another key is refused.
	key, err := dep.AuditKey()
	if err != nil {
		return nil, err
	}
	if key != nil {
		opts = append(opts, relaciona.WithAuditKey(key))
	}
	store, err := relaciona.OpenStore(ctx, dep.Store, opts...)
	if err != nil {
		return nil, err
	}
	tickets, err := relaciona.OpenTickets(ctx, dep.Tickets.URL,
		relaciona.WithStatusMap(dep.Tickets.StatusMap),
		relaciona.WithTicketStore(store),
		relaciona.WithSecret(dep.Tickets.Secret),
		relaciona.WithTicketsLogger(log.Named("tickets")))
	if err != nil {
		store.Close()
		return nil, err
	}
	// The directory (directory.people, or an LDAP or plugin URL): who may
	// act, their roles and level. None when the file has no section.
	dir, err := dep.OpenDirectory(ctx)
	if err != nil {
		tickets.Close()
		store.Close()
		return nil, err
	}
	return &deployed{dep: dep, store: store, tickets: tickets, cal: cal, log: log, dir: dir}, nil
}

// Close closes the directory, the ticket system and the store.
func (d *deployed) Close() error {
	var err error
	if d.dir != nil {
		err = d.dir.Close()
	}
	return errors.Join(err, d.tickets.Close(), d.store.Close())
}
