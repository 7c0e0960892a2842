package open311_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/citizen"
)

// TestIncompleteAndWithdrawnRequests checks how Open311 shows the states
// of Ley 1755 de 2015 arts. 17 and 18: an incomplete request is still open
// (waiting for the citizen, the term suspended), in the list filtered by
// open too; a withdrawn one is closed with its note.
func TestIncompleteAndWithdrawnRequests(t *testing.T) {
	e := newEnv(t, false)
	require.Equal(t, http.StatusCreated, e.post(validForm()).Code)
	require.Equal(t, http.StatusCreated, e.post(validForm()).Code)
	clerk := relaciona.Actor{ID: "ana-atencion"} // citizen_service in the file's people
	ctx := context.Background()
	_, err := e.svc.RequestCompletion(ctx, clerk, "PQRSD-2026-000001", citizen.CompletionInput{What: "Foto del poste"}, e.now)
	require.NoError(t, err)
	_, err = e.svc.Withdraw(ctx, clerk, "PQRSD-2026-000002", "", e.now)
	require.NoError(t, err)

	r := decode[[]map[string]any](t, e.get("/requests/PQRSD-2026-000001.json"))[0]
	assert.Equal(t, "open", r["status"])
	assert.Contains(t, r["status_notes"], "suspended")
	w := decode[[]map[string]any](t, e.get("/requests/PQRSD-2026-000002.json"))[0]
	assert.Equal(t, "closed", w["status"])
	assert.Contains(t, w["status_notes"], "Withdrawn")

	open := decode[[]map[string]any](t, e.get("/requests.json?status=open"))
	require.Len(t, open, 1)
	assert.Equal(t, "PQRSD-2026-000001", open[0]["service_request_id"])
}
