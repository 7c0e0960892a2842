package open311_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/citizen"
	"github.com/relaciona/relaciona/citizen/open311"
)

func idList(n int) string {
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("PQRSD-2026-%06d", i+1)
	}
	return strings.Join(ids, ",")
}

func TestGetServiceRequestsCapsTheIdsPerRequest(t *testing.T) {
	e := newEnv(t, true)
	e.fileDaily(t, 3)
	tests := []struct {
		name  string
		ids   string
		code  int
		count int
	}{
		{"at the cap", idList(open311.DefaultMaxIDs), http.StatusOK, 3},
		{"one over the cap", idList(open311.DefaultMaxIDs + 1), http.StatusBadRequest, 0},
		{"50,000 ids", idList(50_000), http.StatusBadRequest, 0},
		{"one id repeated counts once", strings.Repeat("PQRSD-2026-000002,", 500), http.StatusOK, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := e.get("/requests.json?service_request_id=" + tc.ids)
			if tc.code != http.StatusOK {
				expectError(t, rec, tc.code, fmt.Sprintf("at most %d ids per request", open311.DefaultMaxIDs))
				return
			}
			require.Equal(t, tc.code, rec.Code, rec.Body.String())
			assert.Len(t, decode[[]map[string]any](t, rec), tc.count)
		})
	}
}

func TestGetServiceRequestsCapsTheAnswerSize(t *testing.T) {
	e := newEnv(t, true)
	h, err := open311.New(e.svc, open311.Options{Actor: relaciona.Actor{ID: "open311", Roles: []string{citizen.RoleSystem}},
		Keys: []string{"clave-secreta"}, Now: func() time.Time { return e.now }, PublishDetails: true, Lang: relaciona.English,
		MaxResponseBytes: 3000})
	require.NoError(t, err)
	e.h = h
	for i := range 4 {
		e.now = time.Date(2026, 3, 2+i, 9, 0, 0, 0, bogota)
		f := validForm()
		f.Set("description", strings.Repeat("Poste sin luz frente a la escuela. ", 20))
		require.Equal(t, http.StatusCreated, e.post(f).Code)
	}
	expectError(t, e.get("/requests.json?service_request_id="+idList(4)), http.StatusBadRequest, "limit of 3000 bytes per request: ask for fewer results with service_request_id")
	expectError(t, e.get("/requests.json"), http.StatusBadRequest, "limit of 3000 bytes per request: ask for fewer results with page_size")

	rec := e.get("/requests.json?page_size=1")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.LessOrEqual(t, rec.Body.Len(), 3000)
	assert.Len(t, decode[[]map[string]any](t, rec), 1)
	assert.Contains(t, rec.Header().Get("Link"), `rel="next"`)
	rec = e.get("/requests.json?service_request_id=PQRSD-2026-000001")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.LessOrEqual(t, rec.Body.Len(), 3000)
}
