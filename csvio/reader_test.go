package csvio

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

var people = Schema{
	Columns: []Column{
		{Name: "id", Aliases: []string{"identificador"}, Required: true},
		{Name: "name", Aliases: []string{"nombre"}, Required: true, Personal: true},
		{Name: "born", Type: Date},
		{Name: "visits", Type: Integer, Bounded: true, Min: -10, MaxInt: 1000},
		{Name: "score", Type: Decimal},
		{Name: "kind", Type: Enum, Values: []string{"person", "organisation"}},
		{Name: "internal", Type: Bool},
		{Name: "groups", Type: List},
	},
	Key: []string{"id"},
}

// readAll reads every row of data, returning the rows, the row errors and
// the fatal error.
func readAll(t *testing.T, data string, o Options) ([]*Row, []*RowError, error) {
	t.Helper()
	if o.File == "" {
		o.File = "in.csv"
	}
	r := NewReader(strings.NewReader(data), people, o)
	var rows []*Row
	var bad []*RowError
	for row, err := range r.Rows() {
		if err != nil {
			var re *RowError
			if errors.As(err, &re) {
				bad = append(bad, re)
				continue
			}
			return rows, bad, err
		}
		rows = append(rows, row)
	}
	return rows, bad, nil
}

func TestReaderReadsTypedRows(t *testing.T) {
	cases := []struct {
		name, data string
		comma      rune
	}{
		{"comma", "id,name,born,visits,score,kind,internal,groups\na1,Ana,2001-02-03,7,3.5,Person,sí,x| y |\n", ','},
		{"semicolon and bom", "\ufeffid;nombre;born;visits;score;kind;internal;groups\na1;Ana;03/02/2001;+7;3,5;person;true;x|y\n", ';'},
		{"aliases and order", "groups;internal;kind;score;visits;born;NOMBRE ; Identificador\nx|y;1;PERSON;3,5;007;3/2/2001;Ana;a1\n", ';'},
		{"quoted comma", "id,name,born,visits,score,kind,internal,groups\na1,Ana,2001-02-03,7,\"3,5\",person,yes,x|y\n\n,,,,,,,\n", ','},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows, bad, err := readAll(t, tc.data, Options{})
			require.NoError(t, err)
			require.Empty(t, bad)
			require.Len(t, rows, 1)
			r := rows[0]
			assert.Equal(t, 2, r.Line)
			assert.Equal(t, "a1", r.Text("id"))
			assert.Equal(t, "Ana", r.Text("name"))
			assert.Equal(t, "2001-02-03", r.Date("born").String())
			assert.Equal(t, int64(7), r.Int("visits"))
			assert.InDelta(t, 3.5, r.Decimal("score"), 1e-12)
			assert.Equal(t, "person", r.Text("kind"))
			assert.True(t, r.Bool("internal"))
			assert.Equal(t, []string{"x", "y"}, r.List("groups"))
			assert.Equal(t, "a1", r.Key())
		})
	}
}

func TestReaderSeparatorSniffedOrForced(t *testing.T) {
	r := NewReader(strings.NewReader("id;name\na;b\n"), people, Options{})
	require.NoError(t, r.Header())
	assert.Equal(t, ';', r.Comma())
	// Forced to a comma, the semicolon header is one unknown column.
	r = NewReader(strings.NewReader("id;name\na;b\n"), people, Options{Comma: ','})
	require.ErrorIs(t, r.Header(), relaciona.ErrInvalid)
}

// Each header problem is one error naming its column, and nothing else is
// read.
func TestReaderHeaderErrorsNameTheColumn(t *testing.T) {
	cases := []struct {
		name, data string
		lang       relaciona.Lang
		want       []string
	}{
		{"duplicated column", "id,name,nombre\n", relaciona.English, []string{"in.csv:1: name: column given twice"}},
		{"duplicated column es", "id,name,id\n", relaciona.Spanish, []string{"in.csv:1: id: columna repetida"}},
		{"unknown column", "id,name,colour\n", relaciona.English, []string{"in.csv:1: colour: unknown column"}},
		{"missing required column", "id,born\n", relaciona.English, []string{"in.csv:1: name: the header lacks this required column"}},
		{"missing required column es", "id,born\n", relaciona.Spanish, []string{"in.csv:1: name: al encabezado le falta esta columna obligatoria"}},
		{"several", "id,colour,id\n", relaciona.English, []string{"colour: unknown column", "id: column given twice", "name: the header lacks"}},
		{"empty file", "", relaciona.English, []string{"in.csv:1: the file is empty"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows, _, err := readAll(t, tc.data+"a,b,c\n", Options{Lang: tc.lang})
			if tc.data == "" {
				rows, _, err = readAll(t, "", Options{Lang: tc.lang})
			}
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Empty(t, rows)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
	// IgnoreUnknown skips the column instead.
	rows, _, err := readAll(t, "id,name,colour\na,b,red\n", Options{IgnoreUnknown: true})
	require.NoError(t, err)
	require.Len(t, rows, 1)
}

func utf16LE(s string, bom bool) string {
	var b bytes.Buffer
	if bom {
		b.Write([]byte{0xFF, 0xFE})
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.String()
}

func TestReaderRefusesOtherEncodings(t *testing.T) {
	cases := []struct {
		name, data, want string
	}{
		{"utf-16 with bom", utf16LE("id,name\na,b\n", true), "the file is UTF-16 or UTF-32"},
		{"utf-16 with bom and no NUL", utf16LE("ĀĀ", true), "the file is UTF-16 or UTF-32"},
		{"utf-16 big endian", "\xFE\xFF\x00i\x00d", "the file is UTF-16 or UTF-32"},
		{"utf-16 without bom", utf16LE("id,name\na,b\n", false), "NUL"},
		{"latin-1 row", "id,name\na,Jos\xe9\n", "not UTF-8"},
		{"nul in a row", "id,name\na,b\x00c\n", "NUL"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := readAll(t, tc.data, Options{Lang: relaciona.English})
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Contains(t, err.Error(), tc.want)
			assert.True(t, strings.HasPrefix(err.Error(), "in.csv:"), err.Error())
		})
	}
}

func TestReaderRowErrors(t *testing.T) {
	const head = "id,name,born,visits,score,kind,internal,groups\n"
	cases := []struct {
		name, row string
		want      []string
	}{
		{"formula text", "a,=HYPERLINK(A1),,,,,,", []string{"in.csv:2: name: the cell starts like a formula"}},
		{"formula plus", "a,+cmd,,,,,,", []string{"name: the cell starts like a formula"}},
		{"formula at", "a,@SUM(A1),,,,,,", []string{"name: the cell starts like a formula"}},
		{"formula tab", "a,\tx,,,,,,", []string{"name: the cell starts like a formula"}},
		{"formula minus in a numeric column", "a,b,,-1+2,,,,", []string{"visits: the cell starts like a formula"}},
		{"formula after spaces", "a,  =1+1,,,,,,", []string{"name: the cell starts like a formula"}},
		{"bad date", "a,b,2026-02-30,,,,,", []string{"born: invalid date \"2026-02-30\""}},
		{"bad dmy date", "a,b,31/04/2026,,,,,", []string{"born: invalid date"}},
		{"bad integer", "a,b,,7.5,,,,", []string{"visits: \"7.5\" is not a whole number"}},
		{"integer out of range", "a,b,,1001,,,,", []string{"visits: 1001 is outside -10-1000"}},
		{"thousands separator", "a,b,,,\"1.234,5\",,,", []string{"score: \"1.234,5\" is not a number"}},
		{"not a number", "a,b,,,NaN,,,", []string{"score: \"NaN\" is not a number"}},
		{"enum", "a,b,,,,robot,,", []string{"kind: unknown value \"robot\": use person, organisation"}},
		{"bool", "a,b,,,,,maybe,", []string{"internal: \"maybe\" is neither"}},
		{"required empty", ",b,,,,,,", []string{"in.csv:2: id: the value is missing"}},
		{"too many cells", "a,b,,,,,,,extra", []string{"in.csv:2: the row has 9 cells"}},
		{"two problems", "a,=1,,x,,,,", []string{"name: the cell starts", "visits: \"x\""}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rows, bad, err := readAll(t, head+tc.row+"\nz,ok,,,,,,\n", Options{Lang: relaciona.English})
			require.NoError(t, err)
			require.Len(t, bad, 1)
			require.ErrorIs(t, bad[0], relaciona.ErrInvalid)
			for _, w := range tc.want {
				assert.Contains(t, bad[0].Error(), w)
			}
			assert.Equal(t, 2, bad[0].Line)
			// Reading goes on after a bad row.
			require.Len(t, rows, 1)
			assert.Equal(t, "z", rows[0].Text("id"))
			assert.Equal(t, 3, rows[0].Line)
		})
	}
}

func TestReaderNumbersAndEscapes(t *testing.T) {
	const head = "id,name,born,visits,score,kind,internal,groups\n"
	rows, bad, err := readAll(t, head+"a,'=1+1,,-3,-2.5,,,\nb,'@x,,+4,\"+0,5\",,,\nc,'plain,,,,,,\n", Options{})
	require.NoError(t, err)
	require.Empty(t, bad)
	require.Len(t, rows, 3)
	assert.Equal(t, "=1+1", rows[0].Text("name"))
	assert.Equal(t, int64(-3), rows[0].Int("visits"))
	assert.InDelta(t, -2.5, rows[0].Decimal("score"), 1e-12)
	assert.Equal(t, "@x", rows[1].Text("name"))
	assert.Equal(t, int64(4), rows[1].Int("visits"))
	assert.Equal(t, "'plain", rows[2].Text("name"))
}

func TestReaderLimits(t *testing.T) {
	const head = "id,name\n"
	_, _, err := readAll(t, head+"a,b\nc,d\ne,f\n", Options{MaxRows: 2, Lang: relaciona.English})
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "in.csv:4: more than 2 rows")
	_, _, err = readAll(t, head+"a,\"open quote\n"+strings.Repeat("x", 300<<10), Options{MaxRecordBytes: 1 << 10, Lang: relaciona.English})
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "longer than 1024 bytes")
	_, _, err = readAll(t, head+"a,\"open\n", Options{Lang: relaciona.English})
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "in.csv:2: bad or unclosed quote")
}

func TestWriterRoundTrip(t *testing.T) {
	values := [][]string{
		{"a1", "=HYPERLINK(\"http://x\")", "2001-02-03", "-7", "-3.25", "person", "true", "x|y"},
		{"a2", "+1 555", "", "", "", "", "", ""},
		{"a3", "'already quoted", "", "0", "0.5", "organisation", "false", "z"},
		{"a4", "'=kept", "", "", "", "", "", ""},
		{"a5", "Peña; \"Ñandú\"\nsegunda línea", "", "", "", "", "", ""},
		{"a6", "@user", "", "", "", "", "", ""},
	}
	for _, comma := range []rune{',', ';'} {
		var buf bytes.Buffer
		w, err := NewWriter(&buf, people, WriterOptions{Comma: comma, BOM: true, DecimalComma: comma == ';'})
		require.NoError(t, err)
		for _, v := range values {
			require.NoError(t, w.Write(v))
		}
		require.NoError(t, w.Flush())
		assert.NotContains(t, buf.String(), "\n=", "a formula cell left as is")
		assert.NotContains(t, buf.String(), ",=")
		rows, bad, err := readAll(t, buf.String(), Options{})
		require.NoError(t, err)
		require.Empty(t, bad)
		require.Len(t, rows, len(values))
		for i, r := range rows {
			assert.Equal(t, values[i], r.Values(), "row %d with %q", i, comma)
		}
	}
	// Redact blanks the personal columns.
	var buf bytes.Buffer
	w, err := NewWriter(&buf, people, WriterOptions{Redact: true})
	require.NoError(t, err)
	require.NoError(t, w.Write(values[0]))
	require.NoError(t, w.Flush())
	assert.NotContains(t, buf.String(), "HYPERLINK")
	require.ErrorIs(t, w.Write([]string{"short"}), relaciona.ErrInvalid)
}

func FuzzReader(f *testing.F) {
	f.Add([]byte("id,name,born,visits,score,kind,internal,groups\na1,Ana,2001-02-03,7,3.5,person,sí,x|y\n"))
	f.Add([]byte("\ufeffid;nombre;score\na;b;3,5\nc;=1;x\n"))
	f.Add([]byte("id,name\n\"a,b\n"))
	f.Add([]byte(utf16LE("id,name\na,b\n", true)))
	f.Add([]byte("id,name,id\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(bytes.NewReader(data), people, Options{File: "f.csv", MaxRecordBytes: 4096})
		var kept [][]string
		for row, err := range r.Rows() {
			if err != nil {
				require.ErrorIs(t, err, relaciona.ErrInvalid)
				var re *RowError
				if errors.As(err, &re) {
					require.NotEmpty(t, re.Errs)
					require.Positive(t, re.Line)
				}
				continue
			}
			// A row that passed has typed, clean values.
			require.NotEmpty(t, row.Text("id"))
			require.NotEmpty(t, row.Text("name"))
			for _, v := range row.Values() {
				require.True(t, utf8.ValidString(v))
				require.NotContains(t, v, "\x00")
			}
			if row.Has("born") {
				require.False(t, row.Date("born").IsZero())
			}
			kept = append(kept, append([]string(nil), row.Values()...))
		}
		// What was read, written and read again, is the same.
		var buf bytes.Buffer
		w, err := NewWriter(&buf, people, WriterOptions{})
		require.NoError(t, err)
		for _, v := range kept {
			require.NoError(t, w.Write(v))
		}
		require.NoError(t, w.Flush())
		i := 0
		for row, err := range NewReader(&buf, people, Options{}).Rows() {
			require.NoError(t, err)
			require.Less(t, i, len(kept))
			require.Equal(t, kept[i], row.Values())
			i++
		}
		require.Equal(t, len(kept), i)
	})
}
