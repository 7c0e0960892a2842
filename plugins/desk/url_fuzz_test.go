package desk_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
)

// FuzzParseURL: a desk URL is either refused with ErrInvalid or gives lists
// with no empty or padded names.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"desk://", "desk:///", "desk://?queues=pqrsd,reclamos&fields=canal,radicado&agents=a&actor=desk", "desk://host", "desk://?x=1", "desk://?queues=%zz", "desk://?queues=,+,a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if len(raw) > 4<<10 {
			return
		}
		o, err := desk.ParseURL(raw)
		if err != nil {
			if !errors.Is(err, driver.ErrInvalid) {
				t.Fatalf("error is not ErrInvalid: %v", err)
			}
			return
		}
		for _, l := range [][]string{o.Queues, o.Fields, o.Agents} {
			for _, s := range l {
				if s == "" || strings.TrimSpace(s) != s || strings.Contains(s, ",") {
					t.Fatalf("%q gave the name %q", raw, s)
				}
			}
		}
	})
}
