package driver

import (
	"context"
	"sort"
	"sync"
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

// NewTicket is what Create takes. Status empty means the system's default
// for new tickets.
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

// TicketUpdate changes some of a ticket's properties: nil pointers and a nil
// map leave them as they are. Fields are merged: a name mapped to "" clears
// that field.
type TicketUpdate struct {
	Status   *string
	Assignee *string
	Priority *int
	Fields   map[string]string
}

// Comment is a reply to the requester (Public) or an internal note.
type Comment struct {
	Public bool
	Body   string
}

// Tickets is the interface a ticket system adapter implements.
//
// Implementations must be safe for concurrent use, honour each context, and
// return errors wrapping ErrNotFound for an unknown ticket, ErrInvalid for a
// request the system refuses as malformed (unknown status, queue, field),
// and ErrUnavailable when the system cannot be reached or fails (5xx,
// timeout); authentication failures wrap ErrAuth. No error text may contain
// a secret.
type Tickets interface {
	// Create opens a ticket and returns it as stored.
	Create(ctx context.Context, t NewTicket) (Ticket, error)
	// Get returns one ticket.
	Get(ctx context.Context, id string) (Ticket, error)
	// Update changes a ticket and returns it as stored.
	Update(ctx context.Context, id string, u TicketUpdate) (Ticket, error)
	// Comment adds a public reply or an internal note.
	Comment(ctx context.Context, id string, c Comment) error
	// Changes calls fn for each ticket updated at or after since (zero: all
	// tickets), in ascending (Updated, ID) order. The window is inclusive, so
	// a caller resuming from the last Updated it saw gets that ticket again
	// and must de-duplicate; some systems keep whole seconds only.
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

var (
	ticketsMu       sync.RWMutex
	ticketsRegistry = map[string]TicketsOpener{}
)

// RegisterTickets makes a ticket adapter available under a URL scheme; call
// it from the adapter package's init function.
func RegisterTickets(scheme string, open TicketsOpener) {
	ticketsMu.Lock()
	defer ticketsMu.Unlock()
	ticketsRegistry[scheme] = open
}

// LookupTickets returns the opener registered for scheme.
func LookupTickets(scheme string) (TicketsOpener, bool) {
	ticketsMu.RLock()
	defer ticketsMu.RUnlock()
	o, ok := ticketsRegistry[scheme]
	return o, ok
}

// TicketsSchemes lists the registered ticket URL schemes, sorted.
func TicketsSchemes() []string {
	ticketsMu.RLock()
	defer ticketsMu.RUnlock()
	out := make([]string, 0, len(ticketsRegistry))
	for s := range ticketsRegistry {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
