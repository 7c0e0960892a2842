package schemas

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

func TestLocatorPlacesProblemsAtTheirNode(t *testing.T) {
	data := []byte("kind: citizen\nversion: 1\nbase: &b\n  channel: web\nsegments:\n  - id: urbano\n    rule: {all: [{variable: vereda}]}\n  - *b\n")
	l := NewLocator("c.yaml", data)
	tests := []struct {
		path      []any
		field     string
		line, col int
	}{
		{[]any{"segments", 0, "id"}, "segments[0].id", 6, 9},
		{[]any{"segments", 0, "rule", "all", 0, "variable"}, "segments[0].rule.all[0].variable", 7, 29},
		{[]any{"segments", 5}, "segments[5]", 6, 3},                     // a missing index: its parent
		{[]any{"segments", 1, "channel"}, "segments[1].channel", 4, 12}, // through an alias
		{[]any{"nope", "x"}, "nope.x", 1, 1},
	}
	for _, tc := range tests {
		p := l.Problem(tc.path, "mal")
		assert.Equal(t, tc.field, p.Field)
		assert.Equal(t, "c.yaml", p.File)
		assert.Equal(t, [2]int{tc.line, tc.col}, [2]int{p.Line, p.Column}, "%v", tc.path)
	}
	p := NewLocator("", nil).Problem([]any{"a", 1}, "mal")
	assert.Equal(t, "a[1]: mal", p.Error(), "without a document: the field path only")
	var none *Locator
	assert.Equal(t, "a: mal", none.Problem([]any{"a"}, "mal").Error())
}

func TestLocateByFieldString(t *testing.T) {
	data := []byte("kind: alliance\nalliances:\n  - id: a\n    objectives: [x, y]\n  - id: b\n    objectives:\n      - z\n")
	l := NewLocator("a.yaml", data)
	tests := []struct {
		field     string
		line, col int
	}{
		{"alliances[1].id", 5, 9},
		{"alliances[0].objectives[1]", 4, 21},
		{"alliances[1].objectives[0]", 7, 9},
		{"alliances[7].id", 3, 3}, // a missing index: its parent (the list)
		{"alliances[x].id", 3, 3}, // a malformed index ends the path
	}
	for _, tc := range tests {
		err := l.Locate(&relaciona.ValidationError{Field: tc.field, Msg: "mal"})
		var ve *relaciona.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "a.yaml", ve.File)
		assert.Equal(t, [2]int{tc.line, tc.col}, [2]int{ve.Line, ve.Column}, tc.field)
	}
	other := errors.New("not a validation error")
	assert.Same(t, other, l.Locate(other))
	assert.Equal(t, []any{"a", 2, "b", 0}, ParseFieldPath("a[2].b[0]"))
	assert.Equal(t, FieldPath(ParseFieldPath("clients[2].services")...), "clients[2].services")
}

func FuzzParseFieldPath(f *testing.F) {
	f.Add("a[2].b")
	f.Add("[[]].]")
	f.Fuzz(func(t *testing.T, field string) {
		path := ParseFieldPath(field)
		// What parses formats back to a path that parses the same.
		assert.Equal(t, path, ParseFieldPath(FieldPath(path...)))
	})
}
