package alliance

import (
	"errors"
	"strconv"
	"strings"

	"github.com/relaciona/relaciona"
)

func asValidation(err error, ve **relaciona.ValidationError) bool { return errors.As(err, ve) }

// entry is one logical line of block YAML: a list-item marker ("- ") or a
// "key: value" / bare value line, at its indentation (0-based column).
type entry struct {
	line, col int  // 1-based position of the text
	item      bool // a "- " marker; its content follows as the next entry
	key       string
	value     string // inline value after "key:" or of a bare line
	valueCol  int
}

// locate finds the line and column of the node at field (a path such as
// "alliances[2].objectives[1]") in block-style YAML, so that errors found
// after decoding (unknown ids) can point into the file. It is best effort:
// flow collections are searched naively, and an unknown path yields the
// deepest node found, or 0, 0. It never panics on any input.
func locate(data []byte, field string) (line, col int) {
	segs := splitPath(field)
	if len(segs) == 0 {
		return 0, 0
	}
	es := entries(string(data))
	lo, hi, prev := 0, len(es), -1
	for _, s := range segs {
		if lo >= hi {
			// No block children: maybe a flow list on the line found last.
			if prev >= 0 && isDigits(s) && es[prev].value != "" {
				idx, _ := strconv.Atoi(s)
				return flowItem(es[prev], idx)
			}
			return line, col
		}
		base := es[lo].col
		found := -1
		if isDigits(s) {
			idx, _ := strconv.Atoi(s)
			for i, n := lo, 0; i < hi; i++ {
				if es[i].col == base && es[i].item {
					if n == idx {
						found = i
						break
					}
					n++
				}
			}
			if found < 0 {
				return line, col
			}
			line, col = es[found].line, es[found].col
			if found+1 < hi && !es[found+1].item && es[found+1].key == "" {
				line, col = es[found+1].line, es[found+1].valueCol
			}
		} else {
			for i := lo; i < hi; i++ {
				if es[i].col == base && !es[i].item && es[i].key == s {
					found = i
					break
				}
			}
			if found < 0 {
				return line, col
			}
			line, col = es[found].line, es[found].col
			if es[found].value != "" {
				col = es[found].valueCol
			}
		}
		prev = found
		// The node's children: the entries after it that are more indented,
		// and for a key, a list written at the key's own indentation.
		isKey := !es[found].item
		end := found + 1
		for end < hi && (es[end].col > es[found].col || (isKey && es[end].item && es[end].col == es[found].col)) {
			end++
		}
		lo, hi = found+1, end
		if isKey && es[found].value != "" {
			hi = lo // an inline value has no block children
		}
	}
	return line, col
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// flowItem finds the idx-th element of a flow list written inline.
func flowItem(e entry, idx int) (int, int) {
	v := e.value
	open := strings.IndexByte(v, '[')
	if open < 0 {
		return e.line, e.valueCol
	}
	pos := open + 1
	n := 0
	for pos <= len(v) {
		next := strings.IndexAny(v[pos:], ",]")
		if n == idx {
			skip := len(v[pos:]) - len(strings.TrimLeft(v[pos:], " "))
			return e.line, e.valueCol + pos + skip
		}
		if next < 0 {
			break
		}
		pos += next + 1
		n++
	}
	return e.line, e.valueCol
}

// splitPath turns "a[2].b" into ["a", "2", "b"].
func splitPath(field string) []string {
	var out []string
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
			out = append(out, part[i+1:i+j])
			part = part[i+j+1:]
		}
	}
	return out
}

// entries reads the logical lines of block YAML, splitting "- " markers
// from the content that follows them on the same line.
func entries(text string) []entry {
	var out []entry
	for n, raw := range strings.Split(text, "\n") {
		raw = strings.TrimRight(raw, "\r")
		col := len(raw) - len(strings.TrimLeft(raw, " "))
		rest := raw[col:]
		if rest == "" || rest[0] == '#' || rest == "---" || rest == "..." {
			continue
		}
		for strings.HasPrefix(rest, "- ") || rest == "-" {
			out = append(out, entry{line: n + 1, col: col + 1, item: true})
			if rest == "-" {
				rest = ""
				break
			}
			skip := 2 + len(rest[2:]) - len(strings.TrimLeft(rest[2:], " "))
			col += skip
			rest = rest[skip:]
		}
		if rest == "" {
			continue
		}
		e := entry{line: n + 1, col: col + 1}
		if k, v, ok := cutKey(rest); ok {
			e.key = k
			trimmed := strings.TrimLeft(v, " ")
			if c := strings.Index(trimmed, " #"); c >= 0 {
				trimmed = trimmed[:c]
			}
			if trimmed != "" && trimmed[0] != '#' {
				e.value = strings.TrimRight(trimmed, " ")
				e.valueCol = col + 1 + len(rest) - len(v) + (len(v) - len(strings.TrimLeft(v, " ")))
			}
		} else {
			e.value = rest
			e.valueCol = col + 1
		}
		out = append(out, e)
	}
	return out
}

// cutKey splits "key: value" (the key possibly quoted); ok is false for a
// line that is not a mapping entry.
func cutKey(s string) (key, rest string, ok bool) {
	if s != "" && (s[0] == '"' || s[0] == '\'') {
		end := strings.IndexByte(s[1:], s[0])
		if end < 0 {
			return "", "", false
		}
		k := s[1 : end+1]
		after := s[end+2:]
		if strings.HasPrefix(after, ":") && (len(after) == 1 || after[1] == ' ') {
			return k, after[1:], true
		}
		return "", "", false
	}
	i := strings.Index(s, ":")
	for i >= 0 {
		if i+1 == len(s) || s[i+1] == ' ' {
			k := s[:i]
			if strings.ContainsAny(k, "[]{},\"'") {
				return "", "", false
			}
			return k, s[i+1:], true
		}
		j := strings.Index(s[i+1:], ":")
		if j < 0 {
			break
		}
		i += j + 1
	}
	return "", "", false
}
