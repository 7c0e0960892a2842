package process_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
)

func TestLabels(t *testing.T) {
	type color string
	names := process.Labels[color]{"red": {"rojo", "red (en)"}}
	tests := []struct {
		name   string
		got    string
		wanted string
	}{
		{"known, Spanish", names.Of(relaciona.Spanish, "red"), "rojo"},
		{"known, English", names.Of(relaciona.English, "red"), "red (en)"},
		{"unknown as written", names.Of(relaciona.Spanish, "blue"), "blue"},
		{"unknown, other in Spanish", names.Or(relaciona.Spanish, "blue", [2]string{"ninguno", "none"}), "ninguno"},
		{"unknown, other in English", names.Or(relaciona.English, "blue", [2]string{"ninguno", "none"}), "none"},
		{"known wins over other", names.Or(relaciona.English, "red", [2]string{"ninguno", "none"}), "red (en)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.wanted, tc.got) })
	}
}
