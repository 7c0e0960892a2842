package citizen

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/plugins/driver"
)

// notifications returns the outbox's notifications of kind.
func (f *fixture) notifications(t testing.TB, kind string) []relaciona.Notification {
	t.Helper()
	var out []relaciona.Notification
	for r, err := range f.store.Scan(f.ctx, relaciona.NotificationKind, relaciona.Filter{Attrs: map[string]string{"kind": kind}}) {
		require.NoError(t, err)
		var n relaciona.Notification
		require.NoError(t, json.Unmarshal(r.Body, &n))
		out = append(out, n)
	}
	return out
}

// people returns the people ns go to, sorted.
func people(ns []relaciona.Notification) []string {
	out := proctest.Recipients(ns)
	slices.Sort(out)
	return out
}

// TestEachNoticeIsWrittenByItsRule checks each kind of notification: its
// rule writes it, in the batch of the change, to the right person with the
// right fields; nothing goes to a citizen who gave no contact; and a
// second run for the same date writes no more.
func TestEachNoticeIsWrittenByItsRule(t *testing.T) {
	// The example's people: ana-atencion (citizen_service) answers to
	// luis-lider (relationship_lead), who answers to marta-alcaldesa.
	withEmail := func(n *NewPQRSD) { n.Requester = Requester{Name: "Carmen Ruiz", Email: "carmen@example.co"} }

	t.Run("staff: due soon, overdue, commitment overdue; twice for a date, once", func(t *testing.T) {
		f := newFixture(t)
		p := f.file(t, at("2026-03-02"))
		sp, err := f.s.RecordSpace(f.ctx, lead, Space{ID: "rdc-2026", Kind: SpaceAccountability, Name: "Audiencia", Date: d("2026-03-05")},
			[]NewCommitment{{Text: "Publicar el informe", Owner: "atencion", Due: d("2026-03-10")}})
		require.NoError(t, err)
		for range 2 {
			_, err := f.s.Run(f.ctx, job, p.Due)
			require.NoError(t, err)
		}
		soon := f.notifications(t, NotifyPQRSDDueSoon)
		require.Len(t, soon, 1)
		assert.Equal(t, relaciona.Recipient{Person: "ana-atencion"}, soon[0].To)
		assert.Equal(t, relaciona.Ref{Kind: kindPQRSD, ID: p.ID}, soon[0].About)
		assert.Equal(t, p.Due.String(), soon[0].Due)
		assert.Equal(t, map[string]string{"pqrsd": p.ID, "type": "request", "channel": "web", "filed": "2026-03-02"}, soon[0].Fields)

		// The commitments register's one notice of an overdue commitment:
		// its owner (the lead who recorded the space) and the person
		// above them.
		co := f.notifications(t, relaciona.NoticeCommitmentOverdue)
		require.Len(t, co, 2, "the owner and the person above, once")
		assert.Equal(t, []string{"luis-lider", "marta-alcaldesa"}, people(co))
		assert.Equal(t, relaciona.Ref{Kind: relaciona.CommitmentKind, ID: "citizen:" + sp.Commitments[0]}, co[0].About)
		assert.Equal(t, "Publicar el informe", co[0].Fields["what"])
		assert.Equal(t, "space_participants/rdc-2026", co[0].Fields["party"])

		after := p.Due.AddDays(1)
		for range 2 {
			_, err := f.s.Run(f.ctx, job, after)
			require.NoError(t, err)
		}
		over := f.notifications(t, NotifyPQRSDOverdue)
		assert.Equal(t, []string{"ana-atencion", "luis-lider"}, people(over), "the staff and the person above them, once each")
		assert.Len(t, f.notifications(t, NotifyPQRSDDueSoon), 1)
		assert.Len(t, f.notifications(t, relaciona.NoticeCommitmentOverdue), 2)
	})

	t.Run("citizen: extension, forwarding and answer by the e-mail given", func(t *testing.T) {
		f := newFixture(t)
		p := f.file(t, at("2026-03-02"), withEmail)
		_, err := f.s.Extend(f.ctx, clerk, p.ID, ExtendInput{NewDue: p.Due.AddDays(7), Reason: "Visita técnica"}, at("2026-03-10"))
		require.NoError(t, err)
		ext := f.notifications(t, NotifyExtension)
		require.Len(t, ext, 1)
		n := ext[0]
		assert.Equal(t, relaciona.Recipient{Email: "carmen@example.co", Name: "Carmen Ruiz"}, n.To)
		assert.Equal(t, "email", n.Channel)
		assert.Equal(t, relaciona.English, n.Lang)
		assert.Equal(t, p.Due.String(), n.Due, "due by the date the term expires")
		assert.Equal(t, "Visita técnica", n.Fields["reason"])
		assert.Equal(t, p.Due.AddDays(7).String(), n.Fields["new_due"])
		assert.Equal(t, p.Due.String(), n.Fields["previous_due"])
		assert.Equal(t, "Alcaldía de Villa del Ejemplo", n.Fields["entity"])

		_, err = f.s.Answer(f.ctx, clerk, p.ID, "Se expide el certificado", at("2026-03-20"))
		require.NoError(t, err)
		ans := f.notifications(t, NotifyAnswer)
		require.Len(t, ans, 1)
		assert.Equal(t, "Se expide el certificado", ans[0].Fields["answer"])

		q := f.file(t, at("2026-03-03"), withEmail)
		_, err = f.s.Forward(f.ctx, clerk, q.ID, "Gobernación", "competencia departamental", at("2026-03-04"))
		require.NoError(t, err)
		fw := f.notifications(t, NotifyForward)
		require.Len(t, fw, 1)
		assert.Equal(t, "Gobernación", fw[0].Fields["authority"])
		assert.Equal(t, relaciona.Ref{Kind: kindPQRSD, ID: q.ID}, fw[0].About)
	})

	t.Run("citizen: nothing without a contact", func(t *testing.T) {
		f := newFixture(t)
		p := f.file(t, at("2026-03-02")) // no requester: anonymous
		_, err := f.s.Extend(f.ctx, clerk, p.ID, ExtendInput{NewDue: p.Due.AddDays(7), Reason: "Visita técnica"}, at("2026-03-10"))
		require.NoError(t, err)
		_, err = f.s.Answer(f.ctx, clerk, p.ID, "ok", at("2026-03-20"))
		require.NoError(t, err)
		assert.Empty(t, f.notifications(t, NotifyExtension))
		assert.Empty(t, f.notifications(t, NotifyAnswer))
	})

	t.Run("citizen: a PQRSD from a ticket is answered once, on its ticket", func(t *testing.T) {
		now := at("2026-03-13")
		f, rec, tk := withDesk(t, &now)
		ticket, p := fileTicket(t, f, tk, relaciona.NewTicket{Queue: "pqrsd", Subject: "Certificado", Body: "Necesito el certificado",
			Requester: "ciudadano@example.co", Fields: map[string]string{"pqrsd_type": "peticion"}}, at("2026-03-16"))
		_, err := f.s.Extend(f.ctx, clerk, p.ID, ExtendInput{NewDue: p.Due.AddDays(7), Reason: "Verificación en campo"}, at("2026-03-20"))
		require.NoError(t, err)
		assert.Empty(t, f.notifications(t, NotifyExtension), "the process replies on the ticket itself; the outbox writes nothing")
		_, err = f.s.Run(f.ctx, relaciona.SystemActor(), calendar.Date{Year: 2026, Month: 3, Day: 21})
		require.NoError(t, err)
		disp := relaciona.NewDispatcher(f.store, nil, map[string]driver.Notifier{relaciona.ChannelTicket: relaciona.TicketChannel(tk)},
			relaciona.DispatchOptions{Now: func() time.Time { return at("2026-03-21") }})
		_, err = disp.Dispatch(f.ctx)
		require.NoError(t, err)
		rec.mu.Lock()
		defer rec.mu.Unlock()
		assert.Len(t, rec.replies[ticket.ID], 1, "one reply on the ticket after run and dispatch: %q", rec.replies[ticket.ID])
	})
}

// TestNoticeIsInTheChangesTransaction checks that a notification is
// written with the change or not at all: when the extension's notification
// cannot be written (its key is taken), the extension is not recorded
// either.
func TestNoticeIsInTheChangesTransaction(t *testing.T) {
	f := newFixture(t)
	p := f.file(t, at("2026-03-02"), func(n *NewPQRSD) { n.Requester = Requester{Email: "carmen@example.co"} })
	proctest.AlreadyInOutbox(t, f.ctx, f.store, relaciona.Notification{Kind: NotifyExtension, Process: Kind, About: relaciona.Ref{Kind: kindPQRSD, ID: p.ID}, Due: p.Due.String(),
		To: relaciona.Recipient{Email: "carmen@example.co"}})
	before := f.audits(t)
	_, err := f.s.Extend(f.ctx, clerk, p.ID, ExtendInput{NewDue: p.Due.AddDays(7), Reason: "Visita técnica"}, at("2026-03-10"))
	require.ErrorIs(t, err, relaciona.ErrConflict)
	got, err := f.s.Get(f.ctx, p.ID)
	require.NoError(t, err)
	assert.Nil(t, got.Extension, "the extension went with its notification")
	assert.Equal(t, p.Due, got.Due)
	assert.Equal(t, before, f.audits(t))
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
	data, _ := proctest.ConfigWithoutNotices(t, examplePath)
	good := string(data) + "\nnotifications:\n  citizen.pqrsd.extension:\n    es:\n      subject: \"Prórroga de la {{.pqrsd}}\"\n      body: \"Motivo: {{.reason}}. Nueva fecha: {{.new_due}}.\"\n"
	cfg, err := ParseConfig("citizen.yaml", []byte(good), relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, "Prórroga de la {{.pqrsd}}", cfg.Templates()[NotifyExtension][relaciona.Spanish].Subject)

	bad := "notifications:\n  citizen.pqrsd.extension:\n    en:\n      subject: \"Extension\"\n      body: \"Dear {{.document_id}}\"\n"
	_, err = ParseConfig("citizen.yaml", []byte(string(data)+"\n"+bad), relaciona.English)
	p := proctest.FirstProblem(t, err)
	assert.Equal(t, "citizen.yaml", p.File)
	assert.Equal(t, strings.Count(string(data), "\n")+1+5, p.Line, "%v", err)
	assert.Equal(t, "notifications.citizen.pqrsd.extension.en.body", p.Field)
	assert.Contains(t, p.Msg, "document_id")
}
