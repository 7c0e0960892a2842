package plugins

import (
	"context"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"

	"github.com/relaciona/relaciona/plugins/driver"
	pb "github.com/relaciona/relaciona/plugins/proto"
)

// ServeStore serves impl as a store plugin and returns when the host is done
// with it (the plugin binary's main then returns). The handshake, the
// protocol version, mTLS and the message limits are handled here. impl is
// closed when the host closes the plugin. A plugin served this way takes no
// settings; use ServeStoreOpener for one that does.
//
// A plugin must write nothing to stdout: log through the hclog logger
// (StoreConfig.Logger, or hclog to stderr), which the host forwards into its
// own log.
func ServeStore(impl driver.Store) {
	ServeStoreOpener(fixedStore(impl))
}

// ServeStoreOpener serves the store that open returns once the host has sent
// the driver settings of its plugin:// URL. It returns when the host is done
// with the plugin, after closing the store.
func ServeStoreOpener(open StoreOpener) {
	log := pluginLogger()
	srv := newStoreServer(open, log)
	serve(log, kindStore, storePlugin(srv), "store", srv.close)
}

// serve serves the plugin glue p of kind until the host is done with it,
// then closes what it served (close; what names it in the log).
func serve(log hclog.Logger, kind string, p *grpcPlugin, what string, close func() error) {
	plugin.Serve(&plugin.ServeConfig{
		HandshakeConfig:  handshake,
		VersionedPlugins: map[int]plugin.PluginSet{ProtocolVersion: {kind: p}},
		GRPCServer:       newGRPCServer,
		Logger:           log,
	})
	if err := close(); err != nil {
		log.Error("closing the "+what, "error", err)
	}
}

// configured is what a plugin serves, once the host has configured it
// (impl set); what names it in the error before.
func configured[T comparable](impl T, what string) (T, error) {
	var zero T
	if impl == zero {
		return zero, driver.Errorf(driver.ErrInvalid, "plugin %s not configured: the host must call Configure first", what)
	}
	return impl, nil
}

// opened checks what a plugin's opener gave: its error, or nothing opened
// (what names it).
func opened[T comparable](impl T, err error, what string) (T, error) {
	var zero T
	if err == nil && impl == zero {
		err = driver.Errorf(driver.ErrUnavailable, "plugin opener returned no %s", what)
	}
	if err != nil {
		return zero, err
	}
	return impl, nil
}

// lentSecret is the secret the host lent in req, or, when it lent none, a
// function that fails with driver.ErrAuth saying so (missing).
func lentSecret(req *pb.ConfigureRequest, missing string) func() (string, error) {
	if req.HasSecret {
		secret := req.Secret
		return func() (string, error) { return secret, nil }
	}
	return func() (string, error) { return "", driver.Errorf(driver.ErrAuth, "%s", missing) }
}

// fixedStore is the opener of a ready store: it refuses settings.
func fixedStore(impl driver.Store) StoreOpener {
	return func(_ context.Context, c StoreConfig) (driver.Store, error) {
		if err := noSettings(c.Settings); err != nil {
			return nil, err
		}
		return impl, nil
	}
}

// noSettings refuses any setting, naming them.
func noSettings[V any](s map[string]V) error {
	if len(s) == 0 {
		return nil
	}
	names := slices.Sorted(maps.Keys(s))
	return driver.Errorf(driver.ErrInvalid, "this plugin takes no settings (got %s)", strings.Join(names, ", "))
}

// pluginLogger is the plugin side's logger: JSON lines on stderr, which
// go-plugin on the host parses and re-logs, at the host's level.
func pluginLogger() hclog.Logger {
	level := hclog.LevelFromString(os.Getenv(envLogLevel))
	if level == hclog.NoLevel {
		level = hclog.Info
	}
	return hclog.New(&hclog.LoggerOptions{Level: level, Output: os.Stderr, JSONFormat: true})
}

// OpenStore opens the store plugin a URL names:
//
//	plugin:///opt/relaciona/bin/relaciona-store-postgres?sha256=HEX&dsn_env=PG_DSN
//
// The path must be absolute. sha256 (optional, recommended) is the binary's
// checksum: a mismatch is refused before the binary runs. start_timeout (a
// Go duration, default 20s) bounds the handshake; call_timeout (default
// DefaultCallTimeout) each call, or each wait for a streamed chunk. Every other query key is a
// driver setting, passed to the plugin when it is configured; settings never
// carry secrets (name an environment variable instead: the plugin inherits
// the host's environment).
//
// The plugin is started at once (so a bad binary fails here) and restarted
// by the first call after it dies; the call that finds it dead fails with an
// *ExitError. Close stops it.
func OpenStore(ctx context.Context, rawURL string, opts ...Option) (driver.Store, error) {
	cfg, err := hostConfigOf(rawURL, opts)
	if err != nil {
		return nil, err
	}
	return openStore(ctx, cfg)
}

// hostConfigOf reads a plugin:// URL, applies opts, and checks that the
// binary is pinned as the options ask.
func hostConfigOf(rawURL string, opts []Option) (hostConfig, error) {
	cfg, err := parseURL(rawURL)
	if err != nil {
		return cfg, err
	}
	for _, o := range opts {
		o(&cfg)
	}
	return cfg, cfg.checkPinned()
}

func openStore(ctx context.Context, cfg hostConfig) (driver.Store, error) {
	s := &supervisor{cfg: cfg, kind: kindStore, configure: storeConfigure}
	s.prepare = s.prepareAuditKey
	if _, err := s.acquire(ctx); err != nil {
		return nil, err
	}
	return newStoreClient(s, s.caps), nil
}

func init() {
	driver.RegisterStore("plugin", func(ctx context.Context, rawURL string) (driver.Store, error) {
		return OpenStore(ctx, rawURL)
	})
	driver.RegisterTickets("plugin", func(ctx context.Context, rawURL string, env driver.TicketsEnv) (driver.Tickets, error) {
		return OpenTickets(ctx, rawURL, env)
	})
	driver.RegisterDirectory("plugin", func(ctx context.Context, rawURL string, env driver.DirectoryEnv) (driver.Directory, error) {
		return OpenDirectory(ctx, rawURL, env)
	})
}
