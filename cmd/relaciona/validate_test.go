package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCLI runs the command line with args and returns the exit status and
// what it wrote.
func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Setenv("RELACIONA_LANG", "")
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func vdata(name string) string { return filepath.Join("testdata", "validate", name) }

func TestValidateValid(t *testing.T) {
	code, out, errOut := runCLI(t, "validate", vdata("deployment.yaml"))
	assert.Equal(t, 0, code)
	assert.Equal(t, "ok "+vdata("deployment.yaml")+" (deployment)\n", out)
	assert.Empty(t, errOut)

	code, out, errOut = runCLI(t, "validate", "-q", vdata("deployment.yaml"))
	assert.Equal(t, 0, code)
	assert.Empty(t, out, "-q prints nothing for valid files")
	assert.Empty(t, errOut)
}

// Each broken copy of deployment.yaml yields one problem line on stderr
// starting with the exact FILE:LINE:COL of the offending node.
func TestValidateBroken(t *testing.T) {
	for _, c := range []struct {
		file, lang, want string
	}{
		{"unknown-key.yaml", "", ":10:3: tickets.colour: clave desconocida \"colour\"; claves permitidas: secret_env, secret_file, status_map, url"},
		{"unknown-key.yaml", "en", ":10:3: tickets.colour: unknown key \"colour\"; allowed keys: secret_env, secret_file, status_map, url"},
		{"wrong-type.yaml", "", ":18:10: log.level: tipo incorrecto: se esperaba un texto, pero se encontró el número 3"},
		{"missing-field.yaml", "", ":2:1: country: falta el campo obligatorio \"country\" (País)"},
		{"missing-field.yaml", "en", ":2:1: country: missing required field \"country\" (Country)"},
		{"bad-enum.yaml", "", ":5:10: country: valor \"AR\" no permitido; valores permitidos: CO, CL, UY"},
		{"malformed.yaml", "", ":12:1: YAML mal formado: no se encontró la clave esperada; revise la sangría"},
		{"malformed.yaml", "en", ":12:1: malformed YAML: did not find the expected key; check the indentation"},
	} {
		t.Run(c.file+"/"+c.lang, func(t *testing.T) {
			args := []string{"validate", vdata(c.file)}
			if c.lang != "" {
				args = append([]string{"--lang", c.lang}, args...)
			}
			code, out, errOut := runCLI(t, args...)
			assert.Equal(t, 1, code)
			assert.Empty(t, out)
			assert.Equal(t, vdata(c.file)+c.want+"\n", errOut)
		})
	}
}

// A deployment's process files are validated too; their problems name
// them, and a missing one is reported where the deployment names it.
func TestValidateProcesses(t *testing.T) {
	dep := vdata(filepath.Join("processes", "deployment.yaml"))
	code, out, errOut := runCLI(t, "validate", dep)
	assert.Equal(t, 1, code)
	assert.Equal(t, "ok "+dep+" (deployment)\n", out)
	assert.Equal(t,
		vdata(filepath.Join("processes", "alliance.yaml"))+":1:7: kind: se esperaba un archivo kind: alliance, pero este es kind: deployment\n"+
			dep+":7:12: processes.citizen: el archivo del proceso citizen no existe: "+vdata(filepath.Join("processes", "missing.yaml"))+"\n",
		errOut)
}

// Several files: each is checked once, and one invalid file fails the run.
func TestValidateMany(t *testing.T) {
	code, out, errOut := runCLI(t, "validate", vdata("deployment.yaml"), vdata("bad-enum.yaml"), vdata("deployment.yaml"))
	assert.Equal(t, 1, code, "one invalid file fails the run")
	assert.Equal(t, "ok "+vdata("deployment.yaml")+" (deployment)\n", out, "each file is checked once")
	assert.Equal(t, vdata("bad-enum.yaml")+":5:10: country: valor \"AR\" no permitido; valores permitidos: CO, CL, UY\n", errOut)
}

func TestValidateUsage(t *testing.T) {
	code, out, errOut := runCLI(t, "validate")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "Uso: relaciona validate")

	missing := filepath.Join(t.TempDir(), "nada.yaml")
	code, _, errOut = runCLI(t, "validate", missing)
	assert.Equal(t, 1, code)
	assert.Equal(t, missing+":1:1: no se puede leer el archivo: no existe\n", errOut)
}

// A file whose time zone passes the schema but does not exist fails on the
// deployment rules, with its position.
func TestValidateTimezone(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "d.yaml")
	require.NoError(t, os.WriteFile(path, []byte("kind: deployment\nversion: 1\nname: X\ncountry: UY\ntimezone: America/Atlantis\n"), 0o600))
	code, out, errOut := runCLI(t, "--lang", "en", "validate", path)
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Equal(t, path+":5:11: timezone: unknown time zone \"America/Atlantis\": use an IANA name such as America/Bogota\n", errOut)
}

// Every problem line starts with FILE:LINE:COL, whatever the problem.
func TestValidateLinesHavePositions(t *testing.T) {
	for _, name := range []string{"unknown-key.yaml", "wrong-type.yaml", "missing-field.yaml", "bad-enum.yaml", "malformed.yaml", filepath.Join("processes", "deployment.yaml")} {
		_, _, errOut := runCLI(t, "validate", vdata(name))
		for _, line := range strings.Split(strings.TrimSpace(errOut), "\n") {
			parts := strings.SplitN(line, ":", 4)
			require.Len(t, parts, 4, line)
			assert.True(t, strings.HasSuffix(parts[0], ".yaml"), line)
			assert.Regexp(t, `^[1-9][0-9]*$`, parts[1], line)
			assert.Regexp(t, `^[1-9][0-9]*$`, parts[2], line)
		}
	}
}

// A valid process file named by a deployment gets its own "ok" line, once,
// even when also named on the command line. It uses the alliance example
// the project ships.
func TestValidateValidProcess(t *testing.T) {
	example, err := filepath.Abs(filepath.Join("..", "..", "examples", "alliance", "alliance.yaml"))
	require.NoError(t, err)
	dir := t.TempDir()
	dep := filepath.Join(dir, "deployment.yaml")
	require.NoError(t, os.WriteFile(dep, []byte("kind: deployment\nversion: 1\nname: OMIL de Ejemplo\ncountry: CL\nprocesses:\n  alliance: "+example+"\n"), 0o600))
	code, out, errOut := runCLI(t, "validate", dep, example)
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "ok "+dep+" (deployment)\nok "+example+" (alliance)\n", out)
	assert.Empty(t, errOut)
}
