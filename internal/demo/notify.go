package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/maildir"
)

// MailDir is the folder, in Options.Dir, where the demo's e-mail
// notifications are written as .eml files (the file:// channel of
// plugins/maildir), by the demo and by `relaciona run` on its folder.
const MailDir = "correo"

// The demo deployment's notifications: e-mail into MailDir from this
// sender, and a contact limit on citizens (survey fatigue, issue #15 §4):
// at most demoCitizenMax messages in demoCitizenPeriod, the rest held back.
const (
	demoSender        = "avisos@" + EmailDomain
	demoCitizenMax    = 2
	demoCitizenPeriod = 30 * 24 * time.Hour
)

// demoLimits are the contact limits of the demo deployment.
func demoLimits() []relaciona.ContactLimit {
	return []relaciona.ContactLimit{{Audience: relaciona.AudienceCitizen, Max: demoCitizenMax, Period: demoCitizenPeriod}}
}

// notificationsYAML is the deployment file's notifications section, which
// opens the same channels and limits as the demo's dispatcher.
func notificationsYAML(l relaciona.Lang) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n", l.T(
		"Avisos: el correo se escribe como archivos .eml en la carpeta correo/ (sin servidor; para uno real,\n# smtp://servidor:587?from=...); las PQRSD que llegaron por ticket se responden en el ticket.\n# Un ciudadano recibe a lo sumo 2 avisos cada 30 días; los demás se retienen.",
		"Notifications: e-mail is written as .eml files in the folder correo/ (no server; for a real one,\n# smtp://host:587?from=...); PQRSD that came by ticket are answered on the ticket.\n# A citizen gets at most 2 notices every 30 days; the rest are held back."))
	b.WriteString("notifications:\n  channels:\n    email:\n")
	fmt.Fprintf(&b, "      url: file://%s?from=%s\n", MailDir, demoSender)
	b.WriteString("    ticket: true\n  limits:\n")
	for _, lim := range demoLimits() {
		fmt.Fprintf(&b, "    - {audience: %s, max: %d, period: %dd}\n", lim.Audience, lim.Max, int(lim.Period/(24*time.Hour)))
	}
	return b.String()
}

// Notifications is what the demo's dispatcher did over the year.
type Notifications struct {
	// Sent counts notifications delivered (one by one or in a digest),
	// Digests the daily digests that carried some of them, Failed those
	// given up, Held those held back by a contact limit, Pending those
	// still waiting at the end of the year (a retry, a channel not
	// configured).
	Sent, Digests, Failed, Held, Pending int
	// Emails is how many .eml files are in MailDir; Tickets how many
	// notifications were replies on a ticket; Alone how many went as an
	// e-mail of their own, InDigests how many as a line of a digest (Sent
	// is Tickets + Alone + InDigests).
	Emails, Tickets, Alone, InDigests int
	// MailDir is the folder of the .eml files.
	MailDir string
	// want holds the names of the .eml files the sent notifications
	// should have left: one per notification sent alone by e-mail, one
	// per digest.
	want map[string]bool
}

// dispatcher delivers the outbox day by day, as an agency's daily
// `relaciona run` would: e-mail into MailDir, ticket replies on the desk.
type dispatcher struct {
	d      *relaciona.Dispatcher
	now    time.Time
	sum    Notifications
	mail   driver.Notifier
	before func(time.Time) // sets the store's clock
}

func newDispatcher(ctx context.Context, opts Options, store *relaciona.Store, tickets *relaciona.Tickets, dir *relaciona.Directory, setClock func(time.Time)) (*dispatcher, error) {
	folder := filepath.Join(opts.Dir, MailDir)
	mail, err := maildir.Open(ctx, "file://"+filepath.ToSlash(folder)+"?from="+demoSender, driver.NotifierEnv{})
	if err != nil {
		return nil, err
	}
	x := &dispatcher{mail: mail, before: setClock, sum: Notifications{MailDir: folder}}
	// Ticket replies are stamped with the business time of the day
	// delivered, not the wall clock: a reply updates its ticket, and a
	// process that syncs ticket changes (satisfaction's survey invitations
	// go on the ticket) would otherwise see its tickets move to the real
	// present and its sync position jump past the rest of the year.
	if _, ok := tickets.Driver().(*desk.Desk); ok {
		dk, err := desk.New(store.Driver(), desk.Options{Now: func() time.Time { return x.now }})
		if err != nil {
			return nil, err
		}
		if tickets, err = relaciona.NewTickets(dk); err != nil {
			return nil, err
		}
	}
	x.d = relaciona.NewDispatcher(store, dir, map[string]driver.Notifier{
		relaciona.ChannelEmail:  mail,
		relaciona.ChannelTicket: relaciona.TicketChannel(tickets),
	}, relaciona.DispatchOptions{Lang: opts.Lang, Limits: demoLimits(), Location: bogota, Now: func() time.Time { return x.now }})
	return x, nil
}

// month delivers what is due on each day of month m, at the day's end.
func (x *dispatcher) month(ctx context.Context, year int, m time.Month) error {
	for d := (calendar.Date{Year: year, Month: m, Day: 1}); d.Month == m; d = d.AddDays(1) {
		x.now = time.Date(d.Year, d.Month, d.Day, 23, 0, 0, 0, bogota)
		x.before(x.now)
		r, err := x.d.Dispatch(ctx)
		if err != nil {
			return fmt.Errorf("dispatch %s: %w", d, err)
		}
		x.sum.Digests += r.Digests
	}
	return nil
}

// close counts the outbox's final state and the .eml files.
func (x *dispatcher) close(ctx context.Context, store *relaciona.Store) (Notifications, error) {
	x.mail.Close()
	for st, n := range map[relaciona.NotificationStatus]*int{relaciona.NotificationSent: &x.sum.Sent, relaciona.NotificationFailed: &x.sum.Failed,
		relaciona.NotificationHeld: &x.sum.Held, relaciona.NotificationPending: &x.sum.Pending} {
		c, err := store.Count(ctx, relaciona.NotificationKind, relaciona.Filter{Attrs: map[string]string{"status": string(st)}})
		if err != nil {
			return x.sum, err
		}
		*n = int(c)
	}
	// What each sent notification went out as: a ticket reply, its own
	// e-mail (named by its key), or a line of a digest (named by Via).
	x.sum.want = map[string]bool{}
	col := relaciona.NewCollection(store, relaciona.NotificationKind, func(n *relaciona.Notification) relaciona.Key { return relaciona.Key{ID: n.Key()} })
	for doc, err := range col.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"status": string(relaciona.NotificationSent)}}) {
		if err != nil {
			return x.sum, err
		}
		n := doc.Value
		switch {
		case n.Via != "":
			x.sum.InDigests++
			x.sum.want[maildir.FileName(n.Via)] = true
		case n.Channel == relaciona.ChannelTicket || (n.Channel == "" && n.To.Ticket != ""):
			x.sum.Tickets++
		default:
			x.sum.Alone++
			x.sum.want[maildir.FileName(doc.ID)] = true
		}
	}
	files, err := filepath.Glob(filepath.Join(x.sum.MailDir, "*.eml"))
	if err != nil {
		return x.sum, err
	}
	x.sum.Emails = len(files)
	return x.sum, nil
}

// removeMail removes the .eml files of an earlier demo (their store is
// replaced).
func removeMail(dir string) error {
	if err := os.RemoveAll(filepath.Join(dir, MailDir)); err != nil {
		return fmt.Errorf("demo: remove the mail of the previous demo store: %w", err)
	}
	return nil
}
