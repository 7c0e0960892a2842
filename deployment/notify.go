package deployment

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/driver"
)

// Defaults of the notifications section.
const (
	DefaultNotifyMaxAttempts = 5
	DefaultNotifyBackoff     = 5 * time.Minute
	DefaultNotifyLease       = 10 * time.Minute
)

// NotifyConfig is the notifications section: the channels the dispatcher
// delivers on, the language for a recipient who has none, the contact
// limits, and how failures are retried. Secrets are never in the file:
// each channel names an environment variable or a file.
type NotifyConfig struct {
	// Lang is the language for a recipient neither the notification nor
	// the directory gives one for; the deployment's lang by default.
	Lang relaciona.Lang
	// Email is the e-mail channel (smtp:// or smtps://), or nil.
	Email *ChannelConfig
	// Webhook is the webhook channel (http:// or https://), or nil.
	Webhook *ChannelConfig
	// Ticket is whether notifications about an item that came from a
	// ticket are replied on the ticket (true by default).
	Ticket bool
	// Limits are the contact limits.
	Limits []relaciona.ContactLimit
	// MaxAttempts, Backoff and Lease are the dispatcher's (see
	// relaciona.DispatchOptions).
	MaxAttempts int
	Backoff     time.Duration
	Lease       time.Duration
}

// ChannelConfig is one channel: its URL (with the SMTP user as the URL's
// user, never a password) and where its secret is.
type ChannelConfig struct {
	URL string
	// SecretEnv names the environment variable that holds the secret (the
	// SMTP password, the webhook's signing key).
	SecretEnv string
	// SecretFile is the absolute path of the file that holds it.
	SecretFile string
	// name is "notifications.channels.email" or ".webhook", for messages.
	name string
}

// Secret returns the channel's secret from SecretEnv or SecretFile, with
// surrounding white space removed, or "" when it names neither. Its errors
// name the variable or file, never the secret.
func (c ChannelConfig) Secret() (string, error) {
	switch {
	case c.SecretEnv != "":
		return envSecret(c.SecretEnv, "the secret of "+c.name)
	case c.SecretFile != "":
		return fileSecret(c.SecretFile, "the secret file of "+c.name, "the secret file "+c.SecretFile+" of "+c.name)
	}
	return "", nil
}

// Options returns the dispatcher's options the section gives: language,
// limits, retries and lease. The caller adds the clock, the location, the
// templates and the logger.
func (n NotifyConfig) Options() relaciona.DispatchOptions {
	return relaciona.DispatchOptions{Lang: n.Lang, Limits: n.Limits, MaxAttempts: n.MaxAttempts, Backoff: n.Backoff, Lease: n.Lease}
}

// OpenChannels opens the channels the section configures, each through
// the opener its URL scheme registered (driver.RegisterNotifier: the smtp
// and webhook packages), with its secret from the environment or its
// file; the ticket channel replies through tickets (nil: no ticket
// channel). An unknown scheme, a secret not set or a channel that does not
// open is an error naming the channel, never the secret; whatever was
// opened is closed then.
func (n NotifyConfig) OpenChannels(ctx context.Context, tickets *relaciona.Tickets) (map[string]driver.Notifier, error) {
	out := map[string]driver.Notifier{}
	closeAll := func() {
		for _, c := range out {
			c.Close()
		}
	}
	for name, c := range map[string]*ChannelConfig{relaciona.ChannelEmail: n.Email, relaciona.ChannelWebhook: n.Webhook} {
		if c == nil {
			continue
		}
		scheme, _, _ := strings.Cut(c.URL, "://")
		open, ok := driver.LookupNotifier(scheme)
		if !ok {
			closeAll()
			return nil, fmt.Errorf("deployment: %s: no channel is registered for %s:// (known: %s): %w",
				c.name, scheme, strings.Join(driver.NotifierSchemes(), ", "), relaciona.ErrInvalid)
		}
		cc := *c
		ch, err := open(ctx, c.URL, driver.NotifierEnv{Secret: cc.Secret})
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("deployment: open %s (%s): %w", c.name, redactUser(c.URL), err)
		}
		out[name] = ch
	}
	if n.Ticket && tickets != nil {
		out[relaciona.ChannelTicket] = relaciona.TicketChannel(tickets)
	}
	return out, nil
}

// redactUser drops the user from a URL for a message.
func redactUser(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	u.User = nil
	return u.String()
}

// notifyShape is the notifications section as the file writes it.
type notifyShape struct {
	Lang     string `yaml:"lang"`
	Channels struct {
		Email   *channelShape `yaml:"email"`
		Webhook *channelShape `yaml:"webhook"`
		Ticket  *bool         `yaml:"ticket"`
	} `yaml:"channels"`
	Limits []limitShape `yaml:"limits"`
	Retry  struct {
		MaxAttempts int     `yaml:"max_attempts"`
		Backoff     located `yaml:"backoff"`
	} `yaml:"retry"`
	Lease located `yaml:"lease"`
}

type channelShape struct {
	URL          located `yaml:"url"`
	User         string  `yaml:"user"`
	PasswordEnv  string  `yaml:"password_env"`
	PasswordFile string  `yaml:"password_file"`
	SecretEnv    string  `yaml:"secret_env"`
	SecretFile   string  `yaml:"secret_file"`
}

type limitShape struct {
	Audience string  `yaml:"audience"`
	Max      int     `yaml:"max"`
	Period   located `yaml:"period"`
}

// parsePeriod reads a duration with a unit: s, m, h or d (days).
func parsePeriod(s string) (time.Duration, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days < 1 || days > 3660 {
			return 0, errors.New("bad days")
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, errors.New("bad duration")
	}
	return d, nil
}

// notifyConfig applies the section's defaults and checks what the schema
// cannot, adding each problem at its line.
func (d *Deployment) notifyConfig(f notifyShape, p *problemList, lang relaciona.Lang) NotifyConfig {
	n := NotifyConfig{Lang: d.Lang, Ticket: true, MaxAttempts: f.Retry.MaxAttempts, Backoff: DefaultNotifyBackoff, Lease: DefaultNotifyLease}
	if f.Lang != "" {
		n.Lang = relaciona.Lang(f.Lang)
	}
	if f.Channels.Ticket != nil {
		n.Ticket = *f.Channels.Ticket
	}
	if n.MaxAttempts == 0 {
		n.MaxAttempts = DefaultNotifyMaxAttempts
	}
	for _, t := range []struct {
		v    located
		name string
		to   *time.Duration
	}{{f.Retry.Backoff, "notifications.retry.backoff", &n.Backoff}, {f.Lease, "notifications.lease", &n.Lease}} {
		if t.v.Value == "" {
			continue
		}
		v, err := parsePeriod(t.v.Value)
		if err != nil {
			p.add(t.v.Position, t.name, lang.T("debe ser una duración con unidad, p. ej. 30s, 5m, 1h o 1d", "must be a duration with a unit, e.g. 30s, 5m, 1h or 1d"))
			continue
		}
		*t.to = v
	}
	for i, l := range f.Limits {
		at := fmt.Sprintf("notifications.limits[%d].period", i)
		v, err := parsePeriod(l.Period.Value)
		if err != nil {
			p.add(l.Period.Position, at, lang.T("debe ser un periodo con unidad, p. ej. 30d o 12h", "must be a period with a unit, e.g. 30d or 12h"))
			continue
		}
		n.Limits = append(n.Limits, relaciona.ContactLimit{Audience: relaciona.Audience(l.Audience), Max: l.Max, Period: v})
	}
	n.Email = d.channelConfig(f.Channels.Email, "notifications.channels.email", []string{"smtp", "smtps"}, p, lang)
	n.Webhook = d.channelConfig(f.Channels.Webhook, "notifications.channels.webhook", []string{"http", "https"}, p, lang)
	return n
}

// channelConfig checks one channel: its URL's scheme, an e-mail channel's
// sender (from=), no password in the URL; the user goes into the URL.
func (d *Deployment) channelConfig(f *channelShape, name string, schemes []string, p *problemList, lang relaciona.Lang) *ChannelConfig {
	if f == nil {
		return nil
	}
	c := &ChannelConfig{URL: f.URL.Value, SecretEnv: f.PasswordEnv + f.SecretEnv, name: name}
	if file := f.PasswordFile + f.SecretFile; file != "" {
		c.SecretFile = d.abs(file)
	}
	u, err := url.Parse(f.URL.Value)
	if err == nil && u.Scheme == "file" && containsStr(schemes, "smtp") {
		// file://FOLDER (plugins/maildir): the e-mail written as .eml
		// files, for trying a deployment out; a relative folder is beside
		// the deployment file.
		folder := u.Host + u.Path
		if folder == "" || u.User != nil {
			p.add(f.URL.Position, name+".url", lang.T("file:// necesita una carpeta, p. ej. file://correo, y ningún usuario", "file:// needs a folder, e.g. file://correo, and no user"))
			return c
		}
		u.Host, u.Path = "", filepath.ToSlash(d.abs(filepath.FromSlash(folder)))
		c.URL = u.String()
		return c
	}
	switch {
	case err != nil || u.Host == "":
		p.add(f.URL.Position, name+".url", lang.T("no es una URL con servidor, p. ej. smtp://correo.ejemplo.gov.co:587?from=pqrsd@ejemplo.gov.co",
			"is not a URL with a host, e.g. smtp://mail.example.gov:587?from=pqrsd@example.gov"))
		return c
	case !containsStr(schemes, u.Scheme):
		p.add(f.URL.Position, name+".url", lang.Tf("el esquema %s:// no sirve aquí: use %s:// o %s://", "scheme %s:// does not fit here: use %s:// or %s://",
			u.Scheme, schemes[0], schemes[1]))
		return c
	}
	if _, hasPass := u.User.Password(); hasPass {
		p.add(f.URL.Position, name+".url", lang.T("la URL lleva una contraseña: póngala en una variable de entorno o un archivo (password_env, password_file)",
			"the URL carries a password: put it in an environment variable or a file (password_env, password_file)"))
		return c
	}
	if u.Scheme == "smtp" || u.Scheme == "smtps" {
		if u.Query().Get("from") == "" {
			p.add(f.URL.Position, name+".url", lang.T("falta el remitente: agregue ?from=dirección, p. ej. ?from=pqrsd@ejemplo.gov.co",
				"the sender is missing: add ?from=address, e.g. ?from=pqrsd@example.gov"))
		}
		if f.User != "" {
			u.User = url.User(f.User)
			c.URL = u.String()
		}
	}
	return c
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
