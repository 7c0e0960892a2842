package satisfaction

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/process"
)

func (f *fixture) table(t *testing.T, name string) process.Table {
	return proctest.Table(t, f.p.Tables(), name)
}

func (f *fixture) importCSV(t *testing.T, name string, a relaciona.Actor, data string, o process.ImportOptions) (process.Counts, error) {
	o.File, o.Lang, o.At = name+".csv", relaciona.Spanish, ts("2026-04-01T10:00:00Z")
	return process.Import(f.ctx, f.table(t, name), a, proctest.Text(data), o)
}

func (f *fixture) exportCSV(t *testing.T, name string) string {
	return proctest.ExportCSV(t, f.ctx, f.table(t, name), process.ExportOptions{})
}

func TestImportClients(t *testing.T) {
	f := newFixture(t)
	data := "id;nombre;contacto;servicios;solicitantes\nrrhh;Recursos Humanos;Marta Pérez;correo|vpn;ana|beto\njuridica;Asesoría Jurídica;;;\n"
	_, err := f.importCSV(t, TableClients, f.exe, data, process.ImportOptions{})
	require.ErrorIs(t, err, relaciona.ErrForbidden, "an executor does not keep the client register")
	n, err := f.importCSV(t, TableClients, f.mgr, data, process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: 2, Created: 2}, n)
	c, err := f.p.clientRegister().Get(f.ctx, "rrhh")
	require.NoError(t, err)
	assert.Equal(t, []string{"correo", "vpn"}, c.Value.Services)
	out := f.exportCSV(t, TableClients)
	before := f.auditCount(t)
	n, err = f.importCSV(t, TableClients, f.owner, out, process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: 2, Unchanged: 2}, n)
	assert.Equal(t, before, f.auditCount(t))

	_, err = f.importCSV(t, TableClients, f.mgr, "id,name,services\nx,X,fax\n", process.ImportOptions{})
	require.ErrorIs(t, err, process.ErrRejected)
	assert.Contains(t, err.Error(), "1 de 1 filas")
}

// Availability goes through the same reader as ParseAvailabilityCSV, and
// through RecordAvailability's checks and month invalidation.
func TestImportAvailability(t *testing.T) {
	f := newFixture(t)
	data := "servicio;fecha;minutos_programados;minutos_caidos\nvpn;01/03/2026;1440;30\nvpn;2026-03-02;1440;0\n"
	n, err := f.importCSV(t, TableAvailability, f.exe, data, process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: 2, Created: 2}, n)
	s, err := f.p.monthStats(f.ctx, Month{2026, 3}, "")
	require.NoError(t, err)
	assert.Equal(t, int64(2880), s.availabilityOf([]string{"vpn"}).Scheduled)

	var problems []string
	before := f.auditCount(t)
	_, err = f.importCSV(t, TableAvailability, f.exe, "service,date,scheduled_minutes,down_minutes\nvpn,2026-03-03,60,61\nfax,2026-03-03,60,0\nvpn,2026-03-01,1440,0\nvpn,2026-03-01,1440,5\n", process.ImportOptions{
		Problem: func(e error) { problems = append(problems, e.Error()) }})
	require.ErrorIs(t, err, process.ErrRejected)
	assert.Equal(t, []string{
		"availability.csv:2: down_minutes: los minutos caídos 61 están fuera de 0-60 (los minutos programados)",
		"availability.csv:3: service: servicio desconocido \"fax\"",
		"availability.csv:5: service+date: la clave \"vpn+2026-03-01\" ya está en la línea 4",
	}, problems)
	assert.Equal(t, before, f.auditCount(t))

	// A changed day replaces the stored one and drops the month's figures.
	n, err = f.importCSV(t, TableAvailability, f.exe, "service,date,scheduled_minutes,down_minutes\nvpn,2026-03-01,1440,0\nvpn,2026-03-02,1440,0\n", process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: 2, Updated: 1, Unchanged: 1}, n)
	s, err = f.p.monthStats(f.ctx, Month{2026, 3}, "")
	require.NoError(t, err)
	assert.Equal(t, int64(0), s.availabilityOf([]string{"vpn"}).Down)
	out := f.exportCSV(t, TableAvailability)
	assert.Equal(t, "service,date,scheduled_minutes,down_minutes\nvpn,2026-03-01,1440,0\nvpn,2026-03-02,1440,0\n", out)
	n, err = f.importCSV(t, TableAvailability, f.exe, out, process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, 2, n.Unchanged)
}
