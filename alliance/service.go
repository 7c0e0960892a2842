package alliance

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// Record kinds in the Store.
const (
	KindOrganisation = "alliance.organisation"
	KindAlliance     = "alliance.alliance"
	KindCycle        = "alliance.cycle"
	KindSearch       = "alliance.search"
	KindMeasurement  = "alliance.measurement"
	KindRating       = "alliance.rating"
	KindReview       = "alliance.review"
	KindFlag         = "alliance.flag"
)

// Cycle is the yearly PS54 cycle of one office: its phase, the diagnosis
// taken, the decision on new partners, and the history of steps.
type Cycle struct {
	ID        string           `json:"id"`
	Office    string           `json:"office"`
	Year      int              `json:"year"`
	Phase     Phase            `json:"phase"`
	NeedNew   bool             `json:"need_new"`
	Registry  *RegistrySummary `json:"registry,omitempty"`
	Decision  string           `json:"decision,omitempty"` // the reason given for the decision on new partners
	Diagnosis *Diagnosis       `json:"diagnosis,omitempty"`
	Searches  []string         `json:"searches,omitempty"`
	Reviews   []string         `json:"reviews,omitempty"`
	Review    string           `json:"review,omitempty"` // the review in progress
	Started   calendar.Date    `json:"started,omitzero"`
	History   []Event          `json:"history"`
}

// Event is one step taken in a cycle.
type Event struct {
	Date    calendar.Date `json:"date,omitzero"`
	Step    Step          `json:"step"`
	When    string        `json:"when,omitempty"`
	From    Phase         `json:"from"`
	To      Phase         `json:"to"`
	Actor   string        `json:"actor"`
	Subject string        `json:"subject,omitempty"` // alliance, organisation or search id
}

// Process runs the PS54 process of the offices of one Config on a Store.
// It is safe for concurrent use; concurrent writes to the same records fail
// with relaciona.ErrConflict and change nothing.
type Process struct {
	store *relaciona.Store
	cfg   *Config
	cal   *calendar.Calendar
	lang  relaciona.Lang
	dir   *relaciona.Directory

	orgs         *relaciona.Collection[Organisation]
	alliances    *relaciona.Collection[Alliance]
	cycles       *relaciona.Collection[Cycle]
	searches     *relaciona.Collection[Search]
	measurements *relaciona.Collection[Measurement]
	ratings      *relaciona.Collection[Rating]
	reviews      *relaciona.Collection[Review]
	flags        *relaciona.Collection[Flag]
}

// Option configures a Process.
type Option func(*Process)

// WithLang sets the language of validation and step errors (Spanish by
// default).
func WithLang(l relaciona.Lang) Option { return func(s *Process) { s.lang = l } }

// WithDirectory sets the agency's directory, which decides who may act (see
// the package documentation, "Who may act"). Without it the process uses a
// roster of the configuration's people; a nil d leaves that roster.
func WithDirectory(d *relaciona.Directory) Option {
	return func(s *Process) {
		if d != nil {
			s.dir = d
		}
	}
}

// New returns the service for cfg on store. cfg is normalized (defaults
// filled) and checked; cal is the business-day calendar of the agency's
// country (Chile for an OMIL), used for days to answer.
func New(store *relaciona.Store, cfg *Config, cal *calendar.Calendar, opts ...Option) (*Process, error) {
	if store == nil || cfg == nil || cal == nil {
		return nil, fmt.Errorf("%w: alliance.New needs a store, a config and a calendar", relaciona.ErrInvalid)
	}
	s := &Process{store: store, cfg: cfg, cal: cal, lang: relaciona.Spanish}
	check := func() error {
		cfg.Normalize()
		return cfg.Check(s.lang)
	}
	if err := process.Open(s, opts, check, &s.dir, cfg.Roster); err != nil {
		return nil, err
	}
	s.orgs = relaciona.NewCollection(store, KindOrganisation, func(o *Organisation) relaciona.Key {
		return relaciona.Key{ID: o.ID, Attrs: map[string]string{"sector": string(o.Sector)}, Time: stamp(o.Added)}
	})
	s.alliances = relaciona.NewCollection(store, KindAlliance, func(a *Alliance) relaciona.Key {
		return relaciona.Key{ID: a.ID, Attrs: map[string]string{"office": a.Office, "status": string(a.Status), "organisation": a.Organisation}, Time: stamp(a.Start)}
	})
	s.cycles = relaciona.NewCollection(store, KindCycle, func(c *Cycle) relaciona.Key {
		return relaciona.Key{ID: c.ID, Attrs: map[string]string{"office": c.Office, "phase": string(c.Phase)}, Time: stamp(calendar.Date{Year: c.Year, Month: time.January, Day: 1})}
	})
	s.searches = relaciona.NewCollection(store, KindSearch, func(x *Search) relaciona.Key {
		return relaciona.Key{ID: x.ID, Attrs: map[string]string{"office": x.Office, "year": strconv.Itoa(x.Year)}, Time: stamp(x.Date)}
	})
	s.measurements = relaciona.NewCollection(store, KindMeasurement, func(m *Measurement) relaciona.Key {
		return relaciona.Key{ID: m.ID, Attrs: map[string]string{"office": m.Office, "alliance": m.Alliance}, Time: stamp(m.Date)}
	})
	s.ratings = relaciona.NewCollection(store, KindRating, func(r *Rating) relaciona.Key {
		return relaciona.Key{ID: r.ID, Attrs: map[string]string{"office": r.Office, "alliance": r.Alliance, "year": strconv.Itoa(r.Year)}, Time: stamp(r.Date)}
	})
	s.reviews = relaciona.NewCollection(store, KindReview, func(r *Review) relaciona.Key {
		return relaciona.Key{ID: r.ID, Attrs: map[string]string{"office": r.Office, "year": strconv.Itoa(r.Year)}, Time: stamp(r.Opened)}
	})
	s.flags = relaciona.NewCollection(store, KindFlag, func(f *Flag) relaciona.Key {
		return relaciona.Key{ID: f.ID, Attrs: map[string]string{"office": f.Office, "kind": string(f.Kind)}, Time: stamp(f.Date)}
	})
	return s, nil
}

// Config returns the service's configuration.
func (s *Process) Config() *Config { return s.cfg }

// Templates returns the notification texts of the process's file (its
// notifications key), for a dispatcher to render with; see
// Config.Templates.
func (s *Process) Templates() relaciona.Templates { return s.cfg.Templates() }

// Directory returns the directory that decides who may act: the one given
// with WithDirectory, or the roster of the configuration's people.
func (s *Process) Directory() *relaciona.Directory { return s.dir }

// stamp is the time a business date stands for: noon UTC, so that it never
// changes day in any American time zone.
func stamp(d calendar.Date) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

// dayStart is the first instant of d, for range filters.
func dayStart(d calendar.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

func monthOf(m int) time.Month { return time.Month(m) }

// rolesFor returns the roles that may take step (seed 001: the Encargado
// OMIL owns and runs every step; the Gestor Territorial searches partners
// and meets them; team members rate alliances).
func (s *Process) rolesFor(step Step) []string {
	r := s.cfg.Roles
	switch step {
	case StepSearch, StepMeet:
		return []string{r.Encargado, r.Gestor}
	case StepRate:
		return []string{r.Encargado, r.Gestor, r.Team}
	}
	return []string{r.Encargado}
}

// allow checks in the directory that actor may take step, and returns the
// actor as the directory knows them (name and roles from the directory,
// never the caller's); it is the first thing every mutating method does.
func (s *Process) allow(ctx context.Context, actor relaciona.Actor, step Step) (relaciona.Actor, error) {
	return s.authorize(ctx, actor, "alliance."+string(step), s.rolesFor(step)...)
}

// authorize checks in the directory that actor holds one of roles in the
// process for action, and returns the directory's actor. The refusal is a
// *relaciona.ForbiddenError: not in the directory, or the role not given.
func (s *Process) authorize(ctx context.Context, actor relaciona.Actor, action string, roles ...string) (relaciona.Actor, error) {
	return s.dir.Authorize(ctx, Kind, actor, action, relaciona.Need{Roles: roles})
}

func (s *Process) invalid(field, es, en string, args ...any) error {
	return &relaciona.ValidationError{Field: field, Msg: s.lang.Tf(es, en, args...)}
}

func (s *Process) checkDate(field string, d calendar.Date) error {
	if _, err := calendar.ParseDate(d.String()); err != nil || d.Year < calendar.MinYear || d.Year > calendar.MaxYear {
		return s.invalid(field, "fecha %s no válida", "invalid date %s", d)
	}
	return nil
}

func (s *Process) checkOffice(office string) error {
	if _, ok := s.cfg.Office(office); !ok {
		return s.invalid("office", "oficina desconocida %q", "unknown office %q", office)
	}
	return nil
}

func cycleID(office string, year int) string { return office + ":" + strconv.Itoa(year) }

// current returns the office's latest cycle, or a zero cycle in phase
// not_started (version 0) when it has none.
func (s *Process) current(ctx context.Context, office string) (relaciona.Doc[Cycle], error) {
	var last relaciona.Doc[Cycle]
	for d, err := range s.cycles.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"office": office}}) {
		if err != nil {
			return last, err
		}
		last = d
	}
	if last.Version == 0 {
		last.Value = Cycle{Office: office, Phase: PhaseNotStarted}
	}
	return last, nil
}

// Cycle returns the current (latest) cycle of office; a cycle in phase
// not_started when the office has none yet.
func (s *Process) Cycle(ctx context.Context, office string) (Cycle, error) {
	if err := s.checkOffice(office); err != nil {
		return Cycle{}, err
	}
	d, err := s.current(ctx, office)
	return d.Value, err
}

// Allowed returns the cycle steps the office's current phase allows.
func (s *Process) Allowed(ctx context.Context, office string) ([]Step, error) {
	c, err := s.Cycle(ctx, office)
	if err != nil {
		return nil, err
	}
	return CycleMachine().Allowed(string(c.Phase)), nil
}

// step checks the cycle machine for step and, when the phase changes,
// records the event in the cycle's history; it reports whether it did (the
// caller then writes the cycle in its batch). Steps that keep the phase are
// in the audit log only.
func (s *Process) step(c *Cycle, actor relaciona.Actor, at calendar.Date, step Step, when, subject string) error {
	to, err := advance(CycleMachine(), s.lang, s.subject(c), string(c.Phase), step, when)
	if err != nil {
		return err
	}
	if Phase(to) != c.Phase {
		c.History = append(c.History, Event{Date: at, Step: step, When: when, From: c.Phase, To: Phase(to), Actor: actor.ID, Subject: subject})
		c.Phase = Phase(to)
	}
	return nil
}

func (s *Process) subject(c *Cycle) string {
	if c.Year == 0 {
		return c.Office
	}
	return fmt.Sprintf("%s %d", c.Office, c.Year)
}

// getAlliance reads one alliance; unknown ids are ErrNotFound with the id.
func (s *Process) getAlliance(ctx context.Context, id string) (relaciona.Doc[Alliance], error) {
	d, err := s.alliances.Get(ctx, id)
	if errors.Is(err, relaciona.ErrNotFound) {
		return d, fmt.Errorf("%w: %s", relaciona.ErrNotFound, s.lang.Tf("alianza desconocida %q", "unknown alliance %q", id))
	}
	return d, err
}

// allianceStep checks the alliance machine for step.
func (s *Process) allianceStep(a *Alliance, step Step, when string) error {
	to, err := advance(AllianceMachine(), s.lang, a.ID, string(a.Status), step, when)
	if err != nil {
		return err
	}
	a.Status = Status(to)
	return nil
}

func (s *Process) reason(es, en string, args ...any) string { return s.lang.Tf(es, en, args...) }

// Service is the former name of Process.
//
// Deprecated: use Process; the four process packages share the name.
type Service = Process
