package proctest

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/report"
)

func TestLastChart(t *testing.T) {
	for _, tc := range []struct {
		name   string
		blocks []report.Block
		want   string // the chart's ID; "" for none
	}{
		{"no blocks", nil, ""},
		{"no chart", []report.Block{report.Paragraph{Text: "x"}}, ""},
		{"one chart", []report.Block{report.Paragraph{Text: "x"}, report.Chart{ID: "a"}}, "a"},
		{"the last of two", []report.Block{report.Chart{ID: "a"}, report.Paragraph{Text: "x"}, report.Chart{ID: "b"}}, "b"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := LastChart(report.Section{Blocks: tc.blocks})
			if tc.want == "" {
				assert.Nil(t, c)
				return
			}
			require.NotNil(t, c)
			assert.Equal(t, tc.want, c.ID)
		})
	}
}

func TestRender(t *testing.T) {
	doc := report.Document{Title: "Informe de prueba", Sections: []report.Section{{ID: "s", Title: "Sección",
		Blocks: []report.Block{report.Paragraph{Text: "Un párrafo"}}}}}
	r := Render(t, doc)
	assert.Contains(t, r.HTML, "Informe de prueba")
	assert.Contains(t, r.Markdown, "Un párrafo")
	assert.NotEmpty(t, r.XLSX)
	info, err := os.Stat(r.CSVDir)
	require.NoError(t, err)
	assert.True(t, info.IsDir())
}
