package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/citizen"
)

// citizenWithSubject writes a copy of the example citizen file whose
// Spanish subject of citizen.pqrsd.extension is subject, and a deployment
// running it with a webhook channel to url; it returns the deployment's
// and the process file's paths.
func citizenWithSubject(t *testing.T, url, subject string) (string, string) {
	t.Helper()
	t.Setenv("RELACIONA_TEST_HOOK_KEY", "una-clave-de-firma-de-prueba")
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", "citizen", "citizen.yaml"))
	require.NoError(t, err)
	const orig = `subject: "Su {{.type}} {{.pqrsd}}: nueva fecha de respuesta"`
	require.Contains(t, string(b), orig)
	file := filepath.Join(dir, "citizen.yaml")
	require.NoError(t, os.WriteFile(file, []byte(strings.Replace(string(b), orig, "subject: "+strconvQuote(subject), 1)), 0o644))
	y := "kind: deployment\nversion: 1\nname: Alcaldía de Prueba\ncountry: CO\nstore: sqlite://agency.db\n" +
		"tickets:\n  url: desk://?queues=general,pqrsd,reclamos\nprocesses:\n  citizen: " + file + "\n" +
		"notifications:\n  channels:\n    webhook:\n      url: " + url + "\n      secret_env: RELACIONA_TEST_HOOK_KEY\n"
	path := filepath.Join(dir, "deployment.yaml")
	require.NoError(t, os.WriteFile(path, []byte(y), 0o644))
	return path, file
}

func strconvQuote(s string) string { b, _ := json.Marshal(s); return string(b) }

// The citizen file's override of a kind's Spanish subject is the subject
// the dispatcher sends (the process offers its Templates to notify).
func TestNotifySendsTheProcessFilesTemplate(t *testing.T) {
	var mu sync.Mutex
	var subjects []string
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m struct {
			Subject string `json:"subject"`
		}
		_ = json.Unmarshal(b, &m)
		mu.Lock()
		subjects = append(subjects, m.Subject)
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer hook.Close()
	path, _ := citizenWithSubject(t, hook.URL, "Prórroga propia de la alcaldía: {{.pqrsd}}")

	notifyIn(t, path, time.Now().Add(-time.Hour),
		relaciona.Notification{Kind: citizen.NotifyExtension, Process: citizen.Kind, About: relaciona.Ref{Kind: "citizen.pqrsd", ID: "PQRSD-2026-000001"},
			Due: "2026-12-04", To: relaciona.Recipient{Email: "marta@correo.co"}, Channel: relaciona.ChannelWebhook, Lang: relaciona.Spanish,
			Fields: map[string]string{"pqrsd": "PQRSD-2026-000001", "type": "petición", "channel": "web", "filed": "2026-11-20",
				"entity": "Alcaldía de Prueba", "previous_due": "2026-12-04", "new_due": "2026-12-18", "reason": "consulta a otra dependencia"}})

	code, out, errOut := runCLI(t, "notify", "--config", path)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "avisos: 1 enviados", errOut)
	mu.Lock()
	defer mu.Unlock()
	assert.Equal(t, []string{"Prórroga propia de la alcaldía: PQRSD-2026-000001"}, subjects)
}

// A template naming a field its kind does not have is refused by
// relaciona validate, at the file and line of the template.
func TestValidateRefusesABadTemplateAtFileLine(t *testing.T) {
	path, file := citizenWithSubject(t, "http://127.0.0.1:1", "Prórroga {{.no_such_field}}")
	b, err := os.ReadFile(file)
	require.NoError(t, err)
	line := 0
	for i, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, "no_such_field") {
			line = i + 1
		}
	}
	require.NotZero(t, line)
	code, _, errOut := runCLI(t, "validate", path, file)
	assert.NotEqual(t, 0, code)
	assert.Contains(t, errOut, file+":"+itoa(line), errOut)
	assert.Contains(t, errOut, "no_such_field")
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// Each of the four processes, as the deployment opens it, offers its
// file's templates to the dispatcher (the example files override some).
func TestEveryProcessOffersItsTemplates(t *testing.T) {
	kinds := []string{"stakeholder", "alliance", "satisfaction", "citizen"}
	path := runDeployment(t, kinds...)
	withDeployment(t, path, func(ctx context.Context, d *deployed) {
		jobs, err := openJobs(d, relaciona.Spanish)
		require.NoError(t, err)
		require.Len(t, jobs, len(kinds))
		for _, j := range jobs {
			_, ok := j.Instance.(templater)
			assert.True(t, ok, "%s offers Templates", j.kind)
		}
	})
}
