package sqlite_test

import (
	"strings"
	"testing"

	"github.com/relaciona/relaciona/plugins/internal/plugintest"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// FuzzPathFromURL: a store URL is either refused with ErrInvalid or gives a
// non-empty path that, put back after sqlite://, is the URL again.
func FuzzPathFromURL(f *testing.F) {
	plugintest.FuzzURL(f, []string{"sqlite://relaciona.db", "sqlite:///var/lib/agency.db", "sqlite://:memory:", "sqlite://", "sqlite://x.db?mode=ro", "postgres://h/db", "sqlite:/x"}, sqlite.PathFromURL, func(t *testing.T, raw, p string) {
		if p == "" || strings.Contains(p, "?") || "sqlite://"+p != raw {
			t.Fatalf("%q gave path %q", raw, p)
		}
	})
}
