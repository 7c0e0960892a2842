package redmine_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
	"github.com/relaciona/relaciona/plugins/redmine"
)

const secret = "00112233445566778899aabbccddeeff00112233"

// fake answers the metadata New reads and hands the rest to h.
func fake(t *testing.T, h http.HandlerFunc) (*redmine.Adapter, *atomic.Int32) {
	meta := map[string]string{
		"/users/current.json":                 `{"user":{"id":1,"login":"admin"}}`,
		"/projects/pqrsd.json":                `{"project":{"id":4,"identifier":"pqrsd"}}`,
		"/issue_statuses.json":                `{"issue_statuses":[{"id":1,"name":"New"},{"id":5,"name":"Closed"}]}`,
		"/enumerations/issue_priorities.json": `{"issue_priorities":[{"id":1,"name":"Low"},{"id":2,"name":"Normal"},{"id":3,"name":"High"}]}`,
		"/custom_fields.json":                 `{"custom_fields":[{"id":1,"name":"external_ref","customized_type":"issue","field_format":"string"},{"id":2,"name":"canal","customized_type":"issue","field_format":"list","possible_values":[{"value":"web"},{"value":"phone"}]}]}`,
		"/users.json":                         `{"users":[{"id":1,"login":"admin"},{"id":7,"login":"ana"}],"total_count":2}`,
	}
	u, calls := plugintest.FakeREST(t, "X-Redmine-API-Key", secret, "", meta, h)
	a, err := redmine.New(context.Background(), redmine.Options{BaseURL: u, Project: "pqrsd", Key: func() (string, error) { return secret, nil },
		HTTPClient: &http.Client{Timeout: 300 * time.Millisecond}})
	require.NoError(t, err)
	return a, calls
}

const issue = `{"issue":{"id":9,"project":{"id":4,"name":"PQRSD"},"status":{"id":1,"name":"New"},"priority":{"id":3,"name":"High"},
"author":{"id":1,"name":"Admin"},"assigned_to":{"id":7,"name":"Ana"},"subject":"s","description":"a\r\nb",
"custom_fields":[{"id":1,"name":"external_ref","value":"R-1"},{"id":2,"name":"canal","value":null}],
"created_on":"2026-01-02T03:04:05Z","updated_on":"2026-01-02T03:04:06Z"}}`

func TestDecodeIssue(t *testing.T) {
	a, _ := fake(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(issue)) })
	tk, err := a.Get(context.Background(), "9")
	require.NoError(t, err)
	assert.Equal(t, driver.Ticket{ID: "9", Queue: "pqrsd", Subject: "s", Body: "a\nb", Status: "New", Priority: 100, Assignee: "ana", Requester: "admin",
		Fields: map[string]string{"external_ref": "R-1"}, Created: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), Updated: time.Date(2026, 1, 2, 3, 4, 6, 0, time.UTC)}, tk)
	fs, err := a.Fields(context.Background())
	require.NoError(t, err)
	assert.Equal(t, []driver.FieldDef{{Name: "external_ref", Type: "string"}, {Name: "canal", Type: "enum", Values: []string{"web", "phone"}}}, fs)
}

func TestHTTPErrorsAreTyped(t *testing.T) {
	plugintest.CheckAnswers(t, fake, "9", secret, []plugintest.Answer{
		{Name: "401", Code: 401, Want: driver.ErrAuth, Calls: 1},
		{Name: "403", Code: 403, Want: driver.ErrAuth, Calls: 1},
		{Name: "404", Code: 404, Want: driver.ErrNotFound, Calls: 1},
		{Name: "422", Code: 422, Body: `{"errors":["Subject cannot be blank","Tracker cannot be blank"]}`, Want: driver.ErrInvalid, Calls: 1, Says: "Subject cannot be blank"},
		{Name: "500", Code: 500, Want: driver.ErrUnavailable, Calls: 4},
		{Name: "truncated", Code: 200, Body: `{"issue":{"id":9,`, Want: driver.ErrUnavailable, Calls: 4},
		{Name: "empty 200", Code: 200, Want: driver.ErrUnavailable, Calls: 4},
		{Name: "no issue", Code: 200, Body: `{}`, Want: driver.ErrUnavailable, Calls: 1},
		{Name: "string id ok but not a number", Code: 200, Body: `{"issue":{"id":"x","status":{"name":"New"}}}`, Want: driver.ErrUnavailable, Calls: 1},
	})
}

func TestWritesAreNotRetried(t *testing.T) {
	a, calls := fake(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(503) })
	plugintest.CheckWritesNotRetried(t, a, calls, "9", driver.Comment{Body: "nota"})
}

func TestChangesPagesThroughASecondWithManyIssues(t *testing.T) {
	// 250 issues share one second: the listing pages with offsets within
	// that second and gives each once.
	a, _ := fake(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		require.Equal(t, "*", q.Get("status_id"), "status_id=* or Redmine lists open issues only")
		off := 0
		if v := q.Get("offset"); v != "" {
			var err error
			off, err = strconv.Atoi(v)
			require.NoError(t, err)
		}
		var b strings.Builder
		b.WriteString(`{"issues":[`)
		n := 0
		for i := off; i < 250 && n < 100; i++ {
			if n > 0 {
				b.WriteString(",")
			}
			b.WriteString(`{"id":` + strconv.Itoa(i+1) + `,"status":{"id":1,"name":"New"},"subject":"s","created_on":"2026-01-02T03:04:05Z","updated_on":"2026-01-02T03:04:05Z"}`)
			n++
		}
		b.WriteString(`],"total_count":250}`)
		w.Write([]byte(b.String()))
	})
	seen := map[string]int{}
	require.NoError(t, a.Changes(context.Background(), time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), func(tk driver.Ticket) error {
		seen[tk.ID]++
		return nil
	}))
	assert.Len(t, seen, 250)
	for id, n := range seen {
		assert.Equal(t, 1, n, "issue %s once", id)
	}
}

func TestSecretNeverInErrors(t *testing.T) {
	a, _ := fake(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(422)
		w.Write([]byte(`{"errors":["key ` + r.Header.Get("X-Redmine-API-Key") + ` is odd"]}`))
	})
	_, err := a.Get(context.Background(), "9")
	require.ErrorIs(t, err, driver.ErrInvalid)
	assert.NotContains(t, err.Error(), secret)
}

func TestParseURL(t *testing.T) {
	o, err := redmine.ParseURL("redmine://127.0.0.1:3300/?project=pqrsd&requester_field=correo")
	require.NoError(t, err)
	assert.Equal(t, redmine.Options{BaseURL: "http://127.0.0.1:3300", Project: "pqrsd", RequesterField: "correo"}, o)
	o, err = redmine.ParseURL("redmine://r.example.org/redmine?project=x&tls=1")
	require.NoError(t, err)
	assert.Equal(t, "https://r.example.org/redmine", o.BaseURL)
	for _, bad := range []string{"redmine://host/", "redmine://host/?project=x&key=y", "redmine://u:p@host/?project=x", "redmine:///?project=x", "redmine://h/?project=x&retries=99"} {
		_, err := redmine.ParseURL(bad)
		assert.ErrorIs(t, err, driver.ErrInvalid, bad)
	}
}
