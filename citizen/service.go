package citizen

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// Process is the citizen-relationship process of one entity: its
// configuration, the store, the deployment's business-day calendar and,
// optionally, the ticket system. Create it with New. It is safe for
// concurrent use.
type Process struct {
	cfg     *Config
	store   *relaciona.Store
	cal     *calendar.Calendar
	tickets *relaciona.Tickets
	loc     *time.Location
	log     hclog.Logger
	lang    relaciona.Lang
	dir     *relaciona.Directory

	citizens     *relaciona.Collection[Citizen]
	pqrsd        *relaciona.Collection[PQRSD]
	stats        *relaciona.Collection[dayStats]
	seq          *relaciona.Collection[sequence]
	notices      *relaciona.Collection[Notice]
	strategies   *relaciona.Collection[StrategyVersion]
	assessments  *relaciona.Collection[Assessment]
	proposals    *relaciona.Collection[AdjustmentProposal]
	spaces       *relaciona.Collection[Space]
	commitments  *relaciona.Collection[Commitment]
	baselines    *relaciona.Collection[Baseline]
	measurements *relaciona.Collection[Measurement]
	feedback     *relaciona.Collection[Feedback]
	alerts       *relaciona.Collection[Alert]
	publications *relaciona.Collection[Publication]
	rec          records // exercises, inputs, events, skills actions, assignments (exercise.go)
}

// Option configures a Process.
type Option func(*Process)

// WithTickets connects the ticket system: PQRSD can be filed from its
// tickets, and the citizen of such a PQRSD is told of an extension, a
// forwarding or the answer by a public reply on the ticket.
func WithTickets(t *relaciona.Tickets) Option { return func(s *Process) { s.tickets = t } }

// WithLocation sets the deployment's time zone, in which filing times
// become filing dates (default UTC).
func WithLocation(loc *time.Location) Option {
	return func(s *Process) {
		if loc != nil {
			s.loc = loc
		}
	}
}

// WithLang sets the language of the notices written to citizens (Spanish
// by default).
func WithLang(l relaciona.Lang) Option { return func(s *Process) { s.lang = l } }

// WithDirectory sets the agency's directory: who may act, with the roles
// it gives them in this process, their contact and who stands above them.
// Without it the process uses the roster of the file's people (and team),
// Config.Roster; a file with neither gives an empty roster, in which every
// person is refused as not in the directory (the scheduled job's
// relaciona.SystemActor still runs Run).
func WithDirectory(d *relaciona.Directory) Option { return func(s *Process) { s.dir = d } }

// WithLogger sends log lines (ids and counts only, never personal data) to l.
func WithLogger(l hclog.Logger) Option {
	return func(s *Process) {
		if l != nil {
			s.log = l
		}
	}
}

// Record kinds in the store.
const (
	kindCitizen     = "citizen.citizen"
	kindPQRSD       = "citizen.pqrsd"
	kindSeq         = "citizen.seq"
	kindNotice      = "citizen.notice"
	kindStrategy    = "citizen.strategy"
	kindAssessment  = "citizen.assessment"
	kindProposal    = "citizen.proposal"
	kindSpace       = "citizen.space"
	kindCommitment  = "citizen.commitment"
	kindBaseline    = "citizen.baseline"
	kindMeasurement = "citizen.measurement"
	kindFeedback    = "citizen.feedback"
	kindAlert       = "citizen.alert"
	kindPublication = "citizen.publication"
)

// New returns the process for cfg (from LoadConfig, ParseConfig or
// NewConfig) on store, with the deployment's calendar.
func New(store *relaciona.Store, cfg *Config, cal *calendar.Calendar, opts ...Option) (*Process, error) {
	if store == nil || cfg == nil || cal == nil {
		return nil, fmt.Errorf("%w: citizen.New needs a store, a config and a calendar", relaciona.ErrInvalid)
	}
	if cfg.vars == nil {
		return nil, fmt.Errorf("%w: citizen.New needs a config from LoadConfig, ParseConfig or NewConfig", relaciona.ErrInvalid)
	}
	s := &Process{cfg: cfg, store: store, cal: cal, loc: time.UTC, log: hclog.NewNullLogger(), lang: relaciona.Spanish}
	if err := process.Open(s, opts, nil, &s.dir, cfg.Roster); err != nil {
		return nil, err
	}
	s.citizens = relaciona.NewCollection(store, kindCitizen, func(v *Citizen) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"segment": v.Segment, "subject": v.Subject}, Time: v.Registered}
	})
	s.pqrsd = relaciona.NewCollection(store, kindPQRSD, func(v *PQRSD) relaciona.Key {
		a := map[string]string{"status": string(v.Status), "type": string(v.Type), "channel": v.Channel}
		if v.TicketID != "" {
			a["ticket"] = v.TicketID
		}
		if v.Priority != nil {
			a[attrPriority] = "yes"
		}
		return relaciona.Key{ID: v.ID, Attrs: a, Time: v.FiledAt}
	})
	s.stats = relaciona.NewCollection(store, kindDayStats, func(v *dayStats) relaciona.Key {
		return relaciona.Key{ID: v.Day.String(), Time: process.DateTime(v.Day)}
	})
	s.seq = relaciona.NewCollection(store, kindSeq, func(v *sequence) relaciona.Key { return relaciona.Key{ID: v.ID} })
	s.notices = relaciona.NewCollection(store, kindNotice, func(v *Notice) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"status": string(v.Status), "pqrsd": v.PQRSD}, Time: v.At}
	})
	s.strategies = relaciona.NewCollection(store, kindStrategy, func(v *StrategyVersion) relaciona.Key {
		return relaciona.Key{ID: fmt.Sprintf("v%04d", v.Version), Attrs: map[string]string{"status": string(v.Status)}, Time: v.Created}
	})
	s.assessments = relaciona.NewCollection(store, kindAssessment, func(v *Assessment) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"item": v.Item}, Time: process.DateTime(v.Date)}
	})
	s.proposals = relaciona.NewCollection(store, kindProposal, func(v *AdjustmentProposal) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"status": string(v.Status)}, Time: process.DateTime(v.Date)}
	})
	s.spaces = relaciona.NewCollection(store, kindSpace, func(v *Space) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"kind": string(v.Kind)}, Time: process.DateTime(v.Date)}
	})
	s.commitments = commitmentView(store)
	s.baselines = relaciona.NewCollection(store, kindBaseline, func(v *Baseline) relaciona.Key {
		return relaciona.Key{ID: v.Indicator, Time: process.DateTime(v.Date)}
	})
	s.measurements = relaciona.NewCollection(store, kindMeasurement, func(v *Measurement) relaciona.Key {
		return relaciona.Key{ID: v.Indicator + "/" + v.Date.String(), Attrs: map[string]string{"indicator": v.Indicator}, Time: process.DateTime(v.Date)}
	})
	s.feedback = relaciona.NewCollection(store, kindFeedback, func(v *Feedback) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"item": v.Item, "indicator": v.Indicator}, Time: process.DateTime(v.Date)}
	})
	s.alerts = relaciona.NewCollection(store, kindAlert, func(v *Alert) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"kind": string(v.Kind), "subject": v.Subject}, Time: process.DateTime(v.Date)}
	})
	s.publications = relaciona.NewCollection(store, kindPublication, func(v *Publication) relaciona.Key {
		return relaciona.Key{ID: v.ID, Time: process.DateTime(v.Date)}
	})
	s.initRecords(store)
	return s, nil
}

// Config returns the process configuration.
func (s *Process) Config() *Config { return s.cfg }

// Templates returns the notification template overrides of the process file
// (its notifications key), which the dispatcher renders this process's
// notices with; nil when the file overrides none.
func (s *Process) Templates() relaciona.Templates { return s.cfg.Templates() }

// Calendar returns the deployment's calendar.
func (s *Process) Calendar() *calendar.Calendar { return s.cal }

// Location returns the time zone of filing dates.
func (s *Process) Location() *time.Location { return s.loc }

// dateOf is the civil date of t in the deployment's time zone.
func (s *Process) dateOf(t time.Time) calendar.Date { return calendar.DateOf(t.In(s.loc)) }

// stamp is the audit time of a change made on a civil date: noon of that
// date in the deployment's time zone.
func (s *Process) stamp(d calendar.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, s.loc)
}

// startOf is the first instant of a civil date in the deployment's time
// zone.
func (s *Process) startOf(d calendar.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, s.loc)
}

// maxID sorts after every valid UTF-8 record id.
const maxID = "\U0010FFFF\U0010FFFF"

// window returns the filter of the records with a time in [from, to) (a
// zero bound is open), for a scan in linear time. The lower bound is given
// as a resume cursor instead of Filter.From: the embedded SQLite store then
// seeks every page from the last record read, while with From it starts
// each page at the beginning of the range again, which makes a long scan
// quadratic.
func window(from, to time.Time, attrs map[string]string) relaciona.Filter {
	f := relaciona.Filter{To: to, Attrs: attrs}
	if !from.IsZero() {
		f.After = relaciona.Record{Time: from.Add(-time.Microsecond), ID: maxID}.Cursor()
	}
	return f
}

// Authorize asks the process's directory whether the person a claims to
// be holds one of roles in this process, for action, and returns the actor
// as the directory knows them (name, roles, level); roles and a level a
// carries are never believed. Every method that changes something calls it
// first and uses the returned actor from then on; an integration (the
// Open311 intake) calls it to check its own actor once. The refusal is a
// *relaciona.ForbiddenError saying why: not in the directory, or the roles
// needed.
func (s *Process) Authorize(ctx context.Context, a relaciona.Actor, action string, roles ...string) (relaciona.Actor, error) {
	return s.dir.Authorize(ctx, Kind, a, action, relaciona.Need{Roles: roles})
}

// Directory returns the directory the process asks who may act: the one
// WithDirectory gave, or the roster of the file's people.
func (s *Process) Directory() *relaciona.Directory { return s.dir }

// checkTime rejects a missing business time.
func checkTime(l relaciona.Lang, field string, at time.Time) error {
	if at.IsZero() {
		return invalid(l, field, "falta la fecha y hora del cambio", "the time of the change is required")
	}
	return nil
}

// checkDate rejects an invalid civil date.
func checkDate(l relaciona.Lang, field string, d calendar.Date) error {
	if d.IsZero() {
		return invalid(l, field, "falta la fecha", "the date is required")
	}
	if _, err := calendar.ParseDate(d.String()); err != nil {
		return invalid(l, field, "fecha no válida %s", "invalid date %s", d)
	}
	return nil
}

// invalid returns a *relaciona.ValidationError for field with the message
// in l.
func invalid(l relaciona.Lang, field, es, en string, args ...any) error {
	return &relaciona.ValidationError{Field: field, Msg: l.Tf(es, en, args...)}
}

// commit commits b and wraps the error with context.
func commit(ctx context.Context, b *relaciona.Batch) error {
	_, err := b.Commit(ctx)
	return err
}

// Service is the former name of Process.
//
// Deprecated: use Process; the four process packages share the name.
type Service = Process
