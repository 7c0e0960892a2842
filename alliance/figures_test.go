package alliance

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/report"
)

// keyFigures returns the formatted key figures of doc by label.
func keyFigures(doc report.Document) map[string]string {
	out := map[string]string{}
	for _, s := range doc.Sections {
		for _, b := range s.Blocks {
			if k, ok := b.(report.KeyFigures); ok {
				for _, it := range k.Items {
					out[it.Label] = it.Value.Format(doc.Lang)
				}
			}
		}
	}
	return out
}

// tableRows returns the formatted rows of the table id of doc.
func tableRows(t *testing.T, doc report.Document, id string) [][]string {
	t.Helper()
	for _, s := range doc.Sections {
		for _, b := range s.Blocks {
			tb, ok := b.(report.Table)
			if !ok || tb.ID != id {
				continue
			}
			var out [][]string
			for _, r := range tb.Rows {
				row := make([]string, len(r))
				for i, c := range r {
					row[i] = c.Format(doc.Lang)
				}
				out = append(out, row)
			}
			return out
		}
	}
	t.Fatalf("no table %s", id)
	return nil
}

// TestPortfolioKeyFiguresByHand records known referral counts for the
// alliances in force and checks the portfolio's figures worked out by hand.
func TestPortfolioKeyFiguresByHand(t *testing.T) {
	f := newFixture(t).to(PhaseMonitoring)
	all, err := f.s.Alliances(f.ctx, office)
	require.NoError(t, err)
	counts := map[string]Measurement{
		"convenio-sence": {Sent: 10, Accepted: 6, Resolved: 4, Answered: 8, AnswerDays: 2},
		"red-comercio":   {Sent: 5, Accepted: 5, Resolved: 4, Answered: 5, AnswerDays: 1},
	}
	var ms []Measurement
	live := 0
	for _, a := range all {
		if a.Status != StatusActive {
			continue
		}
		live++
		if m, ok := counts[a.ID]; ok {
			m.Alliance, m.Date = a.ID, day("2026-06-30")
			ms = append(ms, m)
		}
	}
	require.Len(t, ms, 2, "both alliances are in force")
	require.NoError(t, f.s.RecordMeasurements(f.ctx, enc, ms))

	doc, err := f.s.Report(f.ctx, ReportPortfolio, ReportOptions{Office: office, At: day("2026-07-01")})
	require.NoError(t, err)
	k := keyFigures(doc)
	// Sent: 10 + 5 = 15. Resolved: (4 + 4) / 15 = 0,5333 → 53,3 %.
	assert.Equal(t, "15", k["Derivaciones enviadas"])
	assert.Equal(t, "53,3\u00a0%", k["Derivaciones resueltas"])
	assert.Equal(t, report.Int(int64(live)).Format(relaciona.Spanish), k["Alianzas vigentes"])
}

// TestTerritorialSectorsInTheReportLanguage: the sector column names the
// sector in Spanish or English, never the YAML value.
func TestTerritorialSectorsInTheReportLanguage(t *testing.T) {
	f := newFixture(t)
	for _, c := range []struct {
		lang relaciona.Lang
		want map[string]string
	}{
		{relaciona.Spanish, map[string]string{"sence-valparaiso": "público", "camara-comercio": "privado", "fundacion-inclusion": "sociedad civil", "cft-regional": "educación"}},
		{relaciona.English, map[string]string{"sence-valparaiso": "public", "camara-comercio": "private", "fundacion-inclusion": "civil society", "cft-regional": "education"}},
	} {
		doc, err := f.s.Report(f.ctx, ReportTerritorial, ReportOptions{Office: office, At: day("2026-01-10"), Lang: c.lang})
		require.NoError(t, err)
		got := map[string]string{}
		for _, r := range tableRows(t, doc, "organizaciones") {
			got[r[0]] = r[2]
		}
		for id, want := range c.want {
			assert.Equal(t, want, got[id], "%s %s", c.lang, id)
		}
	}
	assert.Equal(t, "salud", sectorLabel(SectorHealth, relaciona.Spanish))
	assert.Equal(t, "otro", sectorLabel(SectorOther, relaciona.Spanish))
	assert.Equal(t, "minería", sectorLabel("minería", relaciona.Spanish), "an unknown sector is shown as written")
}

// TestResolvedReferralsTargetSaysItsDirection: the key figure names its
// target with the side that meets it, and the status follows.
func TestResolvedReferralsTargetSaysItsDirection(t *testing.T) {
	f := newFixture(t).to(PhaseMonitoring)
	// 2 resolved of 5 sent = 40 % < 50 %: a warning.
	require.NoError(t, f.s.RecordMeasurements(f.ctx, enc, []Measurement{{Alliance: "convenio-sence", Date: day("2026-06-30"), Sent: 5, Accepted: 3, Resolved: 2, Answered: 5, AnswerDays: 1}}))
	doc, err := f.s.Report(f.ctx, ReportPortfolio, ReportOptions{Office: office, At: day("2026-07-01")})
	require.NoError(t, err)
	var fig report.KeyFigure
	for _, b := range doc.Sections[0].Blocks {
		if k, ok := b.(report.KeyFigures); ok {
			for _, it := range k.Items {
				if it.Label == "Derivaciones resueltas" {
					fig = it
				}
			}
		}
	}
	assert.Equal(t, "40,0\u00a0%", fig.Value.Format(relaciona.Spanish))
	assert.Equal(t, report.StatusWarn, fig.Status)
	assert.Equal(t, "meta: ≥ 50,0\u00a0%", fig.Note)
}
