package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestImportAndExportCommands(t *testing.T) {
	dir, dep := importedStakeholders(t)

	in := filepath.Join(dir, "partes.csv")
	data := "\ufeffidentificador;nombre;tipo;canales\nuno;Uno;person;\ndos;=HYPERLINK(A1);person;\ntres;Tres;organisation;comite\n"
	require.NoError(t, os.WriteFile(in, []byte(data), 0o644))

	// One bad row: nothing written, the row named by line.
	code, stdout, stderr := runCLI(t, "import", "stakeholders", in, "--config", dep, "--actor", "sofia")
	assert.Equal(t, 1, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, in+":3: name: la celda empieza como una fórmula")
	assert.Contains(t, stderr, "1 de 3 filas tienen errores; no se escribió nada")
	out := filepath.Join(dir, "export.csv")
	code, _, stderr = runCLI(t, "export", "stakeholders", out, "--config", dep)
	require.Equal(t, 0, code, stderr)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "uno,", "nothing was written")

	// --skip-bad writes the rest, the bad row goes to the rejects file.
	code, stdout, stderr = runCLI(t, "--lang", "en", "import", "stakeholders", in, "--skip-bad", "--config", dep, "--actor", "sofia", "--at", "2026-02-02")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, in+": 3 rows read, 2 created, 0 updated, 0 unchanged, 1 rejected")
	rej, err := os.ReadFile(filepath.Join(dir, "partes.rejects.csv"))
	require.NoError(t, err)
	assert.Contains(t, string(rej), "identificador,nombre,tipo,canales,line,error\ndos,'=HYPERLINK(A1),person,,3,")

	// The export reads back unchanged, and says so.
	code, _, stderr = runCLI(t, "export", "stakeholders", out, "--config", dep, "--csv-dialect", "es")
	require.Equal(t, 0, code, stderr)
	code, stdout, stderr = runCLI(t, "import", "--config", dep, "--actor", "sofia", "stakeholders", out)
	require.Equal(t, 0, code, stderr)
	assert.Regexp(t, `: 9 filas leídas, 0 creadas, 0 actualizadas, 9 sin cambios, 0 rechazadas: nada cambió\n$`, stdout)
	b, err = os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(b), "\ufeffid;name;type;"), "the es dialect uses ';'")

	// Dry run; an unknown register; a process without it.
	code, stdout, stderr = runCLI(t, "import", "stakeholders", in, "--dry-run", "--skip-bad", "--rejects", filepath.Join(dir, "r.csv"), "--config", dep, "--actor", "sofia")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "(prueba: no se escribió nada)")
	code, _, stderr = runCLI(t, "import", "partners", in, "--config", dep, "--actor", "sofia")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "registro desconocido \"partners\": los registros de este despliegue son groups, stakeholders")
	code, _, _ = runCLI(t, "import", "stakeholders", in, "--config", dep)
	assert.Equal(t, 2, code, "--actor is required")
	code, _, _ = runCLI(t, "import", "stakeholders", "--config", dep, "--actor", "sofia")
	assert.Equal(t, 2, code, "FILE is required")

	// The directory decides: a level-2 person may not import.
	code, _, stderr = runCLI(t, "import", "groups", in, "--config", dep, "--actor", "practicante")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "prohibido")
}

// TestExportImportWantKindAndFile: export and import take exactly KIND and
// FILE (flags may come after them); anything else is a usage error, in the
// language asked for, before any file is opened.
func TestExportImportWantKindAndFile(t *testing.T) {
	for _, cmd := range []string{"export", "import"} {
		for _, args := range [][]string{{}, {"stakeholder.group"}, {"stakeholder.group", "a.csv", "b.csv"}, {"stakeholder.group", "--config", "x.yaml"}} {
			code, _, errOut := runCLI(t, append([]string{cmd}, args...)...)
			assert.Equal(t, 2, code, "%s %v", cmd, args)
			assert.Contains(t, errOut, "indique TIPO y ARCHIVO", "%s %v", cmd, args)
		}
		code, _, errOut := runCLI(t, cmd, "stakeholder.group", "--lang", "en")
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "give KIND and FILE", "a flag after the positional arguments is read")
	}
}
