package citizen

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
)

// StrategyEntry is one line of the interaction strategy (seed 002, activity
// 2: "Identificar y analizar las formas de relacionamiento institucional
// (con quién, para qué, cómo, y dónde)"): with which segments, what for,
// through which channels, where, about which offer items, followed by which
// indicators.
type StrategyEntry struct {
	ID         string   `yaml:"id" json:"id"`
	With       []string `yaml:"with" json:"with"`
	WhatFor    string   `yaml:"what_for" json:"what_for"`
	How        []string `yaml:"how" json:"how"`
	Where      string   `yaml:"where" json:"where"`
	Offer      []string `yaml:"offer" json:"offer,omitempty"`
	Indicators []string `yaml:"indicators" json:"indicators,omitempty"`
	// Dependencies are the units that carry the entry out (seed 002,
	// activity 3: "Articular con las dependencias la implementación").
	Dependencies []string `yaml:"dependencies" json:"dependencies,omitempty"`
}

// StrategyStatus is where a strategy version is.
type StrategyStatus string

// The strategy statuses: a draft is socialised with the dependencies, who
// make observations; an adjusted version supersedes it; the direction
// adopts one version, which supersedes the version adopted before.
const (
	StrategyDraft      StrategyStatus = "draft"
	StrategySocialised StrategyStatus = "socialised"
	StrategyAdopted    StrategyStatus = "adopted"
	StrategySuperseded StrategyStatus = "superseded"
)

// StrategyVersion is one version of the interaction strategy. Versions are
// never rewritten in content: an adjustment is a new version that names the
// one it adjusts, so the history of the model is kept (seed 002, activity
// 2: "Coordinar la socialización ... Ajustar la estrategia o el modelo y
// los indicadores ... con base en las observaciones de las dependencias").
type StrategyVersion struct {
	Version      int             `json:"version"`
	Status       StrategyStatus  `json:"status"`
	Entries      []StrategyEntry `json:"entries"`
	Adjusts      int             `json:"adjusts,omitempty"`
	Reason       string          `json:"reason,omitempty"`
	Created      time.Time       `json:"created"`
	CreatedBy    string          `json:"created_by"`
	SocialisedTo []string        `json:"socialised_to,omitempty"`
	Socialised   time.Time       `json:"socialised,omitzero"`
	Observations []Observation   `json:"observations,omitempty"`
	Adopted      time.Time       `json:"adopted,omitzero"`
	AdoptedBy    string          `json:"adopted_by,omitempty"`
	// Inputs are the ids of the inputs register the version cites
	// (CiteInputs; seed 002, activity 2).
	Inputs []string `json:"inputs,omitempty"`
}

// Observation is what a dependency said of a socialised version.
type Observation struct {
	Dependency string    `json:"dependency"`
	Text       string    `json:"text"`
	At         time.Time `json:"at"`
	By         string    `json:"by"`
}

func strategyID(v int) string { return fmt.Sprintf("v%04d", v) }

// checkEntries validates entries against the configuration.
func (c *Config) checkEntries(entries []StrategyEntry, lang relaciona.Lang) error {
	if len(entries) == 0 {
		return invalid(lang, "entries", "una estrategia necesita al menos una línea", "a strategy needs at least one entry")
	}
	seen := map[string]bool{}
	for i, e := range entries {
		p := fmt.Sprintf("entries[%d]", i)
		if strings.TrimSpace(e.ID) == "" {
			return invalid(lang, p+".id", "una línea necesita un identificador", "an entry needs an id")
		}
		if seen[e.ID] {
			return invalid(lang, p+".id", "el identificador %q está repetido", "id %q is repeated", e.ID)
		}
		seen[e.ID] = true
		if len(e.With) == 0 || strings.TrimSpace(e.WhatFor) == "" || len(e.How) == 0 {
			return invalid(lang, p, "una línea dice con quién (with), para qué (what_for) y cómo (how)", "an entry says with whom (with), what for (what_for) and how (how)")
		}
		// The references of the entry, in the order they are checked: the
		// first id a list names that the configuration lacks is refused.
		for _, r := range []struct {
			field  string
			ids    []string
			bad    int
			es, en string
		}{
			{"with", e.With, firstUnknown(e.With, c.segs), "segmento desconocido %q", "unknown segment %q"},
			{"how", e.How, firstUnknown(e.How, c.chans), "canal desconocido %q", "unknown channel %q"},
			{"offer", e.Offer, firstUnknown(e.Offer, c.items), "elemento de la oferta desconocido %q", "unknown offer item %q"},
			{"indicators", e.Indicators, firstUnknown(e.Indicators, c.inds), "indicador desconocido %q", "unknown indicator %q"},
			{"dependencies", e.Dependencies, firstUnknown(e.Dependencies, c.deps), "dependencia desconocida %q", "unknown dependency %q"},
		} {
			if r.bad >= 0 {
				return invalid(lang, p+"."+r.field, r.es, r.en, r.ids[r.bad])
			}
		}
	}
	return nil
}

// firstUnknown returns the index of the first of ids that set does not
// hold (a configured id), or -1 when it holds them all.
func firstUnknown[T any](ids []string, set map[string]T) int {
	return slices.IndexFunc(ids, func(id string) bool {
		_, ok := set[id]
		return !ok
	})
}

// latestStrategy returns the highest version, or 0.
func (s *Process) latestStrategy(ctx context.Context) (int, error) {
	last := 0
	for d, err := range s.strategies.Scan(ctx, relaciona.Filter{}) {
		if err != nil {
			return 0, err
		}
		last = max(last, d.Value.Version)
	}
	return last, nil
}

// DraftStrategy writes a new draft version of the interaction strategy.
// adjusts is the version it adjusts (0 for a fresh one); reason says why,
// and is required for an adjustment. The actor needs the
// relationship_lead role.
func (s *Process) DraftStrategy(ctx context.Context, a relaciona.Actor, entries []StrategyEntry, adjusts int, reason string, at time.Time) (StrategyVersion, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.strategy.draft", at, RoleLead)
	if err != nil {
		return StrategyVersion{}, err
	}
	if err := s.cfg.checkEntries(entries, s.lang); err != nil {
		return StrategyVersion{}, err
	}
	if adjusts > 0 && strings.TrimSpace(reason) == "" {
		return StrategyVersion{}, invalid(s.lang, "reason", "un ajuste dice por qué (las observaciones de las dependencias que atiende)", "an adjustment says why (the dependencies' observations it answers)")
	}
	var v StrategyVersion
	err = s.store.Update(ctx, a, "citizen.strategy.draft", "strategy version drafted", 3, func(b *relaciona.Batch) error {
		b.At(at)
		last, err := s.latestStrategy(ctx)
		if err != nil {
			return err
		}
		var inputs []string
		if adjusts > 0 {
			old, err := s.strategies.Get(ctx, strategyID(adjusts))
			if err != nil {
				return err
			}
			inputs = slices.Clone(old.Value.Inputs) // an adjustment keeps the inputs it was based on
		}
		v = StrategyVersion{Version: last + 1, Status: StrategyDraft, Entries: slices.Clone(entries), Adjusts: adjusts, Reason: reason,
			Created: at.UTC(), CreatedBy: a.ID, Inputs: inputs}
		s.strategies.Put(b, &v, 0)
		return nil
	})
	return v, err
}

// SocialiseStrategy records that a draft was socialised with the leaders
// of the given dependencies; socialising a socialised version again adds
// the dependencies (seed 002, activity 2: "Coordinar la socialización de la
// estrategia ... con los líderes de las dependencias"; RecordEvent with the
// dependency leaders as audience does the same). The actor needs the
// relationship_lead role.
func (s *Process) SocialiseStrategy(ctx context.Context, a relaciona.Actor, version int, deps []string, at time.Time) (StrategyVersion, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.strategy.socialise", at, RoleLead)
	if err != nil {
		return StrategyVersion{}, err
	}
	if len(deps) == 0 {
		return StrategyVersion{}, invalid(s.lang, "dependencies", "nombre las dependencias con que se socializó la estrategia", "name the dependencies the strategy was socialised with")
	}
	if i := firstUnknown(deps, s.cfg.deps); i >= 0 {
		return StrategyVersion{}, invalid(s.lang, "dependencies", "dependencia desconocida %q", "unknown dependency %q", deps[i])
	}
	return s.changeStrategy(ctx, a, "citizen.strategy.socialise", version, at, func(v *StrategyVersion) error {
		return s.socialise(v, deps, at)
	}, nil)
}

// socialise marks v socialised with deps: a draft becomes socialised on
// at; a socialised version adds the dependencies it had not been told.
func (s *Process) socialise(v *StrategyVersion, deps []string, at time.Time) error {
	switch v.Status {
	case StrategyDraft:
		v.Status, v.SocialisedTo, v.Socialised = StrategySocialised, slices.Clone(deps), at.UTC()
	case StrategySocialised:
		for _, d := range deps {
			if !slices.Contains(v.SocialisedTo, d) {
				v.SocialisedTo = append(v.SocialisedTo, d)
			}
		}
	default:
		return invalid(s.lang, "status", "la versión %d está en estado %s: solo se socializa un borrador", "version %d is %s: only a draft is socialised", v.Version, v.Status)
	}
	return nil
}

// ObserveStrategy records a dependency's observation on a socialised
// version. The actor needs the relationship_lead role.
func (s *Process) ObserveStrategy(ctx context.Context, a relaciona.Actor, version int, dep, text string, at time.Time) (StrategyVersion, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.strategy.observe", at, RoleLead)
	if err != nil {
		return StrategyVersion{}, err
	}
	if _, ok := s.cfg.deps[dep]; !ok {
		return StrategyVersion{}, invalid(s.lang, "dependency", "dependencia desconocida %q", "unknown dependency %q", dep)
	}
	if strings.TrimSpace(text) == "" {
		return StrategyVersion{}, invalid(s.lang, "text", "la observación está vacía", "the observation is empty")
	}
	return s.changeStrategy(ctx, a, "citizen.strategy.observe", version, at, func(v *StrategyVersion) error {
		if v.Status != StrategySocialised {
			return invalid(s.lang, "status", "la versión %d está en estado %s: las observaciones se hacen sobre una versión socializada", "version %d is %s: observations are made on a socialised version", v.Version, v.Status)
		}
		v.Observations = append(v.Observations, Observation{Dependency: dep, Text: text, At: at.UTC(), By: a.ID})
		return nil
	}, nil)
}

// AdoptStrategy adopts a socialised version; the version adopted before,
// and the versions it adjusts, are superseded in the same batch. The
// version must cite inputs (CiteInputs) covering strategy.required_inputs
// and have been socialised with the leaders of every dependency its
// entries name (its own socialisation and that of the versions it
// adjusts); otherwise it is refused naming the kinds or dependencies
// missing (seed 002, activity 2). The actor needs the direction role.
func (s *Process) AdoptStrategy(ctx context.Context, a relaciona.Actor, version int, at time.Time) (StrategyVersion, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.strategy.adopt", at, RoleDirection)
	if err != nil {
		return StrategyVersion{}, err
	}
	return s.changeStrategy(ctx, a, "citizen.strategy.adopt", version, at, func(v *StrategyVersion) error {
		if v.Status != StrategySocialised {
			return invalid(s.lang, "status", "la versión %d está en estado %s: una versión se socializa con las dependencias antes de adoptarse", "version %d is %s: a version is socialised with the dependencies before it is adopted", v.Version, v.Status)
		}
		if err := s.checkAdoptable(ctx, v); err != nil {
			return err
		}
		v.Status, v.Adopted, v.AdoptedBy = StrategyAdopted, at.UTC(), a.ID
		return nil
	}, func(b *relaciona.Batch, v *StrategyVersion) error {
		for d, err := range s.strategies.Scan(ctx, relaciona.Filter{}) {
			if err != nil {
				return err
			}
			o := d.Value
			if o.Version == v.Version || o.Version > v.Version && o.Status != StrategyAdopted {
				continue
			}
			if o.Status == StrategyAdopted || (o.Version < v.Version && o.Status != StrategySuperseded) {
				o.Status = StrategySuperseded
				s.strategies.Put(b, &o, d.Version)
			}
		}
		return nil
	})
}

func (s *Process) changeStrategy(ctx context.Context, a relaciona.Actor, action string, version int, at time.Time,
	change func(*StrategyVersion) error, more func(*relaciona.Batch, *StrategyVersion) error) (StrategyVersion, error) {
	var out StrategyVersion
	err := s.store.Update(ctx, a, action, "strategy version "+strategyID(version), 3, func(b *relaciona.Batch) error {
		b.At(at)
		d, err := s.strategies.Get(ctx, strategyID(version))
		if err != nil {
			return err
		}
		v := d.Value
		if err := change(&v); err != nil {
			return err
		}
		s.strategies.Put(b, &v, d.Version)
		if more != nil {
			if err := more(b, &v); err != nil {
				return err
			}
		}
		out = v
		return nil
	})
	return out, err
}

// Strategy returns one version, or the adopted one when version is 0.
func (s *Process) Strategy(ctx context.Context, version int) (StrategyVersion, error) {
	if version > 0 {
		d, err := s.strategies.Get(ctx, strategyID(version))
		return d.Value, err
	}
	for d, err := range s.strategies.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"status": string(StrategyAdopted)}}) {
		if err != nil {
			return StrategyVersion{}, err
		}
		return d.Value, nil
	}
	return StrategyVersion{}, fmt.Errorf("%w: no strategy version is adopted", relaciona.ErrNotFound)
}

// StrategyVersions returns every version, oldest first.
func (s *Process) StrategyVersions(ctx context.Context) ([]StrategyVersion, error) {
	return process.SortedValues(ctx, s.strategies, relaciona.Filter{}, func(x, y StrategyVersion) int { return x.Version - y.Version })
}

// Setup imports what the YAML holds beyond the catalogues: the offer
// inventory (ImportOffer) and the initial interaction strategy (strategy.entries) as draft version 1, unless a
// version exists already. It is idempotent. The actor needs the
// relationship_lead role.
func (s *Process) Setup(ctx context.Context, a relaciona.Actor, at time.Time) error {
	a, err := s.Authorize(ctx, a, "citizen.setup", RoleLead)
	if err != nil {
		return err
	}
	if _, err := s.ImportOffer(ctx, a, s.dateOf(at)); err != nil {
		return err
	}
	if len(s.cfg.Strategy.Entries) == 0 {
		return nil
	}
	if _, err := s.strategies.Get(ctx, strategyID(1)); err == nil {
		return nil
	} else if !errors.Is(err, relaciona.ErrNotFound) {
		return err
	}
	_, err = s.DraftStrategy(ctx, a, s.cfg.Strategy.Entries, 0, "", at)
	return err
}
