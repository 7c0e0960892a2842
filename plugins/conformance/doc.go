// Package conformance is the contract for relaciona backend authors: the
// behaviours every store driver (and, later, every ticket driver) must have,
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
// The checks use kinds with a random prefix, so they can run against a store
// that already holds data, and they are also run outside `go test` by
// `relaciona plugins check`, which prints each behaviour's result.
package conformance
