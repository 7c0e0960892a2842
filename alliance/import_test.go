package alliance

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/process"
)

func (f *fixture) table(name string) process.Table {
	return proctest.Table(f.t, f.s.Tables(), name)
}

func (f *fixture) importCSV(name string, a relaciona.Actor, data string, o process.ImportOptions) (process.Counts, error) {
	o.File, o.Lang, o.At = name+".csv", relaciona.Spanish, stamp(day("2026-02-02"))
	return process.Import(f.ctx, f.table(name), a, proctest.Text(data), o)
}

func (f *fixture) exportCSV(name string) string {
	return proctest.ExportCSV(f.t, f.ctx, f.table(name), process.ExportOptions{})
}

func TestImportOrganisationsAndAlliances(t *testing.T) {
	f := newFixture(t)
	orgs := "id;nombre;sector;comuna;recursos;contacto_nombre;contacto_telefono\n" +
		"fundacion-mar;Fundación Mar;civil_society;Viña del Mar;capacitacion;Rosa Díaz;'+56 9 1234 5678\n"
	n, err := f.importCSV(TableOrganisations, gestor, orgs, process.ImportOptions{})
	require.NoError(t, err, "the Gestor Territorial may add organisations")
	assert.Equal(t, process.Counts{Read: 1, Created: 1}, n)
	o, err := f.s.Organisation(f.ctx, "fundacion-mar")
	require.NoError(t, err)
	assert.Equal(t, "+56 9 1234 5678", o.Contact.Phone)
	assert.Equal(t, day("2026-02-02"), o.Added)

	al := "id,office,organisation,kind,objectives,start,end\nconvenio-mar,omil-valparaiso,fundacion-mar,agreement,empleabilidad,01/03/2026,2027-02-28\n"
	_, err = f.importCSV(TableAlliances, gestor, al, process.ImportOptions{})
	require.ErrorIs(t, err, relaciona.ErrForbidden, "only the Encargado imports alliances")
	n, err = f.importCSV(TableAlliances, enc, al, process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: 1, Created: 1}, n)
	assert.Equal(t, StatusActive, f.status("convenio-mar"))
	a, err := f.s.Alliance(f.ctx, "convenio-mar")
	require.NoError(t, err)
	assert.Equal(t, day("2026-03-01"), a.Start)

	// An unknown partner, office or objective rejects the row by line.
	before := f.audits()
	var problems []string
	_, err = f.importCSV(TableAlliances, enc, "id,office,organisation,kind,objectives,start\n"+
		"x1,omil-valparaiso,nadie,link,empleabilidad,2026-03-01\n"+
		"x2,omil-marte,fundacion-mar,link,empleabilidad,2026-03-01\n"+
		"x3,omil-valparaiso,fundacion-mar,link,volar,2026-03-01\n", process.ImportOptions{Problem: func(e error) { problems = append(problems, e.Error()) }})
	require.ErrorIs(t, err, process.ErrRejected)
	assert.Equal(t, []string{
		"alliances.csv:2: organisation: socio desconocido \"nadie\": no está en el Estudio Territorial",
		"alliances.csv:3: office: oficina desconocida \"omil-marte\"",
		"alliances.csv:4: objectives: objetivo desconocido \"volar\"",
	}, problems)
	assert.Equal(t, before, f.audits())
}

// What export writes, import reads back unchanged: the example's catastro
// (with a phone that starts with "+", neutralised and restored).
func TestExportAlliancesReadsBackUnchanged(t *testing.T) {
	f := newFixture(t)
	for _, name := range []string{TableOrganisations, TableAlliances} {
		out := f.exportCSV(name)
		if name == TableOrganisations {
			assert.Contains(t, out, ",'+56 32 200 0001,")
		}
		before := f.audits()
		n, err := f.importCSV(name, enc, out, process.ImportOptions{})
		require.NoError(t, err)
		assert.Positive(t, n.Read)
		assert.Equal(t, n.Read, n.Unchanged, name)
		assert.Equal(t, before, f.audits())
		assert.Equal(t, out, f.exportCSV(name))
	}
	// An update keeps what the file does not carry.
	_, err := f.importCSV(TableAlliances, enc, "id,office,organisation,kind,objectives,start,end\nconvenio-sence,omil-valparaiso,sence-valparaiso,agreement,empleabilidad,2024-03-01,2028-02-29\n", process.ImportOptions{})
	require.NoError(t, err)
	a, err := f.s.Alliance(f.ctx, "convenio-sence")
	require.NoError(t, err)
	assert.Equal(t, day("2028-02-29"), a.End)
	assert.NotEmpty(t, a.Documents)
	assert.Equal(t, day("2026-01-05"), a.Registered)
}
