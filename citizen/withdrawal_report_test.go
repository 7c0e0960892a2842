package citizen

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/report"
)

// figuresWithdrawal files, in the first quarter of 2026, the withdrawals
// of Ley 1755 de 2015, arts. 17 and 18:
//   - tacit: a petición filed 5 January, asked to complete on 6 January,
//     never completed: Run on 2 March takes it as withdrawn (art. 17);
//   - express, February: a petición filed 2 February, withdrawn by the
//     citizen on 3 February (art. 18), then archived (Close);
//   - ex officio: a petición filed 2 February, withdrawn on 4 February and
//     continued ex officio by the direction on 5 February (art. 18): in
//     progress again, not withdrawn;
//   - express, March: a queja filed 2 March, withdrawn on 3 March;
//   - ordinary: a petición filed 5 January, left open.
func figuresWithdrawal(t *testing.T, f *fixture) {
	t.Helper()
	f.file(t, at("2026-01-05"))
	f.fileIncomplete(t, at("2026-01-05"), "Anexo", at("2026-01-06")) // tacit
	feb := f.fileWithdrawn(t, at("2026-02-02"), at("2026-02-03"))
	_, err := f.s.Close(f.ctx, clerk, feb.ID, at("2026-02-04"))
	require.NoError(t, err)
	exo := f.fileWithdrawn(t, at("2026-02-02"), at("2026-02-04"))
	_, err = f.s.ContinueExOfficio(f.ctx, boss, exo.ID, "Afecta a todo el barrio", at("2026-02-05"))
	require.NoError(t, err)
	f.fileWithdrawn(t, at("2026-03-02"), at("2026-03-03"), func(n *NewPQRSD) { n.Type = Queja }) // express, March
	f.runTakesWithdrawn(t, d("2026-03-02"), 1)
}

// TestWithdrawalsSplitByArticle checks, on figuresWithdrawal's counts
// worked out by hand, that the counters, the quarterly and the period
// reports and their CSV and XLSX exports split the withdrawn PQRSD into
// tacit (art. 17: 1) and express (art. 18: 2) and count the one continued
// ex officio (art. 18: 1), in Spanish and English; and that RebuildStats
// fills in the split in counters written without it.
func TestWithdrawalsSplitByArticle(t *testing.T) {
	f := newFixture(t)
	figuresWithdrawal(t, f)
	from, to, err := Quarter(2026, 1)
	require.NoError(t, err)
	st, err := f.s.PQRSDStats(f.ctx, from, to, d("2026-03-31"))
	require.NoError(t, err)
	assert.Equal(t, [4]int{3, 1, 2, 1}, [4]int{st.TotalWithdrawn, st.TotalTacit, st.TotalExpress, st.TotalExOfficio}, "withdrawn, tacit, express, ex officio")
	assert.Equal(t, map[Type]int{Peticion: 1}, nonZero(st.WithdrawnTacit))
	assert.Equal(t, map[Type]int{Peticion: 1, Queja: 1}, nonZero(st.WithdrawnExpress))
	assert.Equal(t, map[Type]int{Peticion: 1}, nonZero(st.ExOfficio))
	scan, err := f.s.PQRSDStatsScan(f.ctx, from, to, d("2026-03-31"))
	require.NoError(t, err)
	assert.Equal(t, scan, st, "the counters hold what the PQRSD say")

	for _, c := range []struct {
		lang                                 relaciona.Lang
		withdrawn, note                      string
		tacit, express, exOfficio, petitions string
	}{
		{relaciona.Spanish, "Desistidas", "1 tácito (art. 17), 2 expreso (art. 18); 1 continuadas de oficio (art. 18)",
			"Desistimiento tácito (art. 17)", "Desistimiento expreso (art. 18)", "Continuadas de oficio (art. 18)", Peticion.Label(relaciona.Spanish)},
		{relaciona.English, "Withdrawn", "1 tacit (art. 17), 2 express (art. 18); 1 continued ex officio (art. 18)",
			"Tacit withdrawal (art. 17)", "Express withdrawal (art. 18)", "Continued ex officio (art. 18)", Peticion.Label(relaciona.English)},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			q, p := firstQuarterReport(t, f, c.lang), firstQuarterPeriodReport(t, f, c.lang)
			for _, doc := range []report.Document{q, p} {
				k := proctest.KeyFigures(doc)[c.withdrawn]
				assert.Equal(t, "3", k.Value.Format(c.lang), "tacit and express; the one continued ex officio is in progress")
				assert.Equal(t, c.note, k.Note)
			}

			// The quarterly report: per type, with the total.
			tb := tableOf(t, q, "desistimientos-por-tipo")
			require.Equal(t, []string{c.withdrawn, c.tacit, c.express, c.exOfficio}, columnNames(tb.Columns[1:]))
			byType := map[string][]string{}
			for _, r := range proctest.TableRows(t, q, "desistimientos-por-tipo") {
				byType[r[0]] = r[1:]
			}
			assert.Equal(t, []string{"2", "1", "1", "1"}, byType[c.petitions])
			assert.Equal(t, []string{"1", "0", "1", "0"}, byType[Queja.Label(c.lang)])
			assert.Equal(t, []string{"0", "0", "0", "0"}, byType[Reclamo.Label(c.lang)])
			assert.Equal(t, []string{"3", "1", "2", "1"}, tableTotal(t, q, "desistimientos-por-tipo")[1:])

			// The period report: month by month, the split after the
			// existing columns.
			pt := tableOf(t, p, "pqrsd-por-mes")
			n := len(pt.Columns)
			assert.Equal(t, []string{c.tacit, c.express, c.exOfficio}, columnNames(pt.Columns[n-3:]))
			var months [][]string
			for _, r := range proctest.TableRows(t, p, "pqrsd-por-mes") {
				months = append(months, r[n-3:])
			}
			assert.Equal(t, [][]string{{"1", "0", "0"}, {"0", "1", "1"}, {"0", "1", "0"}}, months, "January tacit; February express and ex officio; March express")
			assert.Equal(t, []string{"1", "2", "1"}, tableTotal(t, p, "pqrsd-por-mes")[n-3:])

			// The exports carry the columns and the counts.
			var csv bytes.Buffer
			require.NoError(t, report.CSV(&csv, tb))
			lines := strings.Split(strings.TrimSpace(csv.String()), "\n")
			assert.Contains(t, lines[0], c.tacit)
			assert.Contains(t, lines[0], c.exOfficio)
			assert.Contains(t, csv.String(), c.petitions+",2,1,1,1")
			csv.Reset()
			require.NoError(t, report.CSV(&csv, pt))
			assert.Contains(t, strings.SplitN(csv.String(), "\n", 2)[0], c.express)
			var xlsx bytes.Buffer
			require.NoError(t, report.XLSX(&xlsx, p))
			x, err := excelize.OpenReader(bytes.NewReader(xlsx.Bytes()))
			require.NoError(t, err)
			defer x.Close()
			found := false
			for _, sheet := range x.GetSheetList() {
				rows, err := x.GetRows(sheet)
				require.NoError(t, err)
				for _, r := range rows {
					for i, v := range r {
						if v == c.tacit && i+2 < len(r) && r[i+1] == c.express && r[i+2] == c.exOfficio {
							found = true
						}
					}
				}
			}
			assert.True(t, found, "the period's workbook has the three columns side by side")
		})
	}

	t.Run("RebuildStats fills in counters written without the split", func(t *testing.T) {
		doc, err := f.s.stats.Get(f.ctx, "2026-02-02")
		require.NoError(t, err)
		require.NotEmpty(t, doc.Value.ExOfficio)
		doc.Value.Tacit, doc.Value.ExOfficio = nil, nil
		b := f.store.Begin(job, "test.legacy_counters", "counters of an older release")
		f.s.stats.Put(b, &doc.Value, doc.Version)
		_, err = b.Commit(f.ctx)
		require.NoError(t, err)
		old, err := f.s.PQRSDStats(f.ctx, from, to, d("2026-03-31"))
		require.NoError(t, err)
		require.Zero(t, old.TotalExOfficio)
		n, err := f.s.RebuildStats(f.ctx, job, from, to, at("2026-04-01"))
		require.NoError(t, err)
		assert.Equal(t, 1, n)
		fixed, err := f.s.PQRSDStats(f.ctx, from, to, d("2026-03-31"))
		require.NoError(t, err)
		assert.Equal(t, scan, fixed)
	})
}

func nonZero(m map[Type]int) map[Type]int {
	out := map[Type]int{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

func columnNames(cs []report.Column) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}
