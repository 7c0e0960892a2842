package sqlite_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

// FuzzPathFromURL: a store URL is either refused with ErrInvalid or gives a
// non-empty path that, put back after sqlite://, is the URL again.
func FuzzPathFromURL(f *testing.F) {
	for _, s := range []string{"sqlite://relaciona.db", "sqlite:///var/lib/agency.db", "sqlite://:memory:", "sqlite://", "sqlite://x.db?mode=ro", "postgres://h/db", "sqlite:/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if len(raw) > 4<<10 {
			return
		}
		p, err := sqlite.PathFromURL(raw)
		if err != nil {
			if !errors.Is(err, driver.ErrInvalid) {
				t.Fatalf("error is not ErrInvalid: %v", err)
			}
			return
		}
		if p == "" || strings.Contains(p, "?") || "sqlite://"+p != raw {
			t.Fatalf("%q gave path %q", raw, p)
		}
	})
}
