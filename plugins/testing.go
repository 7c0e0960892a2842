package plugins

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"

	"github.com/relaciona/relaciona/plugins/driver"
)

// TestStore serves impl in process through the real plugin transport (gRPC,
// the protocol, error mapping, chunked streams) and returns the host's view
// of it, so an author can run plugins/conformance against a plugin without
// building a binary:
//
//	conformance.RunStore(t, conformance.StoreHarness{Store: plugins.TestStore(t, impl)})
//
// impl and the server are closed when the test ends. Only the process
// handling (launch, checksum, mTLS, restart) is not exercised.
func TestStore(t testing.TB, impl driver.Store) driver.Store {
	t.Helper()
	srv := newStoreServer(fixedStore(impl), testLogger())
	return testServe(t, "TestStore", kindStore, storePlugin(srv), srv.close, func(cfg hostConfig) (driver.Store, error) {
		return openStore(t.Context(), cfg)
	})
}

// testServe serves p in process as a plugin of kind and returns the host's
// view of it, which open makes from the host configuration. The view is
// closed when the test ends, then the server is stopped and closeServer
// called. name is the exported function's, for failures.
func testServe[V interface{ Close() error }](t testing.TB, name, kind string, p plugin.Plugin, closeServer func() error, open func(hostConfig) (V, error)) V {
	t.Helper()
	cfg, stop, err := serveInProcess(kind, p)
	if err != nil {
		t.Fatalf("plugins.%s: %v", name, err)
	}
	v, err := open(cfg)
	if err != nil {
		stop()
		t.Fatalf("plugins.%s: %v", name, err)
	}
	t.Cleanup(func() {
		v.Close()
		stop()
		closeServer()
	})
	return v
}

func testLogger() hclog.Logger {
	return hclog.New(&hclog.LoggerOptions{Name: "plugin-test", Level: hclog.Warn, Output: os.Stderr})
}

// serveInProcess runs a plugin server in this process (go-plugin's test
// mode) and returns the host configuration that reattaches to it, and a
// function that stops it and waits.
func serveInProcess(kind string, p plugin.Plugin) (hostConfig, func(), error) {
	ctx, cancel := context.WithCancel(context.Background())
	rc := make(chan *plugin.ReattachConfig, 1)
	done := make(chan struct{})
	log := testLogger()
	go plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig:  handshake,
		VersionedPlugins: map[int]plugin.PluginSet{ProtocolVersion: {kind: p}},
		GRPCServer:       newGRPCServer,
		Logger:           hclog.NewNullLogger(), // go-plugin's test mode logs its own shutdown as an error
		Test:             &plugin.ServeTestConfig{Context: ctx, ReattachConfigCh: rc, CloseCh: done},
	})
	stop := func() {
		cancel()
		<-done
	}
	select {
	case r := <-rc:
		return hostConfig{path: "in-process " + kind + " plugin", settings: map[string]string{}, startTimeout: DefaultStartTimeout, log: log, reattach: r}, stop, nil
	case <-done:
		cancel()
		return hostConfig{}, nil, driver.Errorf(driver.ErrUnavailable, "the in-process plugin server stopped at once")
	case <-time.After(30 * time.Second):
		stop()
		return hostConfig{}, nil, driver.Errorf(driver.ErrUnavailable, "the in-process plugin server did not start")
	}
}

// TestTickets serves impl in process through the real plugin transport and
// returns the host's view of it, which implements exactly the optional
// capabilities impl has. impl is closed when the test ends.
func TestTickets(t testing.TB, impl driver.Tickets) driver.Tickets {
	t.Helper()
	return TestTicketsOpener(t, func(context.Context, TicketsConfig) (driver.Tickets, error) { return impl, nil }, driver.TicketsEnv{})
}

// TestTicketsOpener serves, in process, the ticket adapter open returns,
// lending it env as a host does: env.Store is served back to the plugin
// through go-plugin's broker, env.Secret travels in the Configure call. The
// adapter is closed when the test ends.
func TestTicketsOpener(t testing.TB, open TicketsOpener, env driver.TicketsEnv) driver.Tickets {
	t.Helper()
	srv := newTicketsServer(open, testLogger())
	return testServe(t, "TestTickets", kindTickets, ticketsPlugin(srv), srv.close, func(cfg hostConfig) (driver.Tickets, error) {
		return openTickets(t.Context(), cfg, env)
	})
}

// TestDirectory serves impl in process through the real plugin transport
// and returns the host's view of it. impl is closed when the test ends.
func TestDirectory(t testing.TB, impl driver.Directory) driver.Directory {
	t.Helper()
	return TestDirectoryOpener(t, func(context.Context, DirectoryConfig) (driver.Directory, error) { return impl, nil }, driver.DirectoryEnv{})
}

// TestDirectoryOpener serves, in process, the directory open returns,
// lending it env as a host does: env.Secret and env.Settings travel in the
// Configure call. The directory is closed when the test ends.
func TestDirectoryOpener(t testing.TB, open DirectoryOpener, env driver.DirectoryEnv) driver.Directory {
	t.Helper()
	srv := newDirectoryServer(open, testLogger())
	return testServe(t, "TestDirectory", kindDirectory, directoryPlugin(srv), srv.close, func(cfg hostConfig) (driver.Directory, error) {
		return openDirectory(t.Context(), cfg, env)
	})
}
