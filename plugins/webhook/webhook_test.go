package webhook

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
)

const testSecret = "test-signing-secret-0123456789abcdef"

func env(s string) driver.NotifierEnv {
	return driver.NotifierEnv{Secret: func() (string, error) { return s, nil }}
}

func message(id string) driver.Message {
	return driver.Message{
		ID: id, Kind: "citizen.pqrsd.overdue", Lang: "es",
		To:      driver.Address{Name: "Ana Peña", Email: "ana.pena@example.org"},
		Subject: "Su PQRSD está vencida", Body: "Señora Peña: la petición venció.",
		Ticket: "T-42", Data: map[string]string{"due": "2026-12-20", "record": "2026-001"},
	}
}

type received struct {
	header http.Header
	body   []byte
}

// receiver is an httptest server that records requests and answers with
// the given status (and Retry-After, when set).
func receiver(t *testing.T, status int, retryAfter string) (*httptest.Server, func() []received) {
	var mu sync.Mutex
	var got []received
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, received{r.Header.Clone(), b})
		mu.Unlock()
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		if status >= 300 && status < 400 {
			w.Header().Set("Location", "https://elsewhere.example/hook")
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `{"echo":"ana.pena@example.org"}`)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []received { mu.Lock(); defer mu.Unlock(); return append([]received(nil), got...) }
}

func TestOpen(t *testing.T) {
	plugintest.CheckNotifierOpen(t, Open, testSecret, []plugintest.OpenCase{
		{Name: "https", URL: "https://sistemas.agency.example/hooks/relaciona?token=abc", Env: env(testSecret)},
		{Name: "http", URL: "http://127.0.0.1:8080/hook", Env: env(testSecret)},
		{Name: "userinfo refused", URL: "https://u:" + testSecret + "@agency.example/hook", Env: env(testSecret), WantErr: "user or password in the URL is refused"},
		{Name: "user only refused", URL: "https://u@agency.example/hook", Env: env(testSecret), WantErr: "refused"},
		{Name: "no secret", URL: "https://agency.example/hook", Env: driver.NotifierEnv{}, WantErr: "no signing secret"},
		{Name: "short secret", URL: "https://agency.example/hook", Env: env("short"), WantErr: "shorter than 16"},
		{Name: "scheme", URL: "ftp://agency.example/hook", Env: env(testSecret), WantErr: "not http or https"},
		{Name: "no host", URL: "https:///hook", Env: env(testSecret), WantErr: "no host"},
		{Name: "bad URL", URL: "https://[::1/hook", Env: env(testSecret), WantErr: "does not parse"},
	})
	for _, s := range []string{"http", "https"} {
		_, ok := driver.LookupNotifier(s)
		assert.True(t, ok, s)
	}
}

func TestSendSignsAndVerifies(t *testing.T) {
	srv, got := receiver(t, http.StatusNoContent, "")
	n, err := Open(context.Background(), srv.URL+"/hooks/relaciona", env(testSecret))
	require.NoError(t, err)
	defer n.Close()
	m := message("n-1")
	require.NoError(t, n.Send(context.Background(), m))
	require.NoError(t, n.Send(context.Background(), m)) // a retry
	reqs := got()
	require.Len(t, reqs, 2)
	for _, r := range reqs {
		assert.Equal(t, "application/json", r.header.Get("Content-Type"))
		assert.Equal(t, "n-1", r.header.Get(HeaderIdempotencyKey), "the same key on every retry")
		require.NoError(t, Verify(testSecret, r.header.Get(HeaderSignature), r.header.Get(HeaderTimestamp), r.body, 0))
		var p Payload
		require.NoError(t, json.Unmarshal(r.body, &p))
		assert.Equal(t, Payload{ID: "n-1", Kind: m.Kind, Lang: "es", Subject: m.Subject, Body: m.Body, Ticket: "T-42", Data: m.Data, SentAt: p.SentAt}, p)
		assert.WithinDuration(t, time.Now(), p.SentAt, time.Minute)
		var raw map[string]any
		require.NoError(t, json.Unmarshal(r.body, &raw))
		for _, k := range []string{"id", "kind", "lang", "subject", "body", "ticket", "data", "sent_at"} {
			assert.Contains(t, raw, k)
		}
		assert.NotContains(t, string(r.body), "ana.pena@example.org", "the recipient's address is not sent")

		tampered := []byte(strings.Replace(string(r.body), "vencida", "pagada", 1))
		require.ErrorIs(t, Verify(testSecret, r.header.Get(HeaderSignature), r.header.Get(HeaderTimestamp), tampered, 0), ErrSignature)
		require.ErrorIs(t, Verify("another-secret-0123456789", r.header.Get(HeaderSignature), r.header.Get(HeaderTimestamp), r.body, 0), ErrSignature)
		ts, _ := strconv.ParseInt(r.header.Get(HeaderTimestamp), 10, 64)
		require.ErrorIs(t, Verify(testSecret, r.header.Get(HeaderSignature), strconv.FormatInt(ts+1, 10), r.body, 0), ErrSignature, "the timestamp is signed")
	}
}

func TestNilDataIsEmptyObject(t *testing.T) {
	srv, got := receiver(t, http.StatusOK, "")
	n, err := Open(context.Background(), srv.URL, env(testSecret))
	require.NoError(t, err)
	m := message("n-nil")
	m.Data = nil
	require.NoError(t, n.Send(context.Background(), m))
	assert.Contains(t, string(got()[0].body), `"data":{}`)
}

func TestStatusClasses(t *testing.T) {
	tests := []struct {
		status     int
		retryAfter string
		want       error
		wantText   string
	}{
		{200, "", nil, ""},
		{202, "", nil, ""},
		{204, "", nil, ""},
		{301, "", driver.ErrUnavailable, "redirects are not followed"},
		{302, "", driver.ErrUnavailable, "redirects are not followed"},
		{400, "", driver.ErrInvalid, "400"},
		{401, "", driver.ErrInvalid, "401"},
		{404, "", driver.ErrInvalid, "404"},
		{410, "", driver.ErrInvalid, "410"},
		{422, "", driver.ErrInvalid, "422"},
		{408, "", driver.ErrUnavailable, "408"},
		{429, "120", driver.ErrUnavailable, "retry after 2m0s"},
		{500, "", driver.ErrUnavailable, "500"},
		{502, "", driver.ErrUnavailable, "502"},
		{503, "30", driver.ErrUnavailable, "retry after 30s"},
	}
	for _, tt := range tests {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			srv, got := receiver(t, tt.status, tt.retryAfter)
			n, err := Open(context.Background(), srv.URL+"/hook?token=tok-SECRET", env(testSecret))
			require.NoError(t, err)
			err = n.Send(context.Background(), message("n-status"))
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.want)
			if tt.want == driver.ErrUnavailable {
				assert.NotErrorIs(t, err, driver.ErrInvalid)
			}
			assert.Contains(t, err.Error(), tt.wantText)
			var se *StatusError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tt.status, se.Code)
			for _, leak := range []string{"tok-SECRET", "ana.pena", testSecret, "elsewhere"} {
				assert.NotContains(t, err.Error(), leak)
			}
			assert.Len(t, got(), 1, "a redirect is not followed")
		})
	}
}

func TestRetryAfterDate(t *testing.T) {
	now := time.Date(2026, 12, 6, 20, 0, 0, 0, time.UTC)
	assert.Equal(t, 90*time.Second, retryAfter(now.Add(90*time.Second).Format(http.TimeFormat), now))
	assert.Zero(t, retryAfter("soon", now))
	assert.Zero(t, retryAfter("-5", now))
	assert.Equal(t, 24*time.Hour, retryAfter("99999999", now))
}

func TestTimeoutAndCancel(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	n, err := Open(context.Background(), srv.URL, env(testSecret))
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = n.Send(ctx, message("n-timeout"))
	require.ErrorIs(t, err, driver.ErrUnavailable)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Contains(t, err.Error(), "timed out")
	assert.Less(t, time.Since(start), 5*time.Second)

	ctx2, cancel2 := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel2)
	err = n.Send(ctx2, message("n-cancel"))
	require.ErrorIs(t, err, driver.ErrUnavailable)
	require.ErrorIs(t, err, context.Canceled)
}

func TestRefusedIsUnavailable(t *testing.T) {
	n, err := Open(context.Background(), "http://"+plugintest.ClosedAddr(t)+"/hook?token=tok-SECRET", env(testSecret))
	require.NoError(t, err)
	err = n.Send(context.Background(), message("n-refused"))
	require.ErrorIs(t, err, driver.ErrUnavailable)
	assert.Contains(t, err.Error(), "refused")
	assert.NotContains(t, err.Error(), "tok-SECRET")
	assert.NotContains(t, err.Error(), "/hook")
}

func TestLargeAnswerReadBounded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		chunk := []byte(strings.Repeat("x", 64<<10))
		for i := 0; i < 1<<12; i++ { // up to 256 MiB, stopped by the client
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	n, err := Open(context.Background(), srv.URL, env(testSecret))
	require.NoError(t, err)
	start := time.Now()
	err = n.Send(context.Background(), message("n-big"))
	require.ErrorIs(t, err, driver.ErrInvalid)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.Less(t, len(err.Error()), 300)
}

func TestNoIDAndClosed(t *testing.T) {
	srv, got := receiver(t, http.StatusOK, "")
	n, err := Open(context.Background(), srv.URL, env(testSecret))
	require.NoError(t, err)
	m := message("")
	require.ErrorIs(t, n.Send(context.Background(), m), driver.ErrInvalid)
	require.NoError(t, n.Close())
	require.ErrorIs(t, n.Send(context.Background(), message("n-closed")), driver.ErrClosed)
	assert.Empty(t, got())
}

func TestVerify(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	ts := strconv.FormatInt(now.Unix(), 10)
	body := []byte(`{"id":"n-1"}`)
	good := Sign(testSecret, ts, body)
	tests := []struct {
		name, header, ts string
		at               time.Time
		want             error
	}{
		{"good", good, ts, now, nil},
		{"good among others (rotation)", "sha256=" + strings.Repeat("ab", 32) + ", " + good + ",v2=zz", ts, now, nil},
		{"upper-case hex", "sha256=" + strings.ToUpper(strings.TrimPrefix(good, "sha256=")), ts, now, nil},
		{"within tolerance", good, ts, now.Add(4 * time.Minute), nil},
		{"too old", good, ts, now.Add(6 * time.Minute), ErrTimestamp},
		{"from the future", good, ts, now.Add(-6 * time.Minute), ErrTimestamp},
		{"no header", "", ts, now, ErrSignature},
		{"no timestamp", good, "", now, ErrTimestamp},
		{"timestamp not a number", good, "1.8e9", now, ErrTimestamp},
		{"negative timestamp", good, "-1", now, ErrTimestamp},
		{"other scheme only", "sha1=" + strings.Repeat("ab", 20), ts, now, ErrSignature},
		{"short hex", "sha256=abcd", ts, now, ErrSignature},
		{"not hex", "sha256=" + strings.Repeat("zz", 32), ts, now, ErrSignature},
		{"bare hex", strings.TrimPrefix(good, "sha256="), ts, now, ErrSignature},
		{"wrong signature", "sha256=" + strings.Repeat("00", 32), ts, now, ErrSignature},
		{"huge header", strings.Repeat(good+",", 100), ts, now, ErrSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := verifyAt(tt.at, testSecret, tt.header, tt.ts, body, 5*time.Minute)
			if tt.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.want)
		})
	}
	require.ErrorIs(t, verifyAt(now, "", good, ts, body, 0), ErrSignature, "an empty secret verifies nothing")
}

func FuzzVerify(f *testing.F) {
	now := time.Unix(1_800_000_000, 0)
	ts := strconv.FormatInt(now.Unix(), 10)
	body := []byte(`{"id":"n-1"}`)
	f.Add(Sign(testSecret, ts, body), ts, body)
	f.Add("sha256=, sha256=zz,,=,sha256", "", []byte{})
	f.Add("sha256="+strings.Repeat("0", 64), "99999999999999999999", []byte("x"))
	f.Fuzz(func(t *testing.T, header, timestamp string, b []byte) {
		err := verifyAt(now, testSecret, header, timestamp, b, 5*time.Minute)
		if err != nil {
			return
		}
		// Accepted: then the header must hold the true signature of this
		// timestamp and body, and the timestamp be near now.
		want := strings.TrimPrefix(Sign(testSecret, timestamp, b), "sha256=")
		if !strings.Contains(strings.ToLower(header), want) {
			t.Fatalf("accepted a header without the true signature: %q", header)
		}
		sec, perr := strconv.ParseInt(timestamp, 10, 64)
		if perr != nil || sec < now.Unix()-300 || sec > now.Unix()+300 {
			t.Fatalf("accepted timestamp %q", timestamp)
		}
	})
}
