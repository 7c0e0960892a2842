package stakeholder

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/schemas"
)

// Kind is the YAML kind of the stakeholder configuration file.
const Kind = "stakeholder"

// Config is the stakeholder process configuration: the YAML file of kind
// "stakeholder" (schema: schemas/stakeholder.json). Build it with
// LoadConfig or ParseConfig, which validate it against the schema and then
// check its cross-references; a Config built in Go is checked by New.
type Config struct {
	Kind    string `yaml:"kind"`
	Version int    `yaml:"version"`
	// Name is the process or unit name shown in reports.
	Name        string           `yaml:"name"`
	Analysis    AnalysisConfig   `yaml:"analysis"`
	Channels    []Channel        `yaml:"channels"`
	Permissions map[Action]int   `yaml:"permissions"`
	Actors      []ActorSpec      `yaml:"actors"`
	Escalation  EscalationConfig `yaml:"escalation"`
	Plan        PlanConfig       `yaml:"plan"`
	// Governance holds the settings of the approach, monitoring and most
	// important stakeholders (governance_config.go).
	Governance GovernanceConfig `yaml:"governance"`
	// RootCauses is the catalogue of root causes issues are resolved with
	// (DefaultRootCauses when the YAML has none).
	RootCauses []RootCause `yaml:"root_causes"`
	// Groups, Stakeholders and PlanItems are the initial register that
	// Process.Import loads into the store.
	Groups       []GroupSpec       `yaml:"groups"`
	Stakeholders []StakeholderSpec `yaml:"stakeholders"`
	PlanItems    []PlanItemSpec    `yaml:"plan_items"`
	// Notifications override the default text of the process's
	// notification kinds: kind -> es/en -> subject and body.
	Notifications relaciona.Templates `yaml:"notifications"`

	file string // the file it came from, for error positions
}

// AnalysisConfig holds the thresholds of the analysis, on the 1-5 scale: a
// score equal to or above a threshold is "high". Zero fields take the
// defaults (3 for the grid, 4 for salience).
type AnalysisConfig struct {
	PowerThreshold    int            `yaml:"power_threshold"`
	InterestThreshold int            `yaml:"interest_threshold"`
	Salience          SalienceConfig `yaml:"salience"`
}

// SalienceConfig holds the score from which each of Mitchell's attributes
// is present.
type SalienceConfig struct {
	Power      int `yaml:"power"`
	Legitimacy int `yaml:"legitimacy"`
	Urgency    int `yaml:"urgency"`
}

// ActorSpec is a person who works in the process, with the SFIA level the
// agency gives them. Name is personal data.
type ActorSpec struct {
	ID    string `yaml:"id"`
	Name  string `yaml:"name" personal:"true"`
	Level int    `yaml:"level"`
	pos   positions
}

// Roster returns the directory the file's actors make (id, name, SFIA
// level), which decides who may act when the deployment gives no
// directory (WithDirectory).
func (c *Config) Roster() (*relaciona.Directory, error) {
	ps := make([]relaciona.Person, 0, len(c.Actors))
	for _, a := range c.Actors {
		ps = append(ps, relaciona.Person{ID: a.ID, Name: a.Name, Level: a.Level})
	}
	return relaciona.NewRoster(ps...)
}

// Templates returns the file's notification texts (the notifications key),
// checked at load against the kinds the process registers.
func (c *Config) Templates() relaciona.Templates { return c.Notifications }

// EscalationConfig is the escalation chain: one link per level 4 to 7.
type EscalationConfig struct {
	Chain []ChainLink `yaml:"chain"`
	pos   positions
}

// ChainLink is one level of the escalation chain: who receives the issues
// of that level, and how many business days each severity may stay there
// unresolved before it moves up. At level 7 the limits are optional: when
// set, an issue past them is flagged as overdue at the last stop.
type ChainLink struct {
	Level  int              `yaml:"level"`
	Owner  string           `yaml:"owner"`
	Limits map[Severity]int `yaml:"limits"`
	pos    positions
}

// PlanConfig holds the settings of the engagement plan.
type PlanConfig struct {
	// OverdueGraceDays is how many business days after its scheduled date a
	// communication becomes overdue.
	OverdueGraceDays int `yaml:"overdue_grace_days"`
}

// GroupSpec is a group in the YAML register.
type GroupSpec struct {
	ID       string   `yaml:"id"`
	Name     string   `yaml:"name"`
	Internal bool     `yaml:"internal"`
	Parent   string   `yaml:"parent"`
	Needs    []string `yaml:"needs"`
	pos      positions
}

// StakeholderSpec is a stakeholder in the YAML register, with an optional
// first assessment.
type StakeholderSpec struct {
	ID           string          `yaml:"id"`
	Name         string          `yaml:"name" personal:"true"`
	Type         Type            `yaml:"type"`
	Internal     bool            `yaml:"internal"`
	Groups       []string        `yaml:"groups"`
	ContactPoint string          `yaml:"contact_point"`
	Channels     []string        `yaml:"channels"`
	Contacts     []Contact       `yaml:"contacts"`
	Assessment   *AssessmentSpec `yaml:"assessment"`
	pos          positions
}

// AssessmentSpec is an assessment in the YAML register.
type AssessmentSpec struct {
	Date       string     `yaml:"date"`
	Power      int        `yaml:"power"`
	Interest   int        `yaml:"interest"`
	Influence  int        `yaml:"influence"`
	Impact     int        `yaml:"impact"`
	Legitimacy int        `yaml:"legitimacy"`
	Urgency    int        `yaml:"urgency"`
	Attitude   int        `yaml:"attitude"`
	Current    Engagement `yaml:"current"`
	Desired    Engagement `yaml:"desired"`
	Notes      string     `yaml:"notes"`
	pos        positions
}

// PlanItemSpec is a plan item in the YAML register.
type PlanItemSpec struct {
	ID          string `yaml:"id"`
	Stakeholder string `yaml:"stakeholder"`
	Group       string `yaml:"group"`
	Objective   string `yaml:"objective"`
	Channel     string `yaml:"channel"`
	Frequency   string `yaml:"frequency"`
	Owner       string `yaml:"owner"`
	Message     string `yaml:"message"`
	Start       string `yaml:"start"`
	End         string `yaml:"end"`
	pos         positions
}

// positions maps a key of a YAML object to the line and column of its
// value ("" is the object itself), so that a cross-reference error can
// point at the offending value.
type positions map[string][2]int

// decodeAt decodes n into v, a spec type's plain twin (without its
// UnmarshalYAML, so that decoding does not recurse), and sets *pos to
// where n's values are: the body of each spec's UnmarshalYAML.
func decodeAt[T any](n *yaml.Node, v *T, pos *positions) error {
	if err := n.Decode(v); err != nil {
		return err
	}
	*pos = nodePositions(n)
	return nil
}

func nodePositions(n *yaml.Node) positions {
	p := positions{"": {n.Line, n.Column}}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			p[n.Content[i].Value] = [2]int{n.Content[i+1].Line, n.Content[i+1].Column}
		}
	}
	return p
}

// at returns the position of key (or of the object when key is absent).
func (p positions) at(key string) (int, int) {
	if v, ok := p[key]; ok {
		return v[0], v[1]
	}
	v := p[""]
	return v[0], v[1]
}

// UnmarshalYAML decodes an ActorSpec and remembers where its values are.
func (a *ActorSpec) UnmarshalYAML(n *yaml.Node) error {
	type plain ActorSpec
	return decodeAt(n, (*plain)(a), &a.pos)
}

// UnmarshalYAML decodes an EscalationConfig and remembers where its values are.
func (e *EscalationConfig) UnmarshalYAML(n *yaml.Node) error {
	type plain EscalationConfig
	return decodeAt(n, (*plain)(e), &e.pos)
}

// UnmarshalYAML decodes a ChainLink and remembers where its values are.
func (c *ChainLink) UnmarshalYAML(n *yaml.Node) error {
	type plain ChainLink
	return decodeAt(n, (*plain)(c), &c.pos)
}

// UnmarshalYAML decodes a GroupSpec and remembers where its values are.
func (g *GroupSpec) UnmarshalYAML(n *yaml.Node) error {
	type plain GroupSpec
	return decodeAt(n, (*plain)(g), &g.pos)
}

// UnmarshalYAML decodes a StakeholderSpec and remembers where its values are.
func (s *StakeholderSpec) UnmarshalYAML(n *yaml.Node) error {
	type plain StakeholderSpec
	return decodeAt(n, (*plain)(s), &s.pos)
}

// UnmarshalYAML decodes an AssessmentSpec and remembers where its values are.
func (a *AssessmentSpec) UnmarshalYAML(n *yaml.Node) error {
	type plain AssessmentSpec
	return decodeAt(n, (*plain)(a), &a.pos)
}

// UnmarshalYAML decodes a PlanItemSpec and remembers where its values are.
func (p *PlanItemSpec) UnmarshalYAML(n *yaml.Node) error {
	type plain PlanItemSpec
	return decodeAt(n, (*plain)(p), &p.pos)
}

// LoadConfig reads, validates and checks the stakeholder configuration at
// path. Schema problems come as a *schemas.Error; cross-reference problems
// (unknown groups, actors, channels or stakeholders, cycles in nested
// groups, a missing level in the escalation chain, impossible frequencies)
// as *relaciona.ValidationError values naming file:line:col and the field,
// joined; every one wraps relaciona.ErrInvalid.
func LoadConfig(path string, lang relaciona.Lang) (*Config, error) {
	return process.LoadConfig(path, lang, ParseConfig)
}

// ParseConfig is LoadConfig for data already read; file names it in
// messages.
func ParseConfig(file string, data []byte, lang relaciona.Lang) (*Config, error) {
	return process.ParseConfig(file, data, Kind, lang, func(cfg *Config, loc *schemas.Locator) (*Config, error) {
		cfg.file = file
		if err := loc.CheckTemplates(Kind, cfg.Notifications); err != nil {
			return nil, err
		}
		if err := cfg.Check(lang); err != nil {
			return nil, err
		}
		return cfg, nil
	})
}

// checker collects cross-reference problems.
type checker struct {
	file string
	lang relaciona.Lang
	errs []error
}

func (c *checker) add(p positions, key, field, es, en string, args ...any) {
	e := &relaciona.ValidationError{File: c.file, Field: field, Msg: c.lang.Tf(es, en, args...)}
	if p != nil {
		e.Line, e.Column = p.at(key)
	}
	c.errs = append(c.errs, e)
}

// newID checks the id of list item f (at p): given, else the message
// missing ({es, en}), and not one of seen, else the message repeated
// ({es, en}, naming the id with %q). It reports whether the id is given.
func (c *checker) newID(p positions, f, id string, seen map[string]int, missing, repeated [2]string) bool {
	if id == "" {
		c.add(p, "id", f+".id", missing[0], missing[1])
		return false
	}
	if _, dup := seen[id]; dup {
		c.add(p, "id", f+".id", repeated[0], repeated[1], id)
	}
	return true
}

// Check validates the configuration's values and cross-references (what a
// JSON Schema cannot express) and fills in defaults. LoadConfig calls it;
// New calls it for a Config built in Go. The error joins one
// *relaciona.ValidationError per problem.
func (c *Config) Check(lang relaciona.Lang) error {
	k := &checker{file: c.file, lang: lang}
	c.defaults()
	c.checkValues(k)
	c.checkGovernance(k)
	actors := c.checkActors(k)
	c.checkEscalation(k, actors)
	channels := map[string]bool{}
	for i, ch := range c.Channels {
		if channels[ch.ID] {
			k.add(nil, "", fmt.Sprintf("channels[%d].id", i), "el canal %q está repetido", "channel %q is repeated", ch.ID)
		}
		channels[ch.ID] = true
	}
	c.checkRootCauses(k)
	groups := c.checkGroups(k)
	stakeholders := c.checkStakeholders(k, groups, channels, actors)
	c.checkPlanItems(k, groups, stakeholders, channels, actors)
	if err := relaciona.CheckTemplates(Kind, c.Notifications); err != nil {
		var ve *relaciona.ValidationError
		if errors.As(err, &ve) && ve.File == "" {
			ve.File = c.file
		}
		k.errs = append(k.errs, err)
	}
	return errors.Join(k.errs...)
}

func (c *Config) defaults() {
	if c.Kind == "" {
		c.Kind = Kind
	}
	if c.Version == 0 {
		c.Version = schemas.Version
	}
	a := &c.Analysis
	for _, f := range []*int{&a.PowerThreshold, &a.InterestThreshold} {
		if *f == 0 {
			*f = 3
		}
	}
	for _, f := range []*int{&a.Salience.Power, &a.Salience.Legitimacy, &a.Salience.Urgency} {
		if *f == 0 {
			*f = 4
		}
	}
	if len(c.Channels) == 0 {
		c.Channels = DefaultChannels()
	}
	if len(c.RootCauses) == 0 {
		c.RootCauses = DefaultRootCauses()
	}
}

// checkValues checks ranges for a Config built in Go (the schema checks
// them in YAML).
func (c *Config) checkValues(k *checker) {
	a := c.Analysis
	for _, t := range []struct {
		field string
		v     int
	}{
		{"analysis.power_threshold", a.PowerThreshold}, {"analysis.interest_threshold", a.InterestThreshold},
		{"analysis.salience.power", a.Salience.Power}, {"analysis.salience.legitimacy", a.Salience.Legitimacy},
		{"analysis.salience.urgency", a.Salience.Urgency},
	} {
		if t.v < 1 || t.v > 5 {
			k.add(nil, "", t.field, "el umbral %d está fuera de la escala 1 a 5", "threshold %d is outside the 1-5 scale", t.v)
		}
	}
	for a, l := range c.Permissions {
		if !slices.Contains(Actions(), a) {
			k.add(nil, "", "permissions."+string(a), "acción desconocida %q", "unknown action %q", a)
			continue
		}
		lo := 4
		if a == ActRun {
			lo = 0
		}
		if l < lo || l > 7 {
			k.add(nil, "", "permissions."+string(a), "nivel %d fuera de %d a 7", "level %d is outside %d to 7", l, lo)
		}
	}
	if c.Plan.OverdueGraceDays < 0 || c.Plan.OverdueGraceDays > 60 {
		k.add(nil, "", "plan.overdue_grace_days", "%d días de gracia: use 0 a 60", "%d grace days: use 0 to 60", c.Plan.OverdueGraceDays)
	}
}

func (c *Config) checkActors(k *checker) map[string]int {
	actors := map[string]int{}
	for i, a := range c.Actors {
		f := fmt.Sprintf("actors[%d]", i)
		if !k.newID(a.pos, f, a.ID, actors, [2]string{"la persona necesita un identificador", "the person needs an id"},
			[2]string{"la persona %q está repetida", "person %q is repeated"}) {
			continue
		}
		if a.Level < 1 || a.Level > 7 {
			k.add(a.pos, "level", f+".level", "nivel SFIA %d fuera de 1 a 7", "SFIA level %d is outside 1 to 7", a.Level)
		}
		actors[a.ID] = a.Level
	}
	return actors
}

func (c *Config) checkEscalation(k *checker, actors map[string]int) {
	seen := map[int]bool{}
	for i, l := range c.Escalation.Chain {
		f := fmt.Sprintf("escalation.chain[%d]", i)
		if l.Level < 4 || l.Level > 7 {
			k.add(l.pos, "level", f+".level", "nivel %d fuera de 4 a 7", "level %d is outside 4 to 7", l.Level)
			continue
		}
		if seen[l.Level] {
			k.add(l.pos, "level", f+".level", "el nivel %d está repetido en la cadena", "level %d appears twice in the chain", l.Level)
		}
		seen[l.Level] = true
		if lvl, ok := actors[l.Owner]; !ok {
			k.add(l.pos, "owner", f+".owner", "persona desconocida %q: agréguela en actors", "unknown person %q: add them to actors", l.Owner)
		} else if lvl < l.Level {
			k.add(l.pos, "owner", f+".owner", "%q tiene nivel SFIA %d y no puede ser responsable del nivel %d", "%q has SFIA level %d and cannot own level %d", l.Owner, lvl, l.Level)
		}
		for sev, d := range l.Limits {
			if !sev.valid() {
				k.add(l.pos, "limits", f+".limits."+string(sev), "severidad desconocida %q", "unknown severity %q", sev)
			} else if d < 1 || d > 365 {
				k.add(l.pos, "limits", f+".limits."+string(sev), "plazo de %d días hábiles: use 1 a 365", "term of %d business days: use 1 to 365", d)
			}
		}
		if l.Level < 7 {
			for _, sev := range Severities() {
				if _, ok := l.Limits[sev]; !ok {
					k.add(l.pos, "limits", f+".limits", "falta el plazo de la severidad %s en el nivel %d", "the term of severity %s is missing at level %d", sev, l.Level)
				}
			}
		}
	}
	for lvl := 4; lvl <= 7; lvl++ {
		if !seen[lvl] {
			k.add(c.Escalation.pos, "chain", "escalation.chain", "a la cadena de escalamiento le falta el nivel %d (debe tener 4, 5, 6 y 7)", "the escalation chain is missing level %d (it needs 4, 5, 6 and 7)", lvl)
		}
	}
}

func (c *Config) checkGroups(k *checker) map[string]int {
	groups := map[string]int{}
	for i, g := range c.Groups {
		if _, dup := groups[g.ID]; dup {
			k.add(g.pos, "id", fmt.Sprintf("groups[%d].id", i), "el grupo %q está repetido", "group %q is repeated", g.ID)
		}
		groups[g.ID] = i
	}
	for i, g := range c.Groups {
		if g.Parent == "" {
			continue
		}
		f := fmt.Sprintf("groups[%d].parent", i)
		if _, ok := groups[g.Parent]; !ok {
			k.add(g.pos, "parent", f, "grupo padre desconocido %q", "unknown parent group %q", g.Parent)
			continue
		}
		if loop := parentLoop(c.Groups, groups, g.ID, g.Parent, func(g GroupSpec) string { return g.Parent }); loop != nil {
			k.add(g.pos, "parent", f, "los grupos anidados forman un ciclo: %s", "nested groups form a cycle: %s", joinArrow(loop))
		}
	}
	return groups
}

// parentLoop follows the parents up from id, whose parent is parent, in
// items (index gives an id's place in items, parentOf an item's parent, ""
// for none), and returns the path that comes back to id, or nil when the
// walk ends at an item without parent or an unknown id: a walk longer than
// the number of items loops.
func parentLoop[T any](items []T, index map[string]int, id, parent string, parentOf func(T) string) []string {
	cur, path := parent, []string{id}
	for range len(items) + 1 {
		if cur == id {
			return append(path, cur)
		}
		j, ok := index[cur]
		if !ok || parentOf(items[j]) == "" {
			return nil
		}
		path = append(path, cur)
		cur = parentOf(items[j])
	}
	return nil
}

// joinArrow writes a path of ids as "a → b → c", for the cycle errors.
func joinArrow(ids []string) string { return strings.Join(ids, " → ") }

func (c *Config) checkStakeholders(k *checker, groups map[string]int, channels map[string]bool, actors map[string]int) map[string]bool {
	ids := map[string]bool{}
	for i, s := range c.Stakeholders {
		f := fmt.Sprintf("stakeholders[%d]", i)
		if ids[s.ID] {
			k.add(s.pos, "id", f+".id", "la parte interesada %q está repetida", "stakeholder %q is repeated", s.ID)
		}
		ids[s.ID] = true
		if !s.Type.valid() {
			k.add(s.pos, "type", f+".type", "tipo %q: use person u organisation", "type %q: use person or organisation", s.Type)
		}
		for j, g := range s.Groups {
			if _, ok := groups[g]; !ok {
				k.add(s.pos, "groups", fmt.Sprintf("%s.groups[%d]", f, j), "grupo desconocido %q", "unknown group %q", g)
			}
		}
		for j, ch := range s.Channels {
			if !channels[ch] {
				k.add(s.pos, "channels", fmt.Sprintf("%s.channels[%d]", f, j), "canal desconocido %q", "unknown channel %q", ch)
			}
		}
		var key bool
		if a := s.Assessment; a != nil {
			as, err := a.toAssessment()
			if err != nil {
				k.add(a.pos, "date", f+".assessment.date", "%s", "%s", dateMsg(err, k.lang))
			} else if err := as.validate(k.lang); err != nil {
				var ve *relaciona.ValidationError
				if errors.As(err, &ve) {
					line, col := a.pos.at(ve.Field)
					k.errs = append(k.errs, &relaciona.ValidationError{File: k.file, Line: line, Column: col, Field: f + ".assessment." + ve.Field, Msg: ve.Msg})
				}
			} else {
				key = c.quadrant(as.Power, as.Interest) == ManageClosely
			}
		}
		if s.ContactPoint != "" {
			lvl, ok := actors[s.ContactPoint]
			need := c.Level(ActContactPoint)
			if key {
				need = max(need, c.Level(ActOwnKeyStakeholder))
			}
			switch {
			case !ok:
				k.add(s.pos, "contact_point", f+".contact_point", "persona desconocida %q: agréguela en actors", "unknown person %q: add them to actors", s.ContactPoint)
			case lvl < need:
				k.add(s.pos, "contact_point", f+".contact_point", "%q tiene nivel SFIA %d; el punto único de contacto de esta parte interesada necesita nivel %d", "%q has SFIA level %d; the single point of contact of this stakeholder needs level %d", s.ContactPoint, lvl, need)
			}
		}
	}
	return ids
}

func (c *Config) checkPlanItems(k *checker, groups map[string]int, stakeholders, channels map[string]bool, actors map[string]int) {
	ids := map[string]bool{}
	for i, p := range c.PlanItems {
		f := fmt.Sprintf("plan_items[%d]", i)
		if ids[p.ID] {
			k.add(p.pos, "id", f+".id", "la actividad %q está repetida", "plan item %q is repeated", p.ID)
		}
		ids[p.ID] = true
		switch {
		case p.Stakeholder == "" && p.Group == "":
			k.add(p.pos, "", f, "indique stakeholder o group", "give stakeholder or group")
		case p.Stakeholder != "" && p.Group != "":
			k.add(p.pos, "group", f+".group", "indique stakeholder o group, no ambos", "give stakeholder or group, not both")
		case p.Stakeholder != "" && !stakeholders[p.Stakeholder]:
			k.add(p.pos, "stakeholder", f+".stakeholder", "parte interesada desconocida %q", "unknown stakeholder %q", p.Stakeholder)
		case p.Group != "":
			if _, ok := groups[p.Group]; !ok {
				k.add(p.pos, "group", f+".group", "grupo desconocido %q", "unknown group %q", p.Group)
			}
		}
		if !channels[p.Channel] {
			k.add(p.pos, "channel", f+".channel", "canal desconocido %q", "unknown channel %q", p.Channel)
		}
		if lvl, ok := actors[p.Owner]; !ok {
			k.add(p.pos, "owner", f+".owner", "persona desconocida %q: agréguela en actors", "unknown person %q: add them to actors", p.Owner)
		} else if need := c.Level(ActCarryOutPlan); lvl < need {
			k.add(p.pos, "owner", f+".owner", "%q tiene nivel SFIA %d; ejecutar el plan necesita nivel %d", "%q has SFIA level %d; carrying out the plan needs level %d", p.Owner, lvl, need)
		}
		item, err := p.toPlanItem(k.lang)
		if err != nil {
			var ve *relaciona.ValidationError
			if errors.As(err, &ve) {
				line, col := p.pos.at(ve.Field)
				k.errs = append(k.errs, &relaciona.ValidationError{File: k.file, Line: line, Column: col, Field: f + "." + ve.Field, Msg: ve.Msg})
			}
			continue
		}
		if err := item.checkSchedule(k.lang); err != nil {
			var ve *relaciona.ValidationError
			if errors.As(err, &ve) {
				line, col := p.pos.at(ve.Field)
				k.errs = append(k.errs, &relaciona.ValidationError{File: k.file, Line: line, Column: col, Field: f + "." + ve.Field, Msg: ve.Msg})
			}
		}
	}
}

// dateMsg is the text of a date parsing error in lang.
func dateMsg(err error, lang relaciona.Lang) string {
	var ie *calendar.InputError
	if errors.As(err, &ie) {
		return ie.Text(lang)
	}
	return err.Error()
}
