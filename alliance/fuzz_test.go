package alliance

import (
	"os"
	"testing"

	"github.com/relaciona/relaciona"
)

// FuzzLocate: the position finder reads raw, possibly hostile YAML; it
// must never panic and only report positions inside the input.
func FuzzLocate(f *testing.F) {
	good, err := os.ReadFile(examplePath)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(good), "alliances[3].objectives[0]")
	f.Add("a:\n- b: [x, y\n", "a[0].b[1]")
	f.Add("- - - x\n", "[0][0][0]")
	f.Add("\"k\": v\n'q': [", "k.q[")
	f.Fuzz(func(t *testing.T, data, field string) {
		line, col := locate([]byte(data), field)
		if line < 0 || col < 0 || line > len(data)+1 {
			t.Fatalf("position %d:%d outside the input", line, col)
		}
	})
}

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
