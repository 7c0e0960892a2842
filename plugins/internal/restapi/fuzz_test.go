package restapi

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/relaciona/relaciona/plugins/driver"
)

const fuzzToken = "tok-SECRET-0123456789abcdef"

// FuzzStatusError: whatever error body a server sends with whatever
// status, the error wraps the sentinel of that status and its text is one
// line of valid UTF-8, bounded, with nothing of the token.
func FuzzStatusError(f *testing.F) {
	f.Add(401, []byte(`{"message":"No permission"}`))
	f.Add(404, []byte(`["Ticket 7 not found"]`))
	f.Add(422, []byte(`{"errors":["Subject cannot be blank","Tracker is not included in the list"]}`))
	f.Add(500, []byte("<html><body>Internal Server Error</body></html>"))
	f.Add(400, []byte(strings.Repeat("x", 290)+fuzzToken))
	f.Add(409, []byte("a"+strings.Repeat("€", 101)))
	f.Add(503, []byte("line one\nline two\r\n\x1b[31mred"))
	f.Fuzz(func(t *testing.T, code int, data []byte) {
		if len(data) > 64<<10 || code < 300 || code > 999 {
			return
		}
		c := &Client{System: "rt", Secret: func() (string, error) { return fuzzToken, nil }, Message: func(b []byte) string { return string(b) }}
		err := c.scrub(c.statusError(http.MethodGet, "/ticket/1", code, data))
		want := driver.ErrUnavailable
		switch code {
		case 401, 403:
			want = driver.ErrAuth
		case 404:
			want = driver.ErrNotFound
		case 400, 409, 412, 422:
			want = driver.ErrInvalid
		}
		if !errors.Is(err, want) {
			t.Fatalf("status %d: %v is not %v", code, err, want)
		}
		msg := err.Error()
		// The token's start may show only where the body has it apart from
		// the whole token.
		partial := strings.Contains(strings.ReplaceAll(string(data), fuzzToken, ""), fuzzToken[:8])
		if !utf8.ValidString(msg) || len(msg) > 400 || strings.Contains(msg, fuzzToken) || !partial && strings.Contains(msg, fuzzToken[:8]) {
			t.Fatalf("status %d: message %q", code, msg)
		}
		for _, r := range msg {
			if unicode.IsControl(r) {
				t.Fatalf("status %d: message has a control character: %q", code, msg)
			}
		}
	})
}
