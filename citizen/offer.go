package citizen

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// Assessment is the analysis of one offer item on a date (seed 002,
// activity 4): against the law in force ("Analizar la oferta ... con base
// en la normatividad vigente"), its relevance, quality ("Estudiar y validar
// la pertinencia, calidad y cobertura") and alignment with planning
// ("Analizar la alineación ... con la dirección y planeación
// institucional"), each scored 1 (worst) to 5. Coverage is computed, not
// scored (see Coverage).
type Assessment struct {
	ID        string        `json:"id"`
	Item      string        `json:"item"`
	Date      calendar.Date `json:"date"`
	Compliant bool          `json:"compliant"`
	LegalNote string        `json:"legal_note,omitempty"`
	Relevance int           `json:"relevance"`
	Quality   int           `json:"quality"`
	Alignment int           `json:"alignment"`
	Notes     string        `json:"notes,omitempty"`
	By        string        `json:"by"`
}

// Assess records the assessment of an offer item; a second assessment of
// the item on the same date replaces the first. The actor needs the
// relationship_lead role.
func (s *Process) Assess(ctx context.Context, a relaciona.Actor, in Assessment) (Assessment, error) {
	a, err := s.Authorize(ctx, a, "citizen.offer.assess", RoleLead)
	if err != nil {
		return Assessment{}, err
	}
	if _, ok, err := s.OfferItem(ctx, in.Item); err != nil {
		return Assessment{}, err
	} else if !ok {
		return Assessment{}, invalid(s.lang, "item", "elemento de la oferta desconocido %q", "unknown offer item %q", in.Item)
	}
	if err := checkDate(s.lang, "date", in.Date); err != nil {
		return Assessment{}, err
	}
	for name, v := range map[string]int{"relevance": in.Relevance, "quality": in.Quality, "alignment": in.Alignment} {
		if v < 1 || v > 5 {
			return Assessment{}, invalid(s.lang, name, "el puntaje %d está fuera de 1 a 5", "score %d is outside 1-5", v)
		}
	}
	if !in.Compliant && strings.TrimSpace(in.LegalNote) == "" {
		return Assessment{}, invalid(s.lang, "legal_note", "indique qué norma no cumple el elemento", "say which rule the item does not follow")
	}
	in.ID, in.By = in.Item+"/"+in.Date.String(), a.ID
	err = upsert(ctx, s, a, s.assessments, "citizen.offer.assess", "offer item assessed", s.stamp(in.Date), in.ID, &in)
	return in, err
}

// latestAssessment returns the last assessment of item on or before date.
func (s *Process) latestAssessment(ctx context.Context, item string, date calendar.Date) (*Assessment, error) {
	var last *Assessment
	for d, err := range s.assessments.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"item": item}, To: process.DateTime(date.AddDays(1))}) {
		if err != nil {
			return nil, err
		}
		v := d.Value
		last = &v
	}
	return last, nil
}

// Coverage is the channel coverage of an offer item: of the segments it
// serves (all segments when it names none), the share whose preferred
// channels include at least one channel of the item (a segment with no
// preference counts as covered), and the preferred channels missing.
func (c *Config) Coverage(item string) (float64, []string) {
	it, ok := c.items[item]
	if !ok {
		return 0, nil
	}
	return c.coverageOf(it)
}

// coverageOf is Coverage of the item it (as the store holds it).
func (c *Config) coverageOf(it *OfferItem) (float64, []string) {
	segs := it.Segments
	if len(segs) == 0 {
		for _, sg := range c.Segments {
			segs = append(segs, sg.ID)
		}
	}
	if len(segs) == 0 {
		return 1, nil
	}
	covered := 0
	var missing []string
	for _, id := range segs {
		sg := c.segs[id]
		if sg == nil || len(sg.PreferredChannels) == 0 {
			covered++
			continue
		}
		hit := false
		for _, ch := range sg.PreferredChannels {
			if slices.Contains(it.Channels, ch) {
				hit = true
			}
		}
		if hit {
			covered++
			continue
		}
		for _, ch := range sg.PreferredChannels {
			if !slices.Contains(missing, ch) {
				missing = append(missing, ch)
			}
		}
	}
	return float64(covered) / float64(len(segs)), missing
}

// Action is a proposed adjustment of an offer item.
type Action string

// The adjustment actions.
const (
	ActionKeep          Action = "keep"
	ActionNotAssessed   Action = "not_assessed"
	ActionLegal         Action = "align_with_law"
	ActionRationalise   Action = "rationalise"
	ActionImprove       Action = "improve_quality"
	ActionCoverage      Action = "extend_coverage"
	ActionAlignPlanning Action = "align_with_planning"
	ActionFeedback      Action = "review_from_feedback"
	// ActionAccessibility: a segment the item serves needs an
	// accessibility feature none of its channels offers.
	ActionAccessibility Action = "make_accessible"
)

// Label is the action's name for a reader.
func (x Action) Label(l relaciona.Lang) string {
	return process.Labels[Action]{
		ActionKeep:          {"Mantener", "Keep"},
		ActionNotAssessed:   {"Evaluar (sin análisis)", "Assess (not analysed)"},
		ActionLegal:         {"Ajustar a la normativa", "Bring in line with the law"},
		ActionRationalise:   {"Racionalizar o suprimir", "Rationalise or remove"},
		ActionImprove:       {"Mejorar la calidad", "Improve quality"},
		ActionCoverage:      {"Ampliar canales y cobertura", "Extend channels and coverage"},
		ActionAlignPlanning: {"Alinear con la planeación", "Align with planning"},
		ActionFeedback:      {"Revisar por la realimentación", "Review from feedback"},
		ActionAccessibility: {"Hacer accesibles los canales", "Make the channels accessible"},
	}.Of(l, x)
}

// ItemAdjustment is the proposal for one offer item with its evidence.
type ItemAdjustment struct {
	Item            string        `json:"item"`
	Actions         []Action      `json:"actions"`
	Assessed        calendar.Date `json:"assessed,omitzero"`
	Compliant       bool          `json:"compliant"`
	Relevance       int           `json:"relevance,omitempty"`
	Quality         int           `json:"quality,omitempty"`
	Alignment       int           `json:"alignment,omitempty"`
	Coverage        float64       `json:"coverage"`
	MissingChannels []string      `json:"missing_channels,omitempty"`
	Complaints      int           `json:"complaints"`
	PQRSD           int           `json:"pqrsd"`
	Feedback        []string      `json:"feedback,omitempty"`
	// AccessGaps are the accessibility features that a segment the item
	// serves needs and none of its channels offers (see AccessGap).
	AccessGaps []AccessGap `json:"access_gaps,omitempty"`
}

// ProposalStatus is where an adjustment proposal is.
type ProposalStatus string

// The proposal statuses.
const (
	ProposalDraft    ProposalStatus = "draft"
	ProposalApproved ProposalStatus = "approved"
)

// AdjustmentProposal is the proposal to adjust the institutional offer
// (seed 002, activity 4: "Generar la propuesta de ajuste a la oferta
// institucional"), built from the assessments, the channel coverage, the
// quejas and reclamos about each item in the period, and the feedback of
// the indicators.
type AdjustmentProposal struct {
	ID         string           `json:"id"`
	Date       calendar.Date    `json:"date"`
	From       calendar.Date    `json:"from"`
	To         calendar.Date    `json:"to"`
	Status     ProposalStatus   `json:"status"`
	Items      []ItemAdjustment `json:"items"`
	By         string           `json:"by"`
	ApprovedBy string           `json:"approved_by,omitempty"`
	Approved   calendar.Date    `json:"approved,omitzero"`
	// Changes are the changes to the offer the proposal carries
	// (ProposeOfferChanges), applied when it is approved.
	Changes []OfferChange `json:"changes,omitempty"`
}

// AnalyseOffer computes the adjustment of every offer item as of date,
// counting the PQRSD filed in [from, to]. It writes nothing.
func (s *Process) AnalyseOffer(ctx context.Context, from, to, date calendar.Date) ([]ItemAdjustment, error) {
	if err := checkDate(s.lang, "from", from); err != nil {
		return nil, err
	}
	if err := checkDate(s.lang, "to", to); err != nil {
		return nil, err
	}
	if to.Before(from) {
		return nil, invalid(s.lang, "to", "el periodo termina (%s) antes de empezar (%s)", "the period ends (%s) before it starts (%s)", to, from)
	}
	complaints, all := map[string]int{}, map[string]int{}
	f := window(s.startOf(from), s.startOf(to.AddDays(1)), nil)
	for d, err := range s.pqrsd.Scan(ctx, f) {
		if err != nil {
			return nil, err
		}
		p := d.Value
		if p.Offer == "" {
			continue
		}
		all[p.Offer]++
		if p.Type == Queja || p.Type == Reclamo {
			complaints[p.Offer]++
		}
	}
	fb := map[string][]string{}
	for d, err := range s.feedback.Scan(ctx, window(process.DateTime(from), process.DateTime(to.AddDays(1)), nil)) {
		if err != nil {
			return nil, err
		}
		if d.Value.Item != "" && !slices.Contains(fb[d.Value.Item], d.Value.Indicator) {
			fb[d.Value.Item] = append(fb[d.Value.Item], d.Value.Indicator)
		}
	}
	an := s.cfg.Analysis
	offer, err := s.Offer(ctx)
	if err != nil {
		return nil, err
	}
	var out []ItemAdjustment
	for _, it := range offer {
		cov, missing := s.cfg.coverageOf(&it)
		ia := ItemAdjustment{Item: it.ID, Coverage: cov, MissingChannels: missing, Complaints: complaints[it.ID], PQRSD: all[it.ID], Feedback: fb[it.ID]}
		ia.AccessGaps = s.cfg.accessGaps(&it)
		as, err := s.latestAssessment(ctx, it.ID, date)
		if err != nil {
			return nil, err
		}
		if as == nil {
			ia.Actions = append(ia.Actions, ActionNotAssessed)
		} else {
			ia.Assessed, ia.Compliant, ia.Relevance, ia.Quality, ia.Alignment = as.Date, as.Compliant, as.Relevance, as.Quality, as.Alignment
			if !as.Compliant {
				ia.Actions = append(ia.Actions, ActionLegal)
			}
			if as.Relevance < an.LowScore {
				ia.Actions = append(ia.Actions, ActionRationalise)
			}
		}
		if (as != nil && as.Quality < an.LowScore) || ia.Complaints >= an.ComplaintThreshold {
			ia.Actions = append(ia.Actions, ActionImprove)
		}
		if cov < an.MinCoverage {
			ia.Actions = append(ia.Actions, ActionCoverage)
		}
		if (as != nil && as.Alignment < an.LowScore) || len(it.Objectives) == 0 {
			ia.Actions = append(ia.Actions, ActionAlignPlanning)
		}
		if len(ia.Feedback) > 0 {
			ia.Actions = append(ia.Actions, ActionFeedback)
		}
		if len(ia.AccessGaps) > 0 {
			ia.Actions = append(ia.Actions, ActionAccessibility)
		}
		if len(ia.Actions) == 0 {
			ia.Actions = []Action{ActionKeep}
		}
		out = append(out, ia)
	}
	return out, nil
}

// ProposeAdjustment stores the adjustment proposal of date over the period
// [from, to]. The actor needs the relationship_lead role.
func (s *Process) ProposeAdjustment(ctx context.Context, a relaciona.Actor, from, to, date calendar.Date) (AdjustmentProposal, error) {
	a, err := s.authorizeOn(ctx, a, "citizen.offer.propose", date, RoleLead)
	if err != nil {
		return AdjustmentProposal{}, err
	}
	items, err := s.AnalyseOffer(ctx, from, to, date)
	if err != nil {
		return AdjustmentProposal{}, err
	}
	p := AdjustmentProposal{ID: "adj-" + date.String(), Date: date, From: from, To: to, Status: ProposalDraft, Items: items, By: a.ID}
	err = s.store.Update(ctx, a, "citizen.offer.propose", "offer adjustment proposed", 3, func(b *relaciona.Batch) error {
		b.At(s.stamp(date))
		var ver int64
		if d, err := s.proposals.Get(ctx, p.ID); err == nil {
			if d.Value.Status == ProposalApproved {
				return invalid(s.lang, "date", "la propuesta del %s ya está aprobada", "the proposal of %s is already approved", date)
			}
			ver, p.Changes = d.Version, d.Value.Changes
		}
		s.proposals.Put(b, &p, ver)
		return nil
	})
	return p, err
}

// ApproveAdjustment approves a draft adjustment proposal and, in the same
// batch, applies the changes to the offer it carries (ProposeOfferChanges;
// see applyOfferChanges). The actor needs the direction role.
func (s *Process) ApproveAdjustment(ctx context.Context, a relaciona.Actor, id string, date calendar.Date) (AdjustmentProposal, error) {
	a, err := s.authorizeOn(ctx, a, "citizen.offer.approve", date, RoleDirection)
	if err != nil {
		return AdjustmentProposal{}, err
	}
	return changeRecord(ctx, s, a, s.proposals, "citizen.offer.approve", "offer adjustment approved", s.stamp(date), "", id, func(b *relaciona.Batch, p *AdjustmentProposal) error {
		if p.Status != ProposalDraft {
			return invalid(s.lang, "status", "la propuesta %s está en estado %s", "proposal %s is %s", id, p.Status)
		}
		if date.Before(p.Date) {
			return invalid(s.lang, "date", "la aprobación del %s es anterior a la propuesta (%s)", "approval on %s is before the proposal (%s)", date, p.Date)
		}
		p.Status, p.ApprovedBy, p.Approved = ProposalApproved, a.ID, date
		return s.applyOfferChanges(ctx, b, a, p, date)
	})
}

// Proposal reads an adjustment proposal.
func (s *Process) Proposal(ctx context.Context, id string) (AdjustmentProposal, error) {
	d, err := s.proposals.Get(ctx, id)
	if err != nil {
		return AdjustmentProposal{}, fmt.Errorf("proposal %s: %w", id, err)
	}
	return d.Value, nil
}
