// Package restapi is the HTTP client the JSON ticket-system adapters
// (plugins/rt, plugins/redmine) share: authentication on every request,
// typed errors (driver sentinels) from HTTP statuses and transport
// failures, retries with backoff for the requests that are safe to repeat,
// a cap on what is read, and the secret scrubbed from every error.
package restapi

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
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/relaciona/relaciona/plugins/driver"
)

// MaxBody caps how much of a response is read.
const MaxBody = 32 << 20

// Client speaks JSON over HTTP to one system's REST API.
type Client struct {
	System    string                 // name in error messages: "rt", "redmine"
	Base      string                 // base URL, no trailing slash
	Secret    func() (string, error) // the token or key, read for each request
	Authorize func(h http.Header, secret string)
	// Safe says whether a failed request may be sent again: reads, and
	// writes the system applies idempotently. Never a create.
	Safe func(method string) bool
	// Message extracts the system's own error text from a response body.
	Message func(data []byte) string
	HTTP    *http.Client
	Retries int           // extra attempts for a safe request
	Backoff time.Duration // first wait between attempts; doubles
}

// Do sends a request (in encoded as JSON when not nil) and decodes a JSON
// answer into out (nil: ignore the body). It returns the response headers.
func (c *Client) Do(ctx context.Context, method, path string, query url.Values, in, out any) (http.Header, error) {
	return c.Send(ctx, method, path, query, in, "", out)
}

// Send is Do with a raw body of content type ct when in is a []byte and ct
// is set (uploads).
func (c *Client) Send(ctx context.Context, method, path string, query url.Values, in any, ct string, out any) (http.Header, error) {
	var body []byte
	if raw, ok := in.([]byte); ok && ct != "" {
		body = raw
	} else if in != nil {
		ct = "application/json"
		var err error
		if body, err = json.Marshal(in); err != nil {
			return nil, driver.Errorf(driver.ErrInvalid, "%s: encode request: %v", c.System, err)
		}
	}
	u := c.Base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	attempts := 1
	if c.Safe != nil && c.Safe(method) {
		attempts += c.Retries
	}
	wait := c.Backoff
	var err error
	for i := range attempts {
		if i > 0 {
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return nil, fmt.Errorf("%s: %s %s: %w (after %v)", c.System, method, path, ctx.Err(), err)
			}
			wait *= 2
		}
		var h http.Header
		h, err = c.once(ctx, method, path, u, body, ct, out)
		err = c.scrub(err)
		if err == nil || !errors.Is(err, driver.ErrUnavailable) || ctx.Err() != nil {
			return h, err
		}
	}
	return nil, err
}

func (c *Client) once(ctx context.Context, method, path, u string, body []byte, ct string, out any) (http.Header, error) {
	token, err := c.Secret()
	if err != nil {
		return nil, fmt.Errorf("%s: read the token: %w", c.System, driver.ErrAuth)
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, driver.Errorf(driver.ErrInvalid, "%s: %s %s: bad request", c.System, method, path)
	}
	c.Authorize(req.Header, token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", ct)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s: %s %s: %w", c.System, method, path, ctx.Err())
		}
		return nil, driver.Errorf(driver.ErrUnavailable, "%s: %s %s: %s", c.System, method, path, NetReason(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody))
	if err != nil {
		return nil, driver.Errorf(driver.ErrUnavailable, "%s: %s %s: reading the answer: %s", c.System, method, path, NetReason(err))
	}
	if resp.StatusCode >= 300 {
		return nil, c.statusError(method, path, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return nil, driver.Errorf(driver.ErrUnavailable, "%s: %s %s: the server's answer is not the JSON expected (%d bytes): %v", c.System, method, path, len(data), err)
		}
	}
	return resp.Header, nil
}

// scrub removes the secret from an error's text, in case a server or a
// proxy echoes it back: a secret never appears in an error.
func (c *Client) scrub(err error) error {
	if err == nil {
		return nil
	}
	token, terr := c.Secret()
	if terr != nil || token == "" || !strings.Contains(err.Error(), token) {
		return err
	}
	kind := driver.ErrUnavailable
	for _, k := range []error{driver.ErrAuth, driver.ErrNotFound, driver.ErrInvalid, driver.ErrUnavailable, context.Canceled, context.DeadlineExceeded} {
		if errors.Is(err, k) {
			kind = k
			break
		}
	}
	return &scrubbed{msg: strings.ReplaceAll(err.Error(), token, "[secreto]"), kind: kind}
}

// scrubbed is an error whose text had the secret removed; it unwraps to
// its sentinel only, never to the original text.
type scrubbed struct {
	msg  string
	kind error
}

func (s *scrubbed) Error() string { return s.msg }
func (s *scrubbed) Unwrap() error { return s.kind }

// NetReason describes a transport error without the URL (which is safe,
// but long) and never with a header.
func NetReason(err error) string {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return "timed out"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// statusError maps an HTTP status to a driver sentinel, with the system's
// own message.
func (c *Client) statusError(method, path string, code int, data []byte) error {
	msg := ""
	if c.Message != nil {
		msg = c.Message(data)
		// The secret goes before clipping, or a cut through it would leave
		// its start for scrub to miss.
		if token, err := c.Secret(); err == nil && token != "" {
			msg = strings.ReplaceAll(msg, token, "[secreto]")
		}
		msg = Clip(msg)
	}
	switch {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return driver.Errorf(driver.ErrAuth, "%s: %s %s: %d %s", c.System, method, path, code, msg)
	case code == http.StatusNotFound:
		return driver.Errorf(driver.ErrNotFound, "%s: %s %s: %s", c.System, method, path, msg)
	case code == http.StatusBadRequest || code == http.StatusUnprocessableEntity || code == http.StatusConflict || code == http.StatusPreconditionFailed:
		return driver.Errorf(driver.ErrInvalid, "%s: %s %s: %d %s", c.System, method, path, code, msg)
	case code >= 500 || code == http.StatusTooManyRequests || code == http.StatusRequestTimeout:
		return driver.Errorf(driver.ErrUnavailable, "%s: %s %s: %d %s", c.System, method, path, code, msg)
	}
	return driver.Errorf(driver.ErrUnavailable, "%s: %s %s: unexpected status %d %s", c.System, method, path, code, msg)
}

// Clip makes a server's message fit in an error: one line of valid UTF-8
// (control characters become spaces, so a server cannot forge log lines)
// of at most 300 bytes, cut between characters.
func Clip(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	if len(s) <= 300 {
		return s
	}
	cut := 300
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
