package stakeholder

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// Record kinds in the store.
const (
	kindStakeholder = "stakeholder.stakeholder"
	kindGroup       = "stakeholder.group"
	kindAssessment  = "stakeholder.assessment"
	kindPlanItem    = "stakeholder.plan_item"
	kindInteraction = "stakeholder.interaction"
	kindIssue       = "stakeholder.issue"
	kindTimer       = "stakeholder.escalation_timer"
	kindRequest     = "stakeholder.feedback_request"
	kindFeedback    = "stakeholder.feedback"
	kindStrategy    = "stakeholder.strategy"
	kindCommitment  = "stakeholder.commitment"
)

// Process runs the stakeholder process on a store, with one configuration
// and the agency's business-day calendar. It holds no mutable state of its
// own: everything lives in the store, so several Processes
// may share one store. It is safe for concurrent use.
type Process struct {
	store *relaciona.Store
	cfg   *Config
	cal   *calendar.Calendar
	lang  relaciona.Lang
	dir   *relaciona.Directory

	channels map[string]Channel
	chain    map[int]ChainLink

	stakeholders *relaciona.Collection[Stakeholder]
	groups       *relaciona.Collection[Group]
	assessments  *relaciona.Collection[Assessment]
	plans        *relaciona.Collection[PlanItem]
	interactions *relaciona.Collection[Interaction]
	issues       *relaciona.Collection[Issue]
	timers       *relaciona.Collection[timer]
	requests     *relaciona.Collection[FeedbackRequest]
	feedback     *relaciona.Collection[Feedback]
	strategy     *relaciona.Collection[Strategy]
	commitments  *relaciona.Collection[commitment]
}

// Option configures a Process.
type Option func(*Process)

// WithLang sets the language of the service's validation messages
// (Spanish by default).
func WithLang(l relaciona.Lang) Option { return func(s *Process) { s.lang = l } }

// WithDirectory sets the agency's directory, which decides who may act and
// at what SFIA level (see the package documentation, "Who may act").
// Without it the process uses a roster of the configuration's actors; a
// nil d leaves that roster.
func WithDirectory(d *relaciona.Directory) Option {
	return func(s *Process) {
		if d != nil {
			s.dir = d
		}
	}
}

// New returns the stakeholder service on store, with cfg and the agency's
// calendar cal. A cfg built in Go is checked as LoadConfig checks a file.
func New(store *relaciona.Store, cfg *Config, cal *calendar.Calendar, opts ...Option) (*Process, error) {
	if store == nil || cfg == nil || cal == nil {
		return nil, fmt.Errorf("%w: stakeholder.New needs a store, a configuration and a calendar", relaciona.ErrInvalid)
	}
	s := &Process{store: store, cfg: cfg, cal: cal, lang: relaciona.Spanish}
	check := func() error { return cfg.Check(s.lang) }
	if err := process.Open(s, opts, check, &s.dir, cfg.Roster); err != nil {
		return nil, err
	}
	s.channels = make(map[string]Channel, len(cfg.Channels))
	for _, c := range cfg.Channels {
		s.channels[c.ID] = c
	}
	s.chain = make(map[int]ChainLink, 4)
	for _, l := range cfg.Escalation.Chain {
		s.chain[l.Level] = l
	}
	s.stakeholders = relaciona.NewCollection(store, kindStakeholder, func(v *Stakeholder) relaciona.Key {
		q := Unassessed
		if v.Latest != nil {
			q = v.Latest.Quadrant
		}
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"type": string(v.Type), "quadrant": string(q)}, Time: dayTime(v.Registered)}
	})
	s.groups = relaciona.NewCollection(store, kindGroup, func(v *Group) relaciona.Key { return relaciona.Key{ID: v.ID} })
	s.assessments = relaciona.NewCollection(store, kindAssessment, func(v *Assessment) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"stakeholder": v.Stakeholder}, Time: dayTime(v.Date)}
	})
	s.plans = relaciona.NewCollection(store, kindPlanItem, planKey)
	s.interactions = relaciona.NewCollection(store, kindInteraction, func(v *Interaction) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"stakeholder": v.Stakeholder}, Time: dayTime(v.Date)}
	})
	s.issues = relaciona.NewCollection(store, kindIssue, issueKey)
	s.timers = relaciona.NewCollection(store, kindTimer, timerKey)
	s.requests = relaciona.NewCollection(store, kindRequest, func(v *FeedbackRequest) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"stakeholder": v.Stakeholder}, Time: dayTime(v.Date)}
	})
	s.feedback = relaciona.NewCollection(store, kindFeedback, func(v *Feedback) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"stakeholder": v.Stakeholder}, Time: dayTime(v.Date)}
	})
	s.strategy = relaciona.NewCollection(store, kindStrategy, func(v *Strategy) relaciona.Key { return relaciona.Key{ID: "current"} })
	s.commitments = relaciona.NewCollection(store, kindCommitment, func(v *commitment) relaciona.Key { return relaciona.Key{ID: v.ID, Time: dayTime(v.Due)} })
	return s, nil
}

// Config returns the service's configuration. Treat it as read-only.
func (s *Process) Config() *Config { return s.cfg }

// Templates returns the notification texts of the process's file (its
// notifications key), for a dispatcher to render with; see
// Config.Templates.
func (s *Process) Templates() relaciona.Templates { return s.cfg.Templates() }

// Directory returns the directory that decides who may act: the one given
// with WithDirectory, or the roster of the configuration's actors.
func (s *Process) Directory() *relaciona.Directory { return s.dir }

// dayTime is the record time of a civil date: midnight UTC.
func dayTime(d calendar.Date) time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

var idRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// invalid returns a *relaciona.ValidationError in the service's language.
func (s *Process) invalid(field, es, en string, args ...any) error {
	return &relaciona.ValidationError{Field: field, Msg: s.lang.Tf(es, en, args...)}
}

// notFound is invalid for a reference to something that does not exist.
func (s *Process) notFound(field, es, en string, args ...any) error {
	return s.invalid(field, es, en, args...)
}

// missing wraps relaciona.ErrNotFound for the record an operation is about.
func missing(kind, id string) error {
	return fmt.Errorf("stakeholder: %s %q: %w", kind, id, relaciona.ErrNotFound)
}

// prefixField puts prefix before the field of a validation error.
func prefixField(err error, prefix string) error {
	var ve *relaciona.ValidationError
	if errors.As(err, &ve) {
		c := *ve
		if c.Field == "" {
			c.Field = prefix
		} else {
			c.Field = prefix + "." + c.Field
		}
		return &c
	}
	return err
}

// checkID validates an id.
func (s *Process) checkID(field, id string) error {
	if !idRE.MatchString(id) {
		return s.invalid(field, "identificador no válido %q: use letras, dígitos, «.», «-» o «_» (hasta 64)", "invalid id %q: use letters, digits, \".\", \"-\" or \"_\" (up to 64)", id)
	}
	return nil
}

// checkPerson checks that id is a person of the directory with at least
// level min for what the field says.
func (s *Process) checkPerson(ctx context.Context, field, id string, min int) error {
	lvl, ok, err := s.directoryLevel(ctx, id)
	if err != nil {
		return err
	}
	if !ok {
		return s.notFound(field, "persona desconocida %q: no figura en el directorio (ni en actors)", "unknown person %q: not in the directory (nor in actors)", id)
	}
	if lvl < min {
		return s.invalid(field, "%q tiene nivel SFIA %d y necesita %d", "%q has SFIA level %d and needs %d", id, lvl, min)
	}
	return nil
}

// contactPointLevel is the level a stakeholder's contact point needs: the
// contact_point level, or own_key_stakeholder's when it is key.
func (s *Process) contactPointLevel(key bool) (Action, int) {
	a, need := ActContactPoint, s.cfg.Level(ActContactPoint)
	if key {
		if l := s.cfg.Level(ActOwnKeyStakeholder); l > need {
			a, need = ActOwnKeyStakeholder, l
		}
	}
	return a, need
}

// Register creates a stakeholder or updates one (contacts, channels,
// groups, name...). It needs the "register" level (4). Setting or changing
// the single point of contact also needs, from the actor and from the
// person named, the "contact_point" level (5), or "own_key_stakeholder" (6)
// for a key (manage closely) stakeholder. Assessments are not touched: use
// Assess.
func (s *Process) Register(ctx context.Context, actor relaciona.Actor, at time.Time, st Stakeholder) (Stakeholder, error) {
	actor, err := s.require(ctx, actor, ActRegister)
	if err != nil {
		return Stakeholder{}, err
	}
	var out Stakeholder
	err = s.store.Update(ctx, actor, "stakeholder.register", "register stakeholder", 3, func(b *relaciona.Batch) error {
		b.At(at)
		cur, err := s.stakeholders.Get(ctx, st.ID)
		exists := err == nil
		if err != nil && !errors.Is(err, relaciona.ErrNotFound) {
			return err
		}
		v := st
		if exists {
			v.Registered, v.Latest, v.Assessments = cur.Value.Registered, cur.Value.Latest, cur.Value.Assessments
		} else {
			v.Registered = calendar.DateOf(at)
			v.Latest, v.Assessments = nil, 0
		}
		if err := s.checkStakeholder(ctx, actor, &v, exists && cur.Value.ContactPoint == v.ContactPoint); err != nil {
			return err
		}
		s.stakeholders.Put(b, &v, cur.Version)
		out = v
		return nil
	})
	return out, err
}

// checkStakeholder validates a stakeholder's fields and references, and the
// levels of its contact point (unless unchanged).
func (s *Process) checkStakeholder(ctx context.Context, actor relaciona.Actor, v *Stakeholder, sameContact bool) error {
	key := v.Latest != nil && v.Latest.Quadrant == ManageClosely
	if v.ContactPoint != "" && !sameContact {
		act, need := s.contactPointLevel(key)
		if _, err := s.requireLevel(ctx, actor, act, need); err != nil {
			return err
		}
	}
	if err := s.checkID("id", v.ID); err != nil {
		return err
	}
	if v.Name == "" || len(v.Name) > 200 {
		return s.invalid("name", "el nombre debe tener de 1 a 200 caracteres", "the name must have 1 to 200 characters")
	}
	if !v.Type.valid() {
		return s.invalid("type", "tipo %q: use person u organisation", "type %q: use person or organisation", v.Type)
	}
	for i, c := range v.Channels {
		if _, ok := s.channels[c]; !ok {
			return s.notFound(fmt.Sprintf("channels[%d]", i), "canal desconocido %q", "unknown channel %q", c)
		}
	}
	for i, c := range v.Contacts {
		if c.Name == "" {
			return s.invalid(fmt.Sprintf("contacts[%d].name", i), "el contacto necesita un nombre", "the contact needs a name")
		}
	}
	if err := s.checkGroups(ctx, "groups", v.Groups); err != nil {
		return err
	}
	if v.ContactPoint != "" && !sameContact {
		_, need := s.contactPointLevel(key)
		if err := s.checkPerson(ctx, "contact_point", v.ContactPoint, need); err != nil {
			return err
		}
	}
	return nil
}

// Get returns one stakeholder; an error wraps relaciona.ErrNotFound when
// there is none.
func (s *Process) Get(ctx context.Context, id string) (Stakeholder, error) {
	d, err := s.stakeholders.Get(ctx, id)
	return d.Value, err
}

// Stakeholders returns every stakeholder of the register, in registration
// order.
func (s *Process) Stakeholders(ctx context.Context) ([]Stakeholder, error) {
	return s.stakeholders.Values(ctx, relaciona.Filter{})
}

// Groups returns every group.
func (s *Process) Groups(ctx context.Context) ([]Group, error) {
	return s.groups.Values(ctx, relaciona.Filter{})
}

// DefineGroup creates or updates a group and its needs. It needs the
// "define_group_needs" level (5). An unknown parent, or a parent that
// would make the nesting loop, is refused.
func (s *Process) DefineGroup(ctx context.Context, actor relaciona.Actor, at time.Time, g Group) error {
	actor, err := s.require(ctx, actor, ActDefineGroupNeeds)
	if err != nil {
		return err
	}
	return s.store.Update(ctx, actor, "stakeholder.define_group", "define group and needs", 3, func(b *relaciona.Batch) error {
		b.At(at)
		if err := s.checkID("id", g.ID); err != nil {
			return err
		}
		if g.Name == "" {
			return s.invalid("name", "el grupo necesita un nombre", "the group needs a name")
		}
		all, err := s.groups.All(ctx, relaciona.Filter{})
		if err != nil {
			return err
		}
		parent := map[string]string{}
		var version int64
		for _, d := range all {
			parent[d.ID] = d.Value.Parent
			if d.ID == g.ID {
				version = d.Version
			}
		}
		if g.Parent != "" {
			if _, ok := parent[g.Parent]; !ok {
				return s.notFound("parent", "grupo padre desconocido %q", "unknown parent group %q", g.Parent)
			}
			parent[g.ID] = g.Parent
			path := []string{g.ID}
			for cur, n := g.Parent, 0; cur != "" && n <= len(parent); cur, n = parent[cur], n+1 {
				path = append(path, cur)
				if cur == g.ID {
					return s.invalid("parent", "los grupos anidados formarían un ciclo: %s", "nested groups would form a cycle: %s", joinArrow(path))
				}
			}
		}
		s.groups.Put(b, &g, version)
		return nil
	})
}

// descendants returns the ids of group id and every group nested in it.
func descendants(groups []Group, id string) map[string]bool {
	out := map[string]bool{id: true}
	for changed := true; changed; {
		changed = false
		for _, g := range groups {
			if !out[g.ID] && out[g.Parent] {
				out[g.ID] = true
				changed = true
			}
		}
	}
	return out
}

// ImportSummary counts what Import wrote and what it left as it was.
type ImportSummary struct {
	Groups, Stakeholders, Assessments, PlanItems int
	Skipped                                      int // records that already existed
}

// Import loads the register of the configuration (groups, stakeholders
// with their first assessments, plan items as drafts) into the store in
// one batch. Records that already exist are left as they are, so Import
// may run at every start. The actor needs every level the content calls
// for: register, define_group_needs for groups, assess for assessments,
// plan for plan items, and the contact-point levels.
func (s *Process) Import(ctx context.Context, actor relaciona.Actor, at time.Time) (ImportSummary, error) {
	need := []Action{ActRegister}
	if len(s.cfg.Groups) > 0 {
		need = append(need, ActDefineGroupNeeds)
	}
	if len(s.cfg.PlanItems) > 0 {
		need = append(need, ActPlan)
	}
	for _, st := range s.cfg.Stakeholders {
		if st.Assessment != nil {
			need = append(need, ActAssess)
		}
		if st.ContactPoint != "" {
			need = append(need, ActContactPoint)
			if st.Assessment != nil && s.cfg.quadrant(st.Assessment.Power, st.Assessment.Interest) == ManageClosely {
				need = append(need, ActOwnKeyStakeholder)
			}
		}
	}
	claimed := actor
	for _, a := range need {
		var err error
		if actor, err = s.require(ctx, claimed, a); err != nil {
			return ImportSummary{}, err
		}
	}
	var sum ImportSummary
	err := s.store.Update(ctx, actor, "stakeholder.import", "import the register from the configuration", 3, func(b *relaciona.Batch) error {
		b.At(at)
		sum = ImportSummary{}
		err := putNew(ctx, b, s.groups, s.cfg.Groups, func(g GroupSpec) string { return g.ID }, func(g GroupSpec) (Group, error) {
			return Group{ID: g.ID, Name: g.Name, Internal: g.Internal, Parent: g.Parent, Needs: g.Needs}, nil
		}, &sum.Groups, &sum.Skipped)
		if err != nil {
			return err
		}
		err = putNew(ctx, b, s.stakeholders, s.cfg.Stakeholders, func(sp StakeholderSpec) string { return sp.ID }, func(sp StakeholderSpec) (Stakeholder, error) {
			v := Stakeholder{ID: sp.ID, Name: sp.Name, Type: sp.Type, Internal: sp.Internal, Groups: sp.Groups,
				ContactPoint: sp.ContactPoint, Channels: sp.Channels, Contacts: sp.Contacts, Registered: calendar.DateOf(at)}
			if sp.Assessment != nil {
				a, err := sp.Assessment.toAssessment()
				if err != nil {
					return v, err // checked by Config.Check; kept for safety
				}
				v.Assessments = 1
				a.ID, a.Stakeholder, a.By = v.ID+"/0001", v.ID, actor.ID
				s.cfg.derive(&a)
				cp := a
				v.Latest = &cp
				s.assessments.Put(b, &a, 0)
				sum.Assessments++
			}
			return v, nil
		}, &sum.Stakeholders, &sum.Skipped)
		if err != nil {
			return err
		}
		return putNew(ctx, b, s.plans, s.cfg.PlanItems, func(ps PlanItemSpec) string { return ps.ID }, func(ps PlanItemSpec) (PlanItem, error) {
			p, err := ps.toPlanItem(s.lang)
			if err != nil {
				return p, err
			}
			p.Status, p.CreatedBy = PlanDraft, actor.ID
			return p, nil
		}, &sum.PlanItems, &sum.Skipped)
	})
	return sum, err
}

// putNew puts into b, for each of specs whose id (as id reads it) c does
// not hold yet, the record build makes of it, and counts it in *added; a
// spec already in the store is left as it is and counted in *skipped.
func putNew[S, T any](ctx context.Context, b *relaciona.Batch, c *relaciona.Collection[T], specs []S, id func(S) string,
	build func(S) (T, error), added, skipped *int) error {
	ids := make([]string, len(specs))
	for i, sp := range specs {
		ids[i] = id(sp)
	}
	have, err := existing(ctx, c, ids)
	if err != nil {
		return err
	}
	for i, sp := range specs {
		if have[ids[i]] {
			*skipped++
			continue
		}
		v, err := build(sp)
		if err != nil {
			return err
		}
		c.Put(b, &v, 0)
		*added++
	}
	return nil
}

// existing reports which of ids c holds (docsByID without the records).
func existing[T any](ctx context.Context, c *relaciona.Collection[T], ids []string) (map[string]bool, error) {
	docs, err := docsByID(ctx, c, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(docs))
	for id := range docs {
		out[id] = true
	}
	return out, nil
}

// Service is the former name of Process.
//
// Deprecated: use Process; the four process packages share the name.
type Service = Process
