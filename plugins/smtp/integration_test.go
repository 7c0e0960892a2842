package smtp_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
	"github.com/relaciona/relaciona/plugins/smtp"
)

func env(pw string) driver.NotifierEnv {
	return driver.NotifierEnv{Secret: func() (string, error) { return pw, nil }}
}

// openSMTP opens a notifier on the server of the smtp(s) URL u, lent the
// password pw.
func openSMTP(t testing.TB, u, pw string) *smtp.Notifier {
	t.Helper()
	n, err := smtp.Open(context.Background(), u, env(pw))
	require.NoError(t, err)
	return n
}

// spanish is a message whose ID and subject carry marker.
func spanish(marker, id string) driver.Message {
	return driver.Message{
		ID: marker + "-" + id, Kind: "citizen.pqrsd.extension", Lang: "es",
		To:      driver.Address{Name: "José Núñez Ibáñez", Email: "jose.nunez@example.org"},
		Subject: "Ampliación del término de su petición " + marker + " — año 2026, señor Núñez",
		Body:    "Señor Núñez:\n\nSegún la Ley 1755 de 2015, art. 14, ampliamos el término.\nNueva fecha: 2026-12-20.\n",
	}
}

// TestMailpitDelivers sends over STARTTLS with AUTH to mailpit and reads
// the message back: headers, the Spanish subject and body round-trip.
func TestMailpitDelivers(t *testing.T) {
	for _, tc := range []struct{ urlVar, apiVar string }{{"SMTP_URL", "MAILPIT_API"}, {"SMTPS_URL", "MAILPIT_SMTPS_API"}} {
		t.Run(tc.urlVar, func(t *testing.T) {
			u, pw, mp, mk := markedMailpit(t, tc.urlVar, tc.apiVar)
			n := openSMTP(t, u, pw)
			defer n.Close()
			m := spanish(mk, "deliver")
			require.NoError(t, n.Send(context.Background(), m))

			mid := strings.Trim(n.MessageID(m.ID), "<>")
			got := mp.waitFor(t, "message-id:"+mid, 1)
			full := mp.message(t, got[0].ID)
			assert.Equal(t, mid, full.MessageID)
			assert.Equal(t, m.Subject, full.Subject, "UTF-8 subject with tildes and ñ round-trips")
			require.Len(t, full.To, 1)
			assert.Equal(t, "José Núñez Ibáñez", full.To[0].Name)
			assert.Equal(t, "jose.nunez@example.org", full.To[0].Address)
			assert.Equal(t, "relaciona@agency.example", full.From.Address)
			assert.Equal(t, strings.TrimSpace(m.Body), strings.TrimSpace(strings.ReplaceAll(full.Text, "\r\n", "\n")))
			h := mp.headers(t, got[0].ID)
			assert.Equal(t, []string{"auto-generated"}, h["Auto-Submitted"])
			assert.Equal(t, []string{"citizen.pqrsd.extension"}, h["X-Relaciona-Kind"])
			assert.Equal(t, []string{"text/plain; charset=utf-8"}, h["Content-Type"])
			assert.Equal(t, []string{"quoted-printable"}, h["Content-Transfer-Encoding"])
			assert.NotEmpty(t, h["Date"])
		})
	}
}

// TestMailpitMessageIDStableAcrossSends: two sends of one notification
// (a retry) carry the same Message-ID; another notification another.
func TestMailpitMessageIDStableAcrossSends(t *testing.T) {
	u, pw, mp, mk := markedMailpit(t, "SMTP_URL", "MAILPIT_API")
	for i := 0; i < 2; i++ {
		// A new Notifier each time: a retry after a restart.
		n := openSMTP(t, u, pw)
		require.NoError(t, n.Send(context.Background(), spanish(mk, "stable")))
		require.NoError(t, n.Close())
	}
	n := openSMTP(t, u, pw)
	defer n.Close()
	require.NoError(t, n.Send(context.Background(), spanish(mk, "other")))
	mid := strings.Trim(n.MessageID(mk+"-stable"), "<>")
	got := mp.waitFor(t, "message-id:"+mid, 2)
	require.Len(t, got, 2)
	assert.Equal(t, got[0].MessageID, got[1].MessageID)
	all := mp.waitFor(t, "subject:"+mk, 3)
	assert.Len(t, all, 3)
}

// TestMailpitUnknownRecipientIsPermanent: the server refuses the
// recipient at RCPT with 550, which is ErrInvalid, without the address.
func TestMailpitUnknownRecipientIsPermanent(t *testing.T) {
	u, pw, mp, mk := markedMailpit(t, "SMTP_URL", "MAILPIT_API")
	n := openSMTP(t, u, pw)
	defer n.Close()
	m := spanish(mk, "550")
	m.To.Email = "nadie@unknown.invalid"
	err := n.Send(context.Background(), m)
	require.ErrorIs(t, err, driver.ErrInvalid)
	assert.Contains(t, err.Error(), "550")
	assert.NotContains(t, err.Error(), "nadie")
	// The session is still good for the next message.
	require.NoError(t, n.Send(context.Background(), spanish(mk, "after-550")))
	mp.waitFor(t, "message-id:"+strings.Trim(n.MessageID(mk+"-after-550"), "<>"), 1)
}

// TestMailpitSTARTTLSUsed: the server (started with
// --smtp-require-starttls) takes mail only after STARTTLS, and the
// certificate is checked: with a CA that did not sign it, Send fails.
func TestMailpitSTARTTLSUsed(t *testing.T) {
	u, pw, _, mk := markedMailpit(t, "SMTP_URL", "MAILPIT_API")
	pu, err := url.Parse(u)
	require.NoError(t, err)
	q := pu.Query()

	// The same server, STARTTLS as offered (auto): still used.
	q.Del("starttls")
	pu.RawQuery = q.Encode()
	n := openSMTP(t, pu.String(), pw)
	require.NoError(t, n.Send(context.Background(), spanish(mk, "starttls-auto")))
	require.NoError(t, n.Close())

	// A CA of our own that did not sign the server's certificate.
	other := filepath.Join(t.TempDir(), "other-ca.pem")
	require.NoError(t, os.WriteFile(other, otherCA(t), 0o600))
	q.Set("ca", other)
	pu.RawQuery = q.Encode()
	n = openSMTP(t, pu.String(), pw)
	defer n.Close()
	err = n.Send(context.Background(), spanish("x", "starttls-untrusted"))
	require.ErrorIs(t, err, driver.ErrUnavailable)
	assert.Contains(t, err.Error(), "not trusted")
}

// TestMailpitAuthFailure: a wrong password is ErrAuth (kept for retry),
// says the server refused, and does not show the password.
func TestMailpitAuthFailure(t *testing.T) {
	u, _, _ := mailpitEnv(t, "SMTP_URL", "MAILPIT_API")
	const wrong = "wrong-Pa55word-4-test"
	n := openSMTP(t, u, wrong)
	defer n.Close()
	err := n.Send(context.Background(), spanish("x", "auth"))
	require.ErrorIs(t, err, driver.ErrAuth)
	assert.NotErrorIs(t, err, driver.ErrInvalid)
	assert.Contains(t, err.Error(), "refused the configured user and password")
	assert.NotContains(t, err.Error(), "relaciona@", "the user is not quoted")
	assert.NotContains(t, err.Error(), wrong)
	assert.NotContains(t, err.Error(), "jose.nunez")
}

// TestMailpitServerDown: a port where nothing listens is ErrUnavailable,
// at once, not after the timeout.
func TestMailpitServerDown(t *testing.T) {
	u, pw, _ := mailpitEnv(t, "SMTP_URL", "MAILPIT_API")
	pu, err := url.Parse(u)
	require.NoError(t, err)
	pu.Host = plugintest.ClosedAddr(t)
	n := openSMTP(t, pu.String(), pw)
	defer n.Close()
	start := time.Now()
	err = n.Send(context.Background(), spanish("x", "down"))
	require.ErrorIs(t, err, driver.ErrUnavailable)
	assert.Less(t, time.Since(start), 5*time.Second)
	assert.NotContains(t, err.Error(), pw)
}

// otherCA is a self-signed CA certificate made for the test, which did
// not sign the test server's certificate.
func otherCA(t *testing.T) []byte {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "other-test-ca"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
