package smtp

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/mailmsg"
)

// buildMessage renders m as an RFC 5322 message with one text/plain UTF-8
// part in quoted-printable: From, To (with the name, RFC 2047 encoded when
// not ASCII), Subject (RFC 2047), Date, Message-ID, Auto-Submitted:
// auto-generated (RFC 3834: no auto-replies), X-Relaciona-Kind and, when
// m.Lang is set, Content-Language. Lines end in CRLF.
func buildMessage(from, to mail.Address, messageID string, now time.Time, m driver.Message) ([]byte, error) {
	var b bytes.Buffer
	h := func(name, value string) {
		b.WriteString(fold(name + ": " + value))
		b.WriteString("\r\n")
	}
	h("From", from.String())
	// A name that is not plain printable ASCII is B-encoded whole: Go's
	// own Q-encoding of a name with a backslash does not parse back.
	if needsForce(to.Name) || !printableASCII(to.Name) {
		h("To", forceB(to.Name)+" <"+to.Address+">")
	} else {
		h("To", to.String())
	}
	h("Subject", encodeSubject(m.Subject))
	mailmsg.ContentHeaders(h, m, messageID, now)
	h("X-Auto-Response-Suppress", "All")
	b.WriteString("\r\n")
	if err := mailmsg.WriteBody(&b, m.Body); err != nil {
		return nil, driver.Errorf(driver.ErrInvalid, "smtp: message %s: encoding the body", m.ID)
	}
	return b.Bytes(), nil
}

// encodeSubject folds the subject to one line and encodes it (RFC 2047,
// Q or B whichever is shorter per word) when it is not plain ASCII.
func encodeSubject(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if needsForce(s) {
		return forceB(s)
	}
	q := mime.QEncoding.Encode("utf-8", s)
	if bq := mime.BEncoding.Encode("utf-8", s); len(bq) < len(q) {
		return bq
	}
	return q
}

// needsForce reports whether s must be B-encoded even when plain ASCII:
// text that looks like an encoded word would be decoded by the reader, and
// a word longer than 60 characters could not be folded.
func needsForce(s string) bool {
	if strings.Contains(s, "=?") {
		return true
	}
	for _, w := range strings.Fields(s) {
		if len(w) > 60 {
			return true
		}
	}
	return false
}

func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// forceB encodes s as RFC 2047 B encoded words of at most 45 bytes of
// text each (60 of base64), cut between runes.
func forceB(s string) string {
	return strings.Join(mailmsg.EncodedWords(s), " ")
}

// fold breaks a header line longer than 78 characters at its spaces
// (RFC 5322 folding: CRLF before the space), so a long subject or name
// never makes a line a server refuses (998 at most). Unfolding restores
// the line exactly.
func fold(line string) string {
	const width = 78
	if len(line) <= width {
		return line
	}
	var out strings.Builder
	cur := 0 // length of the current output line
	for i, word := range strings.Split(line, " ") {
		if i > 0 {
			if cur+1+len(word) > width {
				out.WriteString("\r\n")
				cur = 0
			}
			out.WriteByte(' ')
			cur++
		}
		out.WriteString(word)
		cur += len(word)
	}
	return out.String()
}
