package relaciona

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
)

// TicketChannel returns the ticket channel over t: a driver.Notifier that
// delivers a message as a public reply on its ticket (Message.Ticket),
// the subject, a blank line, the body, and a last line "Ref.: <ID>"
// naming the notification's idempotency key. A message without a ticket,
// or for a ticket the system does not have, is refused with an error
// wrapping ErrInvalid (permanent); the ticket system down is retried.
//
// Once per key: when the ticket system lists a ticket's comments (the
// built-in desk does, with Comments), a reply whose reference line is
// already on the ticket is not written again, so a resend after a crash
// leaves one reply. A system that does not list comments may show the
// reply twice after such a crash, each with the same reference.
func TicketChannel(t *Tickets) driver.Notifier { return &ticketChannel{t: t} }

type ticketChannel struct{ t *Tickets }

// commentLister is the desk's extra: a ticket's comments, oldest first.
type commentLister interface {
	Comments(ctx context.Context, id string, fn func(driver.Comment, time.Time) error) error
}

func (c *ticketChannel) Send(ctx context.Context, m driver.Message) error {
	if strings.TrimSpace(m.Ticket) == "" {
		return fmt.Errorf("%w: notification %s: the ticket channel needs a ticket to reply on", ErrInvalid, m.ID)
	}
	ref := "Ref.: " + m.ID
	if l, ok := c.t.Driver().(commentLister); ok {
		found := errors.New("found")
		err := l.Comments(ctx, m.Ticket, func(cm driver.Comment, _ time.Time) error {
			if cm.Public && strings.HasSuffix(strings.TrimRight(cm.Body, "\n"), ref) {
				return found
			}
			return nil
		})
		switch {
		case errors.Is(err, found):
			return nil
		case errors.Is(err, ErrNotFound):
			return fmt.Errorf("%w: ticket %s: %v", ErrInvalid, m.Ticket, err)
		case err != nil:
			return fmt.Errorf("ticket %s: read its replies: %w", m.Ticket, err)
		}
	}
	var b strings.Builder
	if m.Subject != "" {
		b.WriteString(m.Subject + "\n\n")
	}
	b.WriteString(strings.TrimRight(m.Body, "\n"))
	b.WriteString("\n\n" + ref)
	err := c.t.Reply(ctx, m.Ticket, b.String())
	if errors.Is(err, ErrNotFound) {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return err
}

// Close leaves the ticket system open: its owner closes it.
func (c *ticketChannel) Close() error { return nil }
