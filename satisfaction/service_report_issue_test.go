package satisfaction

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

func TestFirstBusinessDay(t *testing.T) {
	cal, err := calendar.New(calendar.Uruguay, calendar.Options{})
	require.NoError(t, err)
	cases := []struct {
		m    Month
		want string
	}{
		{Month{2026, time.March}, "2026-03-02"},   // the 1st is a Sunday
		{Month{2026, time.January}, "2026-01-02"}, // the 1st is a holiday
		{Month{2026, time.April}, "2026-04-01"},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, FirstBusinessDay(cal, tc.m).String(), tc.m.String())
	}
}

// TestRunIssuesTheStandardServiceReportOncePerClientAndMonth: from the
// first business day of a month Run issues each client's standard report
// of the month before, once; a later Run issues nothing more.
func TestRunIssuesTheStandardServiceReportOncePerClientAndMonth(t *testing.T) {
	f := newFixture(t)
	s, err := f.p.Run(f.ctx, relaciona.SystemActor(), day("2026-03-01")) // Sunday
	require.NoError(t, err)
	assert.Empty(t, s.Reports, "not before the first business day")

	s, err = f.p.Run(f.ctx, relaciona.SystemActor(), day("2026-03-02"))
	require.NoError(t, err)
	assert.Equal(t, []string{"standard/identidad/2026-02", "standard/tramites/2026-02", "standard/salud/2026-02"}, s.Reports)
	for _, d := range []string{"2026-03-02", "2026-03-03", "2026-03-31"} {
		s, err = f.p.Run(f.ctx, relaciona.SystemActor(), day(d))
		require.NoError(t, err)
		assert.Empty(t, s.Reports, "a second Run issues nothing (%s)", d)
	}
	got, err := f.p.IssuedReports(f.ctx, f.exe, "salud")
	require.NoError(t, err)
	require.Len(t, got, 1)
	r := got[0]
	assert.Equal(t, ReportStandard, r.Kind)
	assert.Equal(t, Month{2026, time.February}, r.From)
	assert.Equal(t, relaciona.SystemActor().ID, r.By)
	assert.Contains(t, r.Markdown, "Salud Digital")
	assert.Contains(t, r.Title, "febrero")
	assert.NotContains(t, r.Markdown, "Lucía Díaz", "the stored report is redacted")

	s, err = f.p.Run(f.ctx, relaciona.SystemActor(), day("2026-04-01"))
	require.NoError(t, err)
	assert.Len(t, s.Reports, 3, "the next month's")
}

// TestStandardReportsUnderConcurrentRuns: the issuing steps of Runs at
// once issue one report per client and month (the claim).
func TestStandardReportsUnderConcurrentRuns(t *testing.T) {
	f := fileFixture(t)
	got := make([][]string, 4)
	errs := atOnce(len(got), func(i int) error {
		var err error
		got[i], err = f.p.issueStandardReports(f.ctx, relaciona.SystemActor(), day("2026-03-02"), ts("2026-03-02T03:00:00Z"))
		return err
	})
	n := 0
	for i := range got {
		require.NoError(t, errs[i])
		n += len(got[i])
	}
	assert.Equal(t, 3, n, "three clients, one report each")
}

func TestIssueSpecificReport(t *testing.T) {
	at := ts("2026-03-10T15:00:00Z")
	ok := SpecificReport{Client: "salud", From: Month{2026, time.January}, To: Month{2026, time.February}, Request: "disponibilidad de la VPN"}
	cases := []struct {
		name  string
		actor func(*fixture) relaciona.Actor
		req   SpecificReport
		err   error
	}{
		{"the manager issues it", func(f *fixture) relaciona.Actor { return f.mgr }, ok, nil},
		{"an executor issues it", func(f *fixture) relaciona.Actor { return f.exe }, ok, nil},
		{"Dirección may not", func(f *fixture) relaciona.Actor { return f.dir }, ok, relaciona.ErrForbidden},
		{"a role the caller claims is not believed", func(f *fixture) relaciona.Actor {
			a := f.dir
			a.Roles = []string{RoleManager}
			return a
		}, ok, relaciona.ErrForbidden},
		{"an unknown client", func(f *fixture) relaciona.Actor { return f.mgr }, SpecificReport{Client: "x", From: ok.From, To: ok.To, Request: "r"}, relaciona.ErrInvalid},
		{"without the client's request", func(f *fixture) relaciona.Actor { return f.mgr }, SpecificReport{Client: "salud", From: ok.From, To: ok.To}, relaciona.ErrInvalid},
		{"a period backwards", func(f *fixture) relaciona.Actor { return f.mgr }, SpecificReport{Client: "salud", From: ok.To, To: ok.From, Request: "r"}, relaciona.ErrInvalid},
		{"a period too long", func(f *fixture) relaciona.Actor { return f.mgr }, SpecificReport{Client: "salud", From: Month{2020, 1}, To: ok.To, Request: "r"}, relaciona.ErrInvalid},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			before := f.auditCount(t)
			doc, rec, err := f.p.IssueSpecificReport(f.ctx, tc.actor(f), tc.req, relaciona.English, at)
			if tc.err != nil {
				require.True(t, errors.Is(err, tc.err), "%v", err)
				assert.Equal(t, before, f.auditCount(t), "nothing changed")
				return
			}
			require.NoError(t, err)
			assert.Contains(t, doc.Title, "January 2026")
			assert.Contains(t, doc.Title, "February 2026")
			assert.Equal(t, ReportSpecific, rec.Kind)
			assert.Equal(t, tc.req.Request, rec.Request)
			got, err := f.p.IssuedReports(f.ctx, f.owner, "salud")
			require.NoError(t, err)
			require.Len(t, got, 1, "stored as issued")
			assert.Equal(t, rec.ID, got[0].ID)
			assert.Contains(t, got[0].Markdown, "enero de 2026", "stored in the process's language")
		})
	}
}
