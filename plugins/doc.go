// Package plugins runs relaciona drivers as separate processes: the
// go-plugin transport (gRPC only, AutoMTLS, protocol version 1 of
// plugins/proto), its host side and its author side.
//
// # Host side
//
// Importing this package registers the "plugin" scheme for store, ticket
// and directory URLs, so the root package opens a plugin like any driver:
//
//	import _ "github.com/relaciona/relaciona/plugins"
//
//	st, err := relaciona.OpenStore(ctx,
//		"plugin:///opt/relaciona/bin/relaciona-store-postgres?sha256=9f2c…&dsn_env=PG_DSN")
//
// The path is absolute. sha256 pins the binary: a mismatch is refused before
// it runs, naming the file and both hashes. start_timeout (default 20s)
// bounds the handshake of a plugin that hangs; call_timeout (default 2m)
// bounds each call (for a streamed read, each wait for its next chunk):
// a stopped or hung plugin fails the call with an error naming it, and is
// killed so the next call starts a fresh one. Every other query key is a
// driver setting the plugin receives when it is configured (dsn_env above:
// the plugin reads the DSN from that environment variable, since a URL,
// YAML file or log line must never hold a password).
//
// Each call carries its context (deadline, cancellation) to the plugin.
// Writes travel as one batch per call and reads stream back in chunks, so a
// record costs little; messages up to 2 GB pass. Errors keep their text and
// their sentinel: errors.Is(err, driver.ErrConflict) holds on the host. The
// plugin's log lines (hclog JSON on its stderr) go into the host's hclog
// logger (WithLogger; hclog.L() when opened by URL). When the plugin dies,
// the call fails with an *ExitError (wrapping driver.ErrUnavailable) that
// names the plugin, says how it exited and quotes the last lines of its
// stderr; the next call starts a fresh process. Close stops the process and
// leaves no goroutine behind. A plugin that writes to stdout before its
// handshake, speaks another protocol version or hangs at start is refused
// with an error that says so.
//
// # Author side
//
// A plugin binary is a main that calls one function:
//
//	func main() { plugins.ServeStore(mystore.New()) }
//
// or, to receive the URL's settings, ServeStoreOpener (ServeTickets and
// ServeTicketsOpener for ticket systems; a ticket plugin may also use the
// deployment's store, which the host lends it through go-plugin's broker;
// ServeDirectory and ServeDirectoryOpener for directories, which receive
// the deployment's directory.settings beside the URL's and the bind
// password the deployment names, as plugins/ldap/cmd/relaciona-ldap does).
// The handshake is hidden. A plugin must write nothing to stdout.
//
// A store whose scans can lend their records (driver.LendingScanner: the
// body is valid only until the callback returns) lets the plugin stream a
// scan without a copy of each body; the SQLite driver does. Statements
// that cannot hang are better run without the call's context: every call
// through a plugin carries one that can be cancelled, and a database
// driver may pay for watching it (modernc's SQLite did, a fifth of a
// batch's time); check the context between them instead.
//
// A store that reads from a consistent snapshot (driver.Snapshotter, as
// SQLite and PostgreSQL do) offers it through the plugin too: the host's
// Snapshot opens one in the plugin (BeginSnapshot), its reads name it, and
// it ends when the host's function returns (EndSnapshot). The plugin holds
// at most 16 at once and ends one left without a read for two minutes by
// itself, so a host that dies does not hold a transaction for ever.
//
// TestStore, TestTickets and TestDirectory serve an implementation in process through the
// same transport, so an author runs plugins/conformance against it without
// building a binary; `relaciona plugins check PATH` runs the same suite
// against the built binary.
package plugins
