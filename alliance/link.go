package alliance

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// The steps that change the kind of link with a partner (seed 001:
// "convenios o alianzas declarados ... entendimiento mutuo aún sin
// acuerdos ... algún tipo de vínculo, pero no se encuentran
// operacionalizadas"). LinkMachine says which kind each may lead to.
const (
	StepActivate  Step = "activate"  // vínculo no operativo → entendimiento mutuo
	StepFormalise Step = "formalise" // vínculo o entendimiento → convenio
	StepLapse     Step = "lapse"     // convenio no renovado → entendimiento mutuo
	StepSuspend   Step = "suspend"   // entendimiento que deja de operar → vínculo
)

// LinkMachine is what each kind of link may become, one row per change:
// a link not yet operational is activated into an understanding or
// formalised into an agreement; an understanding is formalised into an
// agreement or, when it stops working, goes back to a link; an agreement
// not renewed lapses into an understanding. Anything else (an agreement
// straight back to a link, a link "activated" into a link) is refused with
// a *StepError naming the changes allowed. Ending a link of any kind is the
// review's drop → End, not a change of kind.
func LinkMachine() Machine {
	a, u, l := string(KindAgreement), string(KindUnderstanding), string(KindLink)
	return Machine{Name: "link", Rows: []Transition{
		{l, StepActivate, "", u},
		{l, StepFormalise, "", a},
		{u, StepFormalise, "", a},
		{u, StepSuspend, "", l},
		{a, StepLapse, "", u},
	}}
}

// linkRoles returns who decides a change of kind, as role names the
// directory is asked about: activating a link may be done by the Encargado
// OMIL or the Gestor Territorial (seed 001: "el Encargado OMIL o Gestor
// Territorial se reúne con ellos"); signing, letting lapse or suspending
// an agreement or understanding is a strategic decision of the Encargado
// OMIL only ("Esta es una decisión estratégica y el Encargado OMIL...").
func (s *Process) linkRoles(step Step) []string {
	if step == StepActivate {
		return []string{s.cfg.Roles.Encargado, s.cfg.Roles.Gestor}
	}
	return []string{s.cfg.Roles.Encargado}
}

// KindChange is one change of kind of an alliance, kept on the alliance.
type KindChange struct {
	Date   calendar.Date `json:"date,omitzero"`
	Step   Step          `json:"step"`
	From   AllianceKind  `json:"from"`
	To     AllianceKind  `json:"to"`
	Actor  string        `json:"actor"`
	Reason string        `json:"reason"`
	// End is the agreement's term that a lapse left behind, or the term a
	// formalisation set.
	End calendar.Date `json:"end,omitzero"`
}

// LinkChange is what a change of kind needs: the reason always; the
// agreed term (End) and at least one document in «Alianzas vigentes» to
// formalise an agreement; the date by which a suspended link must be
// activated or dropped (DecideBy).
type LinkChange struct {
	Reason    string
	End       calendar.Date
	DecideBy  calendar.Date
	Documents []Document
}

// ChangeKind changes the kind of an alliance in force by step (see
// LinkMachine), in one audited batch. The directory decides who may
// (linkRoles); the step must be allowed from the alliance's kind; an
// agreement needs its term (End after at) and a document; a link needs a
// date by which to activate or drop it (DecideBy after at, within
// links.decide_within_days). Any refusal changes nothing.
func (s *Process) ChangeKind(ctx context.Context, actor relaciona.Actor, allianceID string, at calendar.Date, step Step, ch LinkChange) (Alliance, error) {
	actor, err := s.authorize(ctx, actor, "alliance."+string(step), s.linkRoles(step)...)
	if err != nil {
		return Alliance{}, err
	}
	if err := s.checkDate("at", at); err != nil {
		return Alliance{}, err
	}
	if strings.TrimSpace(ch.Reason) == "" {
		return Alliance{}, s.invalid("reason", "indique por qué cambia el tipo de vínculo", "say why the kind of link changes")
	}
	d, err := s.partnerFor(ctx, allianceID)
	if err != nil {
		return Alliance{}, err
	}
	al := d.Value
	to, err := advance(LinkMachine(), s.lang, al.ID, string(al.Kind), step, "")
	if err != nil {
		return Alliance{}, err
	}
	chg := KindChange{Date: at, Step: step, From: al.Kind, To: AllianceKind(to), Actor: actor.ID, Reason: ch.Reason}
	if err := s.applyKind(&al, at, AllianceKind(to), ch.End, ch.DecideBy, ch.Documents, &chg); err != nil {
		return Alliance{}, err
	}
	al.Documents = append(al.Documents, ch.Documents...)
	al.Links = append(al.Links, chg)
	if err := putOne(ctx, s, s.alliances, actor, "alliance."+string(step), ch.Reason, at, &al, d.Version); err != nil {
		return Alliance{}, err
	}
	return al, nil
}

// applyKind sets al's kind to to with what that kind needs: an agreement
// its term (end after at) and a document (docs, or one already on file when
// it stays an agreement); a link a decision date (decideBy after at, within
// links.decide_within_days); an understanding neither (a lapsed
// agreement's term is kept in chg).
func (s *Process) applyKind(al *Alliance, at calendar.Date, to AllianceKind, end, decideBy calendar.Date, docs []Document, chg *KindChange) error {
	switch to {
	case KindAgreement:
		if end.IsZero() || !end.After(at) {
			return s.invalid("end", "un convenio necesita su plazo: una fecha de término posterior a %s", "an agreement needs its term: an end date after %s", at)
		}
		if len(docs) == 0 && (al.Kind != KindAgreement || len(al.Documents) == 0) {
			return s.invalid("documents", "un convenio necesita al menos un documento en «Alianzas vigentes»", "an agreement needs at least one document in \"Alianzas vigentes\"")
		}
		if err := s.checkDocuments(docs); len(docs) > 0 && err != nil {
			return err
		}
		al.End, al.DecideBy = end, calendar.Date{}
		if chg != nil {
			chg.End = end
		}
	case KindLink:
		if err := s.checkDecideBy(at, decideBy); err != nil {
			return err
		}
		al.DecideBy, al.End = decideBy, calendar.Date{}
	case KindUnderstanding:
		if chg != nil && al.Kind == KindAgreement {
			chg.End = al.End
		}
		al.End, al.DecideBy = calendar.Date{}, calendar.Date{}
	}
	al.Kind = to
	return nil
}

func (s *Process) checkDecideBy(at, by calendar.Date) error {
	limit := at.AddDays(s.cfg.Links.DecideWithinDays)
	if by.IsZero() || !by.After(at) || by.After(limit) {
		return s.invalid("decide_by", "un vínculo no operativo necesita la fecha en que se activa o se termina: posterior a %s y a más tardar %s (links.decide_within_days)",
			"a link not yet operational needs the date by which it is activated or dropped: after %s and at the latest %s (links.decide_within_days)", at, limit)
	}
	return nil
}

// Choice is an answer to the question the yearly review asks of an
// alliance's kind.
type Choice string

// The choices, per kind (seed 001: the review decides "la pertinencia de
// mantener cada alianza ... con toda la información disponible"; what is
// to be known differs by kind).
const (
	ChoiceRenew     Choice = "renew"     // agreement: renewed for a new term (Date = its end)
	ChoiceLapse     Choice = "lapse"     // agreement: not renewed, goes on as an understanding
	ChoiceFormalise Choice = "formalise" // understanding or link: becomes an agreement (Date = its end)
	ChoiceStay      Choice = "stay"      // understanding: goes on without an agreement
	ChoiceActivate  Choice = "activate"  // link: becomes an operating understanding
	ChoiceDecideBy  Choice = "decide_by" // link: stays a link until Date, then activated or dropped
)

// ReviewAnswer is the answer to the question of the alliance's kind, given
// with a keep decision. Date is the new term for renew and formalise, the
// deadline for decide_by.
type ReviewAnswer struct {
	Choice Choice        `json:"choice"`
	Date   calendar.Date `json:"date,omitzero"`
}

// ReviewAsk is what the yearly review asks of one kind of link, and the
// choices that answer it.
type ReviewAsk struct {
	Kind     AllianceKind `json:"kind"`
	Question string       `json:"question"`
	Choices  []Choice     `json:"choices"`
}

// reviewChoices says, per kind, the choices a keep decision may take and
// what each makes the alliance: the step of LinkMachine it takes ("" for
// none) and the kind it leads to.
var reviewChoices = map[AllianceKind][]struct {
	Choice Choice
	Step   Step
	To     AllianceKind
}{
	KindAgreement:     {{ChoiceRenew, "", KindAgreement}, {ChoiceLapse, StepLapse, KindUnderstanding}},
	KindUnderstanding: {{ChoiceFormalise, StepFormalise, KindAgreement}, {ChoiceStay, "", KindUnderstanding}},
	KindLink:          {{ChoiceActivate, StepActivate, KindUnderstanding}, {ChoiceFormalise, StepFormalise, KindAgreement}, {ChoiceDecideBy, "", KindLink}},
}

// Ask returns what the yearly review asks of kind, in lang.
func Ask(kind AllianceKind, lang relaciona.Lang) ReviewAsk {
	q := process.Labels[AllianceKind]{
		KindAgreement:     {"¿Se renueva el convenio, y hasta cuándo, o se deja vencer y se sigue como entendimiento?", "Is the agreement renewed, and until when, or left to lapse into an understanding?"},
		KindUnderstanding: {"¿Se formaliza el entendimiento en un convenio o sigue sin acuerdo?", "Is the understanding formalised into an agreement or does it go on without one?"},
		KindLink:          {"¿Se activa el vínculo, se formaliza, o hasta qué fecha se decide activarlo o terminarlo?", "Is the link activated, formalised, or by what date will it be activated or dropped?"},
	}
	r := ReviewAsk{Kind: kind, Question: q.Or(lang, kind, [2]string{})}
	for _, c := range reviewChoices[kind] {
		r.Choices = append(r.Choices, c.Choice)
	}
	return r
}

// checkAnswer checks a keep decision's answer against the question of the
// alliance's kind: a choice of that kind, with its date (a new term after
// at for renew and formalise; a deadline for decide_by, which a link whose
// previous deadline has passed cannot take again: it is activated,
// formalised or dropped).
func (s *Process) checkAnswer(a Alliance, at calendar.Date, ans ReviewAnswer) error {
	i := slices.IndexFunc(reviewChoices[a.Kind], func(c struct {
		Choice Choice
		Step   Step
		To     AllianceKind
	}) bool {
		return c.Choice == ans.Choice
	})
	if i < 0 {
		ask := Ask(a.Kind, s.lang)
		return s.invalid("answer.choice", "respuesta %q no válida para %s (%s): %s; responda %s", "answer %q is not valid for %s (%s): %s; answer %s",
			ans.Choice, a.ID, a.Kind, ask.Question, joinChoices(ask.Choices))
	}
	switch ans.Choice {
	case ChoiceRenew, ChoiceFormalise:
		if ans.Date.IsZero() || !ans.Date.After(at) {
			return s.invalid("answer.date", "indique el nuevo plazo del convenio: una fecha posterior a %s", "give the agreement's new term: a date after %s", at)
		}
	case ChoiceDecideBy:
		if !a.DecideBy.IsZero() && !a.DecideBy.After(at) {
			return s.invalid("answer.choice", "el vínculo %s debía activarse o terminarse a más tardar el %s: actívelo, formalícelo o termínelo", "link %s was to be activated or dropped by %s: activate, formalise or drop it", a.ID, a.DecideBy)
		}
		if err := s.checkDecideBy(at, ans.Date); err != nil {
			return err
		}
	default:
		if !ans.Date.IsZero() {
			return s.invalid("answer.date", "la respuesta %q no lleva fecha", "answer %q takes no date", ans.Choice)
		}
	}
	return nil
}

// answerKind returns the kind an answer makes the alliance and the step of
// LinkMachine it takes ("" when the kind stays).
func answerKind(kind AllianceKind, c Choice) (AllianceKind, Step) {
	for _, x := range reviewChoices[kind] {
		if x.Choice == c {
			return x.To, x.Step
		}
	}
	return kind, ""
}

func joinChoices(cs []Choice) string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = string(c)
	}
	return strings.Join(out, ", ")
}

// overdueLink reports whether a is a link whose deadline to be activated
// or dropped has passed at at.
func overdueLink(a Alliance, at calendar.Date) bool {
	return a.Kind == KindLink && !a.DecideBy.IsZero() && !a.DecideBy.After(at)
}

// linkStep returns the step of LinkMachine from kind from to kind to, or
// "" when none leads there.
func linkStep(from, to AllianceKind) Step {
	for _, r := range LinkMachine().Rows {
		if r.From == string(from) && r.To == string(to) {
			return r.Step
		}
	}
	return ""
}

// String is the change as "step from→to".
func (k KindChange) String() string { return fmt.Sprintf("%s %s→%s", k.Step, k.From, k.To) }
