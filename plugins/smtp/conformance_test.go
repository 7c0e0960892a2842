package smtp_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
	"github.com/relaciona/relaciona/plugins/smtp"
)

// TestConformance runs the notification-channel suite against the real
// mailpit server (skips without SMTP_URL and MAILPIT_API).
func TestConformance(t *testing.T) {
	u, pw, mp := mailpitEnv(t, "SMTP_URL", "MAILPIT_API")
	open := func(rawURL, secret string) (driver.Notifier, error) {
		return smtp.Open(context.Background(), rawURL, env(secret))
	}
	n, err := open(u, pw)
	require.NoError(t, err)
	defer n.Close()
	mp.cleanup(t, `"Notificación de prueba conf"`) // the suite's subjects

	// A closed port, and a port that accepts and never answers.
	withHost := func(host string) string {
		pu, err := url.Parse(u)
		require.NoError(t, err)
		pu.Host = host
		return pu.String()
	}
	closed, silent := plugintest.ClosedAddr(t), plugintest.SilentAddr(t)

	conformance.RunNotifier(t, conformance.NotifierHarness{
		Notifier:  n,
		Recipient: driver.Address{Name: "Mesa de pruebas", Email: "conformance@agency.example"},
		Rejected:  driver.Address{Email: "nobody@unknown.invalid"},
		Delivered: func(ctx context.Context, marker string) ([]conformance.Delivery, error) {
			var out []conformance.Delivery
			for _, s := range mp.search(t, "subject:"+marker) {
				m := mp.message(t, s.ID)
				out = append(out, conformance.Delivery{DeliveryID: m.MessageID, Subject: m.Subject, Body: m.Text})
			}
			return out, nil
		},
		Unreachable: func(context.Context) (driver.Notifier, error) { return open(withHost(closed), pw) },
		Hanging:     func(context.Context) (driver.Notifier, error) { return open(withHost(silent), pw) },
		Secret:      pw,
		Reopen:      func(_ context.Context, s string) (driver.Notifier, error) { return open(u, s) },
	})
}
