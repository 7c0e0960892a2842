package alliance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// OpenReview opens the review of whether to keep the office's alliances
// (seed 001: "se evalúa normalmente al final de cada año, o cuando sea
// necesario, la pertinencia de mantener cada alianza"). The yearly review
// (onDemand false) covers every active alliance; an on-demand review covers
// the active alliances named. Encargado OMIL only.
func (s *Process) OpenReview(ctx context.Context, actor relaciona.Actor, office string, at calendar.Date, onDemand bool, alliances []string) (Review, error) {
	actor, err := s.officeStep(ctx, actor, StepOpenReview, office, at)
	if err != nil {
		return Review{}, err
	}
	if !onDemand && len(alliances) > 0 {
		return Review{}, s.invalid("alliances", "la revisión anual cubre todas las alianzas activas: no indique una lista", "the yearly review covers every active alliance: give no list")
	}
	if onDemand && len(alliances) == 0 {
		return Review{}, s.invalid("alliances", "indique las alianzas de la revisión a pedido", "name the alliances of the on-demand review")
	}
	cur, c, err := s.cycleStep(ctx, actor, office, at, StepOpenReview, "", "")
	if err != nil {
		return Review{}, err
	}
	all, err := s.Alliances(ctx, office)
	if err != nil {
		return Review{}, err
	}
	var ids []string
	for _, a := range all {
		if a.Status == StatusActive && (!onDemand || slices.Contains(alliances, a.ID)) {
			ids = append(ids, a.ID)
		}
	}
	for i, id := range alliances {
		if !slices.Contains(ids, id) {
			return Review{}, s.invalid(fmt.Sprintf("alliances[%d]", i), "%q no es una alianza activa de la oficina %s", "%q is not an active alliance of office %s", id, office)
		}
	}
	if len(ids) == 0 {
		return Review{}, s.invalid("alliances", "la oficina %s no tiene alianzas activas que revisar", "office %s has no active alliance to review", office)
	}
	r := Review{ID: fmt.Sprintf("%s:r%d", c.ID, len(c.Reviews)+1), Office: office, Year: c.Year, OnDemand: onDemand, Opened: at, Alliances: ids, Decisions: map[string]Decision{}}
	c.Reviews = append(c.Reviews, r.ID)
	c.Review = r.ID
	b := s.store.Begin(actor, "alliance.open_review", s.reason("revisión %s de %d alianzas", "review %s of %d alliances", r.ID, len(ids))).At(stamp(at))
	s.reviews.Put(b, &r, 0)
	s.cycles.Put(b, &c, cur.Version)
	if _, err := b.Commit(ctx); err != nil {
		return Review{}, err
	}
	return r, nil
}

// Review returns a review by id.
func (s *Process) Review(ctx context.Context, id string) (Review, error) {
	d, err := s.reviews.Get(ctx, id)
	return d.Value, err
}

// Dossier is everything known about one alliance for its review, in one
// place (seed 001: "el Encargado OMIL debe contar con toda la información
// disponible para tomar la decisión para cada alianza"): the registry
// entry, the partner, the year's hard data and indicators against target,
// the team's ratings and their corroboration, the flags raised, the
// decisions taken before, and what is missing for a decision.
type Dossier struct {
	Alliance     Alliance             `json:"alliance"`
	Organisation Organisation         `json:"organisation"`
	Year         int                  `json:"year"`
	From         calendar.Date        `json:"from,omitzero"`
	To           calendar.Date        `json:"to,omitzero"`
	Measurements []Measurement        `json:"measurements"`
	Totals       Totals               `json:"totals"`
	Indicators   []ObjectiveIndicator `json:"indicators"`
	Ratings      []Rating             `json:"ratings"`
	Team         RatingSummary        `json:"team"`
	Flags        []Flag               `json:"flags"`
	// Ask is what the review asks of the alliance's kind (answered with
	// DecideWithAnswer).
	Ask ReviewAsk `json:"ask"`
	// Missing lists, in the service's language, what a decision still
	// needs: measurements of the year, ratings from enough team members.
	Missing []string `json:"missing,omitempty"`
}

// Dossier gathers the review dossier of an alliance for the office's
// current cycle year, with data up to at.
func (s *Process) Dossier(ctx context.Context, allianceID string, at calendar.Date) (Dossier, error) {
	a, err := s.getAlliance(ctx, allianceID)
	if err != nil {
		return Dossier{}, err
	}
	cur, err := s.current(ctx, a.Value.Office)
	if err != nil {
		return Dossier{}, err
	}
	year := cur.Value.Year
	if year == 0 {
		year = at.Year
	}
	return s.dossier(ctx, a.Value, year, at)
}

func (s *Process) dossier(ctx context.Context, a Alliance, year int, at calendar.Date) (Dossier, error) {
	d := Dossier{Alliance: a, Year: year, From: calendar.Date{Year: year, Month: 1, Day: 1}, To: at, Ask: Ask(a.Kind, s.lang)}
	org, err := s.Organisation(ctx, a.Organisation)
	if err != nil && !errors.Is(err, relaciona.ErrNotFound) {
		return d, err
	}
	d.Organisation = org
	if d.Measurements, err = s.measurementsOf(ctx, a.Office, a.ID, d.From, d.To); err != nil {
		return d, err
	}
	d.Totals = Sum(d.Measurements)
	d.Indicators = s.indicatorsOf(a, d.Totals)
	if d.Ratings, err = s.Ratings(ctx, a.ID, year); err != nil {
		return d, err
	}
	d.Team = Summarize(d.Ratings, s.cfg.Monitoring)
	for f, err := range s.flags.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"office": a.Office}, From: dayStart(d.From), To: dayStart(at.AddDays(1))}) {
		if err != nil {
			return d, err
		}
		if f.Value.Alliance == a.ID {
			d.Flags = append(d.Flags, f.Value)
		}
	}
	if d.Totals.Measurements == 0 {
		d.Missing = append(d.Missing, s.lang.Tf("sin mediciones entre %s y %s", "no measurement between %s and %s", d.From, d.To))
	}
	if n := s.cfg.Monitoring.MinRaters; d.Team.Raters < n {
		d.Missing = append(d.Missing, s.lang.Tf("%d de %d calificaciones del equipo", "%d of %d team ratings", d.Team.Raters, n))
	}
	return d, nil
}

// DecideAlliance records the review decision on one alliance, keep or
// drop, with its reason (kept in the alliance and in the audit log). The
// alliance must be under the open review, without a decision in it yet
// (one decision per alliance per review), and its dossier complete (see
// Dossier.Missing). Keep leads to renegotiation; drop to ending it. A link
// whose date to be activated or dropped has passed cannot be kept as it
// is. DecideAlliance takes drop only: a keep decision must answer what the
// review asks of the alliance's kind (Ask; seed 001: "la pertinencia de
// mantener cada alianza"), so keep without an answer is refused with the
// question and its choices, and is given with DecideWithAnswer. Encargado
// OMIL only.
func (s *Process) DecideAlliance(ctx context.Context, actor relaciona.Actor, allianceID string, at calendar.Date, v Verdict, reason string) error {
	return s.decide(ctx, actor, allianceID, at, v, reason, nil)
}

// DecideWithAnswer is DecideAlliance with the answer to what the review
// asks of the alliance's kind (Ask): keep needs a choice of that kind with
// its date (an agreement: renew until a new term, or lapse; an
// understanding: formalise until a term, or stay; a link: activate,
// formalise, or decide_by a date within links.decide_within_days, which a
// link past its previous date cannot take). Drop takes no answer. The
// answer is kept in the decision, and Renew carries it out.
func (s *Process) DecideWithAnswer(ctx context.Context, actor relaciona.Actor, allianceID string, at calendar.Date, v Verdict, reason string, ans ReviewAnswer) error {
	return s.decide(ctx, actor, allianceID, at, v, reason, &ans)
}

func (s *Process) decide(ctx context.Context, actor relaciona.Actor, allianceID string, at calendar.Date, v Verdict, reason string, ans *ReviewAnswer) error {
	actor, err := s.allowAt(ctx, actor, StepDecideAlliance, at)
	if err != nil {
		return err
	}
	if v != Keep && v != Drop {
		return s.invalid("verdict", "decisión desconocida %q: keep o drop", "unknown decision %q: keep or drop", v)
	}
	if strings.TrimSpace(reason) == "" {
		return s.invalid("reason", "la decisión necesita una razón", "the decision needs a reason")
	}
	a, err := s.getAlliance(ctx, allianceID)
	if err != nil {
		return err
	}
	_, c, err := s.cycleStep(ctx, actor, a.Value.Office, at, StepDecideAlliance, "", a.ID)
	if err != nil {
		return err
	}
	rd, err := s.reviews.Get(ctx, c.Review)
	if err != nil {
		return err
	}
	r := rd.Value
	if !slices.Contains(r.Alliances, a.ID) {
		return s.invalid("alliance", "la alianza %s no está en la revisión %s", "alliance %s is not under review %s", a.ID, r.ID)
	}
	if prev, ok := r.Decisions[a.ID]; ok {
		return s.invalid("alliance", "la alianza %s ya tiene decisión en la revisión %s (%s, %s): una sola decisión por alianza y revisión",
			"alliance %s already has a decision in review %s (%s, %s): one decision per alliance per review", a.ID, r.ID, prev.Verdict, prev.Date)
	}
	when := WhenKeep
	if v == Drop {
		when = WhenDrop
	}
	switch {
	case v == Drop && ans != nil:
		return s.invalid("answer", "terminar una alianza no lleva respuesta de tipo", "dropping an alliance takes no answer of kind")
	case v == Keep && ans != nil:
		if err := s.checkAnswer(a.Value, at, *ans); err != nil {
			return err
		}
	case v == Keep && overdueLink(a.Value, at):
		return s.invalid("verdict", "el vínculo %s debía activarse o terminarse a más tardar el %s: no puede mantenerse tal cual", "link %s was to be activated or dropped by %s: it cannot be kept as it is", a.ID, a.Value.DecideBy)
	case v == Keep:
		return s.unanswered(a.Value)
	}
	al := a.Value
	if err := s.allianceStep(&al, StepDecideAlliance, when); err != nil {
		return err
	}
	dos, err := s.dossier(ctx, a.Value, c.Year, at)
	if err != nil {
		return err
	}
	if len(dos.Missing) > 0 {
		return s.invalid("dossier", "falta información para decidir sobre %s: %s", "information missing to decide on %s: %s", a.ID, strings.Join(dos.Missing, "; "))
	}
	dec := Decision{Review: r.ID, Verdict: v, Reason: reason, Date: at, Actor: actor.ID, Answer: ans}
	r.Decisions[a.ID] = dec
	al.Decisions = append(al.Decisions, dec)
	b := s.store.Begin(actor, "alliance.decide_alliance", reason).At(stamp(at))
	s.reviews.Put(b, &r, rd.Version)
	s.alliances.Put(b, &al, a.Version)
	_, err = b.Commit(ctx)
	return err
}

// unanswered is the refusal of a keep decision given without the answer
// to the question the review asks of the alliance's kind (seed 001: "se
// evalúa ... la pertinencia de mantener cada alianza"; Ask): every kind
// has one, and none has a default, so keep always goes through
// DecideWithAnswer.
func (s *Process) unanswered(a Alliance) error {
	ask := Ask(a.Kind, s.lang)
	return s.invalid("answer", "mantener %s (%s) exige responder la pregunta de la revisión para ese tipo: «%s» (%s); decida con DecideWithAnswer",
		"keeping %s (%s) needs the answer to the review's question for that kind: \"%s\" (%s); decide with DecideWithAnswer",
		a.ID, kindLabel(a.Kind, s.lang), ask.Question, joinChoices(ask.Choices))
}

// Renegotiate records a renegotiation meeting with a kept alliance's
// partner (seed 001: "se procede a retomar el ciclo de negociación").
// Encargado OMIL only.
func (s *Process) Renegotiate(ctx context.Context, actor relaciona.Actor, allianceID string, at calendar.Date, notes string) error {
	actor, err := s.allowAt(ctx, actor, StepRenegotiate, at)
	if err != nil {
		return err
	}
	if strings.TrimSpace(notes) == "" {
		return s.invalid("notes", "registre las notas de la renegociación", "record the notes of the renegotiation")
	}
	a, al, err := s.allianceAndCycle(ctx, actor, allianceID, at, StepRenegotiate, "")
	if err != nil {
		return err
	}
	al.Notes = append(al.Notes, Note{Date: at, Actor: actor.ID, Text: notes})
	return putOne(ctx, s, s.alliances, actor, "alliance.renegotiate", s.reason("renegociación de %s", "renegotiation of %s", al.ID), at, &al, a.Version)
}

// Renew establishes the renewed agreement of an alliance in renegotiation,
// which is then monitored again (seed 001: "retomar el ciclo de
// negociación, establecimiento de acuerdos y monitoreo"). terms, when not
// nil, replace the kind, objectives, resources and dates; docs (at least
// one) are added to the archive references. A change of kind must be one
// LinkMachine allows, and is kept in the alliance's Links. When the keep
// decision answered the review's question (DecideWithAnswer), Renew
// carries the answer out: with nil terms it sets the kind and the term or
// deadline the answer gave; terms of another kind are refused. Encargado
// OMIL only.
func (s *Process) Renew(ctx context.Context, actor relaciona.Actor, allianceID string, at calendar.Date, terms *Terms, docs []Document) error {
	actor, err := s.allowAt(ctx, actor, StepRenew, at)
	if err != nil {
		return err
	}
	if err := s.checkDocuments(docs); err != nil {
		return err
	}
	a, al, err := s.allianceAndCycle(ctx, actor, allianceID, at, StepRenew, "")
	if err != nil {
		return err
	}
	from := al.Kind
	var ans *ReviewAnswer
	if n := len(al.Decisions); n > 0 && al.Decisions[n-1].Verdict == Keep {
		ans = al.Decisions[n-1].Answer
	}
	if ans != nil {
		to, _ := answerKind(al.Kind, ans.Choice)
		if terms != nil && terms.Kind != to {
			return s.invalid("terms.kind", "la revisión respondió %q para %s: el tipo renovado es %s, no %s", "the review answered %q for %s: the renewed kind is %s, not %s", ans.Choice, al.ID, to, terms.Kind)
		}
		if terms == nil {
			end, by := ans.Date, calendar.Date{}
			if ans.Choice == ChoiceDecideBy {
				end, by = calendar.Date{}, ans.Date
			}
			if err := s.applyKind(&al, at, to, end, by, docs, nil); err != nil {
				return err
			}
		}
	}
	if terms != nil {
		al.Kind, al.Objectives, al.Resources = terms.Kind, terms.Objectives, terms.Resources
		if !terms.Start.IsZero() {
			al.Start = terms.Start
		}
		al.End = terms.End
		if err := s.checkAlliance("terms", al, map[string]bool{al.Organisation: true}); err != nil {
			return err
		}
	}
	if al.Kind != from {
		step := linkStep(from, al.Kind)
		if step == "" {
			m := LinkMachine()
			return &StepError{Machine: m.Name, Subject: al.ID, State: string(from), Step: Step("to_" + string(al.Kind)), Allowed: m.Allowed(string(from)), lang: s.lang}
		}
		al.Links = append(al.Links, KindChange{Date: at, Step: step, From: from, To: al.Kind, Actor: actor.ID, Reason: s.reason("renovación", "renewal"), End: al.End})
	}
	al.Documents = append(al.Documents, docs...)
	return putOne(ctx, s, s.alliances, actor, "alliance.renew", s.reason("renovación del acuerdo de %s", "renewed agreement of %s", al.ID), at, &al, a.Version)
}

// End ends a dropped alliance and opens, in the same batch, a replacement
// search for the objectives it served (seed 001: "el Encargado OMIL con el
// Gestor Territorial evalúan nuevas alianzas para su reemplazo"). The
// search is returned; its shortlist is the best-ranked candidates.
// Encargado OMIL only.
func (s *Process) End(ctx context.Context, actor relaciona.Actor, allianceID string, at calendar.Date, reason string) (Search, error) {
	actor, err := s.allowAt(ctx, actor, StepEnd, at)
	if err != nil {
		return Search{}, err
	}
	if strings.TrimSpace(reason) == "" {
		return Search{}, s.invalid("reason", "indique por qué termina la alianza", "say why the alliance ends")
	}
	a, err := s.getAlliance(ctx, allianceID)
	if err != nil {
		return Search{}, err
	}
	cur, c, err := s.cycleStep(ctx, actor, a.Value.Office, at, StepEnd, "", a.ID)
	if err != nil {
		return Search{}, err
	}
	al := a.Value
	if err := s.allianceStep(&al, StepEnd, ""); err != nil {
		return Search{}, err
	}
	al.Ended = at
	x, err := s.newSearch(ctx, &c, at, actor, s.replacementGaps(al), al.ID, nil)
	if err != nil {
		return Search{}, err
	}
	b := s.store.Begin(actor, "alliance.end", reason).At(stamp(at))
	s.alliances.Put(b, &al, a.Version)
	s.searches.Put(b, &x, 0)
	s.cycles.Put(b, &c, cur.Version)
	if _, err := b.Commit(ctx); err != nil {
		return Search{}, err
	}
	return x, nil
}

// replacementGaps are the needs an ended alliance leaves: each objective it
// served, and each resource it provided that the objective requires.
func (s *Process) replacementGaps(a Alliance) []Gap {
	var gaps []Gap
	for _, o := range a.Objectives {
		gaps = append(gaps, Gap{Objective: o})
		obj, _ := s.cfg.Objective(o)
		for _, r := range obj.Resources {
			if slices.Contains(a.Resources, r) {
				gaps = append(gaps, Gap{Objective: o, Resource: r})
			}
		}
	}
	return gaps
}

// allianceAndCycle reads an alliance and its office's cycle and checks both
// machines for step; it returns the alliance doc and its new value.
func (s *Process) allianceAndCycle(ctx context.Context, actor relaciona.Actor, allianceID string, at calendar.Date, step Step, when string) (relaciona.Doc[Alliance], Alliance, error) {
	a, err := s.getAlliance(ctx, allianceID)
	if err != nil {
		return a, Alliance{}, err
	}
	if _, _, err := s.cycleStep(ctx, actor, a.Value.Office, at, step, when, a.ID); err != nil {
		return a, Alliance{}, err
	}
	al := a.Value
	if err := s.allianceStep(&al, step, when); err != nil {
		return a, Alliance{}, err
	}
	return a, al, nil
}

// CloseReview closes the open review once every alliance under it has a
// decision and every dropped one has been ended. The cycle goes back to
// searching partners when replacements are being sought, and to
// monitoring otherwise. Encargado OMIL only.
func (s *Process) CloseReview(ctx context.Context, actor relaciona.Actor, office string, at calendar.Date) (Review, error) {
	actor, err := s.officeStep(ctx, actor, StepCloseReview, office, at)
	if err != nil {
		return Review{}, err
	}
	cur, err := s.current(ctx, office)
	if err != nil {
		return Review{}, err
	}
	c := cur.Value
	if c.Phase != PhaseReviewing {
		// The machine names the steps allowed now.
		return Review{}, s.step(&c, actor, at, StepCloseReview, WhenNoReplace, "")
	}
	rd, err := s.reviews.Get(ctx, c.Review)
	if err != nil {
		return Review{}, err
	}
	r := rd.Value
	if p := r.Pending(); len(p) > 0 {
		return Review{}, s.invalid("decisions", "faltan decisiones sobre: %s", "decisions missing on: %s", joinIDs(p))
	}
	docs, err := s.alliances.GetMany(ctx, r.Alliances)
	if err != nil {
		return Review{}, err
	}
	var open []string
	dropped := false
	for _, d := range docs {
		if d.Value.Status == StatusDropped {
			open = append(open, d.ID)
		}
		if r.Decisions[d.ID].Verdict == Drop {
			dropped = true
		}
	}
	if len(open) > 0 {
		return Review{}, s.invalid("alliances", "termine primero las alianzas que no se mantienen: %s", "end the dropped alliances first: %s", joinIDs(open))
	}
	when := WhenNoReplace
	if dropped {
		when = WhenReplacement
	}
	if err := s.step(&c, actor, at, StepCloseReview, when, r.ID); err != nil {
		return Review{}, err
	}
	r.Closed = at
	c.Review = ""
	b := s.store.Begin(actor, "alliance.close_review", s.reason("cierre de la revisión %s", "review %s closed", r.ID)).At(stamp(at))
	s.reviews.Put(b, &r, rd.Version)
	s.cycles.Put(b, &c, cur.Version)
	if _, err := b.Commit(ctx); err != nil {
		return Review{}, err
	}
	return r, nil
}
