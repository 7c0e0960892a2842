package process

import "github.com/relaciona/relaciona"

// Labels names the values of a string enumeration in Spanish and English
// ({es, en}): the table behind a process package's Label methods and its
// report cells, so that an enum is shown in the report's language.
type Labels[T ~string] map[T][2]string

// Of is v's name in lang, or v as written when the table does not name it.
func (l Labels[T]) Of(lang relaciona.Lang, v T) string {
	return l.Or(lang, v, [2]string{string(v), string(v)})
}

// Or is v's name in lang, or other ({es, en}) in lang when the table does
// not name it.
func (l Labels[T]) Or(lang relaciona.Lang, v T, other [2]string) string {
	n, ok := l[v]
	if !ok {
		n = other
	}
	return lang.T(n[0], n[1])
}
