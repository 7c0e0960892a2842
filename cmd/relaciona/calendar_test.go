package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCalendarHolidays(t *testing.T) {
	code, out, errOut := runCLI(t, "calendar", "holidays", "--country", "CO", "--year", "2026")
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, errOut)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 19)
	assert.Equal(t, "2026-01-01\tAño Nuevo\tnational", lines[0])
	assert.Equal(t, "2026-04-02\tJueves Santo\tnational", lines[3])
	assert.Equal(t, "2026-07-13\tVirgen de Chiquinquirá\tnational", lines[10])
	assert.Equal(t, "2026-12-25\tNavidad\tnational", lines[18])

	code, out, _ = runCLI(t, "--lang", "en", "calendar", "holidays", "--country", "co", "--year", "2026")
	require.Equal(t, 0, code)
	assert.True(t, strings.HasPrefix(out, "2026-01-01\tNew Year's Day\tnational\n"), out)
	assert.Contains(t, out, "2026-04-03\tGood Friday\tnational\n")

	code, out, _ = runCLI(t, "calendar", "holidays", "--country", "UY", "--year", "2024")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "2024-01-01\tAño Nuevo\tnon-working\n")
	assert.Contains(t, out, "2024-04-22\tDesembarco de los Treinta y Tres Orientales\tworking\n")

	code, out, _ = runCLI(t, "calendar", "holidays", "-country=CL", "-year=2025")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "2025-06-20\tDía Nacional de los Pueblos Indígenas\tnational\n")
}

func TestCalendarAddAndBetween(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"add", "--country", "CO", "--from", "2026-03-27", "--days", "15"}, "2026-04-21"},
		{[]string{"add", "--country", "CO", "--from", "2026-03-27", "--days", "0"}, "2026-03-27"},
		{[]string{"add", "--country", "UY", "--from", "2026-03-27", "--days", "1"}, "2026-03-30"},
		{[]string{"add", "--country", "UY", "--from", "2026-03-27", "--days", "1", "--working-holidays-stop"}, "2026-04-06"},
		{[]string{"add", "--country", "CL", "--from", "2024-09-17", "--days", "1"}, "2024-09-23"},
		{[]string{"between", "--country", "CO", "--from", "2026-03-27", "--to", "2026-04-21"}, "15"},
		{[]string{"between", "--country", "CO", "--from", "2026-04-21", "--to", "2026-03-27"}, "-15"},
		{[]string{"between", "--country", "UY", "--from", "2026-03-27", "--to", "2026-04-06", "--working-holidays-stop"}, "1"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := runCLI(t, append([]string{"calendar"}, tt.args...)...)
			require.Equal(t, 0, code, errOut)
			assert.Equal(t, tt.want+"\n", out)
			assert.Empty(t, errOut)
		})
	}
}

// Each bad input gives exactly one line on stderr, nothing on stdout, and
// exit status 2 (usage) or 1 (outside the calendar's range), in Spanish by
// default and in English with --lang en.
func TestCalendarErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		code   int
		es, en string
	}{
		{"missing subcommand", nil, 2, "falta el subcomando", "missing subcommand"},
		{"unknown subcommand", []string{"due"}, 2, "subcomando desconocido \"due\"", "unknown subcommand \"due\""},
		{"unknown country", []string{"add", "--country", "AR", "--from", "2026-03-27", "--days", "15"}, 2,
			"--country: país \"AR\" no admitido: use CO (Colombia), CL (Chile) o UY (Uruguay)", "--country: unsupported country \"AR\""},
		{"bad date format", []string{"add", "--country", "CO", "--from", "27/03/2026", "--days", "15"}, 2,
			"--from: fecha \"27/03/2026\": use el formato AAAA-MM-DD", "--from: date \"27/03/2026\": use the format YYYY-MM-DD"},
		{"date that does not exist", []string{"between", "--country", "CO", "--from", "2026-03-27", "--to", "2026-02-30"}, 2,
			"--to: fecha \"2026-02-30\": febrero de 2026 tiene 28 días", "--to: date \"2026-02-30\": February 2026 has 28 days"},
		{"negative days", []string{"add", "--country", "CO", "--from", "2026-03-27", "--days", "-3"}, 2,
			"--days -3: el plazo no puede ser negativo", "--days -3: the term cannot be negative"},
		{"days not a number", []string{"add", "--country", "CO", "--from", "2026-03-27", "--days", "quince"}, 2,
			"--days \"quince\": debe ser un número entero", "--days \"quince\": must be a whole number"},
		{"year out of range", []string{"holidays", "--country", "CO", "--year", "2300"}, 1,
			"--year: año 2300 fuera del rango admitido (1984 a 2199)", "--year: year 2300 is outside the supported range (1984 to 2199)"},
		{"year not a number", []string{"holidays", "--country", "CO", "--year", "2026a"}, 2,
			"--year \"2026a\": debe ser un número entero", "--year \"2026a\": must be a whole number"},
		{"missing --year", []string{"holidays", "--country", "CO"}, 2, "falta la opción --year", "missing option --year"},
		{"missing --country", []string{"add", "--from", "2026-03-27", "--days", "15"}, 2, "falta la opción --country", "missing option --country"},
		{"missing --to", []string{"between", "--country", "CO", "--from", "2026-03-27"}, 2, "falta la opción --to", "missing option --to"},
		{"option without value", []string{"add", "--country", "CO", "--from", "2026-03-27", "--days"}, 2,
			"a la opción -days le falta su valor", "option -days needs a value"},
		{"unknown option", []string{"holidays", "--country", "CO", "--year", "2026", "--region", "RM"}, 2,
			"opción desconocida -region", "unknown option -region"},
		{"extra argument", []string{"holidays", "--country", "CO", "--year", "2026", "extra"}, 2,
			"argumento inesperado \"extra\"", "unexpected argument \"extra\""},
		{"from outside the range", []string{"add", "--country", "CL", "--from", "1983-12-30", "--days", "1"}, 1,
			"la fecha 1983-12-30 está fuera del rango admitido (1984-01-01 a 2199-12-31)", "the date 1983-12-30 is outside the supported range"},
		{"due date outside the range", []string{"add", "--country", "UY", "--from", "2199-12-01", "--days", "100"}, 1,
			"el vencimiento cae después del 2199-12-31", "the due date falls after 2199-12-31"},
		{"between outside the range", []string{"between", "--country", "CO", "--from", "2026-01-01", "--to", "2200-01-01"}, 1,
			"fuera del rango admitido", "outside the supported range"},
	}
	for _, tt := range tests {
		for _, lang := range []string{"es", "en"} {
			t.Run(tt.name+"/"+lang, func(t *testing.T) {
				args := append([]string{"--lang", lang, "calendar"}, tt.args...)
				code, out, errOut := runCLI(t, args...)
				assert.Equal(t, tt.code, code)
				assert.Empty(t, out)
				assert.Equal(t, 1, strings.Count(errOut, "\n"), "one line: %q", errOut)
				assert.True(t, strings.HasPrefix(errOut, "relaciona calendar: "), errOut)
				want := tt.es
				if lang == "en" {
					want = tt.en
				}
				assert.Contains(t, errOut, want)
			})
		}
	}
}

func TestCalendarHelp(t *testing.T) {
	for _, args := range [][]string{{"calendar", "help"}, {"calendar", "-h"}, {"calendar", "add", "-h"}} {
		code, out, errOut := runCLI(t, args...)
		assert.Equal(t, 0, code)
		assert.Contains(t, out, "relaciona calendar add --country PAÍS --from FECHA --days N")
		assert.Empty(t, errOut)
	}
	code, out, _ := runCLI(t, "--lang", "en", "calendar", "help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "the due date of a term of N business days filed on DATE")
	code, out, _ = runCLI(t, "help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "calendar")
}
