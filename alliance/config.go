package alliance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/schemas"
)

// Kind is the YAML kind of an alliance configuration file.
const Kind = "alliance"

// DefaultRoleEncargado is the role name of the Encargado OMIL, who owns and
// runs every step of the cycle, when the YAML's roles.encargado is empty.
const DefaultRoleEncargado = "encargado_omil"

// DefaultRoleGestor is the role name of the Gestor Territorial, who helps
// search partners and meet them, when the YAML's roles.gestor is empty.
const DefaultRoleGestor = "gestor_territorial"

// DefaultRoleTeam is the role name of the OMIL team members, who rate
// alliances, when the YAML's roles.team is empty.
const DefaultRoleTeam = "equipo_omil"

// RoleSystem is the role of the agency's scheduled job; an actor with
// it may call Run (and nothing else).
const RoleSystem = "system"

// Config is the YAML of kind "alliance", decoded and checked by LoadConfig
// or ParseConfig. Its zero values are filled with defaults by those
// functions; a Config built in Go should go through Normalize.
type Config struct {
	Kind       string       `yaml:"kind"`
	Version    int          `yaml:"version"`
	Offices    []Office     `yaml:"offices"`
	Roles      Roles        `yaml:"roles"`
	Resources  []Resource   `yaml:"resources"`
	Objectives []Objective  `yaml:"objectives"`
	Monitoring Monitoring   `yaml:"monitoring"`
	Review     ReviewConfig `yaml:"review"`
	Search     SearchConfig `yaml:"search"`
	// Links holds the rules per kind of link (see LinkMachine).
	Links LinksConfig `yaml:"links"`
	// Purpose holds the targets of the process's purpose (see Purpose).
	Purpose       PurposeConfig  `yaml:"purpose"`
	Organisations []Organisation `yaml:"organisations"`
	Alliances     []Alliance     `yaml:"alliances"`
	// People are the process's staff when the deployment gives no
	// directory (WithDirectory): the roster who may act. Optional.
	People []PersonSpec `yaml:"people"`
	// Notifications override the default text of the process's
	// notification kinds: kind -> es/en -> subject and body.
	Notifications relaciona.Templates `yaml:"notifications"`
}

// PersonSpec is one person of the file's people list: who they are, the
// roles of this process they hold (role names as Roles configures them),
// their SFIA level, where notifications reach them and who stands above
// them. Name and Email are personal data.
type PersonSpec struct {
	ID      string   `yaml:"id"`
	Name    string   `yaml:"name" personal:"true"`
	Email   string   `yaml:"email" personal:"true"`
	Level   int      `yaml:"level"`
	Roles   []string `yaml:"roles"`
	Manager string   `yaml:"manager"`
}

// Templates returns the file's notification texts (the notifications key),
// checked at load against the kinds the process registers.
func (c *Config) Templates() relaciona.Templates { return c.Notifications }

// Roster returns the directory the file's people make: each with the roles
// listed, in this process. No people gives an empty roster, in which
// nobody may act (the scheduled job's relaciona.SystemActor still runs).
func (c *Config) Roster() (*relaciona.Directory, error) {
	ps := make([]relaciona.Person, 0, len(c.People))
	for _, p := range c.People {
		ps = append(ps, relaciona.Person{ID: p.ID, Name: p.Name, Email: p.Email, Level: p.Level, Manager: p.Manager, Roles: process.RolesIn(Kind, p.Roles)})
	}
	return relaciona.NewRoster(ps...)
}

// Office is one OMIL (municipal employment office). Each office runs its own
// yearly cycle.
type Office struct {
	ID      string `yaml:"id" json:"id"`
	Name    string `yaml:"name" json:"name" personal:"no"`
	Commune string `yaml:"commune,omitempty" json:"commune,omitempty"`
	Region  string `yaml:"region,omitempty" json:"region,omitempty"`
}

// Roles names the actor roles of the process (seed 001, "Descripción del
// Procedimiento": the Encargado OMIL is owner and executor; the Gestor
// Territorial helps search and meet partners).
type Roles struct {
	Encargado string `yaml:"encargado"`
	Gestor    string `yaml:"gestor"`
	Team      string `yaml:"team"`
}

// Resource is an entry of the catalogue of what partners provide.
type Resource struct {
	ID   string `yaml:"id" json:"id"`
	Name string `yaml:"name" json:"name" personal:"no"`
}

// Objective is a strategic objective of the office with the resources it
// needs and the indicators, with targets, that alliances serving it are
// judged by (seed 001: the diagnosis "orientado fuertemente hacia los
// objetivos estratégicos ... coherentes a las metas de desempeño").
type Objective struct {
	ID         string      `yaml:"id" json:"id"`
	Name       string      `yaml:"name" json:"name" personal:"no"`
	Priority   int         `yaml:"priority" json:"priority"`
	Resources  []string    `yaml:"resources" json:"resources,omitempty"`
	Indicators []Indicator `yaml:"indicators" json:"indicators,omitempty"`
}

// Metric says how an indicator is computed from measurements.
type Metric string

// The metrics. Rates are fractions of the referrals sent.
const (
	MetricReferralsSent  Metric = "referrals_sent"
	MetricAcceptanceRate Metric = "acceptance_rate"
	MetricResolutionRate Metric = "resolution_rate"
	MetricAnswerDays     Metric = "answer_days"
	MetricManual         Metric = "manual"
)

// Direction says whether an indicator's target is a floor or a ceiling.
type Direction string

// The directions.
const (
	AtLeast Direction = "at_least"
	AtMost  Direction = "at_most"
)

// Indicator is a strategic-plan indicator with its performance target.
type Indicator struct {
	ID        string    `yaml:"id" json:"id"`
	Name      string    `yaml:"name" json:"name,omitempty" personal:"no"`
	Metric    Metric    `yaml:"metric" json:"metric"`
	Target    float64   `yaml:"target" json:"target"`
	Direction Direction `yaml:"direction" json:"direction,omitempty"`
}

// Met reports whether value meets the indicator's target.
func (i Indicator) Met(value float64) bool {
	return Target{Target: i.Target, Direction: i.Direction}.Met(value)
}

// Monitoring holds the thresholds of continuous monitoring.
type Monitoring struct {
	MaxDaysWithoutMeasurement int     `yaml:"max_days_without_measurement"`
	RatingMin                 int     `yaml:"rating_min"`
	RatingMax                 int     `yaml:"rating_max"`
	DisagreementSpread        float64 `yaml:"disagreement_spread"`
	MinRaters                 int     `yaml:"min_raters"`
}

// ReviewConfig says when the yearly review falls due (Due is "MM-DD") and
// how many days before an agreement ends the Encargado is told
// (ExpiryNoticeDays, default 60).
type ReviewConfig struct {
	Due              string `yaml:"due"`
	ExpiryNoticeDays int    `yaml:"expiry_notice_days"`
}

// SearchConfig holds the partner-search options.
type SearchConfig struct {
	ShortlistSize int `yaml:"shortlist_size"`
}

// LinksConfig holds the rules per kind of link: how far ahead the date by
// which a link not yet operational is activated or dropped may be set
// (DecideWithinDays, default 180).
type LinksConfig struct {
	DecideWithinDays int `yaml:"decide_within_days"`
}

// Target is a target with its direction: at_least (a floor) or at_most (a
// ceiling).
type Target struct {
	Target    float64   `yaml:"target" json:"target"`
	Direction Direction `yaml:"direction" json:"direction"`
}

// Met reports whether value meets the target.
func (t Target) Met(value float64) bool {
	if t.Direction == AtMost {
		return value <= t.Target
	}
	return value >= t.Target
}

// PurposeConfig holds the targets of the process's purpose (seed 001:
// "mejores y más eficientes derivaciones, así como flujos de información
// más expeditos"): the resolution rate of referrals (default at least
// 0.5), the business days to resolve one (default at most 20) and the
// business days from a request to the partner to its answer (default at
// most 5).
type PurposeConfig struct {
	ResolutionRate Target `yaml:"resolution_rate"`
	ResolveDays    Target `yaml:"resolve_days"`
	AnswerDays     Target `yaml:"answer_days"`
}

// LoadConfig reads, validates (schema, then cross-references) and decodes an
// alliance configuration file. Errors name the file and, where known, the
// line and column; nothing is returned on error.
func LoadConfig(path string, lang relaciona.Lang) (*Config, error) {
	return process.LoadConfig(path, lang, ParseConfig)
}

// ParseConfig is LoadConfig for data already read; file names it in errors.
func ParseConfig(file string, data []byte, lang relaciona.Lang) (*Config, error) {
	return process.ParseConfig(file, data, Kind, lang, func(cfg *Config, loc *schemas.Locator) (*Config, error) {
		cfg.Normalize()
		if err := loc.CheckTemplates(Kind, cfg.Notifications); err != nil {
			return nil, err
		}
		if err := cfg.Check(lang); err != nil {
			return nil, loc.Locate(err)
		}
		return cfg, nil
	})
}

// Normalize fills defaults: role names, monitoring thresholds, review due
// date, shortlist size, objective priority and indicator direction, and an
// alliance's resources from its organisation when left out.
func (c *Config) Normalize() {
	if c.Kind == "" {
		c.Kind = Kind
	}
	if c.Version == 0 {
		c.Version = schemas.Version
	}
	if c.Roles.Encargado == "" {
		c.Roles.Encargado = DefaultRoleEncargado
	}
	if c.Roles.Gestor == "" {
		c.Roles.Gestor = DefaultRoleGestor
	}
	if c.Roles.Team == "" {
		c.Roles.Team = DefaultRoleTeam
	}
	m := &c.Monitoring
	if m.MaxDaysWithoutMeasurement == 0 {
		m.MaxDaysWithoutMeasurement = 45
	}
	if m.RatingMin == 0 && m.RatingMax == 0 {
		m.RatingMin, m.RatingMax = 1, 5
	}
	if m.DisagreementSpread == 0 {
		m.DisagreementSpread = 2
	}
	if m.MinRaters == 0 {
		m.MinRaters = 2
	}
	if c.Review.Due == "" {
		c.Review.Due = "12-01"
	}
	if c.Review.ExpiryNoticeDays == 0 {
		c.Review.ExpiryNoticeDays = 60
	}
	if c.Links.DecideWithinDays == 0 {
		c.Links.DecideWithinDays = 180
	}
	p := &c.Purpose
	for _, t := range []struct {
		t   *Target
		def Target
	}{{&p.ResolutionRate, Target{0.5, AtLeast}}, {&p.ResolveDays, Target{20, AtMost}}, {&p.AnswerDays, Target{5, AtMost}}} {
		if t.t.Target == 0 && t.t.Direction == "" {
			*t.t = t.def
		}
		if t.t.Direction == "" {
			t.t.Direction = t.def.Direction
		}
	}
	if c.Search.ShortlistSize == 0 {
		c.Search.ShortlistSize = 3
	}
	for i := range c.Objectives {
		o := &c.Objectives[i]
		if o.Priority == 0 {
			o.Priority = 1
		}
		for j := range o.Indicators {
			in := &o.Indicators[j]
			if in.Direction == "" {
				in.Direction = AtLeast
				if in.Metric == MetricAnswerDays {
					in.Direction = AtMost
				}
			}
			if in.Name == "" {
				in.Name = in.ID
			}
		}
	}
	orgs := map[string]*Organisation{}
	for i := range c.Organisations {
		orgs[c.Organisations[i].ID] = &c.Organisations[i]
	}
	for i := range c.Alliances {
		a := &c.Alliances[i]
		if a.Status == "" {
			a.Status = StatusActive
		}
		if len(a.Resources) == 0 {
			if o := orgs[a.Organisation]; o != nil {
				a.Resources = slices.Clone(o.Resources)
			}
		}
	}
}

// Check validates the cross-references of a normalized Config: unique ids,
// known resources, objectives, offices and organisations, a sane rating
// scale and review date, alliance dates in order. The error is the first
// *relaciona.ValidationError found, with its field path.
func (c *Config) Check(lang relaciona.Lang) error {
	inv := func(field, es, en string, args ...any) error {
		return &relaciona.ValidationError{Field: field, Msg: lang.Tf(es, en, args...)}
	}
	dup := func(field, id string) error {
		return inv(field, "identificador %q repetido", "duplicate id %q", id)
	}
	offices := map[string]bool{}
	for i, o := range c.Offices {
		if offices[o.ID] {
			return dup(fmt.Sprintf("offices[%d].id", i), o.ID)
		}
		offices[o.ID] = true
	}
	if len(offices) == 0 {
		return inv("offices", "se necesita al menos una oficina", "at least one office is needed")
	}
	resources := map[string]bool{}
	for i, r := range c.Resources {
		if resources[r.ID] {
			return dup(fmt.Sprintf("resources[%d].id", i), r.ID)
		}
		resources[r.ID] = true
	}
	unknownResource := func(field, id string) error {
		return inv(field, "recurso desconocido %q: decláralo en resources", "unknown resource %q: declare it under resources", id)
	}
	objectives := map[string]bool{}
	indicators := map[string]bool{}
	for i, o := range c.Objectives {
		if objectives[o.ID] {
			return dup(fmt.Sprintf("objectives[%d].id", i), o.ID)
		}
		objectives[o.ID] = true
		for j, r := range o.Resources {
			if !resources[r] {
				return unknownResource(fmt.Sprintf("objectives[%d].resources[%d]", i, j), r)
			}
		}
		for j, in := range o.Indicators {
			f := fmt.Sprintf("objectives[%d].indicators[%d]", i, j)
			if indicators[in.ID] {
				return dup(f+".id", in.ID)
			}
			indicators[in.ID] = true
			if isRate(in.Metric) && in.Target > 1 {
				return inv(f+".target", "la meta de una tasa se escribe como fracción entre 0 y 1 (0.6 = 60 %%), no %v",
					"a rate target is a fraction between 0 and 1 (0.6 = 60%%), not %v", in.Target)
			}
		}
	}
	m := c.Monitoring
	if m.RatingMin >= m.RatingMax {
		return inv("monitoring.rating_max", "la nota máxima (%d) debe ser mayor que la mínima (%d)",
			"the highest rating (%d) must be above the lowest (%d)", m.RatingMax, m.RatingMin)
	}
	if c.Purpose.ResolutionRate.Target > 1 || c.Purpose.ResolutionRate.Target < 0 {
		return inv("purpose.resolution_rate.target", "la meta de una tasa se escribe como fracción entre 0 y 1 (0.6 = 60 %%), no %v",
			"a rate target is a fraction between 0 and 1 (0.6 = 60%%), not %v", c.Purpose.ResolutionRate.Target)
	}
	for _, t := range []struct {
		f string
		t Target
	}{{"resolution_rate", c.Purpose.ResolutionRate}, {"resolve_days", c.Purpose.ResolveDays}, {"answer_days", c.Purpose.AnswerDays}} {
		if t.t.Direction != AtLeast && t.t.Direction != AtMost {
			return inv("purpose."+t.f+".direction", "dirección desconocida %q: at_least o at_most", "unknown direction %q: at_least or at_most", t.t.Direction)
		}
		if t.t.Target < 0 {
			return inv("purpose."+t.f+".target", "la meta no puede ser negativa", "the target cannot be negative")
		}
	}
	if _, _, err := parseMonthDay(c.Review.Due); err != nil {
		return inv("review.due", "%q no es un día del año válido (MM-DD)", "%q is not a valid day of the year (MM-DD)", c.Review.Due)
	}
	orgs := map[string]*Organisation{}
	for i := range c.Organisations {
		o := &c.Organisations[i]
		if orgs[o.ID] != nil {
			return dup(fmt.Sprintf("organisations[%d].id", i), o.ID)
		}
		orgs[o.ID] = o
		for j, r := range o.Resources {
			if !resources[r] {
				return unknownResource(fmt.Sprintf("organisations[%d].resources[%d]", i, j), r)
			}
		}
	}
	alliances := map[string]bool{}
	for i, a := range c.Alliances {
		f := fmt.Sprintf("alliances[%d]", i)
		if alliances[a.ID] {
			return dup(f+".id", a.ID)
		}
		alliances[a.ID] = true
		if !offices[a.Office] {
			return inv(f+".office", "oficina desconocida %q: decláralo en offices", "unknown office %q: declare it under offices", a.Office)
		}
		if orgs[a.Organisation] == nil {
			return inv(f+".organisation", "socio desconocido %q: decláralo en organisations", "unknown partner %q: declare it under organisations", a.Organisation)
		}
		for j, o := range a.Objectives {
			if !objectives[o] {
				return inv(fmt.Sprintf("%s.objectives[%d]", f, j), "objetivo desconocido %q: decláralo en objectives", "unknown objective %q: declare it under objectives", o)
			}
		}
		for j, r := range a.Resources {
			if !resources[r] {
				return unknownResource(fmt.Sprintf("%s.resources[%d]", f, j), r)
			}
		}
		if !a.End.IsZero() && a.End.Before(a.Start) {
			return inv(f+".end", "el término (%s) es anterior al inicio (%s)", "the end (%s) is before the start (%s)", a.End, a.Start)
		}
		if !a.DecideBy.IsZero() && a.Kind != KindLink {
			return inv(f+".decide_by", "decide_by es la fecha para activar o terminar un vínculo no operativo (kind: link), no un %s", "decide_by is the date to activate or drop a link not yet operational (kind: link), not an %s", a.Kind)
		}
	}
	if err := c.checkPeople(inv); err != nil {
		return err
	}
	if err := relaciona.CheckTemplates(Kind, c.Notifications); err != nil {
		return err
	}
	return nil
}

// checkPeople checks the people list: unique ids, levels 0-7, roles of
// this process, managers listed and no one above themselves.
func (c *Config) checkPeople(inv func(field, es, en string, args ...any) error) error {
	roles := []string{c.Roles.Encargado, c.Roles.Gestor, c.Roles.Team}
	ids := map[string]int{}
	for i, p := range c.People {
		f := fmt.Sprintf("people[%d]", i)
		if p.ID == "" {
			return inv(f+".id", "la persona necesita un identificador", "the person needs an id")
		}
		if _, dup := ids[p.ID]; dup {
			return inv(f+".id", "identificador %q repetido", "duplicate id %q", p.ID)
		}
		ids[p.ID] = i
		if p.Level < 0 || p.Level > 7 {
			return inv(f+".level", "el nivel SFIA %d está fuera de 1 a 7", "SFIA level %d is outside 1 to 7", p.Level)
		}
		for j, r := range p.Roles {
			if !slices.Contains(roles, r) {
				return inv(fmt.Sprintf("%s.roles[%d]", f, j), "rol desconocido %q: use %s", "unknown role %q: use %s", r, strings.Join(roles, ", "))
			}
		}
	}
	for i, p := range c.People {
		if p.Manager == "" {
			continue
		}
		f := fmt.Sprintf("people[%d].manager", i)
		if _, ok := ids[p.Manager]; !ok {
			return inv(f, "el superior %q no figura en people", "manager %q is not listed under people", p.Manager)
		}
		seen := map[string]bool{p.ID: true}
		for m := p.Manager; m != ""; m = c.People[ids[m]].Manager {
			if seen[m] {
				return inv(f, "%q quedaría por encima de sí mismo a través de %q", "%q would stand above themselves through %q", p.ID, m)
			}
			seen[m] = true
		}
	}
	return nil
}

func isRate(m Metric) bool { return m == MetricAcceptanceRate || m == MetricResolutionRate }

// parseMonthDay parses "MM-DD" against a leap year, so 02-29 is accepted.
func parseMonthDay(s string) (int, int, error) {
	d, err := calendar.ParseDate("2024-" + s)
	if err != nil {
		return 0, 0, err
	}
	return int(d.Month), d.Day, nil
}

// ReviewDue returns the day the yearly review of year falls due (Feb 29
// becomes Feb 28 in other years).
func (c *Config) ReviewDue(year int) calendar.Date {
	m, d, err := parseMonthDay(c.Review.Due)
	if err != nil {
		m, d = 12, 1
	}
	day := calendar.Date{Year: year, Month: monthOf(m), Day: d}
	if _, err := calendar.ParseDate(day.String()); err != nil {
		day.Day--
	}
	return day
}

// Office returns the office with id.
func (c *Config) Office(id string) (Office, bool) {
	return process.ByID(c.Offices, id, func(o Office) string { return o.ID })
}

// Objective returns the objective with id.
func (c *Config) Objective(id string) (Objective, bool) {
	return process.ByID(c.Objectives, id, func(o Objective) string { return o.ID })
}

// Resource returns the resource with id.
func (c *Config) Resource(id string) (Resource, bool) {
	return process.ByID(c.Resources, id, func(r Resource) string { return r.ID })
}
