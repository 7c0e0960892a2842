// Package relaciona is the shared vocabulary of the relaciona SDK, and the
// portable types every process package reaches storage and ticket systems
// through.
//
// relaciona turns four relationship processes of Latin American public
// agencies into Go rules an agency embeds in the systems it already runs:
//
//   - stakeholder: SFIA skill RLMT, stakeholder relationship management at
//     responsibility levels 4-7, with the levels enforced as permissions;
//   - alliance: Chile's OMIL process PS54, the yearly strategic-alliance cycle;
//   - satisfaction: Uruguay Agesic's internal-client satisfaction process;
//   - citizen: Colombia's MIPG citizen-relationship value chain, with PQRSD
//     requests on their legal business-day terms.
//
// # The tour
//
// Actor is who makes a change: an id, roles, and an SFIA level. A refused
// action returns a *ForbiddenError (errors.Is(err, ErrForbidden)) naming the
// role or level it needed, and changes nothing.
//
// Store keeps records: JSON bodies of a kind, with a version, indexed
// attributes and a time. It wraps a small driver (plugins/driver): the
// embedded SQLite default (sqlite://), PostgreSQL, or any go-plugin binary
// (plugin:///path). Open one by URL with OpenStore. Writes go in a Batch that
// commits atomically, with optimistic concurrency (a stale version fails
// with ErrConflict and writes nothing) and one audit entry in the same
// transaction. The audit log is hash-chained, and keyed (HMAC) when the
// store is given an audit key (WithAuditKey, UseAuditKey); VerifyAudit finds
// the first entry altered, removed or reordered, and VerifyRecords any
// record whose body, attributes or time are not the ones the log wrote.
// Collection gives typed access to one
// kind, and Scan streams any number of records in constant memory.
//
// Tickets is the same idea for ticket systems: the built-in desk (desk://),
// Request Tracker, Redmine, or a plugin, with canonical statuses and
// optional capabilities (surveys, custom fields, attachments) found by type
// assertion, as database/sql does.
//
// Business days come from package calendar (Colombia, Chile, Uruguay, with
// holidays computed by rule), configuration from YAML files validated
// against the JSON Schemas of package schemas, and a deployment file
// (package deployment) ties an agency's country, store, ticket system and
// process files together. The relaciona command (cmd/relaciona) validates
// configurations, computes calendars, runs the demo and the periodic job,
// syncs tickets and writes reports.
//
// Notifications. A rule that makes someone due to be told writes a
// Notification with Batch.Notify in the same transaction as its change
// (the outbox); the kinds and their es/en templates are NoticeKinds. A
// Dispatcher delivers the outbox on the channels a deployment opens
// (driver.Notifier: e-mail, a signed webhook, TicketChannel), once per
// idempotency key: it claims each item with a versioned write and a lease
// before sending, so two dispatchers never both send it, and a dispatcher
// killed mid-send leaves it to be sent again with the same message ID.
// Plan lists what Dispatch would do, writing nothing.
//
// Personal data. The stored types of every process mark their personal
// fields with one struct tag (PersonalTag: true, key, subject, no), and each
// process offers its record kinds through the Personal interface
// (process.SubjectHolder on an Instance). Subjects answers a data subject's
// requests over them: Export gathers every record that names the person,
// Rectify corrects a personal field, Erase clears the person's data, and
// Sweep anonymises what is past its Retention, keeping what an archive law
// keeps. Every change is an audited new version, never an edit of history,
// so VerifyAudit and VerifyRecords pass afterwards; an erasure is refused
// while a legal term holds a record (an open PQRSD inside its term).
//
// Design note: the audit log after an erasure. The log holds each
// version's digest (driver.RecordDigest over time, attributes and body),
// not its body, and the store keeps only the current version. A plain
// digest of an erased version could still be recomputed by whoever reads
// the store and guesses the erased values (the rest of the record is in
// its anonymised version), confirming that a known person was there, or
// brute-forcing a short value such as a phone number. So a Collection
// whose type holds personal data writes a fresh random salt (SaltField)
// into every body: the digest covers it, VerifyRecords checks it like any
// byte, and once the version is overwritten the salt is gone and the
// digest cannot be recomputed. We chose salted bodies over per-subject
// encryption because they need no key management and leave every reader,
// index and report as it is. What stays plain: versions written before
// salting; kinds written outside a Collection (the outbox's
// notifications, the built-in desk's tickets, whose record ids and
// attributes also carry a hash prefix of the recipient's e-mail); and
// the audit key does not cover record digests. README ("Personal data")
// says so for the agency.
//
// User-facing text is Spanish by default and English on request (Lang).
// Errors wrap the sentinels of this package; validation errors carry the
// field path and, for YAML, file:line:col.
package relaciona
