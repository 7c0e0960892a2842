package satisfaction

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// GovernanceConf is the file's governance section: the owner's and
// Dirección's duties of seed 003 §4.1, §4.2 and §6.6.
//
//	governance:
//	  document_review_months: 12    # a process document is reviewed this often
//	  fresh_days: 180               # a client's information is fresh this long
//	  direction_review_months: 3    # Dirección reviews the process this often
//	  meeting_divisions: [infra, ops, desk]  # who every work meeting involves
type GovernanceConf struct {
	// DocumentReviewMonths is the default review interval of a process
	// document, in months (default 12).
	DocumentReviewMonths int `yaml:"document_review_months"`
	// FreshDays is how many days after its last information or interaction
	// a client's information counts as fresh in the information quality
	// score (default 180).
	FreshDays int `yaml:"fresh_days"`
	// DirectionReviewMonths is the length of Dirección's review period in
	// months, counted from January: 1, 2, 3, 4, 6 or 12 (default 3, a
	// quarter).
	DirectionReviewMonths int `yaml:"direction_review_months"`
	// MeetingDivisions are the divisions every work meeting involves, or
	// says why not (default: all the file's divisions).
	MeetingDivisions []string `yaml:"meeting_divisions"`
}

func (g *GovernanceConf) defaults() {
	if g.DocumentReviewMonths == 0 {
		g.DocumentReviewMonths = 12
	}
	if g.FreshDays == 0 {
		g.FreshDays = 180
	}
	if g.DirectionReviewMonths == 0 {
		g.DirectionReviewMonths = 3
	}
}

func (g *GovernanceConf) check(k *checker, divs map[string]bool) {
	if g.DocumentReviewMonths < 0 {
		k.Add([]any{"governance", "document_review_months"}, "el intervalo de revisión no puede ser negativo", "the review interval cannot be negative")
	}
	if g.FreshDays < 0 {
		k.Add([]any{"governance", "fresh_days"}, "los días no pueden ser negativos", "the days cannot be negative")
	}
	if g.DirectionReviewMonths < 0 || 12%max(g.DirectionReviewMonths, 1) != 0 || g.DirectionReviewMonths > 12 {
		k.Add([]any{"governance", "direction_review_months"}, "el periodo de revisión de Dirección debe dividir el año: 1, 2, 3, 4, 6 o 12 meses", "Dirección's review period must divide the year: 1, 2, 3, 4, 6 or 12 months")
	}
	for i, d := range g.MeetingDivisions {
		if !divs[d] {
			k.Add([]any{"governance", "meeting_divisions", i}, "la división %q no está en divisions", "division %q is not in divisions", d)
		}
	}
}

// meetingDivisions are the divisions a work meeting must involve.
func (p *Process) meetingDivisions() []string {
	if len(p.cfg.Governance.MeetingDivisions) > 0 {
		return p.cfg.Governance.MeetingDivisions
	}
	out := make([]string, len(p.cfg.Divisions))
	for i, d := range p.cfg.Divisions {
		out[i] = d.ID
	}
	return out
}

// checkMeetingDivisions is the rule of seed 003 §6.6 "será imprescindible
// participar a todas las divisiones del área": every division the meeting
// must involve took part or has a reason in absent; it returns the
// divisions left out.
func (p *Process) checkMeetingDivisions(took []string, absent map[string]string) ([]string, error) {
	var missing, unexplained []string
	for _, d := range p.meetingDivisions() {
		if slices.Contains(took, d) {
			continue
		}
		missing = append(missing, d)
		if strings.TrimSpace(absent[d]) == "" {
			unexplained = append(unexplained, d)
		}
	}
	if len(unexplained) > 0 {
		return nil, p.invalid("absent", "la reunión deja fuera a las divisiones %s: participe a todas las divisiones del área o diga por qué falta cada una", "the meeting leaves out divisions %s: involve every division of the area or say why each is missing", strings.Join(unexplained, ", "))
	}
	for d := range absent {
		if !slices.Contains(missing, d) {
			return nil, p.invalid("absent."+d, "la división %q no falta en la reunión", "division %q is not missing from the meeting", d)
		}
	}
	return missing, nil
}

// DirectionReview is Dirección's periodic review of the satisfaction of the
// clients (seed 003 §4.1: Dirección "es responsable de velar por la
// satisfacción de los clientes a lo largo del ciclo de vida del
// relacionamiento"), one per period of governance.direction_review_months.
type DirectionReview struct {
	// ID is the period's first month (YYYY-MM).
	ID       string        `json:"id"`
	Period   Month         `json:"period"`
	Months   int           `json:"months"`
	On       calendar.Date `json:"on,omitzero"`
	Summary  string        `json:"summary" personal:"no"`
	By       string        `json:"by"`
	At       time.Time     `json:"at"`
	Reminded bool          `json:"reminded,omitempty"`
}

const (
	kindDirectionReview   = "satisfaction.direction.review"
	kindDirectionReminder = "satisfaction.direction.reminder"
)

// NoticeDirectionReviewMissing tells Dirección that a review period ended
// without its review (seed 003 §4.1), once per period.
const NoticeDirectionReviewMissing = "satisfaction.direction.review_missing"

func (p *Process) directionReviews() *relaciona.Collection[DirectionReview] {
	return relaciona.NewCollection(p.store, kindDirectionReview, func(v *DirectionReview) relaciona.Key {
		return relaciona.Key{ID: v.ID, Time: process.DateTime(v.On)}
	})
}

// directionReminders records the periods whose missing review Dirección
// was told of (Reminded set), so Run tells them once.
func (p *Process) directionReminders() *relaciona.Collection[DirectionReview] {
	return relaciona.NewCollection(p.store, kindDirectionReminder, func(v *DirectionReview) relaciona.Key {
		return relaciona.Key{ID: v.ID}
	})
}

// ReviewPeriod returns the first month of the Dirección review period that
// holds m (periods of governance.direction_review_months from January).
func (p *Process) ReviewPeriod(m Month) Month {
	n := max(p.cfg.Governance.DirectionReviewMonths, 1)
	return Month{m.Year, time.Month((int(m.Month)-1)/n*n + 1)}
}

// RecordDirectionReview records Dirección's review of the period that
// holds on (or of the period that holds period, when set: a review
// recorded just after its period ends). Only a holder of the direction
// role may; one review per period (a second is an ErrConflict).
func (p *Process) RecordDirectionReview(ctx context.Context, a relaciona.Actor, period Month, on calendar.Date, summary string, at time.Time) (DirectionReview, error) {
	a, err := p.authorize(ctx, a, "record Dirección's review", RoleDirection)
	if err != nil {
		return DirectionReview{}, err
	}
	if on.IsZero() {
		return DirectionReview{}, p.invalid("on", "la fecha de la revisión es obligatoria", "the review date is required")
	}
	if err := p.required("summary", summary); err != nil {
		return DirectionReview{}, err
	}
	if period == (Month{}) {
		period = MonthOf(on)
	}
	period = p.ReviewPeriod(period)
	if MonthOf(on).Before(period) {
		return DirectionReview{}, p.invalid("on", "la revisión del periodo %s no puede ser anterior a él", "the review of period %s cannot come before it", period)
	}
	r := DirectionReview{ID: period.String(), Period: period, Months: p.cfg.Governance.DirectionReviewMonths, On: on, Summary: summary, By: a.ID, At: at}
	if err := existsConflict(ctx, p, p.directionReviews(), r.ID, "el periodo %s ya tiene su revisión de Dirección", "period %s already has its Dirección review", period); err != nil {
		return DirectionReview{}, err
	}
	return r, insert(ctx, p, a, p.directionReviews(), &r, "satisfaction.direction.review", "Dirección reviewed the clients' satisfaction", at)
}

// DirectionReviews lists Dirección's reviews, oldest first.
func (p *Process) DirectionReviews(ctx context.Context) ([]DirectionReview, error) {
	return process.SortedValues(ctx, p.directionReviews(), relaciona.Filter{}, func(a, b DirectionReview) int { return strings.Compare(a.ID, b.ID) })
}

// remindDirection tells Dirección, once, that the review period before the
// one that holds date ended without its review (NoticeDirectionReviewMissing
// to every holder of the direction role). A period that ended before the
// process's definition was first stored (the process was not running) is
// not asked for.
func (p *Process) remindDirection(ctx context.Context, a relaciona.Actor, date calendar.Date, at time.Time) ([]string, error) {
	n := max(p.cfg.Governance.DirectionReviewMonths, 1)
	cur := p.ReviewPeriod(MonthOf(date))
	prev := cur.Add(-n)
	v1, err := p.definitions().Get(ctx, definitionID(1))
	if isNotFound(err) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if start, _ := p.span(cur); !v1.Value.At.Before(start) {
		return nil, nil
	}
	if _, err := p.directionReviews().Get(ctx, prev.String()); err == nil {
		return nil, nil
	} else if !isNotFound(err) {
		return nil, err
	}
	if _, err := p.directionReminders().Get(ctx, prev.String()); err == nil {
		return nil, nil
	} else if !isNotFound(err) {
		return nil, err
	}
	to, err := p.holderStaff(ctx, RoleDirection)
	if err != nil {
		return nil, err
	}
	r := DirectionReview{ID: prev.String(), Period: prev, Months: n, By: a.ID, At: at, Reminded: true}
	b := p.store.Begin(a, "satisfaction.direction.remind", "Dirección told its review period ended without a review")
	p.directionReminders().Put(b, &r, 0)
	process.NotifyStaff(b, Kind, NoticeDirectionReviewMissing, relaciona.Ref{Kind: kindDirectionReminder, ID: r.ID}, calendar.Date{}, to,
		map[string]string{"period": prev.String(), "months": fmt.Sprint(n)})
	return []string{r.ID}, p.commit(ctx, b, at)
}

// SourceProposal is the source of the client information an endorsed
// proposal or work plan adds to the repository (seed 003 §6.7: "lo
// incorpora al repositorio centralizado de información del cliente").
const SourceProposal = "proposal"

// EndorseAction is Dirección endorsing an improvement proposal of the
// process owner (ProposeAction): seed 003 §6.6 "El Dueño del proceso ...
// trabajará junto a Dirección para proponer acciones para la mejora". Only
// a holder of the direction role other than the proposer may; until then a
// meeting may not agree the proposal (RecordMeeting), so no commitment
// follows it. The endorsement adds the proposal to the information of each
// of its clients in the same batch.
func (p *Process) EndorseAction(ctx context.Context, a relaciona.Actor, id string, at time.Time) (Action, error) {
	a, err := p.authorize(ctx, a, "endorse an improvement proposal", RoleDirection)
	if err != nil {
		return Action{}, err
	}
	d, err := getKnown(ctx, p, p.actions, id, "action", "acción desconocida %q", "unknown action %q", id)
	if err != nil {
		return Action{}, err
	}
	act := d.Value
	switch {
	case !act.Proposal:
		return Action{}, p.invalid("action", "la acción %s no es una propuesta del dueño del proceso", "action %s is not a proposal of the process owner", id)
	case act.EndorsedBy != "":
		return Action{}, p.invalid("action", "la propuesta %s ya fue respaldada por Dirección", "proposal %s is already endorsed by Dirección", id)
	case act.By == a.ID:
		return Action{}, p.invalid("action", "quien propone no respalda su propia propuesta: la respalda otro miembro de Dirección", "the proposer does not endorse their own proposal: another member of Dirección does")
	}
	if err := p.requiredTime(at); err != nil {
		return Action{}, err
	}
	act.EndorsedBy, act.EndorsedAt = a.ID, at
	b := p.store.Begin(a, "satisfaction.action.endorse", "improvement proposal endorsed by Dirección")
	p.actions.Put(b, &act, d.Version)
	for _, c := range act.Clients {
		it := InfoItem{ID: act.ID + "/endorsed/" + c, Client: c, Source: SourceProposal, Title: act.Title, RecordedBy: a.ID, At: at}
		p.info.Put(b, &it, 0)
	}
	return act, p.commit(ctx, b, at)
}

// EndorseWorkPlan is Dirección co-authoring the client's work plan of a
// year (seed 003 §6.7: "El Dueño del proceso conjuntamente con Equipo de
// Dirección, elabora una propuesta de trabajo ... y lo incorpora al
// repositorio"). Only a holder of the direction role other than who agreed
// the plan may; the endorsement adds the plan to the client's information
// in the same batch. A plan not endorsed is listed as such in the reports.
func (p *Process) EndorseWorkPlan(ctx context.Context, a relaciona.Actor, client string, year int, at time.Time) (WorkPlan, error) {
	a, err := p.authorize(ctx, a, "endorse a work plan", RoleDirection)
	if err != nil {
		return WorkPlan{}, err
	}
	d, err := getKnown(ctx, p, p.plans, planID(client, year), "plan", "el cliente %s no tiene plan de trabajo para %d", "client %s has no work plan for %d", client, year)
	if err != nil {
		return WorkPlan{}, err
	}
	w := d.Value
	switch {
	case w.EndorsedBy != "":
		return WorkPlan{}, p.invalid("plan", "el plan de trabajo de %s para %d ya fue respaldado por Dirección", "the work plan of %s for %d is already endorsed by Dirección", client, year)
	case w.By == a.ID:
		return WorkPlan{}, p.invalid("plan", "quien acordó el plan no lo respalda: lo respalda otro miembro de Dirección", "who agreed the plan does not endorse it: another member of Dirección does")
	}
	if err := p.requiredTime(at); err != nil {
		return WorkPlan{}, err
	}
	w.EndorsedBy, w.EndorsedAt = a.ID, at
	b := p.store.Begin(a, "satisfaction.plan.endorse", "work plan endorsed by Dirección and added to the client's information")
	p.plans.Put(b, &w, d.Version)
	it := InfoItem{ID: "plan/" + w.ID, Client: w.Client, Source: SourceProposal, Title: w.Summary, RecordedBy: a.ID, At: at}
	p.info.Put(b, &it, 0)
	return w, p.commit(ctx, b, at)
}

// runGovernance is Run's part of the owner's and Dirección's duties: it
// stores the file's definition as version 1 when none is stored, tells the
// owners of the documents past their review date and tells Dirección of a
// review period that ended without its review.
func (p *Process) runGovernance(ctx context.Context, a relaciona.Actor, date calendar.Date, at time.Time) (docs, direction []string, err error) {
	if _, err = p.importDefinition(ctx, a, at); err != nil {
		return nil, nil, err
	}
	if docs, err = p.remindDocuments(ctx, a, date, at); err != nil {
		return nil, nil, err
	}
	direction, err = p.remindDirection(ctx, a, date, at)
	return docs, direction, err
}
