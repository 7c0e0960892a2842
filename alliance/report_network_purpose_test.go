package alliance

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/report"
)

// twoOfficeFixture is newFixture on the example with a second office,
// OMIL Quilpué, and its one alliance, red-quilpue (an understanding).
func twoOfficeFixture(t *testing.T) *fixture {
	t.Helper()
	src, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	y := string(src)
	for _, c := range [][2]string{
		{"    region: Valparaíso\n", "    region: Valparaíso\n  - id: omil-quilpue\n    name: OMIL Quilpué\n    commune: Quilpué\n    region: Valparaíso\n"},
		{"\n# Quién puede actuar", "  - id: red-quilpue\n    office: omil-quilpue\n    organisation: fosis-valparaiso\n    kind: understanding\n    objectives: [emprendimiento]\n    start: 2025-06-01\n\n# Quién puede actuar"},
	} {
		require.Equal(t, 1, strings.Count(y, c[0]), "the example still has %q once", c[0])
		y = strings.Replace(y, c[0], c[1], 1)
	}
	path := filepath.Join(t.TempDir(), "alliance.yaml")
	require.NoError(t, os.WriteFile(path, []byte(y), 0o644))
	return fixtureFrom(t, path, testDirectory(t))
}

// tableTotal is the total row of table id of doc, formatted in its
// language.
func tableTotal(t *testing.T, doc report.Document, id string) []string {
	t.Helper()
	for _, s := range doc.Sections {
		for _, b := range s.Blocks {
			if tb, ok := b.(report.Table); ok && tb.ID == id {
				var out []string
				for _, c := range tb.Total {
					out = append(out, c.Format(doc.Lang))
				}
				return out
			}
		}
	}
	t.Fatalf("no table %s", id)
	return nil
}

// TestNetworkPurposeByHand records referrals and information requests in
// two offices and checks the network page's purpose figures worked out by
// hand: the rate is resolved / referred over the referrals sent in the
// period (pending ones in the denominator, February's left out), the days
// are business days weighted per referral or request (not a mean of the
// offices' means), each judged against the YAML's target and direction;
// per office in a summary table with the network as total, per alliance in
// a folded section; Spanish and English.
func TestNetworkPurposeByHand(t *testing.T) {
	f := twoOfficeFixture(t)
	// Valparaíso, as in TestPurpose (r6, in February, out of the period).
	f.recordPurpose()
	// Quilpué.
	f.referral("k1", "red-quilpue", "2026-03-02", "2026-04-01", true)  // 22: 3 to 31 March (21) and 1 April
	f.referral("k2", "red-quilpue", "2026-04-06", "2026-04-08", false) // not resolved
	f.infoRequest("k3", "red-quilpue", "2026-04-06", "2026-04-16")     // 8

	for _, c := range []struct {
		lang                    relaciona.Lang
		rate, resolve, answer   string
		network                 string
		valparaiso, quilpue     []string
		total                   []string
		sence                   []string
		belowResolve, belowBoth string
	}{
		{lang: relaciona.Spanish, rate: "Resolución de derivaciones seguidas", resolve: "Días hábiles para resolver", answer: "Días hábiles de solicitud a respuesta",
			// Valparaíso: 5 referred (r1..r5), 3 resolved, 1 pending: 60 %; (4+8+3)/3 = 5 days; 2 of 3 answered, (2+8)/2 = 5 days.
			valparaiso: []string{"OMIL Valparaíso", "5", "3", "1", "60,0\u00a0%", "5,00", "3", "2", "5,00", ""},
			// Quilpué: 1 of 2 resolved: 50 % (meets ≥ 50 %); 22 days > 20; 8 days > 5.
			quilpue: []string{"OMIL Quilpué", "2", "1", "0", "50,0\u00a0%", "22,00", "1", "1", "8,00", "días para resolver, días de respuesta"},
			// Network: 4 of 7 = 57,1 %; (15+22)/4 = 9,25 days; (10+8)/3 = 6 days > 5.
			total: []string{"Red", "7", "4", "1", "57,1\u00a0%", "9,25", "4", "3", "6,00", "días de respuesta"},
			sence: []string{"OMIL Valparaíso", "convenio-sence", "5", "3", "1", "60,0\u00a0%", "5,00", "0", "0", "—", ""}},
		{lang: relaciona.English, rate: "Resolution of tracked referrals", resolve: "Business days to resolve", answer: "Business days from request to answer",
			valparaiso: []string{"OMIL Valparaíso", "5", "3", "1", "60.0%", "5.00", "3", "2", "5.00", ""},
			quilpue:    []string{"OMIL Quilpué", "2", "1", "0", "50.0%", "22.00", "1", "1", "8.00", "days to resolve, days to answer"},
			total:      []string{"Network", "7", "4", "1", "57.1%", "9.25", "4", "3", "6.00", "days to answer"},
			sence:      []string{"OMIL Valparaíso", "convenio-sence", "5", "3", "1", "60.0%", "5.00", "0", "0", "—", ""}},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			doc, err := f.s.NetworkReport(f.ctx, day("2026-03-01"), day("2026-04-30"), c.lang)
			require.NoError(t, err)
			require.NoError(t, report.HTML(io.Discard, doc), "the page renders: ids unique")
			k := proctest.KeyFigures(doc)
			assert.Equal(t, report.Percent(4.0/7).Format(c.lang), k[c.rate].Value.Format(c.lang))
			assert.Equal(t, report.StatusGood, k[c.rate].Status, "57,1 % ≥ 50 %")
			assert.Equal(t, report.Float(9.25).Format(c.lang), k[c.resolve].Value.Format(c.lang))
			assert.Equal(t, report.StatusGood, k[c.resolve].Status, "9,25 ≤ 20")
			assert.Equal(t, report.Float(6).Format(c.lang), k[c.answer].Value.Format(c.lang))
			assert.Equal(t, report.StatusWarn, k[c.answer].Status, "6 > 5")
			assert.Contains(t, k[c.answer].Note, "≤ ", "the target says its direction")
			assert.Contains(t, k[c.rate].Note, "≥ ")

			assert.Equal(t, [][]string{c.valparaiso, c.quilpue}, proctest.TableRows(t, doc, "proposito-oficinas"))
			assert.Equal(t, c.total, tableTotal(t, doc, "proposito-oficinas"))
			detail := proctest.TableRows(t, doc, "proposito-alianzas")
			require.Len(t, detail, 3, "convenio-sence, red-comercio, red-quilpue")
			assert.Equal(t, c.sence, detail[0])
			assert.Equal(t, []string{"red-comercio", "0", "3", "2"}, []string{detail[1][1], detail[1][2], detail[1][7], detail[1][8]})
			assert.Equal(t, "red-quilpue", detail[2][1])
			folded := map[string]bool{}
			for _, s := range doc.Sections {
				folded[s.ID] = s.Folded
			}
			assert.Equal(t, map[string]bool{"proposito-red": false, "proposito-red-detalle": true},
				map[string]bool{"proposito-red": folded["proposito-red"], "proposito-red-detalle": folded["proposito-red-detalle"]})
		})
	}
	t.Run("targets and directions come from the YAML", func(t *testing.T) {
		f.s.cfg.Purpose.AnswerDays = Target{Target: 6, Direction: AtMost}
		f.s.cfg.Purpose.ResolutionRate = Target{Target: 0.6, Direction: AtLeast}
		doc, err := f.s.NetworkReport(f.ctx, day("2026-03-01"), day("2026-04-30"), relaciona.Spanish)
		require.NoError(t, err)
		k := proctest.KeyFigures(doc)
		assert.Equal(t, report.StatusGood, k["Días hábiles de solicitud a respuesta"].Status, "6 ≤ 6")
		assert.Equal(t, report.StatusWarn, k["Resolución de derivaciones seguidas"].Status, "57,1 % < 60 %")
	})
	t.Run("a period without records", func(t *testing.T) {
		doc, err := f.s.NetworkReport(f.ctx, day("2026-06-01"), day("2026-06-30"), relaciona.Spanish)
		require.NoError(t, err)
		k := proctest.KeyFigures(doc)
		assert.Equal(t, report.StatusNone, k["Días hábiles para resolver"].Status)
		assert.Equal(t, "—", k["Días hábiles para resolver"].Value.Format(relaciona.Spanish))
		assert.Equal(t, []string{"Red", "0", "0", "0", "—", "—", "0", "0", "—", ""}, tableTotal(t, doc, "proposito-oficinas"))
	})
}
