package redmine

import (
	"errors"
	"testing"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
)

// FuzzParseURL: a tickets URL is either refused with ErrInvalid or gives a
// base URL that is a plain http(s) URL of the same host, with no
// credentials, query or fragment, a project, and options within their ranges.
func FuzzParseURL(f *testing.F) {
	plugintest.FuzzURL(f, []string{"redmine://127.0.0.1:3300/?project=pqrsd", "redmine://r.example.org/redmine?project=x&tls=1&requester_field=correo&tracker=Bug&timeout=5s&retries=0",
		"redmine://u:p@h/?project=x", "redmine://h/?x=1", "redmine://h/a%3Fb%23c?project=q", "redmine://h/a%2Fb?project=q", "redmine:///?project=q", "redmine://h/?project=q&retries=11"}, ParseURL, func(t *testing.T, raw string, o Options) {
		plugintest.CheckTicketsURL(t, raw, o.BaseURL, "", o.Timeout, o.Retries)
		if o.Project == "" {
			t.Fatalf("%q gave no project", raw)
		}
	})
}

// TestParseURLKeepsEscapesAndRefusesBadHosts: an escaped ? or # in the
// path stays in the path (it once became the base URL's query), and a host
// the base URL cannot carry is refused.
func TestParseURLKeepsEscapesAndRefusesBadHosts(t *testing.T) {
	o, err := ParseURL("redmine://h/a%3Fb%23c?project=q")
	if err != nil || o.BaseURL != "http://h/a%3Fb%23c" {
		t.Fatalf("got %q, %v", o.BaseURL, err)
	}
	if _, err := ParseURL("redmine://::?project=q"); !errors.Is(err, driver.ErrInvalid) {
		t.Fatalf("redmine://:: gave %v", err)
	}
}
