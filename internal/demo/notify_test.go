package demo

import (
	"context"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/deployment"
)

// The notice kinds of noticeProcess: one for staff, one for citizens.
const (
	testStaffNotice   = "demotest.task.due"
	testCitizenNotice = "demotest.answer.due"
)

func init() {
	for _, k := range []struct {
		kind string
		aud  relaciona.Audience
	}{{testStaffNotice, relaciona.AudienceStaff}, {testCitizenNotice, relaciona.AudienceCitizen}} {
		relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{Kind: k.kind, Process: "demotest", Audience: k.aud,
			Title: [2]string{"Vence", "Due"},
			Default: map[relaciona.Lang]relaciona.Template{
				relaciona.Spanish: {Subject: "{{.title}}: {{.record}}", Body: "Vence el {{.due}}."},
				relaciona.English: {Subject: "{{.title}}: {{.record}}", Body: "Due on {{.due}}."},
			}})
	}
}

// noticeProcess writes, each month, notifications the way the processes'
// rules do: one to a staff member, two to one who reads a daily digest,
// three to one citizen (the demo's contact limit holds one back).
type noticeProcess struct{}

func (noticeProcess) Name() string { return "demotest" }

func (noticeProcess) Setup(ctx context.Context, env *Env) error {
	return env.AddPeople(
		relaciona.Person{ID: "ana", Name: "Ana Jefa", Email: staffEmail("ana"), Level: 5},
		relaciona.Person{ID: "beto", Name: "Beto Técnico", Email: staffEmail("beto"), Level: 3, Manager: "ana", Digest: true})
}

func (noticeProcess) Month(ctx context.Context, env *Env, m time.Month) error {
	col := relaciona.NewCollection(env.Store, "demotest.task", func(n *note) relaciona.Key { return relaciona.Key{ID: n.ID, Time: n.At} })
	day := env.Day(m, 10)
	b := env.Store.Begin(relaciona.SystemActor(), "demotest.month", "").At(env.At(day, 8))
	notify := func(kind, id string, to relaciona.Recipient) {
		col.Put(b, &note{ID: id, Month: int(m), At: env.At(day, 8)}, 0)
		b.Notify(relaciona.Notification{Kind: kind, Process: "demotest", About: relaciona.Ref{Kind: "demotest.task", ID: id}, Due: day.String(), To: to})
	}
	notify(testStaffNotice, fmt.Sprintf("%02d-a", m), relaciona.Recipient{Person: "ana"})
	notify(testStaffNotice, fmt.Sprintf("%02d-b1", m), relaciona.Recipient{Person: "beto"})
	notify(testStaffNotice, fmt.Sprintf("%02d-b2", m), relaciona.Recipient{Person: "beto"})
	for i := range 3 {
		notify(testCitizenNotice, fmt.Sprintf("%02d-c%d", m, i), relaciona.Recipient{Name: "Ciudadana", Email: "ciudadana@correo.example"})
	}
	_, err := b.Commit(ctx)
	return err
}

// checkNotifications checks the year's notifications add up: what was
// sent is what the channels hold (an .eml file per notification sent
// alone and per digest, the ticket replies), every file a distinct
// notification, nothing failed.
func checkNotifications(t *testing.T, n Notifications) {
	t.Helper()
	assert.Positive(t, n.Sent, "notifications were sent")
	assert.Zero(t, n.Failed, "none failed")
	assert.Zero(t, n.Pending, "none left waiting at the end of the year")
	assert.Positive(t, n.Held, "the contact limit held some back")
	assert.Equal(t, n.Sent, n.Alone+n.InDigests+n.Tickets, "sent = alone + in digests + ticket replies")
	assert.Equal(t, n.Alone+n.Digests, n.Emails, ".eml files = sent alone + digests")

	files, err := filepath.Glob(filepath.Join(n.MailDir, "*.eml"))
	require.NoError(t, err)
	got := map[string]bool{}
	ids := map[string]string{}
	for _, f := range files {
		got[filepath.Base(f)] = true
		fh, err := os.Open(f)
		require.NoError(t, err)
		msg, err := mail.ReadMessage(fh)
		fh.Close()
		require.NoError(t, err, f)
		id := msg.Header.Get("Message-ID")
		assert.True(t, strings.HasPrefix(id, "<"+strings.TrimSuffix(filepath.Base(f), ".eml")+"@"), "%s carries its own ID, %s", f, id)
		assert.NotContains(t, ids, id, "%s and %s are the same message", f, ids[id])
		ids[id] = f
	}
	assert.Equal(t, n.want, got, "the .eml files are exactly those of the sent notifications and digests")
}

// TestDemoDeliversItsNotifications: the year's notifications are
// delivered day by day into correo/ (the staff member's each alone, the
// digest reader's in one daily digest), the contact limit holds some
// back, every figure adds up, and the deployment names the same channel.
func TestDemoDeliversItsNotifications(t *testing.T) {
	dir := t.TempDir()
	// The mail of an earlier demo goes with its store.
	require.NoError(t, os.MkdirAll(filepath.Join(dir, MailDir), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, MailDir, "old.eml"), []byte("old"), 0o644))

	sum, err := Run(context.Background(), Options{Dir: dir, Seed: 1}, noticeProcess{})
	require.NoError(t, err)
	n := sum.Notifications
	checkNotifications(t, n)
	assert.Equal(t, filepath.Join(dir, MailDir), n.MailDir)
	assert.Equal(t, 12*6, n.Sent+n.Held, "every notification sent or held")
	assert.GreaterOrEqual(t, n.Held, 12, "at least the citizen's third each month: 2 in 30 days")
	assert.LessOrEqual(t, n.Held, 12*3-12, "the citizen hears at least once a month")
	assert.Equal(t, 12, n.Digests, "beto's two a month in one digest")
	assert.Equal(t, 12*2, n.InDigests)
	assert.Zero(t, n.Tickets)
	assert.NoFileExists(t, filepath.Join(dir, MailDir, "old.eml"))

	dep, err := deployment.Load(sum.Deployment, relaciona.Spanish)
	require.NoError(t, err)
	require.NotNil(t, dep.Notifications.Email)
	assert.Equal(t, "file://"+filepath.ToSlash(filepath.Join(dir, MailDir))+"?from="+demoSender, dep.Notifications.Email.URL)
	assert.Equal(t, demoLimits(), dep.Notifications.Limits, "relaciona run limits contacts as the demo did")
	chs, err := dep.Notifications.OpenChannels(context.Background(), nil)
	require.NoError(t, err, "the deployment opens the file:// channel")
	require.Contains(t, chs, relaciona.ChannelEmail)
	for _, c := range chs {
		c.Close()
	}
}
