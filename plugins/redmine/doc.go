// Package redmine is relaciona's ticket adapter for Redmine 5 over its REST
// API, with an API key.
//
// Open it by URL through relaciona.OpenTickets; the key comes from the
// secret the deployment names (an environment variable or a file), never
// from the URL:
//
//	redmine://redmine.example.org/?project=pqrsd&tls=1
//	redmine://127.0.0.1:3300/?project=pqrsd&requester_field=correo&tracker=Support
//
// Issues are tickets, the project is the queue, Redmine's status names are
// the native statuses (map them to canonical ones in the deployment), and
// its priorities (Low ... Immediate) are spread over 0-100.
//
// A tour of what the adapter handles for you:
//
//   - /issues.json lists open issues only unless status_id=*: Changes
//     always asks for every status, and leaves subprojects out.
//   - updated_on has whole seconds and its >= filter is inclusive: Changes
//     sorts by (updated_on, id) and resumes each page at the last second it
//     saw, skipping what it already gave, so a second with many issues is
//     neither skipped nor repeated. A sync overlaps its window and
//     de-duplicates (package ticketsync).
//   - A PUT answers 204 with no body, and Redmine silently ignores some
//     refused changes (a status the workflow forbids): the adapter reads the
//     issue back and reports such a change as ErrInvalid. Validation errors
//     are 422 {"errors": [...]}: ErrInvalid with those messages.
//   - Redmine keeps no requester: name an issue custom field for it with
//     requester_field; without one, Ticket.Requester is the author and a
//     ticket created with a requester is refused rather than losing it.
//   - Redmine starts a new issue in its tracker's default status; a ticket
//     created in another status is moved there right after.
//   - A key Redmine does not know makes it answer as the anonymous user; the
//     adapter checks the key first (/users/current.json), so a bad key is
//     driver.ErrAuth, not an empty project.
//   - Errors: 401/403 wrap driver.ErrAuth, 404 ErrNotFound, 422 ErrInvalid,
//     5xx, timeouts and malformed answers ErrUnavailable. Reads are retried
//     with exponential backoff; writes (a PUT that adds a note would add it
//     twice) are sent once. The key never appears in an error.
//
// With an admin key the adapter also reads custom fields by name and users
// by login (assignees are logins); with another key, assignees are user
// ids and custom fields cannot be named.
//
// Optional capabilities: custom field discovery (driver.FieldLister) and
// attachments (driver.Attacher, through /uploads.json).
//
// The plugin binary is cmd/relaciona-tickets-redmine.
package redmine
