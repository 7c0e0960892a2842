package restapi

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/driver"
)

// URLSpec describes one adapter's tickets URL, SCHEME://HOST[:PORT]/[PATH]?
// PARAMS: what the rt:// and redmine:// URLs have in common (tls, timeout,
// retries, no credentials), told apart by these fields.
type URLSpec struct {
	System      string   // the scheme, and the name in error messages: "rt"
	Example     string   // a URL to show when one is malformed
	Secret      string   // what the deployment names instead of credentials: "token"
	DefaultPath string   // the base URL's path when the URL has none
	Params      []string // every query parameter the URL may carry, tls, timeout and retries among them
}

// URL is what a tickets URL says that every adapter reads alike.
type URL struct {
	BaseURL string        // http(s)://HOST[:PORT]/PATH, no trailing slash
	Query   url.Values    // every parameter, for the adapter's own ones
	Timeout time.Duration // timeout=; 0 when unset
	Retries int           // retries=; 0 when unset, -1 for an explicit 0 (no retries)
}

// ParseURL reads a tickets URL as s describes it. Every error wraps
// driver.ErrInvalid.
func ParseURL(raw string, s URLSpec) (URL, error) {
	var o URL
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != s.System || u.Host == "" {
		return o, driver.Errorf(driver.ErrInvalid, "%s: tickets URL must look like %s", s.System, s.Example)
	}
	if u.User != nil {
		return o, driver.Errorf(driver.ErrInvalid, "%s: put no credentials in the URL; the deployment names the %s's variable or file", s.System, s.Secret)
	}
	q := u.Query()
	for k := range q {
		if !slices.Contains(s.Params, k) {
			return o, driver.Errorf(driver.ErrInvalid, "%s: unknown URL parameter %q (%s)", s.System, k, strings.Join(s.Params, ", "))
		}
	}
	scheme := "http"
	switch q.Get("tls") {
	case "", "0", "false":
	case "1", "true":
		scheme = "https"
	default:
		return o, driver.Errorf(driver.ErrInvalid, "%s: tls=%q: want 1 or 0", s.System, q.Get("tls"))
	}
	path := strings.TrimSuffix(u.EscapedPath(), "/") // escaped: a %3F in the path stays in the path
	if path == "" {
		path = s.DefaultPath
	}
	o.BaseURL = scheme + "://" + u.Host + path
	if b, err := url.Parse(o.BaseURL); err != nil || b.Host != u.Host {
		return o, driver.Errorf(driver.ErrInvalid, "%s: %q is not a host[:port] to reach", s.System, u.Host)
	}
	o.Query = q
	if v := q.Get("timeout"); v != "" {
		if o.Timeout, err = time.ParseDuration(v); err != nil || o.Timeout <= 0 {
			return o, driver.Errorf(driver.ErrInvalid, "%s: timeout=%q is not a duration such as 30s", s.System, v)
		}
	}
	if v := q.Get("retries"); v != "" {
		if o.Retries, err = strconv.Atoi(v); err != nil || o.Retries < 0 || o.Retries > 10 {
			return o, driver.Errorf(driver.ErrInvalid, "%s: retries=%q: want 0-10", s.System, v)
		}
		if o.Retries == 0 {
			o.Retries = -1 // explicit: no retries
		}
	}
	return o, nil
}

// SettingsURL turns a plugin's settings (host, path and the parameters of
// a tickets URL) into a tickets URL of scheme system, for the command cmd
// that serves the adapter as a plugin.
func SettingsURL(cmd, system string, settings map[string]string) (string, error) {
	q := url.Values{}
	host, path := "", ""
	for k, v := range settings {
		switch k {
		case "host":
			host = v
		case "path":
			path = v
		default:
			q.Set(k, v)
		}
	}
	if host == "" {
		return "", driver.Errorf(driver.ErrInvalid, "%s: the plugin URL needs host=HOST[:PORT]", cmd)
	}
	return (&url.URL{Scheme: system, Host: host, Path: path, RawQuery: q.Encode()}).String(), nil
}

// PluginOpener is what the plugin command cmd serves
// (plugins.ServeTicketsOpener): it opens the ticket adapter registered for
// system (whose package cmd imports) from the plugin's settings, as
// SettingsURL reads them, with what the host lends it.
func PluginOpener(cmd, system string) plugins.TicketsOpener {
	return func(ctx context.Context, c plugins.TicketsConfig) (driver.Tickets, error) {
		raw, err := SettingsURL(cmd, system, c.Settings)
		if err != nil {
			return nil, err
		}
		open, ok := driver.LookupTickets(system)
		if !ok {
			return nil, driver.Errorf(driver.ErrInvalid, "%s: no %s:// adapter is built in", cmd, system)
		}
		return open(ctx, raw, c.Env)
	}
}

// New returns c speaking to base with the adapters' defaults: timeout
// per request (default 30 s), retries of a safe request (0: the default
// 3; -1: none) with a backoff from 250 ms, and hc as the HTTP client (nil:
// a client with that timeout).
func New(c Client, base string, hc *http.Client, timeout time.Duration, retries int) *Client {
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	switch {
	case retries == 0:
		retries = 3
	case retries < 0:
		retries = 0
	}
	if hc == nil {
		hc = &http.Client{Timeout: timeout}
	}
	c.Base = strings.TrimSuffix(base, "/")
	c.HTTP, c.Retries, c.Backoff = hc, retries, 250*time.Millisecond
	return &c
}
