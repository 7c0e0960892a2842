package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
	"github.com/relaciona/relaciona/plugins/webhook"
)

// TestConformance runs the notification-channel suite against a receiver
// that verifies every request's signature (401 when it does not verify)
// and records what it accepted.
func TestConformance(t *testing.T) {
	const secret = "conformance-secret-0123456789abcdef"
	var mu sync.Mutex
	var got []conformance.Delivery
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "unreadable", http.StatusBadRequest)
			return
		}
		if err := webhook.Verify(secret, r.Header.Get(webhook.HeaderSignature), r.Header.Get(webhook.HeaderTimestamp), body, 0); err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var p webhook.Payload
		if err := json.Unmarshal(body, &p); err != nil {
			http.Error(w, "bad JSON", http.StatusBadRequest)
			return
		}
		mu.Lock()
		got = append(got, conformance.Delivery{DeliveryID: r.Header.Get(webhook.HeaderIdempotencyKey), Subject: p.Subject, Body: p.Body})
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	// The server notices a client gone only once the body is read.
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		<-r.Context().Done()
	}))
	defer hanging.Close()
	defer hanging.CloseClientConnections()
	closed := "http://" + plugintest.ClosedAddr(t) + "/hook"

	open := func(u, s string) (driver.Notifier, error) {
		return webhook.Open(context.Background(), u, driver.NotifierEnv{Secret: func() (string, error) { return s, nil }})
	}
	n, err := open(srv.URL+"/hooks/relaciona", secret)
	require.NoError(t, err)
	defer n.Close()
	conformance.RunNotifier(t, conformance.NotifierHarness{
		Notifier:  n,
		Recipient: driver.Address{Name: "Sistema", Email: "sistemas@agency.example"},
		Delivered: func(_ context.Context, marker string) ([]conformance.Delivery, error) {
			mu.Lock()
			defer mu.Unlock()
			var out []conformance.Delivery
			for _, d := range got {
				if strings.Contains(d.Subject, marker) {
					out = append(out, d)
				}
			}
			return out, nil
		},
		Unreachable: func(context.Context) (driver.Notifier, error) { return open(closed, secret) },
		Hanging:     func(context.Context) (driver.Notifier, error) { return open(hanging.URL, secret) },
		Secret:      secret,
		Reopen: func(_ context.Context, s string) (driver.Notifier, error) {
			return open(srv.URL+"/hooks/relaciona", s+"-padded-to-length")
		},
	})
}
