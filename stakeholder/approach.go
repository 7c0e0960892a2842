package stakeholder

import (
	"cmp"
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

// The governance actions (seed 000_f7cf2e5b8754cfa1.txt, "Nivel 6" and
// "Nivel 7"), with their default levels in DefaultLevels.

// ActProposeApproach: propose a version of the relationship management
// approach. Level 6, "Lidera el desarrollo de estrategias y planes
// integrales de gestión de interesados".
const ActProposeApproach Action = "propose_approach"

// ActApproveApproach: approve the approach, with its principles. Level 7,
// "Determina el enfoque estratégico ... Define y logra acuerdo sobre los
// principios para establecer relaciones efectivas entre los interesados".
const ActApproveApproach Action = "approve_approach"

// ActITRelationship: the level a person needs to be named responsible for
// the relationship between IT and the end users. Level 7, "incluida la
// responsabilidad de la relación entre las funciones de TI y los usuarios
// finales".
const ActITRelationship Action = "it_relationship"

// ActReviewMonitoring: record the monitoring review of a period. Level 6,
// "Supervisa el monitoreo de las relaciones, incluidas las lecciones
// aprendidas y los comentarios apropiados".
const ActReviewMonitoring Action = "review_monitoring"

// ActDirectImprovement: direct an action to improve the relationships
// with and between stakeholders. Level 6, "Dirige acciones para mejorar
// las relaciones y las comunicaciones abiertas con y entre los
// interesados".
const ActDirectImprovement Action = "direct_improvement"

// ActManageMostImportant: designate a most important stakeholder, and be
// its relationship owner. Level 7, "Gestiona activamente las relaciones
// con los interesados más importantes".
const ActManageMostImportant Action = "manage_most_important"

// kindApproach is the record kind of the approach versions.
const kindApproach = "stakeholder.approach"

// ApproachStatus is the state of a version of the approach.
type ApproachStatus string

// The approach states: a version is proposed (level 6), approved (level 7)
// and superseded when a later version is approved.
const (
	ApproachProposed   ApproachStatus = "proposed"
	ApproachApproved   ApproachStatus = "approved"
	ApproachSuperseded ApproachStatus = "superseded"
)

var approachStatusLabels = process.Labels[ApproachStatus]{
	ApproachProposed: {"propuesto", "proposed"}, ApproachApproved: {"aprobado", "approved"}, ApproachSuperseded: {"reemplazado", "superseded"},
}

// Label is the state in lang.
func (s ApproachStatus) Label(lang relaciona.Lang) string { return approachStatusLabels.Of(lang, s) }

// RoleAssignment is one role of the approach given to a person of the
// directory, with its responsibilities.
type RoleAssignment struct {
	Role             string `json:"role" personal:"no"`
	Person           string `json:"person" personal:"no"`
	Responsibilities string `json:"responsibilities,omitempty" personal:"no"`
}

// Approach is the relationship management approach of the agency, in
// versions: "Diseña el enfoque de gestión de relaciones que se tomará;
// incluidos roles y responsabilidades, gobernanza, políticas, procesos y
// herramientas, y mecanismos de apoyo" (seed 000_f7cf2e5b8754cfa1.txt,
// description of RLMT), with the vision and the roles of "Nivel 7"
// ("Establece y promueve la visión general ... y determina los roles y
// alineamiento organizacional") and the principles ("Define y logra
// acuerdo sobre los principios").
//
// A version is proposed at level 6 (ProposeApproach) and approved only at
// level 7 (ApproveApproach), which records who agreed ("logra acuerdo")
// and needs ITRelationship, the level-7 person responsible for the
// relationship between IT and the end users. This is the strategic
// approach; the plan-level strategy (Strategy, ApproveStrategy) stays at
// level 6.
type Approach struct {
	Version    int              `json:"version"`
	Status     ApproachStatus   `json:"status"`
	Vision     string           `json:"vision" personal:"no"`
	Roles      []RoleAssignment `json:"roles"`
	Governance []string         `json:"governance" personal:"no"`
	Policies   []string         `json:"policies" personal:"no"`
	Processes  []string         `json:"processes" personal:"no"`
	Tools      []string         `json:"tools" personal:"no"`
	Support    []string         `json:"support" personal:"no"`
	Principles []string         `json:"principles" personal:"no"`
	// ITRelationship is the person responsible for the relationship
	// between IT and the end users (level 7 by default).
	ITRelationship string `json:"it_relationship,omitempty" personal:"no"`

	ProposedBy string        `json:"proposed_by,omitempty" personal:"no"`
	Proposed   calendar.Date `json:"proposed,omitzero"`
	ApprovedBy string        `json:"approved_by,omitempty" personal:"no"`
	Approved   calendar.Date `json:"approved,omitzero"`
	// AgreedBy are the people who agreed to this version (the approver
	// among them).
	AgreedBy []string `json:"agreed_by,omitempty" personal:"no"`
}

func approachID(v int) string { return fmt.Sprintf("v%04d", v) }

func approachKey(a *Approach) relaciona.Key {
	return relaciona.Key{ID: approachID(a.Version), Attrs: map[string]string{"status": string(a.Status)}, Time: dayTime(a.Proposed)}
}

func (s *Process) approachColl() *relaciona.Collection[Approach] {
	return relaciona.NewCollection(s.store, kindApproach, approachKey)
}

// checkApproach validates the sections of a proposed approach.
func (s *Process) checkApproach(ctx context.Context, a *Approach) error {
	if strings.TrimSpace(a.Vision) == "" {
		return s.invalid("vision", "el enfoque necesita una visión general", "the approach needs an overall vision")
	}
	if len(a.Roles) == 0 {
		return s.invalid("roles", "el enfoque necesita roles y responsabilidades", "the approach needs roles and responsibilities")
	}
	for i, r := range a.Roles {
		f := fmt.Sprintf("roles[%d]", i)
		if strings.TrimSpace(r.Role) == "" {
			return s.invalid(f+".role", "el rol necesita un nombre", "the role needs a name")
		}
		if err := s.checkPerson(ctx, f+".person", r.Person, 0); err != nil {
			return err
		}
	}
	for _, sec := range []struct {
		field  string
		es, en string
		v      []string
	}{
		{"governance", "gobernanza", "governance", a.Governance},
		{"policies", "políticas", "policies", a.Policies},
		{"processes", "procesos", "processes", a.Processes},
		{"tools", "herramientas", "tools", a.Tools},
		{"support", "mecanismos de apoyo", "support mechanisms", a.Support},
		{"principles", "principios", "principles", a.Principles},
	} {
		if len(sec.v) == 0 {
			return s.invalid(sec.field, "el enfoque necesita %s", "the approach needs %s", s.lang.T(sec.es, sec.en))
		}
		for i, t := range sec.v {
			if strings.TrimSpace(t) == "" {
				return s.invalid(fmt.Sprintf("%s[%d]", sec.field, i), "el elemento está vacío", "the entry is empty")
			}
		}
	}
	if a.ITRelationship != "" {
		if err := s.checkPerson(ctx, "it_relationship", a.ITRelationship, s.cfg.Level(ActITRelationship)); err != nil {
			return err
		}
	}
	return nil
}

// ProposeApproach records a new version of the approach, proposed. It
// needs the "propose_approach" level (6). Every section is required:
// vision, roles (each given to a person of the directory), governance,
// policies, processes, tools, support mechanisms and principles; the
// person responsible for the IT ↔ end-users relationship, when named,
// needs the "it_relationship" level (7). The version number is the next
// one; two proposals at once get different numbers.
func (s *Process) ProposeApproach(ctx context.Context, actor relaciona.Actor, at time.Time, a Approach) (Approach, error) {
	actor, err := s.require(ctx, actor, ActProposeApproach)
	if err != nil {
		return Approach{}, err
	}
	if err := s.checkApproach(ctx, &a); err != nil {
		return Approach{}, err
	}
	c := s.approachColl()
	var out Approach
	err = s.store.Update(ctx, actor, "stakeholder.propose_approach", "propose relationship management approach", 5, func(b *relaciona.Batch) error {
		b.At(at)
		last := 0
		for d, err := range c.Scan(ctx, relaciona.Filter{}) {
			if err != nil {
				return err
			}
			last = max(last, d.Value.Version)
		}
		v := a
		v.Version, v.Status = last+1, ApproachProposed
		v.ProposedBy, v.Proposed = actor.ID, calendar.DateOf(at)
		v.ApprovedBy, v.Approved, v.AgreedBy = "", calendar.Date{}, nil
		c.Put(b, &v, 0)
		out = v
		return nil
	})
	return out, err
}

// ApproveApproach approves a proposed version of the approach; the
// version approved before it becomes superseded, in the same batch. It
// needs the "approve_approach" level (7): "Determina el enfoque
// estratégico" and "Define y logra acuerdo sobre los principios" are level
// 7 (seed 000_f7cf2e5b8754cfa1.txt, "Nivel 7"). Approval records who
// agreed: agreedBy names at least one person of the directory besides the
// approver (who is added). A version without the person responsible for
// the IT ↔ end-users relationship, or with one below the
// "it_relationship" level (7), is refused ("incluida la responsabilidad
// de la relación entre las funciones de TI y los usuarios finales").
func (s *Process) ApproveApproach(ctx context.Context, actor relaciona.Actor, at time.Time, version int, agreedBy []string) (Approach, error) {
	actor, err := s.require(ctx, actor, ActApproveApproach)
	if err != nil {
		return Approach{}, err
	}
	agreed := []string{actor.ID}
	for i, p := range agreedBy {
		if err := s.checkPerson(ctx, fmt.Sprintf("agreed_by[%d]", i), p, 0); err != nil {
			return Approach{}, err
		}
		if !slices.Contains(agreed, p) {
			agreed = append(agreed, p)
		}
	}
	if len(agreed) < 2 {
		return Approach{}, s.invalid("agreed_by", "indique quiénes acordaron el enfoque, además de quien lo aprueba", "name who agreed to the approach, besides the approver")
	}
	c := s.approachColl()
	var out Approach
	err = s.store.Update(ctx, actor, "stakeholder.approve_approach", "approve relationship management approach", 3, func(b *relaciona.Batch) error {
		b.At(at)
		d, err := c.Get(ctx, approachID(version))
		if errors.Is(err, relaciona.ErrNotFound) {
			return missing("approach", approachID(version))
		}
		if err != nil {
			return err
		}
		v := d.Value
		if v.Status != ApproachProposed {
			return s.invalid("version", "la versión %d del enfoque no está propuesta (estado %s)", "approach version %d is not proposed (status %s)", version, v.Status.Label(s.lang))
		}
		if v.ITRelationship == "" {
			return s.invalid("it_relationship", "el enfoque debe nombrar a la persona de nivel %d responsable de la relación entre TI y los usuarios finales", "the approach must name the level-%d person responsible for the relationship between IT and the end users", s.cfg.Level(ActITRelationship))
		}
		if err := s.checkPerson(ctx, "it_relationship", v.ITRelationship, s.cfg.Level(ActITRelationship)); err != nil {
			return err
		}
		for p, err := range c.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"status": string(ApproachApproved)}}) {
			if err != nil {
				return err
			}
			old := p.Value
			old.Status = ApproachSuperseded
			c.Put(b, &old, p.Version)
		}
		v.Status, v.ApprovedBy, v.Approved, v.AgreedBy = ApproachApproved, actor.ID, calendar.DateOf(at), agreed
		c.Put(b, &v, d.Version)
		out = v
		return nil
	})
	return out, err
}

// CurrentApproach returns the approved version of the approach, and false
// when none has been approved.
func (s *Process) CurrentApproach(ctx context.Context) (Approach, bool, error) {
	for d, err := range s.approachColl().Scan(ctx, relaciona.Filter{Attrs: map[string]string{"status": string(ApproachApproved)}}) {
		if err != nil {
			return Approach{}, false, err
		}
		return d.Value, true, nil
	}
	return Approach{}, false, nil
}

// Approaches returns every version of the approach, oldest first.
func (s *Process) Approaches(ctx context.Context) ([]Approach, error) {
	out, err := s.approachColl().Values(ctx, relaciona.Filter{})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b Approach) int { return cmp.Compare(a.Version, b.Version) })
	return out, nil
}

// firstApproved returns the date the first version of the approach was
// approved (the zero date when none was): governance, and the monitoring
// reviews it calls for, start there.
func (s *Process) firstApproved(ctx context.Context) (calendar.Date, error) {
	var first calendar.Date
	for d, err := range s.approachColl().Scan(ctx, relaciona.Filter{}) {
		if err != nil {
			return first, err
		}
		if a := d.Value.Approved; !a.IsZero() && (first.IsZero() || a.Before(first)) {
			first = a
		}
	}
	return first, nil
}
