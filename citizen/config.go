package citizen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/schemas"
)

// Kind is the YAML kind of a citizen configuration file.
const Kind = "citizen"

// The process roles, as the names an Actor carries in Actor.Roles.

// RoleService is the citizen-service staff (atención a la ciudadanía):
// files, forwards, extends, answers and closes PQRSD.
const RoleService = "citizen_service"

// RoleLead leads the relationship with citizens (seed 002, activity 1:
// "Conformar un grupo de trabajo, establecer la dependencia
// responsable"): characterisation, strategy drafts, offer analysis,
// spaces, indicators and measurements.
const RoleLead = "relationship_lead"

// RoleDirection is the agency's direction: adopts a strategy version,
// approves the offer adjustment proposal and publishes the
// characterisation.
const RoleDirection = "direction"

// RoleSystem is the scheduled job and integrations (relaciona run, the
// Open311 intake): it may run the periodic job and file PQRSD.
const RoleSystem = "system"

// Roles lists the process roles.
func Roles() []string { return []string{RoleService, RoleLead, RoleDirection, RoleSystem} }

// Variable categories (seed 002, activity 1; DOMAIN.md "citizen"): people
// are described by geographic, demographic, intrinsic and behavioural
// variables; organisations by geographic, type and behavioural ones.
const (
	CategoryGeographic  = "geographic"
	CategoryDemographic = "demographic"
	CategoryIntrinsic   = "intrinsic"
	CategoryBehavioural = "behavioural"
	CategoryOrgType     = "organisation_type"
)

// Subjects a variable describes.
const (
	SubjectPerson       = "person"
	SubjectOrganisation = "organisation"
)

// Variable value types.
const (
	VarCategory = "category"
	VarNumber   = "number"
	VarBoolean  = "boolean"
)

// Offer item kinds (seed 002, activity 2: "Trámites, otros procedimientos y
// consultas de acceso a la información").
const (
	OfferProcedure   = "procedure"
	OfferOther       = "other_procedure"
	OfferInformation = "information_request"
)

// Config is a citizen configuration file (kind "citizen", schema
// schemas/citizen.json): the entity, its dependencies and channels, the
// characterisation variables and segments, the institutional offer, the
// PQRSD terms, the indicators, the initial interaction strategy and the
// Open311 settings. Build it with LoadConfig, ParseConfig or NewConfig.
type Config struct {
	Kind             string          `yaml:"kind"`
	Version          int             `yaml:"version"`
	Entity           string          `yaml:"entity"`
	Team             []Member        `yaml:"team"`
	People           []Person        `yaml:"people"`
	Dependencies     []Dependency    `yaml:"dependencies"`
	Channels         []Channel       `yaml:"channels"`
	Variables        []Variable      `yaml:"variables"`
	Segments         []Segment       `yaml:"segments"`
	Characterisation CharacterisConf `yaml:"characterisation"`
	Objectives       []Objective     `yaml:"objectives"`
	Offer            []OfferItem     `yaml:"offer"`
	Analysis         AnalysisConf    `yaml:"analysis"`
	PQRSD            PQRSDConf       `yaml:"pqrsd"`
	Indicators       []IndicatorSpec `yaml:"indicators"`
	Strategy         StrategySpec    `yaml:"strategy"`
	Open311          Open311Conf     `yaml:"open311"`
	// PlainLanguage is the readability check of published texts.
	PlainLanguage PlainLanguageConf `yaml:"plain_language"`
	// Notifications override the text of the process's notifications:
	// kind -> language (es, en) -> subject and body (see Templates).
	Notifications    relaciona.Templates `yaml:"notifications"`
	file             string              // the file the config came from, for messages
	vars             map[string]*Variable
	segs             map[string]*Segment
	chans            map[string]*Channel
	items            map[string]*OfferItem
	inds             map[string]*IndicatorSpec
	deps             map[string]*Dependency
	objs             map[string]*Objective
	segmentOrderByID map[string]int
}

// Member is a person of the relationship team and the roles the YAML
// gives them. Name is personal data.
type Member struct {
	ID    string   `yaml:"id"`
	Name  string   `yaml:"name" personal:"true"`
	Roles []string `yaml:"roles"`
}

// Person is one person of the process as a standalone file lists them
// (the people key), used as the process's directory when the deployment
// gives none (see Config.Roster): the person's id (the actor's), name,
// e-mail, SFIA level, the roles of this process they hold and the id of
// the person directly above them. Name and Email are personal data.
type Person struct {
	ID      string   `yaml:"id"`
	Name    string   `yaml:"name,omitempty" personal:"true"`
	Email   string   `yaml:"email,omitempty" personal:"true"`
	Level   int      `yaml:"level,omitempty"`
	Roles   []string `yaml:"roles"`
	Manager string   `yaml:"manager,omitempty"`
}

// Dependency is a unit of the entity (dependencia): it owns offer items and
// takes part in socialising the strategy and in feedback spaces.
type Dependency struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
}

// Channel is a service channel (canal de atención).
type Channel struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Type is in_person, phone, web, email, chat, mail, social, ticket or
	// open311.
	Type string `yaml:"type"`
	// Accessibility lists the accessibility features the channel offers
	// (see AccessFeatures).
	Accessibility []string `yaml:"accessibility"`
}

// Variable is a characterisation variable.
type Variable struct {
	ID       string `yaml:"id"`
	Name     string `yaml:"name"`
	Category string `yaml:"category"`
	// AppliesTo lists person and/or organisation.
	AppliesTo []string `yaml:"applies_to"`
	// Type is category, number or boolean.
	Type string `yaml:"type"`
	// Values are the allowed values of a category variable.
	Values []string `yaml:"values"`
	// Bins are the ascending edges used to publish a number variable:
	// [18, 60] publishes "< 18", "18–59" and "≥ 60".
	Bins []float64 `yaml:"bins"`
}

// Segment is a group of citizens defined by a rule over the variables,
// with the needs, interests, expectations and preferences the
// characterisation found for it (seed 002, activity 1: "Analizar y
// consolidar las características, necesidades, los intereses, las
// expectativas y las preferencias ... clasificarlas y agruparlas en
// segmentos").
//
// Segments are evaluated in file order and a citizen belongs to the first
// whose rule matches: the segments partition the population (with an
// "unsegmented" rest), so published counts add up and the small-group
// protection of the characterisation is sound.
type Segment struct {
	ID                string   `yaml:"id"`
	Name              string   `yaml:"name"`
	Rule              Rule     `yaml:"rule"`
	Needs             []string `yaml:"needs"`
	Interests         []string `yaml:"interests"`
	Expectations      []string `yaml:"expectations"`
	Preferences       []string `yaml:"preferences"`
	PreferredChannels []string `yaml:"preferred_channels"`
	// AccessNeeds lists the accessibility features the segment's people
	// need from a channel (see AccessFeatures).
	AccessNeeds []string `yaml:"access_needs"`
}

// CharacterisConf is the characterisation exercise: its objectives, the
// responsible dependency, the minimum group size k of anything published,
// and the variables published.
type CharacterisConf struct {
	// K is the smallest group published (default 5): smaller groups are
	// merged or suppressed, never shown.
	K           int      `yaml:"k"`
	Objectives  []string `yaml:"objectives"`
	Responsible string   `yaml:"responsible"`
	// Publish lists the variables whose distribution is published; empty
	// means every variable.
	Publish []string `yaml:"publish"`
}

// Objective is an objective of the institutional planning, against which
// the alignment of the offer is judged (seed 002, activity 4: "Analizar la
// alineación de la oferta institucional ... con la dirección y planeación
// institucional").
type Objective struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
}

// OfferItem is one item of the institutional offer.
type OfferItem struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Kind is procedure (trámite), other_procedure or information_request.
	Kind        string `yaml:"kind"`
	Description string `yaml:"description"`
	// SUIT is the code of the procedure in SUIT, when it has one.
	SUIT       string   `yaml:"suit"`
	Dependency string   `yaml:"dependency"`
	Channels   []string `yaml:"channels"`
	Segments   []string `yaml:"segments"`
	LegalBasis string   `yaml:"legal_basis"`
	Objectives []string `yaml:"objectives"`
	// RequestKind is the PQRSD request kind of a request about this item
	// (general, documents, consultation); the default is documents for an
	// information request and general otherwise.
	RequestKind string `yaml:"request_kind"`
	// Group is the Open311 service group (default: the dependency).
	Group string `yaml:"group"`
}

// AnalysisConf holds the thresholds of the offer analysis.
type AnalysisConf struct {
	// LowScore: a relevance, quality or alignment score (1-5) below it is
	// flagged (default 3).
	LowScore int `yaml:"low_score"`
	// MinCoverage: a channel coverage below this fraction is flagged
	// (default 0.6).
	MinCoverage float64 `yaml:"min_coverage"`
	// ComplaintThreshold: this many quejas and reclamos about an item in
	// the analysed period make it a candidate for improvement (default 5).
	ComplaintThreshold int `yaml:"complaint_threshold"`
}

// PQRSDConf holds the PQRSD terms and the ticket-system mapping.
type PQRSDConf struct {
	// Terms are the legal terms in business days per request kind (Ley
	// 1755 de 2015, art. 14): general 15, documents 10, consultation 30.
	Terms Terms `yaml:"terms"`
	// TypeTerms sets the term of a queja, reclamo, sugerencia or denuncia,
	// which otherwise takes the general term (Ley 1755 de 2015, art. 13:
	// they are forms of the right of petition; art. 14: "toda petición"
	// within 15 days). A petición takes its kind's term from Terms.
	TypeTerms map[string]int `yaml:"type_terms"`
	// AuthorityTerms are the terms of a petition another public authority
	// files (art. 30).
	AuthorityTerms AuthorityTerms `yaml:"authority_terms"`
	// Priority configures priority attention (art. 20).
	Priority PriorityConf `yaml:"priority"`
	// Incomplete configures incomplete petitions (art. 17).
	Incomplete IncompleteConf `yaml:"incomplete"`
	// DueSoonDays: an open PQRSD due within this many business days is
	// "due soon" (default 3).
	DueSoonDays int         `yaml:"due_soon_days"`
	Tickets     TicketsConf `yaml:"tickets"`
}

// Terms are business-day terms per request kind.
type Terms struct {
	General      int `yaml:"general"`
	Documents    int `yaml:"documents"`
	Consultation int `yaml:"consultation"`
}

// AuthorityTerms are the business-day terms of a petition filed by another
// public authority (Ley 1755 de 2015, art. 30): "cuando una autoridad
// formule una petición de información o de documentos a otra, esta deberá
// resolverla en un término no mayor de diez (10) días"; in every other case
// the terms of art. 14 apply.
type AuthorityTerms struct {
	// Documents is the term of an authority's petition of information or
	// documents (default 10).
	Documents int `yaml:"documents"`
}

// PriorityConf configures priority attention (Ley 1755 de 2015, art. 20).
// The article orders priority handling, not a shorter term; an agency that
// sets itself one gives it here.
type PriorityConf struct {
	// TermDays, when set, caps the term of a priority PQRSD at this many
	// business days; 0 (the default) keeps the ordinary term.
	TermDays int `yaml:"term_days"`
}

// The ways the term of an incomplete petition runs again once the
// petitioner completes it (Ley 1755 de 2015, art. 17: "se reactivará el
// término para resolver la petición").
const (
	// AfterCompletionResume: the term runs on from where the request to
	// complete stopped it; the days already run count (the default: a term
	// is "reactivated", not started again).
	AfterCompletionResume = "resume"
	// AfterCompletionRestart: the whole term counts again from the day
	// after the petitioner completes it.
	AfterCompletionRestart = "restart"
)

// IncompleteConf configures incomplete petitions (Ley 1755 de 2015, art.
// 17).
type IncompleteConf struct {
	// AfterCompletion is resume (default) or restart: see
	// AfterCompletionResume.
	AfterCompletion string `yaml:"after_completion"`
}

// TicketsConf says how a ticket of the ticket system becomes a PQRSD: the
// custom fields holding the PQRSD type, the request kind and the offer item,
// and the channel recorded.
type TicketsConf struct {
	Queue       string `yaml:"queue"`
	TypeField   string `yaml:"type_field"`
	KindField   string `yaml:"kind_field"`
	OfferField  string `yaml:"offer_field"`
	Channel     string `yaml:"channel"`
	DefaultType string `yaml:"default_type"`
}

// IndicatorSpec is a follow-up indicator (seed 002, activity 5: "Definir la
// línea base de seguimiento de la gestión institucional y de la experiencia
// ciudadana").
type IndicatorSpec struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Kind is management or experience.
	Kind string `yaml:"kind"`
	// Unit is percent (a fraction 0-1), count, days or score.
	Unit string `yaml:"unit"`
	// Better is higher or lower.
	Better string   `yaml:"better"`
	Target *float64 `yaml:"target"`
	// Offer lists the offer items the indicator feeds back into.
	Offer []string `yaml:"offer"`
	// Source is manual (measurements are recorded) or a computed source:
	// pqrsd_on_time (share answered on time) or pqrsd_avg_days (average
	// business days to answer).
	Source string `yaml:"source"`
}

// StrategySpec is the initial interaction strategy, imported as version 1.
type StrategySpec struct {
	Entries []StrategyEntry `yaml:"entries"`
	// RequiredInputs are the input kinds (InputKinds) a version's cited
	// inputs must cover before it is adopted (seed 002, activity 2);
	// unset (or empty) means DefaultRequiredInputs: the seed asks the
	// strategy to rest on the information gathered, so at least one kind
	// is always required.
	RequiredInputs []string `yaml:"required_inputs,omitempty"`
}

// Open311Conf holds the Open311 GeoReport v2 settings.
type Open311Conf struct {
	JurisdictionID string `yaml:"jurisdiction_id"`
	PageSize       int    `yaml:"page_size"`
	MaxPageSize    int    `yaml:"max_page_size"`
	Channel        string `yaml:"channel"`
}

// LoadConfig reads, validates (JSON Schema, then cross-references) and
// returns the citizen configuration at path. Every problem is reported with
// file:line:col in lang.
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

func (c *Config) prepare(loc *schemas.Locator, lang relaciona.Lang) (*Config, error) {
	c.defaults()
	if probs := c.check(loc, lang); len(probs) > 0 {
		return nil, &schemas.Error{Problems: probs}
	}
	c.index()
	return c, nil
}

// Default legal terms (Ley 1755 de 2015, art. 14) and other defaults.
const (
	DefaultTermGeneral      = 15
	DefaultTermDocuments    = 10
	DefaultTermConsultation = 30
	// DefaultTermAuthorityDocuments is the term of a petition of
	// information or documents between authorities (art. 30).
	DefaultTermAuthorityDocuments = 10
	DefaultK                      = 5
)

func (c *Config) defaults() {
	t := &c.PQRSD.Terms
	setDefault(&t.General, DefaultTermGeneral)
	setDefault(&t.Documents, DefaultTermDocuments)
	setDefault(&t.Consultation, DefaultTermConsultation)
	setDefault(&c.PQRSD.AuthorityTerms.Documents, DefaultTermAuthorityDocuments)
	c.PQRSD.Incomplete.AfterCompletion = or(c.PQRSD.Incomplete.AfterCompletion, AfterCompletionResume)
	setDefault(&c.PQRSD.DueSoonDays, 3)
	tk := &c.PQRSD.Tickets
	tk.Queue = or(tk.Queue, "pqrsd")
	tk.TypeField = or(tk.TypeField, "pqrsd_type")
	tk.KindField = or(tk.KindField, "request_kind")
	tk.OfferField = or(tk.OfferField, "offer_item")
	tk.DefaultType = or(tk.DefaultType, string(Peticion))
	setDefault(&c.Characterisation.K, DefaultK)
	setDefault(&c.Analysis.LowScore, 3)
	setDefault(&c.Analysis.MinCoverage, 0.6)
	setDefault(&c.Analysis.ComplaintThreshold, 5)
	setDefault(&c.PlainLanguage.MinScore, DefaultMinReadability)
	setDefault(&c.Open311.PageSize, 50)
	setDefault(&c.Open311.MaxPageSize, 200)
	for i := range c.Offer {
		o := &c.Offer[i]
		if o.RequestKind == "" {
			o.RequestKind = string(KindGeneral)
			if o.Kind == OfferInformation {
				o.RequestKind = string(KindDocuments)
			}
		}
		if o.Group == "" {
			o.Group = o.Dependency
		}
	}
	for i := range c.Indicators {
		in := &c.Indicators[i]
		in.Source = or(in.Source, "manual")
		in.Better = or(in.Better, "higher")
	}
}

// setDefault sets *v to def when it is the zero value (the file left it
// out).
func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func (c *Config) index() {
	c.vars = indexByID(c.Variables, func(v *Variable) string { return v.ID })
	c.segs = indexByID(c.Segments, func(s *Segment) string { return s.ID })
	c.segmentOrderByID = map[string]int{}
	for i := range c.Segments {
		c.segmentOrderByID[c.Segments[i].ID] = i
	}
	c.chans = indexByID(c.Channels, func(ch *Channel) string { return ch.ID })
	c.items = indexByID(c.Offer, func(o *OfferItem) string { return o.ID })
	c.inds = indexByID(c.Indicators, func(in *IndicatorSpec) string { return in.ID })
	c.deps = indexByID(c.Dependencies, func(d *Dependency) string { return d.ID })
	c.objs = indexByID(c.Objectives, func(o *Objective) string { return o.ID })
}

// indexByID indexes the elements of list (pointers into it) by their id.
func indexByID[T any](list []T, id func(*T) string) map[string]*T {
	out := make(map[string]*T, len(list))
	for i := range list {
		out[id(&list[i])] = &list[i]
	}
	return out
}

// Variable returns the variable with id.
func (c *Config) Variable(id string) (*Variable, bool) { v, ok := c.vars[id]; return v, ok }

// OfferItemByID returns the offer item with id.
func (c *Config) OfferItemByID(id string) (*OfferItem, bool) { v, ok := c.items[id]; return v, ok }

// ChannelByID returns the channel with id.
func (c *Config) ChannelByID(id string) (*Channel, bool) { v, ok := c.chans[id]; return v, ok }

// SegmentByID returns the segment with id.
func (c *Config) SegmentByID(id string) (*Segment, bool) { v, ok := c.segs[id]; return v, ok }

// DependencyByID returns the dependency with id.
func (c *Config) DependencyByID(id string) (*Dependency, bool) { v, ok := c.deps[id]; return v, ok }

// Actor returns the person with id (of people or team) as an Actor with
// the name, roles and level the file gives; ok is false for an unknown id.
func (c *Config) Actor(id string) (relaciona.Actor, bool) {
	for _, p := range c.People {
		if p.ID == id {
			return relaciona.Actor{ID: p.ID, Name: p.Name, Level: p.Level, Roles: slices.Clone(p.Roles)}, true
		}
	}
	for _, m := range c.Team {
		if m.ID == id {
			return relaciona.Actor{ID: m.ID, Name: m.Name, Roles: slices.Clone(m.Roles)}, true
		}
	}
	return relaciona.Actor{}, false
}

// Roster returns the file's people (and the older team list) as a
// directory, each with the roles the file gives them in this process. It
// is the directory a Process uses when WithDirectory gives none; a file
// with neither list gives an empty one, in which every person is refused.
func (c *Config) Roster() (*relaciona.Directory, error) {
	var people []relaciona.Person
	for _, p := range c.People {
		people = append(people, relaciona.Person{ID: p.ID, Name: p.Name, Email: p.Email, Level: p.Level, Manager: p.Manager, Roles: process.RolesIn(Kind, p.Roles)})
	}
	for _, m := range c.Team {
		people = append(people, relaciona.Person{ID: m.ID, Name: m.Name, Roles: process.RolesIn(Kind, m.Roles)})
	}
	d, err := relaciona.NewRoster(people...)
	if err != nil {
		return nil, fmt.Errorf("citizen: the people as a roster: %w", err)
	}
	return d, nil
}

// checker collects cross-reference problems with positions: the
// checker every process package shares.
type checker = process.Checker

// check validates what the JSON Schema cannot: unique ids, references
// between sections, segment rules naming known variables with values of
// the right type, and term limits.
func (c *Config) check(loc *schemas.Locator, lang relaciona.Lang) []*relaciona.ValidationError {
	k := &checker{Loc: loc, Lang: lang}
	k.UniqueIDs("team", len(c.Team), func(i int) string { return c.Team[i].ID })
	people := k.UniqueIDs("people", len(c.People), func(i int) string { return c.People[i].ID })
	deps := k.UniqueIDs("dependencies", len(c.Dependencies), func(i int) string { return c.Dependencies[i].ID })
	chans := k.UniqueIDs("channels", len(c.Channels), func(i int) string { return c.Channels[i].ID })
	vars := k.UniqueIDs("variables", len(c.Variables), func(i int) string { return c.Variables[i].ID })
	segs := k.UniqueIDs("segments", len(c.Segments), func(i int) string { return c.Segments[i].ID })
	objs := k.UniqueIDs("objectives", len(c.Objectives), func(i int) string { return c.Objectives[i].ID })
	items := k.UniqueIDs("offer", len(c.Offer), func(i int) string { return c.Offer[i].ID })
	inds := k.UniqueIDs("indicators", len(c.Indicators), func(i int) string { return c.Indicators[i].ID })

	for i, m := range c.Team {
		k.Roles("team", i, m.Roles, Roles())
	}
	ref := func(path []any, set map[string]bool, id, what string) {
		if id != "" && !set[id] {
			k.Add(path, "%q no está en %s", "%q is not in %s", id, what)
		}
	}
	// refs checks each id of a list at path (ids[j] at path+j) is in set.
	refs := func(path []any, set map[string]bool, ids []string, what string) {
		for j, id := range ids {
			ref(append(slices.Clone(path), j), set, id, what)
		}
	}
	// term checks a term of at most 90 business days and at least 1.
	term := func(path []any, v int) {
		if v < 1 || v > 90 {
			k.Add(path, "el término debe estar entre 1 y 90 días hábiles", "the term must be between 1 and 90 business days")
		}
	}
	for i, m := range c.Team {
		if people[m.ID] {
			k.Add([]any{"team", i, "id"}, "%q ya está en people: cada persona va en una sola lista", "%q is in people already: each person goes in one list", m.ID)
		}
	}
	for i, p := range c.People {
		k.Roles("people", i, p.Roles, Roles())
		if p.Level < 0 || p.Level > 7 {
			k.Add([]any{"people", i, "level"}, "el nivel SFIA va de 1 a 7", "the SFIA level is 1 to 7")
		}
		k.Manager("people", i, p.ID, p.Manager, people, [2]string{"%q no está en people", "%q is not in people"}, c.managerOf)
	}
	byID := indexByID(c.Variables, func(v *Variable) string { return v.ID })
	for i := range c.Variables {
		v := &c.Variables[i]
		for j, s := range v.AppliesTo {
			if s == SubjectOrganisation && (v.Category == CategoryDemographic || v.Category == CategoryIntrinsic) {
				k.Add([]any{"variables", i, "applies_to", j}, "una variable %s no describe organizaciones (solo geográficas, de tipo y de comportamiento)",
					"a %s variable does not describe organisations (only geographic, type and behavioural ones)", v.Category)
			}
			if s == SubjectPerson && v.Category == CategoryOrgType {
				k.Add([]any{"variables", i, "applies_to", j}, "una variable de tipo de organización no describe personas", "an organisation-type variable does not describe persons")
			}
		}
		switch v.Type {
		case VarCategory:
			if len(v.Values) == 0 {
				k.Add([]any{"variables", i, "values"}, "una variable de categoría necesita sus valores", "a category variable needs its values")
			}
		case VarNumber:
			if len(v.Bins) == 0 {
				k.Add([]any{"variables", i, "bins"}, "una variable numérica necesita sus cortes (bins) para publicarse en grupos",
					"a number variable needs its bins to be published in groups")
			}
			if !slices.IsSorted(v.Bins) || len(slices.Compact(slices.Clone(v.Bins))) != len(v.Bins) {
				k.Add([]any{"variables", i, "bins"}, "los cortes deben ir en orden creciente y sin repetirse", "bins must be strictly ascending")
			}
		}
	}
	for i, s := range c.Segments {
		checkRule(k, []any{"segments", i, "rule"}, &s.Rule, byID, 0)
		refs([]any{"segments", i, "preferred_channels"}, chans, s.PreferredChannels, "channels")
	}
	ref([]any{"characterisation", "responsible"}, deps, c.Characterisation.Responsible, "dependencies")
	refs([]any{"characterisation", "publish"}, vars, c.Characterisation.Publish, "variables")
	if c.Characterisation.K < 2 {
		k.Add([]any{"characterisation", "k"}, "k debe ser al menos 2: un grupo de una persona la identifica", "k must be at least 2: a group of one identifies the person")
	}
	for i, o := range c.Offer {
		ref([]any{"offer", i, "dependency"}, deps, o.Dependency, "dependencies")
		refs([]any{"offer", i, "channels"}, chans, o.Channels, "channels")
		refs([]any{"offer", i, "segments"}, segs, o.Segments, "segments")
		refs([]any{"offer", i, "objectives"}, objs, o.Objectives, "objectives")
		if _, err := ParseRequestKind(o.RequestKind); err != nil {
			k.Add([]any{"offer", i, "request_kind"}, "tipo de solicitud desconocido %q (general, documents, consultation)",
				"unknown request kind %q (general, documents, consultation)", o.RequestKind)
		}
	}
	t := c.PQRSD.Terms
	for name, v := range map[string]int{"general": t.General, "documents": t.Documents, "consultation": t.Consultation} {
		term([]any{"pqrsd", "terms", name}, v)
	}
	for name, v := range c.PQRSD.TypeTerms {
		if _, err := ParseType(name); err != nil {
			k.Add([]any{"pqrsd", "type_terms", name}, "tipo de PQRSD desconocido %q (%s)", "unknown PQRSD type %q (%s)", name, typeList())
		} else if Type(name) == Peticion {
			k.Add([]any{"pqrsd", "type_terms", name}, "una petición toma el término de su tipo de solicitud: use pqrsd.terms (Ley 1755 de 2015, art. 14)",
				"a petición takes its request kind's term: use pqrsd.terms (Ley 1755 de 2015, art. 14)")
		} else {
			term([]any{"pqrsd", "type_terms", name}, v)
		}
	}
	term([]any{"pqrsd", "authority_terms", "documents"}, c.PQRSD.AuthorityTerms.Documents)
	if v := c.PQRSD.Priority.TermDays; v < 0 || v > 90 {
		k.Add([]any{"pqrsd", "priority", "term_days"}, "el término debe estar entre 0 (el ordinario) y 90 días hábiles", "the term must be between 0 (the ordinary one) and 90 business days")
	}
	if a := c.PQRSD.Incomplete.AfterCompletion; a != AfterCompletionResume && a != AfterCompletionRestart {
		k.Add([]any{"pqrsd", "incomplete", "after_completion"}, "%q no es resume ni restart", "%q is neither resume nor restart", a)
	}
	if _, err := ParseType(c.PQRSD.Tickets.DefaultType); err != nil {
		k.Add([]any{"pqrsd", "tickets", "default_type"}, "tipo de PQRSD desconocido %q (%s)", "unknown PQRSD type %q (%s)", c.PQRSD.Tickets.DefaultType, typeList())
	}
	ref([]any{"pqrsd", "tickets", "channel"}, chans, c.PQRSD.Tickets.Channel, "channels")
	ref([]any{"open311", "channel"}, chans, c.Open311.Channel, "channels")
	if c.Open311.PageSize > c.Open311.MaxPageSize {
		k.Add([]any{"open311", "page_size"}, "page_size no puede superar max_page_size", "page_size cannot exceed max_page_size")
	}
	for i, in := range c.Indicators {
		refs([]any{"indicators", i, "offer"}, items, in.Offer, "offer")
		if in.Unit == "percent" && in.Target != nil && (*in.Target < 0 || *in.Target > 1) {
			k.Add([]any{"indicators", i, "target"}, "la meta de un porcentaje es una fracción entre 0 y 1 (0.9 = 90 %%)", "a percent target is a fraction between 0 and 1 (0.9 = 90%%)")
		}
	}
	entries := map[string]bool{}
	for i, e := range c.Strategy.Entries {
		p := []any{"strategy", "entries", i}
		if entries[e.ID] {
			k.Add(append(p, "id"), "el identificador %q está repetido", "id %q is repeated", e.ID)
		}
		entries[e.ID] = true
		refs(append(slices.Clone(p), "with"), segs, e.With, "segments")
		refs(append(slices.Clone(p), "how"), chans, e.How, "channels")
		refs(append(slices.Clone(p), "offer"), items, e.Offer, "offer")
		refs(append(slices.Clone(p), "indicators"), inds, e.Indicators, "indicators")
	}
	c.checkAccess(k)
	for j, in := range c.Strategy.RequiredInputs {
		if !slices.Contains(InputKinds(), InputKind(in)) {
			k.Add([]any{"strategy", "required_inputs", j}, "tipo de insumo desconocido %q (%s)", "unknown input kind %q (%s)", in, inputKindList())
		}
	}
	k.Probs = append(k.Probs, k.Loc.TemplateProblems(Kind, c.Notifications)...)
	return k.Probs
}

// managerOf returns the manager of person id in people, "" when none.
func (c *Config) managerOf(id string) string {
	for _, p := range c.People {
		if p.ID == id {
			return p.Manager
		}
	}
	return ""
}

func typeList() string {
	var s []string
	for _, t := range Types() {
		s = append(s, string(t))
	}
	return strings.Join(s, ", ")
}
