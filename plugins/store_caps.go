package plugins

import (
	"context"

	"github.com/relaciona/relaciona/plugins/driver"
)

// The host's store client offers an optional driver interface only when the
// plugin reported the capability, so that a type assertion (the way the
// root finds driver.Counter, driver.Snapshotter and driver.Locker) tells
// the truth. Go has no conditional methods: each combination of the three
// capabilities is a type of its own, every method a one-line call to the
// storeClient's. withCapabilities picks the type.

type (
	cClient   struct{ *storeClient } // Counter
	sClient   struct{ *storeClient } // Snapshotter
	lClient   struct{ *storeClient } // Locker
	csClient  struct{ *storeClient } // Counter, Snapshotter
	clClient  struct{ *storeClient } // Counter, Locker
	slClient  struct{ *storeClient } // Snapshotter, Locker
	cslClient struct{ *storeClient } // Counter, Snapshotter, Locker
)

// withCapabilities returns sc with the optional interfaces of the
// capabilities the plugin reported, and no other.
func withCapabilities(sc *storeClient, counter, snapshot, lock bool) driver.Store {
	switch {
	case counter && snapshot && lock:
		return cslClient{sc}
	case counter && snapshot:
		return csClient{sc}
	case counter && lock:
		return clClient{sc}
	case snapshot && lock:
		return slClient{sc}
	case counter:
		return cClient{sc}
	case snapshot:
		return sClient{sc}
	case lock:
		return lClient{sc}
	}
	return sc
}

// base is the client under the capability wrappers.
func (s *storeClient) base() *storeClient { return s }

// Count implements driver.Counter.
func (s cClient) Count(ctx context.Context, q driver.Query) (int64, error) { return s.count(ctx, q) }

// Count implements driver.Counter.
func (s csClient) Count(ctx context.Context, q driver.Query) (int64, error) { return s.count(ctx, q) }

// Count implements driver.Counter.
func (s clClient) Count(ctx context.Context, q driver.Query) (int64, error) { return s.count(ctx, q) }

// Count implements driver.Counter.
func (s cslClient) Count(ctx context.Context, q driver.Query) (int64, error) { return s.count(ctx, q) }

// Snapshot implements driver.Snapshotter.
func (s sClient) Snapshot(ctx context.Context, fn func(driver.Reader) error) error {
	return s.snapshot(ctx, fn)
}

// Snapshot implements driver.Snapshotter.
func (s csClient) Snapshot(ctx context.Context, fn func(driver.Reader) error) error {
	return s.snapshot(ctx, fn)
}

// Snapshot implements driver.Snapshotter.
func (s slClient) Snapshot(ctx context.Context, fn func(driver.Reader) error) error {
	return s.snapshot(ctx, fn)
}

// Snapshot implements driver.Snapshotter.
func (s cslClient) Snapshot(ctx context.Context, fn func(driver.Reader) error) error {
	return s.snapshot(ctx, fn)
}

// Lock implements driver.Locker.
func (s lClient) Lock(ctx context.Context, name string) (func() error, error) {
	return s.lock(ctx, name)
}

// Lock implements driver.Locker.
func (s clClient) Lock(ctx context.Context, name string) (func() error, error) {
	return s.lock(ctx, name)
}

// Lock implements driver.Locker.
func (s slClient) Lock(ctx context.Context, name string) (func() error, error) {
	return s.lock(ctx, name)
}

// Lock implements driver.Locker.
func (s cslClient) Lock(ctx context.Context, name string) (func() error, error) {
	return s.lock(ctx, name)
}
