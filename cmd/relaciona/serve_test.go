package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testAPIKey is the Open311 key the test deployments accept.
const testAPIKey = "clave-de-prueba-0123456789"

// serveDeployment writes a deployment running the example citizen process,
// its store in a temporary folder, served on 127.0.0.1:0 with the serve
// section's lines extra (indented under serve:). It returns the file.
func serveDeployment(t *testing.T, extra string) string {
	t.Helper()
	dir := t.TempDir()
	citizenFile, err := filepath.Abs(filepath.Join("..", "..", "examples", "citizen", "citizen.yaml"))
	require.NoError(t, err)
	y := "kind: deployment\nversion: 1\nname: Alcaldía de Prueba\ncountry: CO\nstore: sqlite://agency.db\n" +
		"tickets:\n  url: desk://?queues=general,pqrsd,reclamos\nprocesses:\n  citizen: " + citizenFile + "\n" +
		"serve:\n  address: 127.0.0.1:0\n  api_keys: {env: RELACIONA_TEST_OPEN311_KEYS}\n" + extra
	path := filepath.Join(dir, "deployment.yaml")
	require.NoError(t, os.WriteFile(path, []byte(y), 0o644))
	t.Setenv("RELACIONA_TEST_OPEN311_KEYS", testAPIKey)
	return path
}

// served is a `relaciona serve` running in this process.
type served struct {
	base           string // http://127.0.0.1:PORT
	stdout, stderr *syncBuffer
	stop           context.CancelFunc // what SIGINT or SIGTERM does
	done           chan struct{}      // closed when run returned
	code           int                // run's exit status, once done
}

// startServe runs `relaciona --lang en serve --config path` and waits until
// it listens. main turns SIGINT and SIGTERM into the cancellation of run's
// context; stop does the same.
func startServe(t *testing.T, path string) *served {
	t.Helper()
	t.Setenv("RELACIONA_LANG", "")
	ctx, cancel := context.WithCancel(context.Background())
	s := &served{stdout: &syncBuffer{}, stderr: &syncBuffer{}, stop: cancel, done: make(chan struct{})}
	go func() {
		s.code = run(ctx, []string{"--lang", "en", "serve", "--config", path}, s.stdout, s.stderr)
		close(s.done)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(30 * time.Second):
			t.Error("relaciona serve did not stop")
		}
	})
	listening := regexp.MustCompile(`listening on (\S+)`)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := listening.FindStringSubmatch(s.stdout.String()); m != nil {
			s.base = m[1]
			return s
		}
		select {
		case <-s.done:
			t.Fatalf("relaciona serve exited %d: %s", s.code, s.stderr.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("relaciona serve did not listen: %s", s.stderr.String())
	return nil
}

func (s *served) exit(t *testing.T) int {
	t.Helper()
	s.stop()
	select {
	case <-s.done:
		return s.code
	case <-time.After(30 * time.Second):
		t.Fatal("relaciona serve did not stop")
		return -1
	}
}

func httpGet(t *testing.T, c *http.Client, u string) (int, http.Header, string) {
	t.Helper()
	res, err := c.Get(u)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, res.Header, string(b)
}

func open311Form(key string) url.Values {
	f := url.Values{"service_code": {"alumbrado-publico"}, "lat": {"4.6097"}, "long": {"-74.0817"}, "first_name": {"Carmen"},
		"email": {"carmen@example.co"}, "description": {"Poste sin luz"}}
	if key != "" {
		f.Set("api_key", key)
	}
	return f
}

// fakeRunReports lays out what `relaciona run` leaves in reports/: two
// months, the newest with its pages and data, and things that must never
// be served.
func fakeRunReports(t *testing.T, dir string) {
	t.Helper()
	for name, body := range map[string]string{
		"2026-01/index.html":                  "<p>enero</p>",
		"2026-02/index.html":                  "<p>febrero</p>",
		"2026-02/citizen.html":                "<p>ciudadanía de febrero</p>",
		"2026-02/data/citizen/citizen.csv":    "a,b\n",
		"2026-02/data/citizen/citizen.xlsx":   "xlsx",
		"private.txt":                         "secreto",
		".reports-123/index.html":             "<p>a medio escribir</p>",
		"2026-02/.report-456":                 "temporal",
		"../outside.html":                     "<p>fuera</p>",
		"2026-02/notes.txt":                   "no html",
		"2026-02/sub/index.html":              "<p>sub</p>",
		"2026-02/data/citizen/page.html":      "<p>data page</p>",
		"2026-02/UPPER.html":                  "<p>upper</p>",
		"2026-02/stakeholder.html":            "<p>partes interesadas</p>",
		"2026-02/../2026-01/stakeholder.html": "<p>enero partes</p>",
	} {
		p := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
	}
	require.NoError(t, os.Symlink(filepath.Join(dir, "private.txt"), filepath.Join(dir, "2026-02", "link.html")))
	require.NoError(t, os.Symlink(filepath.Join(dir, "2026-01"), filepath.Join(dir, "2099-12")))
}

func TestServeHealthOpen311AndReports(t *testing.T) {
	path := serveDeployment(t, "")
	fakeRunReports(t, filepath.Join(filepath.Dir(path), "reports"))
	s := startServe(t, path)
	c := &http.Client{Timeout: 10 * time.Second}

	code, _, body := httpGet(t, c, s.base+"/healthz")
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "ok\n", body)

	code, hdr, body := httpGet(t, c, s.base+"/open311/v2/services.xml?jurisdiction_id=villadelejemplo.gov.co")
	assert.Equal(t, http.StatusOK, code, body)
	assert.Equal(t, "text/xml; charset=utf-8", hdr.Get("Content-Type"))
	assert.Contains(t, body, "<service_code>alumbrado-publico</service_code>")

	code, _, body = httpGet(t, c, s.base+"/open311/v2/discovery.json")
	require.Equal(t, http.StatusOK, code, body)
	assert.Contains(t, body, `"url":"`+s.base+`/open311/v2"`, "discovery names the endpoint behind its mount")

	res, err := c.PostForm(s.base+"/open311/v2/requests.json", open311Form(testAPIKey))
	require.NoError(t, err)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusCreated, res.StatusCode, string(b))
	assert.Contains(t, string(b), `"service_request_id":"PQRSD-`)

	for _, key := range []string{"", "adivinada-pero-larga-0000"} {
		res, err = c.PostForm(s.base+"/open311/v2/requests.json", open311Form(key))
		require.NoError(t, err)
		b, _ = io.ReadAll(res.Body)
		res.Body.Close()
		assert.Equal(t, http.StatusForbidden, res.StatusCode, "api key %q: %s", key, b)
	}

	// The newest month's pages, and nothing else.
	code, _, body = httpGet(t, c, s.base+"/reports")
	assert.Equal(t, http.StatusOK, code, "/reports is sent to /reports/")
	code, hdr, body = httpGet(t, c, s.base+"/reports/")
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "<p>febrero</p>", body, "the newest month, not a symlinked folder")
	assert.Equal(t, "text/html; charset=utf-8", hdr.Get("Content-Type"))
	code, _, body = httpGet(t, c, s.base+"/reports/citizen.html")
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "<p>ciudadanía de febrero</p>", body)
	for _, p := range []string{"/reports/index.html?x=1", "/reports/stakeholder.html"} {
		code, _, _ = httpGet(t, c, s.base+p)
		assert.Equal(t, http.StatusOK, code, p)
	}
	for _, p := range []string{"/reports/2026-01/index.html", "/reports/data/citizen/citizen.csv", "/reports/data/citizen/page.html",
		"/reports/../private.txt", "/reports/%2e%2e/private.txt", "/reports/..%2fprivate.txt", "/reports/notes.txt", "/reports/sub/",
		"/reports/sub/index.html", "/reports/link.html", "/reports/UPPER.html", "/reports/.report-456", "/reports/data/",
		"/", "/private.txt"} {
		code, _, body = httpGet(t, c, s.base+p)
		assert.Equal(t, http.StatusNotFound, code, "%s: %s", p, body)
		assert.NotContains(t, body, "secreto", p)
	}

	assert.Equal(t, 0, s.exit(t))
	logged := s.stderr.String()
	assert.Regexp(t, `relaciona.access: request: method=GET path=/healthz status=200 bytes=3 duration_ms=`, logged)
	assert.Contains(t, logged, "method=POST path=/open311/v2/requests.json status=403")
	assert.NotContains(t, logged, "jurisdiction_id", "no query strings")
	assert.NotContains(t, logged, "127.0.0.1", "no client address")
	assert.NotContains(t, logged, testAPIKey)
	assert.NotContains(t, logged, "carmen")
	assert.Contains(t, s.stdout.String(), "relaciona serve: stopped")
}

// selfSigned writes a certificate for 127.0.0.1 and its key into dir.
func selfSigned(t *testing.T, dir string) (certFile, keyFile string, pool *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "relaciona test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	kb, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kb}), 0o600))
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool = x509.NewCertPool()
	pool.AddCert(cert)
	return certFile, keyFile, pool
}

func TestServeTLS(t *testing.T) {
	certFile, keyFile, pool := selfSigned(t, t.TempDir())
	s := startServe(t, serveDeployment(t, "  tls: {cert_file: "+certFile+", key_file: "+keyFile+"}\n"))
	require.True(t, strings.HasPrefix(s.base, "https://"), s.base)
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	code, _, body := httpGet(t, c, s.base+"/healthz")
	assert.Equal(t, http.StatusOK, code)
	assert.Equal(t, "ok\n", body)
	code, _, _ = httpGet(t, c, s.base+"/open311/v2/services.json")
	assert.Equal(t, http.StatusOK, code)

	// Plain HTTP gets no answer of the API.
	plain := &http.Client{Timeout: 10 * time.Second}
	res, err := plain.Get("http://" + strings.TrimPrefix(s.base, "https://") + "/healthz")
	if err == nil {
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		assert.Equal(t, http.StatusBadRequest, res.StatusCode)
		assert.NotContains(t, string(b), "ok\n")
	}
	// A client that does not trust the certificate is refused.
	_, err = (&http.Client{Timeout: 10 * time.Second}).Get(s.base + "/healthz")
	assert.Error(t, err)
	assert.Equal(t, 0, s.exit(t))
	assert.NotContains(t, s.stderr.String(), "127.0.0.1", "the TLS handshake errors lose the client address")
}

func TestServeRefusesABadCertificate(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "cert.pem"), []byte("not a certificate"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "key.pem"), []byte("not a key"), 0o600))
	path := serveDeployment(t, "  tls: {cert_file: "+filepath.Join(dir, "cert.pem")+", key_file: "+filepath.Join(dir, "key.pem")+"}\n")
	code, _, errOut := runCLI(t, "--lang", "en", "serve", "--config", path)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "TLS certificate (serve.tls)")
}

func TestServeLimits(t *testing.T) {
	s := startServe(t, serveDeployment(t, "  limits: {max_body_bytes: 2048, requests_per_minute: 1, burst: 3}\n"))
	c := &http.Client{Timeout: 10 * time.Second}

	// A body over the limit is refused before it is read.
	f := open311Form(testAPIKey)
	f.Set("description", strings.Repeat("a", 4096))
	res, err := c.PostForm(s.base+"/open311/v2/requests.json", f)
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode)

	// One within it passes.
	res, err = c.PostForm(s.base+"/open311/v2/requests.json", open311Form(testAPIKey))
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusCreated, res.StatusCode)

	// The burst is spent: the next request from this address waits.
	code, _, _ := httpGet(t, c, s.base+"/healthz")
	assert.Equal(t, http.StatusOK, code, "third of the burst")
	res, err = c.Get(s.base + "/healthz")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	assert.NotEmpty(t, res.Header.Get("Retry-After"))
	assert.Equal(t, 0, s.exit(t))
}

// inFlight starts a POST of an Open311 request with a body of n bytes on
// conn and returns once its handler is reading the body: the request is
// then in flight (the server answers "Expect: 100-continue" when the
// handler first reads).
func inFlight(t *testing.T, conn net.Conn, br *bufio.Reader, n int) {
	t.Helper()
	_, err := fmt.Fprintf(conn, "POST /open311/v2/requests.json HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n", n)
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	line, err := br.ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "HTTP/1.1 100 Continue\r\n", line)
	line, err = br.ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "\r\n", line)
	require.NoError(t, conn.SetReadDeadline(time.Time{}))
}

// A request in flight when SIGTERM comes completes; the server then stops.
func TestServeShutsDownGracefully(t *testing.T) {
	s := startServe(t, serveDeployment(t, "  limits: {shutdown_timeout: 20s}\n"))
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	body := open311Form(testAPIKey).Encode()
	half := len(body) / 2
	br := bufio.NewReader(conn)
	inFlight(t, conn, br, len(body))
	_, err = io.WriteString(conn, body[:half])
	require.NoError(t, err)

	s.stop() // SIGTERM
	require.Eventually(t, func() bool { return strings.Contains(s.stdout.String(), "stopping") }, 10*time.Second, 10*time.Millisecond)
	_, err = net.DialTimeout("tcp", strings.TrimPrefix(s.base, "http://"), time.Second)
	assert.Error(t, err, "no new connection once shutting down")
	select {
	case <-s.done:
		t.Fatalf("serve exited %d with a request in flight", s.code)
	case <-time.After(200 * time.Millisecond):
	}

	_, err = io.WriteString(conn, body[half:])
	require.NoError(t, err)
	res, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusCreated, res.StatusCode, string(b))
	var out []map[string]any
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, "PQRSD-2026-000001", out[0]["service_request_id"], "the request in flight was filed")
	select {
	case <-s.done:
		assert.Equal(t, 0, s.code, s.stderr.String())
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop after the request in flight ended")
	}
}

// A request that outlives the shutdown timeout is cut, and the exit
// status says the shutdown was not clean.
func TestServeShutdownHasADeadline(t *testing.T) {
	s := startServe(t, serveDeployment(t, "  limits: {shutdown_timeout: 300ms}\n"))
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	inFlight(t, conn, bufio.NewReader(conn), 100)
	assert.Equal(t, 1, s.exit(t))
	assert.Contains(t, s.stderr.String(), "the requests in flight did not end in time")
}

func TestHealthReportsAnUnreachableStore(t *testing.T) {
	store, err := relaciona.OpenStore(context.Background(), "sqlite://"+filepath.Join(t.TempDir(), "h.db"))
	require.NoError(t, err)
	h := healthHandler(store)
	rec := httptestGet(h, "/healthz")
	assert.Equal(t, http.StatusOK, rec.code)
	require.NoError(t, store.Close())
	rec = httptestGet(h, "/healthz")
	assert.Equal(t, http.StatusServiceUnavailable, rec.code)
	assert.Equal(t, "store unreachable\n", rec.body)
}

type result struct {
	code int
	body string
}

func httptestGet(h http.Handler, path string) result {
	rec := &captured{header: http.Header{}}
	req, _ := http.NewRequest(http.MethodGet, "http://x"+path, nil)
	h.ServeHTTP(rec, req)
	if rec.code == 0 {
		rec.code = http.StatusOK
	}
	return result{rec.code, rec.body.String()}
}

type captured struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (c *captured) Header() http.Header         { return c.header }
func (c *captured) WriteHeader(code int)        { c.code = code }
func (c *captured) Write(b []byte) (int, error) { return c.body.Write(b) }

func TestRateLimiterRefillsAndForgets(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	l := newRateLimiter(60, 2, func() time.Time { return now }) // one a second
	for i := range 2 {
		ok, _ := l.allow("a")
		assert.True(t, ok, "burst %d", i)
	}
	ok, wait := l.allow("a")
	assert.False(t, ok)
	assert.Equal(t, time.Second, wait)
	ok, _ = l.allow("b")
	assert.True(t, ok, "another address has its own bucket")
	now = now.Add(time.Second)
	ok, _ = l.allow("a")
	assert.True(t, ok, "a token a second")

	for i := range maxClients + 10 {
		l.allow(fmt.Sprintf("c%d", i))
	}
	assert.LessOrEqual(t, len(l.clients), maxClients, "the addresses kept are bounded")
}

func TestServerErrorsLoseTheClientAddress(t *testing.T) {
	var buf syncBuffer
	l := hclog.New(&hclog.LoggerOptions{Level: hclog.Debug, Output: &buf})
	w := &serverErrors{log: l}
	_, err := io.WriteString(w, "http: TLS handshake error from 192.0.2.7:50432: remote error: tls: bad certificate\n")
	require.NoError(t, err)
	_, err = io.WriteString(w, "http: TLS handshake error from [2001:db8::1]:443: EOF\n")
	require.NoError(t, err)
	assert.Contains(t, buf.String(), "TLS handshake error from [client]")
	assert.NotContains(t, buf.String(), "192.0.2.7")
	assert.NotContains(t, buf.String(), "2001:db8")
}

func TestServeRefusesAMountThatClashes(t *testing.T) {
	for _, mount := range []string{"/reports", "/healthz", "/reports/open311"} {
		t.Run(mount, func(t *testing.T) {
			code, _, errOut := runCLI(t, "--lang", "en", "serve", "--config", serveDeployment(t, "  open311: {mount: "+mount+"}\n"))
			assert.Equal(t, 1, code)
			assert.Contains(t, errOut, "clashes with")
		})
	}
}
