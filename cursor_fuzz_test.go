package relaciona

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
)

// FuzzDecodeCursor: a cursor is either refused with ErrInvalid naming the
// "after" field, or decodes to a position whose own cursor decodes to it
// again.
func FuzzDecodeCursor(f *testing.F) {
	for _, p := range []driver.Position{{}, {ID: "a|b"}, {Time: time.Date(2026, 3, 4, 5, 6, 7, 123456000, time.UTC), ID: "pqrsd-1"}} {
		f.Add(encodeCursor(p))
	}
	for _, s := range []string{"", "!!", "MHw", "fA", "MTJhYnw", "KzV8eA", "MHgxZnx4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, c string) {
		if len(c) > 4<<10 {
			return
		}
		p, err := decodeCursor(c)
		if err != nil {
			var ve *ValidationError
			if !errors.Is(err, ErrInvalid) || !errors.As(err, &ve) || ve.Field != "after" {
				t.Fatalf("error is not an ErrInvalid on after: %v", err)
			}
			return
		}
		q, err := decodeCursor(encodeCursor(*p))
		if err != nil || !q.Time.Equal(p.Time) || q.ID != p.ID {
			t.Fatalf("cursor %q: position %v re-encodes to %v (%v)", c, p, q, err)
		}
	})
}

// FuzzRecordCursor: the cursor of a record decodes to the record's
// position (its time to the microsecond, its id).
func FuzzRecordCursor(f *testing.F) {
	f.Add(int64(0), "a")
	f.Add(time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC).UnixMicro(), "pqrsd|7")
	f.Add(int64(-1), "")
	f.Fuzz(func(t *testing.T, micro int64, id string) {
		// Times a record can hold: years 1 to 9999.
		if micro < time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro() || micro > time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC).UnixMicro() {
			return
		}
		if micro == 0 {
			// The Unix epoch is the stores' "no time" (see Record): its
			// cursor is the zero time's, as the record reads back.
			return
		}
		r := Record{ID: id, Time: time.UnixMicro(micro).UTC()}
		p, err := decodeCursor(r.Cursor())
		if err != nil || !p.Time.Equal(r.Time) || p.ID != id {
			t.Fatalf("record (%v, %q): cursor decodes to %v (%v)", r.Time, id, p, err)
		}
	})
}

// FuzzRedactURL: a URL redacted for an error keeps neither its query nor
// its password.
func FuzzRedactURL(f *testing.F) {
	for _, s := range []string{"postgres://u:secreto@h/db?sslmode=disable", "postgres://h/db?password=secreto", "sqlite:///x.db", "plugin:///x?dsn=postgres://u:secreto@h", "rt://u:secreto@h:1/", "x", "postgres://u:p@ss@h/db"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if len(raw) > 4<<10 {
			return
		}
		got := redactURL(raw)
		if i := strings.IndexByte(raw, '?'); i >= 0 && strings.Contains(got, raw[i:]) && len(raw[i:]) > 1 {
			t.Fatalf("redactURL(%q) = %q keeps the query", raw, got)
		}
		if !strings.Contains(raw, "://") {
			return // not a store URL: OpenStore refuses it before redacting
		}
		u, err := url.Parse(raw)
		if err != nil || u.User == nil {
			return
		}
		pw, ok := u.User.Password()
		if !ok || len(pw) < 4 {
			return
		}
		// The redacted authority is "…@" and the host, nothing of the user
		// info.
		_, rest, _ := strings.Cut(got, "://")
		auth := rest[:strings.IndexAny(rest+"/", "/?#")]
		if auth != "…@"+u.Host {
			t.Fatalf("redactURL(%q) = %q keeps some of the user info", raw, got)
		}
	})
}
