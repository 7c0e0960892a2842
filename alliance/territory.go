package alliance

import (
	"context"
	"sort"

	"github.com/relaciona/relaciona/calendar"
)

// Standing is an alliance's current standing from monitoring, kept on the
// alliance in the registry «Alianzas vigentes» (seed 001: "La información
// levantada por el monitoreo se debe registrar de forma continua en el
// archivo digital Alianzas vigentes y en el Estudio Territorial"). Every
// RecordMeasurements batch that measures the alliance rewrites it, in the
// same batch and so in the same audit entry: the year-to-date totals of
// the year of its latest measurement and its indicators against target.
type Standing struct {
	AsOf       calendar.Date        `json:"as_of,omitzero"`
	Year       int                  `json:"year"`
	Totals     Totals               `json:"totals"`
	Indicators []ObjectiveIndicator `json:"indicators,omitempty"`
	// Met and Below count the indicators with data that meet and miss
	// their target.
	Met   int `json:"met"`
	Below int `json:"below"`
}

// standingOf computes the standing of a over the measurements of one year.
func (s *Process) standingOf(a Alliance, year int, ms []Measurement) *Standing {
	t := Sum(ms)
	st := &Standing{AsOf: t.Last, Year: year, Totals: t, Indicators: s.indicatorsOf(a, t)}
	for _, in := range st.Indicators {
		switch {
		case !in.HasData:
		case in.Met:
			st.Met++
		default:
			st.Below++
		}
	}
	return st
}

// TerritoryPartner is one organisation of a territory as the Estudio
// Territorial lists it: with the alliance the office has with it, if any,
// and that alliance's kind, status and standing.
type TerritoryPartner struct {
	Organisation string       `json:"organisation"`
	Name         string       `json:"name" personal:"no"`
	Sector       Sector       `json:"sector,omitempty"`
	Alliance     string       `json:"alliance,omitempty"`
	Kind         AllianceKind `json:"kind,omitempty"`
	Status       Status       `json:"status,omitempty"`
	Standing     *Standing    `json:"standing,omitempty"`
}

// Territory is one territory (commune) of the Estudio Territorial with its
// organisations: partners first (those with an alliance in force with the
// office), then the other organisations, each by id.
type Territory struct {
	Commune  string             `json:"commune"`
	Partners []TerritoryPartner `json:"partners"`
	Others   []TerritoryPartner `json:"others,omitempty"`
}

// Territories returns the office's Estudio Territorial per territory
// (commune). It is derived, never stored: on each call it reads the
// organisations of the study and the office's alliances from the registry,
// so the partners of a territory and their standing are those the last
// change of an alliance (registration, change of kind, measurement, end)
// left in «Alianzas vigentes»; no second copy can drift from it. An
// organisation with several alliances in force is listed once per
// alliance; an ended alliance no longer makes a partner. Organisations
// without a commune go under the office's commune.
func (s *Process) Territories(ctx context.Context, office string) ([]Territory, error) {
	if err := s.checkOffice(office); err != nil {
		return nil, err
	}
	of, _ := s.cfg.Office(office)
	orgs, err := s.Organisations(ctx)
	if err != nil {
		return nil, err
	}
	all, err := s.Alliances(ctx, office)
	if err != nil {
		return nil, err
	}
	byOrg := map[string][]Alliance{}
	for _, a := range all {
		if live(a) {
			byOrg[a.Organisation] = append(byOrg[a.Organisation], a)
		}
	}
	idx := map[string]*Territory{}
	var out []*Territory
	for _, o := range orgs {
		c := o.Commune
		if c == "" {
			c = of.Commune
		}
		t := idx[c]
		if t == nil {
			t = &Territory{Commune: c, Partners: []TerritoryPartner{}}
			idx[c] = t
			out = append(out, t)
		}
		p := TerritoryPartner{Organisation: o.ID, Name: o.Name, Sector: o.Sector}
		if len(byOrg[o.ID]) == 0 {
			t.Others = append(t.Others, p)
			continue
		}
		for _, a := range byOrg[o.ID] {
			q := p
			q.Alliance, q.Kind, q.Status, q.Standing = a.ID, a.Kind, a.Status, a.Standing
			t.Partners = append(t.Partners, q)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Commune < out[j].Commune })
	res := make([]Territory, len(out))
	for i, t := range out {
		res[i] = *t
	}
	return res, nil
}
