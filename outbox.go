package relaciona

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
)

// NotificationKind is the record kind of the notification outbox.
const NotificationKind = "relaciona.notification"

// NotificationStatus is where a notification is in its delivery.
type NotificationStatus string

// The statuses of a notification. A notification is written pending; the
// dispatcher moves it to sent, failed (given up: a permanent error, or the
// retries spent) or held (held back by a contact limit); a pending one that
// failed a retryable delivery stays pending with its next attempt set.
const (
	NotificationPending NotificationStatus = "pending"
	NotificationSent    NotificationStatus = "sent"
	NotificationFailed  NotificationStatus = "failed"
	NotificationHeld    NotificationStatus = "held"
)

// Recipient says who a notification is for: a staff member by directory
// id (Person), or a citizen or client by the contact they gave on the
// record (Name, Email: personal data, only where the person gave them);
// Ticket is the ticket to reply on when the item came from a ticket.
type Recipient struct {
	Person string `json:"person,omitempty" personal:"subject"`
	Name   string `json:"name,omitempty" personal:"true"`
	Email  string `json:"email,omitempty" personal:"key"`
	Ticket string `json:"ticket,omitempty"`
}

// key is the recipient's part of a notification's idempotency key; it
// hashes the contact, so no personal datum becomes part of a record id.
func (r Recipient) key() string {
	switch {
	case r.Person != "":
		return "person:" + r.Person
	case r.Ticket != "":
		return "ticket:" + r.Ticket
	default:
		h := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(r.Email))))
		return "email:" + hex.EncodeToString(h[:8])
	}
}

// Notification is one item someone is due to be told about: who (To), what
// (Kind, the record it is About, the Due date), in which language, with the
// Fields a template may use. A rule writes it to the outbox with
// Batch.Notify in the same transaction as the change that makes it due; a
// dispatcher delivers it once.
type Notification struct {
	// Kind says what happened, as "process.what" ("citizen.pqrsd.overdue").
	Kind string `json:"kind"`
	// Process is the process kind that wrote it.
	Process string `json:"process"`
	// About is the record the notification is about.
	About Ref `json:"about"`
	// Due is the date the item falls due (YYYY-MM-DD), or "".
	Due string `json:"due,omitempty"`
	// To is the recipient.
	To Recipient `json:"to"`
	// Lang is the language to write in; "" for the recipient's or the
	// deployment's.
	Lang Lang `json:"lang,omitempty"`
	// Channel is the channel to deliver on ("email", "webhook", "ticket");
	// "" lets the dispatcher choose (ticket when To.Ticket is set, else
	// e-mail).
	Channel string `json:"channel,omitempty"`
	// Fields are the values the kind's template may use.
	Fields map[string]string `json:"fields,omitempty" personal:"true"`

	// The delivery state, kept by the dispatcher.
	Status      NotificationStatus `json:"status"`
	Attempts    int                `json:"attempts,omitempty"`
	NextAttempt time.Time          `json:"next_attempt,omitzero"`
	LastError   string             `json:"last_error,omitempty"`
	SentAt      time.Time          `json:"sent_at,omitzero"`
	// ClosedAt is when the notification left pending: sent, failed or
	// held (LastError then says why it failed or was held).
	ClosedAt time.Time `json:"closed_at,omitzero"`
	// Via is the idempotency key of the message that carried it when that
	// was not its own Key: the person's daily digest.
	Via string `json:"via,omitempty"`
}

// Key is the notification's idempotency key and record id: the same kind,
// record, due date and recipient give the same key, so an item is in the
// outbox once however many runs find it due. It holds no personal datum.
func (n Notification) Key() string {
	return n.Kind + ":" + n.About.Kind + "/" + n.About.ID + ":" + n.Due + ":" + n.To.key()
}

func (n Notification) validate() error {
	switch {
	case n.Kind == "" || strings.ContainsAny(n.Kind, ": \t\r\n"):
		return Invalid("notification.kind", "a notification needs a kind without ':' or spaces (such as citizen.pqrsd.overdue), not %q", n.Kind)
	case n.Process == "":
		return Invalid("notification.process", "notification %s needs the process that writes it", n.Kind)
	case n.About.Kind == "" || n.About.ID == "":
		return Invalid("notification.about", "notification %s needs the record it is about", n.Kind)
	case n.To.Person == "" && n.To.Email == "" && n.To.Ticket == "":
		return Invalid("notification.to", "notification %s about %s names no recipient (a person, an e-mail or a ticket)", n.Kind, n.About)
	}
	if n.Due != "" {
		if _, err := time.Parse(time.DateOnly, n.Due); err != nil {
			return Invalid("notification.due", "notification %s: due date %q is not YYYY-MM-DD", n.Kind, n.Due)
		}
	}
	return nil
}

// contactHash is the recipient's contact as a non-personal attribute: a
// hash of the recipient's key, the same for every notification to the
// same person, e-mail or ticket across the four processes, so contact
// limits count them without the address.
func contactHash(r Recipient) string {
	h := sha256.Sum256([]byte(r.key()))
	return hex.EncodeToString(h[:12])
}

// notificationAttrs are the attributes the outbox is searched by: the
// status (the dispatcher's scan, the reports' counts), the kind (the late
// legal notices) and the contact (the contact limits); none is personal,
// and each costs an index row on every outbox write, so there are no
// more (the process is the kind's prefix, the person is in the body).
// The record's Time is the time the dispatcher works by: when it
// was written, then, while pending, its next attempt (a claim's lease
// end, a retry's backoff), and once closed, when it was sent, failed or
// held, so a period's counts are a range over it.
func notificationAttrs(n Notification) map[string]string {
	return map[string]string{"status": string(n.Status), "kind": n.Kind, "contact": contactHash(n.To)}
}

// Notify adds notification n to the outbox in the batch's own transaction,
// pending delivery. It is created with expected version 0 under its Key:
// the batch fails with ErrConflict (and Store.Update retries it) when the
// same notification is in the outbox already, so write a notification
// together with the change that makes it due, whose re-run finds the
// change made and notifies no more. An incomplete notification (no kind,
// process, record or recipient, or a bad due date) makes Commit fail with
// ErrInvalid.
func (b *Batch) Notify(n Notification) {
	if b.err != nil {
		return
	}
	n.Status, n.Attempts, n.NextAttempt, n.LastError, n.SentAt, n.ClosedAt, n.Via = NotificationPending, 0, time.Time{}, "", time.Time{}, time.Time{}, ""
	if err := n.validate(); err != nil {
		b.err = err
		return
	}
	body, err := json.Marshal(n)
	if err != nil {
		b.err = fmt.Errorf("%w: encode notification %s: %v", ErrInvalid, n.Kind, err)
		return
	}
	at := b.at
	if at.IsZero() {
		at = b.s.now()
	}
	b.add(driver.Write{Op: driver.OpPut, Expect: 0, Record: driver.Record{
		Kind: NotificationKind, ID: n.Key(), Attrs: notificationAttrs(n), Body: body, Time: at,
	}})
}

// Notified returns the notification with key, and its record version, or
// an error wrapping ErrNotFound.
func (s *Store) Notified(ctx context.Context, key string) (Notification, int64, error) {
	r, err := s.Get(ctx, NotificationKind, key)
	if err != nil {
		return Notification{}, 0, err
	}
	var n Notification
	if err := json.Unmarshal(r.Body, &n); err != nil {
		return Notification{}, 0, fmt.Errorf("%w: notification %s: stored body does not decode: %v", ErrInvalid, key, err)
	}
	return n, r.Version, nil
}
