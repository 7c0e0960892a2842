package rt

import (
	"errors"
	"testing"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
)

// FuzzParseURL: a tickets URL is either refused with ErrInvalid or gives a
// base URL that is a plain http(s) URL of the same host, with no
// credentials, query or fragment, and options within their ranges.
func FuzzParseURL(f *testing.F) {
	plugintest.FuzzURL(f, []string{"rt://127.0.0.1:8080/?queue=General", "rt://rt.example.org/rt/REST/2.0/?queue=a,b&tls=1&statuses=new,open&timeout=5s&retries=0",
		"rt://u:p@h/", "rt://h/?x=1", "rt://h/a%3Fb%23c?queue=q", "rt://h/a%2Fb", "rt:///?queue=q", "rt://h/?retries=11"}, ParseURL, func(t *testing.T, raw string, o Options) {
		plugintest.CheckTicketsURL(t, raw, o.BaseURL, "/REST/2.0", o.Timeout, o.Retries)
		for _, l := range [][]string{o.Queues, o.Statuses} {
			for _, s := range l {
				if s == "" {
					t.Fatalf("%q gave an empty queue or status", raw)
				}
			}
		}
	})
}

// TestParseURLKeepsEscapesAndRefusesBadHosts: an escaped ? or # in the
// path stays in the path (it once became the base URL's query), and a host
// the base URL cannot carry is refused.
func TestParseURLKeepsEscapesAndRefusesBadHosts(t *testing.T) {
	o, err := ParseURL("rt://h/a%3Fb%23c?queue=q")
	if err != nil || o.BaseURL != "http://h/a%3Fb%23c" {
		t.Fatalf("got %q, %v", o.BaseURL, err)
	}
	if _, err := ParseURL("rt://::"); !errors.Is(err, driver.ErrInvalid) {
		t.Fatalf("rt://:: gave %v", err)
	}
}
