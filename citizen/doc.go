// Package citizen is the citizen-relationship value chain of Colombia's
// integrated planning and management model (MIPG), after seed
// 002_f26a4cb32da66089.txt ("Cadena de valor del Relacionamiento con la
// Ciudadanía"), with PQRSD on the legal business-day terms of Ley 1755 de
// 2015.
//
// The seed's five key activities map to the package as follows.
//
//  1. Know the citizens, users and value groups ("Conocer a la ciudadanía"):
//     the YAML declares the characterisation variables (geographic,
//     demographic, intrinsic, behavioural; for organisations geographic,
//     type and behavioural) and the segments, each a Rule over those
//     variables with its needs, interests, expectations and preferences.
//     RegisterCitizens stores citizens (personal data tagged) and assigns
//     each the first segment whose rule matches, so segments partition the
//     population. Characterise counts; Publish stores only what Protect
//     lets out: groups of at least k people (characterisation.k, default
//     5), small groups merged, and the merged group itself never a single
//     group nor under k, so no small group is the total minus what is shown
//     (complementary suppression). A table of fewer than k people is not
//     published at all.
//  2. Formulate the interaction strategy ("Formular la estrategia o el
//     modelo de interacción"): StrategyEntry says with whom (segments), what
//     for, how (channels), where, about which offer items and followed by
//     which indicators. Versions are kept: DraftStrategy, SocialiseStrategy
//     with the dependencies, ObserveStrategy, a new DraftStrategy that
//     adjusts a version with a reason, and AdoptStrategy by the direction.
//     The institutional offer (trámites, other procedures and
//     access-to-information requests) is kept as audited records: the
//     YAML's offer is the initial inventory, imported once by Setup, and
//     an item changes only through an approved adjustment proposal (see
//     "Seed 002 line by line").
//  3. Run the interaction scenarios ("Desarrollar los escenarios"):
//     PQRSD through every channel, and participation, accountability and
//     feedback spaces (RecordSpace) with participants counted by segment
//     and commitments followed up until done (FollowUpCommitment) and
//     confirmed by the participants' confirmers (ConfirmCommitment). The
//     commitments live in the root's commitments register
//     (relaciona.Commitments); Commitment is this process's view of them.
//  4. Propose adjustments to the offer ("Proponer ajustes a la oferta
//     institucional"): Assess scores an item against the law, relevance,
//     quality and alignment with planning; Coverage compares its channels
//     with the preferred channels of the segments it serves;
//     ProposeAdjustment adds the quejas and reclamos about it and the
//     indicators' feedback and proposes actions; ApproveAdjustment.
//  5. Follow up ("Seguimiento"): SetBaseline, RecordMeasurement or
//     MeasurePQRSD (on-time share, average business days), and the
//     Feedback that a measurement missing its target or worse than the
//     baseline produces for the offer items the indicator names.
//
// # Seed 002 line by line
//
// The records behind the strategy (activities 1 to 3) and the rules they
// carry:
//
//	seed 002 line                                          rule                                                             test
//	1 "Conformar un grupo de trabajo, ... la dependencia   Publish needs an Exercise (working group from the directory,     TestPublishNeedsAnExerciseCoveringTheDate,
//	  responsable, ... los objetivos, ... el mecanismo"    configured responsible, ≥1 objective, mechanism, period)         TestRecordExerciseChecksEachElement
//	                                                       covering the date, and cites it
//	1 "Coordinar la socialización y divulgación de la      RecordDissemination: to whom, when, channel, an existing         TestDisseminationOfTheCharacterisation
//	  caracterización"                                     publication
//	2 "Recopilar información ... caracterizaciones, ...    RecordInput (closed kinds, other named); AdoptStrategy needs     TestAdoptNeedsCitedInputsOfTheRequiredKinds,
//	  Furag, ... Suit, ... disciplinarios, y otra"         CiteInputs covering strategy.required_inputs (default:           TestRequiredInputsFromTheYAML,
//	                                                       characterisation, pqrsd_report, satisfaction_survey, furag)      TestRecordInputChecksKindAndFields
//	2 "Coordinar la socialización de la estrategia ...     AdoptStrategy needs the leaders of every dependency the          TestAdoptNeedsTheLeadersOfEveryDependencyInvolved
//	  con los líderes de las dependencias"                 entries name told (SocialiseStrategy or a leaders Event; the
//	                                                       versions it adjusts count)
//	2 "Coordinar la sensibilización y capacitación ...     RecordEvent: staff attendees from the directory, attendance      TestRecordEventChecksItsAudience
//	  a los servidores" / "... con la entidad y los        at least them; value groups are known segments; material
//	  grupos de valor"
//	result "Estrategia de fortalecimiento de habilidades   SkillsAction progress from its events; Run tells the owner       TestSkillsActionOverdueTellsItsOwnerOnce,
//	  y competencias ..."                                  once when it falls due unmet (NotifySkillsOverdue)               TestRecordSkillsActionChecksIt
//	3 "Articular con las dependencias la implementación    AssignEntry to a configured dependency with its indicators;      TestUnassignedEntriesAreListedAndTheOwnerToldOnce
//	  de la estrategia ... y los indicadores"              unassigned entries listed; Run tells the author once
//	                                                       (NotifyStrategyUnassigned)
//	all of the above                                       StrategyRecordsReport (page citizen-strategy-records)            TestStrategyRecordsReportShowsEachRecord
//
// Left as data (MODELLED): the socialisation with the value groups and the
// staff training are recorded and reported but no rule makes adoption wait
// for them, since the seed orders them after the strategy is adjusted, to
// carry out the adopted version; the dissemination of a publication has no
// rule either, since the seed gives it no term and a publication already
// requires its exercise.
//
// The offer, procedures, channels, guidelines and plain language
// (activities 2 and 4, and their results):
//
//	seed 002 line                                    rule                                                         test
//	Identificar, consolidar y actualizar la oferta   the offer is stored as records (kind citizen.offer_item);    TestOfferImportedOnceFromTheYAML
//	  de bienes y servicios por procesos               the YAML is imported once (Setup, ImportOffer), two
//	                                                   imports at once store it once; readers read the records
//	Generar la propuesta de ajuste a la oferta       an item changes only when the direction approves a           TestOfferChangesOnlyByAnApprovedProposal,
//	  institucional                                    proposal carrying the change (ProposeOfferChanges,         TestOfferChangeChecks,
//	                                                   ApproveAdjustment applies it in its batch); each change    TestApprovalImportsAnOfferNotImportedYet
//	                                                   kept with the item before and the proposal's id; PQRSD
//	                                                   name only items in force
//	Trámites, otros procedimientos ... racionalizados a procedure's rationalisation (normativa, administrativa,    TestRationalisationDoneOnlyWithEvidence,
//	                                                   tecnológica) is done only with its evidence; leads told    TestRationalisationChecks,
//	                                                   by the planned date; information requests are not          TestTwoRationalisationsAtOnceGetTheirOwnIDs
//	                                                   rationalised
//	Canales de atención a la ciudadanía accesibles   the analysis flags (make_accessible) an item when a         TestAnalysisFlagsASegmentWithoutAnAccessibleChannel,
//	                                                   segment it serves needs a feature none of its channels     TestAccessibilityListsAreChecked
//	                                                   offers (access.go: NTC 5854, NTC 6047, Leyes 1618, 982,
//	                                                   1381)
//	Pautas de servicio a la ciudadanía               guidelines per channel or general: drafted by               TestOnlyTheApprovedGuidelineIsInForce,
//	                                                   citizen_service (direction told), approved by direction;   TestTwoGuidelineDraftsAtOnce
//	                                                   only the approved version is in force
//	Información pública en lenguaje claro            guidelines and offer descriptions are published only at     TestPlainLanguageRefusesAHardText,
//	                                                   Szigriszt-Pazos/INFLESZ ≥ plain_language.min_score (55);   TestGuidelineInUnclearLanguageIsNotApproved,
//	                                                   the refusal gives the score and the longest sentences      TestSyllablesOfSpanishWords, FuzzReadability
//	(report)                                         the offer page shows changes, rationalised and pending,     TestOfferPageShowsRegisterRationalisationChannelsAndGuidelines
//	                                                   accessible coverage, channels without approved
//	                                                   guidelines, readability of published texts
//
// "e inclusivo" stays MODELLED: the readability check measures plain
// language, but no automatic test tells inclusive Spanish (non-sexist,
// differential wording) from exclusive Spanish reliably, and a rule that
// guessed would refuse correct texts; the approval by the direction is
// where it is judged. A channel counts as having guidelines only with its
// own approved version: Función Pública's service protocols differ by
// channel (in person, telephone, virtual), so the general guidelines are
// shown apart and do not cover a channel.
//
// # PQRSD
//
// A PQRSD (petición, queja, reclamo, sugerencia, denuncia) is filed with
// File or Import, from a channel, or with FileFromTicket and FileNewTickets
// from the ticket system (the PQRSD keeps the ticket id). Its due date is
// counted on the deployment's calendar from the business day after the
// filing date (in the deployment's time zone), on these default terms in
// business days (Config.PetitionTerm; Ley 1755 de 2015):
//
//	type         request kind        filed by         term  article              YAML key
//	petición     general             anyone            15   art. 14              pqrsd.terms.general
//	petición     documents           a person          10   art. 14, num. 1      pqrsd.terms.documents
//	petición     documents           an authority      10   art. 30              pqrsd.authority_terms.documents
//	petición     consultation        anyone            30   art. 14, num. 2      pqrsd.terms.consultation
//	queja        (always general)    anyone            15   arts. 13 and 14      pqrsd.type_terms.queja
//	reclamo      (always general)    anyone            15   arts. 13 and 14      pqrsd.type_terms.reclamo
//	sugerencia   (always general)    anyone            15   arts. 13 and 14      pqrsd.type_terms.sugerencia
//	denuncia     (always general)    anyone            15   arts. 13 and 14      pqrsd.type_terms.denuncia
//	any, priority                                  ordinary art. 20             pqrsd.priority.term_days (cap)
//
// Quejas, reclamos, sugerencias and denuncias are forms of the right of
// petition (art. 13) with no special term, so they take the general one of
// art. 14 ("toda petición deberá resolverse dentro de los quince (15)
// días"); art. 14's documents and consultation terms name peticiones, so a
// PQRSD of another type is recorded with the general kind whatever kind the
// caller gives (refusing it would reject complaints that Open311 and the
// ticket intake file with the offer item's kind). pqrsd.type_terms may not
// set a petición's term (use pqrsd.terms). Art. 20 orders priority
// handling, not a shorter term: a priority PQRSD keeps the ordinary term
// unless the agency caps it. A filing time later than the time of the call
// is refused.
//
// Extend moves the due date once, only before the term expires, with a
// reason, to a business day at most twice the initial term from the filing
// (art. 14, parágrafo), and tells the citizen: a public reply on the
// ticket when the PQRSD came from the ticket system (retried by Run when
// the system is down), a recorded notice otherwise. Forward sends a PQRSD
// to the competent authority (art. 21: within five business days, flagged
// late after). Answer records the business days it took and whether it
// was on time; Close ends it. Overdue and DueSoon (and their streaming
// forms) list the open PQRSD for a date in one pass in constant memory,
// those with priority attention first.
//
// The life of a PQRSD beyond its terms (Ley 1755 de 2015):
//
//   - Petitions between authorities (art. 30): NewPQRSD.Authority names
//     the public authority filing; its petition of information or
//     documents takes pqrsd.authority_terms.documents (10 business days),
//     its other petitions art. 14's terms.
//   - Priority attention (art. 20): a petition about a fundamental right
//     at risk of irremediable harm (with the summary proof), one where a
//     life or integrity is in imminent danger (with the urgent measures
//     taken), or a journalist's for the profession gets a Priority, at the
//     filing (NewPQRSD.Priority) or later (Prioritise); it comes first in
//     Open, Overdue and DueSoon (and so in Run's alerts), the staff are told
//     (NotifyPQRSDPriority) in the same batch, and Stats counts it.
//   - Incomplete petitions (art. 17): RequestCompletion, within ten business
//     days of the filing and once, says what is missing and suspends the
//     term (StatusIncomplete: not open, never overdue nor due soon); the
//     petitioner has until the deadline given, one month at most, and as
//     long again if they ask before it passes (ExtendCompletion). Complete reactivates the term from the next
//     business day: by default it resumes with the days it had left
//     ("se reactivará el término": a suspended term runs again, it is not
//     started anew), or counts whole again with
//     pqrsd.incomplete.after_completion: restart, since readings of the
//     article differ. Answer's business days, the extension's limit and
//     the due date count only the days the term ran. A petition not
//     completed in time is taken as withdrawn by Run (desistimiento tácito),
//     which tells the citizen in the same batch (NotifyTacitWithdrawal);
//     completing it after the deadline is refused. The law has the
//     authority decree it by a reasoned act notified personally, against
//     which reposición lies: the notice says so, and the act itself is the
//     agency's document, not modelled here.
//   - Express withdrawal (art. 18): Withdraw, at any time while the PQRSD
//     is open or incomplete; the direction may continue it ex officio for
//     public interest by a reasoned decision (ContinueExOfficio), which the
//     citizen is told (NotifyExOfficio); a tacit withdrawal is not
//     continued, and a new withdrawal does not end an ex officio one.
//     Close archives a withdrawn PQRSD.
//
// Every one of these changes is an audited batch, authorised through the
// directory (citizen_service; direction for ex officio; the Run actor for
// the tacit withdrawal), with its notice in the same batch. The rules and
// their tests:
//
//	article                 rule                                              test
//	13, 14                  term of each type; special kinds are peticiones   TestTermOfEachTypeIsStatedAndCited
//	14                      type_terms may not set a petición's term          TestTypeTermsRefusesAPeticionAndBadIncompleteMode
//	30                      an authority's documents petition: 10 days        TestPetitionsBetweenAuthorities
//	20                      priority first in lists, staff told, term cap     TestPriorityAttention, TestPrioritiseLater
//	17                      request within 10 days, once; term suspended      TestRequestToCompleteOnlyWithinTenBusinessDaysAndOnce
//	17                      term resumes (or restarts) on completion          TestIncompletePetitionSuspendsTheTermAndResumes
//	17, 14 parágrafo        extension limit counts the days the term ran      TestExtensionAfterASuspensionCountsTheDaysTheTermRan
//	17                      tacit withdrawal by Run, told once; +1 month      TestTacitWithdrawalByRun
//	17                      deadline at most a month, extended by as much     TestCompletionDeadlineAtMostAMonthAndExtendedByAsMuch
//	17                      notices by the citizen's contact only             TestArt17NoticesFollowTheCitizensContact
//	17, 20                  a priority cap shortens a suspended term too      TestPriorityCapOnASuspendedPetition
//	17, 18                  Open311: incomplete is open, withdrawn closed     open311.TestIncompleteAndWithdrawnRequests
//	17, 20, 30              YAML keys, defaults and ranges                    TestLawSettingsLoadFromTheYAML
//	18                      express withdrawal; ex officio by direction       TestExpressWithdrawalAndExOfficio
//	17, 18, 20              each change needs its role, audited               TestLifeChangesNeedTheirRole
//	17, 18, 20              counters: incomplete, withdrawn, priority         TestStatsCountSuspendedWithdrawnAndPriority
//	17, 18                  reports split withdrawn: tacit / express, and     TestWithdrawalsSplitByArticle
//	                        continued ex officio (tables, CSV, XLSX)
//
// Every change to a PQRSD also updates, in the same batch, the counters of
// its filing day, so PQRSDStats (and the quarterly report) read one small
// record per day whatever the number of PQRSD; PQRSDStatsScan computes the
// same figures from the PQRSD themselves, and RebuildStats repairs the
// counters from them.
//
// # Roles, time and audit
//
// The roles are citizen_service (PQRSD), relationship_lead
// (characterisation, strategy drafts, offer analysis, spaces, indicators),
// direction (adopts the strategy, approves the offer adjustment) and
// system (the periodic job, integrations). Every mutating method checks
// the role first (see "Who may act"), then validates, then writes one audited batch stamped
// with the business time it is given; nothing reads the wall clock. Run is
// the daily job: it alerts overdue and due-soon PQRSD and overdue
// commitments once each, writes the indicators' feedback and retries
// undelivered notices; a second run on the same date changes nothing.
//
// # Who may act
//
// Who a person is, and the roles they hold here, come from the agency's
// directory, never from the caller: the host application says who is
// acting (Actor.ID) and every method that changes something asks the
// directory first (Process.Authorize, through relaciona.Directory) and
// from then on uses the actor the directory returns, whose id the audit
// records. WithDirectory gives the deployment's directory (the process
// registry passes process.Env.Directory); without it the process uses the
// file's people (and the older team list) as a roster (Config.Roster). A
// person the directory does not list may do nothing ("no figura en el
// directorio"); a role the caller claims and the directory does not give
// is not held. Only the scheduled job's relaciona.SystemActor is not looked
// up. An integration such as the Open311 intake acts under its own id,
// which the directory lists with the system role.
//
// # Notifications
//
// Every rule that makes an item due writes, in the same batch, a
// notification to the outbox (relaciona.Batch.Notify). To staff, found in
// the directory: NotifyPQRSDDueSoon (citizen service), NotifyPQRSDOverdue
// (citizen service and the person directly above each, else the
// relationship leads), each with the run's alert, which is written once,
// so a second run notifies no one again; NotifyPQRSDPriority (citizen
// service) with the filing or the Prioritise that gives a PQRSD priority
// attention; an overdue commitment reaches its owner and the person above
// them through the register's relaciona.NoticeCommitmentOverdue (Run calls
// relaciona.Commitments.NotifyOverdue for this process);
// NotifySkillsOverdue (the owner of a skills action due and unmet) and
// NotifyStrategyUnassigned (the author of the adopted version, while
// entries have no implementing dependency), each once. To the citizen,
// NotifyExtension (the reason and the new
// date, Ley 1755 de 2015 art. 14; due by the date the term expires),
// NotifyForward, NotifyAnswer, NotifyCompletionRequest (art. 17; due by
// the deadline to complete), NotifyTacitWithdrawal and NotifyExOfficio,
// with the change, by one path only:
//
//   - a PQRSD from a ticket: the process replies on the ticket itself (the
//     Notice, delivered in the change's call and retried by Run); the outbox
//     gets nothing for the citizen, so the dispatcher never replies twice;
//   - a PQRSD without a ticket whose citizen gave an e-mail: the outbox's
//     e-mail notification, which the dispatcher sends;
//   - otherwise (anonymous, no e-mail) nothing is sent.
//
// The file's notifications key overrides the text (Config.Templates), checked at
// load.
//
// # Reports
//
// PQRSDReport (quarterly: received by type and channel, answered on time
// and late, forwarded, open and overdue, average business days to answer,
// by offer item, overdue list), CharacterisationReport (only protected
// tables), PeriodReport (the PQRSD of a period month by month),
// SpacesReport (spaces, commitments and the interaction strategy as they
// stood at the cut-off), OfferReport, IndicatorsReport and
// StrategyRecordsReport (the exercise, inputs, events, skills actions and
// articulation) build report documents, written as HTML with charts, CSV,
// XLSX or Markdown; Pages returns the seven for a site. Personal data is tagged personal:"true",
// never logged or used as an index key, and ReportOptions.Redact and
// Redact leave it out of exports.
//
// The sub-package open311 serves the offer and the PQRSD as an Open311
// GeoReport v2 API.
//
// # The shared shape
//
// Like the other process packages, New returns a *Process; Run(ctx, actor,
// date) is the periodic work of a date; Reports(ctx, process.Period) builds
// the reports of a period as report pages (it wraps Pages; its periodic job as the registry runs it also files the PQRSD that arrived through the ticket system); Roles lists its roles.
// The package registers itself with package process, through which
// relaciona run and relaciona report reach it.
package citizen
