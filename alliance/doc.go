// Package alliance runs the strategic-alliance process of Chile's
// municipal employment offices (OMIL), "Alianzas Estratégicas, Proceso
// Soporte Interno PS54" (seed 001_a49db6f2870b1157.txt), as an enforced
// state machine: the office keeps a network of partners working for its
// strategic objectives, so that referrals (derivaciones) work better and
// information flows faster.
//
// # A tour
//
// The YAML of kind "alliance" (schemas/alliance.json; LoadConfig checks the
// schema, then every cross-reference, with file:line:col) declares the
// offices, the role names, the catalogue of resources partners provide, the
// strategic objectives with their indicators and targets, the monitoring
// thresholds, the yearly review date and the initial catastro:
// organisations of the territory and alliances (declared agreements,
// mutual understandings without an agreement, links that are not
// operational: seed 001, "Descripción del Procedimiento"). New wraps a
// relaciona.Store and the country's calendar.
//
//	s, _ := alliance.New(store, cfg, cal)
//	s.ImportConfig(ctx, encargado, day)                     // the catastro, into the Estudio Territorial
//	s.ReviewRegistry(ctx, encargado, office, 2026, day, "") // 1. review the registry
//	s.Diagnose(ctx, encargado, office, day)                 // 2. needs per objective, against targets
//	s.Decide(ctx, encargado, office, day, true, "why")      // 3. new partners needed?
//	s.SearchPartners(ctx, gestor, office, day, req)         // 4. candidates ranked against the gaps
//	s.Meet / s.Agree / s.Register                           // 5.-6. negotiate, agree, register
//	s.StartMonitoring, s.RecordMeasurements, s.Rate          // 7. hard data and team corroboration
//	s.OpenReview, s.Dossier, s.DecideWithAnswer             // 8. yearly review, one decision each (keep answers Ask)
//	s.Renegotiate, s.Renew / s.End                          // keep → renegotiate → agree; drop → end + replacement search
//	s.CloseReview, s.CloseCycle, s.Run, s.Report
//
// # Roles
//
// The Encargado OMIL "responsable y ejecutor" owns and runs every step; the
// Gestor Territorial helps search partners and meet them (seed 001: "el
// Encargado OMIL, con ayuda del Gestor Territorial, proceden a buscar
// socios"; "el Encargado OMIL o Gestor Territorial se reúne con ellos");
// team members rate alliances (seed 001: "consultar a los integrantes de su
// equipo"). The role names come from the YAML (defaults encargado_omil,
// gestor_territorial, equipo_omil). A refusal is a *relaciona.ForbiddenError
// naming the role, checked before anything else; nothing is written.
//
// # Who may act
//
// The roles come from the agency's directory, never from the caller: every
// method that changes something first asks the directory
// (relaciona.Directory.Authorize) whether the actor's id holds a role the
// step needs, and from then on uses the actor the directory returns (its
// name and roles); roles and a level carried in the relaciona.Actor passed
// in are ignored. The directory is the deployment's (WithDirectory; the
// process registry passes process.Env.Directory) or, without one, a roster
// of the file's people list (id, name, email, level, roles of this process,
// manager). A person not in it may do nothing ("no figura en el
// directorio"); with no people and no directory only the scheduled job
// (relaciona.SystemActor) runs.
//
// # The state machines
//
// Three small hand-written transition tables (CycleMachine,
// AllianceMachine, CandidateMachine) say which steps each state allows. A
// step out of order fails with a *StepError (errors.Is ErrInvalid) naming
// the steps allowed now. The yearly cycle of an office, as DOT
// (CycleMachine().DOT(); "dot -Tsvg" draws it; self-loops left out here):
//
//	digraph "cycle" {
//		"not_started" -> "registry_reviewed" [label="review_registry"];
//		"closed" -> "registry_reviewed" [label="review_registry"];
//		"registry_reviewed" -> "diagnosed" [label="diagnose"];
//		"diagnosed" -> "expanding" [label="decide [new_partners]"];
//		"diagnosed" -> "monitoring" [label="decide [no_new]"];
//		"expanding" -> "monitoring" [label="monitor"];
//		"monitoring" -> "expanding" [label="end"];
//		"monitoring" -> "reviewing" [label="open_review"];
//		"monitoring" -> "closed" [label="close"];
//		"reviewing" -> "expanding" [label="close_review [replacement]"];
//		"reviewing" -> "monitoring" [label="close_review [no_replacement]"];
//	}
//
// Search, meet, agree and register happen while expanding; measurements and
// ratings are accepted from the registry review on, since monitoring is
// continuous (seed 001: "Esta tarea se realiza continuamente durante el
// año"); the review decisions during the review; renegotiation, renewal and
// ending from the review on. An alliance goes active → kept →
// renegotiating → active, or active → dropped → ended; a candidate goes
// shortlisted → negotiating → agreed → registered.
//
// # Rules and where they come from (seed 001)
//
//   - Every alliance and organisation is in the Estudio Territorial
//     ("Todas las alianzas y organizaciones son incorporadas al registro del
//     Estudio Territorial"): Organisations and Alliances are its entries;
//     ReportTerritorial exports it, with contacts (personal data) redacted
//     on request.
//   - The diagnosis is per strategic objective against the office's targets
//     ("orientado fuertemente hacia los objetivos estratégicos ... coherentes
//     a las metas de desempeño"): Diagnose grades each objective none /
//     deepen / ok and lists the gaps.
//   - Partners are searched for the resources not provided ("que provean los
//     recursos requeridos y no satisfechos por los actuales acuerdos"): Rank.
//   - New alliances are registered in the "Alianzas vigentes" archive and the
//     Estudio Territorial: Register needs at least one document reference.
//   - Monitoring is on hard data, corroborated by the team ("en base a datos
//     duros ... que su impresión se corrobora con los otros integrantes"):
//     Measurement (referrals sent, accepted, resolved, business days to
//     answer; SummarizeReferrals computes them from single referrals on the
//     calendar), Rating, and disagreement above
//     monitoring.disagreement_spread.
//   - The yearly review (or on demand) decides each alliance with all the
//     information ("debe contar con toda la información disponible"):
//     Dossier, and DecideAlliance refuses when data is missing or the
//     alliance was already decided in the review. Keep resumes negotiation;
//     drop ends it and opens a replacement search ("evalúan nuevas alianzas
//     para su reemplazo").
//
// # Seed 001, the procedure: activities, roles, inputs and outputs
//
//	seed 001 line                                  rule                                               test
//	"comienza con la revisión ... de las alianzas, ReviewRegistry opens the year's cycle on the       TestCycleTransitions,
//	 convenios y trabajos en red" (the catastro:   catastro of the three kinds; one cycle per         TestOneCycleStartsAfterAnother
//	 convenios, entendimiento mutuo, vínculos)     office at once; the next year after the closed
//	                                               one
//	"Todas las alianzas y organizaciones son       ImportConfig and the import tables put every       TestImportOrganisationsAndAlliances,
//	 incorporadas al registro del Estudio          organisation and alliance in the study;            TestTerritorialStudyRedactsPersonalData
//	 Territorial"                                  ReportTerritorial exports it, contacts
//	                                               redacted on request
//	"levantará las necesidades de profundización   Diagnose grades each objective none / deepen /     TestDiagnosisFindsCoverageDeepeningAndMissing
//	 ... objetivos estratégicos ... metas de       ok against its targets and lists the resources
//	 desempeño"                                    nobody provides
//	"evaluar la necesidad de agregar nuevas        Decide: new partners → expanding; none →           TestCycleTransitions
//	 redes" ... "o inmediatamente ... se procede   monitoring
//	 al monitoreo"
//	"buscar socios ... que provean los recursos    SearchPartners ranks candidates by the gaps        TestPartnerSearchRanksAgainstGaps
//	 requeridos y no satisfechos"                  they fill, current partners left out
//	  (roles) "Encargado OMIL, con ayuda del       the Encargado runs every step, the Gestor          TestRolesAreEnforced, TestDirectoryDecides
//	 Gestor Territorial"; "Encargado OMIL o        searches and meets, the team rates; roles from
//	 Gestor Territorial se reúne"; "integrantes    the directory; a refusal names the role and
//	 de su equipo"                                 writes nothing
//	"negociación y el establecer acuerdos"         Meet, Agree: CandidateMachine shortlisted →        TestCandidateStepOutOfOrderIsRefused
//	                                               negotiating → agreed → registered, nothing else
//	"registrar las nuevas alianzas vigentes en el  Register needs at least one document reference     TestBadInputChangesNothing
//	 archivo digital" (output: Alianzas vigentes)
//	"Esta tarea se realiza continuamente durante   measurements and ratings accepted from the         TestCycleTransitions,
//	 el año"                                       registry review on; Run flags an alliance          TestRunFlagsAndIsIdempotent
//	                                               without measurements and the review due, once
//	"consultar a los integrantes de su equipo ...  Rating; a spread above                             TestTeamDisagreementIsFlaggedAboveThreshold
//	 se corrobora"                                 monitoring.disagreement_spread is flagged;
//	                                               fewer than min_raters is not corroborated
//	"al final de cada año, o cuando sea necesario" OpenReview: the yearly review covers every         TestOnDemandReviewCoversTheNamedAlliances,
//	                                               active alliance, an on-demand one those named;     TestCloseCycleNeedsTheYearlyReview
//	                                               CloseCycle needs the yearly review
//	"debe contar con toda la información           a decision is refused while the Dossier misses     TestReviewWithMissingDataIsRefused,
//	 disponible"                                   data or ratings, and twice in one review           TestBadInputChangesNothing
//	"retomar el ciclo de negociación,              keep → renegotiate → renew → active; the           TestCycleTransitions,
//	 establecimiento de acuerdos y monitoreo"      review closes back to monitoring without a         TestCloseReviewWithoutDropGoesBackToMonitoring
//	                                               drop
//	"evalúan nuevas alianzas para su reemplazo"    End opens, in the same batch, a replacement        TestDroppingOpensReplacementSearch
//	                                               search for the objectives served; the review
//	                                               closes back to expanding
//	  (the order of the flowchart)                 a step out of order is refused naming the          TestStepOutOfOrderNamesAllowedSteps,
//	                                               steps allowed now; nothing is written              TestAllianceStepOutOfOrderIsRefused
//
// # Seed 001 line by line: link kinds, monitoring registers, purpose (issue 19)
//
//	seed 001 line                                  rule                                               test
//	"convenios ... entendimiento mutuo aún sin     LinkMachine: link → understanding (activate),      TestChangeKindFollowsTheLinkTable
//	 acuerdos ... vínculo ... no                   link/understanding → agreement (formalise),
//	 operacionalizadas"                            understanding → link (suspend), agreement →
//	                                               understanding (lapse); nothing else; a refusal
//	                                               changes nothing (ChangeKind)
//	  (who decides)                                the directory: activate by Encargado or Gestor,   TestChangeKindFollowsTheLinkTable,
//	                                               every other change by the Encargado only           TestLinkMachineRolesComeFromTheDirectory
//	  (what each kind needs)                       an agreement its term (End) and a document; a     TestChangeKindFollowsTheLinkTable
//	                                               link the date to activate or drop it, within
//	                                               links.decide_within_days
//	"se evalúa ... la pertinencia de mantener      the review asks each kind its question (Ask,      TestReviewAsksEachKind,
//	 cada alianza"                                 Dossier.Ask): agreement renew (new term) or        TestEveryReviewChoiceIsALinkTransition
//	                                               lapse; understanding formalise or stay; link
//	                                               activate, formalise or decide_by a date
//	                                               (DecideWithAnswer)
//	  (on every path)                              keep without the kind's answer is refused on      TestKeepWithoutTheKindsAnswerIsRefused
//	                                               every kind (no kind has a default): the error
//	                                               names the question and its choices and points
//	                                               to DecideWithAnswer; DecideAlliance takes drop
//	"retomar el ciclo de negociación,              Renew carries the answer out; terms of another    TestRenewHoldsToTheAnswerAndTheLinkTable
//	 establecimiento de acuerdos"                  kind, or a change LinkMachine refuses, are refused
//	"vínculo ... no se encuentran                  a link past its decide_by is activated,           TestOverdueLinkCannotBeKeptAsItIs
//	 operacionalizadas"                            formalised or dropped, not kept as it is
//	"registrar de forma continua en el archivo     each measurement batch rewrites the alliance's    TestMeasurementUpdatesStandingInTheSameBatch
//	 digital Alianzas vigentes"                    Standing (year to date, indicators against
//	                                               target) in the same batch and audit entry
//	"... y en el Estudio Territorial"              Territories: partners per commune derived on      TestTerritoriesDerivedFromTheRegistry
//	                                               each call from the registry (no second copy)
//	"mejores y más eficientes derivaciones"        Purpose: resolution rate = resolved / referred    TestPurpose, TestPurposeRecordsRefuse
//	                                               on the referrals sent in the month; business
//	                                               days to resolve (RecordReferral, CloseReferral)
//	"flujos de información más expeditos"          Purpose: business days from a request to the      TestPurpose, TestPurposeRecordsRefuse
//	                                               partner to its answer (RecordInfoRequest,
//	                                               AnswerInfoRequest)
//	  (targets)                                    purpose.* target and direction in the YAML,       TestPurposeTargetsChecked, TestPurposeBlocks
//	                                               checked at load; PurposeBlocks names the figures
//	                                               below target
//	  (the whole network)                          NetworkReport adds Purpose up over the period:     TestNetworkPurposeByHand
//	                                               the network's three figures against the same
//	                                               targets, the offices compared, each alliance
//	                                               folded; days weighted per referral or request
//
// Modelled, not enforced: Links is the alliance's history of kind
// changes; Purpose and Territories are computed on demand and stored
// nowhere.
//
// # Time, audit, storage
//
// Every mutating method takes the business date and stamps its audit entry
// with it (noon UTC of that day), so demos and tests are deterministic, and
// writes the state change and everything it touches in one batch. Run, the
// periodic job, flags alliances without measurements, the yearly review
// once due and team disagreement, each once; a second run the same day
// writes nothing. Records live in the Store under the kinds "alliance.*",
// indexed by office, alliance, status and year.
//
// # Notices
//
// Every due item reaches a person. Run writes, in the same batch as the
// flag that makes an item due, a relaciona.Notification to the outbox for
// every person the directory gives the Encargado OMIL role: the yearly
// review fallen due (NoticeReviewDue), an alliance's follow-up due after
// too long without a measurement (NoticeMeasurementDue), and an agreement
// ending within review.expiry_notice_days days (NoticeAgreementExpiring). A flag is raised
// once, so its notification is written once however often Run runs; a flag
// with no one to tell is counted in RunSummary.Unnotified. The file's
// optional notifications key overrides the default texts (es, en), checked
// at load (Config.Templates).
//
// # The shared shape
//
// Like the other process packages, New returns a *Process; Run(ctx, actor,
// date) is the periodic work of a date; Reports(ctx, process.Period) builds
// the reports of a period as report pages (NetworkReport, the offices
// compared over the period, then Pages for each office); DefaultRoles lists its role names (the YAML may rename them).
// The package registers itself with package process, through which
// relaciona run and relaciona report reach it.
package alliance
