package satisfaction

import (
	"errors"
	"fmt"
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

// A client imported from CSV is a client of the process: its complaints,
// interviews, repository items and reports are accepted, and Clients
// lists it after the file's; a client in both sources is the register's;
// an unknown client is still refused.
func TestImportedClientIsKnown(t *testing.T) {
	f := newFixture(t)
	at := ts("2026-03-02T10:00:00Z")
	fileClients := len(f.p.cfg.Clients)
	require.NotZero(t, fileClients)
	first := f.p.cfg.Clients[0]
	approved(t, f, nil)

	_, err := f.p.ReportComplaint(f.ctx, f.exe, NewComplaint{Client: "catastro", Service: "vpn", Channel: ChannelTicket,
		Scope: ScopeService, Summary: "cortes", TicketID: "T-1"}, at)
	require.ErrorIs(t, err, relaciona.ErrInvalid, "not yet imported")

	data := "id,name,services\ncatastro,Catastro,vpn\n" + first.ID + ",Nombre del registro,\n"
	_, err = f.importCSV(t, TableClients, f.mgr, data, process.ImportOptions{})
	require.NoError(t, err)

	clients, err := f.p.Clients(f.ctx)
	require.NoError(t, err)
	require.Len(t, clients, fileClients+1)
	assert.Equal(t, Client{ID: first.ID, Name: "Nombre del registro"}, clients[0], "the register wins, in the file's place")
	assert.Equal(t, "catastro", clients[fileClients].ID)

	tests := []struct {
		name   string
		client string
		ok     bool
	}{
		{"imported", "catastro", true},
		{"from the file", first.ID, true},
		{"unknown", "nadie", false},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			errs := map[string]error{}
			_, errs["complaint"] = f.p.ReportComplaint(f.ctx, f.exe, NewComplaint{Client: tt.client, Service: "vpn", Channel: ChannelTicket,
				Scope: ScopeService, Summary: "cortes", TicketID: "T-2" + tt.client}, at)
			_, errs["interview"] = f.p.RecordInterview(f.ctx, f.mgr, testInterview(tt.client, "2026-03-0"+string(rune('2'+i))), at)
			_, errs["info"] = f.p.AddInfo(f.ctx, f.owner, InfoItem{Client: tt.client, Source: SourceOwn, Title: "x", At: at})
			_, errs["file"] = f.p.ClientFile(f.ctx, f.exe, tt.client)
			_, errs["service report"] = f.p.ServiceReport(f.ctx, tt.client, Month{2026, 3}, relaciona.Spanish, ReportOptions{})
			for what, err := range errs {
				if tt.ok {
					assert.NoError(t, err, what)
				} else {
					require.Error(t, err, what)
					assert.True(t, errors.Is(err, relaciona.ErrInvalid) || errors.Is(err, relaciona.ErrNotFound), "%s: %v", what, err)
					assert.Contains(t, err.Error(), `"nadie"`, what)
				}
			}
		})
	}

	// Tickets and survey answers from an imported client's requester are
	// the client's; from nobody's, refused.
	tk := func(id, requester string) relaciona.Ticket {
		return relaciona.Ticket{ID: id, Status: relaciona.StatusClosed, Requester: requester,
			Fields: map[string]string{"service": "vpn", "type": "incident"}, Created: at, Updated: at}
	}
	_, err = f.importCSV(t, TableClients, f.mgr, "id,name,services,requesters\ncatastro,Catastro,vpn,rosa\n", process.ImportOptions{})
	require.NoError(t, err)
	res, err := f.p.ImportTickets(f.ctx, f.mgr, []relaciona.Ticket{tk("K-1", "rosa")}, at)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Stored)
	_, err = f.p.ImportTickets(f.ctx, f.mgr, []relaciona.Ticket{tk("K-2", "desconocida")}, at)
	require.ErrorIs(t, err, relaciona.ErrInvalid)

	doc, err := f.p.InterviewReport(f.ctx, 2026, relaciona.Spanish, ReportOptions{})
	require.NoError(t, err)
	assert.Contains(t, fmt.Sprint(doc), "Catastro", "the interview report lists the imported client")
	assert.Equal(t, "Catastro", f.p.clientName(f.ctx, "catastro"), "reports name it")
}
