package satisfaction

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
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

func (p *Process) newAction(n NewAction, by string, at time.Time, field string) (Action, error) {
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
		if err := p.checkClient(fmt.Sprintf("%s.clients[%d]", field, i), c); err != nil {
			return Action{}, err
		}
	}
	if at.IsZero() {
		return Action{}, p.invalid("at", "la hora es obligatoria", "the time is required")
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
	act, err := p.newAction(n, a.ID, at, "action")
	if err != nil {
		return Action{}, err
	}
	b := p.store.Begin(a, "satisfaction.action.propose", "improvement action proposed")
	p.actions.Put(b, &act, 0)
	return act, p.commit(ctx, b, at)
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
	for i, c := range in.Clients {
		if err := p.checkClient(fmt.Sprintf("clients[%d]", i), c); err != nil {
			return Meeting{}, err
		}
	}
	m := Meeting{Date: in.Date, Divisions: slices.Clone(in.Divisions), Clients: slices.Clone(in.Clients), Notes: in.Notes, By: a.ID}
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
		act, err := p.newAction(n, a.ID, at, fmt.Sprintf("new_actions[%d]", i))
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

// CommitmentStatus is where a commitment stands.
type CommitmentStatus string

// The commitment statuses.
const (
	CommitmentOpen      CommitmentStatus = "open"
	CommitmentDelivered CommitmentStatus = "delivered" // done; a client commitment awaits the client's confirmation
	CommitmentClosed    CommitmentStatus = "closed"
)

// Commitment is a commitment made for an improvement action, with the team
// member who owns it and a due date in business days, followed until done
// (seed 003 §6.6). A commitment to a client (Client set) closes only when
// the client confirms it (seed 003 §5: "obtener devolución de su
// conformidad").
type Commitment struct {
	ID          string           `json:"id"`
	Action      string           `json:"action"`
	Client      string           `json:"client,omitempty" personal:"subject"`
	Owner       string           `json:"owner"`
	Description string           `json:"description"`
	Start       calendar.Date    `json:"start"`
	TermDays    int              `json:"term_days"`
	Due         calendar.Date    `json:"due"`
	Status      CommitmentStatus `json:"status"`
	Overdue     bool             `json:"overdue,omitempty"`
	// Reminded is the due date the owner was reminded of (Run, when it
	// fell within commitments.due_soon_days); zero until then.
	Reminded     calendar.Date `json:"reminded,omitzero"`
	OverdueSince calendar.Date `json:"overdue_since,omitzero"`
	DeliveredOn  calendar.Date `json:"delivered_on,omitzero"`
	ClosedOn     calendar.Date `json:"closed_on,omitzero"`
	ConfirmedBy  string        `json:"confirmed_by,omitempty" personal:"true"`
}

// NewCommitment is what AddCommitment takes. TermDays 0 uses the YAML's
// default term.
type NewCommitment struct {
	Action      string
	Client      string
	Owner       string
	Description string
	Start       calendar.Date
	TermDays    int
}

// AddCommitment records a commitment for an agreed action. Its due date is
// TermDays business days after Start in the deployment's calendar (the
// term counts from the next business day).
func (p *Process) AddCommitment(ctx context.Context, a relaciona.Actor, n NewCommitment, at time.Time) (Commitment, error) {
	a, err := p.authorize(ctx, a, "add a commitment", RoleOwner)
	if err != nil {
		return Commitment{}, err
	}
	ad, err := p.actions.Get(ctx, n.Action)
	if isNotFound(err) {
		return Commitment{}, p.invalid("action", "acción desconocida %q", "unknown action %q", n.Action)
	} else if err != nil {
		return Commitment{}, err
	}
	if ad.Value.Status != ActionAgreed {
		return Commitment{}, p.invalid("action", "la acción %s está %s: los compromisos siguen a acciones acordadas", "action %s is %s: commitments follow agreed actions", n.Action, ad.Value.Status)
	}
	if n.Client != "" {
		if err := p.checkClient("client", n.Client); err != nil {
			return Commitment{}, err
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
	c := Commitment{Action: n.Action, Client: n.Client, Owner: n.Owner, Description: n.Description, Start: n.Start,
		TermDays: n.TermDays, Due: due, Status: CommitmentOpen}
	c.ID = newID("commitment", n.Action, n.Client, n.Owner, n.Description, n.Start.String())
	b := p.store.Begin(a, "satisfaction.commitment", "commitment made")
	p.commitments.Put(b, &c, 0)
	return c, p.commit(ctx, b, at)
}

// CompleteCommitment records a commitment as done on a date: an internal
// commitment closes; a commitment to a client becomes delivered and waits
// for the client's confirmation. The commitment's owner, the manager or the
// process owner may do it.
func (p *Process) CompleteCommitment(ctx context.Context, a relaciona.Actor, id string, on calendar.Date, at time.Time) (Commitment, error) {
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
	if on.IsZero() {
		return Commitment{}, p.invalid("on", "la fecha de cumplimiento es obligatoria", "the completion date is required")
	}
	c.DeliveredOn = on
	if c.Client == "" {
		c.Status, c.ClosedOn = CommitmentClosed, on
	} else {
		c.Status = CommitmentDelivered
	}
	b := p.store.Begin(a, "satisfaction.commitment.complete", "commitment done")
	p.commitments.Put(b, &c, d.Version)
	return c, p.commit(ctx, b, at)
}

// ConfirmCommitment records the client's confirmation of a delivered
// commitment, which closes it. confirmedBy names the client's person
// (personal data).
func (p *Process) ConfirmCommitment(ctx context.Context, a relaciona.Actor, id string, on calendar.Date, confirmedBy string, at time.Time) (Commitment, error) {
	a, err := p.authorize(ctx, a, "record a client's confirmation", RoleOwner, RoleManager)
	if err != nil {
		return Commitment{}, err
	}
	d, err := p.commitments.Get(ctx, id)
	if err != nil {
		return Commitment{}, err
	}
	c := d.Value
	if c.Client == "" {
		return Commitment{}, p.invalid("client", "el compromiso %s es interno: no necesita confirmación del cliente", "commitment %s is internal: it needs no client confirmation", id)
	}
	if c.Status != CommitmentDelivered {
		return Commitment{}, p.invalid("status", "el compromiso %s está %s: el cliente confirma un compromiso entregado", "commitment %s is %s: the client confirms a delivered commitment", id, c.Status)
	}
	if on.IsZero() || on.Before(c.DeliveredOn) {
		return Commitment{}, p.invalid("on", "la fecha de confirmación es obligatoria y no puede ser anterior a la entrega (%s)", "the confirmation date is required and cannot be before the delivery (%s)", c.DeliveredOn)
	}
	c.Status, c.ClosedOn, c.ConfirmedBy = CommitmentClosed, on, confirmedBy
	b := p.store.Begin(a, "satisfaction.commitment.confirm", "client confirmed the commitment")
	p.commitments.Put(b, &c, d.Version)
	return c, p.commit(ctx, b, at)
}

// Commitments lists commitments, all or those with a status.
func (p *Process) Commitments(ctx context.Context, status CommitmentStatus) ([]Commitment, error) {
	f := relaciona.Filter{}
	if status != "" {
		f.Attrs = map[string]string{"status": string(status)}
	}
	return values(ctx, p.commitments, f)
}

// Actions lists improvement actions, all or those with a status.
func (p *Process) Actions(ctx context.Context, status ActionStatus) ([]Action, error) {
	f := relaciona.Filter{}
	if status != "" {
		f.Attrs = map[string]string{"status": string(status)}
	}
	return values(ctx, p.actions, f)
}
