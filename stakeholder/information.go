package stakeholder

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// kindInformation is the information register's record kind.
const kindInformation = "stakeholder.information"

// ActInformation: gather and spread general information. Level 4,
// "Se ocupa de problemas y asuntos, gestionando ... la recopilación y
// difusión de información relevante" (seed 000_f7cf2e5b8754cfa1.txt,
// "Nivel 4").
const ActInformation Action = "information"

// ActTechnicalInformation: gather and spread technical and commercial
// information. Level 5, "Captura y difunde información técnica y
// comercial" (seed 000, "Nivel 5").
const ActTechnicalInformation Action = "technical_information"

// InfoKind is the kind of an information item: general (level 4),
// technical or commercial (level 5).
type InfoKind string

// The information kinds.
const (
	InfoGeneral    InfoKind = "general"
	InfoTechnical  InfoKind = "technical"
	InfoCommercial InfoKind = "commercial"
)

// InfoKinds lists the kinds in a stable order.
func InfoKinds() []InfoKind { return []InfoKind{InfoGeneral, InfoTechnical, InfoCommercial} }

var infoKindLabels = process.Labels[InfoKind]{
	InfoGeneral: {"general", "general"}, InfoTechnical: {"técnica", "technical"}, InfoCommercial: {"comercial", "commercial"},
}

// Label is the kind in lang.
func (k InfoKind) Label(lang relaciona.Lang) string { return infoKindLabels.Of(lang, k) }

// action is the action an item of kind k needs: information for general,
// technical_information for technical and commercial (the seed puts those
// at level 5).
func (k InfoKind) action() Action {
	if k == InfoGeneral {
		return ActInformation
	}
	return ActTechnicalInformation
}

// InfoSpread is one spreading of an information item: to which
// stakeholders, groups and people (of the directory), by which channel of
// the catalogue, on which date, by whom.
type InfoSpread struct {
	Stakeholders []string      `json:"stakeholders,omitempty" personal:"subject"`
	Groups       []string      `json:"groups,omitempty"`
	People       []string      `json:"people,omitempty" personal:"no"`
	Channel      string        `json:"channel"`
	Date         calendar.Date `json:"date"`
	By           string        `json:"by" personal:"no"`
}

// Information is one item of the information register (seed
// 000_f7cf2e5b8754cfa1.txt, "Nivel 4": "la recopilación y difusión de
// información relevante"; "Nivel 5": "Captura y difunde información
// técnica y comercial"): what was gathered (topic, summary), from which
// source (personal data: it may name a person), its kind, when and by
// whom, and every time it was spread.
type Information struct {
	ID       string        `json:"id"`
	Topic    string        `json:"topic" personal:"no"`
	Kind     InfoKind      `json:"kind"`
	Source   string        `json:"source" personal:"true"`
	Summary  string        `json:"summary,omitempty" personal:"true"`
	Gathered calendar.Date `json:"gathered"`
	By       string        `json:"by" personal:"no"`
	Spreads  []InfoSpread  `json:"spreads,omitempty"`
	Version  int64         `json:"-"`
}

// Spread reports whether the item was ever spread.
func (i *Information) Spread() bool { return len(i.Spreads) > 0 }

func informationKey(i *Information) relaciona.Key {
	spread := "no"
	if i.Spread() {
		spread = "yes"
	}
	return relaciona.Key{ID: i.ID, Attrs: map[string]string{"kind": string(i.Kind), "spread": spread}, Time: dayTime(i.Gathered)}
}

// information is the information register's collection.
func (s *Process) information() *relaciona.Collection[Information] {
	return relaciona.NewCollection(s.store, kindInformation, informationKey)
}

// GatherInformation records an information item gathered. It needs the
// "information" level (4) for general information and the
// "technical_information" level (5) for technical and commercial, checked
// in the directory first. The id is "INF-YYYYMMDD-NNNN" from Gathered. One
// audited write (action "stakeholder.gather_information").
func (s *Process) GatherInformation(ctx context.Context, actor relaciona.Actor, at time.Time, in Information) (Information, error) {
	actor, err := s.requireInformation(ctx, actor, "")
	if err != nil {
		return Information{}, err
	}
	if !slices.Contains(InfoKinds(), in.Kind) {
		return Information{}, s.invalid("kind", "tipo de información %q: use general, technical o commercial", "information kind %q: use general, technical or commercial", in.Kind)
	}
	if actor, err = s.requireInformation(ctx, actor, in.Kind); err != nil {
		return Information{}, err
	}
	switch {
	case strings.TrimSpace(in.Topic) == "":
		return Information{}, s.invalid("topic", "indique el tema de la información", "give the information's topic")
	case strings.TrimSpace(in.Source) == "":
		return Information{}, s.invalid("source", "indique la fuente de la información", "give the information's source")
	case in.Gathered.IsZero():
		return Information{}, s.invalid("gathered", "indique la fecha en que se recopiló", "give the date it was gathered")
	}
	var out Information
	err = s.store.Update(ctx, actor, "stakeholder.gather_information", "gather information", 3, func(b *relaciona.Batch) error {
		b.At(at)
		v := in
		id, err := newIDs(ctx, s.store, kindInformation, "INF").next(v.Gathered)
		if err != nil {
			return err
		}
		v.ID, v.By, v.Spreads, v.Version = id, actor.ID, nil, 0
		s.information().Put(b, &v, 0)
		out = v
		return nil
	})
	if err == nil {
		out.Version = 1
	}
	return out, err
}

// SpreadInformation records that item id was spread: to whom
// (stakeholders and groups of the register, people of the directory), by
// which channel, on which date. It needs the level of the item's kind (4
// general, 5 technical and commercial). It is a versioned write: version
// is the item's version as the caller read it (Information.Version), and a
// write since then makes it fail with relaciona.ErrConflict, writing
// nothing, so that two people spreading the same item at once do not lose
// one of the spreads. One audited write (action
// "stakeholder.spread_information").
func (s *Process) SpreadInformation(ctx context.Context, actor relaciona.Actor, at time.Time, id string, version int64, sp InfoSpread) (Information, error) {
	actor, err := s.requireInformation(ctx, actor, "")
	if err != nil {
		return Information{}, err
	}
	cur, err := s.information().Get(ctx, id)
	if err != nil {
		if errors.Is(err, relaciona.ErrNotFound) {
			return Information{}, missing("information", id)
		}
		return Information{}, err
	}
	if actor, err = s.requireInformation(ctx, actor, cur.Value.Kind); err != nil {
		return Information{}, err
	}
	if len(sp.Stakeholders)+len(sp.Groups)+len(sp.People) == 0 {
		return Information{}, s.invalid("to", "indique a quién se difundió la información", "say who the information was spread to")
	}
	if _, ok := s.channels[sp.Channel]; !ok {
		return Information{}, s.invalid("channel", "canal desconocido %q", "unknown channel %q", sp.Channel)
	}
	if sp.Date.IsZero() {
		return Information{}, s.invalid("date", "indique la fecha de la difusión", "give the date it was spread")
	}
	if err := s.checkStakeholders(ctx, "stakeholders", sp.Stakeholders); err != nil {
		return Information{}, err
	}
	if err := s.checkGroups(ctx, "groups", sp.Groups); err != nil {
		return Information{}, err
	}
	for i, p := range sp.People {
		if err := s.checkPerson(ctx, fmt.Sprintf("people[%d]", i), p, 0); err != nil {
			return Information{}, err
		}
	}
	var out Information
	err = s.store.Update(ctx, actor, "stakeholder.spread_information", "information "+id, 1, func(b *relaciona.Batch) error {
		b.At(at)
		v := cur.Value
		if sp.Date.Before(v.Gathered) {
			return s.invalid("date", "la información se recopiló el %s: no pudo difundirse antes", "the information was gathered on %s: it cannot have been spread before", v.Gathered)
		}
		sp.By = actor.ID
		v.Spreads = append(v.Spreads, sp)
		s.information().Put(b, &v, version)
		out = v
		return nil
	})
	if err != nil {
		return Information{}, err
	}
	out.Version = version + 1
	return out, nil
}

// requireInformation asks the directory whether actor may work on
// information of kind k: the level of its action (information for
// general, technical_information for technical and commercial); with no
// kind, the lower of the two, the least any item needs, asked before
// anything is read.
func (s *Process) requireInformation(ctx context.Context, actor relaciona.Actor, k InfoKind) (relaciona.Actor, error) {
	if k != "" {
		return s.require(ctx, actor, k.action())
	}
	a := ActInformation
	if s.cfg.Level(ActTechnicalInformation) < s.cfg.Level(a) {
		a = ActTechnicalInformation
	}
	return s.require(ctx, actor, a)
}

// GetInformation returns item id with its version; an error wraps
// relaciona.ErrNotFound when there is none.
func (s *Process) GetInformation(ctx context.Context, id string) (Information, error) {
	d, err := s.information().Get(ctx, id)
	if errors.Is(err, relaciona.ErrNotFound) {
		return Information{}, missing("information", id)
	}
	d.Value.Version = d.Version
	return d.Value, err
}

// InfoQuery filters InformationItems. Zero fields do not filter.
type InfoQuery struct {
	Kind InfoKind
	// Topic keeps the items whose topic holds it (ignoring case).
	Topic string
	// From and To bound the date gathered.
	From, To calendar.Date
	// NeverSpread keeps the items never spread (through the index).
	NeverSpread bool
	// Stakeholder keeps the items spread to it.
	Stakeholder string
}

// InformationItems streams the register's items that match q, oldest
// first, each with its version.
func (s *Process) InformationItems(ctx context.Context, q InfoQuery) iter.Seq2[Information, error] {
	return func(yield func(Information, error) bool) {
		f := relaciona.Filter{From: dayTime(q.From)}
		attrs := map[string]string{}
		if !q.To.IsZero() {
			f.To = dayTime(q.To.AddDays(1))
		}
		if q.Kind != "" {
			attrs["kind"] = string(q.Kind)
		}
		if q.NeverSpread {
			attrs["spread"] = "no"
		}
		if len(attrs) > 0 {
			f.Attrs = attrs
		}
		topic := strings.ToLower(strings.TrimSpace(q.Topic))
		for x, err := range s.information().Scan(ctx, f) {
			if err != nil {
				yield(Information{}, err)
				return
			}
			v := x.Value
			v.Version = x.Version
			if topic != "" && !strings.Contains(strings.ToLower(v.Topic), topic) {
				continue
			}
			if q.Stakeholder != "" && !slices.ContainsFunc(v.Spreads, func(sp InfoSpread) bool { return slices.Contains(sp.Stakeholders, q.Stakeholder) }) {
				continue
			}
			if !yield(v, nil) {
				return
			}
		}
	}
}
