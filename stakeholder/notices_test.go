package stakeholder

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// notices returns the outbox's notifications of kind ("" for all).
func (f *fixture) notices(t testing.TB, kind string) []relaciona.Notification {
	t.Helper()
	var out []relaciona.Notification
	for r, err := range f.store.Scan(ctx, relaciona.NotificationKind, relaciona.Filter{}) {
		require.NoError(t, err)
		var n relaciona.Notification
		require.NoError(t, json.Unmarshal(r.Body, &n))
		if kind == "" || n.Kind == kind {
			out = append(out, n)
		}
	}
	return out
}

// managedDirectory is the test file's people with someone above them:
// "jefa" above p4, p5 above p6, nobody above p7.
func managedDirectory(t testing.TB) *relaciona.Directory {
	t.Helper()
	d, err := relaciona.NewRoster(
		relaciona.Person{ID: "jefa", Name: "Jefa de área", Level: 6, Lang: "en"},
		relaciona.Person{ID: "p3", Level: 3, Manager: "p4"},
		relaciona.Person{ID: "p4", Level: 4, Manager: "jefa"},
		relaciona.Person{ID: "p5", Level: 5, Manager: "p7"},
		relaciona.Person{ID: "p6", Level: 6, Manager: "p5"},
		relaciona.Person{ID: "p7", Level: 7})
	require.NoError(t, err)
	return d
}

// TestNoticesAreWrittenByTheirRule checks each notice kind: written by Run
// in the batch of the change that makes the item due, to the right
// people (by directory id), with its fields; a second run for the date,
// and a later one, writes no second notification.
func TestNoticesAreWrittenByTheirRule(t *testing.T) {
	final := strings.Replace(testYAML, "- {level: 7, owner: p7}", "- {level: 7, owner: p7, limits: {low: 20, medium: 10, high: 5, critical: 1}}", 1)
	cases := []struct {
		name   string
		yaml   string
		open   int // the level the critical issue i1 opens at; 0: no issue
		date   string
		kind   string
		to     []string
		due    string
		fields map[string]string
	}{
		{name: "issue escalated: the new owner and the one above the old", yaml: testYAML, open: 4, date: "2026-02-04",
			kind: NoticeIssueEscalated, to: []string{"p5", "jefa"}, due: "2026-02-04",
			fields: map[string]string{"issue": "i1", "level": "5", "from_level": "4", "missed": "2026-02-03", "owner": "p5", "stakeholder": "junta", "severity": "critical"}},
		{name: "issue escalated twice in one run: one notice, from 4 to 6", yaml: testYAML, open: 4, date: "2026-02-05",
			kind: NoticeIssueEscalated, to: []string{"p6", "jefa"}, due: "2026-02-05",
			fields: map[string]string{"level": "6", "from_level": "4", "missed": "2026-02-04", "owner": "p6"}},
		{name: "issue overdue at the last level", yaml: final, open: 7, date: "2026-02-04",
			kind: NoticeIssueOverdueFinal, to: []string{"p7"}, due: "2026-02-03",
			fields: map[string]string{"issue": "i1", "level": "7", "missed": "2026-02-03", "owner": "p7"}},
		{name: "planned communication overdue: its owner", yaml: testYAML, date: "2026-02-04",
			kind: NoticeCommunicationOverdue, to: []string{"p4"}, due: "2026-01-12",
			fields: map[string]string{"plan_item": "boletin", "objective": "Informar", "audience": "gremios", "scheduled": "2026-01-12"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, tc.yaml, true, WithDirectory(managedDirectory(t)))
			if tc.open > 0 {
				_, err := f.svc.OpenIssue(ctx, actor(7), noon(t, "2026-02-02"), Issue{ID: "i1", Stakeholder: "junta", Title: "Reclamo por obras", Severity: Critical, Level: tc.open, Assignee: "p4"})
				require.NoError(t, err)
			}
			sum := run(t, f, tc.date)
			ns := f.notices(t, tc.kind)
			if tc.kind == NoticeCommunicationOverdue {
				assert.Len(t, ns, sum.OverdueCommunications, "one per overdue communication")
				ns = filter(ns, func(n relaciona.Notification) bool { return n.About.ID == "boletin" })
			}
			require.ElementsMatch(t, tc.to, proctest.Recipients(ns))
			for _, n := range ns {
				assert.Equal(t, Kind, n.Process)
				assert.Equal(t, tc.due, n.Due)
				assert.Equal(t, relaciona.NotificationPending, n.Status)
				for k, v := range tc.fields {
					assert.Equal(t, v, n.Fields[k], k)
				}
				if n.To.Person == "jefa" {
					assert.Equal(t, relaciona.English, n.Lang, "in the language the directory gives")
				}
				k, ok := relaciona.LookupNoticeKind(n.Kind)
				require.True(t, ok)
				subject, body, err := k.Render(k.TemplateFor(nil, n.Lang), n.Fields)
				require.NoError(t, err)
				assert.NotEmpty(t, subject)
				assert.NotContains(t, body, "<no value>")
			}
			total := len(f.notices(t, ""))
			assert.Equal(t, total, sum.Notified, "the summary counts what was written")

			again := run(t, f, tc.date)
			assert.Zero(t, again.Notified, "a second run for the date notifies no one again")
			run(t, f, day(t, tc.date).AddDays(1).String())
			assert.Len(t, f.notices(t, tc.kind), len(filterKind(f.notices(t, ""), tc.kind)))
			if tc.kind == NoticeCommunicationOverdue || tc.kind == NoticeIssueOverdueFinal {
				assert.Len(t, f.notices(t, tc.kind), len(f.notices(t, tc.kind)))
				later := f.notices(t, tc.kind)
				if tc.kind == NoticeIssueOverdueFinal {
					assert.Len(t, later, len(tc.to), "flagged once, told once")
				} else {
					assert.Len(t, filter(later, func(n relaciona.Notification) bool { return n.About.ID == "boletin" }), 1, "the same communication is told once")
				}
			}
		})
	}
}

func filter(ns []relaciona.Notification, keep func(relaciona.Notification) bool) []relaciona.Notification {
	var out []relaciona.Notification
	for _, n := range ns {
		if keep(n) {
			out = append(out, n)
		}
	}
	return out
}

func filterKind(ns []relaciona.Notification, kind string) []relaciona.Notification {
	return filter(ns, func(n relaciona.Notification) bool { return n.Kind == kind })
}

// TestEscalationNoticeSharesItsTransaction checks that the escalation and
// its notification are one transaction: when the notification cannot be
// written the issue does not climb, and the run fails.
func TestEscalationNoticeSharesItsTransaction(t *testing.T) {
	f := newFixture(t, testYAML, true, WithDirectory(managedDirectory(t)))
	openIssue(t, f, "i1", Critical, "2026-02-02")
	n := relaciona.Notification{Kind: NoticeIssueEscalated, Process: Kind, About: relaciona.Ref{Kind: kindIssue, ID: "i1"},
		Due: "2026-02-04", To: relaciona.Recipient{Person: "p5"}}
	proctest.AlreadyInOutbox(t, ctx, f.store, n)
	audit := f.auditLen(t)

	_, err := f.svc.Run(ctx, actor(0), day(t, "2026-02-04"))
	require.ErrorIs(t, err, relaciona.ErrConflict)
	assert.Equal(t, 4, issue(t, f, "i1").Level, "not escalated without its notice")
	assert.Len(t, f.notices(t, NoticeIssueEscalated), 1)
	assert.Equal(t, audit, f.auditLen(t), "nothing written")
}

// TestTemplatesAreChecked checks the notifications key at load: an
// override is decoded into Config.Templates; a template naming a field its
// kind does not give, or an unknown kind, is refused naming the file, the
// line and the field.
func TestTemplatesAreChecked(t *testing.T) {
	good := testYAML + "notifications:\n  stakeholder.issue.escalated:\n    es:\n      subject: \"Escalado {{.issue}}\"\n      body: \"Al nivel {{.level}}.\"\n"
	cfg, err := ParseConfig("test.yaml", []byte(good), relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, "Escalado {{.issue}}", cfg.Templates()[NoticeIssueEscalated][relaciona.Spanish].Subject)
	f := newFixture(t, good, false)
	assert.Equal(t, "Al nivel {{.level}}.", f.svc.Templates()[NoticeIssueEscalated][relaciona.Spanish].Body, "the Process offers them to a dispatcher")

	cases := []struct{ name, yaml, want string }{
		{"unknown field", "notifications:\n  stakeholder.issue.escalated:\n    en:\n      subject: Escalated\n      body: \"To {{.ciudadano}}\"\n",
			`test.yaml:42:13: notifications.stakeholder.issue.escalated.en.body: the template names field "ciudadano"`},
		{"unknown kind", "notifications:\n  stakeholder.nada:\n    es: {subject: Hola, body: Hola}\n", `unknown key "stakeholder.nada"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig("test.yaml", []byte(testYAML+tc.yaml), relaciona.English)
			require.Error(t, err)
			assert.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Regexp(t, `test\.yaml:\d+:\d+: `, err.Error())
			assert.Contains(t, err.Error(), tc.want)
			// LoadConfig checks them too (it once checked only the schema
			// and the cross-references).
			path := filepath.Join(t.TempDir(), "test.yaml")
			require.NoError(t, os.WriteFile(path, []byte(testYAML+tc.yaml), 0o644))
			_, err = LoadConfig(path, relaciona.English)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestCommitmentNotices checks the commitments falling due: a follow-up
// agreed in an interaction and a corrective action reach their owner on
// the due date (not before), once; a corrective action done, or on an
// issue resolved, reaches no one.
func TestCommitmentNotices(t *testing.T) {
	// corrective opens issue i1 with a corrective action of p5 due on
	// 2026-02-06.
	corrective := func(t *testing.T, f *fixture) {
		openIssue(t, f, "i1", Low, "2026-02-02")
		_, err := f.svc.AddCorrectiveAction(ctx, actor(4), noon(t, "2026-02-02"), "i1", CorrectiveAction{Action: "Visitar la obra", Owner: "p5", Due: day(t, "2026-02-06")})
		require.NoError(t, err)
	}
	cases := []struct {
		name  string
		setup func(t *testing.T, f *fixture)
		to    []string
		about string
	}{
		{name: "follow-up of an interaction", to: []string{"p3"}, about: "INT-20260202-0001/fu/0",
			setup: func(t *testing.T, f *fixture) {
				_, err := f.svc.LogInteraction(ctx, actor(4), noon(t, "2026-02-02"), Interaction{Stakeholder: "junta", Date: day(t, "2026-02-02"),
					Channel: "meeting", Direction: TwoWay, Summary: "Reunión", FollowUps: []FollowUp{{Action: "Enviar acta", Owner: "p3", Due: day(t, "2026-02-06")}}})
				require.NoError(t, err)
			}},
		{name: "corrective action of an open issue", to: []string{"p5"}, about: "i1/ca/0", setup: corrective},
		{name: "corrective action done before its date",
			setup: func(t *testing.T, f *fixture) {
				corrective(t, f)
				_, err := f.svc.CompleteCorrectiveAction(ctx, actor(4), noon(t, "2026-02-03"), "i1", 0, day(t, "2026-02-03"))
				require.NoError(t, err)
			}},
		{name: "corrective action of an issue resolved",
			setup: func(t *testing.T, f *fixture) {
				corrective(t, f)
				_, err := f.svc.ResolveIssue(ctx, actor(4), noon(t, "2026-02-03"), "i1", Resolution{Text: "Atendida", RootCause: "communication"})
				require.NoError(t, err)
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, testYAML, true, WithDirectory(managedDirectory(t)))
			tc.setup(t, f)
			run(t, f, "2026-02-05")
			assert.Empty(t, f.notices(t, NoticeCommitmentDue), "not before its date")
			run(t, f, "2026-02-06")
			run(t, f, "2026-02-06")
			run(t, f, "2026-02-09")
			ns := f.notices(t, NoticeCommitmentDue)
			require.ElementsMatch(t, tc.to, proctest.Recipients(ns), "once, to its owner")
			for _, n := range ns {
				assert.Equal(t, tc.about, n.About.ID)
				assert.Equal(t, "2026-02-06", n.Due)
				assert.Equal(t, "junta", n.Fields["stakeholder"])
				assert.NotEmpty(t, n.Fields["commitment"])
			}
		})
	}
}

// TestSchemaListsTheNoticeKinds checks that the schema's notifications key
// lists exactly the kinds the package registers.
func TestSchemaListsTheNoticeKinds(t *testing.T) {
	proctest.SchemaListsNoticeKinds(t, Kind)
}

// TestTwoRunsAtOnceNotifyOnce runs the job twice at the same time for the
// same date: each item is notified once.
func TestTwoRunsAtOnceNotifyOnce(t *testing.T) {
	f := newFixture(t, testYAML, true, WithDirectory(managedDirectory(t)))
	openIssue(t, f, "i1", Critical, "2026-02-02")
	_, err := f.svc.LogInteraction(ctx, actor(4), noon(t, "2026-02-02"), Interaction{Stakeholder: "junta", Date: day(t, "2026-02-02"),
		Channel: "meeting", Direction: TwoWay, Summary: "Reunión", FollowUps: []FollowUp{{Action: "Enviar acta", Owner: "p3", Due: day(t, "2026-02-04")}}})
	require.NoError(t, err)
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := f.svc.Run(ctx, actor(0), day(t, "2026-02-04"))
			errs <- err
		}()
	}
	for range 2 {
		require.NoError(t, <-errs)
	}
	keys := map[string]int{}
	for _, n := range f.notices(t, "") {
		keys[n.Key()]++
	}
	assert.Len(t, f.notices(t, NoticeIssueEscalated), 2, "the new owner and the one above the old")
	assert.Len(t, f.notices(t, NoticeCommitmentDue), 1)
	assert.Equal(t, len(f.notices(t, NoticeCommunicationOverdue)), run(t, f, "2026-02-04").OverdueCommunications)
	for k, c := range keys {
		assert.Equal(t, 1, c, k)
	}
}
