// Package satisfaction is the customer-satisfaction management process of an
// IT operations area, after Agesic's (Uruguay) "Proceso de Gestión de
// Satisfacción de los Clientes" (seed ../shared/seeds/003_df350b36ba81ebe8.txt,
// cited below as "seed 003 §N").
//
// # A tour
//
// The YAML file (kind "satisfaction", schema schemas/satisfaction.json) lists
// the area's team and the roles the YAML assigns them (seed 003 §4: Dirección
// "direction", process owner "process_owner", process manager
// "process_manager", process executor "process_executor"), its divisions,
// the services with their service levels, the internal clients (business
// owners, §2) with the services they use, a catalogue of need and complaint
// topics, the survey scales and the balanced-scorecard (CMI) targets.
//
//	cfg, err := satisfaction.LoadConfig("satisfaction.yaml", relaciona.Spanish)
//	p, err := satisfaction.New(store, cfg, cal, satisfaction.WithTickets(tickets), satisfaction.WithLang(relaciona.Spanish))
//
// Every activity checks its role first (a *relaciona.ForbiddenError naming
// why, nothing changed; see "Who may act"), then validates (a *relaciona.ValidationError
// in the language of WithLang, Spanish by default), then writes one audited
// batch stamped with the business time it is given:
//
//   - Central client-information repository (§6.5): AddInfo, ClientFile.
//     Everything below is linked to the client.
//   - Complaints (§6.4): ReportComplaint by any team member tells every
//     process owner (a Notice) and registers it; FollowComplaint (manager)
//     opens the complaint ticket through relaciona.Tickets for a service
//     complaint; HandlePrivately (owner) takes any other; RespondComplaint
//     answers with corrective or improvement actions (§5); CloseComplaint.
//     Complaint tickets the ticket sync finds are registered by themselves.
//   - Monthly surveys (§3.1, §6.5): Run reads the ticket system's survey
//     responses (optional capability relaciona.CapSurveys) and ticket
//     changes; ImportSurveys and ImportTickets take them directly. CMI
//     computes CSAT (% of answers from satisfied_from up), NPS (% promoters
//     minus % detractors) and CES (mean) per client, service and month, with
//     counts, response rate, service level, availability, trends and the
//     "watermelon" alert (service levels met while satisfaction falls).
//   - Annual interviews (§6.3): DesignInterview (owner), ApproveDesign
//     (Dirección), RecordInterview (one per client per year, only against an
//     approved design), AgreeWorkPlan (interview first, or a reason and a
//     pending briefing), RecordBriefing, PendingBriefings.
//   - Analysis (§3.2): Analyze ranks needs and complaints common to several
//     clients (analysis.common_threshold) with their proposals;
//     ProposeAction records proposals.
//   - Work meetings, improvement actions, commitments (§6.6, §6.7):
//     RecordMeeting, AddCommitment (due date in business days of the
//     deployment's calendar), CompleteCommitment(With) (delivered, with
//     evidence), ConfirmCommitment (only by a person the directory lists
//     as confirming for the client, or for an internal commitment another
//     process owner), CloseCommitmentUnconfirmed (its owner, with a
//     reason). The commitments live in the root's commitments register
//     (relaciona.Commitments); Commitment is this process's view of them.
//   - Availability (§3.2): RecordAvailability and ImportAvailabilityCSV.
//   - Run: the periodic job (sync, overdue commitments, month snapshots),
//     idempotent for a date.
//   - Reports (§3.2, §6.8): ServiceReport (the monthly standard service
//     report of a client), CMIReport (the monthly survey report for the
//     CMI), InterviewReport (the annual interview report with its CMI
//     score) and PeriodReport (several months at a glance: watermelon
//     alerts, each client's CSAT and service level by month, complaints,
//     commitments), each a report.Document rendered to HTML with charts, CSV,
//     XLSX or Markdown, in Spanish or English.
//
// # Who may act
//
// Who a person is, and the roles they hold here, come from the agency's
// directory, never from the caller: the host application says who is
// acting (Actor.ID) and every activity that changes something, and every
// restricted read, asks the directory (relaciona.Directory.Authorize) first
// and from then on uses the actor the directory returns, whose id the
// audit records. WithDirectory gives the deployment's directory (the
// process registry passes process.Env.Directory); without it the process
// uses the file's team as a roster (Config.Roster). A person the directory
// does not list may do nothing ("no figura en el directorio"); a role the
// caller claims and the directory does not give is not held. Only the
// scheduled job's relaciona.SystemActor is not looked up, and it may only
// Run.
//
// # Notifications
//
// Every rule that makes an item due writes, in the same batch, a
// notification to the outbox (relaciona.Batch.Notify) for the person who
// must act, found in the directory: NoticeComplaintReported to each process
// owner when a complaint is registered; NoticeCommitmentDueSoon to a
// commitment's owner commitments.due_soon_days business days before it
// falls due; the register's relaciona.NoticeCommitmentOverdue to the owner
// and the person directly above them when Run finds it overdue (Run calls
// relaciona.Commitments.NotifyOverdue for this process; the kind
// NoticeCommitmentOverdue stays registered for the files that override its
// text, and is no longer written). The change records that it was
// told (the complaint, Commitment.Reminded, Commitment.Overdue), so a
// second Run notifies no one again. The file's notifications key overrides
// the text (Config.Templates), checked at load.
//
// # Storage
//
// Survey answers, ticket cases and their resolutions are stored with the
// time they happened as the index time, and keyed by that time too, so a
// month's records are stored together and a month's report reads only that
// month, by time range, sequentially and in constant memory (memory grows
// with clients × services, not with records). Run stores the figures of the
// finished months of the trend as snapshots; any import into a month removes
// its snapshot so it is computed again. BenchmarkCMIReport measures the
// monthly report over a year of 1,000,000 survey answers and 1,000,000
// tickets on SQLite next to a hand-written SQL aggregate of the same month.
//
// Personal data (team and contact names, requesters, free text) sits in
// fields tagged personal:"true"; it never goes into attributes, logs or
// error messages, and reports redact it on request.
//
// # Seed 003: survey governance and service reports
//
// The ticket system's surveys (§3.1, §6.5) are governed by the file's
// surveys section (SurveyConf), in the shape helpdesk survey modules share
// (OTRS/Znuny Survey: sent after a ticket closes, once per ticket; a delay,
// a sample, an invitation that expires). Without the section nothing is
// sent and answers are taken as they come. The standard monthly service
// report and the reports on demand (§6.8) are issued and stored as issued
// (IssuedReport).
//
//	| seed 003 line | rule | test |
//	| --- | --- | --- |
//	| §3.1 "Encuestas provenientes del sistema de tickets" | surveys section: schema and checks, file:line errors | TestSurveyConfigSection, FuzzSurveysSection |
//	| §3.1, §6.5 surveys of the ticket system | invitation due delay_hours (calendar hours) after the ticket closes, written by Run to the outbox (NoticeSurveyInvitation, to the client's contact on the ticket) in the same batch | TestSurveyInvitationAfterDelayOncePerTicket |
//	| §3.1 | sample_rate: the tickets surveyed are chosen by a hash of the ticket id (SurveySampled), the same in any run or process | TestSurveySampling |
//	| §3.1 | lifetime_days: no invitation once it would have expired; an answer after it expires is refused (RefusedExpired) | TestSurveyNotSentOnceExpired, TestSurveyAnswersGoverned |
//	| §3.1 | an answer with no ticket, or to a ticket never invited, is refused (RefusedNoTicket, RefusedNotInvited) | TestSurveyAnswersGoverned |
//	| §3.2 "Análisis e interpretación de las respuestas" | a score under comment_required_below needs a comment (above it on a lower_is_better scale), else refused (RefusedNoComment) | TestSurveyAnswersGoverned |
//	| §3.1 | one survey per ticket: one invitation (claim ClaimSurveyTicket, also when reopened) and one answer per ticket and metric (claim ClaimSurveyAnswer) | TestSurveyInvitationAfterDelayOncePerTicket, TestConcurrentRunsInviteOnce, TestOneSurveyAnswerPerTicketUnderConcurrentImports |
//	| §3.2, §5 "Elaborar reportes mensuales de los servicios para los clientes", §6.8 "formato estándar para reportar mensualmente" | Run issues each client's standard report of the month before from the first business day of the month (FirstBusinessDay), once per client and month (claim ClaimServiceReport), stored redacted | TestFirstBusinessDay, TestRunIssuesTheStandardServiceReportOncePerClientAndMonth, TestStandardReportsUnderConcurrentRuns |
//	| §6.8 "por demanda del cliente se generan reportes más específicos" | IssueSpecificReport (manager, owner or executor, from the directory) over the months asked, with the client's request, stored as issued | TestIssueSpecificReport |
//	| §4.2 "Patrocinar, diseñar y realizar la gestión de cambios al proceso y sus métricas" | versioned definition (scales, CMI targets): version 1 the file's (ImportDefinition, Run; idempotent), later versions only by a process owner (ChangeDefinition) with a reason and a month from which they rule, checked as the file; one version per number under racing owners; DefinitionAt gives the month's version to the reports | TestDefinitionChangedOnlyByTheOwnerAsANewVersionToldToTheTeam, TestTwoOwnersChangingTheDefinitionAtOnceMakeOneVersion, TestGovernanceReportShowsTheDutiesInBothLanguages |
//	| §4.2 "Comunicar información del proceso o cambios cuando sea apropiado" | each definition change notifies every team member (NoticeDefinitionChanged) in its batch | TestDefinitionChangedOnlyByTheOwnerAsANewVersionToldToTheTeam |
//	| §4.2 "Asegurar que esté disponible y actualizada la documentación del proceso" | process documents (title, location, version, reviewed, governance.document_review_months, default 12) registered and reviewed only by a process owner; Run tells the owners once per review date when one is past it (NoticeDocumentReviewDue) | TestProcessDocumentsReviewedByTheOwnerAndRemindedOnce |
//	| §4.2 "Evaluar calidad de la información del proceso", §6.5 repository | QualityScore: completeness (name, contact, services, requesters) and freshness (last information, interview or complaint within governance.fresh_days), 0-100, formula in quality.go; EvaluateQuality (owner only) stores the snapshot, one per date | TestInformationQualityScoreAgainstAHandComputedVector |
//	| §4.1 Dirección "velar por la satisfacción ... a lo largo del ciclo de vida", §6.6 "trabajará junto a Dirección para proponer acciones" | a proposal (ProposeAction) is agreed at a meeting only once a Dirección member other than its proposer endorses it (EndorseAction), so no commitment follows it before; the endorsement adds it to its clients' information | TestProposalsNeedDirectionEndorsementBeforeAgreement, TestCoAuthorsAreTwoPeople |
//	| §6.7 "conjuntamente con Equipo de Dirección, elabora una propuesta de trabajo ... y lo incorpora al repositorio" | EndorseWorkPlan: a Dirección member other than who agreed it co-authors the work plan, which then joins the client's information; the report counts plans without endorsement | TestProposalsNeedDirectionEndorsementBeforeAgreement, TestCoAuthorsAreTwoPeople |
//	| §4.1 Dirección (cycle-wide duty) | RecordDirectionReview (direction only), one per period of governance.direction_review_months (default 3) from January; Run tells Dirección once when a period ended without one (NoticeDirectionReviewMissing), not for periods before the process ran | TestDirectionReviewEachPeriodAndReminderOnce |
//	| §6.6 "será imprescindible participar a todas las divisiones del área" | RecordMeeting: every division of governance.meeting_divisions (default all) took part or has a reason in Absent, else refused naming them; the report counts meetings with every division | TestMeetingInvolvesEveryDivisionOrSaysWhy, TestGovernanceReportShowsTheDutiesInBothLanguages |
//	| §6.3 "La misma será unificada para toda el área" + "una vez al año" | one design per year (ClaimDesignYear, already enforced), approved once under concurrent approvals; RecordInterview without a design takes the year's | TestOneInterviewDesignPerYear, TestOneApprovedDesignPerYearUnderConcurrentApprovals |
//	| §6.3 "deberá Registrar y atender reclamos de los clientes sobre los servicios" | ComplaintFromInterview (owner): a complaint topic recorded in an interview becomes a complaint (channel interview) linked to it, once (claim ClaimInterviewComplaint), every owner told as ReportComplaint does | TestComplaintFromInterviewOnceAndOwnerTold, TestInterviewComplaintOnceUnderConcurrentOwners |
//	| §4.2, §6.6 governance section | governance: schema and checks, file:line errors, defaults | TestGovernanceConfigSection, FuzzParseConfig |
//	| §3.2 "Informe mensual de encuestas ... para Cuadro de Mando Integral (CMI)" | satisfaction index per client, service and month (SatisfactionIndex, ISO 10004:2018): Σ wᵢ·sᵢ / Σ wᵢ over CSAT×100, (NPS+100)/2 and CES on its scale (inverted when lower_is_better), weights from csi.weights (default equal), renormalised over the metrics with answers, undefined without any | TestSatisfactionIndexVectors |
//	| §3.2 "Informe entrevistas satisfacción (anual) con nota para CMI" | interview index (InterviewIndex): the scored questions on 0-100 of the interview scale, weighted by csi.interview_weights (default equal) | TestInterviewIndex |
//	| §3.2 CMI | csi and perspectives sections: schema and checks (known metrics and indicators, weights ≥ 0 and not all 0, targets 0-100), file:line errors | TestCSISectionChecked |
//	| §3.2 CMI | the CMI report groups the indicators by the four Kaplan–Norton perspectives (Scorecard; perspectives section over DefaultPerspectives) with target, direction and status | TestScorecardByPerspective |
//	| §3.1, §3.2 | a refused survey answer of Run's sync is stored once per ticket, metric and reason (RefusedAnswer, deterministic key; no requester, score or comment), a re-sync stores nothing new, a strict import none; counted by month and reason ("respuestas rechazadas por motivo") in the CMI and period reports | TestRefusedAnswersStoredOnceByReason, TestRefusalsUnderConcurrentSyncs |
//
// The owner's and Dirección's duties (the rows of §4.1, §4.2, §6.3, §6.6
// and §6.7 above) are on the governance page (GovernanceReport, slug
// "satisfaction-governance"). Meeting-born actions (RecordMeeting's
// NewActions) need no separate endorsement: the owner documents them at a
// meeting with the divisions, and requiring a second step there would
// leave the seed's meeting record incomplete; the owner's proposals made
// outside a meeting do. The CMI targets of the monthly reports still come
// from the file (the report states the version in force; CMI, owned by
// another change, reads p.cfg).
//
// A strict import (ImportSurveys) refuses the whole import with the
// reason; Run's sync leaves a refused answer out and lists it with its
// reason in ImportResult.Refused. The seed says only "mensualmente" for the
// standard report: the first business day is when the month before is
// complete.
//
// ISO 10004 fixes no weights for its satisfaction index: without a csi
// section every metric weighs the same, which is the only choice that needs
// no importance survey; the agency that has one sets the weights. No
// financial indicator is measured by the seed, so the financial perspective
// is empty by default (MODELLED: an agency maps one there, and a rule that
// invented a cost figure would be wrong).
//
// # The shared shape
//
// Like the other process packages, New returns a *Process; Run(ctx, actor,
// date) is the periodic work of a date; Reports(ctx, process.Period) builds
// the reports of a period as report pages (it wraps PeriodReport, CMIReport, ServiceReport and InterviewReport); Roles lists its roles.
// The package registers itself with package process, through which
// relaciona run and relaciona report reach it.
package satisfaction
