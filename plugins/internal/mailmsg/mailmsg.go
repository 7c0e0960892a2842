// Package mailmsg holds what the e-mail channels (plugins/smtp,
// plugins/maildir) check alike before they build a message: one plain
// recipient address, text in UTF-8, header tokens.
package mailmsg

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/relaciona/relaciona/plugins/driver"
)

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
