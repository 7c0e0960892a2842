package driver

import (
	"context"
	"time"
)

// Ticket is a ticket as a ticket system reports it. Status is the system's
// own status name; the root package maps it to a canonical status with the
// deployment's status map. Requester and Body may hold personal data: a
// driver never logs them.
type Ticket struct {
	ID        string // the system's id, always as a string
	Queue     string // queue (RT), project (Redmine), or desk queue
	Subject   string
	Body      string            // the description / first message
	Status    string            // native status name
	Priority  int               // 0 (lowest) to 100 (highest); drivers scale their own range
	Assignee  string            // user id or login; empty when unassigned
	Requester string            // requester's id or e-mail
	Fields    map[string]string // custom fields by name
	Created   time.Time
	Updated   time.Time
}

// NewTicket is what Create takes. Subject is required (empty or blank:
// ErrInvalid). Status empty means the system's default status for new
// tickets. Priority 0 (PriorityDefault) means the system's default
// priority for new tickets; 1 to 100 ask for the system's level nearest to
// that value (so 1 is the lowest level on any scale), and anything outside
// 0-100 is ErrInvalid, never clamped. Assignee empty leaves the ticket
// unassigned.
type NewTicket struct {
	Queue     string
	Subject   string
	Body      string
	Status    string
	Priority  int
	Assignee  string
	Requester string
	Fields    map[string]string
}

// PriorityDefault in NewTicket.Priority asks for the system's default
// priority for new tickets.
const PriorityDefault = 0

// TicketUpdate changes some of a ticket's properties: nil pointers and a nil
// map leave them as they are. Fields are merged: a name mapped to "" clears
// that field, and a cleared field is then absent from Ticket.Fields (not
// present with ""). Priority, when set, must be 0-100 (else ErrInvalid,
// never clamped) and is 0 for the lowest level here: only NewTicket gives
// 0 the meaning "system default". An update with nothing set changes
// nothing, Updated included.
type TicketUpdate struct {
	Status   *string
	Assignee *string
	Priority *int
	Fields   map[string]string
}

// Comment is a reply to the requester (Public) or an internal note. A body
// that is empty or only white space is ErrInvalid.
type Comment struct {
	Public bool
	Body   string
}

// Tickets is the interface a ticket system adapter implements. This comment
// is the contract; plugins/conformance checks every rule in it (its package
// documentation lists the checks and the rule each verifies).
//
// General rules:
//
//   - Safe for concurrent use; every method honours its context (a
//     cancelled context fails the call).
//   - Errors wrap the sentinels: ErrNotFound for a ticket that does not
//     exist, ErrInvalid for a request the system (or the adapter) refuses
//     as malformed (unknown status, queue, field, assignee; a priority
//     outside 0-100; an empty subject or comment), ErrUnavailable when the
//     system cannot be reached or fails (5xx, timeout, an unexpected
//     answer), ErrAuth when it refuses the credentials (401/403). An auth
//     failure is ErrAuth on every method, never another sentinel.
//   - No error text and no log line contains the secret (token, password)
//     the adapter was given, whatever the failure.
//   - Ids are the system's own, as the adapter reports them in Ticket.ID.
//     Get, Update and Comment refuse any other string with ErrNotFound
//     without changing anything, and never send it to the system as part
//     of a URL or query: "12?x=1", "12/../13", "012", "+12", " 12" and
//     "12#x" are not ticket 12. Get(id) that succeeds returns a ticket
//     whose ID is exactly id.
//   - Priority is 0 (lowest) to 100 (highest). The adapter spreads the
//     system's levels over that range; writing a value picks the level
//     nearest to it, and a reported value written back reads back the
//     same.
//   - Updated moves forward on every change, a comment included (by at
//     least the system's time resolution), and never on a request that
//     changes nothing.
//   - Get sees every write at once. Changes may lag writes by a bounded
//     delay (a search index behind the API); the harness states the bound
//     (conformance.TicketsHarness.ChangesLag).
type Tickets interface {
	// Create opens a ticket and returns it as stored (see NewTicket for
	// what it refuses and the defaults).
	Create(ctx context.Context, t NewTicket) (Ticket, error)
	// Get returns one ticket.
	Get(ctx context.Context, id string) (Ticket, error)
	// Update changes a ticket and returns it as stored.
	Update(ctx context.Context, id string, u TicketUpdate) (Ticket, error)
	// Comment adds a public reply or an internal note.
	Comment(ctx context.Context, id string, c Comment) error
	// Changes calls fn for each ticket updated at or after since (zero: all
	// tickets), in ascending (Updated, ID) order, each with its whole
	// current state. The window is inclusive, so a caller resuming from the
	// last Updated it saw gets that ticket again and must de-duplicate;
	// some systems keep whole seconds only. It stops at fn's first error and
	// returns it. fn may call the adapter (to write back); a ticket that
	// matched when the listing began is listed at least once even when
	// others change meanwhile, so page by a key (Updated, ID), never by an
	// offset; a ticket changed during the listing may be listed again.
	Changes(ctx context.Context, since time.Time, fn func(Ticket) error) error
	// Statuses lists the system's status names, so a deployment's status map
	// can be checked against it.
	Statuses(ctx context.Context) ([]string, error)
	// Close releases the adapter's resources.
	Close() error
}

// SurveyResponse is one answer to a satisfaction survey sent with a ticket.
// Metric is "csat" (1-5), "nps" (0-10) or "ces" (1-7).
type SurveyResponse struct {
	ID        string
	TicketID  string
	Requester string // client id; personal data
	Service   string
	Metric    string
	Score     int
	Comment   string
	Submitted time.Time
}

// SurveyScale returns the inclusive score range of a survey metric: csat
// 1-5, nps 0-10, ces 1-7; ok is false for any other metric.
func SurveyScale(metric string) (lo, hi int, ok bool) {
	switch metric {
	case "csat":
		return 1, 5, true
	case "nps":
		return 0, 10, true
	case "ces":
		return 1, 7, true
	}
	return 0, 0, false
}

// Surveys is an optional capability: a ticket system that collects
// satisfaction surveys implements it.
type Surveys interface {
	// SurveyResponses calls fn for each response submitted at or after
	// since, in ascending (Submitted, ID) order.
	SurveyResponses(ctx context.Context, since time.Time, fn func(SurveyResponse) error) error
}

// SurveyRecorder is an optional capability: a ticket system that takes
// survey responses through the API (the built-in desk) implements it.
type SurveyRecorder interface {
	RecordSurveys(ctx context.Context, rs []SurveyResponse) error
}

// FieldDef describes a custom field a ticket system offers.
type FieldDef struct {
	Name   string
	Type   string   // "string", "int", "date", "enum"
	Values []string // for enums
}

// FieldLister is an optional capability: a system that can list its custom
// fields implements it.
type FieldLister interface {
	Fields(ctx context.Context) ([]FieldDef, error)
}

// Attachment is a file added to a ticket.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Attacher is an optional capability: a system that takes attachments.
type Attacher interface {
	Attach(ctx context.Context, id string, a Attachment) error
}

// TicketsEnv is what a ticket driver may need from the host when it is
// opened: the deployment's store (the built-in desk keeps its tickets
// there), and a way to read the secret the deployment names.
type TicketsEnv struct {
	Store  Store
	Secret func() (string, error)
}

// TicketsOpener opens a ticket adapter from a URL such as desk:// or
// redmine://host:3300/?project=pqrsd.
type TicketsOpener func(ctx context.Context, rawURL string, env TicketsEnv) (Tickets, error)
