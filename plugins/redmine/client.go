package redmine

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

	"github.com/relaciona/relaciona/plugins/driver"
)

// client speaks HTTP to the REST API: authentication, typed errors, retries.
type client struct {
	base    string // http://host:port, no trailing slash
	secret  func() (string, error)
	hc      *http.Client
	retries int           // extra attempts for a safe request
	backoff time.Duration // first wait; doubles
}

// maxBody caps how much of a response the adapter reads.
const maxBody = 32 << 20

// safe reports whether a request may be sent again after a failure: only
// reads. A PUT that adds notes would add them twice, and a POST (create)
// may have been applied before the failure, so neither is repeated.
func safe(method string) bool { return method == http.MethodGet }

// do sends a request and decodes a JSON answer into out (nil: ignore the
// body). It returns the response headers.
func (c *client) do(ctx context.Context, method, path string, query url.Values, in, out any) (http.Header, error) {
	return c.send(ctx, method, path, query, in, "", out)
}

// send is do with a raw body of content type ct when ct is set (uploads).
func (c *client) send(ctx context.Context, method, path string, query url.Values, in any, ct string, out any) (http.Header, error) {
	var body []byte
	if raw, ok := in.([]byte); ok && ct != "" {
		body = raw
	} else if in != nil {
		ct = "application/json"
		var err error
		if body, err = json.Marshal(in); err != nil {
			return nil, driver.Errorf(driver.ErrInvalid, "redmine: encode request: %v", err)
		}
	}
	u := c.base + path
	if len(query) > 0 {
		u += "?" + query.Encode()
	}
	attempts := 1
	if safe(method) {
		attempts += c.retries
	}
	wait := c.backoff
	var err error
	for i := range attempts {
		if i > 0 {
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				return nil, fmt.Errorf("redmine: %s %s: %w (after %v)", method, path, ctx.Err(), err)
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

func (c *client) once(ctx context.Context, method, path, u string, body []byte, ct string, out any) (http.Header, error) {
	token, err := c.secret()
	if err != nil {
		return nil, fmt.Errorf("redmine: read the token: %w", driver.ErrAuth)
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, driver.Errorf(driver.ErrInvalid, "redmine: %s %s: bad request", method, path)
	}
	req.Header.Set("X-Redmine-API-Key", token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", ct)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("redmine: %s %s: %w", method, path, ctx.Err())
		}
		return nil, driver.Errorf(driver.ErrUnavailable, "redmine: %s %s: %s", method, path, netReason(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, driver.Errorf(driver.ErrUnavailable, "redmine: %s %s: reading the answer: %s", method, path, netReason(err))
	}
	if resp.StatusCode >= 300 {
		return nil, statusError(method, path, resp.StatusCode, data)
	}
	if out != nil && resp.StatusCode != http.StatusNoContent {
		if err := json.Unmarshal(data, out); err != nil {
			return nil, driver.Errorf(driver.ErrUnavailable, "redmine: %s %s: the server's answer is not the JSON expected (%d bytes): %v", method, path, len(data), err)
		}
	}
	return resp.Header, nil
}

// scrub removes the token from an error's text, in case a server or a
// proxy echoes it back: a secret never appears in an error.
func (c *client) scrub(err error) error {
	if err == nil {
		return nil
	}
	token, terr := c.secret()
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

// netReason describes a transport error without the URL (which is safe,
// but long) and never with a header.
func netReason(err error) string {
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

// statusError maps an HTTP status to a driver sentinel, with Redmine's messages.
func statusError(method, path string, code int, data []byte) error {
	msg := serverMessage(data)
	switch {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return driver.Errorf(driver.ErrAuth, "redmine: %s %s: %d %s", method, path, code, msg)
	case code == http.StatusNotFound:
		return driver.Errorf(driver.ErrNotFound, "redmine: %s %s: %s", method, path, msg)
	case code == http.StatusBadRequest || code == http.StatusUnprocessableEntity || code == http.StatusConflict || code == http.StatusPreconditionFailed:
		return driver.Errorf(driver.ErrInvalid, "redmine: %s %s: %d %s", method, path, code, msg)
	case code >= 500 || code == http.StatusTooManyRequests || code == http.StatusRequestTimeout:
		return driver.Errorf(driver.ErrUnavailable, "redmine: %s %s: %d %s", method, path, code, msg)
	}
	return driver.Errorf(driver.ErrUnavailable, "redmine: %s %s: unexpected status %d %s", method, path, code, msg)
}

// serverMessage extracts Redmine's {"errors": [...]}, shortened.
func serverMessage(data []byte) string {
	var m struct {
		Errors []string `json:"errors"`
	}
	if json.Unmarshal(data, &m) == nil && len(m.Errors) > 0 {
		return clip(strings.Join(m.Errors, "; "))
	}
	return ""
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
