// Package rt is relaciona's ticket adapter for Request Tracker 5 over its
// REST2 API, with token authentication (RT::Authen::Token).
//
// Open it by URL through relaciona.OpenTickets; the token comes from the
// secret the deployment names (an environment variable or a file), never
// from the URL:
//
//	rt://rt.example.org/?queue=PQRSD&tls=1
//	rt://127.0.0.1:8380/?queue=General,Quejas&timeout=30s&retries=3
//
// The first queue is the default for new tickets; Changes lists the tickets
// of all the queues named. statuses=a,b,... replaces RT's default lifecycle
// (new, open, stalled, resolved, rejected, deleted) when the queues use
// another.
//
// A tour of what the adapter handles for you:
//
//   - RT sends ids as strings in create answers and lists but as numbers in
//     a single GET, and numbers such as Priority as strings: both decode.
//   - RT answers a PUT with 200 and a list of messages even when it refused
//     a change (an unknown owner, a status the lifecycle forbids); the
//     adapter reads the ticket back and reports such a change as ErrInvalid
//     with RT's messages.
//   - A public reply is RT's correspond, which moves a new ticket to open;
//     an internal note is RT's comment.
//   - The first message (Ticket.Body) is not part of RT's ticket record: it
//     is the content of the ticket's Create transaction. The adapter reads
//     it with two searches per page of up to 100 tickets, and caches it.
//   - Changes uses TicketSQL with keyset pagination over (LastUpdated, id):
//     RT's times have whole seconds, so the window is inclusive and a sync
//     resuming from the last time it saw gets that ticket again.
//   - Errors: 401/403 wrap driver.ErrAuth, 404 ErrNotFound, 400/422
//     ErrInvalid with RT's message, 5xx, timeouts and malformed answers
//     ErrUnavailable. Reads and PUTs are retried with exponential backoff;
//     a create, a reply or a note (POST) is sent once, never twice. The
//     token never appears in an error, even when a server echoes it.
//
// Optional capabilities: custom field discovery (driver.FieldLister) and
// attachments (driver.Attacher, sent with an internal note).
//
// The plugin binary is cmd/relaciona-tickets-rt.
package rt
