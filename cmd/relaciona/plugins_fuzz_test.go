package main

import (
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas/schemastest"
)

// FuzzReadCheckConfig: a plugins check --config file is either refused with
// an ErrInvalid whose every problem names the file with a position, or
// gives a plugin:// URL that carries the binary's path, every setting
// unchanged as a driver setting, and the file's own sha256 and
// start_timeout (a positive duration) as the host's keys.
func FuzzReadCheckConfig(f *testing.F) {
	ex, err := os.ReadFile("../../examples/plugins/sqlite-check.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(ex)
	f.Add([]byte("kind: plugin-check\nversion: 1\nsettings: {path: x, dsn_env: PG_DSN}\nsha256: " + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nstart_timeout: 30s\nshared_storage: true\n"))
	f.Add([]byte("kind: plugin-check\nversion: 1\nsettings: {sha256: x, start_timeout: 1ms}\n"))
	f.Add([]byte("kind: plugin-check\nversion: 1\nstart_timeout: 0s\n"))
	f.Add([]byte("kind: plugin-check\nversion: 1\ntickets: {queue: pqrsd, statuses: [new, open], resolution: 1h, lend_store: true}\n"))
	bin := filepath.Join(f.TempDir(), "bin", "relaciona-store-x")
	schemastest.FuzzFile(f, "check.yaml", func(t *testing.T, path string) error {
		cfg, err := readCheckConfig(path, relaciona.English)
		if err != nil {
			return err
		}
		if cfg.Kind != checkKind {
			t.Fatalf("accepted kind %q", cfg.Kind)
		}
		raw := checkURL(bin, cfg)
		u, err := url.Parse(raw)
		if err != nil || u.Scheme != "plugin" || u.Host != "" || u.Path != bin {
			t.Fatalf("checkURL gave %q (%v)", raw, err)
		}
		q := u.Query()
		for k, v := range cfg.Settings {
			if got := q[k]; len(got) != 1 || got[0] != v {
				t.Fatalf("setting %q=%q arrives as %q in %q", k, v, got, raw)
			}
		}
		if q.Get("sha256") != cfg.SHA256 || q.Get("start_timeout") != cfg.StartTimeout {
			t.Fatalf("host keys of %q are not the file's sha256 %q and start_timeout %q", raw, cfg.SHA256, cfg.StartTimeout)
		}
		if cfg.StartTimeout != "" {
			if d, err := time.ParseDuration(cfg.StartTimeout); err != nil || d <= 0 {
				t.Fatalf("accepted start_timeout %q, which the host refuses", cfg.StartTimeout)
			}
		}
		if n := len(q) - len(cfg.Settings); n != btoi(cfg.SHA256 != "")+btoi(cfg.StartTimeout != "") {
			t.Fatalf("URL %q has keys the file did not give", raw)
		}
		return nil
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestCheckConfigRefusesHostKeysAsSettings: a setting named sha256 or
// start_timeout would be taken by the host instead of reaching the plugin,
// and a start_timeout of zero is refused by the host; the file is refused
// at the line of each.
func TestCheckConfigRefusesHostKeysAsSettings(t *testing.T) {
	for name, c := range map[string]struct{ body, line string }{
		"sha256 setting":        {"kind: plugin-check\nversion: 1\nsettings:\n  path: x\n  sha256: abc\n", "check.yaml:5:"},
		"start_timeout setting": {"kind: plugin-check\nversion: 1\nsettings:\n  start_timeout: 1ms\n", "check.yaml:4:"},
		"zero start_timeout":    {"kind: plugin-check\nversion: 1\nstart_timeout: 0s\n", "check.yaml:3:"},
	} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "check.yaml")
			if err := os.WriteFile(p, []byte(c.body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := readCheckConfig(p, relaciona.English)
			if !errors.Is(err, relaciona.ErrInvalid) || !strings.Contains(err.Error(), c.line) {
				t.Fatalf("want an ErrInvalid at %s, got %v", c.line, err)
			}
		})
	}
}
