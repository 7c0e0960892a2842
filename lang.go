package relaciona

import "fmt"

// Lang is the language of user-facing text: reports, CLI messages and
// validation errors. Spanish is the default.
type Lang string

// The languages the SDK writes.
const (
	Spanish Lang = "es"
	English Lang = "en"
)

// ParseLang accepts "es", "en" or "" (Spanish).
func ParseLang(s string) (Lang, error) {
	switch s {
	case "", "es":
		return Spanish, nil
	case "en":
		return English, nil
	}
	return "", Invalid("lang", "unknown language %q: use es or en", s)
}

// T returns es when l is Spanish (or empty) and en otherwise. It is the
// whole of the SDK's translation machinery: messages are written in both
// languages where they are used.
func (l Lang) T(es, en string) string {
	if l == English {
		return en
	}
	return es
}

// Tf is T followed by fmt.Sprintf.
func (l Lang) Tf(es, en string, args ...any) string { return fmt.Sprintf(l.T(es, en), args...) }
