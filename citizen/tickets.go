package citizen

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
)

// NoticeKind is what a notice to a citizen is about.
type NoticeKind string

// The notice kinds.
const (
	NoticeExtension NoticeKind = "extension"
	NoticeForward   NoticeKind = "forward"
	NoticeAnswer    NoticeKind = "answer"
)

// NoticeStatus is where a notice is.
type NoticeStatus string

// The notice statuses.
const (
	// NoticePending: to be sent as a public reply on the ticket; Run
	// retries it when the ticket system failed.
	NoticePending NoticeStatus = "pending"
	// NoticeSent: sent as a public reply on the ticket.
	NoticeSent NoticeStatus = "sent"
	// NoticeRecorded: the PQRSD did not come from the ticket system; the
	// notice is recorded for the agency to send by the PQRSD's channel.
	NoticeRecorded NoticeStatus = "recorded"
)

// Notice is a message to the citizen of a PQRSD: an extension, a
// forwarding or the answer. Text may hold personal data.
type Notice struct {
	ID       string       `json:"id"`
	PQRSD    string       `json:"pqrsd"`
	Kind     NoticeKind   `json:"kind"`
	Status   NoticeStatus `json:"status"`
	Channel  string       `json:"channel"`
	TicketID string       `json:"ticket,omitempty"`
	Text     string       `json:"text" personal:"true"`
	At       time.Time    `json:"at"`
	Sent     time.Time    `json:"sent,omitzero"`
	Attempts int          `json:"attempts,omitempty"`
	// LastError is the class of the last delivery failure (never its text).
	LastError string `json:"last_error,omitempty"`
}

// newNotice builds the notice of p, pending when it goes through the
// ticket system and recorded otherwise.
func (s *Process) newNotice(p *PQRSD, kind NoticeKind, at time.Time, text string) Notice {
	n := Notice{ID: p.ID + "/" + string(kind), PQRSD: p.ID, Kind: kind, Status: NoticeRecorded, Channel: p.Channel, Text: text, At: at.UTC()}
	if p.TicketID != "" {
		n.Status, n.TicketID = NoticePending, p.TicketID
	}
	return n
}

// deliver sends a pending notice as a public reply on its ticket and marks
// it sent; an answer also resolves the ticket. A failure leaves it pending
// for Run, with the error class recorded.
func (s *Process) deliver(ctx context.Context, a relaciona.Actor, n Notice, at time.Time) error {
	if n.Status != NoticePending {
		return nil
	}
	if s.tickets == nil {
		return fmt.Errorf("%w: notice %s goes through the ticket system, which is not connected", relaciona.ErrUnsupported, n.ID)
	}
	err := s.tickets.Reply(ctx, n.TicketID, n.Text)
	if err == nil && n.Kind == NoticeAnswer {
		_, err = s.tickets.SetStatus(ctx, n.TicketID, relaciona.StatusResolved)
	}
	d, gerr := s.notices.Get(ctx, n.ID)
	if gerr != nil {
		return gerr
	}
	v := d.Value
	v.Attempts++
	if err != nil {
		v.LastError = errorKind(err)
		s.log.Warn("notice to the citizen not delivered; Run will retry", "notice", n.ID, "ticket", n.TicketID, "error", v.LastError)
	} else {
		v.Status, v.Sent, v.LastError = NoticeSent, at.UTC(), ""
	}
	b := s.store.Begin(a, "citizen.notice.deliver", "notice to the citizen delivered through the ticket system").At(at)
	s.notices.Put(b, &v, d.Version)
	if cerr := commit(ctx, b); cerr != nil {
		return cerr
	}
	return err
}

// Notices lists the notices of a PQRSD.
func (s *Process) Notices(ctx context.Context, pqrsd string) ([]Notice, error) {
	return s.notices.Values(ctx, relaciona.Filter{Attrs: map[string]string{"pqrsd": pqrsd}})
}

// FileFromTicket files the ticket ticketID of the ticket system as a PQRSD
// linked to it: its type, request kind and offer item come from the custom
// fields named in pqrsd.tickets (type_field, kind_field, offer_field; the
// type defaults to pqrsd.tickets.default_type), its channel is
// pqrsd.tickets.channel (or the first channel of type ticket), its filing
// time is the ticket's creation. A ticket already filed, or filed by a
// concurrent caller that won the race, is an ErrConflict wrapping a
// *relaciona.ClaimError that names the PQRSD filed from it (see File);
// a ticket created after at is refused as a filing in the future. The
// actor needs the citizen_service or system role.
func (s *Process) FileFromTicket(ctx context.Context, a relaciona.Actor, ticketID string, at time.Time) (PQRSD, error) {
	a, err := s.Authorize(ctx, a, "citizen.pqrsd.file", RoleService, RoleSystem)
	if err != nil {
		return PQRSD{}, err
	}
	if s.tickets == nil {
		return PQRSD{}, fmt.Errorf("%w: no ticket system is connected (citizen.WithTickets)", relaciona.ErrUnsupported)
	}
	t, err := s.tickets.Get(ctx, ticketID)
	if err != nil {
		return PQRSD{}, err
	}
	n, err := s.fromTicket(t)
	if err != nil {
		return PQRSD{}, err
	}
	return s.File(ctx, a, n, at)
}

func (s *Process) fromTicket(t relaciona.Ticket) (NewPQRSD, error) {
	tc := s.cfg.PQRSD.Tickets
	typ := t.Fields[tc.TypeField]
	if typ == "" {
		typ = tc.DefaultType
	}
	pt, err := ParseType(strings.ToLower(strings.TrimSpace(typ)))
	if err != nil {
		return NewPQRSD{}, fmt.Errorf("ticket %s: field %s: %w", t.ID, tc.TypeField, err)
	}
	kind, err := ParseRequestKind(strings.ToLower(strings.TrimSpace(t.Fields[tc.KindField])))
	if err != nil {
		return NewPQRSD{}, fmt.Errorf("ticket %s: field %s: %w", t.ID, tc.KindField, err)
	}
	ch := s.ticketChannel()
	if ch == "" {
		return NewPQRSD{}, invalid(s.lang, "pqrsd.tickets.channel", "no hay canal para el sistema de tickets: defina pqrsd.tickets.channel o agregue un canal de tipo ticket", "no channel for the ticket system: set pqrsd.tickets.channel or add a channel of type ticket")
	}
	return NewPQRSD{Type: pt, Kind: kind, Channel: ch, Offer: t.Fields[tc.OfferField], Subject: t.Subject, Description: t.Body,
		Requester: Requester{Account: t.Requester}, FiledAt: t.Created, TicketID: t.ID}, nil
}

func (s *Process) ticketChannel() string {
	if s.cfg.PQRSD.Tickets.Channel != "" {
		return s.cfg.PQRSD.Tickets.Channel
	}
	for _, c := range s.cfg.Channels {
		if c.Type == "ticket" {
			return c.ID
		}
	}
	return ""
}

// FileNewTickets files every ticket of the PQRSD queue
// (pqrsd.tickets.queue) changed at or after since, and created by at, that
// is not filed yet, one PQRSD each. Each ticket is checked on its own with
// the rules File applies; one that breaks a rule (a body over
// MaxDescription characters, a subject over 500, an unknown type in
// pqrsd.tickets.type_field, ...) is set aside in the store's quarantine
// with its ticket id, the field and the rule, and the others are filed.
// Tickets waiting in quarantine are tried again on every call, even when
// they fall outside the window: a ticket fixed in the ticket system is
// filed and leaves quarantine, one still bad stays (its attempts counted
// once per distinct at). Tickets already filed are skipped, so overlapping
// windows are safe, and a call repeated with the same at writes nothing.
// The actor needs the citizen_service or system role.
func (s *Process) FileNewTickets(ctx context.Context, a relaciona.Actor, since, at time.Time) (TicketFiling, error) {
	var res TicketFiling
	a, err := s.Authorize(ctx, a, "citizen.pqrsd.file", RoleService, RoleSystem)
	if err != nil {
		return res, err
	}
	if s.tickets == nil {
		return res, fmt.Errorf("%w: no ticket system is connected (citizen.WithTickets)", relaciona.ErrUnsupported)
	}
	if err := checkTime(s.lang, "at", at); err != nil {
		return res, err
	}
	q := relaciona.NewQuarantine(s.store)
	waiting := map[string]bool{}
	for e, err := range q.Waiting(ctx, TicketSource) {
		if err != nil {
			return res, err
		}
		waiting[e.ItemID] = true
	}

	var (
		batch   []NewPQRSD
		bad     []badTicket
		release []string
		seen    = map[string]bool{}
	)
	offer, err := s.offerIndex(ctx)
	if err != nil {
		return TicketFiling{}, err
	}
	consider := func(t relaciona.Ticket) error {
		if seen[t.ID] {
			return nil
		}
		seen[t.ID] = true
		if t.Queue != s.cfg.PQRSD.Tickets.Queue {
			if waiting[t.ID] {
				release = append(release, t.ID)
			}
			return nil
		}
		if t.Created.After(at) {
			return nil
		}
		filed, err := s.ticketFiled(ctx, t.ID)
		if err != nil {
			return err
		}
		if filed != "" {
			if waiting[t.ID] {
				release = append(release, t.ID)
			}
			return nil
		}
		n, err := s.checkTicket(t, a.ID, at, offer)
		switch {
		case errors.Is(err, relaciona.ErrInvalid):
			bad = append(bad, badTicket{id: t.ID, err: err})
		case err != nil:
			return err
		default:
			batch = append(batch, n)
		}
		return nil
	}
	for t, err := range s.tickets.Changes(ctx, since) {
		if err != nil {
			return res, err
		}
		if err := consider(t); err != nil {
			return res, err
		}
	}
	// Waiting tickets outside the window are tried again too, so a ticket
	// is never forgotten in quarantine.
	for _, id := range unseen(waiting, seen) {
		t, err := s.tickets.Get(ctx, id)
		if errors.Is(err, relaciona.ErrNotFound) {
			seen[id] = true
			release = append(release, id)
			continue
		}
		if err != nil {
			return res, err
		}
		if err := consider(t); err != nil {
			return res, err
		}
	}

	// A ticket filed meanwhile by someone else (a clerk's FileFromTicket, a
	// second instance) loses its claim in the batch: it is dropped, as
	// already filed, and the rest is filed again.
	for len(batch) > 0 {
		_, err := s.Import(ctx, a, batch, at)
		var ce *relaciona.ClaimError
		if errors.As(err, &ce) && ce.Name == ClaimTicket {
			batch = slices.DeleteFunc(batch, func(n NewPQRSD) bool { return n.TicketID == ce.Key })
			if waiting[ce.Key] {
				release = append(release, ce.Key)
			}
			continue
		}
		if err != nil {
			if errors.Is(err, relaciona.ErrConflict) {
				return res, fmt.Errorf("tickets changed while filing; run again: %w", err)
			}
			return res, err
		}
		break
	}
	if len(batch) > 0 {
		res.Filed = len(batch)
		for _, n := range batch {
			if waiting[n.TicketID] {
				release = append(release, n.TicketID)
			}
		}
	}
	if err := s.quarantineTickets(ctx, a, q, bad, release, at); err != nil {
		return res, err
	}
	res.Released = release
	for _, b := range bad {
		e, err := q.Get(ctx, TicketSource, b.id)
		if err != nil {
			return res, err
		}
		res.Quarantined = append(res.Quarantined, e)
	}
	if len(bad) > 0 {
		s.log.Warn("tickets set aside in quarantine; fix them in the ticket system and they are filed on the next run", "count", len(bad))
	}
	return res, nil
}
