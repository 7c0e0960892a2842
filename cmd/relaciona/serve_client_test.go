package main

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The third-party Open311 client the end-to-end test drives: the npm
// package open311 (codeforamerica/node-open311), at a fixed version, and
// the versions of its registry dependencies it declares (request ~2.11.0,
// lodash ~0.6.1), which .ci/services.d/npm-tools.sh installs with the other
// node tools. Its two other dependencies serve only its XML mode and
// cannot be installed today (sparkxml is a GitHub dependency, xml2json 0.2
// needs node-waf): testdata/open311-client/shims stands in for them and
// fails if called. open311 itself cannot be installed by npm for the same
// reason: the test packs it from the registry and unpacks it.
const (
	open311ClientPkg  = "open311@0.0.12"
	open311ClientDeps = "request@2.11.4 lodash@0.6.1"
)

// open311Client returns the NODE_PATH of the client: the folder where the
// test unpacked it, under RELACIONA_NODE_TOOLS, the first time, then the
// tools' node_modules (its dependencies, installed by npm-tools.sh; the test
// installs them beside the client when they are not there). The test is
// skipped, naming the variable, when node tools are not available.
func open311Client(t *testing.T) []string {
	t.Helper()
	tools := os.Getenv("RELACIONA_NODE_TOOLS")
	if tools == "" {
		t.Skip("RELACIONA_NODE_TOOLS is not set: source .ci/services.d/npm-tools.sh (node, npm and the npm tools) to drive relaciona serve with the npm Open311 client")
	}
	for _, tool := range []string{"node", "npm"} {
		_, err := exec.LookPath(tool)
		require.NoError(t, err, "RELACIONA_NODE_TOOLS is set but %s is not on PATH", tool)
	}
	dir := filepath.Join(tools, "open311-client")
	path := []string{filepath.Join(dir, "node_modules"), filepath.Join(tools, "node_modules")}
	marker := filepath.Join(dir, ".relaciona-client")
	want := open311ClientPkg + " " + open311ClientDeps
	if b, err := os.ReadFile(marker); err == nil && string(b) == want {
		return path
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	npm := func(args ...string) string {
		cmd := exec.CommandContext(ctx, "npm", args...)
		cmd.Dir = dir
		out, err := cmd.Output()
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		require.NoError(t, err, "npm %s: %s", strings.Join(args, " "), stderr)
		return string(out)
	}
	// The client's own package, without its dependencies (npm install would
	// fail on the GitHub one): packed from the registry and unpacked.
	tgz := strings.TrimSpace(npm("pack", "--silent", open311ClientPkg))
	if !hasPackages(filepath.Join(tools, "node_modules"), open311ClientDeps) {
		npm(append([]string{"install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", dir}, strings.Fields(open311ClientDeps)...)...)
	}
	unpack(t, filepath.Join(dir, tgz), filepath.Join(dir, "node_modules", "open311")) // after npm install, which prunes what it did not install
	require.NoError(t, os.WriteFile(marker, []byte(want), 0o644))
	return path
}

// hasPackages reports whether modules holds every name@version of list.
func hasPackages(modules, list string) bool {
	for _, p := range strings.Fields(list) {
		name, version, _ := strings.Cut(p, "@")
		b, err := os.ReadFile(filepath.Join(modules, name, "package.json"))
		if err != nil {
			return false
		}
		var pkg struct{ Version string }
		if json.Unmarshal(b, &pkg) != nil || pkg.Version != version {
			return false
		}
	}
	return true
}

// unpack extracts an npm tarball's package/ folder into dst.
func unpack(t *testing.T, tgz, dst string) {
	t.Helper()
	f, err := os.Open(tgz)
	require.NoError(t, err)
	defer f.Close()
	gz, err := gzip.NewReader(f)
	require.NoError(t, err)
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return
		}
		require.NoError(t, err)
		name, ok := strings.CutPrefix(filepath.ToSlash(filepath.Clean(h.Name)), "package/")
		if !ok || h.Typeflag != tar.TypeReg || strings.HasPrefix(name, "../") {
			continue
		}
		p := filepath.Join(dst, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		out, err := os.Create(p)
		require.NoError(t, err)
		_, err = io.Copy(out, io.LimitReader(tr, 10<<20))
		require.NoError(t, err)
		require.NoError(t, out.Close())
	}
}

// TestOpen311ClientDrivesServe runs `relaciona serve` and drives it with
// the npm Open311 client: service discovery (which finds the endpoint
// behind its mount), the service list and a definition, a POST with the
// api_key (and, for a batch service, the token it answers), the request by
// id, the default list and a list by ids, and a wrong key refused.
func TestOpen311ClientDrivesServe(t *testing.T) {
	nodePath := open311Client(t)
	script, err := filepath.Abs(filepath.Join("testdata", "open311-client", "drive.js"))
	require.NoError(t, err)
	shims, err := filepath.Abs(filepath.Join("testdata", "open311-client", "shims"))
	require.NoError(t, err)
	for _, mode := range []string{"realtime", "batch"} {
		t.Run(mode, func(t *testing.T) {
			s := startServe(t, serveDeployment(t, "  open311: {service_type: "+mode+"}\n"))
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, "node", script, s.base, testAPIKey, mode)
			cmd.Env = append(os.Environ(), "NODE_PATH="+strings.Join(append(nodePath, shims), string(os.PathListSeparator)))
			out, err := cmd.Output()
			var stderr string
			if ee, ok := err.(*exec.ExitError); ok {
				stderr = string(ee.Stderr)
			}
			require.NoError(t, err, "the Open311 client failed:\n%s\nserver log:\n%s", stderr, s.stderr.String())
			var got struct {
				OK    bool   `json:"ok"`
				ID    string `json:"id"`
				Token string `json:"token"`
			}
			require.NoError(t, json.Unmarshal([]byte(strings.TrimSpace(string(out))), &got), string(out))
			assert.True(t, got.OK)
			assert.Regexp(t, `^PQRSD-[0-9]{4}-[0-9]{6}$`, got.ID, "the client filed a PQRSD")
			assert.Equal(t, mode == "batch", got.Token != "", "a token only for a batch service")
			assert.Equal(t, 0, s.exit(t))
			for _, line := range []string{"path=/open311/v2/discovery.json status=200", "method=POST path=/open311/v2/requests.json status=201",
				"method=POST path=/open311/v2/requests.json status=403", fmt.Sprintf("path=/open311/v2/requests/%s.json status=200", got.ID)} {
				assert.Contains(t, s.stderr.String(), line)
			}
		})
	}
}
