package redmine_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/redmine"
)

const testProject = "relaciona-conf"

// call is a raw API call for test set-up.
func call(t testing.TB, method, base, key, path string, body any) int {
	var rd *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, base+path, rd)
	require.NoError(t, err)
	req.Header.Set("X-Redmine-API-Key", key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	return resp.StatusCode
}

// realRedmine opens the adapter on the server named by REDMINE_URL and
// REDMINE_API_KEY (../shared/scripts/start-redmine.sh prints them), making
// the test project and the admin's membership when missing; without them
// it skips, naming them.
func realRedmine(t testing.TB) (*redmine.Adapter, string, string) {
	if testing.Short() {
		t.Skip("the real-server suite runs in the full pass, without -short (CI runs it there)")
	}
	base, key := strings.TrimSuffix(os.Getenv("REDMINE_URL"), "/"), os.Getenv("REDMINE_API_KEY")
	if base == "" || key == "" {
		t.Skip("REDMINE_URL and REDMINE_API_KEY are not set: start Redmine with ../shared/scripts/start-redmine.sh")
	}
	if call(t, "GET", base, key, "/projects/"+testProject+".json", nil) == 404 {
		code := call(t, "POST", base, key, "/projects.json", map[string]any{"project": map[string]any{
			"name": "relaciona conformance", "identifier": testProject, "is_public": true, "tracker_ids": []int{1, 2, 3}}})
		require.Equal(t, 201, code, "create the test project")
		code = call(t, "POST", base, key, "/projects/"+testProject+"/memberships.json", map[string]any{"membership": map[string]any{"user_id": 1, "role_ids": []int{3}}})
		require.Equal(t, 201, code, "make admin a member, so issues can be assigned to admin")
	}
	a, err := redmine.New(context.Background(), redmine.Options{BaseURL: base, Project: testProject, Key: func() (string, error) { return key, nil }})
	require.NoError(t, err)
	t.Cleanup(func() { a.Close() })
	return a, base, key
}

func TestConformanceRealServer(t *testing.T) {
	a, _, _ := realRedmine(t)
	conformance.RunTickets(t, conformance.TicketsHarness{
		Tickets:      a,
		Queue:        testProject,
		Statuses:     []string{"New", "In Progress", "Resolved"},
		Field:        "external_ref",
		StrictFields: true,
		Assignee:     "admin",
		Resolution:   time.Second,
		Concurrency:  4,
	})
}

func TestOpenByURLRealServer(t *testing.T) {
	_, base, key := realRedmine(t)
	open, ok := driver.LookupTickets("redmine")
	require.True(t, ok)
	host := strings.TrimPrefix(base, "http://")
	env := driver.TicketsEnv{Secret: func() (string, error) { return key, nil }}
	d, err := open(context.Background(), "redmine://"+host+"/?project="+testProject, env)
	require.NoError(t, err)
	defer d.Close()
	ss, err := d.Statuses(context.Background())
	require.NoError(t, err)
	assert.Contains(t, ss, "Closed")

	_, err = open(context.Background(), "redmine://"+host+"/?project=no-such-project", env)
	assert.ErrorIs(t, err, driver.ErrInvalid)

	bad := "fedcba9876543210fedcba9876543210fedcba98"
	_, err = open(context.Background(), "redmine://"+host+"/?project="+testProject, driver.TicketsEnv{Secret: func() (string, error) { return bad, nil }})
	require.ErrorIs(t, err, driver.ErrAuth, "a key Redmine refuses")
	assert.NotContains(t, err.Error(), bad)
}

func TestRequesterNeedsAFieldRealServer(t *testing.T) {
	a, _, _ := realRedmine(t)
	_, err := a.Create(context.Background(), driver.NewTicket{Subject: "x", Requester: "ana@example.org"})
	assert.ErrorIs(t, err, driver.ErrInvalid, "without requester_field a requester is refused, not dropped")
	tk, err := a.Create(context.Background(), driver.NewTicket{Subject: "x"})
	require.NoError(t, err)
	assert.Equal(t, "admin", tk.Requester, "the author is the requester")
}

// BenchmarkChangesRealServer measures listing issues from the real Redmine.
func BenchmarkChangesRealServer(b *testing.B) {
	a, _, _ := realRedmine(b)
	ctx := context.Background()
	total := 0
	for range b.N {
		require.NoError(b, a.Changes(ctx, time.Time{}, func(driver.Ticket) error { total++; return nil }))
	}
	b.ReportMetric(float64(total)/b.Elapsed().Seconds(), "tickets/s")
}

// BenchmarkCreateRealServer measures creating issues on the real Redmine.
func BenchmarkCreateRealServer(b *testing.B) {
	a, _, _ := realRedmine(b)
	ctx := context.Background()
	for range b.N {
		_, err := a.Create(ctx, driver.NewTicket{Subject: "bench", Body: "cuerpo"})
		require.NoError(b, err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tickets/s")
}
