package smtp

import (
	"bufio"
	"context"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/mailmsg"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
)

const secretPW = "s3cr3t-Pa55word-never-shown"

func secret(pw string) driver.NotifierEnv {
	return driver.NotifierEnv{Secret: func() (string, error) { return pw, nil }}
}

func msg(id string) driver.Message {
	return driver.Message{
		ID: id, Kind: "citizen.pqrsd.overdue", Lang: "es",
		To:      driver.Address{Name: "Ana María Peña", Email: "ana.pena@example.org"},
		Subject: "Su PQRSD está vencida: acción requerida — año 2026, señor",
		Body:    "Hola Ana María,\n\nLa petición 2026-001 venció el 3 de diciembre.\n.\nUna línea muy larga que pasa de setenta y seis caracteres para ver el corte suave del quoted-printable con ñandú.\n",
	}
}

// fakeServer is a scripted SMTP server on loopback: it answers each
// command verb with the reply given in replies (250 by default), records
// the verbs it saw and counts connections. "greeting" and "." (the end of
// DATA) are keys too; a reply "hang" never answers.
type fakeServer struct {
	ln      net.Listener
	replies map[string]string
	ehlo    string
	conns   atomic.Int32
	mu      sync.Mutex
	verbs   []string
	done    chan struct{}
}

func newFakeServer(t *testing.T, replies map[string]string) *fakeServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	s := &fakeServer{ln: ln, replies: replies, ehlo: "250-fake\r\n250 AUTH PLAIN\r\n", done: make(chan struct{})}
	t.Cleanup(func() { close(s.done); _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.conns.Add(1)
			go s.serve(c)
		}
	}()
	return s
}

func (s *fakeServer) reply(w io.Writer, key, def string) bool {
	r, ok := s.replies[key]
	if !ok {
		r = def
	}
	if r == "hang" {
		<-s.done
		return false
	}
	_, _ = io.WriteString(w, r+"\r\n")
	return !strings.HasPrefix(r, "421")
}

func (s *fakeServer) serve(c net.Conn) {
	defer c.Close()
	if !s.reply(c, "greeting", "220 fake ESMTP") {
		return
	}
	rd := bufio.NewReader(c)
	for {
		line, err := rd.ReadString('\n')
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.Fields(line + " x")[0])
		s.mu.Lock()
		s.verbs = append(s.verbs, verb)
		s.mu.Unlock()
		switch verb {
		case "EHLO":
			if r, ok := s.replies["EHLO"]; ok {
				if !s.reply(c, "EHLO", r) {
					return
				}
				continue
			}
			_, _ = io.WriteString(c, s.ehlo)
		case "DATA":
			if !s.reply(c, "DATA", "354 go on") {
				return
			}
			if strings.HasPrefix(s.replies["DATA"], "354") || s.replies["DATA"] == "" {
				for {
					l, err := rd.ReadString('\n')
					if err != nil {
						return
					}
					if l == ".\r\n" {
						break
					}
				}
				if !s.reply(c, ".", "250 queued") {
					return
				}
			}
		case "QUIT":
			_, _ = io.WriteString(c, "221 bye\r\n")
			return
		case "AUTH":
			if !s.reply(c, "AUTH", "235 ok") {
				return
			}
		default:
			if !s.reply(c, verb, "250 ok") {
				return
			}
		}
	}
}

func (s *fakeServer) url(q string) string {
	return "smtp://" + s.ln.Addr().String() + "?from=pqrsd%40agency.example" + q
}

func (s *fakeServer) sawVerbs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.verbs...)
}

func TestOpenURL(t *testing.T) {
	plugintest.CheckNotifierOpen(t, Open, secretPW, []plugintest.OpenCase{
		{Name: "plain", URL: "smtp://127.0.0.1:1025?from=pqrsd@agency.example", Env: driver.NotifierEnv{}},
		{Name: "smtps default port", URL: "smtps://mail.example?from=pqrsd@agency.example", Env: driver.NotifierEnv{}},
		{Name: "user and secret", URL: "smtp://u@mail.example?from=a@b.example&starttls=required", Env: secret(secretPW)},
		{Name: "user in query", URL: "smtp://mail.example?from=a@b.example&user=u", Env: secret(secretPW)},
		{Name: "password in URL refused", URL: "smtp://u:" + secretPW + "@mail.example?from=a@b.example", Env: secret(secretPW), WantErr: "password in the URL is refused"},
		{Name: "no from", URL: "smtp://mail.example", Env: driver.NotifierEnv{}, WantErr: "needs ?from="},
		{Name: "from with a name", URL: "smtp://mail.example?from=Ana%20%3Ca@b.example%3E", Env: driver.NotifierEnv{}, WantErr: "bare e-mail"},
		{Name: "unknown parameter", URL: "smtp://mail.example?from=a@b.example&tls=1", Env: driver.NotifierEnv{}, WantErr: `unknown URL parameter "tls"`},
		{Name: "bad starttls", URL: "smtp://mail.example?from=a@b.example&starttls=maybe", Env: driver.NotifierEnv{}, WantErr: "starttls="},
		{Name: "bad port", URL: "smtp://mail.example:0?from=a@b.example", Env: driver.NotifierEnv{}, WantErr: "port"},
		{Name: "no host", URL: "smtp://?from=a@b.example", Env: driver.NotifierEnv{}, WantErr: "no host"},
		{Name: "other scheme", URL: "http://mail.example?from=a@b.example", Env: driver.NotifierEnv{}, WantErr: "not smtp or smtps"},
		{Name: "user without secret", URL: "smtp://u@mail.example?from=a@b.example", Env: driver.NotifierEnv{}, WantErr: "no secret"},
		{Name: "empty secret", URL: "smtp://u@mail.example?from=a@b.example", Env: secret(""), WantErr: "secret is empty"},
		{Name: "missing CA file", URL: "smtp://mail.example?from=a@b.example&ca=/nonexistent/ca.pem", Env: driver.NotifierEnv{}, WantErr: "CA file"},
		{Name: "bad timeout", URL: "smtp://mail.example?from=a@b.example&timeout=-1s", Env: driver.NotifierEnv{}, WantErr: "timeout"},
		{Name: "bad URL", URL: "smtp://u:" + secretPW + "@[::1", Env: driver.NotifierEnv{}, WantErr: "does not parse"},
	})
}

func TestOpenSecretErrorIsWrapped(t *testing.T) {
	boom := errors.New("SMTP_PASSWORD is not set")
	_, err := Open(context.Background(), "smtp://u@mail.example?from=a@b.example",
		driver.NotifierEnv{Secret: func() (string, error) { return "", boom }})
	require.ErrorIs(t, err, driver.ErrInvalid)
	require.ErrorIs(t, err, boom)
}

func TestRegisteredSchemes(t *testing.T) {
	for _, s := range []string{"smtp", "smtps"} {
		_, ok := driver.LookupNotifier(s)
		assert.True(t, ok, s)
	}
}

func TestMessageIDStableAndOpaque(t *testing.T) {
	a := MessageID("notif-42", "agency.example")
	assert.Equal(t, a, MessageID("notif-42", "agency.example"))
	assert.NotEqual(t, a, MessageID("notif-43", "agency.example"))
	assert.Regexp(t, `^<[0-9a-f]{32}@agency\.example>$`, a)
	assert.NotContains(t, a, "notif-42")
}

func TestBuildMessage(t *testing.T) {
	m := msg("n-1")
	to, err := mailmsg.Check("smtp", m)
	require.NoError(t, err)
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	raw, err := buildMessage(mail.Address{Name: "Ventanilla PQRSD", Address: "pqrsd@agency.example"}, to, MessageID(m.ID, "agency.example"), now, m)
	require.NoError(t, err)
	for _, line := range strings.Split(string(raw), "\r\n") {
		assert.LessOrEqual(t, len(line), 998, "line too long")
		assert.NotContains(t, line, "\n", "bare LF")
	}
	parsed, err := mail.ReadMessage(strings.NewReader(string(raw)))
	require.NoError(t, err)
	h := parsed.Header
	dec := new(mime.WordDecoder)
	subj, err := dec.DecodeHeader(h.Get("Subject"))
	require.NoError(t, err)
	assert.Equal(t, m.Subject, subj)
	assert.NotContains(t, h.Get("Subject"), "ñ", "the subject is RFC 2047 encoded")
	toAddr, err := mail.ParseAddress(h.Get("To"))
	require.NoError(t, err)
	assert.Equal(t, "Ana María Peña", toAddr.Name)
	assert.Equal(t, "ana.pena@example.org", toAddr.Address)
	from, err := mail.ParseAddress(h.Get("From"))
	require.NoError(t, err)
	assert.Equal(t, "pqrsd@agency.example", from.Address)
	assert.Equal(t, MessageID("n-1", "agency.example"), h.Get("Message-ID"))
	d, err := h.Date()
	require.NoError(t, err)
	assert.True(t, d.Equal(now))
	assert.Equal(t, "auto-generated", h.Get("Auto-Submitted"))
	assert.Equal(t, "citizen.pqrsd.overdue", h.Get("X-Relaciona-Kind"))
	assert.Equal(t, "es", h.Get("Content-Language"))
	assert.Equal(t, "1.0", h.Get("MIME-Version"))
	assert.Equal(t, "text/plain; charset=utf-8", h.Get("Content-Type"))
	assert.Equal(t, "quoted-printable", h.Get("Content-Transfer-Encoding"))
	body, err := io.ReadAll(quotedprintable.NewReader(parsed.Body))
	require.NoError(t, err)
	assert.Equal(t, strings.ReplaceAll(m.Body, "\n", "\r\n"), string(body))
}

func TestSubjectCannotInjectHeaders(t *testing.T) {
	m := msg("n-inj")
	m.Subject = "hola\r\nBcc: victim@example.org"
	to, err := mailmsg.Check("smtp", m)
	require.NoError(t, err)
	raw, err := buildMessage(mail.Address{Address: "a@b.example"}, to, "<x@b.example>", time.Now(), m)
	require.NoError(t, err)
	parsed, err := mail.ReadMessage(strings.NewReader(string(raw)))
	require.NoError(t, err)
	assert.Empty(t, parsed.Header.Get("Bcc"))
}

func TestBadMessageRefusedBeforeDialing(t *testing.T) {
	srv := newFakeServer(t, nil)
	n, err := Open(context.Background(), srv.url(""), driver.NotifierEnv{})
	require.NoError(t, err)
	defer n.Close()
	bad := []func(*driver.Message){
		func(m *driver.Message) { m.ID = "" },
		func(m *driver.Message) { m.To.Email = "" },
		func(m *driver.Message) { m.To.Email = "ana.pena-at-example.org" },
		func(m *driver.Message) { m.To.Email = "Ana <ana.pena@example.org>" },
		func(m *driver.Message) { m.To.Email = "ana@example.org\r\nRCPT TO:<x@y.z>" },
		func(m *driver.Message) { m.Subject = "\xff\xfe" },
		func(m *driver.Message) { m.Kind = "citizen overdue\r\nBcc: x" },
	}
	for i, f := range bad {
		m := msg("n-bad")
		f(&m)
		err := n.Send(context.Background(), m)
		require.ErrorIs(t, err, driver.ErrInvalid, "case %d", i)
		assert.NotContains(t, err.Error(), "ana.pena", "case %d", i)
	}
	assert.Zero(t, srv.conns.Load(), "nothing dialled for a bad message")
}

func TestErrorClasses(t *testing.T) {
	tests := []struct {
		name    string
		replies map[string]string
		query   string
		want    error
		notWant error
	}{
		{"550 user unknown at RCPT", map[string]string{"RCPT": "550 5.1.1 <ana.pena@example.org>: user unknown"}, "", driver.ErrInvalid, nil},
		{"553 bad address at RCPT", map[string]string{"RCPT": "553 5.1.3 bad address"}, "", driver.ErrInvalid, nil},
		{"554 message refused", map[string]string{".": "554 5.7.1 rejected as spam"}, "", driver.ErrInvalid, nil},
		{"451 at RCPT", map[string]string{"RCPT": "451 4.3.0 try later"}, "", driver.ErrUnavailable, driver.ErrInvalid},
		{"452 at end of DATA", map[string]string{".": "452 4.3.1 out of storage"}, "", driver.ErrUnavailable, driver.ErrInvalid},
		{"421 greeting", map[string]string{"greeting": "421 4.3.2 busy"}, "", driver.ErrUnavailable, driver.ErrInvalid},
		{"550 sender refused at MAIL", map[string]string{"MAIL": "550 5.7.1 sender not allowed"}, "", driver.ErrUnavailable, driver.ErrInvalid},
		{"no STARTTLS but required", nil, "&starttls=required", driver.ErrUnavailable, driver.ErrInvalid},
		{"535 auth refused", map[string]string{"AUTH": "535 5.7.8 bad credentials"}, "&user=relaciona", driver.ErrAuth, driver.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFakeServer(t, tt.replies)
			n, err := Open(context.Background(), srv.url(tt.query), secret(secretPW))
			require.NoError(t, err)
			defer n.Close()
			err = n.Send(context.Background(), msg("n-class"))
			require.ErrorIs(t, err, tt.want)
			if tt.notWant != nil {
				assert.NotErrorIs(t, err, tt.notWant)
			}
			for _, leak := range []string{secretPW, "ana.pena", "Peña", "vencida"} {
				assert.NotContains(t, err.Error(), leak)
			}
		})
	}
}

func TestConnectionRefusedIsUnavailable(t *testing.T) {
	n, err := Open(context.Background(), "smtp://"+plugintest.ClosedAddr(t)+"?from=a@agency.example", driver.NotifierEnv{})
	require.NoError(t, err)
	err = n.Send(context.Background(), msg("n-refused"))
	require.ErrorIs(t, err, driver.ErrUnavailable)
	assert.Contains(t, err.Error(), "connect")
}

func TestHangingServerTimesOut(t *testing.T) {
	for _, step := range []string{"greeting", "RCPT", "."} {
		t.Run(step, func(t *testing.T) {
			srv := newFakeServer(t, map[string]string{step: "hang"})
			n, err := Open(context.Background(), srv.url("&timeout=300ms"), driver.NotifierEnv{})
			require.NoError(t, err)
			start := time.Now()
			err = n.Send(context.Background(), msg("n-hang"))
			require.ErrorIs(t, err, driver.ErrUnavailable)
			assert.Less(t, time.Since(start), 5*time.Second)
			assert.Contains(t, err.Error(), "timed out")
		})
	}
}

func TestContextDeadlineAndCancelHonoured(t *testing.T) {
	srv := newFakeServer(t, map[string]string{"RCPT": "hang"})
	n, err := Open(context.Background(), srv.url(""), driver.NotifierEnv{}) // timeout 30 s
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = n.Send(ctx, msg("n-deadline"))
	require.ErrorIs(t, err, driver.ErrUnavailable)
	assert.Less(t, time.Since(start), 5*time.Second)

	ctx2, cancel2 := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel2)
	start = time.Now()
	err = n.Send(ctx2, msg("n-cancel"))
	require.ErrorIs(t, err, driver.ErrUnavailable)
	require.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), 5*time.Second)

	done, cancel3 := context.WithCancel(context.Background())
	cancel3()
	err = n.Send(done, msg("n-done"))
	require.ErrorIs(t, err, context.Canceled)
}

func TestConnectionReused(t *testing.T) {
	srv := newFakeServer(t, nil)
	n, err := Open(context.Background(), srv.url(""), driver.NotifierEnv{})
	require.NoError(t, err)
	for i := 0; i < 5; i++ {
		require.NoError(t, n.Send(context.Background(), msg("n-reuse")))
	}
	require.NoError(t, n.Close())
	assert.EqualValues(t, 1, srv.conns.Load(), "one connection for five sequential messages")
	verbs := srv.sawVerbs()
	assert.Equal(t, 4, count(verbs, "RSET"), "RSET before each reuse")
	assert.Equal(t, 1, count(verbs, "EHLO"))
	assert.Equal(t, "QUIT", verbs[len(verbs)-1])
	err = n.Send(context.Background(), msg("n-after-close"))
	require.ErrorIs(t, err, driver.ErrClosed)

	srv2 := newFakeServer(t, nil)
	n2, err := Open(context.Background(), srv2.url("&maxidle=0"), driver.NotifierEnv{})
	require.NoError(t, err)
	for i := 0; i < 3; i++ {
		require.NoError(t, n2.Send(context.Background(), msg("n-noreuse")))
	}
	assert.EqualValues(t, 3, srv2.conns.Load(), "maxidle=0 dials for every message")
}

func TestBrokenIdleConnectionIsReplaced(t *testing.T) {
	srv := newFakeServer(t, map[string]string{"RSET": "421 4.4.2 idle too long"})
	n, err := Open(context.Background(), srv.url(""), driver.NotifierEnv{})
	require.NoError(t, err)
	defer n.Close()
	require.NoError(t, n.Send(context.Background(), msg("n-1")))
	require.NoError(t, n.Send(context.Background(), msg("n-2")))
	assert.EqualValues(t, 2, srv.conns.Load())
}

func TestConcurrentSends(t *testing.T) {
	srv := newFakeServer(t, nil)
	n, err := Open(context.Background(), srv.url("&maxidle=2"), driver.NotifierEnv{})
	require.NoError(t, err)
	defer n.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := 0; i < 40; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- n.Send(context.Background(), msg("n-conc"))
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, 40, count(srv.sawVerbs(), "DATA"))
}

func count(xs []string, x string) int {
	k := 0
	for _, s := range xs {
		if s == x {
			k++
		}
	}
	return k
}
