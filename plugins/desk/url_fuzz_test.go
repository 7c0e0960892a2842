package desk_test

import (
	"strings"
	"testing"

	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
)

// FuzzParseURL: a desk URL is either refused with ErrInvalid or gives lists
// with no empty or padded names.
func FuzzParseURL(f *testing.F) {
	plugintest.FuzzURL(f, []string{"desk://", "desk:///", "desk://?queues=pqrsd,reclamos&fields=canal,radicado&agents=a&actor=desk", "desk://host", "desk://?x=1", "desk://?queues=%zz", "desk://?queues=,+,a"}, desk.ParseURL, func(t *testing.T, raw string, o desk.Options) {
		for _, l := range [][]string{o.Queues, o.Fields, o.Agents} {
			for _, s := range l {
				if s == "" || strings.TrimSpace(s) != s || strings.Contains(s, ",") {
					t.Fatalf("%q gave the name %q", raw, s)
				}
			}
		}
	})
}
