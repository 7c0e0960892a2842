package rt_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
	"github.com/relaciona/relaciona/plugins/rt"
)

const secret = "1-14-s3cr3tT0k3nThatMustNeverLeak"

// fake serves the queue lookup New makes, and hands every other request to h.
func fake(t *testing.T, h http.HandlerFunc) (*rt.Adapter, *atomic.Int32) {
	u, calls := plugintest.FakeREST(t, "Authorization", "token "+secret, `{"message":"Unauthorized"}`, map[string]string{
		"/REST/2.0/queue/General": `{"id":1,"Name":"General","TicketCustomFields":[{"id":"2","name":"external_ref"}]}`,
	}, h)
	a, err := rt.New(context.Background(), rt.Options{BaseURL: u + "/REST/2.0", Token: func() (string, error) { return secret, nil },
		Timeout: 300 * time.Millisecond, HTTPClient: &http.Client{Timeout: 300 * time.Millisecond}})
	require.NoError(t, err)
	return a, calls
}

func TestHTTPErrorsAreTyped(t *testing.T) {
	plugintest.CheckAnswers(t, fake, "1", secret, []plugintest.Answer{
		{Name: "401", Code: 401, Body: `{"message":"Unauthorized"}`, Want: driver.ErrAuth, Calls: 1},
		{Name: "403", Code: 403, Body: `{"message":"Forbidden"}`, Want: driver.ErrAuth, Calls: 1},
		{Name: "404", Code: 404, Body: `{"message":"Not Found"}`, Want: driver.ErrNotFound, Calls: 1},
		{Name: "400", Code: 400, Body: `{"message":"Bad Request"}`, Want: driver.ErrInvalid, Calls: 1},
		{Name: "422", Code: 422, Body: `["Ticket 1: bad"]`, Want: driver.ErrInvalid, Calls: 1},
		{Name: "500", Code: 500, Want: driver.ErrUnavailable, Calls: 4},
		{Name: "503 html", Code: 503, Body: `<html>down</html>`, Want: driver.ErrUnavailable, Calls: 4},
		{Name: "truncated (retried: may be a cut connection)", Code: 200, Body: `{"id": 1, "Subject": `, Want: driver.ErrUnavailable, Calls: 4},
		{Name: "not an object", Code: 200, Body: `[1,2,3]`, Want: driver.ErrUnavailable, Calls: 1},
		{Name: "bad id", Code: 200, Body: `{"id": "x1", "Status":"new"}`, Want: driver.ErrUnavailable, Calls: 1},
		{Name: "bad time", Code: 200, Body: `{"id": 1, "Status":"new", "Created":"yesterday"}`, Want: driver.ErrUnavailable, Calls: 1},
	})
}

func TestPostIsNotRetried(t *testing.T) {
	a, calls := fake(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(502)
	})
	plugintest.CheckWritesNotRetried(t, a, calls, "1", driver.Comment{Public: true, Body: "hola"})
}

func TestTimeoutIsUnavailable(t *testing.T) {
	a, _ := fake(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	_, err := a.Get(context.Background(), "1")
	require.ErrorIs(t, err, driver.ErrUnavailable)
	assert.Contains(t, err.Error(), "timed out")
}

func TestRetryRecovers(t *testing.T) {
	var n atomic.Int32
	a, _ := fake(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/REST/2.0/ticket/7" && n.Add(1) < 3 {
			w.WriteHeader(503)
			return
		}
		if r.URL.Path == "/REST/2.0/ticket/7" {
			// A single GET sends the id as a number.
			w.Write([]byte(`{"id": 7, "Subject":"s", "Status":"open", "Priority":"20", "Queue":{"id":"1","Name":"General"},
				"Owner":{"id":"Nobody"}, "Requestor":[{"id":"ana@example.org"}], "Created":"2026-01-02T03:04:05Z", "LastUpdated":"2026-01-02T03:04:06Z",
				"CustomFields":[{"id":"2","name":"external_ref","values":["R-1"]}]}`))
			return
		}
		w.Write([]byte(`{"total":0,"page":1,"pages":0,"items":[]}`))
	})
	tk, err := a.Get(context.Background(), "7")
	require.NoError(t, err)
	assert.Equal(t, "7", tk.ID)
	assert.Equal(t, 20, tk.Priority)
	assert.Empty(t, tk.Assignee, "Nobody is unassigned")
	assert.Equal(t, "ana@example.org", tk.Requester)
	assert.Equal(t, map[string]string{"external_ref": "R-1"}, tk.Fields)
	assert.Equal(t, time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC), tk.Updated)
}

func TestSecretNeverInErrors(t *testing.T) {
	// A server that echoes the Authorization header in its messages.
	a, _ := fake(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(400)
		w.Write([]byte(`{"message":"bad header ` + r.Header.Get("Authorization") + `"}`))
	})
	_, err := a.Get(context.Background(), "1")
	require.ErrorIs(t, err, driver.ErrInvalid)
	assert.NotContains(t, err.Error(), secret)
	_, err = a.Update(context.Background(), "1", driver.TicketUpdate{})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), secret)
	for e := err; e != nil; {
		assert.NotContains(t, e.Error(), secret, "no wrapped error holds the secret")
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			break
		}
		e = u.Unwrap()
	}
}

func TestBadTokenIsAuth(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(401)
		w.Write([]byte(`{"message":"Unauthorized"}`))
	}))
	defer srv.Close()
	_, err := rt.New(context.Background(), rt.Options{BaseURL: srv.URL, Token: func() (string, error) { return secret, nil }})
	require.ErrorIs(t, err, driver.ErrAuth)
	assert.False(t, strings.Contains(err.Error(), secret))
	_, err = rt.New(context.Background(), rt.Options{BaseURL: srv.URL})
	require.ErrorIs(t, err, driver.ErrAuth, "no token at all")
}

func TestParseURL(t *testing.T) {
	for _, c := range []struct {
		in   string
		base string
		q    []string
		err  bool
	}{
		{in: "rt://127.0.0.1:8380/?queue=General", base: "http://127.0.0.1:8380/REST/2.0", q: []string{"General"}},
		{in: "rt://rt.example.org/rt/REST/2.0?queue=A,B&tls=1", base: "https://rt.example.org/rt/REST/2.0", q: []string{"A", "B"}},
		{in: "rt://user:pw@host/", err: true},
		{in: "rt://host/?token=x", err: true},
		{in: "rt://host/?tls=maybe", err: true},
		{in: "rt://host/?timeout=soon", err: true},
		{in: "rt:///", err: true},
		{in: "http://host/", err: true},
	} {
		t.Run(c.in, func(t *testing.T) {
			o, err := rt.ParseURL(c.in)
			if c.err {
				require.ErrorIs(t, err, driver.ErrInvalid)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.base, o.BaseURL)
			assert.Equal(t, c.q, o.Queues)
		})
	}
}
