package schemas

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/relaciona/relaciona"
)

// Locator places the problems a JSON Schema cannot see (references between
// ids, cycles, limits that depend on other fields) at the YAML node they are
// about, so a process package's own checks report FILE:LINE:COL like the
// schema's. Build it from a file Decode has accepted. The zero Locator (or
// one from nil data, for a configuration built in Go) gives problems with a
// field path and no position.
type Locator struct {
	file string
	root *yaml.Node
}

// NewLocator parses data for positions. Data that does not parse (it
// cannot, after Decode accepted it) gives a Locator without positions.
func NewLocator(file string, data []byte) *Locator {
	l := &Locator{file: file}
	if data == nil {
		return l
	}
	var root yaml.Node
	if yaml.Unmarshal(data, &root) == nil {
		l.root = &root
	}
	return l
}

// Problem returns a *relaciona.ValidationError with msg, the field path
// of path (map keys as strings, sequence indexes as ints), and the
// position of that node, or of its nearest existing ancestor.
func (l *Locator) Problem(path []any, msg string) *relaciona.ValidationError {
	p := &relaciona.ValidationError{Field: FieldPath(path...), Msg: msg}
	if l == nil {
		return p
	}
	p.File = l.file
	p.Line, p.Column = l.position(path)
	return p
}

// Locate places an error found after decoding whose field is a path
// string such as "alliances[2].objectives[1]": it sets err's File, Line and
// Column when err is (or wraps) a *relaciona.ValidationError without a
// position, and returns err.
func (l *Locator) Locate(err error) error {
	var ve *relaciona.ValidationError
	if l == nil || !errors.As(err, &ve) || ve.Line > 0 {
		return err
	}
	if ve.File == "" {
		ve.File = l.file
	}
	ve.Line, ve.Column = l.position(ParseFieldPath(ve.Field))
	return err
}

// ParseFieldPath is the inverse of FieldPath: "a[2].b" gives "a", 2, "b".
// A malformed index ends the path.
func ParseFieldPath(field string) []any {
	var out []any
	for _, part := range strings.Split(field, ".") {
		for part != "" {
			i := strings.IndexByte(part, '[')
			if i < 0 {
				out = append(out, part)
				break
			}
			if i > 0 {
				out = append(out, part[:i])
			}
			j := strings.IndexByte(part[i:], ']')
			if j < 0 {
				return out
			}
			n, err := strconv.Atoi(part[i+1 : i+j])
			if err != nil {
				return out
			}
			out = append(out, n)
			part = part[i+j+1:]
		}
	}
	return out
}

// FieldPath formats a path of keys and indexes as "clients[2].services".
func FieldPath(path ...any) string {
	var b strings.Builder
	for _, p := range path {
		switch v := p.(type) {
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(v)
		case int:
			fmt.Fprintf(&b, "[%d]", v)
		}
	}
	return b.String()
}

// position finds the node of path, or its nearest existing ancestor;
// 0, 0 without a document.
func (l *Locator) position(path []any) (int, int) {
	if l.root == nil {
		return 0, 0
	}
	n := l.root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	for _, p := range path {
		var next *yaml.Node
		switch v := p.(type) {
		case string:
			if n.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(n.Content); i += 2 {
					if n.Content[i].Value == v {
						next = n.Content[i+1]
					}
				}
			}
		case int:
			if n.Kind == yaml.SequenceNode && v >= 0 && v < len(n.Content) {
				next = n.Content[v]
			}
		}
		if next == nil {
			break
		}
		for next.Kind == yaml.AliasNode && next.Alias != nil {
			next = next.Alias
		}
		n = next
	}
	return max(n.Line, 1), max(n.Column, 1)
}
