package rt

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/relaciona/relaciona/plugins/internal/restapi"
)

// client speaks HTTP to REST2: the shared REST client with RT's token
// header, its idea of a safe retry and its error messages.
type client = restapi.Client

// newClient returns the client of the REST2 API o names.
func newClient(o Options) *client {
	return restapi.New(restapi.Client{
		System:    "rt",
		Secret:    o.Token,
		Authorize: func(h http.Header, t string) { h.Set("Authorization", "token "+t) },
		Safe:      safe,
		Message:   serverMessage,
	}, o.BaseURL, o.HTTPClient, o.Timeout, o.Retries)
}

// safe reports whether a request may be sent again after a failure: reads,
// and PUT (RT applies the same values again). POST (create, reply) may have
// been applied before the failure, so it is never repeated.
func safe(method string) bool { return method == http.MethodGet || method == http.MethodPut }

// serverMessage extracts RT's {"message": ...} or a list of messages.
func serverMessage(data []byte) string {
	var m struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(data, &m) == nil && m.Message != "" {
		return m.Message
	}
	var list []string
	if json.Unmarshal(data, &list) == nil && len(list) > 0 {
		return strings.Join(list, "; ")
	}
	return ""
}
