package satisfaction

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// Action kinds.
const (
	ActionCorrective  = "corrective"
	ActionImprovement = "improvement"
)

// Where an action came from.
const (
	OriginComplaint = "complaint"
	OriginAnalysis  = "analysis"
	OriginMeeting   = "meeting"
	OriginInterview = "interview"
)

// ActionStatus is where an improvement action stands.
type ActionStatus string

// The action statuses.
const (
	ActionProposed ActionStatus = "proposed"
	ActionAgreed   ActionStatus = "agreed"
)

// Action is a documented corrective or improvement action; it becomes part
// of the information of its clients (seed 003 §6.6).
type Action struct {
	ID          string       `json:"id"`
	Title       string       `json:"title"`
	Description string       `json:"description,omitempty"`
	Kind        string       `json:"kind"`
	Origin      string       `json:"origin"`
	OriginRef   string       `json:"origin_ref,omitempty"`
	Topic       string       `json:"topic,omitempty"`
	Division    string       `json:"division,omitempty"`
	Clients     []string     `json:"clients,omitempty"`
	Status      ActionStatus `json:"status"`
	By          string       `json:"by"`
	At          time.Time    `json:"at"`
	// Proposal is true for the owner's proposals (ProposeAction): Dirección
	// endorses them (EndorseAction, EndorsedBy) before a meeting may agree
	// them (seed 003 §6.6).
	Proposal   bool      `json:"proposal,omitempty"`
	EndorsedBy string    `json:"endorsed_by,omitempty"`
	EndorsedAt time.Time `json:"endorsed_at,omitzero"`
}

// NewAction is what ProposeAction, RecordMeeting and RespondComplaint take.
type NewAction struct {
	Title       string
	Description string
	Kind        string // corrective or improvement (default improvement)
	Origin      string
	OriginRef   string
	Topic       string
	Division    string
	Clients     []string
}

func (p *Process) newAction(ctx context.Context, n NewAction, by string, at time.Time, field string) (Action, error) {
	if err := p.required(field+".title", n.Title); err != nil {
		return Action{}, err
	}
	if n.Kind == "" {
		n.Kind = ActionImprovement
	}
	if n.Kind != ActionImprovement && n.Kind != ActionCorrective {
		return Action{}, p.invalid(field+".kind", "tipo de acción desconocido %q (corrective, improvement)", "unknown action kind %q (corrective, improvement)", n.Kind)
	}
	switch n.Origin {
	case OriginComplaint, OriginAnalysis, OriginMeeting, OriginInterview:
	default:
		return Action{}, p.invalid(field+".origin", "origen desconocido %q (complaint, analysis, meeting, interview)", "unknown origin %q (complaint, analysis, meeting, interview)", n.Origin)
	}
	if err := p.checkTopic(field+".topic", n.Topic); err != nil {
		return Action{}, err
	}
	if n.Division != "" && !p.cfg.hasDivision(n.Division) {
		return Action{}, p.invalid(field+".division", "división desconocida %q", "unknown division %q", n.Division)
	}
	for i, c := range n.Clients {
		if err := p.checkClient(ctx, fmt.Sprintf("%s.clients[%d]", field, i), c); err != nil {
			return Action{}, err
		}
	}
	if err := p.requiredTime(at); err != nil {
		return Action{}, err
	}
	id := newID("action", n.Origin, n.OriginRef, n.Title, at.UTC().Format(time.RFC3339Nano))
	return Action{ID: id, Title: n.Title, Description: n.Description, Kind: n.Kind, Origin: n.Origin, OriginRef: n.OriginRef,
		Topic: n.Topic, Division: n.Division, Clients: slices.Clone(n.Clients), Status: ActionProposed, By: by, At: at}, nil
}

// ProposeAction records an improvement proposal, for instance from the
// analysis of needs and complaints common to several clients (seed 003
// §3.2, §6.6: the owner proposes actions with Dirección).
func (p *Process) ProposeAction(ctx context.Context, a relaciona.Actor, n NewAction, at time.Time) (Action, error) {
	a, err := p.authorize(ctx, a, "propose an improvement action", RoleOwner)
	if err != nil {
		return Action{}, err
	}
	act, err := p.newAction(ctx, n, a.ID, at, "action")
	if err != nil {
		return Action{}, err
	}
	act.Proposal = true // Dirección endorses it (EndorseAction)
	return act, insert(ctx, p, a, p.actions, &act, "satisfaction.action.propose", "improvement action proposed", at)
}

// Meeting is a work meeting with the area's divisions that identifies and
// documents improvement actions (seed 003 §6.6).
type Meeting struct {
	ID        string        `json:"id"`
	Date      calendar.Date `json:"date"`
	Divisions []string      `json:"divisions"`
	Clients   []string      `json:"clients,omitempty" personal:"subject"`
	Notes     string        `json:"notes,omitempty" personal:"true"`
	Actions   []string      `json:"actions,omitempty"`
	By        string        `json:"by"`
	// Absent says, per division the meeting had to involve and did not,
	// why (seed 003 §6.6; governance.meeting_divisions).
	Absent map[string]string `json:"absent,omitempty" personal:"no"`
}

// MeetingInput is what RecordMeeting takes: the new actions documented at
// the meeting and the proposed actions it agreed.
type MeetingInput struct {
	Date       calendar.Date
	Divisions  []string
	Clients    []string
	Notes      string
	NewActions []NewAction
	Agree      []string
	// Absent gives, per division that must take part and did not, the
	// reason (seed 003 §6.6 "será imprescindible participar a todas las
	// divisiones del área").
	Absent map[string]string
}

// RecordMeeting records a work meeting, the actions it documents (agreed)
// and the proposals it agrees, and adds an entry to each client's
// information, all in one batch (seed 003 §6.6: the actions "serán
// documentadas y pasarán a formar parte de la información del cliente").
// At least one division takes part ("será imprescindible participar a
// todas las divisiones del área").
func (p *Process) RecordMeeting(ctx context.Context, a relaciona.Actor, in MeetingInput, at time.Time) (Meeting, error) {
	a, err := p.authorize(ctx, a, "record a work meeting", RoleOwner)
	if err != nil {
		return Meeting{}, err
	}
	if in.Date.IsZero() {
		return Meeting{}, p.invalid("date", "la fecha de la reunión es obligatoria", "the meeting date is required")
	}
	if len(in.Divisions) == 0 {
		return Meeting{}, p.invalid("divisions", "una reunión de trabajo involucra a las divisiones del área: indique al menos una", "a work meeting involves the area's divisions: list at least one")
	}
	for i, d := range in.Divisions {
		if !p.cfg.hasDivision(d) {
			return Meeting{}, p.invalid(fmt.Sprintf("divisions[%d]", i), "división desconocida %q", "unknown division %q", d)
		}
	}
	missing, err := p.checkMeetingDivisions(in.Divisions, in.Absent)
	if err != nil {
		return Meeting{}, err
	}
	for i, c := range in.Clients {
		if err := p.checkClient(ctx, fmt.Sprintf("clients[%d]", i), c); err != nil {
			return Meeting{}, err
		}
	}
	m := Meeting{Date: in.Date, Divisions: slices.Clone(in.Divisions), Clients: slices.Clone(in.Clients), Notes: in.Notes, By: a.ID}
	for _, d := range missing {
		if m.Absent == nil {
			m.Absent = map[string]string{}
		}
		m.Absent[d] = in.Absent[d]
	}
	m.ID = newID("meeting", in.Date.String(), at.UTC().Format(time.RFC3339Nano))
	b := p.store.Begin(a, "satisfaction.meeting", "work meeting with improvement actions")
	clients := slices.Clone(in.Clients)
	for i, n := range in.NewActions {
		if n.Origin == "" {
			n.Origin, n.OriginRef = OriginMeeting, m.ID
		}
		if len(n.Clients) == 0 {
			n.Clients = in.Clients
		}
		act, err := p.newAction(ctx, n, a.ID, at, fmt.Sprintf("new_actions[%d]", i))
		if err != nil {
			return Meeting{}, err
		}
		act.Status = ActionAgreed
		p.actions.Put(b, &act, 0)
		m.Actions = append(m.Actions, act.ID)
		clients = append(clients, act.Clients...)
	}
	if len(in.Agree) > 0 {
		docs, err := p.actions.GetMany(ctx, in.Agree)
		if err != nil {
			return Meeting{}, err
		}
		if len(docs) != len(in.Agree) {
			return Meeting{}, p.invalid("agree", "algunas de las acciones por acordar no existen", "some of the actions to agree do not exist")
		}
		for _, d := range docs {
			act := d.Value
			if act.Status != ActionProposed {
				return Meeting{}, p.invalid("agree", "la acción %s está %s, no propuesta", "action %s is %s, not proposed", act.ID, act.Status)
			}
			if act.Proposal && act.EndorsedBy == "" {
				return Meeting{}, p.invalid("agree", "la propuesta %s no está respaldada por Dirección: el dueño del proceso propone junto a Dirección", "proposal %s is not endorsed by Dirección: the process owner proposes with Dirección", act.ID)
			}
			act.Status = ActionAgreed
			p.actions.Put(b, &act, d.Version)
			m.Actions = append(m.Actions, act.ID)
			clients = append(clients, act.Clients...)
		}
	}
	slices.Sort(clients)
	for _, c := range slices.Compact(clients) {
		it := InfoItem{ID: m.ID + "/" + c, Client: c, Source: SourceMeeting, Title: fmt.Sprintf("meeting %s: %d actions", in.Date, len(m.Actions)), RecordedBy: a.ID, At: at}
		p.info.Put(b, &it, 0)
	}
	p.meetings.Put(b, &m, 0)
	return m, p.commit(ctx, b, at)
}

// CommitmentStatus is where a commitment stands, as this process says it:
// open, delivered (done, awaiting the other party's confirmation) or
// closed (confirmed by the other party, or closed unconfirmed by its owner
// with a reason: Commitment.Reason).
type CommitmentStatus string

// The commitment statuses.
const (
	CommitmentOpen      CommitmentStatus = "open"
	CommitmentDelivered CommitmentStatus = "delivered" // done; awaits the other party's confirmation
	CommitmentClosed    CommitmentStatus = "closed"
)

// Commitment is a commitment made for an improvement action, with the team
// member who owns it and a due date in business days, followed until done
// (seed 003 §6.6). It is this process's view of its entry in the
// commitments register (relaciona.Commitments, process "satisfaction",
// source the improvement action): the register holds it, and its rules
// decide. A commitment to a client (Client set) is confirmed only by a
// person the directory lists as speaking for the client (Confirmers; seed
// 003 §5: "obtener devolución de su conformidad"); an internal one by a
// process owner, or Dirección, other than its owner.
type Commitment struct {
	ID          string
	Action      string
	Client      string
	Owner       string
	Description string
	Start       calendar.Date
	TermDays    int
	Due         calendar.Date
	Status      CommitmentStatus
	Overdue     bool
	// Reminded is the due date the owner was reminded of (Run, when it
	// fell within commitments.due_soon_days); zero until then.
	Reminded     calendar.Date
	OverdueSince calendar.Date
	DeliveredOn  calendar.Date
	ClosedOn     calendar.Date
	// ConfirmedBy is the directory id of the person who confirmed it.
	ConfirmedBy string
	// Confirmers are the directory ids who may confirm it.
	Confirmers []string
	// Reason is why it was closed unconfirmed ("" when confirmed).
	Reason string
	// Record is the register's entry this view is of.
	Record relaciona.Commitment
}

// The keys of the register's Extra this process keeps.
const (
	extraStart    = "start"
	extraTerm     = "term_days"
	extraReminded = "reminded"
)

// viewOf is the view of the register's entry r.
func viewOf(r relaciona.Commitment) Commitment {
	c := Commitment{ID: r.ID, Action: r.Source.ID, Client: r.Index["client"], Owner: r.Ours.Owner, Description: r.What,
		Due: calendar.DateOf(r.Due), DeliveredOn: dateOf(r.DeliveredOn), ClosedOn: dateOf(r.ClosedOn),
		ConfirmedBy: r.ConfirmedBy, Confirmers: slices.Clone(r.Theirs.Confirmers), Reason: r.Reason, Record: r}
	c.Start, _ = calendar.ParseDate(r.Extra[extraStart])
	c.Reminded, _ = calendar.ParseDate(r.Extra[extraReminded])
	c.TermDays, _ = strconv.Atoi(r.Extra[extraTerm])
	switch {
	case r.Status.Closed():
		c.Status = CommitmentClosed
	case r.Status == relaciona.CommitmentDelivered:
		c.Status = CommitmentDelivered
	default:
		c.Status = CommitmentOpen
	}
	if !r.OverdueNotified.IsZero() {
		c.Overdue, c.OverdueSince = true, calendar.DateOf(r.OverdueNotified).AddDays(1)
	}
	return c
}

func dateOf(t time.Time) calendar.Date {
	if t.IsZero() {
		return calendar.Date{}
	}
	return calendar.DateOf(t)
}

// record is the register's entry with what this process changes on the
// view written back: the due date reminded of.
func (c *Commitment) record() relaciona.Commitment {
	r := c.Record
	extra := make(map[string]string, len(r.Extra)+1)
	for k, v := range r.Extra {
		extra[k] = v
	}
	if !c.Reminded.IsZero() {
		extra[extraReminded] = c.Reminded.String()
	}
	r.Extra = extra
	return r
}

// MarshalJSON writes the view as the register's record.
func (c Commitment) MarshalJSON() ([]byte, error) {
	return process.MarshalCommitmentView(c.record(), c.ID, "AddCommitment")
}

// UnmarshalJSON reads the register's record as the view.
func (c *Commitment) UnmarshalJSON(b []byte) error {
	return process.UnmarshalCommitmentView(b, c, viewOf)
}

// commitmentView is this process's typed view of the register's records:
// they decode as Commitment and index as the register indexes them.
func commitmentView(store *relaciona.Store) *relaciona.Collection[Commitment] {
	return process.CommitmentViews(store, (*Commitment).record)
}

// register is the commitments register on the process's store and
// directory.
func (p *Process) register() *relaciona.Commitments { return relaciona.NewCommitments(p.store, p.dir) }

// NewCommitment is what AddCommitment takes. TermDays 0 uses the YAML's
// default term. Confirmers are the directory ids of the client's people
// who may confirm a commitment to a client (required when Client is set).
type NewCommitment struct {
	Action      string
	Client      string
	Confirmers  []string
	Owner       string
	Description string
	Start       calendar.Date
	TermDays    int
}

// AddCommitment records a commitment for an agreed action in the
// commitments register, in the batch that checks the action. Its due date
// is TermDays business days after Start in the deployment's calendar (the
// term counts from the next business day). The other party is the client
// (confirmed by Confirmers), or, for an internal commitment, the process
// owners (or Dirección) other than its owner.
func (p *Process) AddCommitment(ctx context.Context, a relaciona.Actor, n NewCommitment, at time.Time) (Commitment, error) {
	a, err := p.authorize(ctx, a, "add a commitment", RoleOwner)
	if err != nil {
		return Commitment{}, err
	}
	ad, err := getKnown(ctx, p, p.actions, n.Action, "action", "acción desconocida %q", "unknown action %q", n.Action)
	if err != nil {
		return Commitment{}, err
	}
	if ad.Value.Status != ActionAgreed {
		return Commitment{}, p.invalid("action", "la acción %s está %s: los compromisos siguen a acciones acordadas", "action %s is %s: commitments follow agreed actions", n.Action, ad.Value.Status)
	}
	theirs := relaciona.OtherParty{Kind: "client", ID: n.Client, Confirmers: n.Confirmers}
	if n.Client != "" {
		if err := p.checkClient(ctx, "client", n.Client); err != nil {
			return Commitment{}, err
		}
		if len(n.Confirmers) == 0 {
			return Commitment{}, p.invalid("confirmers", "indique quién del cliente %s confirma el compromiso (personas del directorio)", "name who at client %s confirms the commitment (directory people)", n.Client)
		}
	}
	// The owner is a person of the directory: the reminders and the
	// overdue notice reach them, and the escalation the person above them.
	if n.Owner == "" {
		return Commitment{}, p.invalid("owner", "el responsable es obligatorio", "an owner is required")
	}
	if _, err := p.dir.Person(ctx, n.Owner); errors.Is(err, relaciona.ErrNotFound) {
		return Commitment{}, p.invalid("owner", "el responsable %q no está en el directorio", "the owner %q is not in the directory", n.Owner)
	} else if err != nil {
		return Commitment{}, err
	}
	if n.Client == "" {
		if theirs, err = p.internalParty(ctx, n.Owner); err != nil {
			return Commitment{}, err
		}
	}
	if err := p.required("description", n.Description); err != nil {
		return Commitment{}, err
	}
	if n.Start.IsZero() {
		return Commitment{}, p.invalid("start", "la fecha de inicio es obligatoria", "the start date is required")
	}
	if n.TermDays == 0 {
		n.TermDays = p.cfg.Commitments.DefaultTermDays
	}
	if n.TermDays < 0 {
		return Commitment{}, p.invalid("term_days", "el plazo no puede ser negativo", "the term cannot be negative")
	}
	due, err := p.cal.AddBusinessDays(n.Start, n.TermDays)
	if err != nil {
		return Commitment{}, err
	}
	b := p.store.Begin(a, "satisfaction.commitment", "commitment made").At(at)
	var index map[string]string
	if n.Client != "" {
		index = map[string]string{"client": n.Client}
	}
	r, err := p.register().Add(ctx, b, relaciona.NewCommitment{
		Key:    newID("commitment", n.Action, n.Client, n.Owner, n.Description, n.Start.String()),
		Source: relaciona.CommitmentSource{Process: Kind, Kind: kindAction, ID: n.Action},
		Ours:   relaciona.OurParty{Owner: n.Owner, Unit: ad.Value.Division},
		Theirs: theirs, What: n.Description, Due: process.DateTime(due), Date: process.DateTime(n.Start), Index: index,
		Extra: map[string]string{extraStart: n.Start.String(), extraTerm: strconv.Itoa(n.TermDays)},
	})
	if err != nil {
		return Commitment{}, err
	}
	return viewOf(r), p.commit(ctx, b, at)
}

// internalParty is the other party of an internal commitment: the process
// owners other than owner, or, when there are none, Dirección.
func (p *Process) internalParty(ctx context.Context, owner string) (relaciona.OtherParty, error) {
	for _, role := range []string{RoleOwner, RoleDirection} {
		ids, err := p.holders(ctx, role)
		if err != nil {
			return relaciona.OtherParty{}, err
		}
		ids = slices.DeleteFunc(ids, func(id string) bool { return id == owner })
		if len(ids) > 0 {
			return relaciona.OtherParty{Kind: role, ID: Kind, Confirmers: ids}, nil
		}
	}
	return relaciona.OtherParty{}, p.invalid("owner", "nadie más que %q puede confirmar un compromiso interno: falta otro dueño del proceso o Dirección", "no one but %q could confirm an internal commitment: another process owner or Dirección is missing", owner)
}

// CompleteCommitment records a commitment as done on a date: it becomes
// delivered and waits for the other party's confirmation (the client's, or
// for an internal commitment a process owner's). The commitment's owner,
// the manager or the process owner may do it. It records, as the
// delivery's evidence, only that it was declared done; use
// CompleteCommitmentWith to give the evidence.
func (p *Process) CompleteCommitment(ctx context.Context, a relaciona.Actor, id string, on calendar.Date, at time.Time) (Commitment, error) {
	return p.CompleteCommitmentWith(ctx, a, id, relaciona.Evidence{Note: p.lang.T("cumplimiento declarado, sin evidencia adjunta", "declared done, no evidence attached")}, on, at)
}

// CompleteCommitmentWith is CompleteCommitment with the evidence of the
// delivery (a note or a link).
func (p *Process) CompleteCommitmentWith(ctx context.Context, a relaciona.Actor, id string, ev relaciona.Evidence, on calendar.Date, at time.Time) (Commitment, error) {
	a, err := p.authorize(ctx, a, "complete a commitment", teamRoles...)
	if err != nil {
		return Commitment{}, err
	}
	d, err := p.commitments.Get(ctx, id)
	if err != nil {
		return Commitment{}, err
	}
	c := d.Value
	if a.ID != c.Owner {
		if _, err := p.authorize(ctx, a, "complete someone else's commitment", RoleOwner, RoleManager); err != nil {
			return Commitment{}, err
		}
	}
	if c.Status != CommitmentOpen {
		return Commitment{}, p.invalid("status", "el compromiso %s está %s, no abierto", "commitment %s is %s, not open", id, c.Status)
	}
	return p.commitmentStep(ctx, a, on, "la fecha de cumplimiento es obligatoria", "the completion date is required",
		"satisfaction.commitment.complete", "commitment done", at, func(r *relaciona.Commitments, b *relaciona.Batch, on time.Time) (relaciona.Commitment, error) {
			return r.Deliver(ctx, b, id, ev, on)
		})
}

// commitmentStep takes step of the commitment register on date on (a zero
// date is refused with the message es, en) in one audited batch at at
// (action and reason are the audit's), and returns the commitment it
// left.
func (p *Process) commitmentStep(ctx context.Context, a relaciona.Actor, on calendar.Date, es, en, action, reason string, at time.Time,
	step func(r *relaciona.Commitments, b *relaciona.Batch, on time.Time) (relaciona.Commitment, error)) (Commitment, error) {
	if on.IsZero() {
		return Commitment{}, p.invalid("on", es, en)
	}
	b := p.store.Begin(a, action, reason).At(at)
	r, err := step(p.register(), b, process.DateTime(on))
	if err != nil {
		return Commitment{}, err
	}
	return viewOf(r), p.commit(ctx, b, at)
}

// ConfirmCommitment records the other party's confirmation of a delivered
// commitment, which closes it. The actor confirms for the other party: the
// directory must list them, and the commitment must name them among its
// confirmers (the client's people, or for an internal commitment the
// process owners); anyone else, the team included, gets a
// *relaciona.ForbiddenError and nothing changes. note is kept in the
// commitment's history.
func (p *Process) ConfirmCommitment(ctx context.Context, a relaciona.Actor, id string, on calendar.Date, note string, at time.Time) (Commitment, error) {
	return p.commitmentStep(ctx, a, on, "la fecha de confirmación es obligatoria", "the confirmation date is required",
		"satisfaction.commitment.confirm", "the other party confirmed the commitment", at, func(r *relaciona.Commitments, b *relaciona.Batch, on time.Time) (relaciona.Commitment, error) {
			return r.Confirm(ctx, b, id, note, on)
		})
}

// CloseCommitmentUnconfirmed closes a commitment whose confirmation does
// not come, with the reason (required). Only its owner may.
func (p *Process) CloseCommitmentUnconfirmed(ctx context.Context, a relaciona.Actor, id, reason string, on calendar.Date, at time.Time) (Commitment, error) {
	if strings.TrimSpace(reason) == "" {
		return Commitment{}, p.invalid("reason", "indique por qué se cierra sin confirmación", "say why it is closed unconfirmed")
	}
	return p.commitmentStep(ctx, a, on, "la fecha de cierre es obligatoria", "the closing date is required",
		"satisfaction.commitment.unconfirmed", "commitment closed unconfirmed", at, func(r *relaciona.Commitments, b *relaciona.Batch, on time.Time) (relaciona.Commitment, error) {
			return r.CloseUnconfirmed(ctx, b, id, reason, on)
		})
}

// Commitments lists the process's commitments, all or those with a
// status, by due date.
func (p *Process) Commitments(ctx context.Context, status CommitmentStatus) ([]Commitment, error) {
	f := relaciona.Filter{Attrs: map[string]string{"process": Kind}}
	if status == CommitmentOpen || status == CommitmentDelivered {
		f.Attrs["status"] = string(status)
	}
	var out []Commitment
	for d, err := range p.commitments.Scan(ctx, f) {
		if err != nil {
			return nil, err
		}
		if status == "" || d.Value.Status == status {
			out = append(out, d.Value)
		}
	}
	return out, nil
}

// Actions lists improvement actions, all or those with a status.
func (p *Process) Actions(ctx context.Context, status ActionStatus) ([]Action, error) {
	return p.actions.Values(ctx, statusFilter(string(status)))
}
