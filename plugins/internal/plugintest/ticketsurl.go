package plugintest

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
)

// FuzzURL fuzzes parse, a backend's URL parser, starting from seeds. A
// URL longer than 4 KiB is passed over; any other must be refused with an
// error wrapping driver.ErrInvalid, or give options that check finds
// sound.
func FuzzURL[O any](f *testing.F, seeds []string, parse func(string) (O, error), check func(t *testing.T, raw string, o O)) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if len(raw) > 4<<10 {
			return
		}
		o, err := parse(raw)
		if err != nil {
			if !errors.Is(err, driver.ErrInvalid) {
				t.Fatalf("error is not ErrInvalid: %v", err)
			}
			return
		}
		check(t, raw, o)
	})
}

// CheckTicketsURL checks what a REST ticket adapter's ParseURL (rt://,
// redmine://) gave for raw, which it accepted: a base URL that is a plain
// http(s) URL of raw's host, with no credentials, query or fragment,
// raw's path (or defaultPath when raw has none), and options within their
// ranges.
func CheckTicketsURL(t *testing.T, raw, base, defaultPath string, timeout time.Duration, retries int) {
	t.Helper()
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
}
