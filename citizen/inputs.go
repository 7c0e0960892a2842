package citizen

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// InputKind is the kind of an input of the interaction strategy, from the
// closed list of seed 002, activity 2: "Recopilar información sobre el
// relacionamiento actual con la ciudadanía como caracterizaciones,
// autodiagnósticos de Mipg, informes de gestión, informes de PQRSD,
// informes e índices de organismos de control, encuestas de percepción y
// satisfacción ciudadana, Furag, reporte de trámites registrados en Suit,
// informes de seguimiento a los procesos disciplinarios, y otra que
// considere indispensable la entidad".
type InputKind string

// The input kinds.
const (
	InputCharacterisation   InputKind = "characterisation"
	InputSelfAssessment     InputKind = "mipg_self_assessment"
	InputManagementReport   InputKind = "management_report"
	InputPQRSDReport        InputKind = "pqrsd_report"
	InputControlBodyReport  InputKind = "control_body_report"
	InputSatisfactionSurvey InputKind = "satisfaction_survey"
	InputFURAG              InputKind = "furag"
	InputSUITReport         InputKind = "suit_report"
	InputDisciplinaryReport InputKind = "disciplinary_report"
	InputOther              InputKind = "other"
)

// InputKinds lists the input kinds in the seed's order.
func InputKinds() []InputKind {
	return []InputKind{InputCharacterisation, InputSelfAssessment, InputManagementReport, InputPQRSDReport, InputControlBodyReport,
		InputSatisfactionSurvey, InputFURAG, InputSUITReport, InputDisciplinaryReport, InputOther}
}

// DefaultRequiredInputs are the kinds of input a strategy version must
// cite before it is adopted when strategy.required_inputs is not set: the
// characterisation (who the citizens are), a PQRSD report (what they ask
// and complain of), a perception and satisfaction survey (how they judge
// the service) and FURAG (how the agency measures itself under MIPG).
func DefaultRequiredInputs() []InputKind {
	return []InputKind{InputCharacterisation, InputPQRSDReport, InputSatisfactionSurvey, InputFURAG}
}

// Label is the kind's name for a reader.
func (k InputKind) Label(L relaciona.Lang) string {
	return process.Labels[InputKind]{
		InputCharacterisation:   {"Caracterización", "Characterisation"},
		InputSelfAssessment:     {"Autodiagnóstico de MIPG", "MIPG self-assessment"},
		InputManagementReport:   {"Informe de gestión", "Management report"},
		InputPQRSDReport:        {"Informe de PQRSD", "PQRSD report"},
		InputControlBodyReport:  {"Informe o índice de organismo de control", "Control body report or index"},
		InputSatisfactionSurvey: {"Encuesta de percepción y satisfacción", "Perception and satisfaction survey"},
		InputFURAG:              {"FURAG", "FURAG"},
		InputSUITReport:         {"Reporte de trámites en SUIT", "SUIT procedures report"},
		InputDisciplinaryReport: {"Seguimiento a procesos disciplinarios", "Disciplinary proceedings follow-up"},
		InputOther:              {"Otro", "Other"},
	}.Of(L, k)
}

func inputKindList() string {
	var out []string
	for _, k := range InputKinds() {
		out = append(out, string(k))
	}
	return strings.Join(out, ", ")
}

// Input is one entry of the inputs register of the interaction strategy
// (seed 002, activity 2: "Recopilar información sobre el relacionamiento
// actual"): its kind, the name of an "other" kind, title, source, date and
// an optional reference or URL. Strategy versions cite inputs by id
// (CiteInputs).
type Input struct {
	ID        string        `json:"id"`
	Kind      InputKind     `json:"kind"`
	Name      string        `json:"name,omitempty" personal:"no"`
	Title     string        `json:"title"`
	Source    string        `json:"source"`
	Date      calendar.Date `json:"date"`
	Reference string        `json:"reference,omitempty"`
	Recorded  time.Time     `json:"recorded"`
	By        string        `json:"by"`
}

// RecordInput adds an input to the register in one audited batch. The
// kind is one of InputKinds (other with its name), the title and source
// are required, the id is unique. The actor needs the relationship_lead
// role.
func (s *Process) RecordInput(ctx context.Context, a relaciona.Actor, in Input, at time.Time) (Input, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.input.record", at, RoleLead)
	if err != nil {
		return Input{}, err
	}
	L := s.lang
	if strings.TrimSpace(in.ID) == "" {
		return Input{}, invalid(L, "id", "el insumo necesita un identificador", "the input needs an id")
	}
	if !slices.Contains(InputKinds(), in.Kind) {
		return Input{}, invalid(L, "kind", "tipo de insumo desconocido %q (%s)", "unknown input kind %q (%s)", in.Kind, inputKindList())
	}
	if in.Kind == InputOther && strings.TrimSpace(in.Name) == "" {
		return Input{}, invalid(L, "name", "un insumo de tipo «otro» dice qué es (name)", "an input of kind other says what it is (name)")
	}
	if strings.TrimSpace(in.Title) == "" {
		return Input{}, invalid(L, "title", "el insumo necesita un título", "the input needs a title")
	}
	if strings.TrimSpace(in.Source) == "" {
		return Input{}, invalid(L, "source", "diga la fuente del insumo", "say the input's source")
	}
	if err := checkDate(L, "date", in.Date); err != nil {
		return Input{}, err
	}
	in.Recorded, in.By = at.UTC(), a.ID
	return createRecord(ctx, s, a, s.rec.inputs, "citizen.input.record", "strategy input "+in.ID, at, in.ID, &in,
		"ya existe el insumo %q", "input %q exists already", nil)
}

// Inputs returns the inputs register, by date.
func (s *Process) Inputs(ctx context.Context) ([]Input, error) {
	return process.SortedValues(ctx, s.rec.inputs, relaciona.Filter{}, func(x, y Input) int { return strings.Compare(x.Date.String(), y.Date.String()) })
}

// CiteInputs records that a strategy version (a draft or a socialised
// one) is based on the inputs ids (seed 002, activity 2: the strategy is
// formulated from the information gathered on the current relationship).
// Every id must be in the register; citations add to those the version
// has (an adjustment starts with the citations of the version it
// adjusts). AdoptStrategy requires the cited inputs to cover
// strategy.required_inputs. The actor needs the relationship_lead role.
func (s *Process) CiteInputs(ctx context.Context, a relaciona.Actor, version int, ids []string, at time.Time) (StrategyVersion, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.strategy.cite", at, RoleLead)
	if err != nil {
		return StrategyVersion{}, err
	}
	L := s.lang
	if len(ids) == 0 {
		return StrategyVersion{}, invalid(L, "inputs", "nombre los insumos que cita la versión", "name the inputs the version cites")
	}
	return s.changeStrategy(ctx, a, "citizen.strategy.cite", version, at, func(v *StrategyVersion) error {
		if v.Status != StrategyDraft && v.Status != StrategySocialised {
			return invalid(L, "status", "la versión %d está en estado %s: solo un borrador o una versión socializada cita insumos", "version %d is %s: only a draft or a socialised version cites inputs", v.Version, v.Status)
		}
		have, err := s.rec.inputs.GetMany(ctx, ids)
		if err != nil {
			return err
		}
		found := map[string]bool{}
		for _, d := range have {
			found[d.ID] = true
		}
		for i, id := range ids {
			if !found[id] {
				return invalid(L, fmt.Sprintf("inputs[%d]", i), "el insumo %q no está en el registro", "input %q is not in the register", id)
			}
			if !slices.Contains(v.Inputs, id) {
				v.Inputs = append(v.Inputs, id)
			}
		}
		return nil
	}, nil)
}

// requiredInputs returns the kinds a version must cite to be adopted.
func (c *Config) requiredInputs() []InputKind {
	if len(c.Strategy.RequiredInputs) == 0 {
		return DefaultRequiredInputs()
	}
	out := make([]InputKind, len(c.Strategy.RequiredInputs))
	for i, k := range c.Strategy.RequiredInputs {
		out[i] = InputKind(k)
	}
	return out
}

// missingInputs returns the required kinds the version's cited inputs do
// not cover, in the configured order.
func (s *Process) missingInputs(ctx context.Context, v *StrategyVersion) ([]InputKind, error) {
	have := map[InputKind]bool{}
	if len(v.Inputs) > 0 {
		ds, err := s.rec.inputs.GetMany(ctx, v.Inputs)
		if err != nil {
			return nil, err
		}
		for _, d := range ds {
			have[d.Value.Kind] = true
		}
	}
	var missing []InputKind
	for _, k := range s.cfg.requiredInputs() {
		if !have[k] {
			missing = append(missing, k)
		}
	}
	return missing, nil
}

// checkAdoptable is AdoptStrategy's rule on the version's records (seed
// 002, activity 2): its cited inputs cover strategy.required_inputs, and it
// was socialised with the leaders of every dependency its entries involve
// (counting the socialisation of the versions it adjusts).
func (s *Process) checkAdoptable(ctx context.Context, v *StrategyVersion) error {
	L := s.lang
	missing, err := s.missingInputs(ctx, v)
	if err != nil {
		return err
	}
	if len(missing) > 0 {
		names := make([]string, len(missing))
		for i, k := range missing {
			names[i] = string(k)
		}
		return invalid(L, "inputs", "la versión %d no cita insumos de: %s (regístrelos con RecordInput y cítelos con CiteInputs)",
			"version %d cites no input of: %s (record them with RecordInput and cite them with CiteInputs)", v.Version, strings.Join(names, ", "))
	}
	told, err := s.socialisedWith(ctx, v)
	if err != nil {
		return err
	}
	var unsocialised []string
	for _, dep := range involvedDependencies(v) {
		if !told[dep] {
			unsocialised = append(unsocialised, dep)
		}
	}
	if len(unsocialised) > 0 {
		return invalid(L, "socialised_to", "la versión %d no se ha socializado con los líderes de: %s",
			"version %d was not socialised with the leaders of: %s", v.Version, strings.Join(unsocialised, ", "))
	}
	return nil
}

// involvedDependencies are the dependencies the entries of v name, in
// order of first appearance.
func involvedDependencies(v *StrategyVersion) []string {
	var out []string
	for _, e := range v.Entries {
		for _, d := range e.Dependencies {
			if !slices.Contains(out, d) {
				out = append(out, d)
			}
		}
	}
	return out
}

// socialisedWith returns the dependencies v, and the versions it adjusts
// (whose socialisation its adjustment answers), were socialised with.
func (s *Process) socialisedWith(ctx context.Context, v *StrategyVersion) (map[string]bool, error) {
	told := map[string]bool{}
	seen := map[int]bool{}
	cur := *v
	for {
		for _, d := range cur.SocialisedTo {
			told[d] = true
		}
		seen[cur.Version] = true
		if cur.Adjusts <= 0 || seen[cur.Adjusts] {
			return told, nil
		}
		d, err := s.strategies.Get(ctx, strategyID(cur.Adjusts))
		if errors.Is(err, relaciona.ErrNotFound) {
			return told, nil
		}
		if err != nil {
			return nil, err
		}
		cur = d.Value
	}
}
