package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunWithAHungPluginFailsWithinItsDeadline: a store plugin that never
// answers a read makes `relaciona run` fail within the plugin's
// call_timeout, naming the plugin, instead of blocking for ever.
func TestRunWithAHungPluginFailsWithinItsDeadline(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "relaciona-store-stall")
	out, err := exec.Command("go", "build", "-o", bin, "../../plugins/internal/testplugins/stall").CombinedOutput()
	require.NoError(t, err, "%s", out)
	path := runDeployment(t, "stakeholder")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, []byte(replaceStore(string(b), "plugin://"+bin+"?call_timeout=1s")), 0o644))

	start := time.Now()
	code, _, errOut := runCLIWithin(t, 60*time.Second, "run", "--config", path, "--at", "2026-03-02")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, bin, "the error names the plugin")
	assert.Contains(t, errOut, "within 1s (call_timeout)")
	assert.Less(t, time.Since(start), 30*time.Second)
}

func replaceStore(deployment, url string) string {
	return strings.Replace(deployment, "store: sqlite://agency.db", "store: "+url, 1)
}
