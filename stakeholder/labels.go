package stakeholder

import (
	"github.com/relaciona/relaciona"
)

// labels names the values of a string enumeration in Spanish and English
// ({es, en}): the table behind their Label methods.
type labels[T ~string] map[T][2]string

// of is v's name in lang, or v itself when the table does not name it.
func (l labels[T]) of(lang relaciona.Lang, v T) string {
	return l.or(lang, v, [2]string{string(v), string(v)})
}

// or is v's name in lang, or other ({es, en}) in lang when the table does
// not name it.
func (l labels[T]) or(lang relaciona.Lang, v T, other [2]string) string {
	n, ok := l[v]
	if !ok {
		n = other
	}
	return lang.T(n[0], n[1])
}
