package satisfaction

import (
	"context"
	"fmt"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// Channel is how a complaint arrived (seed 003 §6.4).
type Channel string

// The complaint channels.
const (
	ChannelTicket Channel = "ticket" // the client filed a complaint ticket
	ChannelPhone  Channel = "phone"  // the client phoned the technician on the case
	// ChannelInterview: heard in the client's annual interview and
	// registered by the owner (ComplaintFromInterview, seed 003 §6.3).
	ChannelInterview Channel = "interview"
)

// Scope says whether a complaint is about a service (followed in a
// complaint ticket by the process manager) or something else (handled
// privately by the owner), seed 003 §6.4.
type Scope string

// The complaint scopes.
const (
	ScopeService Scope = "service"
	ScopeOther   Scope = "other"
)

// ComplaintStatus is where a complaint stands.
type ComplaintStatus string

// The complaint statuses.
const (
	ComplaintRegistered ComplaintStatus = "registered" // reported and registered; the owner was told
	ComplaintFollowing  ComplaintStatus = "following"  // a service complaint followed by the manager in its ticket
	ComplaintPrivate    ComplaintStatus = "private"    // any other complaint, handled privately by the owner
	ComplaintResponded  ComplaintStatus = "responded"  // answered, with corrective or improvement actions
	ComplaintClosed     ComplaintStatus = "closed"
)

// Complaint is a client's complaint (reclamo). Summary may hold personal
// data.
type Complaint struct {
	ID         string          `json:"id"`
	Client     string          `json:"client" personal:"subject"`
	Service    string          `json:"service,omitempty"`
	Topic      string          `json:"topic,omitempty"`
	Channel    Channel         `json:"channel"`
	Scope      Scope           `json:"scope"`
	Summary    string          `json:"summary,omitempty" personal:"true"`
	ReportedBy string          `json:"reported_by"`
	ReportedAt time.Time       `json:"reported_at"`
	Notified   []string        `json:"notified"`
	Status     ComplaintStatus `json:"status"`
	TicketID   string          `json:"ticket_id,omitempty"`
	FollowedBy string          `json:"followed_by,omitempty"`
	Response   *Response       `json:"response,omitempty"`
	ClosedAt   time.Time       `json:"closed_at,omitzero"`
	// Interview is the interview the complaint was heard in
	// (ChannelInterview).
	Interview string `json:"interview,omitempty"`
}

// Response is the answer to a complaint and the actions it proposes (seed
// 003 §5: "Responder a los reclamos ... proponiendo acciones correctivas y de
// mejora").
type Response struct {
	By      string    `json:"by"`
	At      time.Time `json:"at"`
	Text    string    `json:"text" personal:"true"`
	Actions []string  `json:"actions,omitempty"`
}

// Notice tells a team member about something to act on: the owner is told
// of every complaint (seed 003 §6.4).
type Notice struct {
	ID    string    `json:"id"`
	To    string    `json:"to"`
	About string    `json:"about"` // the complaint id
	At    time.Time `json:"at"`
}

// NewComplaint is what ReportComplaint takes. TicketID is the complaint
// ticket the client filed, for the ticket channel.
type NewComplaint struct {
	Client   string
	Service  string
	Topic    string
	Channel  Channel
	Scope    Scope
	Summary  string
	TicketID string
}

// ReportComplaint registers a complaint any team member heard of, and tells
// every process owner in the same batch (seed 003 §6.4: "Cada involucrado
// dentro del equipo de IOTI, debe informar al dueño del proceso ante
// cualquier reclamo, para así poder registrarlo").
func (p *Process) ReportComplaint(ctx context.Context, a relaciona.Actor, n NewComplaint, at time.Time) (Complaint, error) {
	a, err := p.authorize(ctx, a, "report a complaint", teamRoles...)
	if err != nil {
		return Complaint{}, err
	}
	c, err := p.newComplaint(ctx, n, a.ID, at)
	if err != nil {
		return Complaint{}, err
	}
	if _, err := p.complaints.Get(ctx, c.ID); err == nil {
		return Complaint{}, fmt.Errorf("%w: %s", relaciona.ErrConflict, p.lang.Tf("la queja %s ya está registrada", "complaint %s is already registered", c.ID))
	}
	if c.TicketID != "" {
		holder, err := p.complaintOfTicket(ctx, c.TicketID)
		if err != nil {
			return Complaint{}, err
		}
		if holder != "" {
			return Complaint{}, p.complaintTicketError(&relaciona.ClaimError{Name: ClaimComplaintTicket, Key: c.TicketID, Holder: relaciona.Ref{Kind: kindComplaint, ID: holder}})
		}
	}
	b := p.store.Begin(a, "satisfaction.complaint.report", "complaint reported; the owner is told")
	if err := p.putComplaint(ctx, b, &c); err != nil {
		return Complaint{}, err
	}
	return commitClaiming(ctx, p, b, at, c, ClaimComplaintTicket, p.complaintTicketError)
}

// ClaimComplaintTicket is the name of the claim that makes the rule "one
// complaint per ticket": its key is the ticket id, its holder the
// complaint. ReportComplaint, FollowComplaint (for the ticket it opens) and
// the ticket import claim it in the batch that links the complaint, so of
// two racing, one links the ticket and the other fails with an ErrConflict
// naming the complaint (or, for the import, registers none).
const ClaimComplaintTicket = "satisfaction.complaint.ticket"

// complaintTicketError is the ErrConflict of a ticket that has its
// complaint already: it wraps c, which names the complaint.
func (p *Process) complaintTicketError(c *relaciona.ClaimError) error {
	return fmt.Errorf("%s: %w", p.lang.Tf("el ticket %s ya tiene la queja %s: una queja por ticket", "ticket %s already has complaint %s: one complaint per ticket", c.Key, c.Holder.ID), c)
}

// complaintOfTicket returns the complaint linked to ticket id, or "": the
// holder of the ticket's claim, or a complaint linked before claims.
func (p *Process) complaintOfTicket(ctx context.Context, id string) (string, error) {
	return claimHolder(ctx, p.store, ClaimComplaintTicket, id, p.complaints, "ticket")
}

func (p *Process) newComplaint(ctx context.Context, n NewComplaint, by string, at time.Time) (Complaint, error) {
	if err := p.checkClient(ctx, "client", n.Client); err != nil {
		return Complaint{}, err
	}
	switch n.Channel {
	case ChannelTicket:
		if n.TicketID == "" {
			return Complaint{}, p.invalid("ticket_id", "una queja por ticket necesita el identificador del ticket", "a complaint by ticket needs the ticket id")
		}
	case ChannelPhone:
	default:
		return Complaint{}, p.invalid("channel", "canal desconocido %q (ticket, phone)", "unknown channel %q (ticket, phone)", n.Channel)
	}
	switch n.Scope {
	case ScopeService:
		if err := p.checkService("service", n.Service, true); err != nil {
			return Complaint{}, err
		}
	case ScopeOther:
		if err := p.checkService("service", n.Service, false); err != nil {
			return Complaint{}, err
		}
	default:
		return Complaint{}, p.invalid("scope", "alcance desconocido %q (service, other)", "unknown scope %q (service, other)", n.Scope)
	}
	if err := p.checkTopic("topic", n.Topic); err != nil {
		return Complaint{}, err
	}
	if at.IsZero() {
		return Complaint{}, p.invalid("at", "la hora del reporte es obligatoria", "the time of the report is required")
	}
	id := newID("complaint", n.Client, string(n.Channel), n.TicketID, at.UTC().Format(time.RFC3339Nano))
	return Complaint{ID: id, Client: n.Client, Service: n.Service, Topic: n.Topic, Channel: n.Channel, Scope: n.Scope,
		Summary: n.Summary, ReportedBy: by, ReportedAt: at,
		Status: ComplaintRegistered, TicketID: n.TicketID}, nil
}

// putComplaint writes a new complaint, the notices and notifications
// (NoticeComplaintReported) of every process owner the directory lists,
// and claims its ticket (ClaimComplaintTicket).
func (p *Process) putComplaint(ctx context.Context, b *relaciona.Batch, c *Complaint) error {
	owners, err := p.holders(ctx, RoleOwner)
	if err != nil {
		return err
	}
	to, err := p.staff(ctx, owners...)
	if err != nil {
		return err
	}
	c.Notified = owners
	p.complaints.Put(b, c, 0)
	if c.TicketID != "" {
		b.Claim(ClaimComplaintTicket, c.TicketID, relaciona.Ref{Kind: kindComplaint, ID: c.ID})
	}
	for _, o := range c.Notified {
		p.notices.Put(b, &Notice{ID: c.ID + "/" + o, To: o, About: c.ID, At: c.ReportedAt}, 0)
	}
	process.NotifyStaff(b, Kind, NoticeComplaintReported, relaciona.Ref{Kind: kindComplaint, ID: c.ID}, calendar.Date{}, to,
		map[string]string{"complaint": c.ID, "client": c.Client, "service": c.Service, "channel": string(c.Channel), "scope": string(c.Scope)})
	return nil
}

// Notices returns the notices addressed to the actor (the owner's inbox of
// complaints).
func (p *Process) Notices(ctx context.Context, a relaciona.Actor) ([]Notice, error) {
	a, err := p.authorize(ctx, a, "read notices", teamRoles...)
	if err != nil {
		return nil, err
	}
	return p.notices.Values(ctx, relaciona.Filter{Attrs: map[string]string{"to": a.ID}})
}

// Complaint reads one complaint.
func (p *Process) Complaint(ctx context.Context, id string) (Complaint, error) {
	d, err := p.complaints.Get(ctx, id)
	return d.Value, err
}

// FollowComplaint is the process manager taking a service complaint into a
// complaint ticket and following it there (seed 003 §6.4: "El gestor del
// proceso generará un ticket de Reclamo y hará seguimiento dentro del mismo,
// siempre que sea un reclamo de servicio"). When the complaint came by
// phone, the ticket is created through the ticket system; a complaint that
// came as a ticket is followed in that ticket.
func (p *Process) FollowComplaint(ctx context.Context, a relaciona.Actor, id string, at time.Time) (Complaint, error) {
	a, d, err := p.registeredComplaint(ctx, a, "follow a service complaint in a ticket", RoleManager, id, ScopeService,
		"la queja %s no es sobre un servicio: el dueño del proceso la atiende en privado",
		"complaint %s is not about a service: the process owner handles it privately")
	if err != nil {
		return Complaint{}, err
	}
	c := d.Value
	created := false
	if c.TicketID == "" {
		if p.tickets == nil {
			return Complaint{}, fmt.Errorf("%w: %s", relaciona.ErrUnsupported, p.lang.T("no hay un sistema de tickets conectado para abrir el ticket de la queja", "no ticket system is connected to open the complaint ticket"))
		}
		tf := p.cfg.Tickets
		t, err := p.tickets.Create(ctx, relaciona.NewTicket{
			Queue:    tf.Queue,
			Subject:  fmt.Sprintf("Reclamo %s (%s)", c.Client, c.Service),
			Body:     c.Summary,
			Assignee: a.ID,
			Fields:   map[string]string{tf.TypeField: tf.ComplaintType, tf.ClientField: c.Client, tf.ServiceField: c.Service, "relaciona_complaint": c.ID},
		})
		if err != nil {
			return Complaint{}, err
		}
		c.TicketID, created = t.ID, true
	}
	c.Status, c.FollowedBy = ComplaintFollowing, a.ID
	b := p.store.Begin(a, "satisfaction.complaint.follow", "service complaint followed in a complaint ticket")
	p.complaints.Put(b, &c, d.Version)
	if created {
		b.Claim(ClaimComplaintTicket, c.TicketID, relaciona.Ref{Kind: kindComplaint, ID: c.ID})
	}
	if err := p.commit(ctx, b, at); err != nil {
		if created { // leave a trace in the orphan ticket
			_ = p.tickets.Note(ctx, c.TicketID, "relaciona: the complaint could not be registered as followed: "+err.Error())
		}
		return Complaint{}, err
	}
	return c, nil
}

// HandlePrivately is the process owner taking a complaint that is not
// about a service (seed 003 §6.4: "En otros casos se hará de forma privada y
// luego el dueño del proceso conducirá las gestiones necesarias").
func (p *Process) HandlePrivately(ctx context.Context, a relaciona.Actor, id string, at time.Time) (Complaint, error) {
	a, d, err := p.registeredComplaint(ctx, a, "handle a complaint privately", RoleOwner, id, ScopeOther,
		"la queja %s es sobre un servicio: el gestor del proceso la sigue en un ticket de queja",
		"complaint %s is about a service: the process manager follows it in a complaint ticket")
	if err != nil {
		return Complaint{}, err
	}
	c := d.Value
	c.Status, c.FollowedBy = ComplaintPrivate, a.ID
	b := p.store.Begin(a, "satisfaction.complaint.private", "complaint handled privately by the owner")
	p.complaints.Put(b, &c, d.Version)
	return c, p.commit(ctx, b, at)
}

// ComplaintResponse is the answer to a complaint with the corrective or
// improvement actions it proposes.
type ComplaintResponse struct {
	Text    string
	Actions []NewAction
}

// RespondComplaint answers a complaint, proposing corrective or
// improvement actions where they apply (seed 003 §5). A service complaint
// is answered by the manager who follows it or the owner; any other by the
// owner. The actions are stored with the complaint in one batch; the answer
// is also posted on the complaint ticket, when there is one.
func (p *Process) RespondComplaint(ctx context.Context, a relaciona.Actor, id string, r ComplaintResponse, at time.Time) (Complaint, error) {
	a, d, err := p.answerableComplaint(ctx, a, "respond to a complaint", id)
	if err != nil {
		return Complaint{}, err
	}
	c := d.Value
	if c.Status != ComplaintFollowing && c.Status != ComplaintPrivate {
		return Complaint{}, p.invalid("status", "la queja %s está %s: debe seguirse (servicio) o atenderse en privado (otra) antes de responderla", "complaint %s is %s: it must be followed (service) or handled privately (other) before it is answered", id, c.Status)
	}
	if err := p.required("text", r.Text); err != nil {
		return Complaint{}, err
	}
	b := p.store.Begin(a, "satisfaction.complaint.respond", "complaint answered with corrective or improvement actions")
	resp := &Response{By: a.ID, At: at, Text: r.Text}
	for i, na := range r.Actions {
		if na.Origin == "" {
			na.Origin, na.OriginRef = OriginComplaint, c.ID
		}
		if len(na.Clients) == 0 {
			na.Clients = []string{c.Client}
		}
		act, err := p.newAction(ctx, na, a.ID, at, fmt.Sprintf("actions[%d]", i))
		if err != nil {
			return Complaint{}, err
		}
		p.actions.Put(b, &act, 0)
		resp.Actions = append(resp.Actions, act.ID)
	}
	c.Response, c.Status = resp, ComplaintResponded
	p.complaints.Put(b, &c, d.Version)
	if err := p.commit(ctx, b, at); err != nil {
		return Complaint{}, err
	}
	if c.TicketID != "" && p.tickets != nil {
		if err := p.tickets.Reply(ctx, c.TicketID, r.Text); err != nil {
			return c, fmt.Errorf("%s: %w", p.lang.Tf("la queja %s quedó respondida, pero la respuesta no se pudo publicar en el ticket %s", "complaint %s answered, but the answer could not be posted on ticket %s", c.ID, c.TicketID), err)
		}
	}
	return c, nil
}

// CloseComplaint closes an answered complaint.
func (p *Process) CloseComplaint(ctx context.Context, a relaciona.Actor, id string, at time.Time) (Complaint, error) {
	a, d, err := p.answerableComplaint(ctx, a, "close a complaint", id)
	if err != nil {
		return Complaint{}, err
	}
	c := d.Value
	if c.Status != ComplaintResponded {
		return Complaint{}, p.invalid("status", "la queja %s está %s: solo se cierra una queja respondida", "complaint %s is %s: only an answered complaint closes", id, c.Status)
	}
	c.Status, c.ClosedAt = ComplaintClosed, at
	b := p.store.Begin(a, "satisfaction.complaint.close", "complaint closed")
	p.complaints.Put(b, &c, d.Version)
	return c, p.commit(ctx, b, at)
}

// complaintTicketKnown reports whether a complaint already links ticket id.
func (p *Process) complaintTicketKnown(ctx context.Context, id string) (bool, error) {
	n, err := p.complaints.Count(ctx, relaciona.Filter{Attrs: map[string]string{"ticket": id}})
	return n > 0, err
}

// registeredComplaint checks that a may act as role (doing what) and that
// complaint id is registered and of scope, and returns the directory's
// actor and the complaint; es and en (with the id) refuse another scope.
func (p *Process) registeredComplaint(ctx context.Context, a relaciona.Actor, what, role, id string, scope Scope, es, en string) (relaciona.Actor, relaciona.Doc[Complaint], error) {
	a, err := p.authorize(ctx, a, what, role)
	if err != nil {
		return a, relaciona.Doc[Complaint]{}, err
	}
	d, err := p.complaints.Get(ctx, id)
	if err != nil {
		return a, d, err
	}
	if d.Value.Scope != scope {
		return a, d, p.invalid("scope", es, en, id)
	}
	if d.Value.Status != ComplaintRegistered {
		return a, d, p.invalid("status", "la queja %s está %s, no registrada", "complaint %s is %s, not registered", id, d.Value.Status)
	}
	return a, d, nil
}

// answerableComplaint checks that a may act on complaint id doing what: the
// owner or the manager on a service complaint, the owner only on one
// handled privately; it returns the directory's actor and the complaint.
func (p *Process) answerableComplaint(ctx context.Context, a relaciona.Actor, what, id string) (relaciona.Actor, relaciona.Doc[Complaint], error) {
	a, err := p.authorize(ctx, a, what, RoleOwner, RoleManager)
	if err != nil {
		return a, relaciona.Doc[Complaint]{}, err
	}
	d, err := p.complaints.Get(ctx, id)
	if err != nil {
		return a, d, err
	}
	if d.Value.Scope == ScopeOther {
		if _, err := p.authorize(ctx, a, what+" handled privately", RoleOwner); err != nil {
			return a, d, err
		}
	}
	return a, d, nil
}
