package deployment

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

const head = "kind: deployment\nversion: 1\nname: X\ncountry: CO\n"

// A deployment without a serve section serves on this machine only, with
// the documented defaults.
func TestServeDefaults(t *testing.T) {
	dir := t.TempDir()
	d, err := Load(write(t, dir, "deployment.yaml", head), relaciona.English)
	require.NoError(t, err)
	s := d.Serve
	assert.Equal(t, DefaultServeAddress, s.Address)
	assert.Equal(t, DefaultOpen311Mount, s.Open311.Mount)
	assert.Equal(t, "realtime", s.Open311.ServiceType)
	assert.False(t, s.Open311.RequireKeyForGet)
	assert.False(t, s.Open311.PublishDetails)
	assert.True(t, s.Reports.Enabled)
	assert.Equal(t, filepath.Join(d.Dir, "reports"), s.Reports.Dir)
	assert.Equal(t, ServeLimits{MaxBodyBytes: DefaultMaxBodyBytes, RequestsPerMinute: DefaultRequestsPerMinute, Burst: DefaultBurst,
		ReadHeaderTimeout: DefaultReadHeaderTimeout, ReadTimeout: DefaultReadTimeout, WriteTimeout: DefaultWriteTimeout,
		IdleTimeout: DefaultIdleTimeout, ShutdownTimeout: DefaultShutdownTimeout}, s.Limits)
	assert.Empty(t, s.TLSCertFile)
	keys, err := s.APIKeys()
	require.NoError(t, err)
	assert.Empty(t, keys, "no keys named: every POST is refused")
}

func TestServeFull(t *testing.T) {
	dir := t.TempDir()
	d, err := Load(write(t, dir, "deployment.yaml", head+`serve:
  address: ":8443"
  public_url: https://pqrsd.example.gov.co/open311/v2
  tls: {cert_file: tls/cert.pem, key_file: tls/key.pem}
  api_keys: {file: secrets/open311.keys}
  open311:
    mount: /api/open311/
    require_key_for_get: true
    service_type: batch
    publish_details: true
    trust_forwarded: true
    contact: pqrsd@example.gov.co
    key_service: https://example.gov.co/api
  reports: {enabled: false, dir: /var/lib/relaciona/reports}
  limits:
    max_body_bytes: 8192
    requests_per_minute: 0
    burst: 5
    read_header_timeout: 2s
    read_timeout: 10s
    write_timeout: 1m
    idle_timeout: 90s
    shutdown_timeout: 500ms
`), relaciona.English)
	require.NoError(t, err)
	s := d.Serve
	assert.Equal(t, ":8443", s.Address)
	assert.Equal(t, filepath.Join(d.Dir, "tls", "cert.pem"), s.TLSCertFile)
	assert.Equal(t, filepath.Join(d.Dir, "tls", "key.pem"), s.TLSKeyFile)
	assert.Equal(t, filepath.Join(d.Dir, "secrets", "open311.keys"), s.APIKeysFile)
	assert.Equal(t, Open311Serve{Mount: "/api/open311", RequireKeyForGet: true, ServiceType: "batch", PublishDetails: true, TrustForwarded: true,
		Contact: "pqrsd@example.gov.co", KeyService: "https://example.gov.co/api"}, s.Open311)
	assert.Equal(t, ReportsServe{Enabled: false, Dir: "/var/lib/relaciona/reports"}, s.Reports)
	assert.Equal(t, ServeLimits{MaxBodyBytes: 8192, RequestsPerMinute: 0, Burst: 5, ReadHeaderTimeout: 2 * time.Second, ReadTimeout: 10 * time.Second,
		WriteTimeout: time.Minute, IdleTimeout: 90 * time.Second, ShutdownTimeout: 500 * time.Millisecond}, s.Limits)
}

// The schema refuses what the serve section must not hold, each at its line.
func TestServeRefusals(t *testing.T) {
	checkSectionRefusals(t, []sectionRefusal{
		{"both key sources", "serve:\n  api_keys: {env: KEYS, file: keys.txt}\n", "use env or file, not both"},
		{"a key in place of the variable", "serve:\n  api_keys: {env: \"abc-123-secret\"}\n", "not the keys"},
		{"a certificate without its key", "serve:\n  tls: {cert_file: cert.pem}\n", "key_file"},
		{"an address without port", "serve:\n  address: localhost\n", "host:port"},
		{"a mount that is not a path", "serve:\n  open311: {mount: open311}\n", "starting with /"},
		{"a duration without unit", "serve:\n  limits: {read_timeout: \"30\"}\n", "duration with its unit"},
		{"an unknown service type", "serve:\n  open311: {service_type: blackbox}\n", "realtime"},
		{"a duration over a day", "serve:\n  limits: {shutdown_timeout: 25h}\n", "up to 24h"},
	}, func(t *testing.T, err error) {
		assert.Contains(t, err.Error(), "deployment.yaml:6:", "at the line of the value")
		assert.NotContains(t, err.Error(), "abc-123-secret", "a value that may be a secret is never echoed")
	})
}

func TestServeAPIKeys(t *testing.T) {
	dir := t.TempDir()
	long1, long2 := strings.Repeat("a", MinAPIKeyBytes), strings.Repeat("b", MinAPIKeyBytes+4)
	write(t, dir, "keys.txt", "# Open311 clients\n"+long1+"  # the city app\n\n"+long2+"\n")
	write(t, dir, "short.txt", long1+"\nshort-secret\n")
	write(t, dir, "empty.txt", "# nothing yet\n")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "folder"), 0o755))
	t.Setenv("RELACIONA_TEST_KEYS", long1+","+long2)
	t.Setenv("RELACIONA_TEST_SHORT", "short-secret")
	cases := []struct {
		name string
		cfg  ServeConfig
		want []string
		err  string
	}{
		{"file", ServeConfig{APIKeysFile: filepath.Join(dir, "keys.txt")}, []string{long1, long2}, ""},
		{"env", ServeConfig{APIKeysEnv: "RELACIONA_TEST_KEYS"}, []string{long1, long2}, ""},
		{"unset variable", ServeConfig{APIKeysEnv: "RELACIONA_TEST_UNSET"}, nil, "RELACIONA_TEST_UNSET"},
		{"short key in the file", ServeConfig{APIKeysFile: filepath.Join(dir, "short.txt")}, nil, "API key 2 in the file"},
		{"short key in the variable", ServeConfig{APIKeysEnv: "RELACIONA_TEST_SHORT"}, nil, "shorter than 16 bytes"},
		{"no key in the file", ServeConfig{APIKeysFile: filepath.Join(dir, "empty.txt")}, nil, "holds no API key"},
		{"a folder", ServeConfig{APIKeysFile: filepath.Join(dir, "folder")}, nil, "serve.api_keys.file"},
		{"a missing file", ServeConfig{APIKeysFile: filepath.Join(dir, "none.txt")}, nil, "serve.api_keys.file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			keys, err := tc.cfg.APIKeys()
			if tc.err == "" {
				require.NoError(t, err)
				assert.Equal(t, tc.want, keys)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.err)
			assert.NotContains(t, err.Error(), "short-secret", "errors never hold a key")
			assert.NotContains(t, err.Error(), long1)
		})
	}
}

// The shipped example documents every setting and loads as written.
func TestServeExample(t *testing.T) {
	d, err := Load(filepath.Join("..", "examples", "deployment", "deployment.yaml"), relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, "https://pqrsd.alcaldiadeejemplo.gov.co/open311/v2", d.Serve.PublicURL)
	assert.Equal(t, "RELACIONA_OPEN311_KEYS", d.Serve.APIKeysEnv)
	assert.Equal(t, DefaultOpen311Mount, d.Serve.Open311.Mount)
	assert.Equal(t, DefaultShutdownTimeout, d.Serve.Limits.ShutdownTimeout)
}
