package satisfaction

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/schemas"
)

// Kind is the YAML kind of a satisfaction configuration file.
const Kind = "satisfaction"

// The process roles of seed 003 section 4, as the names an Actor carries in
// Actor.Roles and the YAML team assigns.

// RoleDirection is Dirección (seed 003 §4.1): the IOTI director and team.
const RoleDirection = "direction"

// RoleOwner is the process owner (seed 003 §4.2): the service quality manager.
const RoleOwner = "process_owner"

// RoleManager is the process manager (seed 003 §4.3): a service-desk technician.
const RoleManager = "process_manager"

// RoleExecutor is the process executor (seed 003 §4.4): a service-desk technician.
const RoleExecutor = "process_executor"

// Roles lists the process roles in order of authority.
func Roles() []string { return []string{RoleDirection, RoleOwner, RoleManager, RoleExecutor} }

// Config is a satisfaction configuration file (kind "satisfaction"): the
// area, its team and roles, divisions, services, clients, topics, the ticket
// field names, the survey scales, the interview scale and the scorecard
// (CMI) targets.
type Config struct {
	Kind        string        `yaml:"kind"`
	Version     int           `yaml:"version"`
	Area        string        `yaml:"area"`
	Team        []Member      `yaml:"team"`
	Divisions   []Division    `yaml:"divisions"`
	Services    []Service     `yaml:"services"`
	Clients     []Client      `yaml:"clients"`
	Topics      []Topic       `yaml:"topics"`
	Tickets     TicketFields  `yaml:"tickets"`
	Scales      Scales        `yaml:"scales"`
	Interviews  InterviewConf `yaml:"interviews"`
	CMI         CMIConf       `yaml:"cmi"`
	Analysis    AnalysisConf  `yaml:"analysis"`
	Commitments CommitConf    `yaml:"commitments"`
	// Surveys is the governance of the ticket system's satisfaction
	// surveys (see SurveyConf); nil when the file has no surveys section,
	// and then no invitation is sent and answers are taken as they come.
	Surveys *SurveyConf `yaml:"surveys"`
	// Governance sets the owner's and Dirección's duties: documents'
	// review interval, the information quality freshness, the Dirección
	// review period and the divisions a work meeting involves (see
	// GovernanceConf).
	Governance GovernanceConf `yaml:"governance"`
	// CSI weighs the customer satisfaction index (see CSIConf); without
	// the section every metric and question weighs the same.
	CSI CSIConf `yaml:"csi"`
	// Perspectives maps scorecard indicators to balanced-scorecard
	// perspectives (see DefaultPerspectives, which fills what it leaves
	// out).
	Perspectives map[string]string `yaml:"perspectives"`
	// Notifications override the text of the process's notifications:
	// kind -> language (es, en) -> subject and body (see Templates).
	Notifications relaciona.Templates `yaml:"notifications"`

	file string // the file the config came from, for messages
}

// Member is one person of the IOTI team and the process roles the YAML
// assigns to them. Name is personal data.
type Member struct {
	ID    string   `yaml:"id"`
	Name  string   `yaml:"name" personal:"true"`
	Roles []string `yaml:"roles"`
	// Email is where notifications reach the member (optional).
	Email string `yaml:"email,omitempty" personal:"true"`
	// Level is the SFIA responsibility level, 1-7 (optional).
	Level int `yaml:"level,omitempty"`
	// Manager is the id of the member directly above, to whom
	// escalations go (optional).
	Manager string `yaml:"manager,omitempty"`
}

// Division is one division of the area; work meetings involve them (seed
// 003 §6.6).
type Division struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
}

// Service is a service the area runs, with its service levels: the
// resolution time of a ticket and the availability target.
type Service struct {
	ID                 string  `yaml:"id"`
	Name               string  `yaml:"name"`
	Division           string  `yaml:"division"`
	ResolutionHours    float64 `yaml:"resolution_hours"`
	AvailabilityTarget float64 `yaml:"availability_target"`
}

// Client is an internal client (a business owner, seed 003 §2) and the
// services it uses. Contact and Requesters are personal data: Requesters are
// the ticket-system requester ids (e-mail, login) that belong to the client.
type Client struct {
	ID         string   `yaml:"id"`
	Name       string   `yaml:"name"`
	Contact    string   `yaml:"contact" personal:"true"`
	Services   []string `yaml:"services"`
	Requesters []string `yaml:"requesters" personal:"true"`
}

// Topic is a catalogue entry for needs and complaints, so that those common
// to several clients can be counted (seed 003 §3.2, §6.3).
type Topic struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
}

// TicketFields names the ticket custom fields that carry the client, the
// service and the ticket type, the type value of complaint tickets and the
// queue where complaint tickets are opened.
type TicketFields struct {
	ClientField   string `yaml:"client_field"`
	ServiceField  string `yaml:"service_field"`
	TypeField     string `yaml:"type_field"`
	ComplaintType string `yaml:"complaint_type"`
	Queue         string `yaml:"complaint_queue"`
}

// Scales are the survey scales: CSAT counts answers from SatisfiedFrom up
// as satisfied; NPS counts PromotersFrom up as promoters and DetractorsUpTo
// down as detractors; CES is a mean.
type Scales struct {
	CSAT Scale `yaml:"csat"`
	NPS  Scale `yaml:"nps"`
	CES  Scale `yaml:"ces"`
}

// Scale is an inclusive score range with the thresholds of its metric.
type Scale struct {
	Min            int  `yaml:"min"`
	Max            int  `yaml:"max"`
	SatisfiedFrom  int  `yaml:"satisfied_from"`
	PromotersFrom  int  `yaml:"promoters_from"`
	DetractorsUpTo int  `yaml:"detractors_up_to"`
	LowerIsBetter  bool `yaml:"lower_is_better"`
}

// Contains reports whether score is on the scale.
func (s Scale) Contains(score int) bool { return score >= s.Min && score <= s.Max }

// InterviewConf is the scale of the scored questions of the annual
// interview.
type InterviewConf struct {
	Scale Scale `yaml:"scale"`
}

// CMIConf holds the balanced-scorecard (CMI) targets, the number of months
// in trends and the "watermelon" alert.
type CMIConf struct {
	Targets     Targets        `yaml:"targets"`
	TrendMonths int            `yaml:"trend_months"`
	Watermelon  WatermelonConf `yaml:"watermelon"`
}

// Targets are the CMI targets. Fractions (CSAT, ResponseRate, ServiceLevel,
// Availability) are in 0-1; NPS in -100..100; CES and InterviewScore on
// their scales. A nil target is not set.
type Targets struct {
	CSAT           *float64 `yaml:"csat"`
	NPS            *float64 `yaml:"nps"`
	CES            *float64 `yaml:"ces"`
	ResponseRate   *float64 `yaml:"response_rate"`
	ServiceLevel   *float64 `yaml:"service_level"`
	Availability   *float64 `yaml:"availability"`
	InterviewScore *float64 `yaml:"interview_score"`
}

// WatermelonConf sets the "watermelon" alert: service levels met (green
// outside) while satisfaction falls (red inside). Metric is csat, nps or
// ces; MinDrop is the fall from the previous month that counts (in the
// metric's unit: a fraction for CSAT, points for NPS and CES).
type WatermelonConf struct {
	Metric  string  `yaml:"metric"`
	MinDrop float64 `yaml:"min_drop"`
}

// AnalysisConf sets how many distinct clients make a need or complaint
// "common to several clients" (seed 003 §3.2).
type AnalysisConf struct {
	CommonThreshold int `yaml:"common_threshold"`
}

// CommitConf sets the default term of a commitment in business days.
type CommitConf struct {
	DefaultTermDays int `yaml:"default_term_days"`
	// DueSoonDays is how many business days before its due date the owner
	// of an open commitment is reminded (default 3).
	DueSoonDays int `yaml:"due_soon_days"`
}

// LoadConfig reads, validates (JSON Schema, then cross-references) and
// returns the satisfaction configuration at path. Every problem is reported
// with file:line:col in lang.
func LoadConfig(path string, lang relaciona.Lang) (*Config, error) {
	return process.LoadConfig(path, lang, ParseConfig)
}

// ParseConfig is LoadConfig on data already read; file names it in
// messages.
func ParseConfig(file string, data []byte, lang relaciona.Lang) (*Config, error) {
	return process.ParseConfig(file, data, Kind, lang, func(c *Config, loc *schemas.Locator) (*Config, error) {
		c.file = file
		return c.prepare(loc, lang)
	})
}

// NewConfig returns a checked copy of a Config built in Go (tests, the
// demo): defaults filled, cross-references checked. Errors carry the field
// path but no position.
func NewConfig(c Config, lang relaciona.Lang) (*Config, error) {
	c.Kind, c.Version = Kind, 1
	return c.prepare(nil, lang)
}

// prepare fills the defaults and checks the cross-references, each problem
// placed by loc (nil for a Config built in Go).
func (c *Config) prepare(loc *schemas.Locator, lang relaciona.Lang) (*Config, error) {
	c.defaults()
	if probs := c.check(loc, lang); len(probs) > 0 {
		return nil, &schemas.Error{Problems: probs}
	}
	return c, nil
}

// defaults fills what the YAML may leave out.
func (c *Config) defaults() {
	t := &c.Tickets
	t.ClientField = cmp.Or(t.ClientField, "client")
	t.ServiceField = cmp.Or(t.ServiceField, "service")
	t.TypeField = cmp.Or(t.TypeField, "type")
	t.ComplaintType = cmp.Or(t.ComplaintType, "complaint")
	t.Queue = cmp.Or(t.Queue, "complaints")
	if c.Scales.CSAT == (Scale{}) {
		c.Scales.CSAT = Scale{Min: 1, Max: 5, SatisfiedFrom: 4}
	}
	if c.Scales.NPS == (Scale{}) {
		c.Scales.NPS = Scale{Min: 0, Max: 10, PromotersFrom: 9, DetractorsUpTo: 6}
	}
	if c.Scales.CES == (Scale{}) {
		c.Scales.CES = Scale{Min: 1, Max: 7}
	}
	if c.Interviews.Scale == (Scale{}) {
		c.Interviews.Scale = Scale{Min: 1, Max: 5}
	}
	if c.CMI.TrendMonths == 0 {
		c.CMI.TrendMonths = 6
	}
	if c.CMI.Watermelon.Metric == "" {
		c.CMI.Watermelon.Metric = "csat"
	}
	if c.Analysis.CommonThreshold == 0 {
		c.Analysis.CommonThreshold = 2
	}
	if c.Commitments.DefaultTermDays == 0 {
		c.Commitments.DefaultTermDays = 10
	}
	if c.Commitments.DueSoonDays == 0 {
		c.Commitments.DueSoonDays = 3
	}
	c.Surveys.defaults()
	c.Governance.defaults()
}

// checker collects cross-reference problems with positions: the
// checker every process package shares.
type checker = process.Checker

// check validates what a JSON Schema cannot: unique ids, references to
// team members, divisions, services and clients, scale thresholds, and
// that every role has someone.
func (c *Config) check(loc *schemas.Locator, lang relaciona.Lang) []*relaciona.ValidationError {
	k := &checker{Loc: loc, Lang: lang}
	team := k.UniqueIDs("team", len(c.Team), func(i int) string { return c.Team[i].ID })
	for i, m := range c.Team {
		k.Manager("team", i, m.ID, m.Manager, team, [2]string{"%q no está en el equipo", "%q is not on the team"}, c.managerOf)
	}
	divs := k.UniqueIDs("divisions", len(c.Divisions), func(i int) string { return c.Divisions[i].ID })
	svcs := k.UniqueIDs("services", len(c.Services), func(i int) string { return c.Services[i].ID })
	k.UniqueIDs("clients", len(c.Clients), func(i int) string { return c.Clients[i].ID })
	k.UniqueIDs("topics", len(c.Topics), func(i int) string { return c.Topics[i].ID })

	held := map[string]bool{}
	for i, m := range c.Team {
		k.Roles("team", i, m.Roles, Roles())
		for _, r := range m.Roles {
			held[r] = true
		}
	}
	for _, r := range Roles() {
		if !held[r] && len(c.Team) > 0 {
			k.Add([]any{"team"}, "nadie tiene el rol %s: cada actividad del proceso necesita su rol", "nobody holds the role %s: every activity of the process needs its role", r)
		}
	}
	for i, s := range c.Services {
		if s.Division != "" && !divs[s.Division] {
			k.Add([]any{"services", i, "division"}, "la división %q no está en divisions", "division %q is not in divisions", s.Division)
		}
		if s.AvailabilityTarget < 0 || s.AvailabilityTarget > 1 {
			k.Add([]any{"services", i, "availability_target"}, "la meta de disponibilidad debe estar entre 0 y 1", "the availability target must be between 0 and 1")
		}
	}
	requesters := map[string]string{}
	for i, cl := range c.Clients {
		for j, s := range cl.Services {
			if !svcs[s] {
				k.Add([]any{"clients", i, "services", j}, "el servicio %q no está en services", "service %q is not in services", s)
			}
		}
		for j, r := range cl.Requesters {
			if other, dup := requesters[r]; dup && other != cl.ID {
				// Never echo the requester: it is personal data.
				k.Add([]any{"clients", i, "requesters", j}, "este solicitante ya pertenece al cliente %q", "this requester already belongs to client %q", other)
			}
			requesters[r] = cl.ID
		}
	}
	c.checkScale(k, []any{"scales", "csat"}, c.Scales.CSAT, "csat")
	c.checkScale(k, []any{"scales", "nps"}, c.Scales.NPS, "nps")
	c.checkScale(k, []any{"scales", "ces"}, c.Scales.CES, "ces")
	c.checkScale(k, []any{"interviews", "scale"}, c.Interviews.Scale, "")
	t := c.CMI.Targets
	frac := func(name string, v *float64) {
		if v != nil && (*v < 0 || *v > 1) {
			k.Add([]any{"cmi", "targets", name}, "la meta es una fracción entre 0 y 1 (0.85 = 85 %%)", "the target is a fraction between 0 and 1 (0.85 = 85%%)")
		}
	}
	frac("csat", t.CSAT)
	frac("response_rate", t.ResponseRate)
	frac("service_level", t.ServiceLevel)
	frac("availability", t.Availability)
	if t.NPS != nil && (*t.NPS < -100 || *t.NPS > 100) {
		k.Add([]any{"cmi", "targets", "nps"}, "la meta de NPS debe estar entre -100 y 100", "the NPS target must be between -100 and 100")
	}
	if t.CES != nil && !inRange(*t.CES, c.Scales.CES) {
		k.Add([]any{"cmi", "targets", "ces"}, "la meta de CES debe estar en la escala %d-%d", "the CES target must be on the scale %d-%d", c.Scales.CES.Min, c.Scales.CES.Max)
	}
	if t.InterviewScore != nil && !inRange(*t.InterviewScore, c.Interviews.Scale) {
		k.Add([]any{"cmi", "targets", "interview_score"}, "la meta debe estar en la escala de la entrevista %d-%d", "the target must be on the interview scale %d-%d", c.Interviews.Scale.Min, c.Interviews.Scale.Max)
	}
	switch c.CMI.Watermelon.Metric {
	case "csat", "nps", "ces":
	default:
		k.Add([]any{"cmi", "watermelon", "metric"}, "métrica desconocida %q (csat, nps o ces)", "unknown metric %q (csat, nps or ces)", c.CMI.Watermelon.Metric)
	}
	c.Surveys.check(k, c.Scales)
	c.Governance.check(k, divs)
	c.CSI.check(k)
	c.checkPerspectives(k)
	k.Probs = append(k.Probs, k.Loc.TemplateProblems(Kind, c.Notifications)...)
	return k.Probs
}

func inRange(v float64, s Scale) bool { return v >= float64(s.Min) && v <= float64(s.Max) }

func (c *Config) checkScale(k *checker, path []any, s Scale, metric string) {
	at := func(f string) []any { return append(slices.Clone(path), f) }
	if s.Max <= s.Min {
		k.Add(at("max"), "el máximo (%d) debe ser mayor que el mínimo (%d)", "the maximum (%d) must be greater than the minimum (%d)", s.Max, s.Min)
		return
	}
	if s.Max-s.Min > maxScaleWidth {
		k.Add(at("max"), "la escala %d-%d es demasiado ancha (a lo sumo %d puntos)", "the scale %d-%d is too wide (at most %d points)", s.Min, s.Max, maxScaleWidth)
		return
	}
	switch metric {
	case "csat":
		if !s.Contains(s.SatisfiedFrom) {
			k.Add(at("satisfied_from"), "el umbral %d está fuera de la escala %d-%d", "threshold %d is outside the scale %d-%d", s.SatisfiedFrom, s.Min, s.Max)
		}
	case "nps":
		if !s.Contains(s.PromotersFrom) || !s.Contains(s.DetractorsUpTo) || s.DetractorsUpTo >= s.PromotersFrom {
			k.Add(at("promoters_from"), "los umbrales deben estar en la escala %d-%d, con detractores por debajo de promotores", "thresholds must be on the scale %d-%d, detractors below promoters", s.Min, s.Max)
		}
	}
}

// maxScaleWidth bounds a scale to 11 points (0-10), the widest the standard
// metrics use.
const maxScaleWidth = 10

// member returns the team member with id.
func (c *Config) member(id string) (Member, bool) {
	for _, m := range c.Team {
		if m.ID == id {
			return m, true
		}
	}
	return Member{}, false
}

// Actor returns the relaciona.Actor of team member id with the roles the
// YAML assigns; ok is false for an unknown id.
func (c *Config) Actor(id string) (relaciona.Actor, bool) {
	m, ok := c.member(id)
	if !ok {
		return relaciona.Actor{}, false
	}
	return relaciona.Actor{ID: m.ID, Name: m.Name, Roles: slices.Clone(m.Roles)}, true
}

// Roster returns the file's team as a directory: each member with their
// name, e-mail, level, manager and the roles the file gives them in this
// process. It is the
// directory a Process uses when WithDirectory gives none; a file without a
// team gives an empty one.
func (c *Config) Roster() (*relaciona.Directory, error) {
	people := make([]relaciona.Person, 0, len(c.Team))
	for _, m := range c.Team {
		people = append(people, relaciona.Person{ID: m.ID, Name: m.Name, Email: m.Email, Level: m.Level, Manager: m.Manager, Roles: process.RolesIn(Kind, m.Roles)})
	}
	d, err := relaciona.NewRoster(people...)
	if err != nil {
		return nil, fmt.Errorf("satisfaction: the team as a roster: %w", err)
	}
	return d, nil
}

// managerOf returns the manager of team member id, "" when none.
func (c *Config) managerOf(id string) string {
	if m, ok := c.member(id); ok {
		return m.Manager
	}
	return ""
}

// Client returns the client with id.
func (c *Config) Client(id string) (Client, bool) {
	for _, cl := range c.Clients {
		if cl.ID == id {
			return cl, true
		}
	}
	return Client{}, false
}

// Service returns the service with id.
func (c *Config) Service(id string) (Service, bool) {
	for _, s := range c.Services {
		if s.ID == id {
			return s, true
		}
	}
	return Service{}, false
}

func (c *Config) hasTopic(id string) bool {
	return slices.ContainsFunc(c.Topics, func(t Topic) bool { return t.ID == id })
}

func (c *Config) hasDivision(id string) bool {
	return slices.ContainsFunc(c.Divisions, func(d Division) bool { return d.ID == id })
}
