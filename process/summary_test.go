package main

import (
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
	assert.Equal(t, "sin cambios", summarize(sum{Date: "2026-03-02"}, "sin cambios"))
	assert.Equal(t, "Escalated=3, Overdue=2, Sync.Stored=5", summarize(sum{Escalated: 3, Overdue: []string{"a", "b"}, Open: map[string]int{}, Sync: inner{Stored: 5}, private: 9}, "-"))
	assert.Equal(t, "-", summarize(nil, "-"))
}
