package satisfaction

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// The improvement and non-conformity registers of seed 003 §4 live in this
// package, not in the root: their rules are the roles of this process
// (the owner "Identificar oportunidades de mejora y trabajar las no
// conformidades", §4.2; the manager "Identificar oportunidades de mejora y
// registrarlas", "Aplicar mejoras al proceso", §4.3; the executor "Escalar
// no conformidades al gestor o dueño", §4.4), and no other seed gives a
// process these roles. Lessons, which every process learns, are in the
// root register (relaciona.Lessons).

// Record kinds of the registers.
const (
	kindNonConformity = "satisfaction.nonconformity"
	kindOpportunity   = "satisfaction.opportunity"
)

// NoticeNonConformityEscalated tells each holder of the role a
// non-conformity was escalated (or referred) to that it waits for them
// (seed 003 §4.4: "Escalar no conformidades al gestor o dueño").
const NoticeNonConformityEscalated = "satisfaction.nonconformity.escalated"

// NCStatus is where a non-conformity stands.
type NCStatus string

// The non-conformity states. A non-conformity starts escalated to the
// manager or to the owner; the manager refers it to the owner; the owner
// works it (InProgress, with actions) and closes it.
const (
	NCAtManager  NCStatus = "at_manager"
	NCAtOwner    NCStatus = "at_owner"
	NCInProgress NCStatus = "in_progress"
	NCClosed     NCStatus = "closed"
)

// Label is the state's name in lang.
func (s NCStatus) Label(lang relaciona.Lang) string {
	return ncStatusLabels.Of(lang, s)
}

// ncStatusLabels name the non-conformity states (Spanish, English).
var ncStatusLabels = process.Labels[NCStatus]{
	NCAtManager:  {"escalada al gestor", "escalated to the manager"},
	NCAtOwner:    {"escalada al dueño", "escalated to the owner"},
	NCInProgress: {"en tratamiento", "being worked"},
	NCClosed:     {"cerrada", "closed"},
}

// NCStep is a step of a non-conformity's life.
type NCStep string

// The steps.
const (
	NCEscalateToManager NCStep = "escalate_to_manager"
	NCEscalateToOwner   NCStep = "escalate_to_owner"
	NCRefer             NCStep = "refer"
	NCAddAction         NCStep = "add_action"
	NCCompleteAction    NCStep = "complete_action"
	NCClose             NCStep = "close"
)

// Transition is one row of a state table: in state From, step Step, taken
// by a holder of Role, leads to To. From "" is a new record.
type Transition[S ~string, T ~string] struct {
	From S
	Step T
	Role string
	To   S
}

// ncTable is the non-conformity state table (seed 003 §4): any step not
// in it is refused with ErrInvalid, and each step needs its role, in the
// directory.
var ncTable = []Transition[NCStatus, NCStep]{
	{"", NCEscalateToManager, RoleExecutor, NCAtManager},
	{"", NCEscalateToOwner, RoleExecutor, NCAtOwner},
	{NCAtManager, NCRefer, RoleManager, NCAtOwner},
	{NCAtOwner, NCAddAction, RoleOwner, NCInProgress},
	{NCInProgress, NCAddAction, RoleOwner, NCInProgress},
	{NCInProgress, NCCompleteAction, RoleOwner, NCInProgress},
	{NCInProgress, NCClose, RoleOwner, NCClosed},
}

// NCTransitions returns the non-conformity state table: escalated by an
// executor to the manager or the owner, referred by the manager to the
// owner, worked by the owner with actions and closed by the owner. A step
// the table does not allow from a state is refused with ErrInvalid.
func NCTransitions() []Transition[NCStatus, NCStep] { return slices.Clone(ncTable) }

// OppTransitions returns the improvement-opportunity state table.
func OppTransitions() []Transition[OppStatus, OppStep] { return slices.Clone(oppTable) }

// stepRole is the role a step needs (the same in every state it is
// allowed from).
func stepRole[S ~string, T ~string](table []Transition[S, T], step T) string {
	for _, t := range table {
		if t.Step == step {
			return t.Role
		}
	}
	return ""
}

// next returns the state step leads to from from, and whether the table
// allows it.
func next[S ~string, T ~string](table []Transition[S, T], from S, step T) (S, bool) {
	for _, t := range table {
		if t.From == from && t.Step == step {
			return t.To, true
		}
	}
	return "", false
}

// NonConformity is an entry of the non-conformity register: what does not
// conform (Title, Description), optionally for which client, service or
// topic, who escalated it to which role, the actions the owner works it
// with and, once closed, the verification note. History records every
// step.
type NonConformity struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Description string    `json:"description,omitempty" personal:"true"`
	Client      string    `json:"client,omitempty" personal:"subject"`
	Service     string    `json:"service,omitempty"`
	Topic       string    `json:"topic,omitempty"`
	Status      NCStatus  `json:"status"`
	Escalated   time.Time `json:"escalated"`
	EscalatedBy string    `json:"escalated_by"`
	// Role is the role it waits for now (RoleManager or RoleOwner).
	Role         string     `json:"role"`
	Actions      []NCAction `json:"actions,omitempty"`
	Verification string     `json:"verification,omitempty"`
	Closed       time.Time  `json:"closed,omitzero"`
	ClosedBy     string     `json:"closed_by,omitempty"`
	History      []NCEvent  `json:"history"`
}

// NCAction is an action the owner works a non-conformity with: what, the
// person who owns it (a person of the directory), the due date and, once
// done, the date it was done.
type NCAction struct {
	Action string        `json:"action"`
	Owner  string        `json:"owner"`
	Due    calendar.Date `json:"due"`
	Done   calendar.Date `json:"done,omitzero"`
}

// NCEvent is one step of a non-conformity: the step, the state it left it
// in, who took it and when, and a note.
type NCEvent struct {
	Step NCStep    `json:"step"`
	To   NCStatus  `json:"to"`
	By   string    `json:"by"`
	At   time.Time `json:"at"`
	Note string    `json:"note,omitempty" personal:"true"`
}

// NewNonConformity is what EscalateNonConformity takes.
type NewNonConformity struct {
	Title       string
	Description string
	Client      string
	Service     string
	Topic       string
}

func (p *Process) nonConformities() *relaciona.Collection[NonConformity] {
	return relaciona.NewCollection(p.store, kindNonConformity, func(v *NonConformity) relaciona.Key {
		return statusKey(v.ID, v.Status, v.Escalated)
	})
}

// EscalateNonConformity registers a non-conformity escalated by a process
// executor to the manager (to = RoleManager) or the owner (RoleOwner), and
// tells every holder of that role (NoticeNonConformityEscalated) in the
// same batch (seed 003 §4.4).
func (p *Process) EscalateNonConformity(ctx context.Context, a relaciona.Actor, in NewNonConformity, to string, at time.Time) (NonConformity, error) {
	step := NCEscalateToManager
	if to == RoleOwner {
		step = NCEscalateToOwner
	}
	a, err := p.authorize(ctx, a, "escalate a non-conformity", stepRole(ncTable, step))
	if err != nil {
		return NonConformity{}, err
	}
	if to != RoleManager && to != RoleOwner {
		return NonConformity{}, p.invalid("to", "una no conformidad se escala al gestor (%s) o al dueño (%s), no a %q", "a non-conformity is escalated to the manager (%s) or the owner (%s), not to %q", RoleManager, RoleOwner, to)
	}
	if err := p.checkFinding(ctx, in.Title, in.Client, in.Service, in.Topic, at); err != nil {
		return NonConformity{}, err
	}
	state, _ := next(ncTable, "", step)
	nc := NonConformity{ID: newID("nc", in.Title, at.UTC().Format(time.RFC3339Nano)), Title: strings.TrimSpace(in.Title), Description: in.Description,
		Client: in.Client, Service: in.Service, Topic: in.Topic, Status: state, Escalated: at, EscalatedBy: a.ID, Role: to,
		History: []NCEvent{{Step: step, To: state, By: a.ID, At: at}}}
	b := p.store.Begin(a, "satisfaction.nonconformity.escalate", "non-conformity escalated to "+to)
	p.nonConformities().Put(b, &nc, 0)
	if err := p.notifyRole(ctx, b, nc, to, a.ID); err != nil {
		return NonConformity{}, err
	}
	return nc, p.commit(ctx, b, at)
}

// notifyRole tells every holder of role of non-conformity nc, in b.
func (p *Process) notifyRole(ctx context.Context, b *relaciona.Batch, nc NonConformity, role, by string) error {
	people, err := p.holderStaff(ctx, role)
	if err != nil {
		return err
	}
	process.NotifyStaff(b, Kind, NoticeNonConformityEscalated, relaciona.Ref{Kind: kindNonConformity, ID: nc.ID}, calendar.Date{}, people,
		map[string]string{"nonconformity": nc.ID, "summary": nc.Title, "by": by, "role": role})
	return nil
}

// ncStepAction names each step in a refusal ("may not close a
// non-conformity").
var ncStepAction = map[NCStep]string{
	NCRefer:          "refer a non-conformity to the owner",
	NCAddAction:      "add an action to a non-conformity",
	NCCompleteAction: "complete an action of a non-conformity",
	NCClose:          "close a non-conformity",
}

// stepNonConformity authorizes step for a (its role in the directory,
// first), then reads non-conformity id, checks that the state table allows
// step from its state, lets fn change it, records the step and writes it
// back under the version read, in one audited batch. A refusal changes
// nothing.
func (p *Process) stepNonConformity(ctx context.Context, a relaciona.Actor, id string, step NCStep, at time.Time, note string, fn func(b *relaciona.Batch, nc *NonConformity) error) (NonConformity, error) {
	a, err := p.authorize(ctx, a, ncStepAction[step], stepRole(ncTable, step))
	if err != nil {
		return NonConformity{}, err
	}
	if err := p.requiredTime(at); err != nil {
		return NonConformity{}, err
	}
	return updateRecord(ctx, p, a, p.nonConformities(), "satisfaction.nonconformity."+string(step), "non-conformity "+id, id, at, func(b *relaciona.Batch, nc *NonConformity) error {
		to, ok := next(ncTable, nc.Status, step)
		if !ok {
			return p.invalid("status", "la no conformidad %s está «%s»: no admite el paso %s", "non-conformity %s is %q: step %s is not allowed", nc.ID, nc.Status.Label(p.lang), step)
		}
		if err := fn(b, nc); err != nil {
			return err
		}
		nc.Status = to
		nc.History = append(nc.History, NCEvent{Step: step, To: to, By: a.ID, At: at, Note: note})
		return nil
	})
}

// ReferNonConformity is the manager's referral of a non-conformity
// escalated to them on to the owner, who works non-conformities (seed 003
// §4.2); every owner is told in the same batch.
func (p *Process) ReferNonConformity(ctx context.Context, a relaciona.Actor, id, note string, at time.Time) (NonConformity, error) {
	return p.stepNonConformity(ctx, a, id, NCRefer, at, note, func(b *relaciona.Batch, nc *NonConformity) error {
		nc.Role = RoleOwner
		return p.notifyRole(ctx, b, *nc, RoleOwner, a.ID)
	})
}

// AddNCAction adds an action to a non-conformity the owner works (seed
// 003 §4.2: "trabajar las no conformidades"): a description, its owner (a
// person of the directory) and its due date are required.
func (p *Process) AddNCAction(ctx context.Context, a relaciona.Actor, id string, act NCAction, at time.Time) (NonConformity, error) {
	return p.stepNonConformity(ctx, a, id, NCAddAction, at, "", func(_ *relaciona.Batch, nc *NonConformity) error {
		if err := p.required("action", act.Action); err != nil {
			return err
		}
		if act.Owner == "" {
			return p.invalid("owner", "la acción necesita un responsable", "the action needs an owner")
		}
		if _, err := p.dir.Person(ctx, act.Owner); err != nil {
			if isNotFound(err) {
				return p.invalid("owner", "el responsable %q no figura en el directorio", "owner %q is not in the directory", act.Owner)
			}
			return err
		}
		if act.Due.IsZero() {
			return p.invalid("due", "la acción necesita una fecha", "the action needs a due date")
		}
		act.Done = calendar.Date{}
		nc.Actions = append(nc.Actions, act)
		return nil
	})
}

// CompleteNCAction marks the index-th action of a non-conformity done on
// date (the owner records it).
func (p *Process) CompleteNCAction(ctx context.Context, a relaciona.Actor, id string, index int, date calendar.Date, at time.Time) (NonConformity, error) {
	return p.stepNonConformity(ctx, a, id, NCCompleteAction, at, "", func(_ *relaciona.Batch, nc *NonConformity) error {
		if index < 0 || index >= len(nc.Actions) {
			return p.invalid("index", "la no conformidad %s no tiene la acción %d", "non-conformity %s has no action %d", nc.ID, index)
		}
		if !nc.Actions[index].Done.IsZero() {
			return p.invalid("index", "la acción %d ya está hecha", "action %d is already done", index)
		}
		if date.IsZero() {
			return p.invalid("date", "indique la fecha en que se hizo", "give the date it was done")
		}
		nc.Actions[index].Done = date
		return nil
	})
}

// CloseNonConformity closes a non-conformity the owner worked: every
// action must be done, and the note says how the owner verified the
// result.
func (p *Process) CloseNonConformity(ctx context.Context, a relaciona.Actor, id, verification string, at time.Time) (NonConformity, error) {
	return p.stepNonConformity(ctx, a, id, NCClose, at, verification, func(_ *relaciona.Batch, nc *NonConformity) error {
		if strings.TrimSpace(verification) == "" {
			return p.invalid("verification", "el cierre necesita una nota de verificación", "closing needs a verification note")
		}
		if i := slices.IndexFunc(nc.Actions, func(x NCAction) bool { return x.Done.IsZero() }); i >= 0 {
			return p.invalid("actions", "la acción %d («%s») no está hecha: se cierra cuando todas lo están", "action %d (%q) is not done: it closes when all are", i, nc.Actions[i].Action)
		}
		nc.Verification, nc.Closed, nc.ClosedBy = verification, at, a.ID
		return nil
	})
}

// GetNonConformity returns one non-conformity; the error wraps
// relaciona.ErrNotFound when there is none.
func (p *Process) GetNonConformity(ctx context.Context, id string) (NonConformity, error) {
	d, err := p.nonConformities().Get(ctx, id)
	return d.Value, err
}

// NonConformities streams the non-conformities in status (every one when
// status is ""), oldest first, in constant memory.
func (p *Process) NonConformities(ctx context.Context, status NCStatus) iter.Seq2[NonConformity, error] {
	return inStatus(ctx, p.nonConformities(), string(status))
}

// OppStatus is where an improvement opportunity stands.
type OppStatus string

// The opportunity states: registered by the manager, then applied by the
// manager ("Aplicar mejoras al proceso", §4.3) or declined by the owner,
// who is "responsable de que todo esté definido" (§4.2).
const (
	OppRegistered OppStatus = "registered"
	OppApplied    OppStatus = "applied"
	OppDeclined   OppStatus = "declined"
)

// OppStep is a step of an improvement opportunity.
type OppStep string

// The steps.
const (
	OppRegister OppStep = "register"
	OppApply    OppStep = "apply"
	OppDecline  OppStep = "decline"
)

// oppTable is the improvement-opportunity state table.
var oppTable = []Transition[OppStatus, OppStep]{
	{"", OppRegister, RoleManager, OppRegistered},
	{OppRegistered, OppApply, RoleManager, OppApplied},
	{OppRegistered, OppDecline, RoleOwner, OppDeclined},
}

// Opportunity is an improvement opportunity of the process, registered by
// the manager (seed 003 §4.3: "Identificar oportunidades de mejora y
// registrarlas"), optionally tied to a client, service, topic or to the
// non-conformity it came from.
type Opportunity struct {
	ID            string    `json:"id"`
	Title         string    `json:"title"`
	Description   string    `json:"description,omitempty" personal:"true"`
	Client        string    `json:"client,omitempty" personal:"subject"`
	Service       string    `json:"service,omitempty"`
	Topic         string    `json:"topic,omitempty"`
	NonConformity string    `json:"nonconformity,omitempty"`
	Status        OppStatus `json:"status"`
	Registered    time.Time `json:"registered"`
	RegisteredBy  string    `json:"registered_by"`
	Outcome       string    `json:"outcome,omitempty"`
	Decided       time.Time `json:"decided,omitzero"`
	DecidedBy     string    `json:"decided_by,omitempty"`
}

// NewOpportunity is what RegisterOpportunity takes.
type NewOpportunity struct {
	Title         string
	Description   string
	Client        string
	Service       string
	Topic         string
	NonConformity string
}

func (p *Process) opportunities() *relaciona.Collection[Opportunity] {
	return relaciona.NewCollection(p.store, kindOpportunity, func(v *Opportunity) relaciona.Key {
		return statusKey(v.ID, v.Status, v.Registered)
	})
}

// RegisterOpportunity registers an improvement opportunity (the manager,
// seed 003 §4.3).
func (p *Process) RegisterOpportunity(ctx context.Context, a relaciona.Actor, in NewOpportunity, at time.Time) (Opportunity, error) {
	a, err := p.authorize(ctx, a, "register an improvement opportunity", stepRole(oppTable, OppRegister))
	if err != nil {
		return Opportunity{}, err
	}
	if err := p.checkFinding(ctx, in.Title, in.Client, in.Service, in.Topic, at); err != nil {
		return Opportunity{}, err
	}
	if in.NonConformity != "" {
		if _, err := p.GetNonConformity(ctx, in.NonConformity); err != nil {
			if isNotFound(err) {
				return Opportunity{}, p.invalid("nonconformity", "no conformidad desconocida %q", "unknown non-conformity %q", in.NonConformity)
			}
			return Opportunity{}, err
		}
	}
	state, _ := next(oppTable, "", OppRegister)
	o := Opportunity{ID: newID("opp", in.Title, at.UTC().Format(time.RFC3339Nano)), Title: strings.TrimSpace(in.Title), Description: in.Description,
		Client: in.Client, Service: in.Service, Topic: in.Topic, NonConformity: in.NonConformity, Status: state, Registered: at, RegisteredBy: a.ID}
	return o, insert(ctx, p, a, p.opportunities(), &o, "satisfaction.opportunity.register", "improvement opportunity registered", at)
}

// DecideOpportunity takes step OppApply (the manager applies it to the
// process) or OppDecline (the owner declines it) with its outcome, which
// is required.
func (p *Process) DecideOpportunity(ctx context.Context, a relaciona.Actor, id string, step OppStep, outcome string, at time.Time) (Opportunity, error) {
	role := stepRole(oppTable, step)
	if role == "" || step == OppRegister {
		return Opportunity{}, p.invalid("step", "paso desconocido %q (apply, decline)", "unknown step %q (apply, decline)", step)
	}
	a, err := p.authorize(ctx, a, string(step)+" an improvement opportunity", role)
	if err != nil {
		return Opportunity{}, err
	}
	if err := p.required("outcome", outcome); err != nil {
		return Opportunity{}, err
	}
	if err := p.requiredTime(at); err != nil {
		return Opportunity{}, err
	}
	return updateRecord(ctx, p, a, p.opportunities(), "satisfaction.opportunity."+string(step), "opportunity "+id, id, at, func(_ *relaciona.Batch, o *Opportunity) error {
		to, ok := next(oppTable, o.Status, step)
		if !ok {
			return p.invalid("status", "la oportunidad %s está %q: no admite el paso %s", "opportunity %s is %q: step %s is not allowed", o.ID, o.Status, step)
		}
		o.Status, o.Outcome, o.Decided, o.DecidedBy = to, outcome, at, a.ID
		return nil
	})
}

// Opportunities streams the improvement opportunities in status (every
// one when status is ""), oldest first, in constant memory.
func (p *Process) Opportunities(ctx context.Context, status OppStatus) iter.Seq2[Opportunity, error] {
	return inStatus(ctx, p.opportunities(), string(status))
}

// ncAge is the number of business days from a non-conformity's escalation
// to its closure (or to end, when it is open).
func (p *Process) ncAge(nc NonConformity, end time.Time) (int, error) {
	to := end
	if !nc.Closed.IsZero() {
		to = nc.Closed
	}
	n, err := p.cal.BusinessDaysBetween(calendar.DateOf(nc.Escalated.In(p.loc)), calendar.DateOf(to.In(p.loc)))
	if err != nil {
		return 0, fmt.Errorf("non-conformity %s: %w", nc.ID, err)
	}
	return n, nil
}

// checkFinding checks what a non-conformity and an improvement opportunity
// both name: a title, a known client (when given), service and topic, and
// the time.
func (p *Process) checkFinding(ctx context.Context, title, client, service, topic string, at time.Time) error {
	if err := p.required("title", title); err != nil {
		return err
	}
	if client != "" {
		if err := p.checkClient(ctx, "client", client); err != nil {
			return err
		}
	}
	if err := p.checkService("service", service, false); err != nil {
		return err
	}
	if err := p.checkTopic("topic", topic); err != nil {
		return err
	}
	return p.requiredTime(at)
}
