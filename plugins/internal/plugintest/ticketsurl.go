package plugintest

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
)

// CheckTicketsURL checks what a REST ticket adapter's ParseURL (rt://,
// redmine://) gave for raw: either an error wrapping driver.ErrInvalid
// (then it returns false), or a base URL that is a plain http(s) URL of
// raw's host, with no credentials, query or fragment, raw's path (or
// defaultPath when raw has none), and options within their ranges (then
// it returns true, for the adapter's own checks).
func CheckTicketsURL(t *testing.T, raw string, err error, base, defaultPath string, timeout time.Duration, retries int) bool {
	t.Helper()
	if err != nil {
		if !errors.Is(err, driver.ErrInvalid) {
			t.Fatalf("error is not ErrInvalid: %v", err)
		}
		return false
	}
	in, _ := url.Parse(raw)
	b, err := url.Parse(base)
	if err != nil || (b.Scheme != "http" && b.Scheme != "https") || b.Host != in.Host || b.User != nil || b.RawQuery != "" || b.Fragment != "" || b.Opaque != "" {
		t.Fatalf("%q gave base URL %q (%v)", raw, base, err)
	}
	want := strings.TrimSuffix(in.EscapedPath(), "/")
	if want == "" {
		want = defaultPath
	}
	if b.EscapedPath() != want {
		t.Fatalf("%q gave base URL %q: path %q, want %q", raw, base, b.EscapedPath(), want)
	}
	if retries < -1 || retries > 10 || timeout < 0 {
		t.Fatalf("%q gave retries %d timeout %v", raw, retries, timeout)
	}
	return true
}
