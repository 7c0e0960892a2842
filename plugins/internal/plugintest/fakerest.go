package plugintest

import (
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// FakeREST starts a REST ticket system for the adapters' fault tests,
// closed when t ends: a request whose header key is not value gets 401
// with the body unauthorized; one for a path of meta (what the adapter
// reads when it opens) gets that answer; every other request is counted
// and handed to h. It returns the server's URL and the count.
func FakeREST(t testing.TB, key, value, unauthorized string, meta map[string]string, h http.HandlerFunc) (string, *atomic.Int32) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(key) != value {
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(unauthorized))
			return
		}
		if m, ok := meta[r.URL.Path]; ok {
			w.Write([]byte(m))
			return
		}
		calls.Add(1)
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv.URL, &calls
}
