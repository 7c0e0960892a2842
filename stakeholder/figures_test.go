package stakeholder

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// figuresYAML is testYAML with terms at level 7 too, so an issue can be
// overdue at the last stop.
var figuresYAML = strings.Replace(testYAML, "- {level: 7, owner: p7}", "- {level: 7, owner: p7, limits: {low: 10, medium: 5, high: 1, critical: 1}}", 1)

// TestReportKeyFiguresByHand checks the key figures and the issue log of a
// small fixed data set against values worked out by hand.
func TestReportKeyFiguresByHand(t *testing.T) {
	f := newFixture(t, figuresYAML, true)
	// Asked: three requests on 2 February. Answered: camara and junta.
	reqs, err := f.svc.RequestFeedback(ctx, actor(4), noon(t, "2026-02-02"), day(t, "2026-02-02"), "Mesa de trabajo", "camara", "junta", "vecina")
	require.NoError(t, err)
	require.Len(t, reqs, 3)
	_, err = f.svc.RecordFeedback(ctx, actor(4), noon(t, "2026-03-03"),
		Feedback{Stakeholder: "camara", Request: reqs[0].ID, Date: day(t, "2026-02-05"), Rating: 4},
		Feedback{Stakeholder: "junta", Request: reqs[1].ID, Date: day(t, "2026-02-10"), Rating: 2},
		Feedback{Stakeholder: "camara", Date: day(t, "2026-03-03"), Rating: 5},
	)
	require.NoError(t, err)
	// camara moves from neutral to supportive (desired leading).
	_, err = f.svc.Assess(ctx, actor(5), noon(t, "2026-03-01"),
		Assessment{Stakeholder: "camara", Date: day(t, "2026-03-01"), Power: 5, Interest: 5, Legitimacy: 5, Urgency: 4, Current: Supportive, Desired: Leading})
	require.NoError(t, err)
	// A high issue opened Monday 2 February 2026 (no Colombian holiday in
	// February): level 4 term 3 business days → Thursday 5; level 5, 2 days
	// from the 5th → Monday 9; level 6, 2 days → Wednesday 11; level 7, 1
	// day → Thursday 12, missed: overdue at level 7 from the 13th.
	openIssue(t, f, "i1", High, "2026-02-02")
	run(t, f, "2026-03-04")
	i := issue(t, f, "i1")
	require.True(t, i.OverdueAtFinal)

	doc, err := f.svc.Report(ctx, ReportOptions{At: day(t, "2026-03-04")})
	require.NoError(t, err)
	k := proctest.KeyValues(doc)
	// Response rate: 2 answered / 3 asked = 66,7 %.
	assert.Equal(t, "66,7\u00a0%", k["Tasa de respuesta"])
	// Average rating: (4 + 2 + 5) / 3 = 3,666… → 3,67.
	assert.Equal(t, "3,67", k["Calificación promedio (1-5)"])
	// Gaps at the start (5 January assessments of the fixture, the first in
	// the period): camara leading − neutral = 2, junta supportive −
	// resistant = 2 → 4. At the end: camara leading − supportive = 1, junta
	// 2 → 3. Closure (4 − 3) / 4 = 25,0 %.
	assert.Equal(t, "25,0\u00a0%", k["Cierre de brechas"])
	// Gaps now: camara 1, junta 2 → 2 stakeholders with a gap; 3 registered.
	assert.Equal(t, "2", k["Con brecha de compromiso"])
	assert.Equal(t, "3", k["Partes interesadas"])
	assert.Equal(t, "1", k["Asuntos abiertos"])

	// The overdue level-7 issue shows the deadline it missed, not "—".
	rows := proctest.TableRows(t, doc, "asuntos")
	require.Len(t, rows, 1)
	assert.Equal(t, "i1", rows[0][0])
	assert.Equal(t, "7", rows[0][5], "level")
	assert.Equal(t, "2026-02-12", rows[0][8], "Vence: the missed level-7 deadline")
	assert.Equal(t, "3", rows[0][9], "escalations 4→5→6→7")

	en, err := f.svc.Report(ctx, ReportOptions{At: day(t, "2026-03-04"), Lang: relaciona.English})
	require.NoError(t, err)
	assert.Equal(t, "66.7%", proctest.KeyValues(en)["Response rate"])
}
