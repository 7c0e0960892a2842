package satisfaction

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// improvementYear writes the registers the figures below are computed by
// hand from (Uruguay's calendar; no holiday falls on the days counted):
//
//	A escalated 02-20, closed 03-03: 7 business days (02-23..27, 03-02, 03-03)
//	B escalated 03-02, referred 03-03, closed 03-09: 5 (03-03..06, 03-09)
//	C escalated 03-20, worked, open: 7 by 03-31 (03-23..27, 03-30, 03-31)
//	E escalated 03-25 to the manager, referred 04-02: at the manager on 03-31, 4 days
//	D escalated 04-01: after March
//	opportunities: O3 registered 02-10, declined 03-12; O1 registered
//	03-05, applied 03-06; O2 registered 03-10, open
func improvementYear(t *testing.T, f *fixture) {
	t.Helper()
	at := func(s string) time.Time { return ts(s + "T10:00:00Z") }
	esc := func(title, to, when string) string {
		nc, err := f.p.EscalateNonConformity(f.ctx, f.exe, NewNonConformity{Title: title, Client: "identidad"}, to, at(when))
		require.NoError(t, err)
		return nc.ID
	}
	work := func(id, added, done, closed string) {
		_, err := f.p.AddNCAction(f.ctx, f.owner, id, NCAction{Action: "Corregir", Owner: "mgr-luis", Due: day(added).AddDays(5)}, at(added))
		require.NoError(t, err)
		if done == "" {
			return
		}
		_, err = f.p.CompleteNCAction(f.ctx, f.owner, id, 0, day(done), at(done))
		require.NoError(t, err)
		_, err = f.p.CloseNonConformity(f.ctx, f.owner, id, "Verificado", at(closed))
		require.NoError(t, err)
	}
	a := esc("A", RoleOwner, "2026-02-20")
	work(a, "2026-02-23", "2026-03-02", "2026-03-03")
	b := esc("B", RoleManager, "2026-03-02")
	_, err := f.p.ReferNonConformity(f.ctx, f.mgr, b, "", at("2026-03-03"))
	require.NoError(t, err)
	work(b, "2026-03-04", "2026-03-05", "2026-03-09")
	c := esc("C", RoleOwner, "2026-03-20")
	work(c, "2026-03-23", "", "")
	e := esc("E", RoleManager, "2026-03-25")
	_, err = f.p.ReferNonConformity(f.ctx, f.mgr, e, "", at("2026-04-02"))
	require.NoError(t, err)
	esc("D", RoleOwner, "2026-04-01")

	reg := func(title, when string) string {
		o, err := f.p.RegisterOpportunity(f.ctx, f.mgr, NewOpportunity{Title: title}, at(when))
		require.NoError(t, err)
		return o.ID
	}
	o3 := reg("O3", "2026-02-10")
	_, err = f.p.DecideOpportunity(f.ctx, f.owner, o3, OppDecline, "Fuera de alcance", at("2026-03-12"))
	require.NoError(t, err)
	o1 := reg("O1", "2026-03-05")
	_, err = f.p.DecideOpportunity(f.ctx, f.mgr, o1, OppApply, "Aplicada", at("2026-03-06"))
	require.NoError(t, err)
	reg("O2", "2026-03-10")
}

func TestImprovementFiguresMatchHandCounts(t *testing.T) {
	f := newFixture(t)
	improvementYear(t, f)
	fig, err := f.p.ImprovementFigures(f.ctx, Month{2026, time.March})
	require.NoError(t, err)
	assert.Equal(t, 2, fig.Open, "C and E")
	assert.Equal(t, 3, fig.Escalated, "B, C and E")
	assert.Equal(t, 2, fig.Closed, "A and B")
	assert.InDelta(t, 6.0, fig.AvgDaysToClose, 1e-9, "(7 + 5) / 2")
	assert.Equal(t, 2, fig.OppRegistered)
	assert.Equal(t, 1, fig.OppApplied)
	assert.Equal(t, 1, fig.OppDeclined)
	assert.Equal(t, 1, fig.OppOpen, "O2")
	require.Len(t, fig.ByMonth, 6)
	assert.Equal(t, ImprovementMonth{Month{2026, time.February}, 1, 0}, fig.ByMonth[4])
	assert.Equal(t, ImprovementMonth{Month{2026, time.March}, 3, 2}, fig.ByMonth[5])
	require.Len(t, fig.OpenList, 2)
	assert.Equal(t, "C", fig.OpenList[0].Title)
	assert.Equal(t, NCInProgress, fig.OpenList[0].StatusThen)
	assert.Equal(t, 7, fig.OpenList[0].Days)
	assert.Equal(t, "E", fig.OpenList[1].Title)
	assert.Equal(t, NCAtManager, fig.OpenList[1].StatusThen, "its state on March 31, not today's")
	assert.Equal(t, 4, fig.OpenList[1].Days)

	feb, err := f.p.ImprovementFigures(f.ctx, Month{2026, time.February})
	require.NoError(t, err)
	assert.Equal(t, 1, feb.Open)
	assert.Equal(t, 0, feb.Closed)
	assert.True(t, math.IsNaN(feb.AvgDaysToClose), "nothing closed: no average")
	assert.Equal(t, 1, feb.OppOpen)
}

func TestImprovementReportPutsKeyFiguresFirst(t *testing.T) {
	f := newFixture(t)
	improvementYear(t, f)
	for _, c := range []struct {
		lang        relaciona.Lang
		title, open string
		avg         string
	}{
		{relaciona.Spanish, "No conformidades y oportunidades de mejora", "No conformidades abiertas", "6,0"},
		{relaciona.English, "Non-conformities and improvement opportunities", "Open non-conformities", "6.0"},
	} {
		t.Run(string(c.lang), func(t *testing.T) {
			doc, err := f.p.ImprovementReport(f.ctx, Month{2026, time.March}, c.lang, ReportOptions{})
			require.NoError(t, err)
			assert.Contains(t, doc.Title, c.title)
			kf, ok := doc.Sections[0].Blocks[0].(report.KeyFigures)
			require.True(t, ok, "key figures first")
			require.Len(t, kf.Items, 6)
			assert.Equal(t, c.open, kf.Items[0].Label)
			assert.Equal(t, "2", kf.Items[0].Value.Format(c.lang))
			assert.Equal(t, "3", kf.Items[1].Value.Format(c.lang))
			assert.Equal(t, "2", kf.Items[2].Value.Format(c.lang))
			assert.Equal(t, c.avg, kf.Items[3].Value.Format(c.lang))
			var charts int
			for _, s := range doc.Sections {
				for _, b := range s.Blocks {
					if _, ok := b.(report.Chart); ok {
						charts++
					}
				}
			}
			assert.Equal(t, 1, charts)
			var html bytes.Buffer
			require.NoError(t, report.HTML(&html, doc))
			assert.Contains(t, html.String(), "<svg")
		})
	}
}

func TestReportsIncludeTheImprovementPage(t *testing.T) {
	f := newFixture(t)
	improvementYear(t, f)
	pages, err := f.p.Reports(f.ctx, process.Period{From: day("2026-03-01"), To: day("2026-03-31"), Lang: relaciona.English})
	require.NoError(t, err)
	var found bool
	for _, pg := range pages {
		if pg.Slug == Kind+"-improvement" {
			found = true
			assert.Equal(t, report.NoHeadline, pg.Headline)
			assert.Contains(t, pg.Doc.Title, "March")
		}
	}
	assert.True(t, found)
}

// The executor escalates, the manager refers, the owner works the
// non-conformity with actions and closes it with a verification note;
// each step is checked against the directory.
func ExampleProcess_EscalateNonConformity() {
	ctx := context.Background()
	cfg, err := LoadConfig(examplePath, relaciona.Spanish)
	if err != nil {
		fmt.Println(err)
		return
	}
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	cal, err := calendar.New(calendar.Uruguay, calendar.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := New(store, cfg, cal)
	if err != nil {
		fmt.Println(err)
		return
	}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	exe, mgr, owner := relaciona.Actor{ID: "exe-sofia"}, relaciona.Actor{ID: "mgr-luis"}, relaciona.Actor{ID: "own-carla"}
	nc, err := p.EscalateNonConformity(ctx, exe, NewNonConformity{Title: "Encuestas de marzo sin enviar"}, RoleManager, at)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(nc.Status)
	_, err = p.AddNCAction(ctx, mgr, nc.ID, NCAction{Action: "Reenviar", Owner: "mgr-luis", Due: calendar.DateOf(at).AddDays(3)}, at)
	fmt.Println(err)
	nc, _ = p.ReferNonConformity(ctx, mgr, nc.ID, "Lo trabaja el dueño", at.Add(time.Hour))
	fmt.Println(nc.Status)
	nc, _ = p.AddNCAction(ctx, owner, nc.ID, NCAction{Action: "Reenviar", Owner: "mgr-luis", Due: calendar.DateOf(at).AddDays(3)}, at.Add(2*time.Hour))
	_, err = p.CloseNonConformity(ctx, owner, nc.ID, "Verificado", at.Add(3*time.Hour))
	fmt.Println(err)
	_, _ = p.CompleteNCAction(ctx, owner, nc.ID, 0, calendar.DateOf(at).AddDays(1), at.Add(24*time.Hour))
	nc, _ = p.CloseNonConformity(ctx, owner, nc.ID, "Se verificó el envío", at.Add(25*time.Hour))
	fmt.Println(nc.Status)
	// Output:
	// at_manager
	// forbidden: actor "mgr-luis" may not add an action to a non-conformity: needs role process_owner (the directory does not give that role)
	// at_owner
	// actions: la acción 0 («Reenviar») no está hecha: se cierra cuando todas lo están
	// closed
}
