package citizen

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
)

// recordingDesk is the built-in desk with its public replies recorded and
// a switch that makes replies fail, as a ticket system that is down.
type recordingDesk struct {
	driver.Tickets
	mu      sync.Mutex
	replies map[string][]string
	down    bool
}

func (r *recordingDesk) Comment(ctx context.Context, id string, c driver.Comment) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.down {
		return driver.Errorf(driver.ErrUnavailable, "desk down")
	}
	if c.Public {
		r.replies[id] = append(r.replies[id], c.Body)
	}
	return r.Tickets.Comment(ctx, id, c)
}

// withDesk returns a fixture whose service files from a desk kept in the
// same store, the desk's clock at *now.
func withDesk(t *testing.T, now *time.Time) (*fixture, *recordingDesk, *relaciona.Tickets) {
	t.Helper()
	store := proctest.MemoryStore(t)
	dk, err := desk.New(store.Driver(), desk.Options{Queues: []string{"pqrsd", "general"}, Now: func() time.Time { return *now }})
	require.NoError(t, err)
	rec := &recordingDesk{Tickets: dk, replies: map[string][]string{}}
	tk, err := relaciona.NewTickets(rec)
	require.NoError(t, err)
	f := newFixture(t)
	s, err := New(store, f.cfg, f.cal, WithLocation(bogota), WithTickets(tk), WithLang(relaciona.English))
	require.NoError(t, err)
	f.store, f.s = store, s
	return f, rec, tk
}

// fileTicket creates ticket n on tk and files it as a PQRSD on when.
func fileTicket(t testing.TB, f *fixture, tk *relaciona.Tickets, n relaciona.NewTicket, when time.Time) (relaciona.Ticket, PQRSD) {
	t.Helper()
	ticket, err := tk.Create(f.ctx, n)
	require.NoError(t, err)
	p, err := f.s.FileFromTicket(f.ctx, clerk, ticket.ID, when)
	require.NoError(t, err)
	return ticket, p
}

func TestFilingFromTheTicketSystemLinksThePQRSDToItsTicket(t *testing.T) {
	now := at("2026-03-13")
	f, rec, tk := withDesk(t, &now)
	ticket, p := fileTicket(t, f, tk, relaciona.NewTicket{Queue: "pqrsd", Subject: "Certificado de residencia", Body: "Necesito el certificado",
		Requester: "ciudadano@example.co", Fields: map[string]string{"pqrsd_type": "peticion", "request_kind": "documents", "offer_item": "certificado-residencia"}},
		at("2026-03-16"))
	assert.Equal(t, ticket.ID, p.TicketID)
	assert.Equal(t, "mesa", p.Channel)
	assert.Equal(t, KindDocuments, p.Kind)
	assert.Equal(t, "certificado-residencia", p.Offer)
	assert.Equal(t, "atencion", p.Dependency, "from the offer item")
	assert.Equal(t, d("2026-03-13"), p.Filed, "filed when the ticket was created")
	assert.Equal(t, "2026-03-30", p.Due.String())
	assert.Equal(t, "ciudadano@example.co", p.Requester.Account)

	_, err := f.s.FileFromTicket(f.ctx, clerk, ticket.ID, at("2026-03-16"))
	assert.ErrorIs(t, err, relaciona.ErrConflict, "a ticket is filed once")

	// Extension: the citizen is told by a public reply on the ticket.
	_, err = f.s.Extend(f.ctx, clerk, p.ID, ExtendInput{NewDue: d("2026-04-10"), Reason: "Verificación en campo"}, at("2026-03-20"))
	require.NoError(t, err)
	require.Len(t, rec.replies[ticket.ID], 1)
	assert.Contains(t, rec.replies[ticket.ID][0], "Verificación en campo")
	ns, err := f.s.Notices(f.ctx, p.ID)
	require.NoError(t, err)
	require.Len(t, ns, 1)
	assert.Equal(t, NoticeSent, ns[0].Status)

	// The answer is replied and the ticket resolved, then closed.
	_, err = f.s.Answer(f.ctx, clerk, p.ID, "Adjuntamos el certificado", at("2026-03-25"))
	require.NoError(t, err)
	assert.Len(t, rec.replies[ticket.ID], 2)
	got, err := tk.Get(f.ctx, ticket.ID)
	require.NoError(t, err)
	assert.Equal(t, relaciona.StatusResolved, got.Status)
	_, err = f.s.Close(f.ctx, clerk, p.ID, at("2026-03-26"))
	require.NoError(t, err)
	got, err = tk.Get(f.ctx, ticket.ID)
	require.NoError(t, err)
	assert.Equal(t, relaciona.StatusClosed, got.Status)
}

func TestTicketCreatedAfterTheCallIsAFilingInTheFuture(t *testing.T) {
	now := at("2026-03-20")
	f, _, tk := withDesk(t, &now)
	ticket, err := tk.Create(f.ctx, relaciona.NewTicket{Queue: "pqrsd", Subject: "x", Body: "y"})
	require.NoError(t, err)
	_, err = f.s.FileFromTicket(f.ctx, clerk, ticket.ID, at("2026-03-19"))
	require.Error(t, err)
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "future")
}

func TestUnknownTypeInTicketIsRefused(t *testing.T) {
	now := at("2026-03-13")
	f, _, tk := withDesk(t, &now)
	ticket, err := tk.Create(f.ctx, relaciona.NewTicket{Queue: "pqrsd", Subject: "x", Fields: map[string]string{"pqrsd_type": "tutela"}})
	require.NoError(t, err)
	_, err = f.s.FileFromTicket(f.ctx, clerk, ticket.ID, at("2026-03-16"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "tutela")
}

func TestFileNewTicketsFilesEachTicketOfTheQueueOnce(t *testing.T) {
	now := at("2026-03-13")
	f, _, tk := withDesk(t, &now)
	for i, q := range []string{"pqrsd", "general", "pqrsd"} {
		_, err := tk.Create(f.ctx, relaciona.NewTicket{Queue: q, Subject: "asunto", Fields: map[string]string{"pqrsd_type": []string{"queja", "peticion", "reclamo"}[i]}})
		require.NoError(t, err)
	}
	res, err := f.s.FileNewTickets(f.ctx, job, time.Time{}, at("2026-03-16"))
	require.NoError(t, err)
	assert.Equal(t, 2, res.Filed, "only the PQRSD queue")
	res, err = f.s.FileNewTickets(f.ctx, job, time.Time{}, at("2026-03-16"))
	require.NoError(t, err)
	assert.Zero(t, res.Filed, "already filed")
}

func TestUndeliveredNoticeStaysPendingAndRunRetriesIt(t *testing.T) {
	now := at("2026-03-13")
	f, rec, tk := withDesk(t, &now)
	ticket, p := fileTicket(t, f, tk, relaciona.NewTicket{Queue: "pqrsd", Subject: "x", Body: "y"}, at("2026-03-16"))
	rec.down = true
	_, err := f.s.Extend(f.ctx, clerk, p.ID, ExtendInput{NewDue: d("2026-04-20"), Reason: "Carga de trabajo"}, at("2026-03-20"))
	require.NoError(t, err, "the extension is recorded even when the ticket system is down")
	ns, err := f.s.Notices(f.ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, NoticePending, ns[0].Status)
	assert.Equal(t, "unavailable", ns[0].LastError)

	sum, err := f.s.Run(f.ctx, job, d("2026-03-20"))
	require.NoError(t, err)
	assert.Equal(t, 1, sum.NoticesPending)
	rec.down = false
	sum, err = f.s.Run(f.ctx, job, d("2026-03-21"))
	require.NoError(t, err)
	assert.Equal(t, 1, sum.NoticesSent)
	assert.Len(t, rec.replies[ticket.ID], 1)
	ns, err = f.s.Notices(f.ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, NoticeSent, ns[0].Status)
}

func relacionaTicket(subject string) relaciona.NewTicket {
	return relaciona.NewTicket{Queue: "pqrsd", Subject: subject, Body: subject, Requester: "carmen@example.co"}
}
