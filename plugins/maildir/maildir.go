package maildir

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/mailmsg"
)

// Scheme is the URL scheme this package registers with
// driver.RegisterNotifier.
const Scheme = "file"

// DefaultFrom is the sender of the messages when the URL gives no ?from=.
const DefaultFrom = "relaciona@localhost"

func init() {
	driver.RegisterNotifier(Scheme, func(ctx context.Context, rawURL string, env driver.NotifierEnv) (driver.Notifier, error) {
		return Open(ctx, rawURL, env)
	})
}

// Notifier writes messages as .eml files into one folder. It is safe for
// concurrent use, also by several processes on the same folder.
type Notifier struct {
	dir        string
	from       mail.Address
	fromDomain string
	now        func() time.Time

	mu     sync.Mutex
	closed bool
}

var _ driver.Notifier = (*Notifier)(nil)

// Open parses a file:// URL and returns a Notifier writing into its
// folder, which it creates (with its parents) when missing:
//
//	file:///absolute/folder[?from=addr]
//	file://relative/folder[?from=addr]   (relative to the working directory)
//
// A deployment file resolves a relative folder against its own folder
// before it opens the channel. The channel has no secret; env is unused.
func Open(_ context.Context, rawURL string, _ driver.NotifierEnv) (*Notifier, error) {
	dir, from, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, driver.Errorf(driver.ErrUnavailable, "maildir: create the folder %s: %v", dir, errText(err))
	}
	_, domain, _ := strings.Cut(from.Address, "@")
	return &Notifier{dir: dir, from: from, fromDomain: domain, now: time.Now}, nil
}

// parseURL returns the folder and the sender of a file:// URL.
func parseURL(rawURL string) (string, mail.Address, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", mail.Address{}, driver.Errorf(driver.ErrInvalid, "maildir: the channel URL does not parse")
	}
	if u.Scheme != Scheme {
		return "", mail.Address{}, driver.Errorf(driver.ErrInvalid, "maildir: the URL's scheme is %q, want %s://", u.Scheme, Scheme)
	}
	if u.User != nil {
		return "", mail.Address{}, driver.Errorf(driver.ErrInvalid, "maildir: a file:// URL takes no user or password")
	}
	dir := u.Host + u.Path // file://correo: the host is the folder's first name
	if dir == "" {
		return "", mail.Address{}, driver.Errorf(driver.ErrInvalid, "maildir: the URL names no folder (want file://FOLDER or file:///absolute/folder)")
	}
	from := mail.Address{Address: DefaultFrom}
	if f := u.Query().Get("from"); f != "" {
		a, err := mail.ParseAddress(f)
		if err != nil || a.Name != "" {
			return "", mail.Address{}, driver.Errorf(driver.ErrInvalid, "maildir: ?from= is not one e-mail address")
		}
		from.Address = a.Address
	}
	from.Name = u.Query().Get("from_name")
	return filepath.Clean(filepath.FromSlash(dir)), from, nil
}

// Dir returns the folder the Notifier writes into.
func (n *Notifier) Dir() string { return n.dir }

// FileName returns the name of the file of the notification with
// idempotency key id: the first 16 bytes of SHA-256(id) in hex, ".eml".
// It reveals nothing of the key.
func FileName(id string) string { return hashOf(id) + ".eml" }

func hashOf(id string) string {
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:16])
}

// Send writes m as one .eml file, FileName(m.ID), unless a file of that
// name is there already (the notification was written before): then it
// writes nothing and returns nil. See the package documentation for the
// errors.
func (n *Notifier) Send(ctx context.Context, m driver.Message) error {
	to, err := mailmsg.Check("maildir", m)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%w: maildir: %w", driver.ErrUnavailable, err)
	}
	n.mu.Lock()
	closed := n.closed
	n.mu.Unlock()
	if closed {
		return driver.Errorf(driver.ErrClosed, "maildir %s: the channel is closed", n.dir)
	}
	name := filepath.Join(n.dir, FileName(m.ID))
	if _, err := os.Lstat(name); err == nil {
		return nil // written before: once only
	}
	raw := buildMessage(n.from, to, "<"+hashOf(m.ID)+"@"+n.fromDomain+">", n.now(), m)
	tmp, err := n.writeTemp(raw)
	if err != nil {
		return driver.Errorf(driver.ErrUnavailable, "maildir %s: message %s: %v", n.dir, m.ID, err)
	}
	defer os.Remove(tmp)
	// A link never replaces an existing name: of two writers of the same
	// ID, one wins and the other finds the file there.
	if err := os.Link(tmp, name); err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil
		}
		return driver.Errorf(driver.ErrUnavailable, "maildir %s: message %s: %v", n.dir, m.ID, errText(err))
	}
	return syncDir(n.dir)
}

// writeTemp writes raw to a new temporary file in the folder, synced.
func (n *Notifier) writeTemp(raw []byte) (string, error) {
	var rnd [8]byte
	_, _ = rand.Read(rnd[:])
	tmp := filepath.Join(n.dir, ".tmp-"+hex.EncodeToString(rnd[:]))
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return "", errors.New(errText(err))
	}
	_, werr := f.Write(raw)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(tmp)
		return "", errors.New(errText(err))
	}
	return tmp, nil
}

// syncDir makes the new name durable; a folder that cannot be synced (some
// platforms) is not an error.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return nil
	}
	_ = d.Sync()
	return d.Close()
}

// errText is err's description without the path, which the caller names.
func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Op + ": " + le.Err.Error()
	}
	return err.Error()
}

// Close stops the Notifier: later Sends fail with driver.ErrClosed.
func (n *Notifier) Close() error {
	n.mu.Lock()
	n.closed = true
	n.mu.Unlock()
	return nil
}

// buildMessage renders m as an RFC 5322 message with one text/plain UTF-8
// part in quoted-printable; names and subject RFC 2047 B-encoded when not
// plain ASCII. Lines end in CRLF.
func buildMessage(from, to mail.Address, messageID string, now time.Time, m driver.Message) []byte {
	var b bytes.Buffer
	h := func(name, value string) {
		b.WriteString(name + ": " + value + "\r\n")
	}
	h("From", address(from))
	h("To", address(to))
	h("Subject", word(strings.Join(strings.Fields(m.Subject), " ")))
	mailmsg.ContentHeaders(h, m, messageID, now)
	b.WriteString("\r\n")
	_ = mailmsg.WriteBody(&b, m.Body) // a bytes.Buffer takes every write
	return b.Bytes()
}

// address renders a as a header value, the name B-encoded when it is not
// plain printable ASCII of safe characters.
func address(a mail.Address) string {
	if a.Name == "" {
		return "<" + a.Address + ">"
	}
	return word(a.Name) + " <" + a.Address + ">"
}

// word returns s as it may stand in a header: itself when plain ASCII
// letters, digits, spaces and safe punctuation, else RFC 2047 B-encoded
// words (at most 45 bytes of text each, cut between runes).
func word(s string) string {
	plain := !strings.Contains(s, "=?") && len(s) <= 200
	for i := 0; plain && i < len(s); i++ {
		c := s[i]
		plain = c >= ' ' && c <= '~' && !strings.ContainsRune(`"\()<>@,;:[]`, rune(c))
	}
	if plain {
		return s
	}
	return strings.Join(mailmsg.EncodedWords(s), "\r\n ")
}
