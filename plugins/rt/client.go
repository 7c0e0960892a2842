package rt

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

// client speaks HTTP to REST2: authentication, typed errors, retries.
type client struct {
	base    string // http://host:port/REST/2.0, no trailing slash
	secret  func() (string, error)
	hc      *http.Client
	retries int           // extra attempts for a safe request
	backoff time.Duration // first wait; doubles
}

// maxBody caps how much of a response the adapter reads.
const maxBody = 32 << 20

// safe reports whether a request may be sent again after a failure: reads,
// and PUT (RT applies the same values again). POST (create, reply) may have
// been applied before the failure, so it is never repeated.
func safe(method string) bool { return method == http.MethodGet || method == http.MethodPut }

// do sends a request and decodes a JSON answer into out (nil: ignore the
// body). It returns the response headers.
func (c *client) do(ctx context.Context, method, path string, query url.Values, in, out any) (http.Header, error) {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return nil, driver.Errorf(driver.ErrInvalid, "rt: encode request: %v", err)
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
				return nil, fmt.Errorf("rt: %s %s: %w (after %v)", method, path, ctx.Err(), err)
			}
			wait *= 2
		}
		var h http.Header
		h, err = c.once(ctx, method, path, u, body, out)
		err = c.scrub(err)
		if err == nil || !errors.Is(err, driver.ErrUnavailable) || ctx.Err() != nil {
			return h, err
		}
	}
	return nil, err
}

func (c *client) once(ctx context.Context, method, path, u string, body []byte, out any) (http.Header, error) {
	token, err := c.secret()
	if err != nil {
		return nil, fmt.Errorf("rt: read the token: %w", driver.ErrAuth)
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, driver.Errorf(driver.ErrInvalid, "rt: %s %s: bad request", method, path)
	}
	req.Header.Set("Authorization", "token "+token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("rt: %s %s: %w", method, path, ctx.Err())
		}
		return nil, driver.Errorf(driver.ErrUnavailable, "rt: %s %s: %s", method, path, netReason(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return nil, driver.Errorf(driver.ErrUnavailable, "rt: %s %s: reading the answer: %s", method, path, netReason(err))
	}
	if resp.StatusCode >= 300 {
		return nil, statusError(method, path, resp.StatusCode, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return nil, driver.Errorf(driver.ErrUnavailable, "rt: %s %s: the server's answer is not the JSON expected (%d bytes): %v", method, path, len(data), err)
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

// statusError maps an HTTP status to a driver sentinel, with RT's message.
func statusError(method, path string, code int, data []byte) error {
	msg := serverMessage(data)
	switch {
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return driver.Errorf(driver.ErrAuth, "rt: %s %s: %d %s", method, path, code, msg)
	case code == http.StatusNotFound:
		return driver.Errorf(driver.ErrNotFound, "rt: %s %s: %s", method, path, msg)
	case code == http.StatusBadRequest || code == http.StatusUnprocessableEntity || code == http.StatusConflict || code == http.StatusPreconditionFailed:
		return driver.Errorf(driver.ErrInvalid, "rt: %s %s: %d %s", method, path, code, msg)
	case code >= 500 || code == http.StatusTooManyRequests || code == http.StatusRequestTimeout:
		return driver.Errorf(driver.ErrUnavailable, "rt: %s %s: %d %s", method, path, code, msg)
	}
	return driver.Errorf(driver.ErrUnavailable, "rt: %s %s: unexpected status %d %s", method, path, code, msg)
}

// serverMessage extracts RT's {"message": ...} or a list of messages,
// shortened.
func serverMessage(data []byte) string {
	var m struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(data, &m) == nil && m.Message != "" {
		return clip(m.Message)
	}
	var list []string
	if json.Unmarshal(data, &list) == nil && len(list) > 0 {
		return clip(strings.Join(list, "; "))
	}
	return ""
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
