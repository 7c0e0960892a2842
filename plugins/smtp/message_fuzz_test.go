package smtp

import (
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/mailmsg"
)

// FuzzBuildMessage: whatever the name, subject and body (outside text: a
// citizen's name, a template's output), the message either is refused
// with ErrInvalid or parses as one message with exactly the headers we
// wrote (no header injected), the subject and body decoding back.
func FuzzBuildMessage(f *testing.F) {
	f.Add("Ana María Peña", "Su PQRSD está vencida", "Hola,\n.\nfin")
	f.Add("x\r\nBcc: v@example.org", "a\r\nBcc: v@example.org", "\r\n.\r\nRCPT TO:<v@example.org>")
	f.Add("\"quoted\" <name>", "=?utf-8?q?ya_codificado?=", strings.Repeat("ñ", 500))
	f.Add(strings.Repeat("Nombre Largo ", 100), strings.Repeat("Asunto muy largo con tildes, acción ", 60), "x")
	f.Add(strings.Repeat("n", 300), strings.Repeat("s", 2000), "x")
	f.Fuzz(func(t *testing.T, name, subject, body string) {
		m := driver.Message{ID: "fz", Kind: "k.x", Lang: "es",
			To: driver.Address{Name: name, Email: "ana@example.org"}, Subject: subject, Body: body}
		to, err := mailmsg.Check("smtp", m)
		if err != nil {
			return
		}
		raw, err := buildMessage(mail.Address{Address: "a@agency.example"}, to, "<x@agency.example>", time.Unix(0, 0), m)
		if err != nil {
			return
		}
		parsed, err := mail.ReadMessage(strings.NewReader(string(raw)))
		if err != nil {
			t.Fatalf("the message does not parse: %v", err)
		}
		for _, line := range strings.Split(string(raw), "\r\n") {
			if len(line) > 998 {
				t.Fatalf("a line of %d characters", len(line))
			}
		}
		if len(parsed.Header) != 12 {
			t.Fatalf("want the 12 headers written, got %d: %v", len(parsed.Header), parsed.Header)
		}
		a, err := mail.ParseAddress(parsed.Header.Get("To"))
		if err != nil || a.Address != "ana@example.org" || a.Name != strings.Join(strings.Fields(name), " ") {
			t.Fatalf("To %q came back as %q (%v)", name, parsed.Header.Get("To"), err)
		}
		got, err := new(mime.WordDecoder).DecodeHeader(parsed.Header.Get("Subject"))
		if err != nil || got != strings.Join(strings.Fields(subject), " ") {
			t.Fatalf("subject %q came back as %q (%v)", subject, got, err)
		}
		b, err := io.ReadAll(quotedprintable.NewReader(parsed.Body))
		if err != nil {
			t.Fatalf("body: %v", err)
		}
		lf := strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\r", "\n")
		want := strings.ReplaceAll(lf, "\n", "\r\n")
		if strings.TrimRight(string(b), "\r\n") != strings.TrimRight(want, "\r\n") {
			t.Fatalf("body %q came back as %q", want, b)
		}
	})
}
