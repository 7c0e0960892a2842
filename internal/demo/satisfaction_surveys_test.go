package demo

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkSatSurveys checks the demo year's surveys under the surveys
// section (satisfaction_surveys.go): Run every week, invitations answered
// after they were sent, response rates of at most 100 %, refused answers
// of every reason stored and shown by month and reason, and the scorecard
// grouped by perspective on the CMI page. TestSatisfactionDemoYear calls it
// on its year.
func checkSatSurveys(t *testing.T, c map[string]int, p *satisfactionDemo, site string) {
	t.Helper()
	assert.Equal(t, 36, c["survey_runs"], "Run at the end of each week but the month's last")
	assert.Positive(t, c["survey_invitations"])
	assert.Greater(t, c["survey_invitations"], c["survey_answers"]/3, "most answers answer an invitation")
	for _, m := range p.cmis {
		if m.Total.ResponseRate.Defined {
			assert.LessOrEqual(t, m.Total.ResponseRate.Value, 1.0, "%s", m.Month)
			assert.Greater(t, m.Total.ResponseRate.Value, 0.1, "%s: the month's closed tickets are answered within the month", m.Month)
		}
		assert.True(t, p.p.CSI(m.Total).Defined, "%s has an index", m.Month)
	}
	files := readFiles(t, site, "csv/satisfaction-*/*.csv")
	period := files["csv/satisfaction-period/rechazadas-periodo-tabla.csv"]
	require.NotEmpty(t, period, "the period page counts the refused answers by month and reason")
	lines := strings.Split(strings.TrimSpace(period), "\n")
	require.Len(t, lines, 1+12+1, "a header, a row per month and the total")
	head, total := strings.Split(lines[0], ","), strings.Split(lines[len(lines)-1], ",")
	require.Len(t, total, len(head))
	t.Logf("refused: %s / %s", lines[0], lines[len(lines)-1])
	for i := 1; i < len(total); i++ {
		n, err := strconv.Atoi(strings.TrimSpace(total[i]))
		require.NoError(t, err, total[i])
		assert.Positive(t, n, "some answers are refused as %s", head[i])
		if i == len(total)-1 {
			assert.Less(t, n, c["survey_answers"]/10, "refusals are the exception")
		}
	}
	card := files["csv/satisfaction-cmi/perspectivas-indicadores.csv"]
	require.NotEmpty(t, card, "the CMI page groups the indicators by perspective")
	for _, want := range []string{"Cliente", "Procesos internos", "Aprendizaje y crecimiento", "Índice de satisfacción (ISO 10004)"} {
		assert.Contains(t, card, want)
	}
}
