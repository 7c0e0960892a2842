package desk_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
	"github.com/relaciona/relaciona/plugins/sqlite"
)

func openStore(t testing.TB, file bool) driver.Store {
	path := ":memory:"
	if file {
		path = filepath.Join(t.TempDir(), "desk.db")
	}
	s, err := sqlite.Open(context.Background(), path)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) {
	for _, file := range []bool{false, true} {
		t.Run(fmt.Sprintf("file=%v", file), func(t *testing.T) {
			d, err := desk.New(openStore(t, file), plugintest.DeskOptions())
			require.NoError(t, err)
			conformance.RunTickets(t, plugintest.DeskHarness(d))
		})
	}
}

func TestConformanceOpenFields(t *testing.T) {
	// A desk with no declared fields or agents takes any.
	d, err := desk.New(openStore(t, false), desk.Options{Queues: []string{"pqrsd"}})
	require.NoError(t, err)
	h := plugintest.DeskHarness(d)
	h.StrictFields, h.Assignee = false, ""
	conformance.RunTickets(t, h)
}

func TestParseURL(t *testing.T) {
	for _, c := range []struct {
		url  string
		want desk.Options
		err  bool
	}{
		{url: "desk://", want: desk.Options{}},
		{url: "desk:///?queues=a,b&fields=x&agents=u,%20v&actor=bot", want: desk.Options{Queues: []string{"a", "b"}, Fields: []string{"x"}, Agents: []string{"u", "v"}, Actor: "bot"}},
		{url: "desk://?queues=a&queues=b", want: desk.Options{Queues: []string{"a", "b"}}},
		{url: "desk://host/", err: true},
		{url: "desk://?bogus=1", err: true},
		{url: "redmine://x", err: true},
		{url: "desk://?%zz", err: true},
	} {
		t.Run(c.url, func(t *testing.T) {
			o, err := desk.ParseURL(c.url)
			if c.err {
				assert.ErrorIs(t, err, driver.ErrInvalid)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.want, o)
		})
	}
}

func TestOpenByURLNeedsStore(t *testing.T) {
	open, ok := driver.LookupTickets("desk")
	require.True(t, ok, "desk registers desk://")
	_, err := open(context.Background(), "desk://", driver.TicketsEnv{})
	assert.ErrorIs(t, err, driver.ErrInvalid)
	d, err := open(context.Background(), "desk://?queues=q", driver.TicketsEnv{Store: openStore(t, false)})
	require.NoError(t, err)
	tk, err := d.Create(context.Background(), driver.NewTicket{Subject: "hola"})
	require.NoError(t, err)
	assert.Equal(t, "q", tk.Queue, "the first queue is the default")
	assert.Equal(t, "1", tk.ID)
}

func TestPublicReplyOpensAndCommentsAreKept(t *testing.T) {
	ctx := context.Background()
	d, err := desk.New(openStore(t, false), desk.Options{})
	require.NoError(t, err)
	tk, err := d.Create(ctx, driver.NewTicket{Subject: "s"})
	require.NoError(t, err)
	require.NoError(t, d.Comment(ctx, tk.ID, driver.Comment{Body: "nota"}))
	g, _ := d.Get(ctx, tk.ID)
	assert.Equal(t, "new", g.Status, "an internal note leaves a new ticket new")
	require.NoError(t, d.Comment(ctx, tk.ID, driver.Comment{Public: true, Body: "respuesta"}))
	g, _ = d.Get(ctx, tk.ID)
	assert.Equal(t, "open", g.Status, "a public reply opens a new ticket")
	var got []driver.Comment
	require.NoError(t, d.Comments(ctx, tk.ID, func(c driver.Comment, _ time.Time) error { got = append(got, c); return nil }))
	assert.Equal(t, []driver.Comment{{Body: "nota"}, {Public: true, Body: "respuesta"}}, got)
}

func TestUpdateThatChangesNothingWritesNothing(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, false)
	d, err := desk.New(s, desk.Options{})
	require.NoError(t, err)
	tk, err := d.Create(ctx, driver.NewTicket{Subject: "s", Priority: 10})
	require.NoError(t, err)
	before := auditLen(t, s)
	p, st := 10, "new"
	u, err := d.Update(ctx, tk.ID, driver.TicketUpdate{Priority: &p, Status: &st, Fields: map[string]string{"x": ""}})
	require.NoError(t, err)
	assert.True(t, tk.Updated.Equal(u.Updated))
	assert.Equal(t, before, auditLen(t, s), "no new audit entry")
}

func auditLen(t *testing.T, s driver.Store) int {
	n := 0
	require.NoError(t, s.ScanAudit(context.Background(), 1, func(driver.AuditEntry) error { n++; return nil }))
	return n
}

func TestImportKeepsTimesAndNumbers(t *testing.T) {
	ctx := context.Background()
	d, err := desk.New(openStore(t, false), desk.Options{})
	require.NoError(t, err)
	first, err := d.Create(ctx, driver.NewTicket{Subject: "antes"})
	require.NoError(t, err)
	base := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	in := make([]driver.Ticket, 2500)
	for i := range in {
		in[i] = driver.Ticket{Subject: fmt.Sprintf("t%d", i), Created: base, Updated: base.Add(time.Duration(i) * time.Minute), Status: "resolved"}
	}
	out, err := d.Import(ctx, in)
	require.NoError(t, err)
	require.Len(t, out, 2500)
	assert.Equal(t, "2", out[0].ID, "numbers continue after existing tickets")
	assert.Equal(t, "2501", out[2499].ID)
	g, err := d.Get(ctx, "2501")
	require.NoError(t, err)
	assert.True(t, g.Updated.Equal(base.Add(2499*time.Minute)), "historical Updated kept")
	n := 0
	require.NoError(t, d.Changes(ctx, base, func(driver.Ticket) error { n++; return nil }))
	assert.Equal(t, 2501, n, "Changes sees the imported tickets and the first one")
	_ = first
	_, err = d.Import(ctx, []driver.Ticket{{Subject: "x", Created: base, Updated: base.Add(-time.Hour)}})
	assert.ErrorIs(t, err, driver.ErrInvalid, "updated before created")
	_, err = d.Import(ctx, []driver.Ticket{{Subject: ""}})
	assert.ErrorIs(t, err, driver.ErrInvalid)
}

func BenchmarkChanges(b *testing.B) {
	ctx := context.Background()
	d, err := desk.New(openStore(b, true), desk.Options{})
	require.NoError(b, err)
	in := make([]driver.Ticket, 10000)
	for i := range in {
		in[i] = driver.Ticket{Subject: fmt.Sprintf("ticket %d", i), Body: "cuerpo de la solicitud", Fields: map[string]string{"canal": "web"}}
	}
	_, err = d.Import(ctx, in)
	require.NoError(b, err)
	b.ResetTimer()
	for range b.N {
		n := 0
		require.NoError(b, d.Changes(ctx, time.Time{}, func(driver.Ticket) error { n++; return nil }))
		require.Equal(b, 10000, n)
	}
	b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "tickets/s")
}

func BenchmarkImport(b *testing.B) {
	ctx := context.Background()
	for range b.N {
		b.StopTimer()
		d, err := desk.New(openStore(b, true), desk.Options{})
		require.NoError(b, err)
		in := make([]driver.Ticket, 10000)
		for i := range in {
			in[i] = driver.Ticket{Subject: fmt.Sprintf("ticket %d", i), Body: "cuerpo"}
		}
		b.StartTimer()
		_, err = d.Import(ctx, in)
		require.NoError(b, err)
	}
	b.ReportMetric(float64(10000*b.N)/b.Elapsed().Seconds(), "tickets/s")
}
