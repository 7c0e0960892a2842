package process_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/relaciona/relaciona/process"
)

func TestByID(t *testing.T) {
	type item struct{ ID, Name string }
	items := []item{{"a", "first"}, {"b", "second"}, {"a", "repeated"}}
	id := func(v item) string { return v.ID }
	tests := []struct {
		name   string
		items  []item
		want   string
		found  item
		wantOK bool
	}{
		{"found", items, "b", item{"b", "second"}, true},
		{"the first of a repeated id", items, "a", item{"a", "first"}, true},
		{"unknown id gives the zero value", items, "z", item{}, false},
		{"empty id matches none here", items, "", item{}, false},
		{"nil list", nil, "a", item{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := process.ByID(tc.items, tc.want, id)
			assert.Equal(t, tc.wantOK, ok)
			assert.Equal(t, tc.found, got)
		})
	}
}
