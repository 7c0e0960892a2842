package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidateAcceptsEveryProcessExample(t *testing.T) {
	var files []string
	for _, k := range []string{"stakeholder", "alliance", "satisfaction", "citizen"} {
		files = append(files, filepath.Join("..", "..", "examples", k, k+".yaml"))
	}
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"validate"}, files...), &out, &errb)
	assert.Equal(t, 0, code, "stderr: %s", errb.String())
	assert.Equal(t, len(files), strings.Count(out.String(), "ok "))
}

func TestValidateRunsTheProcessChecks(t *testing.T) {
	src, err := os.ReadFile("../../examples/alliance/alliance.yaml")
	require.NoError(t, err)
	// Point the first alliance at an objective the file does not declare: the
	// schema cannot see it, the alliance package can.
	lines := strings.Split(string(src), "\n")
	line := -1
	for i, l := range lines {
		if strings.Contains(l, "objectives: [") {
			lines[i] = strings.Replace(l, "objectives: [", "objectives: [inventado, ", 1)
			line = i + 1
			break
		}
	}
	require.NotEqual(t, -1, line, "the example lists an alliance's objectives in flow style")
	bad := filepath.Join(t.TempDir(), "alliance.yaml")
	require.NoError(t, os.WriteFile(bad, []byte(strings.Join(lines, "\n")), 0o644))
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"validate", bad}, &out, &errb)
	assert.Equal(t, 1, code)
	assert.Contains(t, errb.String(), fmt.Sprintf("%s:%d:", bad, line))
	assert.Contains(t, errb.String(), "inventado")
}
