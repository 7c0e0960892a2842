package alliance

import (
	"os"
	"testing"

	"github.com/relaciona/relaciona"
)

// FuzzParseConfig: any input is either a valid configuration or an
// ErrInvalid; never a panic.
func FuzzParseConfig(f *testing.F) {
	good, err := os.ReadFile(examplePath)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte("kind: alliance\nversion: 1\noffices: [{id: a, name: A}]\nobjectives: [{id: o, name: O}]\nalliances: [{id: x, office: b, organisation: c, kind: link, objectives: [o], start: 2026-01-01}]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig("f.yaml", data, relaciona.Spanish)
		if err == nil && cfg == nil {
			t.Fatal("no config and no error")
		}
	})
}
