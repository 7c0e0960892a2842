package satisfaction

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// TestParseMonthErrorInBothLanguages: a malformed month is ErrInvalid and
// says itself in Spanish by default and in English on request, word for
// word, like the package's other refusals.
func TestParseMonthErrorInBothLanguages(t *testing.T) {
	for _, c := range []struct{ in, es, en string }{
		{"2026-13", `month: mes "2026-13" no válido: escríbalo AAAA-MM`, `month: "2026-13" is not a valid month: use YYYY-MM`},
		{"2026-1", `month: mes "2026-1" no válido: escríbalo AAAA-MM`, `month: "2026-1" is not a valid month: use YYYY-MM`},
		{"marzo", `month: mes "marzo" no válido: escríbalo AAAA-MM`, `month: "marzo" is not a valid month: use YYYY-MM`},
		{"", `month: mes "" no válido: escríbalo AAAA-MM`, `month: "" is not a valid month: use YYYY-MM`},
	} {
		_, err := ParseMonth(c.in)
		require.Error(t, err, c.in)
		assert.ErrorIs(t, err, relaciona.ErrInvalid, c.in)
		var me *MonthError
		require.True(t, errors.As(err, &me), c.in)
		assert.Equal(t, c.in, me.Value)
		assert.Equal(t, c.es, err.Error(), "Spanish by default")
		assert.Equal(t, c.es, relaciona.ErrorText(err, relaciona.Spanish))
		assert.Equal(t, c.en, relaciona.ErrorText(err, relaciona.English))
	}
	m, err := ParseMonth("2026-02")
	require.NoError(t, err)
	assert.Equal(t, Month{2026, time.February}, m)
	var v Month
	err = v.UnmarshalText([]byte("2026-02-01"))
	assert.Equal(t, `month: "2026-02-01" is not a valid month: use YYYY-MM`, relaciona.ErrorText(err, relaciona.English), "JSON and YAML decoding say it too")
}

// FuzzParseMonth: any text parses to a month that prints back as the text,
// or fails with a *MonthError that is ErrInvalid and says itself in both
// languages; nothing panics.
func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2026-02", "2026-13", "0000-01", "9999-12", "2026-1", "", "2026-02-01", "abcd-ef", "２０２６-０２"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMonth(s)
		if err == nil {
			assert.Equal(t, s, m.String(), "a month prints back as written")
			return
		}
		assert.ErrorIs(t, err, relaciona.ErrInvalid)
		var me *MonthError
		require.True(t, errors.As(err, &me))
		assert.NotEmpty(t, me.Text(relaciona.Spanish))
		assert.NotEmpty(t, me.Text(relaciona.English))
	})
}
