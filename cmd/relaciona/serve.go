package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/citizen"
	"github.com/relaciona/relaciona/citizen/open311"
)

func init() {
	register(command{
		name:    "serve",
		summary: [2]string{"sirve Open311, la comprobación de salud y los últimos informes por HTTP", "serves Open311, the health check and the latest reports over HTTP"},
		run:     runServe,
	})
}

// runServe serves, on the address of the deployment's serve section: the
// Open311 GeoReport v2 endpoint of the citizen process at its mount path,
// /healthz (200 when the store answers, 503 when not) and /reports/ (the
// HTML of the newest month folder `relaciona run` wrote, read-only). It
// speaks HTTPS when the section names a certificate, bounds every request
// (body size, rate per client address, timeouts), writes one access log
// line per request, and on SIGINT or SIGTERM stops taking connections and
// waits up to the shutdown timeout for the requests in flight.
// Exit status: 0 after a clean shutdown, 1 on failure, 2 on bad usage.
func runServe(ctx context.Context, e *env, args []string) int {
	fs := e.flags("serve", "--config deployment.yaml [--access-log=false]")
	cfgPath := fs.String("config", "", e.lang.T("archivo de despliegue (obligatorio)", "deployment file (required)"))
	accessLog := fs.Bool("access-log", true, e.lang.T("una línea de registro por solicitud, en stderr", "one log line per request, on stderr"))
	if code, ok := fs.parse(args); !ok {
		return code
	}
	if *cfgPath == "" || fs.NArg() > 0 {
		return fs.usageError("")
	}
	L := e.lang
	fail := func(err error) int {
		e.log.Error("serve failed", "error", err)
		fmt.Fprintln(e.stderr, "relaciona serve:", err)
		return 1
	}
	d, err := openDeployment(ctx, e, *cfgPath)
	if err != nil {
		return fail(err)
	}
	defer d.Close()
	cfg := d.dep.Serve
	var access hclog.Logger
	if *accessLog {
		access = hclog.New(&hclog.LoggerOptions{Name: "relaciona.access", Level: hclog.Info, Output: e.stderr})
	}
	h, served, err := serveHandler(ctx, e, d, access)
	if err != nil {
		return fail(err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: cfg.Limits.ReadHeaderTimeout,
		ReadTimeout:       cfg.Limits.ReadTimeout,
		WriteTimeout:      cfg.Limits.WriteTimeout,
		IdleTimeout:       cfg.Limits.IdleTimeout,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          log.New(&serverErrors{log: e.log.Named("http")}, "", 0),
	}
	scheme := "http"
	if cfg.TLSCertFile != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCertFile, cfg.TLSKeyFile)
		if err != nil {
			return fail(fmt.Errorf("%s: %w", L.Tf("certificado TLS (serve.tls) %s, %s", "TLS certificate (serve.tls) %s, %s", cfg.TLSCertFile, cfg.TLSKeyFile), err))
		}
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{cert}}
		scheme = "https"
	}
	ln, err := net.Listen("tcp", cfg.Address)
	if err != nil {
		return fail(fmt.Errorf("%s: %w", L.Tf("no se puede escuchar en %s (serve.address)", "cannot listen on %s (serve.address)", cfg.Address), err))
	}
	base := scheme + "://" + ln.Addr().String()
	fmt.Fprintln(e.stdout, L.Tf("relaciona serve: escuchando en %s", "relaciona serve: listening on %s", base))
	for _, s := range served {
		fmt.Fprintln(e.stdout, "  "+base+s)
	}
	errc := make(chan error, 1)
	go func() {
		if srv.TLSConfig != nil {
			errc <- srv.ServeTLS(ln, "", "")
			return
		}
		errc <- srv.Serve(ln)
	}()
	select {
	case err := <-errc:
		return fail(err)
	case <-ctx.Done():
	}
	fmt.Fprintln(e.stdout, L.Tf("relaciona serve: deteniendo; se espera hasta %s a las solicitudes en curso", "relaciona serve: stopping; waiting up to %s for the requests in flight", cfg.Limits.ShutdownTimeout))
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.Limits.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fail(fmt.Errorf("%s: %w", L.T("las solicitudes en curso no terminaron a tiempo", "the requests in flight did not end in time"), err))
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fail(err)
	}
	fmt.Fprintln(e.stdout, L.T("relaciona serve: detenido", "relaciona serve: stopped"))
	return 0
}

// serveHandler builds what runServe serves, and the paths it serves, for
// the startup message. access receives the access log (nil: none).
func serveHandler(ctx context.Context, e *env, d *deployed, access hclog.Logger) (http.Handler, []string, error) {
	cfg := d.dep.Serve
	mux := http.NewServeMux()
	served := []string{"/healthz"}
	mux.Handle("/healthz", healthHandler(d.store))
	if path, ok := d.dep.ProcessPath(citizen.Kind); ok {
		o, err := open311Handler(ctx, e, d, path)
		if err != nil {
			return nil, nil, err
		}
		mount := cfg.Open311.Mount
		for _, own := range []string{"/healthz", "/reports"} {
			if mount == own || strings.HasPrefix(mount, own+"/") {
				return nil, nil, fmt.Errorf("%w: %s", relaciona.ErrInvalid, e.lang.Tf("serve.open311.mount %s choca con %s: elija otra ruta, p. ej. /open311/v2",
					"serve.open311.mount %s clashes with %s: choose another path, e.g. /open311/v2", mount, own))
			}
		}
		mux.Handle(mount+"/", http.StripPrefix(mount, o))
		served = append(served, mount+"/discovery.json", mount+"/services.xml")
	} else {
		e.log.Warn("no citizen process in the deployment: Open311 is not served")
	}
	if cfg.Reports.Enabled {
		mux.Handle("/reports/", reportsHandler(cfg.Reports.Dir))
		served = append(served, "/reports/")
	}
	var h http.Handler = mux
	h = bodyLimit(h, cfg.Limits.MaxBodyBytes)
	if cfg.Limits.RequestsPerMinute > 0 {
		h = newRateLimiter(cfg.Limits.RequestsPerMinute, cfg.Limits.Burst, time.Now).wrap(h)
	}
	if access != nil {
		h = accessLogger(h, access)
	}
	return h, served, nil
}

// open311Handler is the Open311 endpoint of the citizen process file at
// path, with the deployment's API keys and serve.open311 settings. Its
// messages are in the deployment's language: its readers are the agency's
// citizens, not the operator.
func open311Handler(ctx context.Context, e *env, d *deployed, path string) (http.Handler, error) {
	cfg := d.dep.Serve
	ccfg, err := citizen.LoadConfig(path, e.lang)
	if err != nil {
		return nil, err
	}
	loc, err := d.dep.Location()
	if err != nil {
		return nil, err
	}
	opts := []citizen.Option{citizen.WithLocation(loc), citizen.WithTickets(d.tickets), citizen.WithLang(d.dep.Lang),
		citizen.WithLogger(d.log.Named("citizen"))}
	if d.dir != nil {
		if err := checkIntakeActor(ctx, d.dir, e.lang); err != nil {
			return nil, err
		}
		opts = append(opts, citizen.WithDirectory(d.dir))
	}
	s, err := citizen.New(d.store, ccfg, d.cal, opts...)
	if err != nil {
		return nil, err
	}
	keys, err := cfg.APIKeys()
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		e.log.Warn("no Open311 API keys (serve.api_keys): every POST is refused")
	}
	return open311.New(s, open311.Options{
		Actor:          relaciona.Actor{ID: open311ActorID, Name: "Open311", Roles: []string{citizen.RoleSystem}},
		Keys:           keys,
		KeyForReads:    cfg.Open311.RequireKeyForGet,
		PublishDetails: cfg.Open311.PublishDetails,
		Lang:           d.dep.Lang,
		Logger:         d.log.Named("open311"),
		ServiceType:    cfg.Open311.ServiceType,
		TrustForwarded: cfg.Open311.TrustForwarded,
		PublicURL:      cfg.PublicURL,
		Contact:        cfg.Open311.Contact,
		KeyService:     cfg.Open311.KeyService,
	})
}

// healthCheckTimeout bounds the store probe of /healthz.
const healthCheckTimeout = 3 * time.Second

// healthHandler answers 200 "ok" when the store answers a read, 503 when
// it does not. The answer never says why (the log does, at warn).
func healthHandler(store *relaciona.Store) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), healthCheckTimeout)
		defer cancel()
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if _, err := store.Get(ctx, "serve.health", "probe"); err != nil && !errors.Is(err, relaciona.ErrNotFound) {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, "store unreachable\n")
			return
		}
		_, _ = io.WriteString(w, "ok\n")
	})
}

var (
	monthFolder = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}$`)
	reportPage  = regexp.MustCompile(`^[a-z0-9_-]{1,100}\.html$`)
)

// newestMonth returns the newest YYYY-MM folder of dir, or "".
func newestMonth(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	newest := ""
	for _, ent := range entries {
		if ent.IsDir() && monthFolder.MatchString(ent.Name()) && ent.Name() > newest {
			newest = ent.Name() // ReadDir's IsDir is false for a symlink: never followed
		}
	}
	return newest
}

// reportsHandler serves, read-only, the HTML pages of the newest month
// folder under dir: /reports/ is its index.html, /reports/NAME.html a page.
// Nothing else: no listing, no other month, no data files, nothing
// outside the folder (os.Root), and only regular files.
func reportsHandler(dir string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(r.URL.Path, "/reports/")
		if name == "" {
			name = "index.html"
		}
		month := newestMonth(dir)
		if !reportPage.MatchString(name) || month == "" {
			http.NotFound(w, r)
			return
		}
		root, err := os.OpenRoot(filepath.Join(dir, month))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer root.Close()
		f, err := root.Open(name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		info, err := f.Stat()
		if err != nil || !info.Mode().IsRegular() {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, name, info.ModTime(), f)
	})
}

// bodyLimit refuses a body declared larger than max with 413 and cuts one
// that grows larger while read (the handler then fails reading it).
func bodyLimit(next http.Handler, max int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			w.Header().Set("Connection", "close")
			http.Error(w, fmt.Sprintf("request body larger than %d bytes", max), http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		next.ServeHTTP(w, r)
	})
}

// rateLimiter is a token bucket per client address: burst requests at
// once, then perMinute a minute. Addresses are kept in memory only, never
// logged, and forgotten once their bucket is full again.
type rateLimiter struct {
	mu      sync.Mutex
	rate    float64 // tokens a second
	burst   float64
	now     func() time.Time
	clients map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxClients bounds the addresses kept; past it, full buckets are dropped.
const maxClients = 10000

func newRateLimiter(perMinute, burst int, now func() time.Time) *rateLimiter {
	return &rateLimiter{rate: float64(perMinute) / 60, burst: float64(burst), now: now, clients: map[string]*bucket{}}
}

// allow takes a token of client's bucket, or says how long until one is
// there.
func (l *rateLimiter) allow(client string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b, ok := l.clients[client]
	if !ok {
		if len(l.clients) >= maxClients {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.clients[client] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// sweep drops the buckets that are full again; if none is, all of them
// (a flood of addresses must not grow the map without bound).
func (l *rateLimiter) sweep(now time.Time) {
	for k, b := range l.clients {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.clients, k)
		}
	}
	if len(l.clients) >= maxClients {
		clear(l.clients)
	}
}

func (l *rateLimiter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		client, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			client = r.RemoteAddr
		}
		if ok, wait := l.allow(client); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			http.Error(w, "too many requests", http.StatusTooManyRequests)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// recorder keeps the status and size of an answer for the access log.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// maxLoggedPath bounds the path written to the access log.
const maxLoggedPath = 200

// accessLogger writes one line per request: method, path, status, bytes
// and duration. Never the query string (an api_key, dates and ids a
// citizen searched for travel there), the client address, headers or
// bodies: what is logged says what the server did, not who asked. The
// path holds at most a service code or a filing number, which are public
// through the API itself.
func accessLogger(next http.Handler, log hclog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		path := r.URL.EscapedPath()
		if len(path) > maxLoggedPath {
			path = path[:maxLoggedPath] + "…"
		}
		defer func() {
			if rec.status == 0 {
				rec.status = http.StatusOK
			}
			log.Info("request", "method", r.Method, "path", path, "status", rec.status, "bytes", rec.bytes,
				"duration_ms", float64(time.Since(start).Microseconds())/1000)
		}()
		next.ServeHTTP(rec, r)
	})
}

// clientAddress matches the client address the net/http server writes in
// its own error lines ("TLS handshake error from 192.0.2.1:4242: ...").
var clientAddress = regexp.MustCompile(`from \S+:\d+`)

// serverErrors takes the net/http server's error lines to the log at
// debug, without the client's address.
type serverErrors struct{ log hclog.Logger }

func (s *serverErrors) Write(p []byte) (int, error) {
	s.log.Debug(clientAddress.ReplaceAllString(strings.TrimSpace(string(p)), "from [client]"))
	return len(p), nil
}

// open311ActorID is who files the PQRSD that arrive through Open311. With a
// directory, that person id must hold a role that may file in the citizen
// process (service or system); the roles the Actor carries are then
// ignored, the directory decides.
const open311ActorID = "open311"

// checkIntakeActor refuses to serve when the directory does not let the
// Open311 intake file PQRSD: every POST would be refused later, one by
// one, so it is said once, at startup, naming the id and the roles.
func checkIntakeActor(ctx context.Context, dir *relaciona.Directory, L relaciona.Lang) error {
	need := relaciona.Need{Roles: []string{citizen.RoleSystem, citizen.RoleService}}
	if _, err := dir.Authorize(ctx, citizen.Kind, relaciona.Actor{ID: open311ActorID}, "citizen.pqrsd.file", need); err != nil {
		if errors.Is(err, relaciona.ErrForbidden) {
			return fmt.Errorf("%w: %s", relaciona.ErrForbidden, L.Tf(
				"el directorio no da a %q (quien radica las PQRSD de Open311) el rol %q ni %q del proceso citizen: agréguelo al directorio",
				"the directory does not give %q (who files the Open311 PQRSD) the role %q or %q of the citizen process: add it to the directory",
				open311ActorID, citizen.RoleSystem, citizen.RoleService))
		}
		return fmt.Errorf("open311 intake %q: %w", open311ActorID, err)
	}
	return nil
}
