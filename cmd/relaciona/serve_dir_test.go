package main

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// With a directory, serve files the Open311 PQRSD as the person open311,
// whom the directory must let file in the citizen process: otherwise serve
// refuses to start, naming the id and the roles.
func TestServeChecksTheIntakeInTheDirectory(t *testing.T) {
	for _, tc := range []struct {
		name, people string
		starts       bool
	}{
		{"not listed", "    - {id: ana, name: Ana, roles: [{process: citizen, name: citizen_service}]}\n", false},
		{"listed without the role", "    - {id: open311, name: Open311, roles: [{process: citizen, name: relationship_lead}]}\n", false},
		{"listed with the role of another process", "    - {id: open311, name: Open311, roles: [{process: stakeholder, name: system}]}\n", false},
		{"listed with the system role", "    - {id: open311, name: Open311, roles: [{process: citizen, name: system}]}\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := serveDeployment(t, "directory:\n  people:\n"+tc.people)
			if !tc.starts {
				code, _, errOut := runCLIWithin(t, 20*time.Second, "serve", "--config", path)
				assert.NotEqual(t, 0, code)
				assert.Contains(t, errOut, `"open311"`)
				assert.Contains(t, errOut, `"system"`)
				assert.Contains(t, errOut, "directorio")
				return
			}
			s := startServe(t, path)
			res, err := http.PostForm(s.base+"/open311/v2/requests.json", open311Form(testAPIKey))
			require.NoError(t, err)
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			assert.Equal(t, http.StatusCreated, res.StatusCode, string(b))
		})
	}
}
