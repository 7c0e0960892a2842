package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// coveredElsewhere are README commands that another test runs (with a
// temporary output folder), so this test does not run them twice.
var coveredElsewhere = map[string]string{
	"go run ./cmd/relaciona demo": "TestDemoWritesTheAgencyAndItsReport",
	"go test -timeout 30m ./...":  "the test run itself (.ci/run)",
}

// readmeCommands returns the lines of README.md's ```sh blocks.
func readmeCommands(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	defer f.Close()
	var cmds []string
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "```sh":
			in = true
		case strings.HasPrefix(line, "```"):
			in = false
		case in && line != "" && !strings.HasPrefix(line, "#"):
			cmds = append(cmds, line)
		}
	}
	require.NoError(t, sc.Err())
	return cmds
}

// TestReadmeCommands runs every command of README.md's sh blocks, so the
// README cannot go stale: `go run ./cmd/relaciona ARGS` through run() in a
// copy of examples/, `go build` for real. A command of another shape fails
// the test: give it a runner here or show it in a text block.
func TestReadmeCommands(t *testing.T) {
	cmds := readmeCommands(t)
	require.NotEmpty(t, cmds)
	root, err := filepath.Abs(filepath.Join("..", ".."))
	require.NoError(t, err)
	work := t.TempDir()
	require.NoError(t, os.CopyFS(filepath.Join(work, "examples"), os.DirFS(filepath.Join(root, "examples"))))
	t.Chdir(work)
	for _, c := range cmds {
		t.Run(c, func(t *testing.T) {
			if by, ok := coveredElsewhere[c]; ok {
				t.Logf("run by %s", by)
				return
			}
			fields := strings.Fields(c)
			switch {
			case strings.HasPrefix(c, "go run ./cmd/relaciona "):
				code, out, errOut := runCLI(t, fields[3:]...)
				assert.Equal(t, 0, code, "stdout: %s\nstderr: %s", out, errOut)
				assert.NotEmpty(t, out, "the command prints its result")
			case len(fields) == 5 && fields[0] == "go" && fields[1] == "build" && fields[2] == "-o":
				cmd := exec.Command("go", "build", "-o", filepath.Join(work, fields[3]), fields[4])
				cmd.Dir = root
				out, err := cmd.CombinedOutput()
				require.NoError(t, err, "%s", out)
			default:
				t.Fatalf("README command %q has no runner in this test", c)
			}
		})
	}
}
