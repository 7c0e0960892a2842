package plugins

import (
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relaciona/relaciona/plugins/driver"
)

// FuzzParseURL: a plugin:// URL is either refused with ErrInvalid, naming
// no password the URL held, or gives a clean absolute path, named
// settings, a 32-byte sum or none and a positive start timeout; and the
// URL built back from that configuration parses to the same one.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"plugin:///opt/bin/relaciona-store-postgres?dsn_env=PG_DSN&schema=x",
		"plugin:///x?sha256=" + strings.Repeat("Ab", 32) + "&start_timeout=30s", "plugin://h/x", "plugin://u:secreto@/x", "plugin:x",
		"plugin:///x?=v", "plugin:///x?a=1&a=2", "plugin:///a/../b/./c?start_timeout=0s", "plugin:///x?%zz", "plugin://%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if len(raw) > 4<<10 {
			return
		}
		c, err := parseURL(raw)
		if err != nil {
			if !errors.Is(err, driver.ErrInvalid) {
				t.Fatalf("error is not ErrInvalid: %v", err)
			}
			if u, perr := url.Parse(raw); perr == nil && u.User != nil {
				if p, ok := u.User.Password(); ok && len(p) >= 4 && strings.Contains(err.Error(), p) {
					t.Fatalf("the error shows the URL's password: %v", err)
				}
			}
			return
		}
		if !filepath.IsAbs(c.path) || filepath.Clean(c.path) != c.path {
			t.Fatalf("%q gave path %q", raw, c.path)
		}
		if c.sum != nil && len(c.sum) != 32 || c.startTimeout <= 0 {
			t.Fatalf("%q gave sum %x start timeout %v", raw, c.sum, c.startTimeout)
		}
		q := url.Values{}
		for k, v := range c.settings {
			if k == "" || k == keySHA256 || k == keyStartTimeout {
				t.Fatalf("%q gave the setting %q", raw, k)
			}
			q.Set(k, v)
		}
		if c.sum != nil {
			q.Set(keySHA256, hexOf(c.sum))
		}
		q.Set(keyStartTimeout, c.startTimeout.String())
		again, err := parseURL((&url.URL{Scheme: "plugin", Path: c.path, RawQuery: q.Encode()}).String())
		if err != nil || again.path != c.path || string(again.sum) != string(c.sum) || again.startTimeout != c.startTimeout || len(again.settings) != len(c.settings) {
			t.Fatalf("%q does not round-trip: %+v, %v", raw, again, err)
		}
		for k, v := range c.settings {
			if again.settings[k] != v {
				t.Fatalf("%q: setting %q does not round-trip", raw, k)
			}
		}
	})
}

func hexOf(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}
