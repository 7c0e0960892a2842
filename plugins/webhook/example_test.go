package webhook_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"github.com/relaciona/relaciona/plugins/webhook"
)

// A receiver checks each request with Verify before trusting its body.
func ExampleVerify() {
	const secret = "a-shared-secret-of-32-bytes-long"
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			http.Error(w, "unreadable body", http.StatusBadRequest)
			return
		}
		err = webhook.Verify(secret, r.Header.Get(webhook.HeaderSignature),
			r.Header.Get(webhook.HeaderTimestamp), body, 5*time.Minute)
		if err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		// Decode the JSON (a webhook.Payload), drop a repeated
		// Idempotency-Key, act on it.
		w.WriteHeader(http.StatusNoContent)
	})

	// What relaciona sends, signed with the same secret:
	body := []byte(`{"id":"n-1","kind":"citizen.pqrsd.overdue"}`)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	for _, b := range [][]byte{body, []byte(strings.Replace(string(body), "n-1", "n-2", 1))} {
		req := httptest.NewRequest(http.MethodPost, "/hooks/relaciona", strings.NewReader(string(b)))
		req.Header.Set(webhook.HeaderTimestamp, ts)
		req.Header.Set(webhook.HeaderSignature, webhook.Sign(secret, ts, body))
		rec := httptest.NewRecorder()
		handler.ServeHTTP(rec, req)
		fmt.Println(rec.Code)
	}
	// Output:
	// 204
	// 401
}
