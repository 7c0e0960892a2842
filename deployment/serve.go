package deployment

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas"
)

// Defaults of the serve section.
const (
	// DefaultServeAddress is where `relaciona serve` listens when the file
	// names no address: this machine only, for a reverse proxy in front.
	DefaultServeAddress = "127.0.0.1:8311"
	// DefaultOpen311Mount is the path the Open311 endpoint is served at.
	DefaultOpen311Mount = "/open311/v2"
	// DefaultReportsDir is the folder `relaciona run` writes reports to,
	// beside the deployment file.
	DefaultReportsDir = "reports"
	// DefaultMaxBodyBytes is the largest request body accepted.
	DefaultMaxBodyBytes = 64 << 10
	// DefaultRequestsPerMinute is the rate allowed to one client address.
	DefaultRequestsPerMinute = 120
	// DefaultBurst is how many requests one client address may send at
	// once before the rate applies.
	DefaultBurst = 30
	// MinAPIKeyBytes is the shortest Open311 api_key accepted.
	MinAPIKeyBytes = 16
	// maxAPIKeysFile is the largest API key file read.
	maxAPIKeysFile = 64 << 10
)

// Default timeouts of the serve section.
const (
	DefaultReadHeaderTimeout = 5 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 60 * time.Second
	DefaultIdleTimeout       = 120 * time.Second
	DefaultShutdownTimeout   = 30 * time.Second
)

// ServeConfig is the serve section: how `relaciona serve` exposes the
// Open311 endpoint, the health check and the latest reports. Paths in it
// are absolute. The API keys themselves are never in the file.
type ServeConfig struct {
	// Address is host:port to listen on.
	Address string
	// PublicURL is the Open311 endpoint's public base URL, for service
	// discovery; empty to take it from each request.
	PublicURL string
	// TLSCertFile and TLSKeyFile are the certificate and key files (PEM);
	// both or neither. With them the server speaks HTTPS only.
	TLSCertFile, TLSKeyFile string
	// APIKeysEnv names the environment variable that holds the Open311
	// api_key values (separated by commas, spaces or new lines).
	APIKeysEnv string
	// APIKeysFile is the file that holds them, one per line (# starts a
	// comment).
	APIKeysFile string
	// Open311 holds the endpoint's settings.
	Open311 Open311Serve
	// Reports says whether and from where the latest reports are served.
	Reports ReportsServe
	// Limits are the request limits.
	Limits ServeLimits
}

// Open311Serve is the Open311 part of the serve section.
type Open311Serve struct {
	// Mount is the path the endpoint is served at (DefaultOpen311Mount).
	Mount string
	// RequireKeyForGet makes every GET send an api_key too; by default
	// reading is open and only POST needs one, as the specification says.
	RequireKeyForGet bool
	// ServiceType is "realtime" (default) or "batch" (POST answers a
	// token).
	ServiceType string
	// PublishDetails returns descriptions, addresses and coordinates
	// (never for a denuncia).
	PublishDetails bool
	// TrustForwarded takes X-Forwarded-Prefix and X-Forwarded-Proto from a
	// reverse proxy.
	TrustForwarded bool
	// Contact and KeyService are service discovery's texts.
	Contact, KeyService string
}

// ReportsServe is the reports part of the serve section.
type ReportsServe struct {
	// Enabled serves the newest month folder's HTML at /reports/.
	Enabled bool
	// Dir is the folder `relaciona run` writes to (absolute).
	Dir string
}

// ServeLimits are the request limits of the serve section.
type ServeLimits struct {
	// MaxBodyBytes is the largest request body.
	MaxBodyBytes int64
	// RequestsPerMinute and Burst bound the requests of one client
	// address; 0 requests per minute turns the bound off.
	RequestsPerMinute, Burst int
	// The http.Server timeouts, and how long a shutdown waits for the
	// requests in flight.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout, ShutdownTimeout time.Duration
}

// serveShape is the YAML shape of the serve section.
type serveShape struct {
	Address   string `yaml:"address"`
	PublicURL string `yaml:"public_url"`
	TLS       struct {
		CertFile string `yaml:"cert_file"`
		KeyFile  string `yaml:"key_file"`
	} `yaml:"tls"`
	APIKeys struct {
		Env  string `yaml:"env"`
		File string `yaml:"file"`
	} `yaml:"api_keys"`
	Open311 struct {
		Mount            string `yaml:"mount"`
		RequireKeyForGet bool   `yaml:"require_key_for_get"`
		ServiceType      string `yaml:"service_type"`
		PublishDetails   bool   `yaml:"publish_details"`
		TrustForwarded   bool   `yaml:"trust_forwarded"`
		Contact          string `yaml:"contact"`
		KeyService       string `yaml:"key_service"`
	} `yaml:"open311"`
	Reports struct {
		Enabled *bool  `yaml:"enabled"`
		Dir     string `yaml:"dir"`
	} `yaml:"reports"`
	Limits struct {
		MaxBodyBytes      int64   `yaml:"max_body_bytes"`
		RequestsPerMinute *int    `yaml:"requests_per_minute"`
		Burst             int     `yaml:"burst"`
		ReadHeaderTimeout located `yaml:"read_header_timeout"`
		ReadTimeout       located `yaml:"read_timeout"`
		WriteTimeout      located `yaml:"write_timeout"`
		IdleTimeout       located `yaml:"idle_timeout"`
		ShutdownTimeout   located `yaml:"shutdown_timeout"`
	} `yaml:"limits"`
}

// serveConfig applies the serve section's defaults; problems the schema
// cannot see (a duration Go does not take) go to p.
func (d *Deployment) serveConfig(f serveShape, p *problemList, lang relaciona.Lang) ServeConfig {
	s := ServeConfig{Address: f.Address, PublicURL: f.PublicURL, APIKeysEnv: f.APIKeys.Env}
	if s.Address == "" {
		s.Address = DefaultServeAddress
	}
	if f.TLS.CertFile != "" {
		s.TLSCertFile = d.abs(f.TLS.CertFile)
	}
	if f.TLS.KeyFile != "" {
		s.TLSKeyFile = d.abs(f.TLS.KeyFile)
	}
	if f.APIKeys.File != "" {
		s.APIKeysFile = d.abs(f.APIKeys.File)
	}
	o := f.Open311
	s.Open311 = Open311Serve{Mount: strings.TrimSuffix(o.Mount, "/"), RequireKeyForGet: o.RequireKeyForGet, ServiceType: o.ServiceType,
		PublishDetails: o.PublishDetails, TrustForwarded: o.TrustForwarded, Contact: o.Contact, KeyService: o.KeyService}
	if s.Open311.Mount == "" {
		s.Open311.Mount = DefaultOpen311Mount
	}
	if s.Open311.ServiceType == "" {
		s.Open311.ServiceType = "realtime"
	}
	s.Reports = ReportsServe{Enabled: true, Dir: d.abs(DefaultReportsDir)}
	if f.Reports.Enabled != nil {
		s.Reports.Enabled = *f.Reports.Enabled
	}
	if f.Reports.Dir != "" {
		s.Reports.Dir = d.abs(f.Reports.Dir)
	}
	l := f.Limits
	s.Limits = ServeLimits{MaxBodyBytes: l.MaxBodyBytes, RequestsPerMinute: DefaultRequestsPerMinute, Burst: l.Burst}
	if s.Limits.MaxBodyBytes == 0 {
		s.Limits.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if l.RequestsPerMinute != nil {
		s.Limits.RequestsPerMinute = *l.RequestsPerMinute
	}
	if s.Limits.Burst == 0 {
		s.Limits.Burst = DefaultBurst
	}
	for _, t := range []struct {
		v    located
		name string
		to   *time.Duration
		def  time.Duration
	}{
		{l.ReadHeaderTimeout, "read_header_timeout", &s.Limits.ReadHeaderTimeout, DefaultReadHeaderTimeout},
		{l.ReadTimeout, "read_timeout", &s.Limits.ReadTimeout, DefaultReadTimeout},
		{l.WriteTimeout, "write_timeout", &s.Limits.WriteTimeout, DefaultWriteTimeout},
		{l.IdleTimeout, "idle_timeout", &s.Limits.IdleTimeout, DefaultIdleTimeout},
		{l.ShutdownTimeout, "shutdown_timeout", &s.Limits.ShutdownTimeout, DefaultShutdownTimeout},
	} {
		*t.to = t.def
		if t.v.Value == "" {
			continue
		}
		v, err := time.ParseDuration(t.v.Value)
		if err != nil || v <= 0 || v > 24*time.Hour {
			p.add(t.v.Position, "serve.limits."+t.name, lang.Tf("duración no válida %q: use p. ej. 5s, 2m o 1h (hasta 24h)",
				"invalid duration %q: use e.g. 5s, 2m or 1h (up to 24h)", t.v.Value))
			continue
		}
		*t.to = v
	}
	return s
}

// APIKeys returns the Open311 api_key values from APIKeysEnv or
// APIKeysFile, or none when the deployment names neither (every POST is
// then refused). A key shorter than MinAPIKeyBytes, an unset variable, or a
// file that is not a small regular file is refused with an error wrapping
// relaciona.ErrInvalid. Its errors name the variable or file and the
// key's position, never a key.
func (s ServeConfig) APIKeys() ([]string, error) {
	var text, from string
	switch {
	case s.APIKeysEnv != "":
		v, ok := os.LookupEnv(s.APIKeysEnv)
		if !ok || strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("deployment: the environment variable %s, which should hold the Open311 API keys (serve.api_keys.env), is not set: %w", s.APIKeysEnv, relaciona.ErrInvalid)
		}
		text, from = v, "the environment variable "+s.APIKeysEnv
	case s.APIKeysFile != "":
		f, err := schemas.OpenRegular(s.APIKeysFile)
		if err != nil {
			return nil, fmt.Errorf("deployment: the Open311 API key file (serve.api_keys.file): %w", err)
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxAPIKeysFile+1))
		if err != nil {
			return nil, fmt.Errorf("deployment: reading the Open311 API key file %s: %w", s.APIKeysFile, err)
		}
		if len(b) > maxAPIKeysFile {
			return nil, fmt.Errorf("deployment: the Open311 API key file %s is larger than %d bytes: %w", s.APIKeysFile, maxAPIKeysFile, relaciona.ErrInvalid)
		}
		text, from = string(b), "the file "+s.APIKeysFile
	default:
		return nil, nil
	}
	var keys []string
	for _, line := range strings.Split(text, "\n") {
		if i := strings.Index(line, "#"); i >= 0 && s.APIKeysFile != "" {
			line = line[:i]
		}
		for _, k := range strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' }) {
			if len(k) < MinAPIKeyBytes {
				return nil, fmt.Errorf("deployment: API key %d in %s is shorter than %d bytes (make one with: openssl rand -base64 24): %w", len(keys)+1, from, MinAPIKeyBytes, relaciona.ErrInvalid)
			}
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("deployment: %s holds no API key: %w", from, relaciona.ErrInvalid)
	}
	return keys, nil
}
