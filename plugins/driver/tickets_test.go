package driver_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/relaciona/relaciona/plugins/driver"
)

func TestSurveyScale(t *testing.T) {
	for _, c := range []struct {
		metric string
		lo, hi int
		ok     bool
	}{
		{"csat", 1, 5, true},
		{"nps", 0, 10, true},
		{"ces", 1, 7, true},
		{"CSAT", 0, 0, false},
		{"", 0, 0, false},
	} {
		lo, hi, ok := driver.SurveyScale(c.metric)
		assert.Equal(t, []any{c.lo, c.hi, c.ok}, []any{lo, hi, ok}, "metric %q", c.metric)
	}
}
