package satisfaction

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// Definition is one version of the process definition: the metrics'
// scales and the scorecard (CMI) targets in force from a month on (seed 003
// §4.2: the owner "Patrocinar, diseñar y realizar la gestión de cambios al
// proceso y sus métricas"). Version 1 is the process file's (ImportDefinition,
// idempotent); every later version is a change by the process owner with its
// reason (ChangeDefinition), and each change is told to the whole team in
// the same batch (§4.2 "Comunicar información del proceso o cambios cuando
// sea apropiado").
type Definition struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	// From is the first month the version is in force; version 1 is in
	// force from the start (zero From).
	From           Month     `json:"from,omitzero"`
	Scales         Scales    `json:"scales"`
	InterviewScale Scale     `json:"interview_scale"`
	Targets        Targets   `json:"targets"`
	Reason         string    `json:"reason,omitempty" personal:"no"`
	By             string    `json:"by"`
	At             time.Time `json:"at"`
	// Notified lists the team members told of the change.
	Notified []string `json:"notified,omitempty"`
}

// DefinitionChange is what ChangeDefinition takes: the new scales, interview
// scale and targets (a zero scale keeps the one in force), the month from
// which they are in force and why.
type DefinitionChange struct {
	From           Month
	Scales         Scales
	InterviewScale Scale
	Targets        Targets
	Reason         string
}

const kindDefinition = "satisfaction.definition"

// NoticeDefinitionChanged tells every team member that the process
// definition (its metrics and targets) changed, with the version, the
// month it is in force from and the reason (seed 003 §4.2 "Comunicar
// información del proceso o cambios cuando sea apropiado").
const NoticeDefinitionChanged = "satisfaction.definition.changed"

// definitions is the collection of the definition's versions.
func (p *Process) definitions() *relaciona.Collection[Definition] {
	return relaciona.NewCollection(p.store, kindDefinition, func(v *Definition) relaciona.Key {
		return relaciona.Key{ID: v.ID, Time: v.At}
	})
}

func definitionID(version int) string { return fmt.Sprintf("v%04d", version) }

// fileDefinition is version 1: the process file's scales and targets.
func (p *Process) fileDefinition() Definition {
	return Definition{ID: definitionID(1), Version: 1, Scales: p.cfg.Scales, InterviewScale: p.cfg.Interviews.Scale,
		Targets: p.cfg.CMI.Targets, Reason: p.lang.T("definición inicial del archivo del proceso", "initial definition from the process file")}
}

// Definitions lists the stored versions of the definition, oldest first
// (none until ImportDefinition, Run or ChangeDefinition stores version 1).
func (p *Process) Definitions(ctx context.Context) ([]Definition, error) {
	return process.SortedValues(ctx, p.definitions(), relaciona.Filter{}, func(a, b Definition) int { return a.Version - b.Version })
}

// DefinitionAt returns the version in force in month m: the latest stored
// version whose From is not after m, or the process file's (version 1)
// when none is stored.
func (p *Process) DefinitionAt(ctx context.Context, m Month) (Definition, error) {
	all, err := p.Definitions(ctx)
	if err != nil {
		return Definition{}, err
	}
	in := p.fileDefinition()
	for _, d := range all {
		if !m.Before(d.From) {
			in = d
		}
	}
	return in, nil
}

// ImportDefinition stores the process file's scales and targets as version
// 1 of the definition when no version is stored; a second call (or a
// racing one) changes nothing. Run calls it.
func (p *Process) ImportDefinition(ctx context.Context, a relaciona.Actor, at time.Time) (bool, error) {
	a, err := p.authorize(ctx, a, "import the process definition", RoleOwner, RoleManager, relaciona.RoleSystem)
	if err != nil {
		return false, err
	}
	return p.importDefinition(ctx, a, at)
}

// importDefinition is ImportDefinition for an actor already authorized.
func (p *Process) importDefinition(ctx context.Context, a relaciona.Actor, at time.Time) (bool, error) {
	if _, err := p.definitions().Get(ctx, definitionID(1)); err == nil {
		return false, nil
	} else if !isNotFound(err) {
		return false, err
	}
	d := p.fileDefinition()
	d.By, d.At = a.ID, at
	b := p.store.Begin(a, "satisfaction.definition.import", "process definition version 1 from the process file")
	p.definitions().Put(b, &d, 0)
	err := p.commit(ctx, b, at)
	if errors.Is(err, relaciona.ErrConflict) {
		return false, nil // stored by a racing import
	}
	return err == nil, err
}

// ChangeDefinition records a new version of the definition: only a process
// owner may (a *relaciona.ForbiddenError otherwise, nothing changed); the
// reason is required, the month may not be before the version in force
// last, and the scales and targets are checked as the process file's are.
// In the same batch every team member (every holder of a role of the
// process in the directory) is notified (NoticeDefinitionChanged). Version
// 1 is stored first when it is not yet. Two owners changing at once: one
// gets the next version, the other an ErrConflict (the version's id).
func (p *Process) ChangeDefinition(ctx context.Context, a relaciona.Actor, ch DefinitionChange, at time.Time) (Definition, error) {
	a, err := p.authorize(ctx, a, "change the process definition", RoleOwner)
	if err != nil {
		return Definition{}, err
	}
	if strings.TrimSpace(ch.Reason) == "" {
		return Definition{}, p.invalid("reason", "indique el motivo del cambio", "give the reason for the change")
	}
	if ch.From == (Month{}) {
		return Definition{}, p.invalid("from", "indique el mes desde el que rige", "give the month it is in force from")
	}
	if err := p.requiredTime(at); err != nil {
		return Definition{}, err
	}
	all, err := p.Definitions(ctx)
	if err != nil {
		return Definition{}, err
	}
	last := p.fileDefinition()
	if len(all) > 0 {
		last = all[len(all)-1]
	}
	if ch.From.Before(last.From) {
		return Definition{}, p.invalid("from", "la versión %d rige desde %s: un cambio no puede regir antes", "version %d is in force from %s: a change cannot be in force before it", last.Version, last.From)
	}
	d := Definition{Version: last.Version + 1, From: ch.From, Scales: last.Scales, InterviewScale: last.InterviewScale, Targets: ch.Targets,
		Reason: ch.Reason, By: a.ID, At: at}
	d.ID = definitionID(d.Version)
	if ch.Scales.CSAT != (Scale{}) {
		d.Scales.CSAT = ch.Scales.CSAT
	}
	if ch.Scales.NPS != (Scale{}) {
		d.Scales.NPS = ch.Scales.NPS
	}
	if ch.Scales.CES != (Scale{}) {
		d.Scales.CES = ch.Scales.CES
	}
	if ch.InterviewScale != (Scale{}) {
		d.InterviewScale = ch.InterviewScale
	}
	// The same checks as the file's: a copy of the file with the new
	// scales and targets.
	cfg := *p.cfg
	cfg.Scales, cfg.Interviews.Scale, cfg.CMI.Targets = d.Scales, d.InterviewScale, d.Targets
	if probs := cfg.check(nil, p.lang); len(probs) > 0 {
		return Definition{}, probs[0]
	}
	var team []string
	for _, role := range Roles() {
		ids, err := p.holders(ctx, role)
		if err != nil {
			return Definition{}, err
		}
		team = append(team, ids...)
	}
	to, err := p.staff(ctx, team...)
	if err != nil {
		return Definition{}, err
	}
	for _, per := range to {
		d.Notified = append(d.Notified, per.ID)
	}
	b := p.store.Begin(a, "satisfaction.definition.change", "process definition changed by the owner; the team is told")
	if len(all) == 0 {
		v1 := p.fileDefinition()
		v1.By, v1.At = a.ID, at
		p.definitions().Put(b, &v1, 0)
	}
	p.definitions().Put(b, &d, 0)
	process.NotifyStaff(b, Kind, NoticeDefinitionChanged, relaciona.Ref{Kind: kindDefinition, ID: d.ID}, calendar.Date{}, to,
		map[string]string{"version": fmt.Sprint(d.Version), "from": d.From.String(), "reason": d.Reason})
	return d, p.commit(ctx, b, at)
}
