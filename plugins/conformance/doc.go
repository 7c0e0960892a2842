// Package conformance is the contract for relaciona backend authors: the
// behaviours every store driver, ticket driver, directory and notification
// channel must have, as executable checks, plus the benchmarks that
// measure a driver.
//
// It plays the role of Go CDK's drivertest. Run it from your driver's tests
// in a few lines:
//
//	func TestConformance(t *testing.T) {
//		s, err := mydriver.Open(ctx, dsn)
//		require.NoError(t, err)
//		conformance.RunStore(t, conformance.StoreHarness{Store: s})
//	}
//
// A ticket adapter runs the ticket suite the same way:
//
//	func TestConformance(t *testing.T) {
//		a, err := myadapter.New(url, secret)
//		require.NoError(t, err)
//		conformance.RunTickets(t, conformance.TicketsHarness{
//			Tickets: a, Queue: "support", Statuses: []string{"open", "done"},
//			Field: "external_ref", StrictFields: true, Assignee: "ana",
//		})
//	}
//
// TicketsHarness says what the checks may rely on in the system (a queue,
// statuses a ticket can move through, a custom field, a user, the
// precision of its Updated times, how far its change feed lags writes,
// the adapter's page size); a check whose need is left empty is reported
// as not applicable. The ticket checks create tickets whose subjects carry
// a random marker and look only at those, so they run against a system
// with data; they never delete. examples/custom-ticket-adapter walks an
// author through them.
//
// # The ticket contract
//
// The contract is the documentation of driver.Tickets (package
// plugins/driver); the example adapter's code is one way to meet it, not
// the spec. The suite checks every rule written there:
//
//   - The run begins with Auth/Connect: if the system refuses the
//     credentials (ErrAuth), the run stops with that one failure and every
//     other check is reported as not run.
//   - Give the harness the adapter's Secret (and Logs, with a LogCapture,
//     when the adapter logs): every error any call returns and every log
//     line is scanned for it. Give it Reopen and the suite also opens the
//     adapter with a wrong secret of its own and scans that auth path.
//   - Systems whose change feed lags writes set ChangesLag: a check that
//     expects Changes to list something polls it up to that bound.
//
// The ticket checks, in the order they run, each with the rule it verifies
// (generated from the check table by go generate; do not edit):
//
//   - Auth/Connect: the first call (Statuses) succeeds; if the system refuses
//     the credentials (ErrAuth), the run stops there with one message and
//     every other check is reported as not run
//   - Auth/WrongSecret: opened with a wrong secret (TicketsHarness.Reopen),
//     every method fails with ErrAuth, and the secret appears in no error and
//     no log line
//   - Create/RoundTrip: Create returns the ticket as stored (subject, queue,
//     status, times, custom field, requester); Get returns the same, body
//     included with unicode and newlines; a reported priority written back
//     reads back the same
//   - Create/Defaults: a ticket with a subject only gets a status Statuses
//     lists, no assignee and a priority in 0-100 (Priority 0 is the system's
//     default)
//   - Create/Invalid: an unknown status or queue, an empty or blank subject,
//     and a priority outside 0-100 (not clamped) are ErrInvalid
//   - Get/NotFound: Get, Update and Comment of a ticket that does not exist,
//     or of an id that cannot be one, are ErrNotFound
//   - Get/ForeignIDs: an id that is not the system's own but names a real
//     ticket to a lax server ("12?x=1", "12/../13", "012", "+12", " 12",
//     "12#x") is ErrNotFound for Get, Update and Comment and changes nothing:
//     the adapter never sends it to the system
//   - Update/Status: Update moves a ticket through the harness's statuses;
//     Update and Get report the new status; Updated never goes back; Create
//     honours a status
//   - Update/Assignee: an assignee is set, reported and cleared with ""; an
//     unknown user is ErrInvalid; Create honours an assignee
//   - Update/Priority: priority 0 reads back lower than 100, both within
//     0-100, Get agrees with Update, and -1 and 101 are ErrInvalid (not
//     clamped)
//   - Update/PriorityNearest: writing a priority (every 5 from 0 to 100)
//     reads back the system's level nearest to it, and so does Create (1
//     gives the lowest level)
//   - Update/FieldsMergeAndClear: custom fields merge (fields not named are
//     kept), a field is replaced, and a field set to "" is cleared and then
//     absent from Fields (in Update, Get and Changes), not present with ""
//   - Update/UnknownField: with StrictFields, a custom field the system does
//     not have is ErrInvalid on Update and Create
//   - Update/NothingChangesNothing: an empty update (and one with an empty
//     Fields map) succeeds and changes nothing, Updated included
//   - Update/InvalidStatus: an unknown status is ErrInvalid and the refused
//     update changes nothing
//   - Comment/PublicAndInternal: a public reply and an internal note are
//     taken without replacing the body; an empty or blank comment is
//     ErrInvalid
//   - Comment/BumpsUpdated: a comment (internal or public) moves Updated
//     forward, and Changes from the new Updated lists the ticket
//   - Changes/InclusiveWindow: Changes lists tickets updated at or after
//     since (inclusive), none before, none for a future since, all for a zero
//     since, each whole with the Updated Create reported
//   - Changes/OrderAndUpdatedTwice: Changes is in ascending Updated order,
//     lists a ticket updated twice once, last, with its latest state
//   - Changes/Resumable: a listing stopped by fn and resumed from the last
//     Updated seen lists that ticket again (inclusive) and, de-duplicated,
//     every ticket once
//   - Changes/StopsOnError: Changes stops at fn's first error and returns it
//   - Changes/NoSkipWhilePaging: a ticket in the window when a listing began
//     is listed at least once even when fn comments on another ticket
//     meanwhile (pages by (Updated, ID), not by offset; fn may call the
//     adapter)
//   - Statuses/List: Statuses lists two or more distinct, non-empty names,
//     the harness's among them
//   - Errors/HostileInput: hostile ids (NUL, %, ?, emoji, 2000 bytes, -1,
//     1.5) give errors wrapping a driver sentinel, never a panic; quotes,
//     backslashes, HTML and format verbs in a body round-trip
//   - Concurrency/CreateUpdateComment: concurrent creates get distinct ids;
//     concurrent updates and comments all land; Changes lists every ticket
//     once with its status
//   - Context/Cancelled: Create, Get and Changes fail with a cancelled
//     context
//   - Capability/Surveys: with driver.Surveys (and SurveyRecorder): responses
//     are listed once each, in Submitted order, inclusive window; a bad score
//     or metric is ErrInvalid
//   - Capability/FieldLister: with driver.FieldLister: fields have a name and
//     a known type, enums list values, and the harness's field is listed when
//     StrictFields
//   - Capability/Attacher: with driver.Attacher: an attachment is taken, and
//     attaching to a missing ticket is ErrNotFound
//
// (End of the generated list.)
//
// # The directory contract
//
// A directory backend (driver.Directory: the deployment's roster, LDAP, a
// plugin) runs the directory suite against what it holds:
//
//	func TestConformance(t *testing.T) {
//		conformance.RunDirectory(t, func(t *testing.T) driver.Directory {
//			d, err := mydirectory.Open(ctx, url)
//			require.NoError(t, err)
//			t.Cleanup(func() { d.Close() })
//			return d
//		}, conformance.StandardDirectory())
//	}
//
// StandardDirectory is the fixture both built-in directories pass: the
// roster built from its people, and plugins/ldap against a slapd loaded
// with plugins/ldap/testdata/tree.ldif. Another backend loads the same
// people, or passes a DirectoryFixture of its own.
//
// The directory checks, in the order they run, each with the rule it verifies
// (generated from the check table by go generate; do not edit):
//
//   - Person/Found: Person returns every listed person whole (id, name,
//     e-mail, language, level, manager, digest, and the roles as a set)
//   - Person/NotFound: an id the directory does not list, the empty id, and
//     hostile ids built from listed ones ("*", "ana*", "*)(uid=*",
//     "ana)(uid=*", NUL) are ErrNotFound: an id is a value, never a pattern
//   - Person/ManagersListed: every manager a person names is a listed person,
//     and the chain upwards ends
//   - Holders/Ordered: Holders of each role the fixture gives returns exactly
//     the people holding it in that process, ordered by id, each as Person
//     gives them
//   - Holders/EveryProcessRoles: a role given with no process is held in
//     every process: Holders lists its people for any process name
//   - Holders/None: Holders of a role nobody holds, or of a role in another
//     process, is empty with no error
//   - Errors/NoPartialAnswer: with an error, Person returns the zero Person
//     and Holders nil: never part of an answer
//   - Concurrency/Lookups: concurrent Person and Holders calls each return
//     what one call alone returns
//   - Context/Cancelled: Person and Holders fail with a cancelled context
//     (the error wraps context.Canceled) and return nothing
//
// (End of the generated directory list.)
//
// # The notification-channel contract
//
// A notification channel (driver.Notifier: plugins/smtp, plugins/webhook)
// runs the notifier suite against a real receiver it can read back (a
// mailpit mailbox, an httptest server that verifies signatures):
//
//	func TestConformance(t *testing.T) {
//		secret := func() (string, error) { return "s3cret", nil }
//		n, err := mychannel.Open(ctx, url, driver.NotifierEnv{Secret: secret})
//		require.NoError(t, err)
//		conformance.RunNotifier(t, conformance.NotifierHarness{
//			Notifier: n, Recipient: driver.Address{Email: "buzon@agency.test"},
//			Delivered: receiver.Delivered, Secret: "s3cret",
//		})
//	}
//
// Each check sends messages whose subject carries a random marker and
// reads back only those, so the receiver may hold other deliveries. The
// notifier checks, in the order they run (NotifierChecks;
// TestDocListsNotifierChecks keeps this list in step):
//
//   - Deliver/RoundTrip: a message is delivered once, subject (UTF-8, with
//     tildes and ñ) and body intact
//   - Deliver/SameIDSameDeliveryID: two sends of one message (a retry)
//     carry the same delivery id; another message another
//   - Errors/Permanent: a message without ID, and a recipient the server
//     refuses (Rejected), fail with driver.ErrInvalid
//   - Errors/Retryable: a receiver that is down fails retryably (not
//     driver.ErrInvalid), within 10 s
//   - Context/Cancelled: a cancelled context fails retryably, wrapping the
//     context's error, and delivers nothing; a Send to a receiver that
//     never answers returns within 5 s of its context's cancel
//   - Concurrency: Concurrency goroutines sending at once all succeed and
//     every message arrives
//   - Secrets/WrongSecret: opened with a wrong secret, Send fails and the
//     secret is in no error
//
// Every error any check sees is scanned for NotifierHarness.Secret.
//
// # Mutation test
//
// `go run ./plugins/conformance/mutate` puts faults into the example
// adapter (examples/custom-ticket-adapter/adapter) one at a time, through
// the go command's -overlay so no file changes, runs the ticket suite on
// each and reports which the suite catches. Every mutant that breaks a
// rule of the contract must be caught; the program exits non-zero when one
// is not. Its result when the list was written: 21 of 23 mutants caught,
// all 21 that break an observable rule (the seven faults of issue 17
// among them). The two survivors are not observable: an adapter that
// sends an empty comment on (tiny refuses it too), and one that sends the
// lowest priority for Priority 0 (the suite cannot know a system's
// default priority).
//
// The store checks use kinds with a random prefix, so they can run against a store
// that already holds data. The store, ticket and directory checks also run
// outside `go test`: `relaciona plugins check --kind store|tickets|directory`
// prints each behaviour's result.
package conformance
