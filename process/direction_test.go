package process_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

func TestDirectionLabel(t *testing.T) {
	for _, tc := range []struct {
		d      report.Direction
		es, en string
	}{
		{report.HigherIsBetter, "mayor es mejor", "higher is better"},
		{report.LowerIsBetter, "menor es mejor", "lower is better"},
		{report.DirectionNone, "", ""},
	} {
		assert.Equal(t, tc.es, process.DirectionLabel(tc.d, relaciona.Spanish))
		assert.Equal(t, tc.en, process.DirectionLabel(tc.d, relaciona.English))
	}
}
