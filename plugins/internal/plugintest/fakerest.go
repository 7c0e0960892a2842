package plugintest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
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

// Answer is a canned answer of a REST ticket system to a Get, and what
// the adapter must make of it.
type Answer struct {
	Name string
	Code int    // the HTTP status
	Body string // the body
	// Want is the driver error the adapter's error wraps.
	Want error
	// Calls is how many requests the Get makes: a GET is retried when
	// the answer says the system is unavailable.
	Calls int32
	// Says, when set, is a part of the server's message the error
	// passes on.
	Says string
}

// CheckAnswers runs each answer as a subtest of t: fake opens an adapter
// on a server (as FakeREST does) whose handler gives the answer, and
// returns the count of requests that reached it; getting ticket id must
// then fail as the answer says, and the error never holds secret.
func CheckAnswers[A driver.Tickets](t *testing.T, fake func(*testing.T, http.HandlerFunc) (A, *atomic.Int32), id, secret string, answers []Answer) {
	t.Helper()
	for _, c := range answers {
		t.Run(c.Name, func(t *testing.T) {
			a, calls := fake(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(c.Code)
				w.Write([]byte(c.Body))
			})
			_, err := a.Get(context.Background(), id)
			require.ErrorIs(t, err, c.Want)
			assert.Equal(t, c.Calls, calls.Load(), "attempts")
			assert.NotContains(t, err.Error(), secret)
			if c.Says != "" {
				assert.Contains(t, err.Error(), c.Says, "the server's messages")
			}
		})
	}
}

// CheckWritesNotRetried checks that adapter a, whose server (counting its
// requests in calls) answers that it is unavailable, makes one request
// for a comment c on ticket id and one for a create, each failing with
// driver.ErrUnavailable: a write is never sent twice.
func CheckWritesNotRetried(t *testing.T, a driver.Tickets, calls *atomic.Int32, id string, c driver.Comment) {
	t.Helper()
	require.ErrorIs(t, a.Comment(context.Background(), id, c), driver.ErrUnavailable)
	assert.Equal(t, int32(1), calls.Load(), "a comment is never sent twice")
	_, err := a.Create(context.Background(), driver.NewTicket{Subject: "x"})
	require.ErrorIs(t, err, driver.ErrUnavailable)
	assert.Equal(t, int32(2), calls.Load(), "nor a create")
}
