package schemas

import (
	"errors"
	"testing"

	"github.com/relaciona/relaciona"
)

// FuzzDecode feeds arbitrary bytes to Decode: it must not panic or hang,
// and must either succeed with a kind or fail with an *Error whose every
// problem has a position in the file.
func FuzzDecode(f *testing.F) {
	seeds := []string{
		hdr,
		hdr + "tickets:\n  url: plugin:///x\n  secret_env: T\n  status_map: {1: new, a: open}\n",
		hdr + "calendar:\n  closures:\n    - &c {date: 2026-12-24, name: N}\n    - {<<: *c, date: 2026-12-31}\n",
		hdr + "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
		hdr + "x: &x [*x]\n",
		hdr + "? [a]\n: b\n",
		hdr + "name: x\n",
		hdr + "---\n" + hdr,
		"kind: deployment: x\n",
		"\xff\xfek\x00",
		"kind: deployment\nversion: 1\nname: Alcald\xeda\n",
		"- a\n- b\n",
		"",
		"{kind: deployment, version: 1, name: !!binary aGk=, country: CO}",
		"kind: deployment\nversion: 1.0\nname: x\ncountry: CO\nlog: {level: .nan}\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, lang := range []relaciona.Lang{relaciona.Spanish, relaciona.English} {
			var d testDeployment
			kind, err := Decode("f.yaml", data, lang, &d)
			if err == nil {
				if kind == "" {
					t.Fatalf("no error and no kind for %q", data)
				}
				continue
			}
			var e *Error
			if !errors.As(err, &e) || len(e.Problems) == 0 {
				t.Fatalf("error is not an *Error with problems: %v", err)
			}
			for _, p := range e.Problems {
				if p.File != "f.yaml" || p.Line < 1 || p.Column < 1 || p.Msg == "" {
					t.Fatalf("problem without a position or message: %#v", p)
				}
			}
		}
	})
}
