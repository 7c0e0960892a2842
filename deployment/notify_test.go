package deployment

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/driver"
)

func TestNotifyDefaults(t *testing.T) {
	d, err := Load(write(t, t.TempDir(), "deployment.yaml", head+"lang: en\n"), relaciona.English)
	require.NoError(t, err)
	n := d.Notifications
	assert.Equal(t, NotifyConfig{Lang: relaciona.English, Ticket: true, MaxAttempts: DefaultNotifyMaxAttempts,
		Backoff: DefaultNotifyBackoff, Lease: DefaultNotifyLease}, n)
	chs, err := n.OpenChannels(context.Background(), nil)
	require.NoError(t, err)
	assert.Empty(t, chs, "no channel configured, no tickets given")
}

// recordingNotifier is a channel opener for a test scheme: it keeps the
// URL and the secret it was opened with.
type recordingNotifier struct{ url, secret string }

func (r *recordingNotifier) Send(context.Context, driver.Message) error { return nil }
func (r *recordingNotifier) Close() error                               { return nil }

func TestNotifyFullOpensChannelsWithSecrets(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "secrets/hook.key", "  firma-secreta\n")
	t.Setenv("TEST_SMTP_PASSWORD", "clave-smtp")
	path := write(t, dir, "deployment.yaml", head+`notifications:
  lang: en
  channels:
    email:
      url: smtp://127.0.0.1:1025?from=pqrsd@agencia.gov.co
      user: relaciona
      password_env: TEST_SMTP_PASSWORD
    webhook:
      url: https://agencia.gov.co/hooks/relaciona
      secret_file: secrets/hook.key
    ticket: false
  limits:
    - {max: 2, period: 30d}
    - {audience: staff, max: 20, period: 1d}
  retry: {max_attempts: 3, backoff: 1m}
  lease: 15m
`)
	d, err := Load(path, relaciona.English)
	require.NoError(t, err)
	n := d.Notifications
	assert.Equal(t, relaciona.English, n.Lang)
	assert.False(t, n.Ticket)
	assert.Equal(t, []relaciona.ContactLimit{{Max: 2, Period: 30 * 24 * time.Hour}, {Audience: relaciona.AudienceStaff, Max: 20, Period: 24 * time.Hour}}, n.Limits)
	assert.Equal(t, 3, n.MaxAttempts)
	assert.Equal(t, time.Minute, n.Backoff)
	assert.Equal(t, 15*time.Minute, n.Lease)
	assert.Equal(t, "smtp://relaciona@127.0.0.1:1025?from=pqrsd@agencia.gov.co", n.Email.URL)
	assert.Equal(t, filepath.Join(d.Dir, "secrets/hook.key"), n.Webhook.SecretFile)
	o := n.Options()
	assert.Equal(t, 3, o.MaxAttempts)
	assert.Equal(t, n.Limits, o.Limits)

	// Opening: unknown schemes are named; registered ones get their
	// secret from the environment or the file.
	_, err = n.OpenChannels(context.Background(), nil)
	if _, ok := driver.LookupNotifier("smtp"); !ok {
		require.ErrorIs(t, err, relaciona.ErrInvalid)
		assert.Contains(t, err.Error(), "no channel is registered for")
	}
	got := map[string]*recordingNotifier{}
	for _, scheme := range []string{"smtp", "https"} {
		driver.RegisterNotifier(scheme, func(_ context.Context, url string, env driver.NotifierEnv) (driver.Notifier, error) {
			s, err := env.Secret()
			if err != nil {
				return nil, err
			}
			r := &recordingNotifier{url: url, secret: s}
			got[scheme] = r
			return r, nil
		})
	}
	chs, err := n.OpenChannels(context.Background(), nil)
	require.NoError(t, err)
	assert.Len(t, chs, 2)
	assert.Equal(t, "clave-smtp", got["smtp"].secret)
	assert.Equal(t, "firma-secreta", got["https"].secret)

	// A secret not set: the error names the variable, never a value.
	t.Setenv("TEST_SMTP_PASSWORD", "")
	_, err = n.OpenChannels(context.Background(), nil)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "TEST_SMTP_PASSWORD")
	assert.NotContains(t, err.Error(), "relaciona@", "the user is not in the message")
}

func TestNotifyProblemsAtTheirLine(t *testing.T) {
	checkSectionRefusals(t, []sectionRefusal{
		{"password in the URL", "notifications:\n  channels:\n    email:\n      url: smtp://u:p@host:25?from=a@b.co\n", "deployment.yaml:8:12"},
		{"no sender", "notifications:\n  channels:\n    email:\n      url: smtp://host:25\n", "sender is missing"},
		{"wrong scheme", "notifications:\n  channels:\n    webhook:\n      url: smtp://host:25\n", "must be http:// or https://"},
		{"both secrets", "notifications:\n  channels:\n    webhook:\n      url: https://h/x\n      secret_env: A\n      secret_file: b\n", "use secret_env or secret_file, not both"},
		{"a bad period", "notifications:\n  limits:\n    - {max: 2, period: 30 days}\n", "must be a duration with a unit"},
		{"a zero period", "notifications:\n  limits:\n    - {max: 2, period: 0d}\n", "notifications.limits[0].period"},
		{"a bad lease", "notifications:\n  lease: 0s\n", "notifications.lease"},
		{"an unknown audience", "notifications:\n  limits:\n    - {audience: everyone, max: 2, period: 1d}\n", "audience"},
		{"an unknown key", "notifications:\n  channel: {}\n", "unknown key"},
	}, func(t *testing.T, err error) {
		assert.True(t, strings.Contains(err.Error(), "deployment.yaml:"), "file:line in %v", err)
		assert.NotContains(t, err.Error(), "u:p@")
	})
}

// TestNotifyFileEmailChannel: the e-mail channel may be file://FOLDER (the
// maildir channel, for trying a deployment out), the folder made absolute
// beside the deployment file; a file:// URL without a folder is refused,
// and a webhook is never file://.
func TestNotifyFileEmailChannel(t *testing.T) {
	dir := t.TempDir()
	d, err := Load(write(t, dir, "deployment.yaml", head+"notifications:\n  channels:\n    email:\n      url: file://correo?from=avisos@agency.example\n"), relaciona.English)
	require.NoError(t, err)
	require.NotNil(t, d.Notifications.Email)
	assert.Equal(t, "file://"+filepath.ToSlash(filepath.Join(dir, "correo"))+"?from=avisos@agency.example", d.Notifications.Email.URL)

	for _, y := range []string{
		"notifications:\n  channels:\n    email:\n      url: file://\n",
		"notifications:\n  channels:\n    webhook:\n      url: file://correo\n",
	} {
		_, err := Load(write(t, t.TempDir(), "deployment.yaml", head+y), relaciona.English)
		require.Error(t, err, y)
	}
}
