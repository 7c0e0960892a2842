package relaciona

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relaciona/relaciona/plugins/driver"
)

// Status is a canonical ticket status. Each adapter's native statuses map to
// these through the deployment's status map (YAML tickets.status_map).
type Status string

// The canonical statuses.
const (
	StatusNew      Status = "new"
	StatusOpen     Status = "open"
	StatusPending  Status = "pending"
	StatusResolved Status = "resolved"
	StatusClosed   Status = "closed"
	StatusRejected Status = "rejected"
)

// Statuses lists the canonical statuses in lifecycle order.
func Statuses() []Status {
	return []Status{StatusNew, StatusOpen, StatusPending, StatusResolved, StatusClosed, StatusRejected}
}

// Valid reports whether s is a canonical status.
func (s Status) Valid() bool {
	for _, c := range Statuses() {
		if s == c {
			return true
		}
	}
	return false
}

// Done reports whether s ends a ticket's life (resolved, closed, rejected).
func (s Status) Done() bool { return s == StatusResolved || s == StatusClosed || s == StatusRejected }

// Ticket is a ticket in canonical form: its native status mapped to a
// Status. Requester and Body may hold personal data.
type Ticket struct {
	ID        string
	Queue     string
	Subject   string
	Body      string
	Status    Status
	Native    string // the system's own status name
	Priority  int
	Assignee  string
	Requester string
	Fields    map[string]string
	Created   time.Time
	Updated   time.Time
}

// NewTicket is what Tickets.Create takes.
type NewTicket struct {
	Queue   string
	Subject string
	Body    string
	Status  Status // empty: the system's default for new tickets
	// Priority is 1 (lowest) to 100 (highest): the system's level nearest
	// to it is taken. 0 (PriorityDefault) is the system's default
	// priority for new tickets; outside 0-100 is ErrInvalid.
	Priority  int
	Assignee  string
	Requester string
	Fields    map[string]string
}

// PriorityDefault in NewTicket.Priority asks for the ticket system's
// default priority for new tickets (driver.PriorityDefault).
const PriorityDefault = driver.PriorityDefault

// SurveyResponse is one answer to a satisfaction survey.
type SurveyResponse = driver.SurveyResponse

// Tickets is the portable ticket-system type the process packages use. It
// wraps a driver.Tickets (the built-in desk, Request Tracker, Redmine, or a
// plugin) and maps native statuses to canonical ones both ways.
type Tickets struct {
	d       driver.Tickets
	toCanon map[string]Status
	toNat   map[Status]string
	log     hclog.Logger
}

// TicketsOption configures Tickets.
type TicketsOption func(*ticketsConfig)

type ticketsConfig struct {
	statusMap map[string]string
	store     *Store
	secret    func() (string, error)
	log       hclog.Logger
}

// WithStatusMap sets the mapping from native status names to canonical
// ones (the deployment's tickets.status_map). Names not in the map that
// equal a canonical status map to it.
func WithStatusMap(m map[string]string) TicketsOption {
	return func(c *ticketsConfig) { c.statusMap = m }
}

// WithTicketStore gives the adapter the deployment's store (the built-in
// desk keeps its tickets there).
func WithTicketStore(s *Store) TicketsOption { return func(c *ticketsConfig) { c.store = s } }

// WithSecret gives the adapter a function that returns its secret (API key,
// token). The secret is read when needed and never logged.
func WithSecret(f func() (string, error)) TicketsOption {
	return func(c *ticketsConfig) { c.secret = f }
}

// WithTicketsLogger sends the adapter's log lines to l.
func WithTicketsLogger(l hclog.Logger) TicketsOption { return func(c *ticketsConfig) { c.log = l } }

// NewTickets wraps a ticket driver. A status map entry whose value is not a
// canonical status is an ErrInvalid.
func NewTickets(d driver.Tickets, opts ...TicketsOption) (*Tickets, error) {
	var c ticketsConfig
	for _, o := range opts {
		o(&c)
	}
	return newTickets(d, c)
}

func newTickets(d driver.Tickets, c ticketsConfig) (*Tickets, error) {
	t := &Tickets{d: d, toCanon: map[string]Status{}, toNat: map[Status]string{}, log: c.log}
	if t.log == nil {
		t.log = hclog.NewNullLogger()
	}
	natives := slices.Sorted(maps.Keys(c.statusMap)) // the first native name (in order) is used for writing
	for _, n := range natives {
		s := Status(c.statusMap[n])
		if !s.Valid() {
			return nil, &ValidationError{Field: "tickets.status_map." + n, Msg: fmt.Sprintf("%q is not a canonical status (%s)", s, joinStatuses())}
		}
		t.toCanon[n] = s
		if _, ok := t.toNat[s]; !ok {
			t.toNat[s] = n
		}
	}
	return t, nil
}

func joinStatuses() string {
	var b []string
	for _, s := range Statuses() {
		b = append(b, string(s))
	}
	return strings.Join(b, ", ")
}

// OpenTickets opens a ticket adapter by URL: "desk://" (the built-in desk,
// which needs WithTicketStore), or any scheme an adapter package registered
// with driver.RegisterTickets.
func OpenTickets(ctx context.Context, url string, opts ...TicketsOption) (*Tickets, error) {
	var c ticketsConfig
	for _, o := range opts {
		o(&c)
	}
	open, err := lookupOpener("tickets", url, redactURL(url), "desk://", driver.LookupTickets, driver.TicketsSchemes)
	if err != nil {
		return nil, err
	}
	env := driver.TicketsEnv{Secret: c.secret}
	if c.store != nil {
		env.Store = c.store.d
	}
	d, err := open(ctx, url, env)
	if err != nil {
		return nil, fmt.Errorf("open tickets %s: %w", redactURL(url), err)
	}
	t, err := newTickets(d, c)
	if err != nil {
		d.Close()
		return nil, err
	}
	return t, nil
}

// Driver returns the adapter the Tickets wraps.
func (t *Tickets) Driver() driver.Tickets { return t.d }

// Close closes the adapter.
func (t *Tickets) Close() error { return t.d.Close() }

// Canonical maps a native status name to a canonical status. An unmapped
// name that is itself canonical maps to itself; anything else is an
// ErrInvalid naming the status.
func (t *Tickets) Canonical(native string) (Status, error) {
	if s, ok := t.toCanon[native]; ok {
		return s, nil
	}
	if s := Status(strings.ToLower(native)); s.Valid() {
		return s, nil
	}
	return "", &ValidationError{Field: "status", Msg: fmt.Sprintf("ticket status %q is not in the status map", native)}
}

// Native maps a canonical status to the adapter's status name.
func (t *Tickets) Native(s Status) (string, error) {
	if !s.Valid() {
		return "", &ValidationError{Field: "status", Msg: fmt.Sprintf("%q is not a canonical status (%s)", s, joinStatuses())}
	}
	if n, ok := t.toNat[s]; ok {
		return n, nil
	}
	return string(s), nil
}

func (t *Tickets) canon(d driver.Ticket) (Ticket, error) {
	s, err := t.Canonical(d.Status)
	if err != nil {
		return Ticket{}, fmt.Errorf("ticket %s: %w", d.ID, err)
	}
	return Ticket{ID: d.ID, Queue: d.Queue, Subject: d.Subject, Body: d.Body, Status: s, Native: d.Status,
		Priority: d.Priority, Assignee: d.Assignee, Requester: d.Requester, Fields: d.Fields, Created: d.Created, Updated: d.Updated}, nil
}

// Create opens a ticket.
func (t *Tickets) Create(ctx context.Context, n NewTicket) (Ticket, error) {
	if strings.TrimSpace(n.Subject) == "" {
		return Ticket{}, Invalid("subject", "a ticket needs a subject")
	}
	if n.Priority < 0 || n.Priority > 100 {
		return Ticket{}, Invalid("priority", "priority %d is outside 0-100", n.Priority)
	}
	native := ""
	if n.Status != "" {
		var err error
		if native, err = t.Native(n.Status); err != nil {
			return Ticket{}, err
		}
	}
	d, err := t.d.Create(ctx, driver.NewTicket{Queue: n.Queue, Subject: n.Subject, Body: n.Body, Status: native,
		Priority: n.Priority, Assignee: n.Assignee, Requester: n.Requester, Fields: n.Fields})
	if err != nil {
		return Ticket{}, fmt.Errorf("create ticket: %w", err)
	}
	return t.canon(d)
}

// Get reads one ticket; an unknown id wraps ErrNotFound.
func (t *Tickets) Get(ctx context.Context, id string) (Ticket, error) {
	d, err := t.d.Get(ctx, id)
	if err != nil {
		return Ticket{}, fmt.Errorf("get ticket %s: %w", id, err)
	}
	return t.canon(d)
}

// Update is a change to a ticket: nil fields are left as they are.
type Update struct {
	Status   *Status
	Assignee *string
	Priority *int
	Fields   map[string]string
}

// Update changes a ticket's status, assignee, priority or custom fields.
func (t *Tickets) Update(ctx context.Context, id string, u Update) (Ticket, error) {
	var du driver.TicketUpdate
	if u.Status != nil {
		n, err := t.Native(*u.Status)
		if err != nil {
			return Ticket{}, err
		}
		du.Status = &n
	}
	if u.Priority != nil && (*u.Priority < 0 || *u.Priority > 100) {
		return Ticket{}, Invalid("priority", "priority %d is outside 0-100", *u.Priority)
	}
	du.Assignee, du.Priority, du.Fields = u.Assignee, u.Priority, u.Fields
	d, err := t.d.Update(ctx, id, du)
	if err != nil {
		return Ticket{}, fmt.Errorf("update ticket %s: %w", id, err)
	}
	return t.canon(d)
}

// SetStatus moves a ticket to a canonical status.
func (t *Tickets) SetStatus(ctx context.Context, id string, s Status) (Ticket, error) {
	return t.Update(ctx, id, Update{Status: &s})
}

// Reply adds a public reply to the requester.
func (t *Tickets) Reply(ctx context.Context, id, body string) error {
	if err := t.d.Comment(ctx, id, driver.Comment{Public: true, Body: body}); err != nil {
		return fmt.Errorf("reply to ticket %s: %w", id, err)
	}
	return nil
}

// Note adds an internal note, not shown to the requester.
func (t *Tickets) Note(ctx context.Context, id, body string) error {
	if err := t.d.Comment(ctx, id, driver.Comment{Body: body}); err != nil {
		return fmt.Errorf("note on ticket %s: %w", id, err)
	}
	return nil
}

// Changes streams the tickets updated at or after since, oldest first. The
// window is inclusive (see driver.Tickets.Changes).
func (t *Tickets) Changes(ctx context.Context, since time.Time) iter.Seq2[Ticket, error] {
	return func(yield func(Ticket, error) bool) {
		stopped := errors.New("stopped")
		err := t.d.Changes(ctx, since, func(d driver.Ticket) error {
			tk, err := t.canon(d)
			if !yield(tk, err) || err != nil {
				return stopped
			}
			return nil
		})
		if err != nil && err != stopped {
			yield(Ticket{}, fmt.Errorf("list changed tickets: %w", err))
		}
	}
}

// Capability names an optional adapter capability.
type Capability string

// The optional capabilities.
const (
	CapSurveys        Capability = "surveys"
	CapRecordSurveys  Capability = "record-surveys"
	CapFieldDiscovery Capability = "field-discovery"
	CapAttachments    Capability = "attachments"
)

// Has reports whether the adapter offers a capability.
func (t *Tickets) Has(c Capability) bool {
	switch c {
	case CapSurveys:
		_, ok := t.d.(driver.Surveys)
		return ok
	case CapRecordSurveys:
		_, ok := t.d.(driver.SurveyRecorder)
		return ok
	case CapFieldDiscovery:
		_, ok := t.d.(driver.FieldLister)
		return ok
	case CapAttachments:
		_, ok := t.d.(driver.Attacher)
		return ok
	}
	return false
}

func unsupported(c Capability) error {
	return fmt.Errorf("%w: this ticket system has no %s capability", ErrUnsupported, c)
}

// SurveyResponses streams survey responses submitted at or after since. An
// adapter without surveys fails with ErrUnsupported.
func (t *Tickets) SurveyResponses(ctx context.Context, since time.Time) iter.Seq2[SurveyResponse, error] {
	return func(yield func(SurveyResponse, error) bool) {
		s, ok := t.d.(driver.Surveys)
		if !ok {
			yield(SurveyResponse{}, unsupported(CapSurveys))
			return
		}
		stopped := errors.New("stopped")
		err := s.SurveyResponses(ctx, since, func(r driver.SurveyResponse) error {
			if !yield(r, nil) {
				return stopped
			}
			return nil
		})
		if err != nil && err != stopped {
			yield(SurveyResponse{}, fmt.Errorf("read survey responses: %w", err))
		}
	}
}

// RecordSurveys stores survey responses in an adapter that takes them (the
// built-in desk); others fail with ErrUnsupported.
func (t *Tickets) RecordSurveys(ctx context.Context, rs []SurveyResponse) error {
	r, ok := t.d.(driver.SurveyRecorder)
	if !ok {
		return unsupported(CapRecordSurveys)
	}
	for i, x := range rs {
		if err := validSurvey(x); err != nil {
			return fmt.Errorf("survey response %d: %w", i, err)
		}
	}
	return r.RecordSurveys(ctx, rs)
}

// SurveyScale returns the inclusive score range of a survey metric
// (driver.SurveyScale, which the built-in desk checks too).
func SurveyScale(metric string) (lo, hi int, ok bool) { return driver.SurveyScale(metric) }

func validSurvey(r SurveyResponse) error {
	lo, hi, ok := SurveyScale(r.Metric)
	if !ok {
		return Invalid("metric", "unknown survey metric %q (csat, nps, ces)", r.Metric)
	}
	if r.Score < lo || r.Score > hi {
		return Invalid("score", "%s score %d is outside %d-%d", r.Metric, r.Score, lo, hi)
	}
	if r.ID == "" {
		return Invalid("id", "a survey response needs an id")
	}
	return nil
}

// Fields lists the adapter's custom fields, or fails with ErrUnsupported.
func (t *Tickets) Fields(ctx context.Context) ([]driver.FieldDef, error) {
	f, ok := t.d.(driver.FieldLister)
	if !ok {
		return nil, unsupported(CapFieldDiscovery)
	}
	return f.Fields(ctx)
}

// Attach adds a file to a ticket, or fails with ErrUnsupported.
func (t *Tickets) Attach(ctx context.Context, id string, a driver.Attachment) error {
	at, ok := t.d.(driver.Attacher)
	if !ok {
		return unsupported(CapAttachments)
	}
	return at.Attach(ctx, id, a)
}
