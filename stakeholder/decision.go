package stakeholder

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// kindDecision is the decision register's record kind.
const kindDecision = "stakeholder.decision"

// ActFacilitateDecision: facilitate a decision and keep its log (record
// it, its consultations and impacts, take it). Level 5, "Facilita los
// procesos de toma de decisiones empresariales" (seed
// 000_f7cf2e5b8754cfa1.txt, "Nivel 5"). The facilitator named in a
// decision needs the same level in the directory.
const ActFacilitateDecision Action = "facilitate_decision"

// ActInformedFeedback: give the stakeholders consulted informed feedback
// on a decision taken (record it given). Level 5, "Proporciona
// retroalimentación informada para evaluar y promover la comprensión"
// (seed 000, "Nivel 5").
const ActInformedFeedback Action = "informed_feedback"

// NoticeDecisionFeedbackDue: a decision was taken and the stakeholders
// consulted on it are due informed feedback (the outcome and how their
// input was weighed). To each stakeholder's contact point, else the
// decision's facilitator, one notice per person naming the stakeholders
// (field "stakeholder", comma-separated), written in the batch that takes
// the decision
// (seed 000 "Nivel 5": "Proporciona retroalimentación informada").
const NoticeDecisionFeedbackDue = "stakeholder.decision.feedback_due"

// DecisionFeedbackDays is the term, in business days after the decision,
// to give each stakeholder consulted the informed feedback.
const DecisionFeedbackDays = 10

// DecisionStatus is where a decision stands: draft (recorded, being
// prepared), consulted (at least one consultation recorded) or taken.
type DecisionStatus string

// The decision statuses.
const (
	DecisionDraft     DecisionStatus = "draft"
	DecisionConsulted DecisionStatus = "consulted"
	DecisionTaken     DecisionStatus = "taken"
)

var decisionStatusLabels = process.Labels[DecisionStatus]{
	DecisionDraft: {"borrador", "draft"}, DecisionConsulted: {"consultada", "consulted"}, DecisionTaken: {"tomada", "taken"},
}

// Label is the status in lang.
func (s DecisionStatus) Label(lang relaciona.Lang) string { return decisionStatusLabels.Of(lang, s) }

// Effect is the direction of an impact on a stakeholder.
type Effect string

// The effects of an impact.
const (
	EffectPositive Effect = "positive"
	EffectNegative Effect = "negative"
	EffectNeutral  Effect = "neutral"
)

// Effects lists the effects in a stable order.
func Effects() []Effect { return []Effect{EffectPositive, EffectNegative, EffectNeutral} }

var effectLabels = process.Labels[Effect]{
	EffectPositive: {"positivo", "positive"}, EffectNegative: {"negativo", "negative"}, EffectNeutral: {"neutro", "neutral"},
}

// Label is the effect in lang.
func (e Effect) Label(lang relaciona.Lang) string { return effectLabels.Of(lang, e) }

// Consultation is one consultation on a decision: the stakeholder consulted
// (a register id) and/or the person spoken to (a name: personal data), the
// date and what they said (personal data).
type Consultation struct {
	Stakeholder string        `json:"stakeholder,omitempty" personal:"subject"`
	Person      string        `json:"person,omitempty" personal:"true"`
	Date        calendar.Date `json:"date"`
	Said        string        `json:"said" personal:"true"`
	By          string        `json:"by,omitempty" personal:"no"`
}

// Impact is the impact of a decision weighed for one affected stakeholder
// or group: what it is, its effect and its severity.
type Impact struct {
	Stakeholder string   `json:"stakeholder,omitempty" personal:"subject"`
	Group       string   `json:"group,omitempty"`
	Description string   `json:"description" personal:"true"`
	Effect      Effect   `json:"effect"`
	Severity    Severity `json:"severity"`
}

// DecisionFeedback is the informed feedback a stakeholder consulted is
// owed once the decision is taken: to whom the notice went (To, a person
// of the directory), by when (Due), and once given, when, by whom, by
// which channel and what was said (Note, personal data).
type DecisionFeedback struct {
	Stakeholder string        `json:"stakeholder" personal:"subject"`
	To          string        `json:"to" personal:"no"`
	Due         calendar.Date `json:"due"`
	Given       calendar.Date `json:"given,omitzero"`
	By          string        `json:"by,omitempty" personal:"no"`
	Channel     string        `json:"channel,omitempty"`
	Note        string        `json:"note,omitempty" personal:"true"`
}

// Decision is one entry of the decision register (seed
// 000_f7cf2e5b8754cfa1.txt: "Logra el compromiso de actuar a través de la
// consulta y la consideración de los impactos"; "Nivel 5": "Facilita los
// procesos de toma de decisiones empresariales"): what is decided, the
// stakeholders and groups it affects, whom it consulted, the impacts
// weighed, who took part and who facilitated, the options considered and
// the outcome, and the informed feedback owed to those consulted.
type Decision struct {
	ID             string         `json:"id"`
	Title          string         `json:"title" personal:"no"`
	Status         DecisionStatus `json:"status"`
	Opened         calendar.Date  `json:"opened"`
	Affected       []string       `json:"affected,omitempty" personal:"subject"`
	AffectedGroups []string       `json:"affected_groups,omitempty"`
	Facilitator    string         `json:"facilitator" personal:"no"`
	Participants   []string       `json:"participants,omitempty" personal:"no"`
	Options        []string       `json:"options,omitempty" personal:"no"`
	Consultations  []Consultation `json:"consultations,omitempty"`
	Impacts        []Impact       `json:"impacts,omitempty"`

	Decided  calendar.Date      `json:"decided,omitzero"`
	Outcome  string             `json:"outcome,omitempty" personal:"no"`
	Feedback []DecisionFeedback `json:"feedback,omitempty"`
	By       string             `json:"by,omitempty" personal:"no"`
}

// Date is the decision's date: the day taken, else the day opened.
func (d *Decision) Date() calendar.Date {
	if !d.Decided.IsZero() {
		return d.Decided
	}
	return d.Opened
}

// FeedbackOwed counts the feedback owed on the decision and how much of it
// was given.
func (d *Decision) FeedbackOwed() (owed, given int) {
	for _, f := range d.Feedback {
		owed++
		if !f.Given.IsZero() {
			given++
		}
	}
	return owed, given
}

func decisionKey(d *Decision) relaciona.Key {
	return relaciona.Key{ID: d.ID, Attrs: map[string]string{"status": string(d.Status), "opened": d.Opened.String()}, Time: dayTime(d.Date())}
}

// DecisionInput is a decision as its facilitator records it: the draft's
// content. ID is optional on creation ("DEC-YYYYMMDD-NNNN" from Opened);
// given, it updates that draft. Impacts are weighed while drafting and may
// be replaced until the decision is taken; consultations are added with
// AddConsultation.
type DecisionInput struct {
	ID             string
	Title          string
	Opened         calendar.Date
	Affected       []string
	AffectedGroups []string
	Facilitator    string
	Participants   []string
	Options        []string
	Impacts        []Impact
}

// RecordDecision records a decision as a draft, or updates a draft not
// taken yet. It needs the "facilitate_decision" level (5), checked in the
// directory first. The facilitator must hold that level in the directory
// and each participant must be listed in it; affected stakeholders and
// groups must exist, and each impact must be about one of them. One
// audited write (action "stakeholder.record_decision").
func (s *Process) RecordDecision(ctx context.Context, actor relaciona.Actor, at time.Time, in DecisionInput) (Decision, error) {
	actor, err := s.require(ctx, actor, ActFacilitateDecision)
	if err != nil {
		return Decision{}, err
	}
	if err := s.checkDecisionInput(ctx, &in); err != nil {
		return Decision{}, err
	}
	var out Decision
	err = s.store.Update(ctx, actor, "stakeholder.record_decision", "record decision", 3, func(b *relaciona.Batch) error {
		b.At(at)
		var cur relaciona.Doc[Decision]
		d := Decision{Status: DecisionDraft}
		if in.ID != "" {
			var err error
			cur, err = s.decisions().Get(ctx, in.ID)
			switch {
			case err == nil:
				d = cur.Value
				if d.Status == DecisionTaken {
					return s.invalid("id", "la decisión %q ya fue tomada: no se modifica", "decision %q was taken already: it cannot change", in.ID)
				}
			case !errors.Is(err, relaciona.ErrNotFound):
				return err
			}
		} else {
			// Counted by the day opened: the record's time moves to the
			// day taken.
			id, err := openedID(ctx, s.store, kindDecision, "DEC", in.Opened)
			if err != nil {
				return err
			}
			in.ID = id
		}
		d.ID, d.Title, d.Opened = in.ID, in.Title, in.Opened
		d.Affected, d.AffectedGroups = in.Affected, in.AffectedGroups
		d.Facilitator, d.Participants, d.Options, d.Impacts = in.Facilitator, in.Participants, in.Options, in.Impacts
		d.By = actor.ID
		s.decisions().Put(b, &d, cur.Version)
		out = d
		return nil
	})
	return out, err
}

// decisions is the decision register's collection.
func (s *Process) decisions() *relaciona.Collection[Decision] {
	return relaciona.NewCollection(s.store, kindDecision, decisionKey)
}

// checkDecisionInput validates a draft against the register and the
// directory.
func (s *Process) checkDecisionInput(ctx context.Context, in *DecisionInput) error {
	if in.ID != "" {
		if err := s.checkID("id", in.ID); err != nil {
			return err
		}
	}
	if strings.TrimSpace(in.Title) == "" {
		return s.invalid("title", "indique qué se decide", "say what is being decided")
	}
	if in.Opened.IsZero() {
		return s.invalid("opened", "indique la fecha de la decisión", "give the decision's date")
	}
	if in.Facilitator == "" {
		return s.invalid("facilitator", "indique quién facilita la decisión", "name who facilitates the decision")
	}
	if err := s.checkPerson(ctx, "facilitator", in.Facilitator, s.cfg.Level(ActFacilitateDecision)); err != nil {
		return err
	}
	for i, p := range in.Participants {
		if err := s.checkPerson(ctx, fmt.Sprintf("participants[%d]", i), p, 0); err != nil {
			return err
		}
	}
	for i, o := range in.Options {
		if strings.TrimSpace(o) == "" {
			return s.invalid(fmt.Sprintf("options[%d]", i), "la opción %d está vacía", "option %d is empty", i+1)
		}
	}
	if err := s.checkStakeholders(ctx, "affected", in.Affected); err != nil {
		return err
	}
	if err := s.checkGroups(ctx, "affected_groups", in.AffectedGroups); err != nil {
		return err
	}
	for i, im := range in.Impacts {
		f := fmt.Sprintf("impacts[%d]", i)
		switch {
		case (im.Stakeholder == "") == (im.Group == ""):
			return s.invalid(f, "el impacto %d debe ser sobre una parte interesada o un grupo afectado", "impact %d must be about one affected stakeholder or group", i+1)
		case im.Stakeholder != "" && !slices.Contains(in.Affected, im.Stakeholder):
			return s.invalid(f+".stakeholder", "%q no figura entre las partes interesadas afectadas", "%q is not among the affected stakeholders", im.Stakeholder)
		case im.Group != "" && !slices.Contains(in.AffectedGroups, im.Group):
			return s.invalid(f+".group", "%q no figura entre los grupos afectados", "%q is not among the affected groups", im.Group)
		case strings.TrimSpace(im.Description) == "":
			return s.invalid(f+".description", "describa el impacto", "describe the impact")
		case !slices.Contains(Effects(), im.Effect):
			return s.invalid(f+".effect", "efecto %q: use positive, negative o neutral", "effect %q: use positive, negative or neutral", im.Effect)
		case !im.Severity.valid():
			return s.invalid(f+".severity", "severidad %q: use low, medium, high o critical", "severity %q: use low, medium, high or critical", im.Severity)
		}
	}
	return nil
}

// AddConsultation records consultations on a decision not taken yet (a
// draft becomes "consulted"). Each names the stakeholder consulted (an id
// of the register) or the person spoken to, the date (not after the
// decision is taken, by construction) and what they said. It needs the
// "facilitate_decision" level (5). One audited write, under the
// decision's version (action "stakeholder.consult").
func (s *Process) AddConsultation(ctx context.Context, actor relaciona.Actor, at time.Time, id string, cs ...Consultation) (Decision, error) {
	actor, err := s.require(ctx, actor, ActFacilitateDecision)
	if err != nil {
		return Decision{}, err
	}
	if len(cs) == 0 {
		return Decision{}, s.invalid("consultations", "indique al menos una consulta", "give at least one consultation")
	}
	var sids []string
	for i, c := range cs {
		f := fmt.Sprintf("consultations[%d]", i)
		switch {
		case c.Stakeholder == "" && strings.TrimSpace(c.Person) == "":
			return Decision{}, s.invalid(f, "indique la parte interesada o la persona consultada", "name the stakeholder or the person consulted")
		case c.Date.IsZero():
			return Decision{}, s.invalid(f+".date", "indique la fecha de la consulta", "give the consultation's date")
		case strings.TrimSpace(c.Said) == "":
			return Decision{}, s.invalid(f+".said", "indique qué dijo la persona consultada", "say what the person consulted said")
		}
		if c.Stakeholder != "" {
			sids = append(sids, c.Stakeholder)
		}
	}
	have, err := existing(ctx, s.stakeholders, sids)
	if err != nil {
		return Decision{}, err
	}
	for i, c := range cs {
		if c.Stakeholder != "" && !have[c.Stakeholder] {
			return Decision{}, s.notFound(fmt.Sprintf("consultations[%d].stakeholder", i), "parte interesada desconocida %q", "unknown stakeholder %q", c.Stakeholder)
		}
	}
	return s.updateDecision(ctx, actor, at, "stakeholder.consult", id, func(_ *relaciona.Batch, d *Decision) error {
		for _, c := range cs {
			c.By = actor.ID
			d.Consultations = append(d.Consultations, c)
		}
		d.Status = DecisionConsulted
		return nil
	})
}

// updateDecision reads decision id, refuses it when taken, applies fn and
// writes it back under its version, in one audited batch.
func (s *Process) updateDecision(ctx context.Context, actor relaciona.Actor, at time.Time, action, id string, fn func(*relaciona.Batch, *Decision) error) (Decision, error) {
	return s.writeDecision(ctx, actor, at, action, id, false, fn)
}

// writeDecision is updateDecision; with taken, a decision taken may be
// written too (its feedback).
func (s *Process) writeDecision(ctx context.Context, actor relaciona.Actor, at time.Time, action, id string, taken bool, fn func(*relaciona.Batch, *Decision) error) (Decision, error) {
	var out Decision
	err := s.store.Update(ctx, actor, action, "decision "+id, 3, func(b *relaciona.Batch) error {
		b.At(at)
		cur, err := s.decisions().Get(ctx, id)
		if err != nil {
			if errors.Is(err, relaciona.ErrNotFound) {
				return missing("decision", id)
			}
			return err
		}
		d := cur.Value
		if d.Status == DecisionTaken && !taken {
			return s.invalid("id", "la decisión %q ya fue tomada: no se modifica", "decision %q was taken already: it cannot change", id)
		}
		if err := fn(b, &d); err != nil {
			return err
		}
		s.decisions().Put(b, &d, cur.Version)
		out = d
		return nil
	})
	return out, err
}

// isKeyStakeholder reports whether st is a key stakeholder in the package's sense:
// its latest assessment puts it in the "manage closely" quadrant (the
// stakeholders whose contact point needs own_key_stakeholder).
func isKeyStakeholder(st Stakeholder) bool {
	return st.Latest != nil && st.Latest.Quadrant == ManageClosely
}

// affectedStakeholders returns the stakeholders a decision affects: those
// named, then the members of the groups named (and of the groups nested
// in them), each once, in that order.
func (s *Process) affectedStakeholders(ctx context.Context, d *Decision) ([]Stakeholder, error) {
	var out []Stakeholder
	seen := map[string]bool{}
	if len(d.Affected) > 0 {
		ds, err := s.stakeholders.GetMany(ctx, d.Affected)
		if err != nil {
			return nil, err
		}
		byID := map[string]Stakeholder{}
		for _, x := range ds {
			byID[x.ID] = x.Value
		}
		for _, id := range d.Affected {
			if st, ok := byID[id]; ok && !seen[id] {
				seen[id] = true
				out = append(out, st)
			}
		}
	}
	if len(d.AffectedGroups) == 0 {
		return out, nil
	}
	groups, err := s.Groups(ctx)
	if err != nil {
		return nil, err
	}
	in := map[string]bool{}
	for _, g := range d.AffectedGroups {
		for id := range descendants(groups, g) {
			in[id] = true
		}
	}
	for x, err := range s.stakeholders.Scan(ctx, relaciona.Filter{}) {
		if err != nil {
			return nil, err
		}
		if !seen[x.ID] && slices.ContainsFunc(x.Value.Groups, func(g string) bool { return in[g] }) {
			seen[x.ID] = true
			out = append(out, x.Value)
		}
	}
	return out, nil
}

// TakeInput is what TakeDecision records: the date taken and the outcome
// (which option, and why).
type TakeInput struct {
	Date    calendar.Date
	Outcome string
}

// TakeDecision takes a decision: it records the date and the outcome and
// marks it taken, only once the seed's rule holds (seed
// 000_f7cf2e5b8754cfa1.txt: "Logra el compromiso de actuar a través de la
// consulta y la consideración de los impactos"): every affected key
// stakeholder (manage closely; named, or a member of an affected group)
// was consulted on or before the date, every affected stakeholder and
// group has an impact weighed, at least one option was considered and
// someone took part. A refusal names who is missing. In the same batch it
// owes each stakeholder consulted informed feedback (due
// DecisionFeedbackDays business days later) and writes
// NoticeDecisionFeedbackDue to its contact point, else to the
// facilitator. It needs the "facilitate_decision" level (5).
func (s *Process) TakeDecision(ctx context.Context, actor relaciona.Actor, at time.Time, id string, in TakeInput) (Decision, error) {
	actor, err := s.require(ctx, actor, ActFacilitateDecision)
	if err != nil {
		return Decision{}, err
	}
	if in.Date.IsZero() {
		return Decision{}, s.invalid("date", "indique la fecha en que se toma la decisión", "give the date the decision is taken")
	}
	if strings.TrimSpace(in.Outcome) == "" {
		return Decision{}, s.invalid("outcome", "indique el resultado de la decisión", "give the decision's outcome")
	}
	return s.updateDecision(ctx, actor, at, "stakeholder.take_decision", id, func(b *relaciona.Batch, d *Decision) error {
		if in.Date.Before(d.Opened) {
			return s.invalid("date", "la decisión se abrió el %s: no pudo tomarse antes", "the decision was opened on %s: it cannot be taken before", d.Opened)
		}
		if len(d.Options) == 0 {
			return s.invalid("options", "registre las opciones consideradas antes de tomar la decisión", "record the options considered before taking the decision")
		}
		if len(d.Participants) == 0 {
			return s.invalid("participants", "registre quiénes participaron antes de tomar la decisión", "record who took part before taking the decision")
		}
		affected, err := s.affectedStakeholders(ctx, d)
		if err != nil {
			return err
		}
		consulted := map[string]bool{}
		for _, c := range d.Consultations {
			if c.Stakeholder != "" && !c.Date.After(in.Date) {
				consulted[c.Stakeholder] = true
			}
		}
		var notConsulted []string
		for _, st := range affected {
			if isKeyStakeholder(st) && !consulted[st.ID] {
				notConsulted = append(notConsulted, st.ID)
			}
		}
		if len(notConsulted) > 0 {
			return s.invalid("consultations", "falta consultar a las partes interesadas clave afectadas: %s", "the affected key stakeholders must be consulted first: %s", strings.Join(notConsulted, ", "))
		}
		weighed := map[string]bool{}
		for _, im := range d.Impacts {
			weighed[im.Stakeholder+"\x00"+im.Group] = true
		}
		var noImpact []string
		for _, sid := range d.Affected {
			if !weighed[sid+"\x00"] {
				noImpact = append(noImpact, sid)
			}
		}
		for _, g := range d.AffectedGroups {
			if !weighed["\x00"+g] {
				noImpact = append(noImpact, s.lang.Tf("grupo %s", "group %s", g))
			}
		}
		if len(noImpact) > 0 {
			return s.invalid("impacts", "falta ponderar el impacto sobre: %s", "the impact must be weighed for: %s", strings.Join(noImpact, ", "))
		}
		due, err := s.cal.AddBusinessDays(in.Date, DecisionFeedbackDays)
		if err != nil {
			return err
		}
		d.Status, d.Decided, d.Outcome = DecisionTaken, in.Date, in.Outcome
		d.Feedback = nil
		var sids []string
		for _, c := range d.Consultations {
			if c.Stakeholder != "" && !slices.Contains(sids, c.Stakeholder) {
				sids = append(sids, c.Stakeholder)
			}
		}
		sort.Strings(sids)
		sts, err := s.stakeholders.GetMany(ctx, sids)
		if err != nil {
			return err
		}
		cp := map[string]string{}
		for _, x := range sts {
			cp[x.ID] = x.Value.ContactPoint
		}
		// One notice per person, naming every stakeholder they are to
		// tell (a contact point may hold several).
		var people []string
		tell := map[string][]string{}
		for _, sid := range sids {
			to := cp[sid]
			if to == "" {
				to = d.Facilitator
			}
			d.Feedback = append(d.Feedback, DecisionFeedback{Stakeholder: sid, To: to, Due: due})
			if _, ok := tell[to]; !ok {
				people = append(people, to)
			}
			tell[to] = append(tell[to], sid)
		}
		for _, to := range people {
			b.Notify(relaciona.Notification{Kind: NoticeDecisionFeedbackDue, Process: Kind, About: relaciona.Ref{Kind: kindDecision, ID: d.ID},
				Due: process.DateString(due), To: relaciona.Recipient{Person: to}, Lang: s.personLang(ctx, to),
				Fields: map[string]string{"record": d.ID, "decision": d.ID, "decision_title": d.Title, "stakeholder": strings.Join(tell[to], ", "),
					"decided": process.DateString(d.Decided), "outcome": d.Outcome}})
		}
		return nil
	})
}

// FeedbackGiven is the informed feedback given to a stakeholder consulted
// on a decision: when, by which channel of the catalogue, and a note of
// what was said (personal data).
type FeedbackGiven struct {
	Date    calendar.Date
	Channel string
	Note    string
}

// RecordDecisionFeedback marks the informed feedback owed to stakeholder
// on decision id as given (seed 000 "Nivel 5": "Proporciona
// retroalimentación informada para evaluar y promover la comprensión"). It
// needs the "informed_feedback" level (5). Feedback given twice, before
// the decision, or to a stakeholder not owed any, is refused. One audited
// write under the decision's version.
func (s *Process) RecordDecisionFeedback(ctx context.Context, actor relaciona.Actor, at time.Time, id, stakeholder string, g FeedbackGiven) (Decision, error) {
	actor, err := s.require(ctx, actor, ActInformedFeedback)
	if err != nil {
		return Decision{}, err
	}
	if g.Date.IsZero() {
		return Decision{}, s.invalid("date", "indique la fecha de la retroalimentación", "give the feedback's date")
	}
	if _, ok := s.channels[g.Channel]; !ok {
		return Decision{}, s.invalid("channel", "canal desconocido %q", "unknown channel %q", g.Channel)
	}
	return s.writeDecision(ctx, actor, at, "stakeholder.decision_feedback", id, true, func(_ *relaciona.Batch, d *Decision) error {
		if d.Status != DecisionTaken {
			return s.invalid("id", "la decisión %q no se ha tomado: aún no hay retroalimentación que dar", "decision %q is not taken: no feedback is owed yet", id)
		}
		i := slices.IndexFunc(d.Feedback, func(f DecisionFeedback) bool { return f.Stakeholder == stakeholder })
		switch {
		case i < 0:
			return s.invalid("stakeholder", "%q no fue consultada en la decisión %q", "%q was not consulted on decision %q", stakeholder, id)
		case !d.Feedback[i].Given.IsZero():
			return s.invalid("stakeholder", "la retroalimentación a %q ya se dio el %s", "feedback to %q was given already on %s", stakeholder, d.Feedback[i].Given)
		case g.Date.Before(d.Decided):
			return s.invalid("date", "la decisión se tomó el %s: la retroalimentación no puede ser anterior", "the decision was taken on %s: feedback cannot come before", d.Decided)
		}
		d.Feedback[i].Given, d.Feedback[i].By, d.Feedback[i].Channel, d.Feedback[i].Note = g.Date, actor.ID, g.Channel, g.Note
		return nil
	})
}

// GetDecision returns decision id; an error wraps relaciona.ErrNotFound
// when there is none.
func (s *Process) GetDecision(ctx context.Context, id string) (Decision, error) {
	d, err := s.decisions().Get(ctx, id)
	if errors.Is(err, relaciona.ErrNotFound) {
		return Decision{}, missing("decision", id)
	}
	return d.Value, err
}

// DecisionQuery filters Decisions. Zero fields do not filter.
type DecisionQuery struct {
	// Stakeholder keeps the decisions that name it affected, consulted it
	// or weighed an impact on it.
	Stakeholder string
	// Group keeps the decisions that name the group (or a group nested in
	// it) affected.
	Group string
	// From and To bound the decision's date (taken, else opened).
	From, To calendar.Date
	// Status keeps one status.
	Status DecisionStatus
}

// Decisions streams the decisions that match q, oldest first, through the
// store's time index.
func (s *Process) Decisions(ctx context.Context, q DecisionQuery) iter.Seq2[Decision, error] {
	return func(yield func(Decision, error) bool) {
		f := relaciona.Filter{From: dayTime(q.From)}
		if !q.To.IsZero() {
			f.To = dayTime(q.To.AddDays(1))
		}
		if q.Status != "" {
			f.Attrs = map[string]string{"status": string(q.Status)}
		}
		var under map[string]bool
		if q.Group != "" {
			groups, err := s.Groups(ctx)
			if err != nil {
				yield(Decision{}, err)
				return
			}
			under = descendants(groups, q.Group)
		}
		for x, err := range s.decisions().Scan(ctx, f) {
			if err != nil {
				yield(Decision{}, err)
				return
			}
			d := x.Value
			if q.Stakeholder != "" && !d.names(q.Stakeholder) {
				continue
			}
			if under != nil && !slices.ContainsFunc(d.AffectedGroups, func(g string) bool { return under[g] }) {
				continue
			}
			if !yield(d, nil) {
				return
			}
		}
	}
}

// names reports whether the decision names stakeholder id: affected,
// consulted or weighed.
func (d *Decision) names(id string) bool {
	return slices.Contains(d.Affected, id) ||
		slices.ContainsFunc(d.Consultations, func(c Consultation) bool { return c.Stakeholder == id }) ||
		slices.ContainsFunc(d.Impacts, func(im Impact) bool { return im.Stakeholder == id })
}
