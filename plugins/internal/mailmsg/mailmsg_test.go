package mailmsg

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

// TestRecipient: one plain address passes, with the name's white space
// folded; an empty address, a name of its own, angle brackets, line
// breaks and two addresses do not.
func TestRecipient(t *testing.T) {
	for _, c := range []struct {
		to   driver.Address
		want mail.Address
		ok   bool
	}{
		{to: driver.Address{Name: " Ana  María\tPeña ", Email: "ana@example.org"}, want: mail.Address{Name: "Ana María Peña", Address: "ana@example.org"}, ok: true},
		{to: driver.Address{Email: ""}},
		{to: driver.Address{Email: "Ana <ana@example.org>"}},
		{to: driver.Address{Email: "<ana@example.org>"}},
		{to: driver.Address{Email: "ana@example.org\r\nBcc: x@example.org"}},
		{to: driver.Address{Email: "ana@example.org, luis@example.org"}},
		{to: driver.Address{Email: "not an address"}},
	} {
		t.Run(c.to.Email, func(t *testing.T) {
			got, ok := Recipient(c.to)
			assert.Equal(t, c.ok, ok)
			assert.Equal(t, c.want, got)
		})
	}
}

// TestNotUTF8AndHeaderToken: the first part not in UTF-8 is named; a
// header token is printable ASCII without spaces, up to 200 bytes.
func TestNotUTF8AndHeaderToken(t *testing.T) {
	bad := string([]byte{0xff})
	assert.Equal(t, "", NotUTF8(driver.Message{Subject: "ñandú", Body: "€"}))
	assert.Equal(t, "recipient name", NotUTF8(driver.Message{To: driver.Address{Name: bad}, Body: bad}))
	assert.Equal(t, "subject", NotUTF8(driver.Message{Subject: bad}))
	assert.Equal(t, "body", NotUTF8(driver.Message{Body: bad}))
	for s, want := range map[string]bool{"": true, "citizen.pqrsd.overdue": true, "es-CO": true, "a b": false, "ñ": false, "a\r\nb": false,
		strings.Repeat("x", 200): true, strings.Repeat("x", 201): false} {
		assert.Equal(t, want, HeaderToken(s), "%q", s)
	}
}

// TestWriteBody: bare CRs and LFs become CRLF line ends, the body ends in
// one CRLF, and non-ASCII text is quoted-printable.
func TestWriteBody(t *testing.T) {
	for body, want := range map[string]string{
		"uno\ndos\rtres\r\ncuatro": "uno\r\ndos\r\ntres\r\ncuatro\r\n",
		"línea\n":                  "l=C3=ADnea\r\n",
		"":                         "\r\n",
	} {
		var b bytes.Buffer
		require.NoError(t, WriteBody(&b, body))
		assert.Equal(t, want, b.String(), "%q", body)
	}
}

// TestContentHeaders: Content-Language and X-Relaciona-Kind only when the
// message has them.
func TestContentHeaders(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	names := func(m driver.Message) []string {
		var out []string
		ContentHeaders(func(name, _ string) { out = append(out, name) }, m, "<id@x>", now)
		return out
	}
	base := []string{"Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Auto-Submitted"}
	assert.Equal(t, base, names(driver.Message{}))
	assert.Equal(t, []string{"Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Content-Language", "Auto-Submitted", "X-Relaciona-Kind"},
		names(driver.Message{Lang: "es", Kind: "citizen.pqrsd.overdue"}))
}

// TestEncodedWords: at most 45 bytes of text a word, never cutting a rune,
// and the words decode back to the text.
func TestEncodedWords(t *testing.T) {
	s := strings.Repeat("ñandú", 20) // 7 bytes a word: a cut at 45 falls inside a rune
	words := EncodedWords(s)
	require.Greater(t, len(words), 1)
	var dec mime.WordDecoder
	var back strings.Builder
	for _, w := range words {
		assert.LessOrEqual(t, len(w), len("=?utf-8?b??=")+60, w)
		text, err := dec.Decode(w)
		require.NoError(t, err, w)
		assert.True(t, utf8.ValidString(text), "a word holds whole runes: %q", text)
		back.WriteString(text)
	}
	assert.Equal(t, s, back.String())
	assert.Empty(t, EncodedWords(""))
}
