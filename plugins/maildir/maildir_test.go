package maildir

import (
	"context"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

var ctx = context.Background()

func open(t *testing.T, dir string) *Notifier {
	t.Helper()
	n, err := Open(ctx, "file://"+filepath.ToSlash(dir)+"?from=pqrsd@agency.example", driver.NotifierEnv{})
	require.NoError(t, err)
	t.Cleanup(func() { n.Close() })
	return n
}

func msg(id string) driver.Message {
	return driver.Message{ID: id, Kind: "citizen.pqrsd.extension", Lang: "es",
		To:      driver.Address{Name: "María José Pérez", Email: "mjperez@correo.example"},
		Subject: "Su PQRSD PQRSD-2026-000123: ampliación del plazo", Body: "Señora Pérez:\n\nEl nuevo plazo vence el 2026-12-20.\n", Data: map[string]string{"due": "2026-12-20"}}
}

// emls lists the .eml files in dir.
func emls(t *testing.T, dir string) []string {
	t.Helper()
	all, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []string
	for _, e := range all {
		assert.False(t, strings.HasPrefix(e.Name(), ".tmp-"), "temporary file %s left behind", e.Name())
		if strings.HasSuffix(e.Name(), ".eml") {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestSendWritesOneRFC5322File(t *testing.T) {
	dir := t.TempDir()
	n := open(t, dir)
	m := msg("n-1")
	require.NoError(t, n.Send(ctx, m))
	require.Equal(t, []string{FileName("n-1")}, emls(t, dir))
	assert.Regexp(t, `^[0-9a-f]{32}\.eml$`, FileName("n-1"), "named by a hash, not by the key")

	f, err := os.Open(filepath.Join(dir, FileName("n-1")))
	require.NoError(t, err)
	defer f.Close()
	parsed, err := mail.ReadMessage(f)
	require.NoError(t, err)
	dec := new(mime.WordDecoder)
	subject, err := dec.DecodeHeader(parsed.Header.Get("Subject"))
	require.NoError(t, err)
	assert.Equal(t, m.Subject, subject)
	to, err := parsed.Header.AddressList("To")
	require.NoError(t, err)
	assert.Equal(t, []*mail.Address{{Name: "María José Pérez", Address: "mjperez@correo.example"}}, to)
	from, err := parsed.Header.AddressList("From")
	require.NoError(t, err)
	assert.Equal(t, "pqrsd@agency.example", from[0].Address)
	assert.Equal(t, "<"+strings.TrimSuffix(FileName("n-1"), ".eml")+"@agency.example>", parsed.Header.Get("Message-ID"))
	assert.Equal(t, "citizen.pqrsd.extension", parsed.Header.Get("X-Relaciona-Kind"))
	assert.Equal(t, "es", parsed.Header.Get("Content-Language"))
	_, err = parsed.Header.Date()
	require.NoError(t, err)
	body, err := io.ReadAll(quotedprintable.NewReader(parsed.Body))
	require.NoError(t, err)
	assert.Equal(t, strings.ReplaceAll(m.Body, "\n", "\r\n"), string(body))
}

func TestSameIDIsWrittenOnce(t *testing.T) {
	dir := t.TempDir()
	n := open(t, dir)
	require.NoError(t, n.Send(ctx, msg("n-1")))
	first, err := os.ReadFile(filepath.Join(dir, FileName("n-1")))
	require.NoError(t, err)
	n.now = func() time.Time { return time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC) } // a later attempt would differ
	again := msg("n-1")
	again.Subject = "otro asunto"
	require.NoError(t, n.Send(ctx, again), "a repeat is not an error")
	after, err := os.ReadFile(filepath.Join(dir, FileName("n-1")))
	require.NoError(t, err)
	assert.Equal(t, first, after, "the file written first is kept")
	require.NoError(t, n.Send(ctx, msg("n-2")))
	assert.Len(t, emls(t, dir), 2)
}

// TestConcurrentSends has two Notifiers on one folder (two runs at once)
// send the same notifications from many goroutines: each is in the folder
// once, whole, and no temporary file is left.
func TestConcurrentSends(t *testing.T) {
	dir := t.TempDir()
	a, b := open(t, dir), open(t, dir)
	const ids, workers = 25, 8
	var wg sync.WaitGroup
	errs := make(chan error, 2*workers*ids)
	for w := range 2 * workers {
		n := a
		if w%2 == 1 {
			n = b
		}
		wg.Go(func() {
			for i := range ids {
				errs <- n.Send(ctx, msg(fmt.Sprintf("n-%d", (i+w)%ids)))
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	files := emls(t, dir)
	require.Len(t, files, ids)
	for _, f := range files {
		fh, err := os.Open(filepath.Join(dir, f))
		require.NoError(t, err)
		_, err = mail.ReadMessage(fh)
		fh.Close()
		require.NoError(t, err, "%s is a whole message", f)
	}
}

// TestReadOnlyFolder: a folder that cannot be written is a retryable
// error (ErrUnavailable) that names neither the recipient nor the text.
func TestReadOnlyFolder(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "correo")
	n := open(t, dir)
	require.NoError(t, os.Chmod(dir, 0o555))
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	if os.Geteuid() == 0 {
		// root writes through mode bits: use a folder no one may write.
		require.Equal(t, "linux", runtime.GOOS, "as root this test needs Linux's /sys")
		n.dir = "/sys"
	}
	err := n.Send(ctx, msg("n-1"))
	require.ErrorIs(t, err, driver.ErrUnavailable)
	for _, personal := range []string{"mjperez", "María", "ampliación", "Señora"} {
		assert.NotContains(t, err.Error(), personal)
	}
	if os.Geteuid() != 0 {
		assert.Empty(t, emls(t, dir))
	}
}

func TestSendRefusesBadMessages(t *testing.T) {
	for name, change := range map[string]func(*driver.Message){
		"no ID":             func(m *driver.Message) { m.ID = "" },
		"no address":        func(m *driver.Message) { m.To.Email = "" },
		"bad address":       func(m *driver.Message) { m.To.Email = "mjperez at correo" },
		"header injection":  func(m *driver.Message) { m.To.Email = "a@b.example\r\nBcc: c@d.example" },
		"body not UTF-8":    func(m *driver.Message) { m.Body = "\xff" },
		"kind with a space": func(m *driver.Message) { m.Kind = "a b" },
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			n := open(t, dir)
			m := msg("n-1")
			change(&m)
			err := n.Send(ctx, m)
			require.ErrorIs(t, err, driver.ErrInvalid)
			assert.NotContains(t, err.Error(), "mjperez")
			assert.Empty(t, emls(t, dir), "nothing written")
		})
	}
}

func TestClosedNotifierRefuses(t *testing.T) {
	dir := t.TempDir()
	n := open(t, dir)
	require.NoError(t, n.Close())
	require.ErrorIs(t, n.Send(ctx, msg("n-1")), driver.ErrClosed)
	assert.Empty(t, emls(t, dir))
}

func TestOpenURLs(t *testing.T) {
	base := t.TempDir()
	t.Chdir(base)
	for _, tc := range []struct {
		url, dir, from string
		bad            bool
	}{
		{url: "file://correo", dir: "correo", from: DefaultFrom},
		{url: "file://correo/entrada?from=avisos@agency.example", dir: filepath.Join("correo", "entrada"), from: "avisos@agency.example"},
		{url: "file://" + filepath.ToSlash(filepath.Join(base, "abs")), dir: filepath.Join(base, "abs"), from: DefaultFrom},
		{url: "file://", bad: true},
		{url: "file://u:p@correo", bad: true},
		{url: "file://correo?from=not-an-address", bad: true},
		{url: "smtp://correo", bad: true},
	} {
		n, err := Open(ctx, tc.url, driver.NotifierEnv{})
		if tc.bad {
			require.ErrorIs(t, err, driver.ErrInvalid, tc.url)
			assert.NotContains(t, err.Error(), "p@", "no password echoed")
			continue
		}
		require.NoError(t, err, tc.url)
		assert.Equal(t, tc.dir, n.Dir(), tc.url)
		assert.Equal(t, tc.from, n.from.Address, tc.url)
		assert.DirExists(t, tc.dir, "Open creates the folder")
	}
}

func TestRegisteredForFileScheme(t *testing.T) {
	open, ok := driver.LookupNotifier(Scheme)
	require.True(t, ok)
	dir := t.TempDir()
	n, err := open(ctx, "file://"+filepath.ToSlash(dir), driver.NotifierEnv{})
	require.NoError(t, err)
	defer n.Close()
	require.NoError(t, n.Send(ctx, msg("n-1")))
	assert.Len(t, emls(t, dir), 1)
}
