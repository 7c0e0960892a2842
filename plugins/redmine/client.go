package redmine

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/relaciona/relaciona/plugins/internal/restapi"
)

// client speaks HTTP to the REST API: the shared REST client with
// Redmine's key header, its idea of a safe retry and its error messages.
type client = restapi.Client

// newClient returns the client of the REST API o names.
func newClient(o Options) *client {
	return restapi.New(restapi.Client{
		System:    "redmine",
		Secret:    o.Key,
		Authorize: func(h http.Header, k string) { h.Set("X-Redmine-API-Key", k) },
		Safe:      safe,
		Message:   serverMessage,
	}, o.BaseURL, o.HTTPClient, o.Timeout, o.Retries)
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
