// Package driver defines the interfaces a relaciona backend implements: the
// store driver (records, atomic batches, audit chain, streaming scans) and,
// later, the ticket driver.
//
// Application code does not use this package: it uses the portable types of
// the root package (relaciona.Store), which wrap a driver and add typed
// collections, transactions and audit verification. This package is for
// backend authors. Its interfaces are small and batch-friendly: a write
// carries many records, a read streams, so a driver served as a plugin over
// gRPC pays little per record. The behaviour every driver must have is
// written down, as executable tests, in plugins/conformance: run that suite
// from your driver's tests.
//
// The audit log: a driver fills each entry's changes with RecordDigest
// (time, attributes and body of the record written), chains it with
// ChainHash in format 2 (AuditEntry.Format; format 1, body digests and
// AuditHash, is what drivers wrote before and still verifies), and keys it
// with HMAC-SHA256 once given a key through the optional AuditKeyer. A
// driver that keeps an attribute index apart from its records implements
// IndexVerifier so that verification can prove the two agree.
//
// A driver makes itself available for URL opening (relaciona.OpenStore) by
// calling RegisterStore from its package's init function, the one side effect
// an init may have.
package driver
