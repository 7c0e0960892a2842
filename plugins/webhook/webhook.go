package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
)

// DefaultTimeout bounds one Send when the caller's context has no earlier
// deadline.
const DefaultTimeout = 30 * time.Second

// MinSecretLen is the shortest signing secret Open accepts, in bytes.
const MinSecretLen = 16

// maxResponse bounds how much of a response body is read (and discarded,
// so the connection can be reused).
const maxResponse = 64 << 10

func init() {
	open := func(ctx context.Context, rawURL string, env driver.NotifierEnv) (driver.Notifier, error) {
		return Open(ctx, rawURL, env)
	}
	driver.RegisterNotifier("http", open)
	driver.RegisterNotifier("https", open)
}

// Payload is the JSON body of a webhook request.
type Payload struct {
	ID      string            `json:"id"`
	Kind    string            `json:"kind"`
	Lang    string            `json:"lang"`
	Subject string            `json:"subject"`
	Body    string            `json:"body"`
	Ticket  string            `json:"ticket"`
	Data    map[string]string `json:"data"`
	SentAt  time.Time         `json:"sent_at"`
}

// Notifier POSTs driver.Messages as signed JSON to one URL. It is safe for
// concurrent use.
type Notifier struct {
	url    string
	where  string // scheme://host, for errors: the path or query may hold a token
	secret string
	client *http.Client
	closed atomic.Bool
	now    func() time.Time
}

var _ driver.Notifier = (*Notifier)(nil)

// Open returns a Notifier posting to rawURL (http or https). The signing
// secret comes from env.Secret (at least MinSecretLen bytes); a URL with a
// user or password in it is refused. It does not connect.
func Open(ctx context.Context, rawURL string, env driver.NotifierEnv) (*Notifier, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, driver.Errorf(driver.ErrInvalid, "webhook: the channel URL does not parse")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, driver.Errorf(driver.ErrInvalid, "webhook: scheme %q is not http or https", u.Scheme)
	}
	if u.Host == "" {
		return nil, driver.Errorf(driver.ErrInvalid, "webhook: the URL names no host")
	}
	where := u.Scheme + "://" + u.Host
	if u.User != nil {
		return nil, driver.Errorf(driver.ErrInvalid, "webhook %s: a user or password in the URL is refused; requests are authenticated by their signature", where)
	}
	if env.Secret == nil {
		return nil, driver.Errorf(driver.ErrInvalid, "webhook %s: no signing secret configured", where)
	}
	secret, err := env.Secret()
	if err != nil {
		return nil, fmt.Errorf("%w: webhook %s: reading the signing secret: %w", driver.ErrInvalid, where, err)
	}
	if len(secret) < MinSecretLen {
		return nil, driver.Errorf(driver.ErrInvalid, "webhook %s: the signing secret is shorter than %d bytes", where, MinSecretLen)
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 16
	return &Notifier{
		url: u.String(), where: where, secret: secret, now: time.Now,
		client: &http.Client{
			Transport: tr,
			// A redirect is not followed: the signature and the body must
			// go to the URL the agency configured, and nowhere else.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}, nil
}

// StatusError is a non-2xx answer. It wraps driver.ErrInvalid (a 4xx other
// than 408 and 429: retrying the same request cannot help) or
// driver.ErrUnavailable (408, 429, 3xx, 5xx); RetryAfter is the receiver's
// Retry-After, when it gave one.
type StatusError struct {
	Where      string // scheme://host
	Code       int
	RetryAfter time.Duration
	kind       error
}

func (e *StatusError) Error() string {
	s := fmt.Sprintf("%s: webhook %s answered %d %s", e.kind, e.Where, e.Code, http.StatusText(e.Code))
	if e.Code >= 300 && e.Code < 400 {
		s += " (redirects are not followed: configure the final URL)"
	}
	if e.RetryAfter > 0 {
		s += fmt.Sprintf("; retry after %s", e.RetryAfter)
	}
	return s
}

// Unwrap returns driver.ErrInvalid or driver.ErrUnavailable.
func (e *StatusError) Unwrap() error { return e.kind }

// Send POSTs m as a Payload with the Idempotency-Key, X-Relaciona-Timestamp
// and X-Relaciona-Signature headers. A 2xx answer is delivery. Errors: a
// message without ID ErrInvalid; a *StatusError by the answer's class;
// timeouts, refused connections and a cancelled context ErrUnavailable
// (wrapping the context's error). No error quotes the message, the URL's
// path or query, or the secret.
func (n *Notifier) Send(ctx context.Context, m driver.Message) error {
	if n.closed.Load() {
		return driver.Errorf(driver.ErrClosed, "webhook %s: the channel is closed", n.where)
	}
	if m.ID == "" {
		return driver.Errorf(driver.ErrInvalid, "webhook %s: the message has no ID (its idempotency key)", n.where)
	}
	now := n.now().UTC()
	data := m.Data
	if data == nil {
		data = map[string]string{}
	}
	body, err := json.Marshal(Payload{
		ID: m.ID, Kind: m.Kind, Lang: m.Lang, Subject: m.Subject, Body: m.Body,
		Ticket: m.Ticket, Data: data, SentAt: now.Truncate(time.Second),
	})
	if err != nil {
		return driver.Errorf(driver.ErrInvalid, "webhook %s: message %s does not encode as JSON", n.where, m.ID)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.url, bytes.NewReader(body))
	if err != nil {
		return driver.Errorf(driver.ErrInvalid, "webhook %s: building the request", n.where)
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "relaciona-webhook/1")
	req.Header.Set(HeaderIdempotencyKey, m.ID)
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, Sign(n.secret, ts, body))
	resp, err := n.client.Do(req)
	if err != nil {
		return n.transportError(ctx, err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxResponse))
	_ = resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return nil
	}
	se := &StatusError{Where: n.where, Code: resp.StatusCode, kind: driver.ErrUnavailable}
	if resp.StatusCode >= 400 && resp.StatusCode < 500 &&
		resp.StatusCode != http.StatusRequestTimeout && resp.StatusCode != http.StatusTooManyRequests {
		se.kind = driver.ErrInvalid
	}
	se.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), n.now())
	return se
}

// transportError classes a failed round trip without quoting the URL
// (url.Error's text holds it whole).
func (n *Notifier) transportError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		what := "cancelled"
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			what = "timed out"
		}
		return fmt.Errorf("%w: webhook %s: %s: %w", driver.ErrUnavailable, n.where, what, ctx.Err())
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return driver.Errorf(driver.ErrUnavailable, "webhook %s: timed out", n.where)
	}
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return driver.Errorf(driver.ErrUnavailable, "webhook %s: %s: %s", n.where, oe.Op, oe.Err.Error())
	}
	return driver.Errorf(driver.ErrUnavailable, "webhook %s: %s", n.where, err.Error())
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s > 0 {
		return time.Duration(min(s, 86400)) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return min(t.Sub(now).Round(time.Second), 24*time.Hour)
	}
	return 0
}

// Close releases idle connections and refuses later Sends.
func (n *Notifier) Close() error {
	n.closed.Store(true)
	n.client.CloseIdleConnections()
	return nil
}
