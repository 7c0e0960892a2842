package redmine

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/relaciona/relaciona/plugins/internal/restapi"
)

// client speaks HTTP to the REST API: the shared REST client with
// Redmine's key header, its idea of a safe retry and its error messages.
type client = restapi.Client

// newClient returns the client of the REST API at base.
func newClient(base string, key func() (string, error), hc *http.Client, retries int) *client {
	return &restapi.Client{
		System:    "redmine",
		Base:      strings.TrimSuffix(base, "/"),
		Secret:    key,
		Authorize: func(h http.Header, k string) { h.Set("X-Redmine-API-Key", k) },
		Safe:      safe,
		Message:   serverMessage,
		HTTP:      hc,
		Retries:   retries,
		Backoff:   250 * time.Millisecond,
	}
}

// safe reports whether a request may be sent again after a failure: only
// reads. A PUT that adds notes would add them twice, and a POST (create)
// may have been applied before the failure, so neither is repeated.
func safe(method string) bool { return method == http.MethodGet }

// serverMessage extracts Redmine's {"errors": [...]}.
func serverMessage(data []byte) string {
	var m struct {
		Errors []string `json:"errors"`
	}
	if json.Unmarshal(data, &m) == nil && len(m.Errors) > 0 {
		return strings.Join(m.Errors, "; ")
	}
	return ""
}
