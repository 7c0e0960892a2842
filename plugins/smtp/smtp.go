package smtp

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/mailmsg"
)

// The URL schemes this package registers with driver.RegisterNotifier.
const (
	// Scheme is SMTP on port 25 or 587: STARTTLS when the server offers it,
	// or always with ?starttls=required.
	Scheme = "smtp"
	// SchemeTLS is SMTP over implicit TLS (port 465).
	SchemeTLS = "smtps"
)

// DefaultTimeout bounds one Send (dial, TLS, AUTH, the transaction) when
// the caller's context has no earlier deadline; ?timeout= changes it.
const DefaultTimeout = 30 * time.Second

// DefaultMaxIdle is how many open connections a Notifier keeps for reuse;
// ?maxidle= changes it (0: a new connection for every message).
const DefaultMaxIdle = 4

// idleLimit is how long an unused connection is kept: servers close idle
// sessions (RFC 5321 asks for at least 5 minutes), so stay well below.
const idleLimit = 30 * time.Second

func init() {
	open := func(ctx context.Context, rawURL string, env driver.NotifierEnv) (driver.Notifier, error) {
		return Open(ctx, rawURL, env)
	}
	driver.RegisterNotifier(Scheme, open)
	driver.RegisterNotifier(SchemeTLS, open)
}

type config struct {
	implicitTLS bool
	addr        string // host:port
	host        string
	from        mail.Address
	fromDomain  string
	helo        string
	user        string
	requireTLS  bool
	tls         *tls.Config
	timeout     time.Duration
	maxIdle     int
}

// Notifier sends driver.Messages as e-mail. It is safe for concurrent use;
// each Send uses one connection of its own, taken from a small pool of
// idle ones or dialled anew.
type Notifier struct {
	cfg      config
	password string

	mu     sync.Mutex
	idle   []*conn
	closed bool
}

var _ driver.Notifier = (*Notifier)(nil)

// Open parses an smtp:// or smtps:// URL and returns a Notifier. It does
// not dial: the first Send does. The URL:
//
//	smtp://[user@]host[:port]?from=addr[&from_name=...][&helo=name]
//	    [&user=name][&starttls=required][&ca=/path/ca.pem][&timeout=30s][&maxidle=4]
//
// The port defaults to 25 (smtp) or 465 (smtps). The password is never in
// the URL (one there is refused): it comes from env.Secret, called once
// here, and is needed only when a user is named.
func Open(ctx context.Context, rawURL string, env driver.NotifierEnv) (*Notifier, error) {
	cfg, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	n := &Notifier{cfg: cfg}
	if cfg.user != "" {
		if env.Secret == nil {
			return nil, driver.Errorf(driver.ErrInvalid, "smtp %s: a user is named but no secret is configured for its password", cfg.addr)
		}
		pw, err := env.Secret()
		if err != nil {
			// The secret reader's error names the variable or file, not the value.
			return nil, fmt.Errorf("%w: smtp %s: reading the password: %w", driver.ErrInvalid, cfg.addr, err)
		}
		if pw == "" {
			return nil, driver.Errorf(driver.ErrInvalid, "smtp %s: the password secret is empty", cfg.addr)
		}
		n.password = pw
	}
	return n, nil
}

func parseURL(rawURL string) (config, error) {
	var cfg config
	u, err := url.Parse(rawURL)
	if err != nil {
		// url's error repeats the URL, which may hold a password: leave it out.
		return cfg, driver.Errorf(driver.ErrInvalid, "smtp: the channel URL does not parse")
	}
	switch u.Scheme {
	case Scheme:
	case SchemeTLS:
		cfg.implicitTLS = true
	default:
		return cfg, driver.Errorf(driver.ErrInvalid, "smtp: scheme %q is not smtp or smtps", u.Scheme)
	}
	if u.User != nil {
		if _, has := u.User.Password(); has {
			return cfg, driver.Errorf(driver.ErrInvalid, "smtp: a password in the URL is refused; give it through the deployment's secret (environment or file)")
		}
		cfg.user = u.User.Username()
	}
	cfg.host = u.Hostname()
	if cfg.host == "" {
		return cfg, driver.Errorf(driver.ErrInvalid, "smtp: the URL names no host")
	}
	port := u.Port()
	if port == "" {
		port = "25"
		if cfg.implicitTLS {
			port = "465"
		}
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return cfg, driver.Errorf(driver.ErrInvalid, "smtp: port %q is not a number from 1 to 65535", port)
	}
	cfg.addr = net.JoinHostPort(cfg.host, port)
	cfg.timeout = DefaultTimeout
	cfg.maxIdle = DefaultMaxIdle
	cfg.tls = &tls.Config{ServerName: cfg.host, MinVersion: tls.VersionTLS12}
	q := u.Query()
	var fromName string
	for key, vals := range q {
		v := vals[len(vals)-1]
		switch key {
		case "from":
			a, err := mail.ParseAddress(v)
			if err != nil || a.Name != "" {
				return cfg, driver.Errorf(driver.ErrInvalid, "smtp %s: from is not a bare e-mail address", cfg.addr)
			}
			cfg.from.Address = a.Address
			cfg.fromDomain = a.Address[strings.LastIndexByte(a.Address, '@')+1:]
		case "from_name":
			fromName = v
		case "helo":
			if v == "" || strings.ContainsAny(v, " \r\n\t") {
				return cfg, driver.Errorf(driver.ErrInvalid, "smtp %s: helo %q is not a host name", cfg.addr, v)
			}
			cfg.helo = v
		case "user":
			if cfg.user != "" && cfg.user != v {
				return cfg, driver.Errorf(driver.ErrInvalid, "smtp %s: two different users named (in the URL and in ?user=)", cfg.addr)
			}
			cfg.user = v
		case "starttls":
			switch v {
			case "required":
				cfg.requireTLS = true
			case "", "auto":
			default:
				return cfg, driver.Errorf(driver.ErrInvalid, "smtp %s: starttls=%q: want required or auto", cfg.addr, v)
			}
		case "ca":
			pem, err := os.ReadFile(v)
			if err != nil {
				return cfg, fmt.Errorf("%w: smtp %s: reading the CA file: %w", driver.ErrInvalid, cfg.addr, err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return cfg, driver.Errorf(driver.ErrInvalid, "smtp %s: the CA file %s holds no PEM certificate", cfg.addr, v)
			}
			cfg.tls.RootCAs = pool
		case "timeout":
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				return cfg, driver.Errorf(driver.ErrInvalid, "smtp %s: timeout=%q is not a positive duration", cfg.addr, v)
			}
			cfg.timeout = d
		case "maxidle":
			k, err := strconv.Atoi(v)
			if err != nil || k < 0 || k > 1000 {
				return cfg, driver.Errorf(driver.ErrInvalid, "smtp %s: maxidle=%q is not a number from 0 to 1000", cfg.addr, v)
			}
			cfg.maxIdle = k
		default:
			return cfg, driver.Errorf(driver.ErrInvalid, "smtp %s: unknown URL parameter %q", cfg.addr, key)
		}
	}
	if cfg.from.Address == "" {
		return cfg, driver.Errorf(driver.ErrInvalid, "smtp %s: the URL needs ?from= (the sender's address)", cfg.addr)
	}
	cfg.from.Name = fromName
	if cfg.helo == "" {
		cfg.helo = cfg.fromDomain
	}
	return cfg, nil
}

// MessageID returns the Message-ID header a Notifier gives the
// notification with idempotency key id: the first 16 bytes of SHA-256(id)
// in hex, at the sender's domain. It is the same on every retry, so a
// receiver (and a mail store) can drop a repeat, and it reveals nothing of
// the key.
func MessageID(id, fromDomain string) string {
	sum := sha256.Sum256([]byte(id))
	return "<" + hex.EncodeToString(sum[:16]) + "@" + fromDomain + ">"
}

// MessageID returns the Message-ID this Notifier gives the notification
// with idempotency key id.
func (n *Notifier) MessageID(id string) string { return MessageID(id, n.cfg.fromDomain) }

// Send delivers m as one e-mail to m.To. Errors wrap driver.ErrInvalid when
// a retry cannot help (a malformed message or address, the server's 5xx to
// RCPT or to the message), driver.ErrAuth when the server refuses the
// credentials, and driver.ErrUnavailable otherwise (refused or dropped
// connection, timeout, 4xx, STARTTLS required but not offered); a
// cancelled context's error is wrapped too. No error names the recipient,
// the subject or the password.
func (n *Notifier) Send(ctx context.Context, m driver.Message) error {
	to, err := mailmsg.Check("smtp", m)
	if err != nil {
		return err
	}
	raw, err := buildMessage(n.cfg.from, to, n.MessageID(m.ID), time.Now(), m)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: smtp %s: %w", driver.ErrUnavailable, n.cfg.addr, err)
	}
	n.mu.Lock()
	closed := n.closed
	n.mu.Unlock()
	if closed {
		return driver.Errorf(driver.ErrClosed, "smtp %s: the channel is closed", n.cfg.addr)
	}

	deadline := time.Now().Add(n.cfg.timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	c, err := n.get(ctx, deadline)
	if err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { _ = c.nc.SetDeadline(time.Unix(1, 0)) })
	err = n.transact(c, to.Address, raw)
	if !stop() || ctx.Err() != nil {
		// The context ended during the transaction: whatever the error
		// says, the connection's state is unknown.
		c.close()
		if err == nil {
			return nil // the server accepted it before the cancel took hold
		}
		return fmt.Errorf("%w: smtp %s: %w", driver.ErrUnavailable, n.cfg.addr, ctx.Err())
	}
	if err != nil {
		c.close()
		return err
	}
	n.put(c)
	return nil
}

// transact runs one mail transaction on c and classes its errors.
func (n *Notifier) transact(c *conn, to string, raw []byte) error {
	if err := c.sc.Mail(n.cfg.from.Address); err != nil {
		// A sender refused is the deployment's problem, not this message's:
		// keep the message for a retry after the fix.
		return n.classify("MAIL FROM", err, false)
	}
	if err := c.sc.Rcpt(to); err != nil {
		return n.classify("RCPT TO", err, true)
	}
	w, err := c.sc.Data()
	if err != nil {
		return n.classify("DATA", err, true)
	}
	if _, err := w.Write(raw); err != nil {
		_ = w.Close()
		return n.classify("DATA", err, true)
	}
	if err := w.Close(); err != nil {
		return n.classify("end of DATA", err, true)
	}
	return nil
}

// classify wraps an SMTP or network error: a 5xx reply is permanent when
// permanent5xx (it refused this message), 535 and 530 are ErrAuth, all
// else is ErrUnavailable.
func (n *Notifier) classify(step string, err error, permanent5xx bool) error {
	var te *textproto.Error
	if errors.As(err, &te) {
		msg := replyText(te)
		switch {
		case te.Code == 535 || te.Code == 534 || te.Code == 530:
			return driver.Errorf(driver.ErrAuth, "smtp %s: %s refused: %d %s", n.cfg.addr, step, te.Code, msg)
		case te.Code >= 500 && permanent5xx:
			return driver.Errorf(driver.ErrInvalid, "smtp %s: %s refused permanently: %d %s", n.cfg.addr, step, te.Code, msg)
		default:
			return driver.Errorf(driver.ErrUnavailable, "smtp %s: %s refused: %d %s", n.cfg.addr, step, te.Code, msg)
		}
	}
	return driver.Errorf(driver.ErrUnavailable, "smtp %s: %s: %s", n.cfg.addr, step, netReason(err))
}

// replyText is the server's reply text, cut short: servers may echo the
// recipient ("<ana@x>: user unknown"), so an address in it is blanked.
func replyText(te *textproto.Error) string {
	words := strings.Fields(te.Msg)
	for i, w := range words {
		if strings.Contains(w, "@") {
			words[i] = "<address>"
		}
	}
	s := strings.Join(words, " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// netReason says what went wrong on the wire without quoting anything sent.
func netReason(err error) string {
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return "timed out"
	case errors.Is(err, net.ErrClosed), errors.Is(err, os.ErrDeadlineExceeded):
		return "connection closed"
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		if oe.Op == "dial" {
			return oe.Err.Error() // "connect: connection refused"
		}
		return oe.Op + ": " + oe.Err.Error()
	}
	return err.Error()
}

// Close closes the idle connections (with QUIT) and refuses later Sends.
func (n *Notifier) Close() error {
	n.mu.Lock()
	idle := n.idle
	n.idle = nil
	n.closed = true
	n.mu.Unlock()
	for _, c := range idle {
		_ = c.nc.SetDeadline(time.Now().Add(2 * time.Second))
		_ = c.sc.Quit()
		c.close()
	}
	return nil
}

// conn is one SMTP session, ready for a transaction.
type conn struct {
	nc   net.Conn // the TCP connection, for deadlines
	sc   *smtp.Client
	used time.Time
}

func (c *conn) close() { _ = c.sc.Close() }

// get returns a ready session: an idle one that still answers RSET, or a
// new one.
func (n *Notifier) get(ctx context.Context, deadline time.Time) (*conn, error) {
	for {
		n.mu.Lock()
		var c *conn
		if k := len(n.idle); k > 0 {
			c = n.idle[k-1]
			n.idle = n.idle[:k-1]
		}
		n.mu.Unlock()
		if c == nil {
			break
		}
		if time.Since(c.used) > idleLimit {
			c.close()
			continue
		}
		_ = c.nc.SetDeadline(deadline)
		if err := c.sc.Reset(); err != nil {
			c.close()
			continue
		}
		return c, nil
	}
	return n.dial(ctx, deadline)
}

// put keeps c for reuse, or closes it when the pool is full or closed.
func (n *Notifier) put(c *conn) {
	c.used = time.Now()
	n.mu.Lock()
	if !n.closed && len(n.idle) < n.cfg.maxIdle {
		n.idle = append(n.idle, c)
		n.mu.Unlock()
		return
	}
	n.mu.Unlock()
	_ = c.nc.SetDeadline(time.Now().Add(2 * time.Second))
	_ = c.sc.Quit()
	c.close()
}

// dial opens a session: TCP (and TLS for smtps), greeting, EHLO, STARTTLS
// (when offered, or required), AUTH PLAIN when a user is named.
func (n *Notifier) dial(ctx context.Context, deadline time.Time) (_ *conn, err error) {
	dctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	var d net.Dialer
	nc, err := d.DialContext(dctx, "tcp", n.cfg.addr)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%w: smtp %s: connect: %w", driver.ErrUnavailable, n.cfg.addr, ctx.Err())
		}
		return nil, driver.Errorf(driver.ErrUnavailable, "smtp %s: %s", n.cfg.addr, netReason(err))
	}
	_ = nc.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = nc.SetDeadline(time.Unix(1, 0)) })
	defer func() {
		if !stop() || ctx.Err() != nil {
			if err == nil {
				_ = nc.Close()
			}
			err = fmt.Errorf("%w: smtp %s: connect: %w", driver.ErrUnavailable, n.cfg.addr, ctx.Err())
		}
	}()
	wire := nc
	if n.cfg.implicitTLS {
		tc := tls.Client(nc, n.cfg.tls)
		if err := tc.HandshakeContext(dctx); err != nil {
			_ = nc.Close()
			return nil, n.tlsError(err)
		}
		wire = tc
	}
	sc, err := smtp.NewClient(wire, n.cfg.host)
	if err != nil {
		_ = nc.Close()
		return nil, n.classify("greeting", err, false)
	}
	c := &conn{nc: nc, sc: sc}
	fail := func(e error) (*conn, error) { c.close(); return nil, e }
	if err := sc.Hello(n.cfg.helo); err != nil {
		return fail(n.classify("EHLO", err, false))
	}
	if _, isTLS := sc.TLSConnectionState(); !isTLS {
		if ok, _ := sc.Extension("STARTTLS"); ok {
			if err := sc.StartTLS(n.cfg.tls); err != nil {
				var te *textproto.Error
				if errors.As(err, &te) {
					return fail(n.classify("STARTTLS", err, false))
				}
				return fail(n.tlsError(err))
			}
		} else if n.cfg.requireTLS {
			return fail(driver.Errorf(driver.ErrUnavailable, "smtp %s: STARTTLS required (?starttls=required) but the server does not offer it", n.cfg.addr))
		}
	}
	if n.cfg.user != "" {
		if ok, _ := sc.Extension("AUTH"); !ok {
			return fail(driver.Errorf(driver.ErrAuth, "smtp %s: a user is named but the server offers no AUTH", n.cfg.addr))
		}
		if err := sc.Auth(smtp.PlainAuth("", n.cfg.user, n.password, n.cfg.host)); err != nil {
			var te *textproto.Error
			if errors.As(err, &te) {
				return fail(driver.Errorf(driver.ErrAuth, "smtp %s: the server refused the configured user and password: %d %s", n.cfg.addr, te.Code, replyText(te)))
			}
			// net/smtp's own refusals (plain text over a link without TLS)
			// and wire errors; none of them carries the password.
			if isNetErr(err) {
				return fail(driver.Errorf(driver.ErrUnavailable, "smtp %s: AUTH: %s", n.cfg.addr, netReason(err)))
			}
			return fail(driver.Errorf(driver.ErrAuth, "smtp %s: AUTH not attempted: %s", n.cfg.addr, err.Error()))
		}
	}
	return c, nil
}

func isNetErr(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || errors.Is(err, net.ErrClosed) || errors.Is(err, os.ErrDeadlineExceeded) ||
		strings.Contains(err.Error(), "EOF")
}

// tlsError classes a failed TLS handshake: a certificate the deployment
// does not trust is ErrUnavailable too (fixing the trust keeps the mail),
// but says so.
func (n *Notifier) tlsError(err error) error {
	var ce *tls.CertificateVerificationError
	if errors.As(err, &ce) {
		return driver.Errorf(driver.ErrUnavailable, "smtp %s: TLS: the server's certificate is not trusted (set ?ca= to its CA file): %s", n.cfg.addr, ce.Err.Error())
	}
	return driver.Errorf(driver.ErrUnavailable, "smtp %s: TLS: %s", n.cfg.addr, netReason(err))
}
