package rt_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/rt"
)

// realRT opens the adapter on the server named by RT_URL and RT_TOKEN
// (../shared/scripts/start-rt.sh prints them), or skips naming them.
func realRT(t testing.TB) (*rt.Adapter, string) {
	if testing.Short() {
		t.Skip("the real-server suite runs in the full pass, without -short (CI runs it there)")
	}
	u, token := os.Getenv("RT_URL"), os.Getenv("RT_TOKEN")
	if u == "" || token == "" {
		t.Skip("RT_URL and RT_TOKEN are not set: start RT with ../shared/scripts/start-rt.sh")
	}
	a, err := rt.New(context.Background(), rt.Options{BaseURL: strings.TrimSuffix(u, "/") + "/REST/2.0", Queues: []string{"General"},
		Token: func() (string, error) { return token, nil }})
	require.NoError(t, err)
	t.Cleanup(func() { a.Close() })
	return a, token
}

func harness(a driver.Tickets) conformance.TicketsHarness {
	return conformance.TicketsHarness{
		Tickets:      a,
		Queue:        "General",
		Statuses:     []string{"new", "open", "resolved"},
		Field:        "external_ref",
		StrictFields: true,
		Assignee:     "root",
		Requester:    "ciudadano@example.org",
		Resolution:   time.Second,
		Concurrency:  3,
	}
}

func TestConformanceRealServer(t *testing.T) {
	a, _ := realRT(t)
	conformance.RunTickets(t, harness(a))
}

func TestOpenByURLRealServer(t *testing.T) {
	a, token := realRT(t)
	_ = a
	open, ok := driver.LookupTickets("rt")
	require.True(t, ok)
	host := strings.TrimPrefix(strings.TrimPrefix(os.Getenv("RT_URL"), "http://"), "https://")
	d, err := open(context.Background(), "rt://"+host+"/?queue=General", driver.TicketsEnv{Secret: func() (string, error) { return token, nil }})
	require.NoError(t, err)
	defer d.Close()
	ss, err := d.Statuses(context.Background())
	require.NoError(t, err)
	assert.Contains(t, ss, "open")

	_, err = open(context.Background(), "rt://"+host+"/?queue=NoSuchQueue", driver.TicketsEnv{Secret: func() (string, error) { return token, nil }})
	assert.ErrorIs(t, err, driver.ErrInvalid, "an unknown queue")

	bad := "1-1-0123456789abcdef0123456789abcdef"
	_, err = open(context.Background(), "rt://"+host+"/?queue=General", driver.TicketsEnv{Secret: func() (string, error) { return bad, nil }})
	require.ErrorIs(t, err, driver.ErrAuth, "a token RT refuses")
	assert.NotContains(t, err.Error(), bad)
}

func TestCorrespondOpensANewTicketRealServer(t *testing.T) {
	a, _ := realRT(t)
	ctx := context.Background()
	tk, err := a.Create(ctx, driver.NewTicket{Subject: "correspond opens"})
	require.NoError(t, err)
	require.Equal(t, "new", tk.Status)
	require.NoError(t, a.Comment(ctx, tk.ID, driver.Comment{Body: "nota"}))
	g, err := a.Get(ctx, tk.ID)
	require.NoError(t, err)
	assert.Equal(t, "new", g.Status, "an internal comment leaves it new")
	require.NoError(t, a.Comment(ctx, tk.ID, driver.Comment{Public: true, Body: "respuesta"}))
	g, err = a.Get(ctx, tk.ID)
	require.NoError(t, err)
	assert.Equal(t, "open", g.Status, "RT's correspond moves new to open")
}

// BenchmarkChangesRealServer measures listing tickets from the real RT.
func BenchmarkChangesRealServer(b *testing.B) {
	a, _ := realRT(b)
	ctx := context.Background()
	since := time.Now().Add(-24 * time.Hour)
	total := 0
	for range b.N {
		require.NoError(b, a.Changes(ctx, since, func(driver.Ticket) error { total++; return nil }))
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "tickets/s")
}

// BenchmarkCreateRealServer measures creating tickets on the real RT.
func BenchmarkCreateRealServer(b *testing.B) {
	a, _ := realRT(b)
	ctx := context.Background()
	for range b.N {
		_, err := a.Create(ctx, driver.NewTicket{Subject: "bench", Body: "cuerpo"})
		require.NoError(b, err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tickets/s")
}
