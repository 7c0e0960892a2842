// Package conformance is the contract for relaciona backend authors: the
// behaviours every store driver and every ticket driver must have,
// as executable checks, plus the benchmarks that measure a driver.
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
// precision of its Updated times); a check whose need is left empty is
// reported as not applicable. The ticket checks create tickets whose
// subjects carry a random marker and look only at those, so they run
// against a system with data; they never delete. TicketsChecks lists them;
// examples/custom-ticket-adapter walks an author through them.
//
// The store checks use kinds with a random prefix, so they can run against a store
// that already holds data, and they are also run outside `go test` by
// `relaciona plugins check`, which prints each behaviour's result.
package conformance
