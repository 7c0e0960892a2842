package plugins

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/relaciona/relaciona/plugins/driver"
	pb "github.com/relaciona/relaciona/plugins/proto"
)

// DefaultStartTimeout is how long the host waits for a plugin's handshake.
const DefaultStartTimeout = 20 * time.Second

// Option configures how the host opens a plugin.
type Option func(*hostConfig)

// WithLogger sends go-plugin's messages and the plugin's own log lines to l
// (the default is hclog's default logger, hclog.L()).
func WithLogger(l hclog.Logger) Option {
	return func(c *hostConfig) {
		if l != nil {
			c.log = l
		}
	}
}

// WithStartTimeout sets how long to wait for the plugin's handshake; it
// overrides the URL's start_timeout.
func WithStartTimeout(d time.Duration) Option {
	return func(c *hostConfig) {
		if d > 0 {
			c.startTimeout = d
		}
	}
}

// WithRequireChecksum refuses a plugin:// URL without sha256 (an error
// wrapping driver.ErrInvalid) instead of warning about it; a deployment
// asks for it with require_checksum: true.
func WithRequireChecksum(require bool) Option {
	return func(c *hostConfig) { c.requireSum = require }
}

// checkPinned warns through the host's logger about a plugin URL without
// sha256 (any binary at that path would be run), or refuses it when the
// checksum is required.
func (c *hostConfig) checkPinned() error {
	if c.sum != nil || c.reattach != nil {
		return nil
	}
	if c.requireSum {
		return driver.Errorf(driver.ErrInvalid, "plugin %s: its plugin:// URL has no sha256 and a checksum is required (require_checksum): add sha256=HEX, the output of sha256sum %s", c.path, c.path)
	}
	c.log.Warn("plugin binary not pinned: its plugin:// URL has no sha256, so whatever binary is at that path runs; add sha256=HEX (sha256sum PATH), or set require_checksum: true in the deployment to refuse unpinned plugins", "path", c.path)
	return nil
}

// hostConfig is how to launch one plugin.
type hostConfig struct {
	path         string
	sum          []byte // expected SHA-256 of the binary; nil: no check
	requireSum   bool   // refuse a URL without sha256
	settings     map[string]string
	startTimeout time.Duration
	callTimeout  time.Duration
	log          hclog.Logger
	reattach     *plugin.ReattachConfig // in-process test servers
}

// Host keys of a plugin:// URL's query; every other key is a driver setting.
const (
	keySHA256       = "sha256"
	keyStartTimeout = "start_timeout"
	keyCallTimeout  = "call_timeout"
)

// parseURL reads plugin:///abs/path/to/binary?sha256=HEX&start_timeout=30s&call_timeout=2m&SETTINGS.
func parseURL(raw string) (hostConfig, error) {
	c := hostConfig{startTimeout: DefaultStartTimeout, callTimeout: DefaultCallTimeout, log: hclog.L(), settings: map[string]string{}}
	u, err := url.Parse(raw)
	if err != nil {
		return c, driver.Errorf(driver.ErrInvalid, "plugin URL is malformed: %v", redactErr(err))
	}
	if u.Scheme != "plugin" {
		return c, driver.Errorf(driver.ErrInvalid, "plugin URL has scheme %q, want plugin:///absolute/path", u.Scheme)
	}
	if u.Host != "" || u.User != nil || u.Opaque != "" {
		return c, driver.Errorf(driver.ErrInvalid, "plugin URL must name an absolute path with three slashes, as in plugin:///opt/relaciona/bin/relaciona-store-postgres")
	}
	if u.Path == "" || !filepath.IsAbs(u.Path) {
		return c, driver.Errorf(driver.ErrInvalid, "plugin URL path %q is not absolute", u.Path)
	}
	c.path = filepath.Clean(u.Path)
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return c, driver.Errorf(driver.ErrInvalid, "plugin %s: URL query is malformed", c.path)
	}
	keys := slices.Sorted(maps.Keys(q))
	for _, k := range keys {
		vs := q[k]
		if len(vs) != 1 {
			return c, driver.Errorf(driver.ErrInvalid, "plugin %s: setting %q is given %d times", c.path, k, len(vs))
		}
		v := vs[0]
		switch k {
		case keySHA256:
			sum, err := hex.DecodeString(strings.ToLower(v))
			if err != nil || len(sum) != sha256.Size {
				return c, driver.Errorf(driver.ErrInvalid, "plugin %s: sha256 must be 64 hexadecimal digits", c.path)
			}
			c.sum = sum
		case keyStartTimeout:
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return c, driver.Errorf(driver.ErrInvalid, "plugin %s: start_timeout %q is not a positive duration such as 30s", c.path, v)
			}
			c.startTimeout = d
		case keyCallTimeout:
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return c, driver.Errorf(driver.ErrInvalid, "plugin %s: call_timeout %q is not a positive duration such as 2m", c.path, v)
			}
			c.callTimeout = d
		default:
			if k == "" {
				return c, driver.Errorf(driver.ErrInvalid, "plugin %s: a setting has an empty name", c.path)
			}
			c.settings[k] = v
		}
	}
	return c, nil
}

// redactErr keeps a URL parse error's kind but not the URL, which may hold
// a secret someone put there by mistake.
func redactErr(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return "bad URL"
}

// checkSum refuses a binary whose SHA-256 is not the configured one.
func checkSum(path string, want []byte) error {
	f, err := os.Open(path)
	if err != nil {
		return driver.Errorf(driver.ErrUnavailable, "plugin %s: %v", path, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return driver.Errorf(driver.ErrUnavailable, "plugin %s: reading it for its checksum: %v", path, err)
	}
	got := h.Sum(nil)
	if !bytes.Equal(got, want) {
		return driver.Errorf(driver.ErrInvalid, "plugin %s: SHA-256 mismatch: the file's is %s…, the configuration expects %s…; refusing to run it (rebuilt or replaced? update sha256 after checking it)",
			path, hex.EncodeToString(got)[:12], hex.EncodeToString(want)[:12])
	}
	return nil
}

// instance is one running plugin process (or one in-process test server).
type instance struct {
	pc     *plugin.Client
	cmd    *exec.Cmd // nil when reattached
	conn   *grpc.ClientConn
	broker *plugin.GRPCBroker
	tail   *tail
	pid    int
	once   sync.Once
}

// kill ends the process and waits for go-plugin's goroutines.
func (in *instance) kill() { in.once.Do(in.pc.Kill) }

// supervisor launches a plugin, restarts it after a crash, and turns
// transport failures into errors that say what happened.
type supervisor struct {
	cfg  hostConfig
	kind string // kindStore, kindTickets or kindDirectory
	// prepare adds what a kind needs to the Configure request.
	prepare func(in *instance, req *pb.ConfigureRequest)
	// configure calls the kind's Configure RPC.
	configure func(ctx context.Context, conn grpc.ClientConnInterface, req *pb.ConfigureRequest) (*pb.ConfigureResponse, error)

	mu     sync.Mutex
	cur    *instance
	closed bool
	caps   map[string]bool
	// auditKey is the store's audit key, sent to every (re)started store
	// plugin with its settings (nil: none).
	auditKey atomic.Pointer[driver.KeyState]
}

// swapAuditKey sets the audit key restarted plugins receive and returns
// the one before.
func (s *supervisor) swapAuditKey(k *driver.KeyState) *driver.KeyState {
	return s.auditKey.Swap(k)
}

// prepareAuditKey adds the audit key, if any, to a store's Configure.
func (s *supervisor) prepareAuditKey(_ *instance, req *pb.ConfigureRequest) {
	if k := s.auditKey.Load(); k != nil {
		req.AuditKey, req.AuditKeyId = k.Key, k.ID
	}
}

func (s *supervisor) name() string { return s.cfg.path }

// acquire returns the running instance, starting one when there is none. A
// process found dead is reported once, as an ExitError; the next call
// starts a fresh one.
func (s *supervisor) acquire(ctx context.Context) (*instance, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, driver.Errorf(driver.ErrClosed, "plugin %s has been closed", s.name())
	}
	if in := s.cur; in != nil {
		if !in.pc.Exited() {
			return in, nil
		}
		s.cur = nil
		in.kill()
		return nil, s.exitError(in)
	}
	if s.cfg.reattach != nil && s.caps != nil {
		return nil, driver.Errorf(driver.ErrUnavailable, "plugin %s: the in-process test server has stopped", s.name())
	}
	in, err := s.start(ctx)
	if err != nil {
		return nil, err
	}
	s.cur = in
	return in, nil
}

// start launches the plugin, checks its handshake and configures it.
func (s *supervisor) start(ctx context.Context) (*instance, error) {
	in := &instance{tail: newTail(12)}
	cc := &plugin.ClientConfig{
		HandshakeConfig:  handshake,
		VersionedPlugins: hostPlugins(),
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		StartTimeout:     s.cfg.startTimeout,
		Logger:           s.cfg.log,
		Stderr:           in.tail,
		GRPCDialOptions:  dialOptions(),
		// What the plugin prints on os.Stdout/os.Stderr after its handshake
		// reaches the host over go-plugin's stdio stream: log it, never
		// print it (the host's stdout is the user's).
		SyncStdout: &lineLogger{log: s.cfg.log.Named(filepath.Base(s.cfg.path)), what: "stdout"},
		SyncStderr: &lineLogger{log: s.cfg.log.Named(filepath.Base(s.cfg.path)), what: "stderr", tail: in.tail},
	}
	if s.cfg.reattach != nil {
		cc.Reattach = s.cfg.reattach
		cc.Plugins = hostPlugins()[ProtocolVersion] // reattaching skips version negotiation
	} else {
		if s.cfg.sum != nil {
			if err := checkSum(s.cfg.path, s.cfg.sum); err != nil {
				return nil, err
			}
			cc.SecureConfig = &plugin.SecureConfig{Checksum: s.cfg.sum, Hash: sha256.New()}
		}
		if st, err := os.Stat(s.cfg.path); err != nil {
			return nil, driver.Errorf(driver.ErrUnavailable, "plugin %s: %v", s.cfg.path, errors.Unwrap(err))
		} else if st.IsDir() || st.Mode()&0o111 == 0 {
			return nil, driver.Errorf(driver.ErrInvalid, "plugin %s is not an executable file", s.cfg.path)
		}
		in.cmd = exec.Command(s.cfg.path)
		in.cmd.Env = []string{envLogLevel + "=" + s.cfg.log.GetLevel().String()}
		cc.Cmd = in.cmd
		cc.AutoMTLS = true
	}
	in.pc = plugin.NewClient(cc)
	rpc, err := in.pc.Client()
	if err != nil {
		in.kill()
		return nil, s.startError(in, err)
	}
	if rc := in.pc.ReattachConfig(); rc != nil {
		in.pid = rc.Pid
	}
	raw, err := rpc.Dispense(s.kind)
	if err != nil {
		in.kill()
		return nil, driver.Errorf(driver.ErrUnavailable, "plugin %s: %v", s.name(), err)
	}
	d := raw.(*dispensed)
	in.conn, in.broker = d.conn, d.broker
	req := &pb.ConfigureRequest{Settings: s.cfg.settings}
	if s.prepare != nil {
		s.prepare(in, req)
	}
	cctx, done := watch(ctx, s.callTimeout())
	resp, err := s.configure(cctx, in.conn, req)
	if err != nil {
		if timedOut(cctx) {
			err = s.timeoutError("Configure")
		} else {
			err = s.explain(ctx, in, err)
		}
		done()
		in.kill()
		if errors.Is(err, driver.ErrUnsupported) {
			return nil, driver.Errorf(driver.ErrInvalid, "plugin %s does not serve a %s (it may be another kind of plugin): %v", s.name(), s.kindName(), err)
		}
		return nil, err
	}
	done()
	if s.caps == nil {
		s.caps = capabilitySet(resp.Capabilities)
	}
	s.cfg.log.Debug("plugin configured", "plugin", s.name(), "pid", in.pid, "kind", s.kind, "capabilities", strings.Join(resp.Capabilities, ","))
	return in, nil
}

func (s *supervisor) kindName() string {
	switch s.kind {
	case kindTickets:
		return "ticket system"
	case kindDirectory:
		return "directory"
	}
	return "store"
}

var (
	reStdout  = regexp.MustCompile(`Unrecognized remote plugin message: ([^\n]*)`)
	reVersion = regexp.MustCompile(`Plugin version: ([0-9]+)`)
)

// startError explains why a plugin did not start.
func (s *supervisor) startError(in *instance, err error) error {
	msg := err.Error()
	var what string
	switch {
	case errors.Is(err, plugin.ErrChecksumsDoNotMatch):
		what = "its SHA-256 does not match the configured one; refusing to run it"
	case reStdout.MatchString(msg):
		line := reStdout.FindStringSubmatch(msg)[1]
		if len(line) > 120 {
			line = line[:120] + "…"
		}
		what = fmt.Sprintf("it wrote %q to stdout before its handshake: a plugin must write nothing to stdout (log through hclog, to stderr)", line)
	case strings.Contains(strings.ToLower(msg), "incompatible api version"):
		v := "another"
		if m := reVersion.FindStringSubmatch(msg); m != nil {
			v = m[1]
		}
		what = fmt.Sprintf("it speaks plugin protocol version %s, this host speaks version %d: rebuild the plugin against a matching relaciona", v, ProtocolVersion)
	case strings.Contains(msg, "timeout while waiting for plugin to start"):
		what = fmt.Sprintf("it did not complete its handshake within %s (start_timeout): it hangs at start", s.cfg.startTimeout)
	case strings.Contains(msg, "unsupported plugin protocol"):
		what = "it serves net/rpc; relaciona plugins must serve gRPC (use plugins.ServeStore)"
	case strings.Contains(msg, "exited before we could connect"):
		what = "it exited before its handshake"
		if in.cmd != nil && in.cmd.ProcessState != nil {
			what += " (" + in.cmd.ProcessState.String() + ")"
		}
	default:
		what = "it failed to start: " + msg
	}
	text := fmt.Sprintf("plugin %s: %s", s.name(), what)
	if lines := in.tail.lines(); len(lines) > 0 {
		text += "; last lines on its stderr:\n    " + strings.Join(lines, "\n    ")
	}
	if errors.Is(err, plugin.ErrChecksumsDoNotMatch) {
		return driver.Errorf(driver.ErrInvalid, "%s", text)
	}
	return driver.Errorf(driver.ErrUnavailable, "%s", text)
}

// exitError describes a plugin process that has exited.
func (s *supervisor) exitError(in *instance) error {
	e := &ExitError{Plugin: s.name(), Pid: in.pid, Stderr: in.tail.lines()}
	if in.cmd != nil && in.pc.Exited() && in.cmd.ProcessState != nil {
		e.State = in.cmd.ProcessState.String()
	}
	return e
}

// do runs one call on the current instance and explains its failure. The
// call has a deadline: the plugin must answer within the call timeout (a
// streamed read: send each chunk within it), else the call is abandoned
// with an error naming the plugin, and the instance, stopped or hung, is
// killed so that the next call starts a fresh one.
func (s *supervisor) do(ctx context.Context, f func(ctx context.Context, conn grpc.ClientConnInterface) error) error {
	in, err := s.acquire(ctx)
	if err != nil {
		return err
	}
	cctx, done := watch(ctx, s.callTimeout())
	defer done()
	if err := f(cctx, in.conn); err != nil {
		if timedOut(cctx) {
			var ue *userError
			if errors.As(err, &ue) {
				return ue.err
			}
			s.drop(in)
			return s.timeoutError("")
		}
		return s.explain(ctx, in, err)
	}
	return nil
}

func (s *supervisor) callTimeout() time.Duration {
	if s.cfg.callTimeout > 0 {
		return s.cfg.callTimeout
	}
	return DefaultCallTimeout
}

// timeoutError says that the plugin did not answer in time.
func (s *supervisor) timeoutError(call string) error {
	if call != "" {
		call = " to " + call
	}
	return driver.Errorf(driver.ErrUnavailable, "plugin %s did not answer%s within %s (call_timeout): it is stopped, hung or overloaded; the call was abandoned",
		s.name(), call, s.callTimeout())
}

// drop kills an instance that stopped answering, unless it is an
// in-process test server.
func (s *supervisor) drop(in *instance) {
	if s.cfg.reattach != nil {
		return
	}
	s.mu.Lock()
	if s.cur == in {
		s.cur = nil
	}
	s.mu.Unlock()
	s.cfg.log.Warn("killing a plugin that did not answer in time", "plugin", s.name(), "pid", in.pid, "call_timeout", s.callTimeout().String())
	// go-plugin's Kill asks the plugin to shut down first, which a stopped
	// process never answers: kill it outright, then let go-plugin reap it.
	if in.cmd != nil && in.cmd.Process != nil {
		_ = in.cmd.Process.Kill()
	}
	go in.kill()
}

// explain turns a call's error into the error the caller sees: a callback's
// own error unchanged, a driver's error with its sentinel, a crash as an
// ExitError (dropping the dead instance so the next call starts afresh).
func (s *supervisor) explain(ctx context.Context, in *instance, err error) error {
	var ue *userError
	if errors.As(err, &ue) {
		return ue.err
	}
	st, ok := status.FromError(err)
	if !ok {
		st = status.New(codes.Unavailable, err.Error())
	}
	if e, ok := fromDetail(st); ok {
		return e
	}
	if ctx.Err() != nil {
		return fmt.Errorf("plugin %s: %s: %w", s.name(), st.Message(), ctx.Err())
	}
	switch st.Code() {
	case codes.Unavailable, codes.Canceled, codes.Internal, codes.Unknown:
		if s.cfg.reattach == nil && waitExit(in.pc, 3*time.Second) {
			s.mu.Lock()
			if s.cur == in {
				s.cur = nil
			}
			s.mu.Unlock()
			in.kill()
			return s.exitError(in)
		}
	}
	return fromTransport(s.name(), st)
}

// waitExit reports whether the plugin process exits within d: a broken
// connection is seen a moment before the process is reaped.
func waitExit(pc *plugin.Client, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		if pc.Exited() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// close stops the plugin; later calls fail with ErrClosed.
func (s *supervisor) close() error {
	s.mu.Lock()
	in := s.cur
	s.cur, s.closed = nil, true
	s.mu.Unlock()
	if in != nil {
		in.kill()
	}
	return nil
}

// tail keeps the last lines a plugin wrote to stderr, for crash reports.
type tail struct {
	mu  sync.Mutex
	max int
	buf []string
	cur []byte
	// panicked: a Go panic or fatal error began; the window then stays on
	// its first lines (the message and the top frames).
	panicked bool
}

func newTail(max int) *tail { return &tail{max: max} }

// Write takes raw stderr bytes (go-plugin writes each line, then "\n").
func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, c := range p {
		if c == '\n' {
			t.push()
			continue
		}
		if len(t.cur) < 4096 {
			t.cur = append(t.cur, c)
		}
	}
	return len(p), nil
}

func (t *tail) push() {
	line := renderLogLine(t.cur)
	t.cur = t.cur[:0]
	if line == "" {
		return
	}
	if !t.panicked && (strings.HasPrefix(line, "panic: ") || strings.HasPrefix(line, "fatal error: ")) {
		t.panicked, t.buf = true, t.buf[:0]
	}
	if t.panicked {
		if len(t.buf) < t.max {
			t.buf = append(t.buf, line)
		}
		return
	}
	t.buf = append(t.buf, line)
	if len(t.buf) > t.max {
		t.buf = t.buf[len(t.buf)-t.max:]
	}
}

func (t *tail) lines() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := append([]string(nil), t.buf...)
	if len(t.cur) > 0 {
		out = append(out, renderLogLine(t.cur))
	}
	return out
}

// renderLogLine makes an hclog JSON line readable ("[ERROR] message k=v");
// other lines are kept as written (trimmed to 300 bytes).
func renderLogLine(b []byte) string {
	s := strings.TrimSpace(string(b))
	if strings.HasPrefix(s, "{") {
		var m map[string]any
		if json.Unmarshal([]byte(s), &m) == nil {
			var sb strings.Builder
			if lv, ok := m["@level"].(string); ok {
				sb.WriteString("[" + strings.ToUpper(lv) + "] ")
			}
			if msg, ok := m["@message"].(string); ok {
				sb.WriteString(msg)
			}
			keys := make([]string, 0, len(m))
			for k := range m {
				if !strings.HasPrefix(k, "@") {
					keys = append(keys, k)
				}
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Fprintf(&sb, " %s=%v", k, m[k])
			}
			s = sb.String()
		}
	}
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// lineLogger turns what a plugin prints after its handshake into log lines
// (and, for stderr, into the crash report's tail).
type lineLogger struct {
	mu   sync.Mutex
	log  hclog.Logger
	what string
	tail *tail
	cur  []byte
}

func (l *lineLogger) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, c := range p {
		if c != '\n' {
			if len(l.cur) < 4096 {
				l.cur = append(l.cur, c)
			}
			continue
		}
		line := string(l.cur)
		l.cur = l.cur[:0]
		l.log.Info("plugin printed to "+l.what, "line", line)
		if l.tail != nil {
			_, _ = l.tail.Write([]byte(line + "\n"))
		}
	}
	return len(p), nil
}
