package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/ticketsync"
)

// syncDeployment writes a deployment on the built-in desk with n tickets.
func syncDeployment(t *testing.T, n int) (string, string) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "deployment.yaml")
	require.NoError(t, os.WriteFile(cfg, []byte("kind: deployment\nversion: 1\nname: Alcaldía de Prueba\ncountry: CO\nstore: sqlite://agency.db\n"), 0o644))
	ctx := context.Background()
	st, err := relaciona.OpenStore(ctx, "sqlite://"+filepath.Join(dir, "agency.db"))
	require.NoError(t, err)
	defer st.Close()
	d, err := desk.New(st.Driver(), desk.Options{})
	require.NoError(t, err)
	in := make([]driver.Ticket, n)
	base := time.Now().Add(-time.Duration(n) * time.Second)
	for i := range in {
		in[i] = driver.Ticket{Subject: fmt.Sprintf("t%d", i), Created: base, Updated: base.Add(time.Duration(i) * time.Second)}
	}
	_, err = d.Import(ctx, in)
	require.NoError(t, err)
	return cfg, filepath.Join(dir, "agency.db")
}

func TestSyncCommand(t *testing.T) {
	cfg, db := syncDeployment(t, 2500)
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"sync", "--config", cfg, "--batch", "500"}, &out, &errb)
	require.Equal(t, 0, code, errb.String())
	assert.Contains(t, out.String(), "desk: 2500 tickets leídos, 2500 escritos")
	assert.Contains(t, out.String(), "punto de control")
	// Not a terminal: plain lines, no carriage returns.
	assert.NotContains(t, errb.String(), "\r")

	out.Reset()
	code = run(context.Background(), []string{"--lang", "en", "sync", "--config", cfg}, &out, &errb)
	require.Equal(t, 0, code, errb.String())
	assert.Contains(t, out.String(), "0 written", "a re-run writes nothing")

	st, err := relaciona.OpenStore(context.Background(), "sqlite://"+db)
	require.NoError(t, err)
	defer st.Close()
	n, err := st.Count(context.Background(), ticketsync.KindTicket, relaciona.Filter{})
	require.NoError(t, err)
	assert.Equal(t, int64(2500), n)
}

func TestSyncCommandUsage(t *testing.T) {
	for _, args := range [][]string{{"sync"}, {"sync", "--config", "x.yaml", "extra"}, {"sync", "--config", "x.yaml", "--batch", "0"}} {
		var out, errb bytes.Buffer
		assert.Equal(t, 2, run(context.Background(), args, &out, &errb), "%v", args)
	}
	var out, errb bytes.Buffer
	assert.Equal(t, 1, run(context.Background(), []string{"sync", "--config", filepath.Join(t.TempDir(), "missing.yaml")}, &out, &errb))
	assert.NotEmpty(t, errb.String())
}

func TestSyncProgressLines(t *testing.T) {
	var b bytes.Buffer
	p := newSyncProgress(&b, relaciona.English)
	p.every = 0
	p.update(ticketsync.Progress{Seen: 10, Written: 7, Rate: 1234, ETA: 3 * time.Second})
	p.update(ticketsync.Progress{Seen: 20, Written: 9, Rate: 10, ETA: -1})
	p.update(ticketsync.Progress{Seen: 20, Done: true})
	p.finish()
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Len(t, lines, 2)
	assert.Equal(t, "sync: 10 tickets read, 7 written, 1234 tickets/s, ETA 3s", lines[0])
	assert.Equal(t, "sync: 20 tickets read, 9 written, 10 tickets/s, ETA unknown", lines[1])
	// On a terminal the line is rewritten in place.
	b.Reset()
	p = &syncProgress{w: &b, lang: relaciona.Spanish, tty: true}
	p.update(ticketsync.Progress{Seen: 1, ETA: time.Second})
	p.finish()
	assert.True(t, strings.HasPrefix(b.String(), "\r\033[K"))
}

func TestSourceName(t *testing.T) {
	for in, want := range map[string]string{
		"desk://":                            "desk",
		"rt://127.0.0.1:8380/?queue=General": "rt",
		"plugin:///opt/bin/relaciona-tickets-redmine?x": "redmine",
		"plugin:///opt/bin/my tickets":                  "my-tickets",
	} {
		assert.Equal(t, want, sourceName(in), in)
	}
}
