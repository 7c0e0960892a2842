// Package stakeholder is stakeholder relationship management as SFIA
// defines the skill RLMT ("Gestión de las relaciones con los interesados",
// seed 000_f7cf2e5b8754cfa1.txt), at responsibility levels 4 to 7. The
// levels are not labels: each action needs a minimum level, and an issue
// nobody resolves climbs the levels until level 7, the last stop.
//
// # A tour
//
// The configuration is a YAML file of kind "stakeholder" (schema
// schemas/stakeholder.json; example examples/stakeholder/stakeholder.yaml):
// analysis thresholds, the channel catalogue (formal and informal), the
// minimum level of each action, the people and their SFIA levels, the
// escalation chain (an owner and business-day terms per severity for each
// of levels 4, 5, 6 and 7), and an initial register of groups,
// stakeholders and plan items. LoadConfig validates it against the schema
// and then checks what a schema cannot: unknown groups, people, channels
// or stakeholders, cycles in nested groups, a missing chain level, a
// chain owner or contact point below the level they need, impossible
// frequencies. Every problem is a *relaciona.ValidationError with
// file:line:col.
//
//	cfg, err := stakeholder.LoadConfig("stakeholder.yaml", relaciona.Spanish)
//	p, err := stakeholder.New(store, cfg, cal, stakeholder.WithLang(relaciona.Spanish))
//	_, err = p.Import(ctx, director, time.Now())         // the register of the YAML
//
// Every mutating method takes the context, the relaciona.Actor and the
// business time (never the clock), checks the actor's level first (a
// refusal is a *relaciona.ForbiddenError naming the level, and changes
// nothing), then validates (relaciona.ErrInvalid with a field path), then
// writes one audited batch. The level is the directory's (see "Who may
// act").
//
//   - Register: Register, DefineGroup, Get, Stakeholders, Groups. A
//     stakeholder is a person or organisation, internal or external, in
//     nested groups, with contacts (personal data), channels and a single
//     point of contact: level 5 or above, 6 or above for a key stakeholder.
//   - Analysis: Assess keeps every dated assessment (History) and derives
//     the power / interest quadrant, Mitchell's salience class and the
//     engagement gap (desired minus current).
//   - Engagement plan: AddPlanItem (level 5) proposes, ApprovePlan (level
//     6) approves; active items yield communications; Due and Overdue list
//     what is due on a date, through the store's time index.
//   - Interaction log: LogInteraction, which may carry out a plan item
//     (updated in the same batch) or record a negotiated agreement (level
//     6).
//   - Issues: OpenIssue, AssignIssue, AddCorrectiveAction, ResolveIssue
//     (lessons learned), SearchIssues. Run(ctx, actor, date), the periodic
//     job, escalates every open issue past its business-day term to the
//     next level's owner (4 → 5 → 6 → 7), exactly and idempotently for the
//     date, in audited batches; level 7 is flagged as the last stop.
//   - Feedback: RequestFeedback, RecordFeedback, and Effectiveness per
//     stakeholder, group and period: response rate, average rating and its
//     trend, engagement-gap closure.
//   - Strategy: ApproveStrategy (level 6), SetPrinciples (level 7); the
//     strategic approach, monitoring reviews, improvement actions and most
//     important stakeholders are under "Governance".
//   - Decisions: RecordDecision, AddConsultation, TakeDecision,
//     RecordDecisionFeedback, Decisions (level 5; decision.go). Information:
//     GatherInformation, SpreadInformation, InformationItems (level 4 for
//     general, 5 for technical and commercial; information.go). Their page
//     is DecisionsReport (slug "stakeholder-decisions").
//   - Report: key figures and charts first (the stakeholder map, a scatter
//     chart with the four quadrants; the issues resolved in the period by
//     root cause, named from the catalogue in the report's language; the
//     monthly rating), then the tables: effectiveness, overdue
//     communications, the issue log with its escalations, the lessons
//     learned in the period (how many, how many spread, to whom and when)
//     and engagement and gaps. Long tables show their first rows on the
//     HTML page and fold the rest; the exports hold every row. A
//     report.Document for HTML, CSV, XLSX and Markdown, in Spanish or
//     English, optionally with personal data redacted (a lesson's text and
//     the people it was spread to included).
//
// # The levels (defaults from the seed, overridable in YAML)
//
//	4  register, log interactions, carry out the plan, handle issues,
//	   record feedback ("Implementa el plan ... Se ocupa de problemas y
//	   asuntos ... Recopila y utiliza los comentarios")
//	5  assess, define group needs, plan items, single point of contact
//	   ("Identifica las necesidades ... Traduce las estrategias ... único
//	   punto de contacto")
//	6  approve strategy and plan, own key stakeholders, record agreements
//	   ("Lidera el desarrollo de estrategias ... principales interesados ...
//	   Negocia"); propose the approach, review the monitoring, direct
//	   improvement actions ("Supervisa el monitoreo ... Dirige acciones")
//	7  set principles, close an issue escalated to level 7 ("Define ... los
//	   principios ... el último punto de escalamiento"); approve the
//	   approach, own the IT ↔ end-users relationship and the most important
//	   stakeholders ("Determina el enfoque estratégico ... Gestiona
//	   activamente las relaciones con los interesados más importantes")
//
// An issue escalated to level 5 or 6 is resolved by someone of that level
// or above.
//
// # Governance (levels 6 and 7)
//
// The relationship management approach (Approach: vision, roles given to
// people of the directory, governance, policies, processes, tools,
// support mechanisms, principles) is versioned: ProposeApproach at level 6,
// ApproveApproach only at level 7, recording who agreed and needing the
// level-7 person responsible for the IT ↔ end-users relationship; a new
// approved version supersedes the previous one. What changed: the
// strategic approach and its principles are now this level-7 record;
// ApproveStrategy (level 6) keeps the plan-level strategy (its approach
// text and objectives) and SetPrinciples (level 7) stays for files that
// used it. RecordMonitoringReview (level 6) reviews one period
// (governance.monitoring_period, a quarter by default), storing the
// figures it saw; DirectImprovement (level 6) directs an action between
// two or more stakeholders, tracked to done with CompleteImprovement;
// DesignateMostImportant (level 7) names a most important stakeholder and
// its level-7 owner. Run tells the level-6 chain owner of a period ended
// without its review, the owner and director of an overdue improvement
// action, and the owner (and the person above) of a most important
// stakeholder without the owner's interaction within
// governance.most_important_max_days business days (60 by default), each
// once. ApprovePlan refuses a plan that leaves a most important
// stakeholder (every manage-closely one with governance.channel_mix: key;
// nobody with off) with only formal or only informal channels. Reports
// adds the page GovernanceSlug.
//
// # Seed 000 line by line
//
// Each line of the seed the package enforces: the rule and the test that
// fails without it.
//
// Decisions and information (decision.go, information.go):
//
//	seed 000 line | rule | test
//	"Logra el compromiso de actuar a través de la consulta y la consideración de los impactos" | TakeDecision refuses, naming who is missing, while an affected key (manage closely) stakeholder, named or in an affected group or one nested in it, was not consulted on or before the date, or an affected stakeholder or group has no impact weighed; two takes at once: one wins | TestTakeDecisionNeedsConsultationAndImpacts, TestTwoTakesAtOnce
//	L5 "Facilita los procesos de toma de decisiones empresariales" | the decision log needs level 5 (facilitate_decision); the facilitator holds level 5 in the directory, participants are listed in it; options and participants are needed to take it; a decision taken does not change; Decisions searches by stakeholder, group (nested) and date | TestDecisionLog, TestDecisionsSearch
//	L5 "Proporciona retroalimentación informada para evaluar y promover la comprensión" | taking a decision owes each stakeholder consulted feedback and writes NoticeDecisionFeedbackDue to its contact point (else the facilitator) in the same batch; RecordDecisionFeedback (level 5) marks it given once; the page counts owed, given and late | TestDecisionFeedback, TestDecisionsReport
//	L4 "la recopilación y difusión de información relevante" | GatherInformation and SpreadInformation of general items need level 4 (information); a spread is a write under the version read (ErrConflict when stale); InformationItems finds the items never spread | TestInformationLevels, TestSpreadInformation, TestSpreadInformationIsVersioned
//	L5 "Captura y difunde información técnica y comercial" | technical and commercial items need level 5 (technical_information) to gather and to spread | TestInformationLevels
//
// Modelled, not enforced: the person consulted, what they said and the
// impact's description are free text (personal data), since no rule can
// judge whether a consultation was adequate; consulting stakeholders who
// are not key is recorded but not required, since the seed asks for
// consultation to gain commitment and requiring it of every member of a
// broad group would block every decision.
//
// Governance, monitoring and key relationships (approach.go, monitoring.go):
//
//	seed 000 line                                   | rule                                                        | test
//	"Diseña el enfoque ... roles y                  | an approach has vision, roles (people of the directory),    | TestApproachNeedsEverySection
//	 responsabilidades, gobernanza, políticas,      | governance, policies, processes, tools, support and         |
//	 procesos y herramientas, y mecanismos de apoyo"| principles, or is refused                                   |
//	N7 "Determina el enfoque estratégico ...        | proposed at level 6, approved only at level 7; a later      | TestApproachProposedAtSixApprovedAtSeven,
//	 determina los roles"                           | approved version supersedes; concurrent proposals get       | TestConcurrentProposalsGetDistinctVersions
//	                                                | distinct versions                                           |
//	N7 "Define y logra acuerdo sobre los principios"| approval names who agreed besides the approver              | TestApproachApprovalRecordsAgreement
//	N7 "responsabilidad de la relación entre las    | approving needs the IT ↔ end-users owner, of level 7        | TestApproachNeedsLevelSevenITRelationship
//	 funciones de TI y los usuarios finales"        |                                                             |
//	"Creativamente combina canales formales e       | ApprovePlan refuses a most important (or, with key, a       | TestApprovePlanCombinesFormalAndInformal
//	 informales"                                    | manage-closely) stakeholder with one kind of channel only   |
//	N6 "Supervisa el monitoreo de las relaciones,   | one level-6 review per period with the figures it saw;      | TestMonitoringReviewOnePerPeriodAtSix,
//	 incluidas las lecciones aprendidas y los       | Run tells the level-6 owner once of a period without one    | TestMonitoringReviewOnceUnderConcurrency,
//	 comentarios apropiados"                        | (from the first approved approach)                          | TestRunNotifiesAMissingReview
//	N6 "Dirige acciones para mejorar las relaciones | level 6 directs actions between ≥2 stakeholders with owner  | TestImprovementActionsDirectedAtSix
//	 ... con y entre los interesados"               | and due date; overdue ones told once; completed by owner    |
//	N7 "Gestiona activamente las relaciones con los | most important stakeholders have a level-7 owner (lower     | TestMostImportantManagedAtSeven
//	 interesados más importantes"                   | refused) who interacts every N business days; lapses told   |
//	                                                | once to the owner and the person above                      |
//	levels 4 to 7 ("Niveles de responsabilidad")    | each action needs its level from the directory              | TestPermissionsBySFIALevel, TestDirectoryDecides
//	N7 "el último punto de escalamiento"            | issues climb 4 → 7 by business-day terms; 7 is the last     | TestEscalationMovesToNextLevelOwner,
//	                                                | stop and flagged when overdue                               | TestLevel7IsTheLastStopAndFlagged
//	N4 "acciones correctivas, lecciones aprendidas" | resolving needs a root cause; lessons in the same batch     | TestResolveIssueWritesItsLessonsInTheSameBatch
//	N4 "Recopila y utiliza los comentarios ... para | effectiveness: response rate, rating trend, gap closure     | TestEffectivenessResponseRate,
//	 medir la efectividad"                          |                                                             | TestEffectivenessEngagementGapClosure
//	N6 "único punto de contacto para los            | a key stakeholder's contact point has level 6               | TestContactPointMustHoldTheLevel
//	 principales interesados"                       |                                                             |
//
// Modelled, not enforced: N6 "Facilita la participación ... y el cambio de
// proyectos" describes how people work, not a state the data can be
// checked against; the approach's governance,
// policy and tool entries are text, since no rule could judge whether a
// policy is good. Whether the most important stakeholders are the top by
// power × interest is not derived: the manage-closely quadrant already has
// level-6 owners, and "the most important" is a level-7 judgement,
// recorded explicitly (DesignateMostImportant).
//
// # Who may act
//
// The SFIA level comes from the agency's directory, never from the caller:
// every method that changes something first asks the directory
// (relaciona.Directory.Authorize) whether the actor's id holds the level
// the action needs, and from then on uses the actor the directory returns
// (its name and level); a level or roles carried in the relaciona.Actor
// passed in are ignored. The directory is the deployment's (WithDirectory;
// the process registry passes process.Env.Directory) or, without one, a
// roster of the file's actors (id, name, level). A person not in it may do
// nothing ("no figura en el directorio"); a listed one below the level is
// told both levels ("el directorio le da el nivel 5; necesita el nivel
// SFIA 7"). The scheduled job (relaciona.SystemActor) is not looked up and
// may only Run. Contact points, assignees and owners named in a record are
// checked against the same directory.
//
// # Notices
//
// Every due item reaches a person, through a relaciona.Notification
// written to the outbox in the same batch as the change that makes it due
// (notices.go). Run writes NoticeIssueEscalated with each escalation, to
// the level's new owner and to the person the directory puts above the one
// who held the issue (Directory.Manager: a person, not a level), and
// NoticeIssueOverdueFinal when an issue passes the level-7 term. A planned
// communication falling overdue changes nothing else, so its notice
// (NoticeCommunicationOverdue, to the plan item's owner) is itself the
// change: Run writes it in its own audited batch unless the outbox holds it
// already. A commitment (a follow-up agreed in an interaction, a corrective
// action) is indexed by its due date when recorded; on that date Run
// writes NoticeCommitmentDue to its owner, unless done, and drops the
// index entry in the same batch. Each is written once however often Run runs for a date
// (RunSummary.Notified counts them). The file's optional notifications key
// overrides the default texts (es, en), checked at load (Config.Templates).
//
// # Storage
//
// Records live in the relaciona Store under the kinds "stakeholder.*".
// Attributes index what is filtered on (status, stakeholder, the escalation
// timer); the record time of an open issue is its deadline and that of an
// active plan item its next communication, so Run and Due read only what
// is due, in constant memory. Personal data (names of persons, contacts,
// summaries, comments) sits in fields tagged personal:"true" and never in
// attributes, ids or log lines.
//
// # The shared shape
//
// Like the other process packages, New returns a *Process; Run(ctx, actor,
// date) is the periodic work of a date; Reports(ctx, process.Period) builds
// the reports of a period as report pages (it wraps Report); Roles lists its actions, since it checks SFIA levels rather than role names.
// The package registers itself with package process, through which
// relaciona run and relaciona report reach it.
package stakeholder
