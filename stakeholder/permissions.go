package stakeholder

import (
	"context"
	"errors"

	"github.com/relaciona/relaciona"
)

// Action is something an actor does in the stakeholder process. Each one
// needs a minimum SFIA responsibility level: the defaults come from the
// seed (000_f7cf2e5b8754cfa1.txt, "Niveles de responsabilidad") and the
// YAML "permissions" block may change them.
type Action string

// The actions and the seed text each default rests on.

// ActRegister: register and update stakeholders, contacts and channels.
// Level 4, "la recopilación y difusión de información relevante".
const ActRegister Action = "register"

// ActAssess: record an assessment. Level 5, "Identifica las necesidades
// de comunicación y relación de los grupos de interesados".
const ActAssess Action = "assess"

// ActDefineGroupNeeds: create groups and set their needs. Level 5 (same
// sentence).
const ActDefineGroupNeeds Action = "define_group_needs"

// ActPlan: add plan items. Level 5, "Traduce las estrategias de
// comunicación / participación de los interesados en actividades y
// entregas específicas".
const ActPlan Action = "plan"

// ActContactPoint: be, and assign, a single point of contact. Level 5,
// "actuando como un único punto de contacto".
const ActContactPoint Action = "contact_point"

// ActLogInteraction: log an interaction. Level 4, "Implementa el plan de
// participación / comunicación".
const ActLogInteraction Action = "log_interaction"

// ActCarryOutPlan: mark a plan communication done. Level 4 (same).
const ActCarryOutPlan Action = "carry_out_plan"

// ActHandleIssue: open, assign, act on and resolve issues. Level 4, "Se
// ocupa de problemas y asuntos, gestionando resoluciones, acciones
// correctivas, lecciones aprendidas".
const ActHandleIssue Action = "handle_issue"

// ActRecordFeedback: request and record feedback. Level 4, "Recopila y
// utiliza los comentarios de clientes e interesados para ayudar a medir
// la efectividad".
const ActRecordFeedback Action = "record_feedback"

// ActApprove: approve the strategy and the plan. Level 6, "Lidera el
// desarrollo de estrategias y planes integrales de gestión de
// interesados".
const ActApprove Action = "approve"

// ActOwnKeyStakeholder: be, and assign, the contact point of a key
// (manage closely) stakeholder. Level 6, "Desarrolla relaciones
// estratégicas a largo plazo con los principales interesados ...
// actuando como un único punto de contacto para los principales
// interesados".
const ActOwnKeyStakeholder Action = "own_key_stakeholder"

// ActRecordAgreement: record a negotiated agreement. Level 6, "Negocia
// para asegurar que ... se definan los acuerdos apropiados".
const ActRecordAgreement Action = "record_agreement"

// ActSetPrinciples: set the strategic approach and principles. Level 7,
// "Define y logra acuerdo sobre los principios para establecer
// relaciones efectivas".
const ActSetPrinciples Action = "set_principles"

// ActCloseEscalated: resolve an issue escalated to level 7. Level 7, "es
// el último punto de escalamiento para la resolución de problemas".
const ActCloseEscalated Action = "close_escalated"

// ActRun: the periodic run (escalations). Level 0 by default: it applies
// rules for a date and takes no decision of its own; an agency may
// require a level for the job's actor.
const ActRun Action = "run"

// Actions lists every action, in a stable order.
func Actions() []Action {
	return []Action{ActRegister, ActAssess, ActDefineGroupNeeds, ActPlan, ActContactPoint,
		ActLogInteraction, ActCarryOutPlan, ActHandleIssue, ActRecordFeedback, ActApprove,
		ActOwnKeyStakeholder, ActRecordAgreement, ActSetPrinciples, ActCloseEscalated, ActRun, ActSpreadLessons,
		ActFacilitateDecision, ActInformedFeedback, ActInformation, ActTechnicalInformation,
		ActProposeApproach, ActApproveApproach, ActITRelationship, ActReviewMonitoring, ActDirectImprovement, ActManageMostImportant}
}

// DefaultLevels returns the minimum SFIA level of each action from the seed.
func DefaultLevels() map[Action]int {
	return map[Action]int{
		ActRegister: 4, ActAssess: 5, ActDefineGroupNeeds: 5, ActPlan: 5, ActContactPoint: 5,
		ActLogInteraction: 4, ActCarryOutPlan: 4, ActHandleIssue: 4, ActRecordFeedback: 4,
		ActApprove: 6, ActOwnKeyStakeholder: 6, ActRecordAgreement: 6,
		ActSetPrinciples: 7, ActCloseEscalated: 7, ActRun: 0, ActSpreadLessons: 4,
		ActFacilitateDecision: 5, ActInformedFeedback: 5, ActInformation: 4, ActTechnicalInformation: 5,
		ActProposeApproach: 6, ActApproveApproach: 7, ActITRelationship: 7, ActReviewMonitoring: 6, ActDirectImprovement: 6, ActManageMostImportant: 7,
	}
}

// Level returns the minimum SFIA level the configuration sets for a.
func (c *Config) Level(a Action) int {
	if l, ok := c.Permissions[a]; ok {
		return l
	}
	return DefaultLevels()[a]
}

// require checks in the directory that actor may take action a (the level
// the configuration sets for it) and returns the actor as the directory
// knows them; the refusal is a *relaciona.ForbiddenError naming the level
// needed and the level the directory gives, or saying the actor is not in
// the directory.
func (s *Process) require(ctx context.Context, actor relaciona.Actor, a Action) (relaciona.Actor, error) {
	return s.requireLevel(ctx, actor, a, s.cfg.Level(a))
}

// requireLevel checks in the directory that actor has at least level min
// for action a, and returns the directory's actor.
func (s *Process) requireLevel(ctx context.Context, actor relaciona.Actor, a Action, min int) (relaciona.Actor, error) {
	return s.dir.Authorize(ctx, Kind, actor, "stakeholder."+string(a), relaciona.Need{Level: min})
}

// directoryLevel is the SFIA level the directory gives person id, and
// whether the directory lists the person; a directory that cannot be
// reached is an error.
func (s *Process) directoryLevel(ctx context.Context, id string) (int, bool, error) {
	p, err := s.dir.Person(ctx, id)
	if errors.Is(err, relaciona.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	return p.Level, true, nil
}
