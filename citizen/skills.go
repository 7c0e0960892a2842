package citizen

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// SkillsAction is an action of the strategy for strengthening skills and
// competences in the value groups and the staff (seed 002, result
// "Estrategia de fortalecimiento de habilidades y competencias en los
// grupos de valor y servidores públicos para la optimización de la relación
// con la ciudadanía"): for whom (staff or value groups), which skill, how
// many people it should reach by its due date, and the dependency
// responsible, with the person of the directory who answers for it. Its
// progress is the attendance of the training events linked to it
// (Event.Actions); Run tells the owner once when the due date passes with
// the target unmet.
type SkillsAction struct {
	ID       string   `json:"id"`
	Audience Audience `json:"audience"`
	Skill    string   `json:"skill"`
	// Segments are the value groups it is for (value-groups actions).
	Segments    []string      `json:"segments,omitempty"`
	Target      int           `json:"target"`
	Due         calendar.Date `json:"due"`
	Responsible string        `json:"responsible"`
	// Owner is the id, in the directory, of the person who answers for
	// the action (told when it is overdue).
	Owner   string    `json:"owner"`
	Created time.Time `json:"created"`
	By      string    `json:"by"`
}

// RecordSkillsAction adds an action to the skills strategy in one audited
// batch: the audience is staff or value_groups (with known segments), the
// skill is named, the target is at least 1, the due date valid, the
// responsible a configured dependency and the owner listed in the
// directory; the id is unique. The actor needs the relationship_lead role.
func (s *Process) RecordSkillsAction(ctx context.Context, a relaciona.Actor, x SkillsAction, at time.Time) (SkillsAction, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.skills.record", at, RoleLead)
	if err != nil {
		return SkillsAction{}, err
	}
	L := s.lang
	if strings.TrimSpace(x.ID) == "" {
		return SkillsAction{}, invalid(L, "id", "la acción necesita un identificador", "the action needs an id")
	}
	if x.Audience != AudienceStaff && x.Audience != AudienceValueGroups {
		return SkillsAction{}, invalid(L, "audience", "una acción de fortalecimiento es para staff o value_groups, no %q", "a skills action is for staff or value_groups, not %q", x.Audience)
	}
	if i := firstUnknown(x.Segments, s.cfg.segs); i >= 0 {
		return SkillsAction{}, invalid(L, "segments", "segmento desconocido %q", "unknown segment %q", x.Segments[i])
	}
	if strings.TrimSpace(x.Skill) == "" {
		return SkillsAction{}, invalid(L, "skill", "diga qué habilidad o competencia fortalece", "say which skill or competence it strengthens")
	}
	if x.Target < 1 {
		return SkillsAction{}, invalid(L, "target", "la meta es de al menos una persona", "the target is at least one person")
	}
	if err := checkDate(L, "due", x.Due); err != nil {
		return SkillsAction{}, err
	}
	if _, ok := s.cfg.deps[x.Responsible]; !ok {
		return SkillsAction{}, invalid(L, "responsible", "la dependencia responsable %q no es una dependencia configurada", "the responsible dependency %q is not a configured dependency", x.Responsible)
	}
	if err := s.checkPeople(ctx, "owner", []string{x.Owner}); err != nil {
		return SkillsAction{}, err
	}
	x.Created, x.By = at.UTC(), a.ID
	return createRecord(ctx, s, a, s.rec.skills, "citizen.skills.record", "skills action "+x.ID, at, x.ID, &x,
		"ya existe la acción %q", "action %q exists already", nil)
}

// ActionProgress is where a skills action stood on a date.
type ActionProgress struct {
	Action SkillsAction
	// Reached is the attendance of the events linked to the action held
	// by the date; Events counts them.
	Reached, Events int
	// Met: Reached is at least the target. Overdue: not met and the due
	// date is before the date.
	Met, Overdue bool
}

// SkillsProgress returns every skills action with its progress on date,
// by due date.
func (s *Process) SkillsProgress(ctx context.Context, date calendar.Date) ([]ActionProgress, error) {
	ds, err := s.rec.skills.All(ctx, relaciona.Filter{})
	if err != nil {
		return nil, err
	}
	out := make([]ActionProgress, len(ds))
	idx := map[string]int{}
	for i, d := range ds {
		out[i].Action = d.Value
		idx[d.ID] = i
	}
	evs, err := s.Events(ctx, calendar.Date{}, date)
	if err != nil {
		return nil, err
	}
	for _, e := range evs {
		for _, id := range e.Actions {
			if i, ok := idx[id]; ok {
				out[i].Reached += e.Attendance
				out[i].Events++
			}
		}
	}
	for i := range out {
		p := &out[i]
		p.Met = p.Reached >= p.Action.Target
		p.Overdue = !p.Met && p.Action.Due.Before(date)
	}
	slices.SortStableFunc(out, func(x, y ActionProgress) int {
		return strings.Compare(x.Action.Due.String()+x.Action.ID, y.Action.Due.String()+y.Action.ID)
	})
	return out, nil
}

// Alert kinds of the strategy's records.
const (
	// AlertSkillsOverdue: a skills action passed its due date with its
	// target unmet.
	AlertSkillsOverdue AlertKind = "skills_overdue"
	// AlertStrategyUnassigned: the adopted version has entries no
	// dependency implements.
	AlertStrategyUnassigned AlertKind = "strategy_unassigned"
)

// The notifications of the strategy's records.
const (
	// NotifySkillsOverdue tells the owner of a skills action that its due
	// date passed with the target unmet (once per action).
	NotifySkillsOverdue = "citizen.skills.overdue"
	// NotifyStrategyUnassigned tells the author of the adopted strategy
	// version which of its entries no dependency implements yet (once per
	// version; seed 002, activity 3).
	NotifyStrategyUnassigned = "citizen.strategy.unassigned"
)

// runRecords is Run's part for the strategy's records on date: an alert,
// with its notification, for each skills action overdue with its target
// unmet (to its owner), and one for the adopted version when entries are
// unassigned (to its author); each written once, in one batch. It returns
// how many were new.
func (s *Process) runRecords(ctx context.Context, a relaciona.Actor, date calendar.Date) (skills, unassigned int, err error) {
	type pending struct {
		al   Alert
		kind string
		to   string
		ref  relaciona.Ref
	}
	var ps []pending
	prog, err := s.SkillsProgress(ctx, date)
	if err != nil {
		return 0, 0, err
	}
	for _, p := range prog {
		if !p.Overdue {
			continue
		}
		x := p.Action
		ps = append(ps, pending{al: Alert{ID: string(AlertSkillsOverdue) + "/" + x.ID, Kind: AlertSkillsOverdue, Subject: x.ID, Date: date, Due: x.Due,
			fields: map[string]string{"action": x.ID, "skill": x.Skill, "target": strconv.Itoa(x.Target), "reached": strconv.Itoa(p.Reached), "responsible": s.dependencyName(x.Responsible)}},
			kind: NotifySkillsOverdue, to: x.Owner, ref: relaciona.Ref{Kind: kindSkills, ID: x.ID}})
	}
	v, entries, err := s.Unassigned(ctx)
	if err != nil {
		return 0, 0, err
	}
	if len(entries) > 0 {
		ps = append(ps, pending{al: Alert{ID: string(AlertStrategyUnassigned) + "/" + strategyID(v.Version), Kind: AlertStrategyUnassigned, Subject: strategyID(v.Version), Date: date, Due: s.dateOf(v.Adopted),
			fields: map[string]string{"version": strconv.Itoa(v.Version), "entries": strings.Join(entries, ", ")}},
			kind: NotifyStrategyUnassigned, to: v.CreatedBy, ref: relaciona.Ref{Kind: kindStrategy, ID: strategyID(v.Version)}})
	}
	if len(ps) == 0 {
		return 0, 0, nil
	}
	ids := make([]string, len(ps))
	for i := range ps {
		ids[i] = ps[i].al.ID
	}
	have, err := s.alerts.GetMany(ctx, ids)
	if err != nil {
		return 0, 0, err
	}
	had := map[string]bool{}
	for _, d := range have {
		had[d.ID] = true
	}
	b := s.store.Begin(a, "citizen.run.records", "strategy records of "+date.String()).At(s.stamp(date))
	who := s.recipients()
	for i := range ps {
		p := &ps[i]
		if had[p.al.ID] {
			continue
		}
		s.alerts.Put(b, &p.al, 0)
		to, err := s.personOrLeads(ctx, p.to, who)
		if err != nil {
			return 0, 0, err
		}
		process.NotifyStaff(b, Kind, p.kind, p.ref, p.al.Due, to, p.al.fields)
		if p.al.Kind == AlertSkillsOverdue {
			skills++
		} else {
			unassigned++
		}
	}
	if skills+unassigned == 0 {
		return 0, 0, nil
	}
	return skills, unassigned, commit(ctx, b)
}

// personOrLeads is the person with id in the directory, or the
// relationship leads when the directory no longer lists them.
func (s *Process) personOrLeads(ctx context.Context, id string, who *recipients) ([]relaciona.Person, error) {
	if id != "" {
		p, err := s.dir.Person(ctx, id)
		if err == nil {
			return []relaciona.Person{p}, nil
		}
		if !errors.Is(err, relaciona.ErrNotFound) {
			return nil, err
		}
	}
	return who.holders(ctx, RoleLead)
}
