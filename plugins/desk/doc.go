// Package desk is relaciona's built-in ticket desk: tickets, replies,
// internal notes and satisfaction survey responses kept as records in the
// deployment's own store (the embedded SQLite file by default). It is the
// ticket system of an agency that has none, and the one the demo uses.
//
// Open it by URL through relaciona.OpenTickets with the deployment's store:
//
//	t, err := relaciona.OpenTickets(ctx, "desk://?queues=pqrsd,reclamos",
//		relaciona.WithTicketStore(store))
//
// or directly, over any driver.Store:
//
//	d, err := desk.New(store.Driver(), desk.Options{Queues: []string{"pqrsd"}})
//
// A tour:
//
//   - Statuses are the canonical ones (new, open, pending, resolved,
//     closed, rejected), so a deployment on the desk needs no status map.
//     A public reply to a new ticket opens it.
//   - Ticket numbers are "1", "2", ...: a counter record reserves them in
//     the same atomic batch as the ticket, so concurrent creates never
//     share a number.
//   - Every write is one store batch with its audit entry (actor "desk"
//     unless Options.Actor says otherwise). An update that changes nothing
//     writes nothing. Conflicting concurrent writers retry.
//   - Changes is a scan of the ticket records by Updated time, which the
//     store indexes: it streams in constant memory.
//   - Optional capabilities: survey responses (Surveys, SurveyRecorder)
//     and custom field discovery (FieldLister). Import is a fast bulk load
//     (1,000 tickets per batch) that keeps historical times, for demos and
//     migrations.
//
// The package imports only plugins/driver, never the root package, so the
// root can open it by URL without an import cycle.
package desk
