package driver

import "context"

// Locker is an optional interface: a Store that can hold a named,
// exclusive lock implements it, so that two jobs on one store (the daily
// `relaciona run` started twice, on one machine or on two) do not run at
// once.
//
// Lock blocks until the lock called name is held, or until ctx ends: then
// it returns an error wrapping ctx's error and holds nothing. The lock
// excludes every other holder of the same name on the same storage,
// whether in this process or, where the backend allows, in other processes
// and on other machines; locks of different names are independent. It is
// released by calling unlock (once; later calls do nothing), and by the
// backend when the holder's process dies, so that a crashed job never
// blocks the next one.
//
// SQLite gives it with an OS file lock beside the database file,
// PostgreSQL with a session advisory lock on a dedicated connection, a
// plugin with the Lock stream of the protocol. The store conformance
// suite checks exclusion, independence of names, release and a deadline
// while waiting.
type Locker interface {
	Lock(ctx context.Context, name string) (unlock func() error, err error)
}
