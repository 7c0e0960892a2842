package smtp_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// mailpit reads what a real mailpit server received, through its HTTP API
// (/api/v1/messages, /api/v1/message/{ID}, /api/v1/search).
type mailpit struct {
	api string
	hc  *http.Client
}

// mailpitEnv returns the SMTP URL, the password and a mailpit client for
// the integration tests, or skips naming the variables to set (see
// plugins/smtp/testdata/start-mailpit.sh).
func mailpitEnv(t testing.TB, urlVar, apiVar string) (string, string, *mailpit) {
	t.Helper()
	u, api := os.Getenv(urlVar), os.Getenv(apiVar)
	if u == "" || api == "" {
		t.Skipf("%s and %s not set: start mailpit with eval \"$(bash plugins/smtp/testdata/start-mailpit.sh)\"", urlVar, apiVar)
	}
	return u, os.Getenv("SMTP_PASSWORD"), &mailpit{api: api, hc: &http.Client{Timeout: 10 * time.Second}}
}

type mpAddress struct {
	Name    string
	Address string
}

type mpSummary struct {
	ID        string
	MessageID string
	Subject   string
	To        []mpAddress
}

type mpMessage struct {
	ID        string
	MessageID string
	From      mpAddress
	To        []mpAddress
	Subject   string
	Text      string
}

func (m *mailpit) do(t testing.TB, method, path string, out any) { m.doBody(t, method, path, nil, out) }

func (m *mailpit) doBody(t testing.TB, method, path string, in, out any) {
	t.Helper()
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		require.NoError(t, err)
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, m.api+path, body)
	require.NoError(t, err)
	resp, err := m.hc.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s %s", method, path)
	if out != nil {
		require.NoError(t, json.NewDecoder(resp.Body).Decode(out))
	}
}

// cleanup deletes, when the test ends, every message whose subject
// carries marker: only this test's messages, since other packages' tests
// may use the same mailpit at the same time.
func (m *mailpit) cleanup(t testing.TB, marker string) {
	t.Cleanup(func() {
		var ids []string
		for _, s := range m.search(t, "subject:"+marker) {
			ids = append(ids, s.ID)
		}
		if len(ids) > 0 {
			m.doBody(t, http.MethodDelete, "/api/v1/messages", map[string][]string{"IDs": ids}, nil)
		}
	})
}

// newMarker returns a marker unique to this run, for subjects and IDs.
func newMarker(t testing.TB) string {
	var b [6]byte
	_, err := rand.Read(b[:])
	require.NoError(t, err)
	return "it" + hex.EncodeToString(b[:])
}

// search returns the summaries matching a mailpit search query.
func (m *mailpit) search(t testing.TB, query string) []mpSummary {
	var r struct{ Messages []mpSummary }
	m.do(t, http.MethodGet, "/api/v1/search?query="+url.QueryEscape(query), &r)
	return r.Messages
}

// message returns one message in full.
func (m *mailpit) message(t testing.TB, id string) mpMessage {
	var r mpMessage
	m.do(t, http.MethodGet, "/api/v1/message/"+url.PathEscape(id), &r)
	return r
}

// headers returns one message's headers.
func (m *mailpit) headers(t testing.TB, id string) map[string][]string {
	var r map[string][]string
	m.do(t, http.MethodGet, "/api/v1/message/"+url.PathEscape(id)+"/headers", &r)
	return r
}

// waitFor polls search until it returns want messages (mailpit stores a
// message a moment after the SMTP reply).
func (m *mailpit) waitFor(t testing.TB, query string, want int) []mpSummary {
	t.Helper()
	var got []mpSummary
	for i := 0; i < 50; i++ {
		got = m.search(t, query)
		if len(got) >= want {
			return got
		}
		time.Sleep(100 * time.Millisecond)
	}
	require.Len(t, got, want, fmt.Sprintf("messages matching %q", query))
	return got
}

// markedMailpit is mailpitEnv with a new marker (newMarker), whose
// messages are removed from mailpit when t ends.
func markedMailpit(t testing.TB, urlVar, apiVar string) (u, pw string, mp *mailpit, mk string) {
	t.Helper()
	u, pw, mp = mailpitEnv(t, urlVar, apiVar)
	mk = newMarker(t)
	mp.cleanup(t, mk)
	return u, pw, mp, mk
}
