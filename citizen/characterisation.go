package citizen

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// Citizen is one citizen, user or organisation of a value group, with the
// values of the characterisation variables. Every field but the id, the
// subject and the segment is personal data: the values too, since together
// they can single a person out. Only aggregates of at least k people leave
// the store (Publish).
type Citizen struct {
	// ID is an opaque id the agency chooses; never a national id.
	ID string `json:"id" personal:"subject"`
	// Subject is person or organisation.
	Subject    string            `json:"subject"`
	Name       string            `json:"name,omitempty" personal:"true"`
	DocumentID string            `json:"document_id,omitempty" personal:"key"`
	Email      string            `json:"email,omitempty" personal:"key"`
	Phone      string            `json:"phone,omitempty" personal:"key"`
	Address    string            `json:"address,omitempty" personal:"true"`
	Values     map[string]string `json:"values,omitempty" personal:"true"`
	// Segment is the first segment whose rule the values match, or "".
	Segment    string    `json:"segment,omitempty"`
	Registered time.Time `json:"registered"`
	Source     string    `json:"source,omitempty"`
}

// SegmentOf returns the segment of a citizen with these values: the first
// segment in file order whose rule matches, or "" (unsegmented).
func (c *Config) SegmentOf(values map[string]string) string {
	for i := range c.Segments {
		if c.Segments[i].Rule.Match(values) {
			return c.Segments[i].ID
		}
	}
	return ""
}

// checkCitizen validates a citizen's subject and values against the
// variables.
func (c *Config) checkCitizen(z *Citizen, lang relaciona.Lang) error {
	if strings.TrimSpace(z.ID) == "" {
		return invalid(lang, "id", "un ciudadano necesita un identificador", "a citizen needs an id")
	}
	if z.Subject == "" {
		z.Subject = SubjectPerson
	}
	if z.Subject != SubjectPerson && z.Subject != SubjectOrganisation {
		return invalid(lang, "subject", "sujeto desconocido %q (person, organisation)", "unknown subject %q (person, organisation)", z.Subject)
	}
	for name, val := range z.Values {
		v, ok := c.vars[name]
		if !ok {
			return invalid(lang, "values."+name, "variable desconocida %q", "unknown variable %q", name)
		}
		if !slices.Contains(v.AppliesTo, z.Subject) {
			return invalid(lang, "values."+name, "la variable %q no describe a un sujeto %s", "variable %q does not describe a %s", name, z.Subject)
		}
		switch v.Type {
		case VarCategory:
			if !slices.Contains(v.Values, val) {
				// The value may be personal: name only the variable.
				return invalid(lang, "values."+name, "el valor no es uno de los valores de la variable (%s)", "the value is not one of the variable's values (%s)", strings.Join(v.Values, ", "))
			}
		case VarNumber:
			if _, err := strconv.ParseFloat(val, 64); err != nil {
				return invalid(lang, "values."+name, "el valor no es un número", "the value is not a number")
			}
		case VarBoolean:
			if val != "true" && val != "false" {
				return invalid(lang, "values."+name, "el valor no es true ni false", "the value is neither true nor false")
			}
		}
	}
	return nil
}

// RegisterCitizens adds or updates citizens (collected by the
// characterisation exercise, seed 002 activity 1: "elegir el mecanismo de
// recolección de la información") in one audited batch, assigning each its
// segment. One invalid citizen refuses the whole batch, naming its index
// and the variable, never the value. The actor needs the relationship_lead
// role.
func (s *Process) RegisterCitizens(ctx context.Context, a relaciona.Actor, cs []Citizen, at time.Time) error {
	a, err := s.authorizeAt(ctx, a, "citizen.characterisation.register", at, RoleLead)
	if err != nil {
		return err
	}
	if len(cs) == 0 {
		return nil
	}
	ids := make([]string, len(cs))
	seen := map[string]bool{}
	for i := range cs {
		c := cs[i]
		if err := s.cfg.checkCitizen(&c, s.lang); err != nil {
			return indexed(i, len(cs), err)
		}
		if seen[c.ID] {
			return indexed(i, len(cs), invalid(s.lang, "id", "el ciudadano %s aparece dos veces", "citizen %s appears twice", c.ID))
		}
		seen[c.ID] = true
		ids[i] = c.ID
	}
	return s.store.Update(ctx, a, "citizen.characterisation.register", fmt.Sprintf("%d citizens registered", len(cs)), 3, func(b *relaciona.Batch) error {
		b.At(at)
		have, err := s.citizens.GetMany(ctx, ids)
		if err != nil {
			return err
		}
		ver := map[string]int64{}
		for _, d := range have {
			ver[d.ID] = d.Version
		}
		for i := range cs {
			c := cs[i]
			_ = s.cfg.checkCitizen(&c, s.lang)
			c.Segment = s.cfg.SegmentOf(c.Values)
			if c.Registered.IsZero() {
				c.Registered = at.UTC()
			}
			s.citizens.Put(b, &c, ver[c.ID])
		}
		return nil
	})
}

// Characterisation is the raw characterisation: counts over every
// registered citizen, segments computed with the current rules. It may
// hold groups smaller than k: it is for the agency's own analysis, never
// for publication (use Publish).
type Characterisation struct {
	Total int
	// Subjects counts persons and organisations.
	Subjects []Count
	// Segments counts each segment in file order, then "unsegmented".
	Segments []Count
	// Variables counts the published groups of each variable (bins for
	// numbers, values for categories, yes/no for booleans, then "no data").
	Variables []VariableCounts
}

// VariableCounts is the distribution of one variable.
type VariableCounts struct {
	Variable string
	Name     string
	Category string
	Cells    []Count
}

// Characterise counts the registered citizens by subject, segment and
// variable, in one pass in constant memory (besides the counters).
func (s *Process) Characterise(ctx context.Context, lang relaciona.Lang) (Characterisation, error) {
	cfg := s.cfg
	segIdx := map[string]int{}
	ch := Characterisation{Subjects: []Count{
		{Key: SubjectPerson, Label: lang.T("Personas", "Persons")},
		{Key: SubjectOrganisation, Label: lang.T("Organizaciones", "Organisations")},
	}}
	for i, sg := range cfg.Segments {
		segIdx[sg.ID] = i
		ch.Segments = append(ch.Segments, Count{Key: sg.ID, Label: sg.Name})
	}
	ch.Segments = append(ch.Segments, Count{Key: "", Label: lang.T("Sin segmento", "Unsegmented")})
	vars := cfg.published()
	for _, v := range vars {
		vc := VariableCounts{Variable: v.ID, Name: or(v.Name, v.ID), Category: v.Category}
		for _, g := range v.groups(lang) {
			vc.Cells = append(vc.Cells, Count{Key: g, Label: v.groupLabel(g, lang)})
		}
		vc.Cells = append(vc.Cells, Count{Key: "", Label: lang.T("Sin dato", "No data")})
		ch.Variables = append(ch.Variables, vc)
	}
	for d, err := range s.citizens.Scan(ctx, relaciona.Filter{}) {
		if err != nil {
			return Characterisation{}, err
		}
		z := d.Value
		ch.Total++
		if z.Subject == SubjectOrganisation {
			ch.Subjects[1].N++
		} else {
			ch.Subjects[0].N++
		}
		seg := cfg.SegmentOf(z.Values)
		if i, ok := segIdx[seg]; ok {
			ch.Segments[i].N++
		} else {
			ch.Segments[len(ch.Segments)-1].N++
		}
		for i, v := range vars {
			if !slices.Contains(v.AppliesTo, z.Subject) {
				continue
			}
			g, ok := v.groupOf(z.Values)
			cells := ch.Variables[i].Cells
			if !ok {
				cells[len(cells)-1].N++
				continue
			}
			for j := range cells {
				if cells[j].Key == g {
					cells[j].N++
					break
				}
			}
		}
	}
	return ch, nil
}

// published returns the variables to publish.
func (c *Config) published() []*Variable {
	var out []*Variable
	for i := range c.Variables {
		v := &c.Variables[i]
		if len(c.Characterisation.Publish) == 0 || slices.Contains(c.Characterisation.Publish, v.ID) {
			out = append(out, v)
		}
	}
	return out
}

// groups returns the keys of the published groups of a variable.
func (v *Variable) groups(lang relaciona.Lang) []string {
	switch v.Type {
	case VarCategory:
		return slices.Clone(v.Values)
	case VarBoolean:
		return []string{"true", "false"}
	}
	out := make([]string, len(v.Bins)+1)
	for i := range out {
		out[i] = "bin" + strconv.Itoa(i)
	}
	return out
}

// groupOf returns the group key of a citizen's value.
func (v *Variable) groupOf(vals map[string]string) (string, bool) {
	val, ok := vals[v.ID]
	if !ok {
		return "", false
	}
	if v.Type != VarNumber {
		return val, true
	}
	x, err := strconv.ParseFloat(val, 64)
	if err != nil {
		return "", false
	}
	i, _ := slices.BinarySearch(v.Bins, x)
	if i < len(v.Bins) && v.Bins[i] == x {
		i++ // an edge starts the next bin
	}
	return "bin" + strconv.Itoa(i), true
}

// groupLabel is the label of a group key.
func (v *Variable) groupLabel(g string, lang relaciona.Lang) string {
	switch v.Type {
	case VarBoolean:
		if g == "true" {
			return lang.T("Sí", "Yes")
		}
		return lang.T("No", "No")
	case VarNumber:
		i, _ := strconv.Atoi(strings.TrimPrefix(g, "bin"))
		f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
		switch {
		case i == 0:
			return "< " + f(v.Bins[0])
		case i >= len(v.Bins):
			return "≥ " + f(v.Bins[len(v.Bins)-1])
		default:
			return f(v.Bins[i-1]) + "–<" + f(v.Bins[i])
		}
	}
	return g
}

// Publication is a published characterisation: only tables protected with
// the configured k, and the segment profiles (needs, interests,
// expectations, preferences), which describe groups, not people.
type Publication struct {
	ID       string           `json:"id"`
	Date     calendar.Date    `json:"date"`
	K        int              `json:"k"`
	Lang     relaciona.Lang   `json:"lang"`
	Tables   []ProtectedTable `json:"tables"`
	Profiles []Profile        `json:"profiles"`
	By       string           `json:"by"`
	// Exercise is the characterisation exercise the publication comes
	// from (seed 002, activity 1; see Exercise).
	Exercise string `json:"exercise,omitempty"`
}

// Profile is what the characterisation found for a segment.
type Profile struct {
	Segment           string   `json:"segment"`
	Name              string   `json:"name" personal:"no"`
	Needs             []string `json:"needs,omitempty"`
	Interests         []string `json:"interests,omitempty"`
	Expectations      []string `json:"expectations,omitempty"`
	Preferences       []string `json:"preferences,omitempty"`
	PreferredChannels []string `json:"preferred_channels,omitempty"`
}

// Published builds the publishable characterisation without storing it:
// every table goes through Protect with characterisation.k.
func (s *Process) Published(ctx context.Context, lang relaciona.Lang) ([]ProtectedTable, []Profile, error) {
	ch, err := s.Characterise(ctx, lang)
	if err != nil {
		return nil, nil, err
	}
	k := s.cfg.Characterisation.K
	tables := []ProtectedTable{
		Protect("subjects", lang.T("Personas y organizaciones", "Persons and organisations"), ch.Subjects, k),
		Protect("segments", lang.T("Segmentos", "Segments"), ch.Segments, k),
	}
	for _, v := range ch.Variables {
		tables = append(tables, Protect("var-"+v.Variable, v.Name, v.Cells, k))
	}
	var profiles []Profile
	for _, sg := range s.cfg.Segments {
		profiles = append(profiles, Profile{Segment: sg.ID, Name: sg.Name, Needs: sg.Needs, Interests: sg.Interests,
			Expectations: sg.Expectations, Preferences: sg.Preferences, PreferredChannels: sg.PreferredChannels})
	}
	return tables, profiles, nil
}

// Publish stores the publishable characterisation of date (seed 002,
// activity 1: "Coordinar la socialización y divulgación de la
// caracterización"), so the published figures stay on record. Publishing
// again on the same date replaces that date's publication. A
// characterisation is published only under a characterisation exercise
// whose period covers date (seed 002, activity 1: the working group, the
// responsible dependency, the objectives and the collection mechanism come
// first), which the publication cites; without one it is refused, naming
// what is missing. The actor needs the relationship_lead or direction role.
func (s *Process) Publish(ctx context.Context, a relaciona.Actor, date calendar.Date, lang relaciona.Lang) (Publication, error) {
	a, err := s.authorizeOn(ctx, a, "citizen.characterisation.publish", date, RoleLead, RoleDirection)
	if err != nil {
		return Publication{}, err
	}
	tables, profiles, err := s.Published(ctx, lang)
	if err != nil {
		return Publication{}, err
	}
	p := Publication{ID: date.String(), Date: date, K: s.cfg.Characterisation.K, Lang: lang, Tables: tables, Profiles: profiles, By: a.ID}
	err = s.store.Update(ctx, a, "citizen.characterisation.publish", "characterisation published (aggregates of at least k)", 3, func(b *relaciona.Batch) error {
		b.At(s.stamp(date))
		ex, err := s.exerciseFor(ctx, date)
		if err != nil {
			return err
		}
		p.Exercise = ex.ID
		var ver int64
		if d, err := s.publications.Get(ctx, p.ID); err == nil {
			ver = d.Version
		}
		s.publications.Put(b, &p, ver)
		return nil
	})
	return p, err
}

// LatestPublication returns the most recent publication on or before
// date, or ErrNotFound.
func (s *Process) LatestPublication(ctx context.Context, date calendar.Date) (Publication, error) {
	var last *Publication
	for d, err := range s.publications.Scan(ctx, relaciona.Filter{To: process.DateTime(date.AddDays(1))}) {
		if err != nil {
			return Publication{}, err
		}
		v := d.Value
		last = &v
	}
	if last == nil {
		return Publication{}, fmt.Errorf("%w: no characterisation published by %s", relaciona.ErrNotFound, date)
	}
	return *last, nil
}
