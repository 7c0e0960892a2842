package demo

import (
	"context"
	"encoding/csv"
	"html"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// TestDemoReportFiguresAreRight builds the demo year of every process and
// reads the product reports of its deployment for the year (what
// `relaciona demo` leaves in report/) as the reader did: no rate
// above 100 %, every target note says its side, sectors in Spanish, an
// overdue level-7 issue with its deadline, and value axes on round, even
// ticks.
func TestDemoReportFiguresAreRight(t *testing.T) {
	skipIfShort(t)
	dir := t.TempDir()
	sum, err := Run(context.Background(), Options{Dir: dir, Seed: 1, Lang: relaciona.Spanish}, All()...)
	require.NoError(t, err)
	// The year's notifications add up and some are held back by the
	// contact limit. A citizen's PQRSD that came from a ticket is answered
	// on the ticket by citizen itself, in the answer's own transaction, so
	// the outbox holds no ticket reply for it: one would be a second reply.
	checkNotifications(t, sum.Notifications)
	// The only ticket replies through the outbox are satisfaction's survey
	// invitations, delivered on the closed ticket.
	assert.Equal(t, sum.Counts["satisfaction"]["survey_invitations"], sum.Notifications.Tickets, "ticket replies through the outbox: the survey invitations only (citizen replies on its tickets itself)")
	assert.Positive(t, sum.Notifications.Digests, "daily digests")
	site := productSite(t, dir, sum.Year, relaciona.Spanish)
	pages, err := filepath.Glob(filepath.Join(site, "*.html"))
	require.NoError(t, err)
	require.NotEmpty(t, pages)
	overPct := regexp.MustCompile(`>\s*(\d{3,}(?:\.\d{3})*,\d+)\s*%`)
	noteNoSide := regexp.MustCompile(`meta: [^≥≤]`)
	axis := regexp.MustCompile(`(?s)<g class="y-axis"[^>]*>(.*?)</g>`)
	tick := regexp.MustCompile(`<text[^>]*>([^<]*)</text>`)
	for _, p := range pages {
		b, err := os.ReadFile(p)
		require.NoError(t, err)
		page := strings.ReplaceAll(html.UnescapeString(string(b)), "\u00a0", " ")
		name := filepath.Base(p)
		for _, m := range overPct.FindAllStringSubmatch(page, -1) {
			v, _ := strconv.ParseFloat(strings.ReplaceAll(strings.ReplaceAll(m[1], ".", ""), ",", "."), 64)
			assert.LessOrEqual(t, v, 100.0, "%s: a share of %s %%", name, m[1])
		}
		assert.False(t, noteNoSide.MatchString(page), "%s: a target without its side: %q", name, noteNoSide.FindString(page))
		assert.NotContains(t, page, "por debajo de la meta", name)
		for _, raw := range []string{"public", "private", "health", "education", "civil_society", "incident", "request"} {
			assert.NotContains(t, page, "<td>"+raw+"</td>", "%s: %s not translated", name, raw)
		}
		// Ticks: evenly spaced on a 1-2-5 step.
		for _, g := range axis.FindAllStringSubmatch(page, -1) {
			var vs []float64
			for _, m := range tick.FindAllStringSubmatch(g[1], -1) {
				s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(m[1]), "%"))
				s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
				v, err := strconv.ParseFloat(s, 64)
				if err != nil {
					vs = nil // a scaled label ("1,2 M"): not checked
					break
				}
				vs = append(vs, v)
			}
			if len(vs) < 3 {
				continue
			}
			step := vs[1] - vs[0]
			for i := 2; i < len(vs); i++ {
				assert.InDelta(t, step, vs[i]-vs[i-1], math.Abs(step)*1e-6, "%s: ticks %v are not evenly spaced", name, vs)
			}
			e := math.Pow(10, math.Floor(math.Log10(math.Abs(step))))
			f := math.Round(math.Abs(step)/e*1e6) / 1e6
			assert.Contains(t, []float64{1, 2, 5, 10}, f, "%s: ticks %v are not on a 1-2-5 step", name, vs)
		}
	}
	// The open issues overdue at level 7 show the deadline they missed.
	fh, err := os.Open(filepath.Join(site, "csv", "stakeholder", "asuntos.csv"))
	require.NoError(t, err)
	defer fh.Close()
	rows, err := csv.NewReader(fh).ReadAll()
	require.NoError(t, err)
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	seen := 0
	for _, r := range rows[1:] {
		if r[col["Estado"]] == "abierto" && strings.HasPrefix(r[col["Marca"]], "Vencido en la última instancia") {
			seen++
			assert.NotEmpty(t, r[col["Vence"]], "issue %s overdue at level 7 has no deadline", r[col["ID"]])
		}
	}
	assert.Positive(t, seen, "the demo has open issues overdue at level 7")
}
