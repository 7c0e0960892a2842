package satisfaction

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// Process is the satisfaction process of one area: its configuration, the
// store where the central client-information repository lives, the
// deployment's business-day calendar and, optionally, the ticket system.
// Create it with New. It is safe for concurrent use.
type Process struct {
	cfg     *Config
	store   *relaciona.Store
	cal     *calendar.Calendar
	tickets *relaciona.Tickets
	loc     *time.Location
	log     hclog.Logger
	lang    relaciona.Lang
	dir     *relaciona.Directory

	info        *relaciona.Collection[InfoItem]
	complaints  *relaciona.Collection[Complaint]
	notices     *relaciona.Collection[Notice]
	designs     *relaciona.Collection[Design]
	interviews  *relaciona.Collection[Interview]
	plans       *relaciona.Collection[WorkPlan]
	actions     *relaciona.Collection[Action]
	meetings    *relaciona.Collection[Meeting]
	commitments *relaciona.Collection[Commitment]
	avail       *relaciona.Collection[Availability]
	surveys     *relaciona.Collection[Survey]
	cases       *relaciona.Collection[Case]
	closures    *relaciona.Collection[Closure]
	snapshots   *relaciona.Collection[MonthSnapshot]
	state       *relaciona.Collection[syncState]
	invitations *relaciona.Collection[Invitation]
	issued      *relaciona.Collection[IssuedReport]
	refusals    *relaciona.Collection[RefusedAnswer]
}

// Option configures a Process.
type Option func(*Process)

// WithTickets connects the ticket system: complaint tickets are opened in
// it, and Run reads ticket changes and, when the system has the survey
// capability, the monthly survey responses.
func WithTickets(t *relaciona.Tickets) Option { return func(p *Process) { p.tickets = t } }

// WithLocation sets the time zone of months and dates (the deployment's);
// the default is UTC.
func WithLocation(loc *time.Location) Option { return func(p *Process) { p.loc = loc } }

// WithLang sets the language of the process's user-facing errors (a
// refusal a clerk reads); the default is Spanish.
func WithLang(l relaciona.Lang) Option { return func(p *Process) { p.lang = l } }

// WithDirectory sets the agency's directory: who may act, with the roles
// and SFIA level it gives them. Without it the process uses a roster built
// from the file's team (id, name, roles); a file without a team gives an
// empty roster, in which every person is refused as not in the directory
// (the scheduled job's relaciona.SystemActor still runs Run).
func WithDirectory(d *relaciona.Directory) Option { return func(p *Process) { p.dir = d } }

// WithLogger sends log lines (ids and counts only, never personal data) to l.
func WithLogger(l hclog.Logger) Option { return func(p *Process) { p.log = l } }

// Record kinds in the store.
const (
	kindInfo       = "satisfaction.info"
	kindComplaint  = "satisfaction.complaint"
	kindNotice     = "satisfaction.notice"
	kindDesign     = "satisfaction.design"
	kindInterview  = "satisfaction.interview"
	kindPlan       = "satisfaction.plan"
	kindAction     = "satisfaction.action"
	kindMeeting    = "satisfaction.meeting"
	kindCommitment = "satisfaction.commitment"
	kindAvail      = "satisfaction.availability"
	kindSurvey     = "satisfaction.survey"
	kindCase       = "satisfaction.case"
	kindClosure    = "satisfaction.closure"
	kindSnapshot   = "satisfaction.month"
	kindState      = "satisfaction.state"
)

// New returns the process for cfg (from LoadConfig or NewConfig) on store,
// with the deployment's calendar.
func New(store *relaciona.Store, cfg *Config, cal *calendar.Calendar, opts ...Option) (*Process, error) {
	if store == nil || cfg == nil || cal == nil {
		return nil, fmt.Errorf("%w: satisfaction.New needs a store, a config and a calendar", relaciona.ErrInvalid)
	}
	p := &Process{cfg: cfg, store: store, cal: cal, loc: time.UTC, log: hclog.NewNullLogger(), lang: relaciona.Spanish}
	if err := process.Open(p, opts, nil, &p.dir, cfg.Roster); err != nil {
		return nil, err
	}
	p.info = relaciona.NewCollection(store, kindInfo, func(v *InfoItem) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"client": v.Client}, Time: v.At}
	})
	p.complaints = relaciona.NewCollection(store, kindComplaint, func(v *Complaint) relaciona.Key {
		a := map[string]string{"client": v.Client, "status": string(v.Status)}
		if v.TicketID != "" {
			a["ticket"] = v.TicketID
		}
		return relaciona.Key{ID: v.ID, Attrs: a, Time: v.ReportedAt}
	})
	p.notices = relaciona.NewCollection(store, kindNotice, func(v *Notice) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"to": v.To}, Time: v.At}
	})
	p.designs = relaciona.NewCollection(store, kindDesign, func(v *Design) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"year": fmt.Sprint(v.Year)}}
	})
	p.interviews = relaciona.NewCollection(store, kindInterview, func(v *Interview) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"client": v.Client, "year": fmt.Sprint(v.Year)}, Time: process.DateTime(v.Date)}
	})
	p.plans = relaciona.NewCollection(store, kindPlan, func(v *WorkPlan) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"client": v.Client, "year": fmt.Sprint(v.Year)}, Time: process.DateTime(v.Agreed)}
	})
	p.actions = relaciona.NewCollection(store, kindAction, func(v *Action) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"status": string(v.Status)}, Time: v.At}
	})
	p.meetings = relaciona.NewCollection(store, kindMeeting, func(v *Meeting) relaciona.Key {
		return relaciona.Key{ID: v.ID, Time: process.DateTime(v.Date)}
	})
	p.commitments = commitmentView(store)
	p.avail = relaciona.NewCollection(store, kindAvail, func(v *Availability) relaciona.Key {
		return relaciona.Key{ID: v.Service + "/" + v.Date.String(), Attrs: map[string]string{"service": v.Service}, Time: process.DateTime(v.Date)}
	})
	// Survey answers, cases and resolutions are keyed by their time, then
	// their own id: records of a kind are stored in key order, so a month's
	// records sit together and the month's time-range scan reads the store
	// sequentially instead of seeking once per record.
	p.surveys = relaciona.NewCollection(store, kindSurvey, func(v *Survey) relaciona.Key {
		return relaciona.Key{ID: timeKey(v.At, v.ID), Attrs: map[string]string{"client": v.Client}, Time: v.At}
	})
	p.cases = relaciona.NewCollection(store, kindCase, func(v *Case) relaciona.Key {
		return relaciona.Key{ID: timeKey(v.Created, v.ID), Attrs: map[string]string{"client": v.Client}, Time: v.Created}
	})
	p.closures = relaciona.NewCollection(store, kindClosure, func(v *Closure) relaciona.Key {
		return relaciona.Key{ID: timeKey(v.Closed, v.ID), Attrs: map[string]string{"client": v.Client}, Time: v.Closed}
	})
	p.snapshots = relaciona.NewCollection(store, kindSnapshot, func(v *MonthSnapshot) relaciona.Key {
		return relaciona.Key{ID: v.Month.String()}
	})
	p.state = relaciona.NewCollection(store, kindState, func(v *syncState) relaciona.Key {
		return relaciona.Key{ID: "sync"}
	})
	p.invitations = newInvitations(store)
	p.issued = newIssuedReports(store)
	p.refusals = newRefusals(store)
	return p, nil
}

// Config returns the process configuration.
func (p *Process) Config() *Config { return p.cfg }

// Templates returns the notification template overrides of the process file
// (its notifications key), which the dispatcher renders this process's
// notices with; nil when the file overrides none.
func (p *Process) Templates() relaciona.Templates { return p.cfg.Templates() }

// authorize checks permission FIRST in every method that changes
// something (and in the restricted reads): it asks the directory (the one
// WithDirectory gives, else the roster of the file's team) whether the
// person a claims to be holds one of roles in this process, and returns the
// actor as the directory knows them (name, roles, level), which the caller
// uses from then on. Roles and a level carried in a are never believed. A
// refusal is a *relaciona.ForbiddenError saying why: not in the directory,
// or the roles needed.
func (p *Process) authorize(ctx context.Context, a relaciona.Actor, action string, roles ...string) (relaciona.Actor, error) {
	return p.dir.Authorize(ctx, Kind, a, action, relaciona.Need{Roles: roles})
}

// Directory returns the directory the process asks who may act: the one
// WithDirectory gave, or the roster of the file's team.
func (p *Process) Directory() *relaciona.Directory { return p.dir }

// teamRoles are the roles of anyone on the IOTI team.
var teamRoles = []string{RoleDirection, RoleOwner, RoleManager, RoleExecutor}

// newID derives a stable id from its parts, so the same input always makes
// the same id (deterministic demos; a repeated call is a conflict, not a
// duplicate).
func newID(prefix string, parts ...string) string {
	h := sha256.New()
	for _, s := range parts {
		fmt.Fprintf(h, "%d:%s|", len(s), s)
	}
	return prefix + "-" + hex.EncodeToString(h.Sum(nil)[:6])
}

// timeKey is the record key of something that happened at t with its own
// id: the UTC time, fixed width so that keys sort in time order, then the id.
func timeKey(t time.Time, id string) string {
	return t.UTC().Format("20060102T150405.000000") + "|" + id
}

// Month is a calendar month.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf returns the month of d.
func MonthOf(d calendar.Date) Month { return Month{d.Year, d.Month} }

// ParseMonth parses "YYYY-MM". A malformed month is a *MonthError, which
// says itself in Spanish (Error) or in the language a caller asks for
// (Text, relaciona.ErrorText).
func ParseMonth(s string) (Month, error) {
	d, err := calendar.ParseDate(s + "-01")
	if err != nil || len(s) != 7 {
		return Month{}, &MonthError{Value: s}
	}
	return MonthOf(d), nil
}

// MonthError is ParseMonth's error: the text was not a month written
// YYYY-MM. It wraps relaciona.ErrInvalid and is a relaciona.Localizer:
// Error gives the Spanish text (the default language of user-facing text),
// Text the one a caller asks for.
type MonthError struct {
	// Value is the text as the caller gave it.
	Value string
}

// Error returns the message in Spanish.
func (e *MonthError) Error() string { return e.Text(relaciona.Spanish) }

// Text returns the message in the language l.
func (e *MonthError) Text(l relaciona.Lang) string {
	return l.Tf("month: mes %q no válido: escríbalo AAAA-MM", "month: %q is not a valid month: use YYYY-MM", e.Value)
}

// Is makes errors.Is(err, relaciona.ErrInvalid) true.
func (e *MonthError) Is(target error) bool { return target == relaciona.ErrInvalid }

// String formats m as "YYYY-MM".
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Add returns the month n months after m (before, for negative n).
func (m Month) Add(n int) Month {
	t := time.Date(m.Year, m.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	return Month{t.Year(), t.Month()}
}

// Before reports whether m is before o.
func (m Month) Before(o Month) bool {
	return m.Year < o.Year || (m.Year == o.Year && m.Month < o.Month)
}

// MarshalText formats the month as "YYYY-MM".
func (m Month) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText parses "YYYY-MM".
func (m *Month) UnmarshalText(b []byte) error {
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// span returns the month's [start, end) in the process time zone.
func (p *Process) span(m Month) (time.Time, time.Time) {
	s := time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, p.loc)
	return s, s.AddDate(0, 1, 0)
}

// monthOfTime returns the month of t in the process time zone.
func (p *Process) monthOfTime(t time.Time) Month {
	t = t.In(p.loc)
	return Month{t.Year(), t.Month()}
}

// dayStart returns the start of d in the process time zone.
func (p *Process) dayStart(d calendar.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, p.loc)
}

// commit runs a batch stamped with the business time at.
func (p *Process) commit(ctx context.Context, b *relaciona.Batch, at time.Time) error {
	if !at.IsZero() {
		b.At(at)
	}
	_, err := b.Commit(ctx)
	return err
}

// Clients returns the internal clients the process knows, from both of
// their sources: the process file's clients section, in the file's order,
// then the clients of the store's client register (imported with
// "relaciona import clients", ClientRecord) that the file does not name,
// by id. It is the one answer to "which clients exist": checkClient, the
// reports, the interviews and the repository all ask it.
//
// A client in both sources is the register's: its name, contact, services
// and requesters replace the file's, keeping the file's place in the
// order. The register is the audited one (an import, a rectification or
// an erasure of the contact is written there, with its author), and the
// file cannot be erased by a subject request, so letting the file win
// would bring an erased contact back.
func (p *Process) Clients(ctx context.Context) ([]Client, error) {
	out := slices.Clone(p.cfg.Clients)
	at := make(map[string]int, len(out))
	for i, c := range out {
		at[c.ID] = i
	}
	for d, err := range p.clientRegister().Scan(ctx, relaciona.Filter{}) {
		if err != nil {
			return nil, err
		}
		c := d.Value.client()
		if i, ok := at[c.ID]; ok {
			out[i] = c
			continue
		}
		at[c.ID] = len(out)
		out = append(out, c)
	}
	return out, nil
}

// client returns the client with id from either source, as Clients says.
func (p *Process) client(ctx context.Context, id string) (Client, bool, error) {
	d, err := p.clientRegister().Get(ctx, id)
	switch {
	case err == nil:
		return d.Value.client(), true, nil
	case !errors.Is(err, relaciona.ErrNotFound):
		return Client{}, false, err
	}
	c, ok := p.cfg.Client(id)
	return c, ok, nil
}

// checkClient validates a client id: required, and known to Clients.
func (p *Process) checkClient(ctx context.Context, field, id string) error {
	if id == "" {
		return p.invalid(field, "el cliente es obligatorio", "a client is required")
	}
	_, ok, err := p.client(ctx, id)
	if err != nil {
		return err
	}
	if !ok {
		return p.invalid(field, "cliente desconocido %q", "unknown client %q", id)
	}
	return nil
}

func (p *Process) checkService(field, id string, required bool) error {
	if id == "" {
		if required {
			return p.invalid(field, "el servicio es obligatorio", "a service is required")
		}
		return nil
	}
	if _, ok := p.cfg.Service(id); !ok {
		return p.invalid(field, "servicio desconocido %q", "unknown service %q", id)
	}
	return nil
}

func (p *Process) checkTopic(field, id string) error {
	if id != "" && !p.cfg.hasTopic(id) {
		return p.invalid(field, "tema desconocido %q", "unknown topic %q", id)
	}
	return nil
}

// invalid returns a *relaciona.ValidationError for field, its message in
// the process's language: es in Spanish, en in English, both formats taking
// args.
func (p *Process) invalid(field, es, en string, args ...any) error {
	return &relaciona.ValidationError{Field: field, Msg: p.lang.Tf(es, en, args...)}
}

// required refuses a blank v for field.
func (p *Process) required(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return p.invalid(field, "%s es obligatorio", "%s is required", field)
	}
	return nil
}

// unknownClient is the ErrNotFound of a client the configuration lacks.
func (p *Process) unknownClient(id string) error {
	return fmt.Errorf("%s: %w", p.lang.Tf("cliente %q", "client %q", id), relaciona.ErrNotFound)
}

func isNotFound(err error) bool { return errors.Is(err, relaciona.ErrNotFound) }

// existsConflict guards a create: it is ErrConflict with the message es (en
// in English) when c already holds id, the read's error when the read fails
// otherwise, and nil when id is free.
func existsConflict[T any](ctx context.Context, p *Process, c *relaciona.Collection[T], id, es, en string, args ...any) error {
	if _, err := c.Get(ctx, id); err == nil {
		return fmt.Errorf("%w: %s", relaciona.ErrConflict, p.lang.Tf(es, en, args...))
	} else if !isNotFound(err) {
		return err
	}
	return nil
}
