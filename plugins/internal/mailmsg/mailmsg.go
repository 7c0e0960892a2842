// Package mailmsg holds what the e-mail channels (plugins/smtp,
// plugins/maildir) check alike before they build a message (one plain
// recipient address, text in UTF-8, header tokens) and what they write
// alike: the headers after From, To and Subject, and the body.
package mailmsg

import (
	"bytes"
	"encoding/base64"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relaciona/relaciona/plugins/driver"
)

// Check refuses a message no mail server or reader could take: no ID (its
// idempotency key), a recipient that is not one plain e-mail address,
// text that is not UTF-8, a kind or language unfit for a header. It
// returns the recipient's address otherwise. The errors wrap
// driver.ErrInvalid, begin with system (the channel: "smtp", "maildir")
// and never quote the address or the text.
func Check(system string, m driver.Message) (mail.Address, error) {
	if m.ID == "" {
		return mail.Address{}, driver.Errorf(driver.ErrInvalid, "%s: the message has no ID (its idempotency key)", system)
	}
	if m.To.Email == "" {
		return mail.Address{}, driver.Errorf(driver.ErrInvalid, "%s: message %s has no recipient address", system, m.ID)
	}
	to, ok := Recipient(m.To)
	if !ok {
		return mail.Address{}, driver.Errorf(driver.ErrInvalid, "%s: message %s: the recipient address is not a valid e-mail address", system, m.ID)
	}
	if what := NotUTF8(m); what != "" {
		return mail.Address{}, driver.Errorf(driver.ErrInvalid, "%s: message %s: the %s is not valid UTF-8", system, m.ID, what)
	}
	if !HeaderToken(m.Kind) || !HeaderToken(m.Lang) {
		return mail.Address{}, driver.Errorf(driver.ErrInvalid, "%s: message %s: kind %q or language %q holds characters a header cannot carry", system, m.ID, m.Kind, m.Lang)
	}
	return to, nil
}

// Recipient is the recipient of a message as its To header carries it:
// the address, when it is one plain e-mail address (no name of its own,
// no angle brackets, no line breaks; ok is false otherwise), and the name
// with its white space folded.
func Recipient(to driver.Address) (a mail.Address, ok bool) {
	p, err := mail.ParseAddress(to.Email)
	if to.Email == "" || err != nil || p.Name != "" || strings.ContainsAny(to.Email, "\r\n<>") {
		return mail.Address{}, false
	}
	return mail.Address{Name: strings.Join(strings.Fields(to.Name), " "), Address: p.Address}, true
}

// NotUTF8 names the first part of m that is not valid UTF-8 ("recipient
// name", "subject", "body"), or is "" when all are.
func NotUTF8(m driver.Message) string {
	for _, f := range []struct{ what, s string }{{"recipient name", m.To.Name}, {"subject", m.Subject}, {"body", m.Body}} {
		if !utf8.ValidString(f.s) {
			return f.what
		}
	}
	return ""
}

// HeaderToken reports whether s is printable ASCII without spaces, at most
// 200 bytes (one header line).
func HeaderToken(s string) bool {
	if len(s) > 200 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// ContentHeaders writes, through h, the headers of m after From, To and
// Subject: Date (now), Message-ID, the MIME headers of one text/plain
// UTF-8 part in quoted-printable, Content-Language when m.Lang is set,
// Auto-Submitted: auto-generated (RFC 3834: no auto-replies) and
// X-Relaciona-Kind when m.Kind is set.
func ContentHeaders(h func(name, value string), m driver.Message, messageID string, now time.Time) {
	h("Date", now.Format(time.RFC1123Z))
	h("Message-ID", messageID)
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "quoted-printable")
	if m.Lang != "" {
		h("Content-Language", m.Lang)
	}
	h("Auto-Submitted", "auto-generated")
	if m.Kind != "" {
		h("X-Relaciona-Kind", m.Kind)
	}
}

// WriteBody appends body to b in quoted-printable. A bare CR ends a line
// (RFC 5322 allows none), every line ends in CRLF, and so does the body:
// the quoted-printable writer takes CR, LF and CRLF alike as one line end.
func WriteBody(b *bytes.Buffer, body string) error {
	qp := quotedprintable.NewWriter(b)
	if _, err := qp.Write([]byte(body)); err != nil {
		return err
	}
	if err := qp.Close(); err != nil {
		return err
	}
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("\r\n")
	}
	return nil
}

// EncodedWords encodes s as RFC 2047 B encoded words ("=?utf-8?b?...?=")
// of at most 45 bytes of text each (60 of base64), cut between runes, so
// that each fits a folded header line. The caller joins them with the
// white space its header allows.
func EncodedWords(s string) []string {
	var words []string
	for len(s) > 0 {
		k := min(len(s), 45)
		for k < len(s) && k > 0 && !utf8.RuneStart(s[k]) {
			k--
		}
		words = append(words, "=?utf-8?b?"+base64.StdEncoding.EncodeToString([]byte(s[:k]))+"?=")
		s = s[k:]
	}
	return words
}
