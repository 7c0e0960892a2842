package satisfaction

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// notifications returns the outbox, ordered by key.
func (f *fixture) notifications(t testing.TB) []relaciona.Notification {
	t.Helper()
	return proctest.Outbox(t, f.ctx, f.store)
}

// ofKind keeps the notifications of kind.
func ofKind(ns []relaciona.Notification, kind string) []relaciona.Notification {
	return slices.DeleteFunc(slices.Clone(ns), func(n relaciona.Notification) bool { return n.Kind != kind })
}

// noticeDirectory is a directory with managers: the commitment owner
// mgr-luis answers to own-carla, who answers to dir-ana.
func noticeDirectory(t testing.TB) *relaciona.Directory {
	t.Helper()
	role := func(r string) []relaciona.Role { return []relaciona.Role{{Process: Kind, Name: r}} }
	d, err := relaciona.NewRoster(
		relaciona.Person{ID: "dir-ana", Roles: role(RoleDirection), Level: 7},
		relaciona.Person{ID: "own-carla", Roles: role(RoleOwner), Manager: "dir-ana", Lang: "en", Level: 6},
		relaciona.Person{ID: "mgr-luis", Roles: []relaciona.Role{{Process: Kind, Name: RoleManager}, {Process: Kind, Name: RoleExecutor}}, Manager: "own-carla", Level: 4},
		relaciona.Person{ID: "exe-sofia", Roles: role(RoleExecutor), Manager: "mgr-luis", Level: 3},
		relaciona.Person{ID: "ref-salud"}, // speaks for the client salud
	)
	require.NoError(t, err)
	return d
}

// TestEachNoticeIsWrittenByItsRule checks each kind of notification: its
// rule writes it, in the batch of the change, to the right person with the
// right fields, and a second run for the same date writes no more.
func TestEachNoticeIsWrittenByItsRule(t *testing.T) {
	t.Run(NoticeComplaintReported, func(t *testing.T) {
		f := newFixture(t, WithDirectory(noticeDirectory(t)))
		c, err := f.p.ReportComplaint(f.ctx, f.exe, NewComplaint{Client: "salud", Service: "vpn", Channel: ChannelPhone, Scope: ScopeService}, ts("2026-03-02T10:00:00Z"))
		require.NoError(t, err)
		ns := ofKind(f.notifications(t), NoticeComplaintReported)
		require.Len(t, ns, 1, "one notice per process owner")
		n := ns[0]
		assert.Equal(t, relaciona.Recipient{Person: "own-carla"}, n.To)
		assert.Equal(t, relaciona.English, n.Lang, "in the language the directory gives the person")
		assert.Equal(t, relaciona.Ref{Kind: kindComplaint, ID: c.ID}, n.About)
		assert.Equal(t, map[string]string{"complaint": c.ID, "client": "salud", "service": "vpn", "channel": "phone", "scope": "service"}, n.Fields)
		assert.Equal(t, []string{"own-carla"}, c.Notified)
		assert.Equal(t, relaciona.NotificationPending, n.Status)
	})
	// A commitment of mgr-luis, due 2026-03-16 (5 business days from
	// Monday 9 March in Uruguay's calendar).
	commitment := func(t *testing.T, f *fixture) Commitment {
		st := &state{}
		agreedAction(t, f, st)
		c, err := f.p.AddCommitment(f.ctx, f.owner, NewCommitment{Action: st.action, Client: "salud", Confirmers: []string{"ref-salud"}, Owner: "mgr-luis", Description: "informe de monitoreo",
			Start: day("2026-03-09"), TermDays: 5}, ts("2026-03-09T10:00:00Z"))
		require.NoError(t, err)
		require.Equal(t, "2026-03-16", c.Due.String())
		return c
	}
	t.Run(NoticeCommitmentDueSoon, func(t *testing.T) {
		f := newFixture(t, WithDirectory(noticeDirectory(t)))
		c := commitment(t, f)
		sum, err := f.p.Run(f.ctx, relaciona.SystemActor(), day("2026-03-10"))
		require.NoError(t, err)
		assert.Empty(t, sum.Reminded, "four business days before: not yet")
		for range 2 {
			sum, err = f.p.Run(f.ctx, relaciona.SystemActor(), day("2026-03-11"))
			require.NoError(t, err)
		}
		ns := ofKind(f.notifications(t), NoticeCommitmentDueSoon)
		require.Len(t, ns, 1, "two runs for the date, one notice")
		assert.Equal(t, relaciona.Recipient{Person: "mgr-luis"}, ns[0].To)
		assert.Equal(t, "2026-03-16", ns[0].Due)
		assert.Equal(t, map[string]string{"commitment": c.ID, "description": "informe de monitoreo", "client": "salud", "owner": "mgr-luis", "action": c.Action}, ns[0].Fields)
		_, err = f.p.Run(f.ctx, relaciona.SystemActor(), day("2026-03-12"))
		require.NoError(t, err)
		assert.Len(t, ofKind(f.notifications(t), NoticeCommitmentDueSoon), 1, "a later run does not remind again")
	})
	t.Run(NoticeCommitmentOverdue, func(t *testing.T) {
		f := newFixture(t, WithDirectory(noticeDirectory(t)))
		c := commitment(t, f)
		for range 2 {
			_, err := f.p.Run(f.ctx, relaciona.SystemActor(), day("2026-03-17"))
			require.NoError(t, err)
		}
		_, err := f.p.Run(f.ctx, relaciona.SystemActor(), day("2026-03-18"))
		require.NoError(t, err)
		// The register's one notice of an overdue commitment.
		ns := ofKind(f.notifications(t), relaciona.NoticeCommitmentOverdue)
		require.Len(t, ns, 2, "the owner and the person above them, once")
		var to []string
		for _, n := range ns {
			to = append(to, n.To.Person)
			assert.Equal(t, "2026-03-16", n.Due)
			assert.Equal(t, Kind, n.Process)
			assert.Equal(t, c.Record.Ref(), n.About)
			assert.Equal(t, c.ID, n.Fields["commitment"])
			assert.Equal(t, "client/salud", n.Fields["party"])
		}
		open, err := f.p.Commitments(f.ctx, CommitmentOpen)
		require.NoError(t, err)
		require.Len(t, open, 1)
		assert.True(t, open[0].Overdue)
		assert.Equal(t, "2026-03-17", open[0].OverdueSince.String())
		assert.ElementsMatch(t, []string{"mgr-luis", "own-carla"}, to)
	})
	t.Run("escalation with the file's team as the directory", func(t *testing.T) {
		f := newFixture(t) // the example's team: mgr-luis answers to own-carla
		commitment(t, f)
		_, err := f.p.Run(f.ctx, relaciona.SystemActor(), day("2026-03-17"))
		require.NoError(t, err)
		to := proctest.Recipients(ofKind(f.notifications(t), relaciona.NoticeCommitmentOverdue))
		assert.ElementsMatch(t, []string{"mgr-luis", "own-carla"}, to)
	})
}

// TestNoticeIsInTheChangesTransaction checks that a notification is
// written with the change or not at all: when the notification cannot be
// written (its key is taken), the complaint is not registered either.
func TestNoticeIsInTheChangesTransaction(t *testing.T) {
	f := newFixture(t, WithDirectory(noticeDirectory(t)))
	at := ts("2026-03-02T10:00:00Z")
	id := newID("complaint", "salud", string(ChannelPhone), "", at.UTC().Format("2006-01-02T15:04:05.999999999Z07:00"))
	proctest.AlreadyInOutbox(t, f.ctx, f.store, relaciona.Notification{Kind: NoticeComplaintReported, Process: Kind, About: relaciona.Ref{Kind: kindComplaint, ID: id}, To: relaciona.Recipient{Person: "own-carla"}})
	before := f.auditCount(t)
	_, err := f.p.ReportComplaint(f.ctx, f.exe, NewComplaint{Client: "salud", Service: "vpn", Channel: ChannelPhone, Scope: ScopeService}, at)
	require.ErrorIs(t, err, relaciona.ErrConflict)
	_, err = f.p.Complaint(f.ctx, id)
	require.ErrorIs(t, err, relaciona.ErrNotFound, "the complaint went with its notification")
	assert.Equal(t, before, f.auditCount(t))
}

// TestSchemaListsTheNoticeKinds checks that the JSON Schema's
// notifications key lists every kind the package registers, each with
// every field its template may use.
func TestSchemaListsTheNoticeKinds(t *testing.T) {
	proctest.SchemaListsNoticeKinds(t, Kind)
	proctest.SchemaNamesNoticeFields(t, Kind)
}

// TestTemplatesAreCheckedAtLoad checks the notifications key: an override
// is loaded and given by Templates, and a template naming a field its kind
// does not give is refused naming the file, line and field.
func TestTemplatesAreCheckedAtLoad(t *testing.T) {
	data, cut := proctest.ConfigWithoutNotices(t, examplePath)
	require.True(t, cut, "the example ends with its own notifications key")
	good := string(data) + "\nnotifications:\n  satisfaction.commitment.overdue:\n    es:\n      subject: \"Vencido: {{.commitment}}\"\n      body: \"{{.description}} venció el {{.due}}.\"\n"
	cfg, err := ParseConfig("satisfaction.yaml", []byte(good), relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, "Vencido: {{.commitment}}", cfg.Templates()[NoticeCommitmentOverdue][relaciona.Spanish].Subject)

	for _, tc := range []struct {
		name, yaml, field, msg string
		line                   int
	}{
		{"unknown field", "notifications:\n  satisfaction.commitment.overdue:\n    es:\n      subject: \"Vencido\"\n      body: \"Estimado {{.nombre}}\"\n",
			"notifications.satisfaction.commitment.overdue.es.body", "nombre", 5},
		{"unknown kind", "notifications:\n  satisfaction.survey.sent:\n    es:\n      subject: \"x\"\n      body: \"y\"\n",
			`notifications["satisfaction.survey.sent"]`, "satisfaction.survey.sent", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := string(data) + "\n" + tc.yaml
			_, err := ParseConfig("satisfaction.yaml", []byte(text), relaciona.English)
			p := proctest.FirstProblem(t, err)
			assert.Equal(t, "satisfaction.yaml", p.File)
			assert.Equal(t, strings.Count(string(data), "\n")+1+tc.line, p.Line, "%v", err)
			assert.Equal(t, tc.field, p.Field)
			assert.Contains(t, p.Msg, tc.msg)
		})
	}
}
