package satisfaction

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"time"

	"github.com/relaciona/relaciona"
)

// Invitation records that the client of a closed ticket was invited to
// answer its satisfaction survey: once per ticket (ClaimSurveyTicket), sent
// through the outbox (NoticeSurveyInvitation) when the surveys section's
// delay after the closure has passed, open until Expires.
type Invitation struct {
	Ticket  string    `json:"ticket"`
	Client  string    `json:"client"`
	Service string    `json:"service,omitempty"`
	Closed  time.Time `json:"closed"`
	Sent    time.Time `json:"sent"`
	Expires time.Time `json:"expires"`
}

// The uniqueness claims of survey governance.
const (
	// ClaimSurveyTicket is "one survey per ticket": the key is the ticket
	// id, the holder its Invitation. A ticket reopened and closed again
	// is not surveyed twice.
	ClaimSurveyTicket = "satisfaction.survey.ticket"
	// ClaimSurveyAnswer is "one answer per ticket and metric": the key is
	// "ticket/metric", the holder the stored answer.
	ClaimSurveyAnswer = "satisfaction.survey.answer"
)

const kindInvitation = "satisfaction.survey.invitation"

func newInvitations(s *relaciona.Store) *relaciona.Collection[Invitation] {
	return relaciona.NewCollection(s, kindInvitation, func(v *Invitation) relaciona.Key {
		return relaciona.Key{ID: v.Ticket, Attrs: map[string]string{"client": v.Client}, Time: v.Sent}
	})
}

// SurveySampled reports whether ticket falls in a sample of rate (0-1) of
// all tickets. The choice is a hash of the ticket id alone, so it is the
// same in every run and every process, and about rate of many tickets are
// chosen.
func SurveySampled(ticket string, rate float64) bool {
	switch {
	case rate >= 1:
		return true
	case rate <= 0:
		return false
	}
	h := sha256.Sum256([]byte("satisfaction.survey.sample\x00" + ticket))
	// The top 53 bits as a fraction in [0, 1), exact in a float64.
	v := float64(binary.BigEndian.Uint64(h[:8])>>11) / (1 << 53)
	return v < rate
}

// Invitation returns the survey invitation of ticket, or an error wrapping
// relaciona.ErrNotFound when none was sent (no surveys section, the ticket
// outside the sample, not closed, or not yet past the delay). Any team
// member may read it.
func (p *Process) Invitation(ctx context.Context, a relaciona.Actor, ticket string) (Invitation, error) {
	if _, err := p.authorize(ctx, a, "read a survey invitation", teamRoles...); err != nil {
		return Invitation{}, err
	}
	d, err := p.invitations.Get(ctx, ticket)
	if err != nil {
		return Invitation{}, err
	}
	return d.Value, nil
}

// inviteSurveys, a step of Run, invites the client of each ticket closed
// at least surveys.delay_hours before at (and not so long before that the
// invitation would have expired already), chosen by the sample rate and
// not surveyed before: in one batch it stores the Invitation, claims the
// ticket (ClaimSurveyTicket) and writes NoticeSurveyInvitation to the
// client's contact on the ticket. A second Run finds the claims and
// invites no one again. Batches take syncChunk tickets each. Without a
// surveys section it does nothing.
func (p *Process) inviteSurveys(ctx context.Context, a relaciona.Actor, at time.Time) ([]string, error) {
	sc := p.cfg.Surveys
	if sc == nil {
		return nil, nil
	}
	cutoff := at.Add(-sc.delay())
	from := cutoff.Add(-sc.lifetime())
	// Closures are indexed by the time the ticket closed: read the window
	// [from, cutoff] only. A ticket closed twice in it (reopened) has one
	// closure, its latest.
	var due []Closure
	seen := map[string]bool{}
	for d, err := range p.closures.Scan(ctx, relaciona.Filter{From: from, To: cutoff.Add(time.Nanosecond)}) {
		if err != nil {
			return nil, err
		}
		c := d.Value
		if seen[c.ID] || !SurveySampled(c.ID, *sc.SampleRate) {
			continue
		}
		seen[c.ID] = true
		due = append(due, c)
	}
	var ids []string
	for chunk := range slices.Chunk(due, syncChunk) {
		got, err := p.invite(ctx, a, chunk, at)
		if err != nil {
			return ids, err
		}
		ids = append(ids, got...)
	}
	return ids, nil
}

// invite invites the clients of the closed tickets due that hold no
// ClaimSurveyTicket yet, in one batch; a batch that loses a claim to a
// concurrent run is retried and then skips that ticket.
func (p *Process) invite(ctx context.Context, a relaciona.Actor, due []Closure, at time.Time) ([]string, error) {
	lifetime := p.cfg.Surveys.lifetime()
	keys := make([]string, len(due))
	for i, c := range due {
		keys[i] = c.ID
	}
	clients, err := p.Clients(ctx)
	if err != nil {
		return nil, err
	}
	var ids []string
	err = p.store.Update(ctx, a, "satisfaction.survey.invite", "satisfaction surveys of closed tickets sent", 5, func(b *relaciona.Batch) error {
		ids = ids[:0]
		b.At(at)
		surveyed, err := p.heldClaims(ctx, ClaimSurveyTicket, keys)
		if err != nil {
			return err
		}
		for _, c := range due {
			if surveyed[c.ID] {
				continue
			}
			inv := Invitation{Ticket: c.ID, Client: c.Client, Service: c.Service, Closed: c.Closed, Sent: at, Expires: at.Add(lifetime)}
			p.invitations.Put(b, &inv, 0)
			b.Claim(ClaimSurveyTicket, c.ID, relaciona.Ref{Kind: kindInvitation, ID: c.ID})
			p.notifyInvitation(b, inv, clients)
			ids = append(ids, c.ID)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ids, nil
}

// notifyInvitation writes the invitation of inv to the client's contact,
// delivered on the ticket (the ticket's requester reads it there); its
// due date is the last day the survey is open.
func (p *Process) notifyInvitation(b *relaciona.Batch, inv Invitation, clients []Client) {
	var cl Client
	if i := slices.IndexFunc(clients, func(c Client) bool { return c.ID == inv.Client }); i >= 0 {
		cl = clients[i]
	}
	expires := inv.Expires.In(p.loc).Format(time.DateOnly)
	service := ""
	if inv.Service != "" {
		service = p.serviceName(inv.Service)
	}
	b.Notify(relaciona.Notification{
		Kind: NoticeSurveyInvitation, Process: Kind,
		About:  relaciona.Ref{Kind: kindInvitation, ID: inv.Ticket},
		Due:    expires,
		To:     relaciona.Recipient{Name: cl.Contact, Ticket: inv.Ticket},
		Fields: map[string]string{"ticket": inv.Ticket, "client": cl.Name, "service": service, "expires": expires},
	})
}
