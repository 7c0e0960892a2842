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

// TicketSource is the quarantine source of the tickets FileNewTickets sets
// aside (relaciona.Quarantine).
const TicketSource = "citizen.tickets"

// TicketFiling is what FileNewTickets did.
type TicketFiling struct {
	// Filed is how many tickets it filed as PQRSD.
	Filed int
	// Released lists the tickets that left quarantine: filed now, filed
	// otherwise, or no longer a PQRSD to file (moved out of the queue or
	// deleted).
	Released []string
	// Quarantined lists the tickets this call set aside (new or still
	// waiting), each with the rule it broke.
	Quarantined []relaciona.Quarantined
}

// badTicket is a ticket that broke a rule and the rule.
type badTicket struct {
	id  string
	err error
}

// quarantineTickets sets bad aside and releases release, in one audited
// batch stamped at.
func (s *Process) quarantineTickets(ctx context.Context, a relaciona.Actor, q *relaciona.Quarantine, bad []badTicket, release []string, at time.Time) error {
	if len(bad) == 0 && len(release) == 0 {
		return nil
	}
	reason := fmt.Sprintf("%d tickets set aside, %d released", len(bad), len(release))
	return s.store.Update(ctx, a, "citizen.pqrsd.quarantine", reason, 5, func(b *relaciona.Batch) error {
		b.At(at)
		for _, t := range bad {
			if _, err := q.Hold(ctx, b, TicketSource, t.id, t.err, at); err != nil {
				return err
			}
		}
		for _, id := range release {
			if _, err := q.Release(ctx, b, TicketSource, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// checkTicket converts ticket t and checks it with the rules File applies
// (fromTicket, then build), without writing anything. A rule broken comes
// back as a *relaciona.ValidationError naming the field as the ticket
// system calls it: body, subject, created, or the custom field of
// pqrsd.tickets.
func (s *Process) checkTicket(t relaciona.Ticket, by string, at time.Time, offer map[string]*OfferItem) (NewPQRSD, error) {
	tc := s.cfg.PQRSD.Tickets
	n, err := s.fromTicket(t)
	if err == nil {
		_, err = s.build(n, by, at, offer)
	}
	if err == nil {
		return n, nil
	}
	var ve *relaciona.ValidationError
	if !errors.As(err, &ve) {
		return n, err
	}
	field, msg := ve.Field, ve.Msg
	// fromTicket's type and kind messages are Spanish only; build states
	// the same rules in the deployment's language, and is asked for them.
	var local error
	switch ve.Field {
	case "type":
		field = tc.TypeField
		_, local = s.build(NewPQRSD{Type: Type(strings.ToLower(strings.TrimSpace(t.Fields[tc.TypeField])))}, by, at, offer)
	case "kind":
		field = tc.KindField
		_, local = s.build(NewPQRSD{Type: Types()[0], Kind: RequestKind(strings.ToLower(strings.TrimSpace(t.Fields[tc.KindField])))}, by, at, offer)
	case "offer":
		field = tc.OfferField
	case "description":
		field = "body"
	case "filed_at":
		field = "created"
	}
	if lv := (*relaciona.ValidationError)(nil); errors.As(local, &lv) && lv.Field == ve.Field {
		msg = lv.Msg
	}
	return n, &relaciona.ValidationError{Field: field, Msg: msg}
}

// unseen returns the ids of waiting not in seen, sorted.
func unseen(waiting, seen map[string]bool) []string {
	var out []string
	for id := range waiting {
		if !seen[id] {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}
