package alliance

import (
	"fmt"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
)

// Step is one action of the PS54 cycle. Each mutating method of Process is
// one step; the state machines below say when a step is allowed.
type Step string

// The steps of the cycle (seed 001, "Descripción del Procedimiento").
const (
	StepReviewRegistry Step = "review_registry" // revisar el catastro de alianzas
	StepDiagnose       Step = "diagnose"        // levantar necesidades por objetivo
	StepDecide         Step = "decide"          // evaluar si se necesitan redes nuevas
	StepSearch         Step = "search_partners" // buscar socios (Encargado con Gestor)
	StepMeet           Step = "meet"            // reunirse y negociar
	StepAgree          Step = "agree"           // establecer el acuerdo
	StepRegister       Step = "register"        // registrar en «Alianzas vigentes» y el Estudio Territorial
	StepMonitor        Step = "monitor"         // pasar al monitoreo
	StepMeasure        Step = "measure"         // registrar datos duros
	StepRate           Step = "rate"            // calificación del equipo
	StepOpenReview     Step = "open_review"     // abrir la revisión anual o a pedido
	StepDecideAlliance Step = "decide_alliance" // mantener o terminar una alianza
	StepRenegotiate    Step = "renegotiate"     // renegociar una alianza que se mantiene
	StepRenew          Step = "renew"           // acordar la renovación
	StepEnd            Step = "end"             // terminar una alianza y buscar reemplazo
	StepCloseReview    Step = "close_review"    // cerrar la revisión
	StepClose          Step = "close"           // cerrar el ciclo del año
)

var stepNames = map[Step][2]string{
	StepReviewRegistry: {"revisar el catastro", "review the registry"},
	StepDiagnose:       {"diagnosticar necesidades", "diagnose needs"},
	StepDecide:         {"decidir si se necesitan socios nuevos", "decide whether new partners are needed"},
	StepSearch:         {"buscar socios", "search partners"},
	StepMeet:           {"reunirse y negociar", "meet and negotiate"},
	StepAgree:          {"establecer el acuerdo", "establish the agreement"},
	StepRegister:       {"registrar la alianza", "register the alliance"},
	StepMonitor:        {"pasar al monitoreo", "move to monitoring"},
	StepMeasure:        {"registrar una medición", "record a measurement"},
	StepRate:           {"calificar una alianza", "rate an alliance"},
	StepOpenReview:     {"abrir la revisión", "open the review"},
	StepDecideAlliance: {"decidir mantener o terminar", "decide keep or drop"},
	StepRenegotiate:    {"renegociar", "renegotiate"},
	StepRenew:          {"acordar la renovación", "agree the renewal"},
	StepEnd:            {"terminar la alianza", "end the alliance"},
	StepCloseReview:    {"cerrar la revisión", "close the review"},
	StepClose:          {"cerrar el ciclo anual", "close the yearly cycle"},
	StepActivate:       {"activar el vínculo", "activate the link"},
	StepFormalise:      {"formalizar en convenio", "formalise into an agreement"},
	StepLapse:          {"dejar vencer el convenio", "let the agreement lapse"},
	StepSuspend:        {"volver a vínculo no operativo", "go back to a link not operational"},
}

// Label is the step's name for people, in lang, with its id.
func (s Step) Label(lang relaciona.Lang) string {
	n, ok := stepNames[s]
	if !ok {
		return string(s)
	}
	return fmt.Sprintf("%s (%s)", lang.T(n[0], n[1]), s)
}

// Phase is where an office's yearly cycle is.
type Phase string

// The phases of the yearly cycle.
const (
	PhaseNotStarted       Phase = "not_started"
	PhaseRegistryReviewed Phase = "registry_reviewed"
	PhaseDiagnosed        Phase = "diagnosed"
	PhaseExpanding        Phase = "expanding"
	PhaseMonitoring       Phase = "monitoring"
	PhaseReviewing        Phase = "reviewing"
	PhaseClosed           Phase = "closed"
)

// Transition is one row of a state machine: Step taken in From leads to To.
// When names the outcome that picks To when a step has several ("new
// partners needed", "keep"); it is empty otherwise.
type Transition struct {
	From string
	Step Step
	When string
	To   string
}

// Machine is a small hand-written state machine: a table of transitions.
// The state lives in the stored record; the machine only says which steps a
// state allows and where they lead.
type Machine struct {
	Name string
	Rows []Transition
}

// Allowed returns the steps allowed in state, in table order, without
// repeats.
func (m Machine) Allowed(state string) []Step {
	var out []Step
	for _, r := range m.Rows {
		if r.From == state && !slices.Contains(out, r.Step) {
			out = append(out, r.Step)
		}
	}
	return out
}

// Next returns the state step leads to from state with outcome when, and
// whether the machine allows it.
func (m Machine) Next(state string, step Step, when string) (string, bool) {
	for _, r := range m.Rows {
		if r.From == state && r.Step == step && r.When == when {
			return r.To, true
		}
	}
	return "", false
}

// States returns every state of the table, in order of first appearance.
func (m Machine) States() []string {
	var out []string
	for _, r := range m.Rows {
		for _, s := range []string{r.From, r.To} {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// DOT renders the machine in Graphviz DOT, one edge per transition
// ("dot -Tsvg" draws it).
func (m Machine) DOT() string {
	var b strings.Builder
	fmt.Fprintf(&b, "digraph %q {\n\trankdir=LR;\n\tnode [shape=box, style=rounded];\n", m.Name)
	for _, r := range m.Rows {
		label := string(r.Step)
		if r.When != "" {
			label += " [" + r.When + "]"
		}
		fmt.Fprintf(&b, "\t%q -> %q [label=%q];\n", r.From, r.To, label)
	}
	b.WriteString("}\n")
	return b.String()
}

func rows(from string, to string, steps ...Step) []Transition {
	out := make([]Transition, len(steps))
	for i, s := range steps {
		out[i] = Transition{From: from, Step: s, To: to}
	}
	return out
}

// Outcomes of steps with two results.
const (
	WhenNewPartners = "new_partners" // decide: new partners are needed
	WhenNoNew       = "no_new"       // decide: no new partners
	WhenKeep        = "keep"         // decide_alliance: keep it
	WhenDrop        = "drop"         // decide_alliance: drop it
	WhenReplacement = "replacement"  // close_review/end: a replacement search is open
	WhenNoReplace   = "no_replacement"
)

// CycleMachine is the yearly cycle of one office (seed 001, "Flujograma
// PS54"): review the registry, diagnose, decide, (search, meet, agree,
// register), monitor all year, review, close. Steps on a single alliance or
// candidate also need that entity's own machine to allow them.
func CycleMachine() Machine {
	rr, dg := string(PhaseRegistryReviewed), string(PhaseDiagnosed)
	r := []Transition{
		{string(PhaseNotStarted), StepReviewRegistry, "", rr},
		{string(PhaseClosed), StepReviewRegistry, "", rr},
		{rr, StepDiagnose, "", dg},
		{dg, StepDecide, WhenNewPartners, string(PhaseExpanding)},
		{dg, StepDecide, WhenNoNew, string(PhaseMonitoring)},
	}
	// Monitoring is continuous (seed 001: "Esta tarea se realiza
	// continuamente durante el año"): hard data and ratings are accepted
	// from the registry review on.
	r = append(r, rows(rr, rr, StepMeasure, StepRate)...)
	r = append(r, rows(dg, dg, StepMeasure, StepRate)...)
	exp := string(PhaseExpanding)
	r = append(r, rows(exp, exp, StepSearch, StepMeet, StepAgree, StepRegister, StepMeasure, StepRate, StepRenegotiate, StepRenew, StepEnd)...)
	r = append(r, Transition{exp, StepMonitor, "", string(PhaseMonitoring)})
	mon := string(PhaseMonitoring)
	r = append(r, rows(mon, mon, StepMeasure, StepRate, StepRenegotiate, StepRenew)...)
	r = append(r,
		Transition{mon, StepEnd, "", exp},
		Transition{mon, StepOpenReview, "", string(PhaseReviewing)},
		Transition{mon, StepClose, "", string(PhaseClosed)},
	)
	rev := string(PhaseReviewing)
	r = append(r, rows(rev, rev, StepMeasure, StepRate, StepDecideAlliance, StepRenegotiate, StepRenew, StepEnd)...)
	r = append(r,
		Transition{rev, StepCloseReview, WhenReplacement, exp},
		Transition{rev, StepCloseReview, WhenNoReplace, mon},
	)
	return Machine{Name: "cycle", Rows: r}
}

// AllianceMachine is the life of one alliance around the yearly review:
// keep → renegotiate → renew (monitored again); drop → end.
func AllianceMachine() Machine {
	a, k, rn, d, e := string(StatusActive), string(StatusKept), string(StatusRenegotiating), string(StatusDropped), string(StatusEnded)
	r := rows(a, a, StepMeasure, StepRate)
	r = append(r,
		Transition{a, StepDecideAlliance, WhenKeep, k},
		Transition{a, StepDecideAlliance, WhenDrop, d},
	)
	r = append(r, rows(k, k, StepMeasure, StepRate)...)
	r = append(r, Transition{k, StepRenegotiate, "", rn})
	r = append(r, rows(rn, rn, StepMeasure, StepRate, StepRenegotiate)...)
	r = append(r, Transition{rn, StepRenew, "", a})
	r = append(r, Transition{d, StepEnd, "", e})
	return Machine{Name: "alliance", Rows: r}
}

// CandidateMachine is a possible partner's way from the shortlist to the
// registry: meet (as often as needed), agree, register.
func CandidateMachine() Machine {
	s, n, ag, rg := string(CandidateShortlisted), string(CandidateNegotiating), string(CandidateAgreed), string(CandidateRegistered)
	return Machine{Name: "candidate", Rows: []Transition{
		{s, StepMeet, "", n},
		{n, StepMeet, "", n},
		{n, StepAgree, "", ag},
		{ag, StepRegister, "", rg},
	}}
}

// StepError is the ErrInvalid returned for a step out of order. It names
// what was refused and the steps allowed now.
type StepError struct {
	Machine string // "cycle", "alliance", "candidate" or "link"
	Subject string // the office/year, alliance id or organisation id
	State   string
	Step    Step
	Allowed []Step
	lang    relaciona.Lang
}

// Error describes the refusal in the service's language.
func (e *StepError) Error() string {
	l := e.lang
	what := process.Labels[string]{
		"cycle":     {"el ciclo", "the cycle"},
		"alliance":  {"la alianza", "the alliance"},
		"candidate": {"el candidato", "the candidate"},
		"link":      {"el tipo de vínculo de", "the kind of link of"},
	}.Or(l, e.Machine, [2]string{})
	allowed := make([]string, len(e.Allowed))
	for i, s := range e.Allowed {
		allowed[i] = s.Label(l)
	}
	now := strings.Join(allowed, ", ")
	if now == "" {
		now = l.T("ninguno", "none")
	}
	return l.Tf("paso %s fuera de orden: %s %s está en «%s»; pasos permitidos ahora: %s",
		"step %s out of order: %s %s is in %q; steps allowed now: %s",
		e.Step.Label(l), what, e.Subject, e.State, now)
}

// Is makes errors.Is(err, relaciona.ErrInvalid) true.
func (e *StepError) Is(target error) bool { return target == relaciona.ErrInvalid }

// advance returns the next state of m for step, or a *StepError.
func advance(m Machine, lang relaciona.Lang, subject, state string, step Step, when string) (string, error) {
	if to, ok := m.Next(state, step, when); ok {
		return to, nil
	}
	return "", &StepError{Machine: m.Name, Subject: subject, State: state, Step: step, Allowed: m.Allowed(state), lang: lang}
}
