package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The deployment's lang: is the language of its reports unless --lang (or
// RELACIONA_LANG) chooses another.
func TestDeploymentLangChoosesTheReportLanguage(t *testing.T) {
	t.Setenv("RELACIONA_LANG", "")
	path := runDeployment(t, "stakeholder")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, append(b, []byte("lang: en\n")...), 0o644))

	for _, tc := range []struct {
		name string
		args []string
		want string
		not  string
	}{
		{"the deployment's", nil, `lang="en"`, `lang="es"`},
		{"--lang wins", []string{"--lang", "es"}, `lang="es"`, `lang="en"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "r")
			args := append([]string{"report", "--config", path, "--process", "stakeholder", "--out", out, "--format", "html", "--period", "2026-03"}, tc.args...)
			code, _, stderr := runCLI(t, args...)
			require.Equal(t, 0, code, stderr)
			index, err := os.ReadFile(filepath.Join(out, "index.html"))
			require.NoError(t, err)
			assert.Contains(t, string(index), tc.want)
			assert.NotContains(t, string(index), tc.not)
		})
	}
}
