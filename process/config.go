package process

import (
	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas"
)

// LoadConfig reads the configuration file at path and gives it to parse, a
// process package's ParseConfig; a file that cannot be read is reported in
// lang. It is each process package's LoadConfig.
func LoadConfig[C any](path string, lang relaciona.Lang, parse func(file string, data []byte, lang relaciona.Lang) (*C, error)) (*C, error) {
	data, err := schemas.ReadConfig(path, lang)
	if err != nil {
		return nil, err
	}
	return parse(path, data, lang)
}

// ParseConfig is each process package's ParseConfig: it decodes data (the
// file named file) with DecodeConfig, then hands the Config to finish with
// a locator of data, for finish to fill the defaults and check the
// cross-references, placing each problem at its line and column.
func ParseConfig[C any](file string, data []byte, kind string, lang relaciona.Lang, finish func(c *C, loc *schemas.Locator) (*C, error)) (*C, error) {
	c, err := DecodeConfig[C](file, data, kind, lang)
	if err != nil {
		return nil, err
	}
	return finish(c, schemas.NewLocator(file, data))
}

// RolesIn returns names, role names of process kind, as the roles a
// relaciona.Person holds (nil for none): how a process file's people
// become its roster.
func RolesIn(kind string, names []string) []relaciona.Role {
	var out []relaciona.Role
	for _, n := range names {
		out = append(out, relaciona.Role{Process: kind, Name: n})
	}
	return out
}

// DecodeConfig checks data (the file named file) against the JSON Schema of
// process kind and decodes it into a new C; every problem is reported with
// file:line:col in lang. The cross-references are left to the caller.
func DecodeConfig[C any](file string, data []byte, kind string, lang relaciona.Lang) (*C, error) {
	var c C
	if err := schemas.DecodeKind(file, data, kind, lang, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// Checker collects the problems a process package's Config.check finds
// beyond the JSON Schema (unique ids, cross-references), each placed at its
// YAML node and worded in Lang. Loc may be nil for a Config built in Go:
// the problems then carry their field path and no position.
type Checker struct {
	Loc   *schemas.Locator
	Lang  relaciona.Lang
	Probs []*relaciona.ValidationError
}

// Add records a problem at the YAML node of path (keys and indexes), or at
// its nearest existing ancestor, in Spanish (es) or English (en) as Lang
// asks; args fill the format verbs of both.
func (k *Checker) Add(path []any, es, en string, args ...any) {
	k.Probs = append(k.Probs, k.Loc.Problem(path, k.Lang.Tf(es, en, args...)))
}

// UniqueIDs checks the ids of the n items of list, id(i) being the i-th:
// each is given and none is repeated, each problem placed at list[i].id. It
// returns the set of the ids seen.
func (k *Checker) UniqueIDs(list string, n int, id func(int) string) map[string]bool {
	seen := map[string]bool{}
	for i := range n {
		v := id(i)
		switch {
		case v == "":
			k.Add([]any{list, i, "id"}, "falta el identificador", "the id is missing")
		case seen[v]:
			k.Add([]any{list, i, "id"}, "el identificador %q está repetido", "id %q is repeated", v)
		}
		seen[v] = true
	}
	return seen
}
