package schemas

import (
	"testing"

	"github.com/stretchr/testify/assert"
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
