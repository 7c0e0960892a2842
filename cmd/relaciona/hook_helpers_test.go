package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/webhook"
)

// hookServer is the receiving end of the webhook channel in the notify and
// run tests: it counts the Idempotency-Key of each request it accepts.
// With a key, a request whose signature (plugins/webhook.Verify) does not
// verify is refused with 401 and counted apart. With holdAt > 0, the
// holdAt-th accepted request is held (arrived is closed) until its sender
// goes away.
type hookServer struct {
	*httptest.Server
	mu      sync.Mutex
	keys    map[string]int
	bad     int
	n       int
	holdAt  int
	arrived chan struct{}
}

func newHookServer(t *testing.T, holdAt int, key string) *hookServer {
	h := &hookServer{keys: map[string]int{}, holdAt: holdAt, arrived: make(chan struct{})}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body) // read whole, so the server sees the client go
		if key != "" {
			if err := webhook.Verify(key, r.Header.Get("X-Relaciona-Signature"), r.Header.Get("X-Relaciona-Timestamp"), body, 5*time.Minute); err != nil {
				h.mu.Lock()
				h.bad++
				h.mu.Unlock()
				w.WriteHeader(http.StatusUnauthorized)
				return
			}
		}
		h.mu.Lock()
		h.n++
		n := h.n
		h.keys[r.Header.Get("Idempotency-Key")]++
		h.mu.Unlock()
		if n == h.holdAt {
			close(h.arrived)
			select { // held until the sender dies
			case <-r.Context().Done():
			case <-time.After(20 * time.Second):
			}
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(h.Close)
	return h
}

// counts is how many accepted requests carried each Idempotency-Key.
func (h *hookServer) counts() map[string]int {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make(map[string]int, len(h.keys))
	for k, v := range h.keys {
		out[k] = v
	}
	return out
}

// rejected is how many requests failed the signature check.
func (h *hookServer) rejected() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.bad
}

// notifyIn stores the notifications ns, made at at, in the store of the
// deployment file path, and closes the store.
func notifyIn(t *testing.T, path string, at time.Time, ns ...relaciona.Notification) {
	t.Helper()
	s := openRunStore(t, path)
	defer s.Close()
	require.NoError(t, s.Update(context.Background(), relaciona.SystemActor(), "test.notify", "", 1, func(b *relaciona.Batch) error {
		b.At(at)
		for _, n := range ns {
			b.Notify(n)
		}
		return nil
	}))
}

// seedOutbox writes n notifications of the test kind "clitest.due" for
// the webhook channel into the store at storeURL, about records
// PREFIX-000…, due on due ("" for none), made an hour ago, to to(i); it
// returns their idempotency keys.
func seedOutbox(t *testing.T, storeURL, prefix string, n int, to func(i int) relaciona.Recipient, due string) []string {
	t.Helper()
	s, err := relaciona.OpenStore(context.Background(), storeURL)
	require.NoError(t, err)
	defer s.Close()
	var keys []string
	require.NoError(t, s.Update(context.Background(), relaciona.SystemActor(), "test.notify", "", 1, func(b *relaciona.Batch) error {
		b.At(time.Now().Add(-time.Hour))
		for i := range n {
			nt := relaciona.Notification{Kind: "clitest.due", Process: "clitest", About: relaciona.Ref{Kind: "clitest.case", ID: fmt.Sprintf("%s-%03d", prefix, i)},
				Due: due, To: to(i), Channel: relaciona.ChannelWebhook}
			b.Notify(nt)
			keys = append(keys, nt.Key())
		}
		return nil
	}))
	return keys
}
