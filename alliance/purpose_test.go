package alliance

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/report"
)

// purposeFixture records the referrals and requests of TestPurpose.
func purposeFixture(t *testing.T) *fixture {
	f := newFixture(t)
	f.recordPurpose()
	return f
}

// recordPurpose records the referrals and requests of TestPurpose in
// Valparaíso.
func (f *fixture) recordPurpose() {
	f.referral("r1", "convenio-sence", "2026-03-02", "2026-03-06", true)  // 4 business days
	f.referral("r2", "convenio-sence", "2026-03-09", "2026-03-19", true)  // 8
	f.referral("r3", "convenio-sence", "2026-03-10", "2026-03-20", false) // not resolved
	f.referral("r4", "convenio-sence", "2026-03-31", "", false)           // pending
	f.referral("r5", "convenio-sence", "2026-04-01", "2026-04-07", true)  // 3: Good Friday 2026-04-03 is a holiday
	f.referral("r6", "convenio-sence", "2026-02-27", "2026-03-02", true)  // February: out of the period below
	f.infoRequest("q1", "red-comercio", "2026-03-02", "2026-03-04")       // 2
	f.infoRequest("q2", "red-comercio", "2026-03-03", "2026-03-13")       // 8
	f.infoRequest("q3", "red-comercio", "2026-03-05", "")                 // unanswered
}

// referral records referral id of alliance, sent by team1 on referred and,
// unless closed is empty, closed by team1 on closed, resolved or not.
func (f *fixture) referral(id, alliance, referred, closed string, resolved bool) {
	f.t.Helper()
	_, err := f.s.RecordReferral(f.ctx, team1, id, alliance, day(referred))
	require.NoError(f.t, err)
	if closed != "" {
		_, err = f.s.CloseReferral(f.ctx, team1, id, day(closed), resolved)
		require.NoError(f.t, err)
	}
}

// infoRequest records request id to alliance, asked by enc on asked and,
// unless answered is empty, answered on answered.
func (f *fixture) infoRequest(id, alliance, asked, answered string) {
	f.t.Helper()
	_, err := f.s.RecordInfoRequest(f.ctx, enc, id, alliance, day(asked))
	require.NoError(f.t, err)
	if answered != "" {
		_, err = f.s.AnswerInfoRequest(f.ctx, enc, id, day(answered))
		require.NoError(f.t, err)
	}
}

// TestPurpose checks the purpose figures per alliance and month against
// hand-computed values: the resolution rate on the referrals sent in the
// month (pending ones included), business days to resolve and to answer,
// each against its target and direction.
func TestPurpose(t *testing.T) {
	f := purposeFixture(t)
	rows, err := f.s.Purpose(f.ctx, office, day("2026-03-01"), day("2026-04-30"))
	require.NoError(t, err)
	want := []PurposeRow{
		{Alliance: "convenio-sence", Month: "2026-03", Referred: 4, Resolved: 2, Unresolved: 1, Pending: 1,
			ResolutionRate: 0.5, HasRate: true, RateMet: true, ResolveDays: 6, HasResolve: true, ResolveMet: true},
		{Alliance: "convenio-sence", Month: "2026-04", Referred: 1, Resolved: 1,
			ResolutionRate: 1, HasRate: true, RateMet: true, ResolveDays: 3, HasResolve: true, ResolveMet: true},
		{Alliance: "red-comercio", Month: "2026-03", Requests: 3, Answered: 2, AnswerDays: 5, HasAnswer: true, AnswerMet: true},
	}
	assert.Equal(t, want, rows)

	t.Run("targets and directions come from the YAML", func(t *testing.T) {
		f.s.cfg.Purpose = PurposeConfig{
			ResolutionRate: Target{Target: 0.6, Direction: AtLeast},
			ResolveDays:    Target{Target: 5, Direction: AtMost},
			AnswerDays:     Target{Target: 4.5, Direction: AtMost},
		}
		rows, err := f.s.Purpose(f.ctx, office, day("2026-03-01"), day("2026-04-30"))
		require.NoError(t, err)
		met := func(r PurposeRow) [3]bool { return [3]bool{r.RateMet, r.ResolveMet, r.AnswerMet} }
		assert.Equal(t, [3]bool{false, false, false}, met(rows[0]), "0.5 < 0.6, 6 > 5")
		assert.Equal(t, [3]bool{true, true, false}, met(rows[1]))
		assert.Equal(t, [3]bool{false, false, false}, met(rows[2]), "5 > 4.5")
	})
	t.Run("an empty period", func(t *testing.T) {
		rows, err := f.s.Purpose(f.ctx, office, day("2026-06-01"), day("2026-06-30"))
		require.NoError(t, err)
		assert.Empty(t, rows)
		_, err = f.s.Purpose(f.ctx, office, day("2026-06-30"), day("2026-06-01"))
		assert.ErrorIs(t, err, relaciona.ErrInvalid)
	})
}

// TestPurposeRecordsRefuse: the record kinds refuse what would distort the
// figures, and a refusal writes nothing.
func TestPurposeRecordsRefuse(t *testing.T) {
	f := purposeFixture(t)
	cases := []struct {
		name string
		do   func() error
		want error
	}{
		{"a gestor does not record referrals", func() error {
			return errOf(f.s.RecordReferral(f.ctx, gestor, "r9", "convenio-sence", day("2026-03-02")))
		}, relaciona.ErrForbidden},
		{"a role claimed by the caller is not held", func() error {
			return errOf(f.s.RecordReferral(f.ctx, relaciona.Actor{ID: gestor.ID, Roles: []string{DefaultRoleTeam}}, "r9", "convenio-sence", day("2026-03-02")))
		}, relaciona.ErrForbidden},
		{"unknown alliance", func() error {
			return errOf(f.s.RecordReferral(f.ctx, team1, "r9", "convenio-x", day("2026-03-02")))
		}, relaciona.ErrNotFound},
		{"one referral per id", func() error {
			return errOf(f.s.RecordReferral(f.ctx, team1, "r1", "convenio-sence", day("2026-03-02")))
		}, relaciona.ErrConflict},
		{"an id that could carry a name", func() error {
			return errOf(f.s.RecordReferral(f.ctx, team1, "Juan Pérez", "convenio-sence", day("2026-03-02")))
		}, relaciona.ErrInvalid},
		{"a referral is closed once", func() error {
			return errOf(f.s.CloseReferral(f.ctx, team1, "r1", day("2026-03-09"), false))
		}, relaciona.ErrInvalid},
		{"closed before it was sent", func() error {
			return errOf(f.s.CloseReferral(f.ctx, team1, "r4", day("2026-03-30"), true))
		}, relaciona.ErrInvalid},
		{"unknown referral", func() error {
			return errOf(f.s.CloseReferral(f.ctx, team1, "r99", day("2026-03-30"), true))
		}, relaciona.ErrNotFound},
		{"one request per id", func() error {
			return errOf(f.s.RecordInfoRequest(f.ctx, enc, "q1", "red-comercio", day("2026-03-02")))
		}, relaciona.ErrConflict},
		{"answered once", func() error {
			return errOf(f.s.AnswerInfoRequest(f.ctx, enc, "q1", day("2026-03-20")))
		}, relaciona.ErrInvalid},
		{"answered before it was asked", func() error {
			return errOf(f.s.AnswerInfoRequest(f.ctx, enc, "q3", day("2026-03-04")))
		}, relaciona.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n := f.audits()
			require.ErrorIs(t, c.do(), c.want)
			assert.Equal(t, n, f.audits())
		})
	}
	t.Run("an ended alliance takes no referral", func(t *testing.T) {
		g := newFixture(t).to(PhaseReviewing)
		require.NoError(t, g.s.DecideAlliance(g.ctx, enc, "vinculo-inclusion", day("2026-12-03"), Drop, "no deriva"))
		_, err := g.s.End(g.ctx, enc, "vinculo-inclusion", day("2026-12-04"), "no deriva")
		require.NoError(t, err)
		_, err = g.s.RecordReferral(g.ctx, team1, "r1", "vinculo-inclusion", day("2026-12-05"))
		require.ErrorIs(t, err, relaciona.ErrInvalid)
	})
}

// TestPurposeTargetsChecked: a rate target above 1 and an unknown
// direction are refused at load, at their YAML position.
func TestPurposeTargetsChecked(t *testing.T) {
	src, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	cfg, err := ParseConfig("alliance.yaml", src, relaciona.Spanish)
	require.NoError(t, err)
	assert.Equal(t, Target{Target: 5, Direction: AtMost}, cfg.Purpose.AnswerDays)
	assert.Equal(t, 180, cfg.Links.DecideWithinDays)
	for _, c := range []struct{ from, to, want string }{
		{"resolution_rate: {target: 0.5", "resolution_rate: {target: 1.5", "purpose.resolution_rate.target"},
		{"answer_days: {target: 5, direction: at_most}", "answer_days: {target: 5, direction: sideways}", "answer_days"},
	} {
		bad := strings.Replace(string(src), c.from, c.to, 1)
		require.NotEqual(t, string(src), bad)
		_, err := ParseConfig("alliance.yaml", []byte(bad), relaciona.Spanish)
		require.Error(t, err)
		assert.ErrorIs(t, err, relaciona.ErrInvalid)
		assert.Regexp(t, `alliance\.yaml:\d+:\d+: `, err.Error())
		assert.Contains(t, err.Error(), c.want)
	}
}

// TestPurposeBlocks: the report table carries the figures of Purpose and
// names those below target.
func TestPurposeBlocks(t *testing.T) {
	f := purposeFixture(t)
	f.s.cfg.Purpose.ResolveDays = Target{Target: 5, Direction: AtMost}
	bs, err := f.s.PurposeBlocks(f.ctx, office, day("2026-03-01"), day("2026-04-30"))
	require.NoError(t, err)
	require.Len(t, bs, 2)
	assert.Contains(t, bs[0].(report.Note).Text, "a lo más 5")
	tb := bs[1].(report.Table)
	require.Len(t, tb.Rows, 3)
	assert.Equal(t, []report.Cell{report.Text("convenio-sence"), report.Text("2026-03"), report.Int(4), report.Int(2), report.Int(1), report.Percent(0.5),
		report.Float(6), report.Int(0), report.Int(0), report.Empty(), report.Text("días para resolver")}, tb.Rows[0])
	assert.Equal(t, report.Text(""), tb.Rows[2][10], "5 days to answer meets at most 5")

	tbs, err := f.s.TerritoryBlocks(f.ctx, office)
	require.NoError(t, err)
	assert.Len(t, tbs[0].(report.Table).Rows, 4, "the four alliances of the catastro")
}

// TestPortfolioShowsPurpose: the office's portfolio page carries the
// purpose measured in its cycle year in a folded section, and a year with
// no referral or request still gets the section, saying so.
func TestPortfolioShowsPurpose(t *testing.T) {
	section := func(doc report.Document) *report.Section {
		for i := range doc.Sections {
			if doc.Sections[i].ID == "proposito-medido" {
				return &doc.Sections[i]
			}
		}
		return nil
	}
	f := purposeFixture(t)
	doc, err := f.s.Report(f.ctx, ReportPortfolio, ReportOptions{Office: office, At: day("2026-04-30")})
	require.NoError(t, err)
	var page bytes.Buffer
	require.NoError(t, report.HTML(&page, doc), "the page renders (ids unique)")
	sec := section(doc)
	require.NotNil(t, sec, "the portfolio has a purpose section")
	assert.True(t, sec.Folded)
	require.Len(t, sec.Blocks, 2)
	tbl, ok := sec.Blocks[1].(report.Table)
	require.True(t, ok, "the purpose table")
	require.Len(t, tbl.Rows, 4, "convenio-sence February, March, April and red-comercio March")
	assert.Equal(t, "convenio-sence", tbl.Rows[1][0].Format(relaciona.Spanish))
	assert.Equal(t, "2026-03", tbl.Rows[1][1].Format(relaciona.Spanish))
	assert.Equal(t, "4", tbl.Rows[1][2].Format(relaciona.Spanish), "referred in March")

	empty := newFixture(t)
	doc, err = empty.s.Report(empty.ctx, ReportPortfolio, ReportOptions{Office: office, At: day("2026-04-30"), Lang: relaciona.English})
	require.NoError(t, err)
	sec = section(doc)
	require.NotNil(t, sec)
	var md bytes.Buffer
	require.NoError(t, report.Markdown(&md, doc))
	assert.Contains(t, md.String(), "No referral or request recorded in the period.")
}

// TestTerritorialPageShowsPartners: the territorial page's folded study
// carries the partners per territory with their standing.
func TestTerritorialPageShowsPartners(t *testing.T) {
	f := newFixture(t)
	doc, err := f.s.Report(f.ctx, ReportTerritorial, ReportOptions{Office: office, At: day("2026-01-10"), Lang: relaciona.English})
	require.NoError(t, err)
	ts, err := f.s.Territories(f.ctx, office)
	require.NoError(t, err)
	want := 0
	for _, tr := range ts {
		want += len(tr.Partners)
	}
	require.Positive(t, want)
	for _, sec := range doc.Sections {
		for _, b := range sec.Blocks {
			if tbl, ok := b.(report.Table); ok && tbl.ID == "territorio-socios" {
				assert.True(t, sec.Folded)
				assert.Len(t, tbl.Rows, want, "one row per partner of every territory")
				assert.Equal(t, "Partners per territory (territorial study)", tbl.Caption)
				return
			}
		}
	}
	t.Fatal("no partners-per-territory table on the territorial page")
}
