package process

import (
	"github.com/relaciona/relaciona"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSummarize(t *testing.T) {
	type inner struct{ Stored, Unchanged int }
	type sum struct {
		Date      string
		Escalated int
		Overdue   []string
		Open      map[string]int
		Sync      inner
		private   int
	}
	assert.Equal(t, "sin cambios", Summarize(sum{Date: "2026-03-02"}, relaciona.Spanish))
	assert.Equal(t, "Escalated=3, Overdue=2, Sync.Stored=5", Summarize(sum{Escalated: 3, Overdue: []string{"a", "b"}, Open: map[string]int{}, Sync: inner{Stored: 5}, private: 9}, relaciona.Spanish))
	assert.Equal(t, "no changes", Summarize(nil, relaciona.English))
}
