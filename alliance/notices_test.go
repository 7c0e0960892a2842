package alliance

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
)

// notifications returns every notification in the outbox.
func (f *fixture) notifications() []relaciona.Notification {
	var out []relaciona.Notification
	for r, err := range f.store.Scan(f.ctx, relaciona.NotificationKind, relaciona.Filter{}) {
		require.NoError(f.t, err)
		var n relaciona.Notification
		require.NoError(f.t, json.Unmarshal(r.Body, &n))
		out = append(out, n)
	}
	return out
}

// TestNoticesAreWrittenWithTheirFlag checks each notice kind: written by
// Run with the flag that makes the item due, to the directory's
// Encargado OMIL, with its fields; a second run for the same date (and a
// later one) writes no second notification.
func TestNoticesAreWrittenWithTheirFlag(t *testing.T) {
	cases := []struct {
		name   string
		date   string
		kind   string
		count  int // one per flagged item (one Encargado in the directory)
		about  relaciona.Ref
		due    string
		fields map[string]string
	}{
		{name: "review due", date: "2026-12-02", kind: NoticeReviewDue, count: 1,
			about: relaciona.Ref{Kind: KindCycle, ID: "omil-valparaiso:2026"}, due: "2026-12-01",
			fields: map[string]string{"office": "OMIL Valparaíso", "year": "2026"}},
		{name: "measurement due", date: "2026-03-01", kind: NoticeMeasurementDue, count: 4,
			about: relaciona.Ref{Kind: KindAlliance, ID: "convenio-junji"}, due: "2026-02-19",
			fields: map[string]string{"office": "OMIL Valparaíso", "alliance": "convenio-junji", "since": "2026-01-05", "days": "45"}},
		{name: "agreement expiring", date: "2026-12-30", kind: NoticeAgreementExpiring, count: 1,
			about: relaciona.Ref{Kind: KindAlliance, ID: "convenio-sence"}, due: "2027-02-28",
			fields: map[string]string{"office": "OMIL Valparaíso", "alliance": "convenio-sence", "end": "2027-02-28"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t).to(PhaseMonitoring)
			if tc.kind != NoticeMeasurementDue {
				f.feed("2026-11-30") // measured: only the review (and the agreement) are due
			}
			sum, err := f.s.Run(f.ctx, job, day(tc.date))
			require.NoError(t, err)
			assert.Equal(t, len(f.notifications()), sum.Notified, "the summary counts what was written")
			var got []relaciona.Notification
			for _, n := range f.notifications() {
				if n.Kind == tc.kind {
					got = append(got, n)
				}
			}
			require.Len(t, got, tc.count)
			var n relaciona.Notification
			for _, g := range got {
				if g.About == tc.about {
					n = g
				}
			}
			require.Equal(t, tc.about, n.About, "a notification about %s", tc.about)
			assert.Equal(t, Kind, n.Process)
			assert.Equal(t, tc.due, n.Due)
			assert.Equal(t, relaciona.Recipient{Person: enc.ID}, n.To, "the directory's Encargado, by id")
			assert.Equal(t, relaciona.NotificationPending, n.Status)
			for k, v := range tc.fields {
				assert.Equal(t, v, n.Fields[k], k)
			}
			k, ok := relaciona.LookupNoticeKind(tc.kind)
			require.True(t, ok)
			for field := range n.Fields {
				assert.Contains(t, append(k.Fields, relaciona.CommonNoticeFields...), field, "a field the kind declares")
			}
			_, body, err := k.Render(k.TemplateFor(nil, relaciona.Spanish), n.Fields)
			require.NoError(t, err)
			assert.Contains(t, body, tc.fields["office"])

			again, err := f.s.Run(f.ctx, job, day(tc.date))
			require.NoError(t, err)
			assert.Zero(t, again.Notified, "a second run for the date notifies no one again")
			later, err := f.s.Run(f.ctx, job, day(tc.date).AddDays(3))
			require.NoError(t, err)
			assert.Zero(t, later.Notified, "nor does a later one while the item stays due")
			assert.Len(t, f.notifications(), len(f.notifications()))
			n2 := 0
			for _, n := range f.notifications() {
				if n.Kind == tc.kind {
					n2++
				}
			}
			assert.Equal(t, tc.count, n2, "one notification per item")
		})
	}
}

// TestNoticeSharesTheFlagsTransaction checks that the notification and the
// flag are one transaction: when the notification cannot be written, the
// flag is not either, and the run fails.
func TestNoticeSharesTheFlagsTransaction(t *testing.T) {
	f := newFixture(t).to(PhaseMonitoring)
	f.feed("2026-11-30")
	// The outbox already holds this notification (written by hand), so the
	// run's Notify conflicts.
	n := relaciona.Notification{Kind: NoticeReviewDue, Process: Kind, About: relaciona.Ref{Kind: KindCycle, ID: "omil-valparaiso:2026"},
		Due: "2026-12-01", To: relaciona.Recipient{Person: enc.ID}}
	proctest.AlreadyInOutbox(t, f.ctx, f.store, n)
	before := f.audits()

	_, err := f.s.Run(f.ctx, job, day("2026-12-02"))
	require.ErrorIs(t, err, relaciona.ErrConflict)
	flags, err := f.s.Flags(f.ctx, office, day("2026-01-01"), day("2026-12-31"))
	require.NoError(t, err)
	assert.Empty(t, flags, "the flag was not written without its notification")
	assert.Equal(t, before, f.audits())
	assert.Len(t, f.notifications(), 1)
}

// TestNoticeWithoutEncargado checks that a flag raised when the directory
// gives nobody the Encargado role is counted as not notified.
func TestNoticeWithoutEncargado(t *testing.T) {
	f := newFixture(t).to(PhaseMonitoring)
	f.feed("2026-11-30")
	dir, err := relaciona.NewRoster(relaciona.Person{ID: "team-1", Roles: []relaciona.Role{{Process: Kind, Name: DefaultRoleTeam}}})
	require.NoError(t, err)
	cal, err := calendar.New(calendar.Chile, calendar.Options{})
	require.NoError(t, err)
	s, err := New(f.store, f.s.Config(), cal, WithDirectory(dir))
	require.NoError(t, err)
	sum, err := s.Run(f.ctx, job, day("2026-12-02"))
	require.NoError(t, err)
	assert.Len(t, sum.Raised, 1)
	assert.Equal(t, 0, sum.Notified)
	assert.Equal(t, 1, sum.Unnotified)
	assert.Empty(t, f.notifications())
}

// TestTemplatesAreChecked checks the notifications key at load: a known
// kind's text is taken, an unknown field or kind is refused naming the
// file, the line and the field.
func TestTemplatesAreChecked(t *testing.T) {
	base, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	cases := []struct{ name, yaml, want string }{
		{"unknown field", "notifications:\n  alliance.review.due:\n    es:\n      subject: \"Revisión {{.nombre}}\"\n      body: Abra la revisión.\n",
			`notifications.alliance.review.due.es.subject: the template names field "nombre"`},
		{"unknown kind", "notifications:\n  alliance.nada:\n    es: {subject: Hola, body: Hola}\n", `unknown key "alliance.nada"; allowed keys: alliance.agreement.expiring, alliance.measurement.due, alliance.review.due`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "alliance.yaml")
			data := cutNotifications(string(base)) + tc.yaml
			require.NoError(t, os.WriteFile(path, []byte(data), 0o600))
			_, err := LoadConfig(path, relaciona.English)
			require.Error(t, err)
			assert.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Regexp(t, `alliance\.yaml:\d+:\d+: `, err.Error())
			assert.Contains(t, err.Error(), tc.want)
			if i := strings.Index(data, "{{.nombre}}"); i >= 0 {
				line := strings.Count(data[:i], "\n") + 1
				assert.Contains(t, err.Error(), fmt.Sprintf("alliance.yaml:%d:16: ", line), "the subject's line and column")
			}
		})
	}
	t.Run("a good override", func(t *testing.T) {
		cfg, err := LoadConfig(examplePath, relaciona.English)
		require.NoError(t, err)
		require.NotEmpty(t, cfg.Templates(), "the example overrides a text")
		f := newFixture(t)
		assert.Equal(t, cfg.Templates(), f.s.Templates(), "the Process offers them to a dispatcher")
		for kind := range cfg.Templates() {
			_, ok := relaciona.LookupNoticeKind(kind)
			assert.True(t, ok, kind)
		}
	})
}

// cutNotifications drops the example's notifications key, if any, so a
// test can append its own.
func cutNotifications(s string) string {
	i := indexLine(s, "notifications:")
	if i < 0 {
		return s
	}
	rest := s[i+len("notifications:"):]
	// The key ends at the next line that starts a top-level key or comment.
	for j := 0; j < len(rest); j++ {
		if rest[j] == '\n' && j+1 < len(rest) && rest[j+1] != ' ' && rest[j+1] != '\n' {
			return s[:i] + rest[j+1:]
		}
	}
	return s[:i]
}

// TestSchemaListsTheNoticeKinds checks that the schema's notifications key
// lists exactly the kinds the package registers.
func TestSchemaListsTheNoticeKinds(t *testing.T) {
	proctest.SchemaListsNoticeKinds(t, Kind)
}
