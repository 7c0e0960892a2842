package main

import (
	"context"
	"fmt"
	"github.com/hashicorp/go-hclog"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
	"github.com/relaciona/relaciona/schemas"
)

func init() {
	register(command{
		name:    "plugins",
		summary: [2]string{"comprueba un plugin con la suite de conformidad (plugins check)", "checks a plugin against the conformance suite (plugins check)"},
		run:     runPlugins,
	})
}

// checkKind is the kind of a --config file of `relaciona plugins check`
// (schemas/plugin-check.json).
const checkKind = "plugin-check"

// checkConfig is the --config file of `relaciona plugins check`.
type checkConfig struct {
	Kind    string `yaml:"kind"`
	Version int    `yaml:"version"`
	// Settings are the driver settings passed to the plugin (never secrets:
	// name environment variables instead, e.g. dsn_env: PG_DSN).
	Settings map[string]string `yaml:"settings"`
	// SHA256 pins the binary.
	SHA256 string `yaml:"sha256"`
	// StartTimeout bounds the handshake (a Go duration).
	StartTimeout string `yaml:"start_timeout"`
	// SharedStorage says a second plugin process with the same settings
	// sees the same data; it enables the cross-connection check.
	SharedStorage bool `yaml:"shared_storage"`
	// Tickets configures the ticket suite (--kind tickets).
	Tickets struct {
		Queue        string   `yaml:"queue"`
		Statuses     []string `yaml:"statuses"`
		Field        string   `yaml:"field"`
		StrictFields bool     `yaml:"strict_fields"`
		Assignee     string   `yaml:"assignee"`
		Requester    string   `yaml:"requester"`
		Resolution   string   `yaml:"resolution"`
		// Timeout bounds each check (a Go duration; default 3m).
		Timeout string `yaml:"timeout"`
		// ChangesLag is how long the system's change feed may take to see
		// a write (a Go duration; default 0).
		ChangesLag string `yaml:"changes_lag"`
		// PageSize is the adapter's page size in Changes, for the paging
		// check.
		PageSize int `yaml:"page_size"`
		// Concurrency is how many goroutines the concurrency check uses.
		Concurrency int `yaml:"concurrency"`
		// SecretEnv names the environment variable whose value is lent to
		// the plugin as the deployment's secret.
		SecretEnv string `yaml:"secret_env"`
		// LendStore lends the plugin an in-memory store (for ticket systems
		// kept in the deployment's store, like the built-in desk).
		LendStore bool `yaml:"lend_store"`
	} `yaml:"tickets"`
	// Directory configures the directory suite (--kind directory).
	Directory struct {
		// People are every person the directory under test lists, as it
		// gives them; none: conformance.StandardDirectory (the roster and
		// plugins/ldap/testdata/tree.ldif hold it).
		People []driver.Person `yaml:"people"`
		// Missing are ids it does not list (with People).
		Missing []string `yaml:"missing"`
		// PasswordEnv names the environment variable whose value is lent
		// to the plugin as the bind password.
		PasswordEnv string `yaml:"password_env"`
		// Settings are the deployment's directory.settings lent to the
		// plugin beside the URL's (for LDAP: bind_dn, roles, ...).
		Settings map[string]any `yaml:"settings"`
		// Timeout bounds each check (a Go duration; default 1m).
		Timeout string `yaml:"timeout"`
		// Concurrency is how many goroutines the concurrency check uses.
		Concurrency int `yaml:"concurrency"`
	} `yaml:"directory"`
}

// readCheckConfig reads and validates a --config file against its schema
// and what the schema cannot say: a setting may not be named like a host
// key of the plugin:// URL (sha256, start_timeout), which the host would
// take instead of passing it on, and start_timeout must be positive. No
// file gives the zero configuration.
func readCheckConfig(path string, lang relaciona.Lang) (checkConfig, error) {
	var c checkConfig
	if path == "" {
		return c, nil
	}
	if err := schemas.LoadFileKind(path, checkKind, lang, &c); err != nil {
		return c, err
	}
	var probs []*relaciona.ValidationError
	var loc *schemas.Locator
	problem := func(at []any, msg string) {
		if loc == nil {
			data, _ := os.ReadFile(path) // read and checked just above; without it, no positions
			loc = schemas.NewLocator(path, data)
		}
		p := loc.Problem(at, msg)
		p.File = path
		p.Line, p.Column = max(p.Line, 1), max(p.Column, 1)
		probs = append(probs, p)
	}
	for _, k := range []string{"sha256", "start_timeout"} {
		if _, ok := c.Settings[k]; ok {
			problem([]any{"settings", k}, lang.Tf("%s no es un setting del driver sino de relaciona: escríbalo fuera de settings",
				"%s is not a driver setting but relaciona's own: write it outside settings", k))
		}
	}
	if c.StartTimeout != "" {
		if d, err := time.ParseDuration(c.StartTimeout); err != nil || d <= 0 {
			problem([]any{"start_timeout"}, lang.Tf("%q no es una duración positiva, p. ej. 30s", "%q is not a positive duration, e.g. 30s", c.StartTimeout))
		}
	}
	if len(probs) > 0 {
		sort.SliceStable(probs, func(i, j int) bool {
			return probs[i].Line < probs[j].Line || probs[i].Line == probs[j].Line && probs[i].Column < probs[j].Column
		})
		return c, &schemas.Error{Problems: probs}
	}
	return c, nil
}

func runPlugins(ctx context.Context, e *env, args []string) int {
	return e.dispatch("plugins", []sub{{
		name:     "check",
		synopsis: e.lang.T("RUTA [--kind store|tickets|directory] [--config ARCHIVO] [--sha256 HEX]", "PATH [--kind store|tickets|directory] [--config FILE] [--sha256 HEX]"),
		summary: [2]string{"lanza el binario del plugin y le aplica la suite de conformidad; termina con 0 sólo si todos los comportamientos pasan",
			"launches the plugin binary and runs the conformance suite against it; exits 0 only when every behaviour passes"},
		run: func(args []string) int { return runPluginsCheck(ctx, e, args) },
	}}, args)
}

// runPluginsCheck is "relaciona plugins check PATH".
func runPluginsCheck(ctx context.Context, e *env, args []string) int {
	fs := e.flags("plugins check", e.lang.T("RUTA [--kind store|tickets|directory] [--config ARCHIVO] [--sha256 HEX]", "PATH [--kind store|tickets|directory] [--config FILE] [--sha256 HEX]"))
	kind := fs.String("kind", "store", e.lang.T("tipo de plugin: store, tickets o directory", "plugin kind: store, tickets or directory"))
	cfgPath := fs.String("config", "", e.lang.T("archivo YAML con settings, sha256, start_timeout, shared_storage, tickets", "YAML file with settings, sha256, start_timeout, shared_storage, tickets"))
	sum := fs.String("sha256", "", e.lang.T("SHA-256 esperado del binario", "expected SHA-256 of the binary"))
	// Flags may come before or after PATH.
	if code, ok := fs.parse(args); !ok {
		return code
	}
	rest := fs.Args()
	if len(rest) == 0 {
		return fs.usageError("")
	}
	path := rest[0]
	if code, ok := fs.parse(rest[1:]); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(e.stderr, e.lang.Tf("relaciona plugins check: argumento de más %q", "relaciona plugins check: extra argument %q", fs.Arg(0)))
		return 2
	}
	if *kind != "store" && *kind != "tickets" && *kind != "directory" {
		fmt.Fprintln(e.stderr, e.lang.Tf("relaciona plugins check: --kind %q no es store, tickets ni directory", "relaciona plugins check: --kind %q is not store, tickets or directory", *kind))
		return 2
	}
	// configFailed and openFailed report a check configuration that
	// cannot be used (bad usage, 2) and a plugin that cannot be opened (1).
	configFailed := func(err error) int {
		fmt.Fprintln(e.stderr, e.lang.Tf("relaciona plugins check: configuración: %v", "relaciona plugins check: configuration: %v", err))
		return 2
	}
	openFailed := func(err error) int {
		fmt.Fprintln(e.stderr, e.lang.Tf("relaciona plugins check: no se pudo abrir el plugin: %v", "relaciona plugins check: cannot open the plugin: %v", err))
		return 1
	}
	cfg, err := readCheckConfig(*cfgPath, e.lang)
	if err != nil {
		return configFailed(err)
	}
	if *sum != "" {
		cfg.SHA256 = *sum
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		fmt.Fprintln(e.stderr, "relaciona plugins check:", relaciona.ErrorText(err, e.lang))
		return 2
	}
	u := checkURL(abs, cfg)
	opts := []plugins.Option{plugins.WithLogger(e.log)}

	fmt.Fprintln(e.stdout, e.lang.Tf("Plugin %s (%s), protocolo %d", "Plugin %s (%s), protocol %d", abs, *kind, plugins.ProtocolVersion))
	var results []conformance.Result
	progress := func(r conformance.Result) { printResult(e, r) }
	switch *kind {
	case "store":
		s, err := plugins.OpenStore(ctx, u, opts...)
		if err != nil {
			return openFailed(err)
		}
		defer s.Close()
		h := conformance.StoreHarness{Store: s}
		if cfg.SharedStorage {
			h.Reopen = func(ctx context.Context) (driver.Store, error) { return plugins.OpenStore(ctx, u, opts...) }
		}
		results = conformance.RunStoreChecks(ctx, h, progress)
	case "tickets":
		h, env, cleanup, err := ticketsHarness(ctx, cfg)
		if err != nil {
			return configFailed(err)
		}
		defer cleanup()
		// The plugin's log lines are also kept, so the suite can scan them
		// for the secret.
		capture := &conformance.LogCapture{}
		il := hclog.NewInterceptLogger(&hclog.LoggerOptions{Name: "relaciona", Level: e.log.GetLevel(), Output: e.stderr})
		il.RegisterSink(hclog.NewSinkAdapter(&hclog.LoggerOptions{Level: hclog.Trace, Output: capture}))
		opts = []plugins.Option{plugins.WithLogger(il)}
		h.Logs = capture.Lines
		if env.Secret != nil {
			// Auth/WrongSecret opens the plugin again with a wrong secret.
			h.Reopen = func(ctx context.Context, secret string) (driver.Tickets, error) {
				return plugins.OpenTickets(ctx, u, driver.TicketsEnv{Store: env.Store, Secret: func() (string, error) { return secret, nil }}, opts...)
			}
		}
		tk, err := plugins.OpenTickets(ctx, u, env, opts...)
		if err != nil {
			return openFailed(err)
		}
		defer tk.Close()
		h.Tickets = tk
		results = conformance.RunTicketsChecks(ctx, h, progress)
	case "directory":
		h, env, err := directoryHarness(cfg)
		if err != nil {
			return configFailed(err)
		}
		d, err := plugins.OpenDirectory(ctx, u, env, opts...)
		if err != nil {
			return openFailed(err)
		}
		defer d.Close()
		h.Directory = d
		results = conformance.RunDirectoryChecks(ctx, h, progress)
	}
	pass, fail, na := 0, 0, 0
	var failed []string
	for _, r := range results {
		switch {
		case r.Skipped != "":
			na++
		case r.Passed:
			pass++
		default:
			fail++
			failed = append(failed, r.Name)
		}
	}
	fmt.Fprintln(e.stdout, e.lang.Tf("%d pasan, %d fallan, %d no aplican", "%d pass, %d fail, %d not applicable", pass, fail, na))
	if fail > 0 {
		fmt.Fprintln(e.stdout, e.lang.Tf("Fallan: %s", "Failed: %s", strings.Join(failed, ", ")))
		return 1
	}
	return 0
}

// checkURL builds the plugin:// URL of the binary with cfg's settings.
func checkURL(abs string, cfg checkConfig) string {
	q := url.Values{}
	for k, v := range cfg.Settings {
		q.Set(k, v)
	}
	if cfg.SHA256 != "" {
		q.Set("sha256", cfg.SHA256)
	}
	if cfg.StartTimeout != "" {
		q.Set("start_timeout", cfg.StartTimeout)
	}
	return (&url.URL{Scheme: "plugin", Path: abs, RawQuery: q.Encode()}).String()
}

func ticketsHarness(ctx context.Context, cfg checkConfig) (conformance.TicketsHarness, driver.TicketsEnv, func(), error) {
	tc := cfg.Tickets
	h := conformance.TicketsHarness{Queue: tc.Queue, Statuses: tc.Statuses, Field: tc.Field, StrictFields: tc.StrictFields, Assignee: tc.Assignee, Requester: tc.Requester}
	if tc.Resolution != "" {
		d, err := time.ParseDuration(tc.Resolution)
		if err != nil || d <= 0 {
			return h, driver.TicketsEnv{}, nil, fmt.Errorf("tickets.resolution %q is not a positive duration", tc.Resolution)
		}
		h.Resolution = d
	}
	for _, x := range []struct {
		name, v string
		dst     *time.Duration
		zero    bool // 0 is allowed
	}{{"tickets.timeout", tc.Timeout, &h.Timeout, false}, {"tickets.changes_lag", tc.ChangesLag, &h.ChangesLag, true}} {
		if x.v == "" {
			continue
		}
		d, err := time.ParseDuration(x.v)
		if err != nil || d < 0 || (d == 0 && !x.zero) {
			return h, driver.TicketsEnv{}, nil, fmt.Errorf("%s %q is not a positive duration", x.name, x.v)
		}
		*x.dst = d
	}
	h.PageSize, h.Concurrency = tc.PageSize, tc.Concurrency
	var env driver.TicketsEnv
	cleanup := func() {}
	if tc.SecretEnv != "" {
		env.Secret = envSecret(tc.SecretEnv)
		h.Secret = os.Getenv(tc.SecretEnv) // scanned for in every error and log line
	}
	if tc.LendStore {
		s, err := sqlite.Open(ctx, ":memory:")
		if err != nil {
			return h, env, nil, err
		}
		env.Store = s
		cleanup = func() { s.Close() }
	}
	return h, env, cleanup, nil
}

func printResult(e *env, r conformance.Result) {
	ms := r.Elapsed.Round(time.Millisecond)
	switch {
	case r.Skipped != "":
		fmt.Fprintf(e.stdout, "%-9s %s: %s\n", e.lang.T("NO APLICA", "N/A"), r.Name, r.Skipped)
	case r.Passed:
		fmt.Fprintf(e.stdout, "%-9s %s (%s)\n", e.lang.T("PASA", "PASS"), r.Name, ms)
	default:
		fmt.Fprintf(e.stdout, "%-9s %s (%s)\n", e.lang.T("FALLA", "FAIL"), r.Name, ms)
		for _, f := range r.Failures {
			for _, line := range strings.Split(strings.TrimSpace(f), "\n") {
				fmt.Fprintf(e.stdout, "          %s\n", line)
			}
		}
	}
}

// directoryHarness is the directory suite's harness and the plugin's
// environment from cfg's directory section: the fixture the directory
// holds (conformance.StandardDirectory when it lists no one), the bind
// password from the variable it names, and the lent settings.
func directoryHarness(cfg checkConfig) (conformance.DirectoryHarness, driver.DirectoryEnv, error) {
	dc := cfg.Directory
	h := conformance.DirectoryHarness{Want: conformance.StandardDirectory(), Concurrency: dc.Concurrency}
	if len(dc.People) > 0 {
		h.Want = conformance.DirectoryFixture{People: dc.People, Missing: dc.Missing}
	}
	if dc.Timeout != "" {
		d, err := time.ParseDuration(dc.Timeout)
		if err != nil || d <= 0 {
			return h, driver.DirectoryEnv{}, fmt.Errorf("directory.timeout %q is not a positive duration", dc.Timeout)
		}
		h.Timeout = d
	}
	env := driver.DirectoryEnv{Settings: dc.Settings}
	if dc.PasswordEnv != "" {
		env.Secret = envSecret(dc.PasswordEnv)
	}
	return h, env, nil
}

// envSecret is the secret a checked plugin is lent: the environment
// variable name, read at each call; an empty one is driver.ErrAuth.
func envSecret(name string) func() (string, error) {
	return func() (string, error) {
		v := os.Getenv(name)
		if v == "" {
			return "", driver.Errorf(driver.ErrAuth, "environment variable %s is empty", name)
		}
		return v, nil
	}
}
