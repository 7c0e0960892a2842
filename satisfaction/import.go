package satisfaction

import (
	"context"
	"iter"
	"regexp"
	"slices"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/csvio"
	"github.com/relaciona/relaciona/process"
)

// The CSV registers of the process (issue #18, item 5): the internal
// clients and the daily availability of the services, imported with
// "relaciona import clients FILE" and "relaciona import availability
// FILE".

// Names of the process's CSV tables.
const (
	TableClients      = "clients"
	TableAvailability = "availability"
)

const kindClient = "satisfaction.client"

// clientIDRE is the shape of a client id: what a YAML key or a ticket
// field can carry.
var clientIDRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// ClientRecord is an internal client (a division or office of the agency
// that the IT unit serves, seed 003) in the store's client register, as
// the clients file imports it. The contact and the requesters are
// personal data.
type ClientRecord struct {
	ID         string        `json:"id" personal:"subject"`
	Name       string        `json:"name" personal:"no"`
	Contact    string        `json:"contact,omitempty" personal:"true"`
	Services   []string      `json:"services,omitempty"`
	Requesters []string      `json:"requesters,omitempty" personal:"true"`
	Added      calendar.Date `json:"added,omitzero"`
}

// client is the record as the process file's Client shape.
func (c *ClientRecord) client() Client {
	return Client{ID: c.ID, Name: c.Name, Contact: c.Contact, Services: slices.Clone(c.Services), Requesters: slices.Clone(c.Requesters)}
}

func (p *Process) clientRegister() *relaciona.Collection[ClientRecord] {
	return relaciona.NewCollection(p.store, kindClient, func(c *ClientRecord) relaciona.Key {
		return relaciona.Key{ID: c.ID, Time: process.DateTime(c.Added)}
	})
}

// ClientColumns is the schema of the clients file.
func (p *Process) ClientColumns() csvio.Schema {
	svcs := make([]string, len(p.cfg.Services))
	for i, s := range p.cfg.Services {
		svcs[i] = s.ID
	}
	return csvio.Schema{Columns: []csvio.Column{
		{Name: "id", Aliases: []string{"identificador"}, Required: true, Max: 64},
		{Name: "name", Aliases: []string{"nombre"}, Required: true, Max: 200},
		{Name: "contact", Aliases: []string{"contacto"}, Personal: true},
		{Name: "services", Aliases: []string{"servicios"}, Type: csvio.List, Values: svcs},
		{Name: "requesters", Aliases: []string{"solicitantes"}, Type: csvio.List, Personal: true},
	}, Key: []string{"id"}}
}

// AvailabilityColumns is the schema of the availability file (and of
// ParseAvailabilityCSV): one row per service and day.
func AvailabilityColumns() csvio.Schema {
	return csvio.Schema{Columns: []csvio.Column{
		{Name: "service", Aliases: []string{"servicio"}, Required: true},
		{Name: "date", Aliases: []string{"fecha"}, Type: csvio.Date, Required: true},
		{Name: "scheduled_minutes", Aliases: []string{"minutos_programados"}, Type: csvio.Integer, Required: true, Bounded: true, MaxInt: maxDayMinutes},
		{Name: "down_minutes", Aliases: []string{"minutos_caidos", "minutos_caídos"}, Type: csvio.Integer, Required: true, Bounded: true, MaxInt: maxDayMinutes},
	}, Key: []string{"service", "date"}}
}

func availabilityOf(r *csvio.Row) Availability {
	return Availability{Service: r.Text("service"), Date: r.Date("date"),
		ScheduledMinutes: int(r.Int("scheduled_minutes")), DownMinutes: int(r.Int("down_minutes"))}
}

// Tables returns the process's registers as CSV tables (process.Importer):
// clients, which the process owner or manager keep, and availability,
// which the manager or an executor record (as RecordAvailability). The
// directory decides who holds the roles.
//
// The clients register is kept in the store beside the process file's
// clients; the process's rules know a client from either (Clients says
// which wins when both name it).
func (p *Process) Tables() []process.Table {
	clients := p.clientRegister()
	return []process.Table{
		{
			Name:   TableClients,
			Title:  [2]string{"clientes internos", "internal clients"},
			Schema: p.ClientColumns(),
			Authorize: func(ctx context.Context, a relaciona.Actor) error {
				_, err := p.authorize(ctx, a, "import clients", RoleOwner, RoleManager)
				return err
			},
			Check: func(_ context.Context, _ relaciona.Actor, r *csvio.Row) error {
				if !clientIDRE.MatchString(r.Text("id")) {
					return p.invalid("id", "identificador %q no válido", "invalid id %q", r.Text("id"))
				}
				return nil
			},
			Write: func(ctx context.Context, a relaciona.Actor, at time.Time, rows []*csvio.Row) (process.Counts, error) {
				a, err := p.authorize(ctx, a, "import clients", RoleOwner, RoleManager)
				if err != nil {
					return process.Counts{}, err
				}
				of := func(r *csvio.Row) ClientRecord {
					return ClientRecord{ID: r.Text("id"), Name: r.Text("name"), Contact: r.Text("contact"),
						Services: r.List("services"), Requesters: r.List("requesters"), Added: calendar.DateOf(at)}
				}
				return process.WriteRows(ctx, p.store, a, "satisfaction.import_clients", "internal clients imported from a CSV file", at, rows, of,
					func(b *relaciona.Batch, vals []ClientRecord) (process.Counts, error) {
						return process.Upsert(ctx, b, clients, vals, func(c *ClientRecord) string { return c.ID },
							func(old, c *ClientRecord) { c.Added = old.Added })
					})
			},
			Export: func(ctx context.Context) iter.Seq2[[]string, error] {
				return process.ExportRows(ctx, clients, func(c *ClientRecord) []string {
					return []string{c.ID, c.Name, c.Contact, csvio.FormatList(c.Services), csvio.FormatList(c.Requesters)}
				})
			},
		},
		{
			Name:   TableAvailability,
			Title:  [2]string{"disponibilidad diaria de los servicios", "daily availability of the services"},
			Schema: AvailabilityColumns(),
			Authorize: func(ctx context.Context, a relaciona.Actor) error {
				_, err := p.authorize(ctx, a, "record availability", RoleManager, RoleExecutor)
				return err
			},
			Check: func(_ context.Context, _ relaciona.Actor, r *csvio.Row) error {
				v := availabilityOf(r)
				if err := p.checkService("service", v.Service, true); err != nil {
					return err
				}
				if v.DownMinutes > v.ScheduledMinutes {
					return p.invalid("down_minutes", "los minutos caídos %d están fuera de 0-%d (los minutos programados)", "down minutes %d are outside 0-%d (the scheduled minutes)", v.DownMinutes, v.ScheduledMinutes)
				}
				return nil
			},
			Write:  p.writeAvailabilityRows,
			Export: p.exportAvailability,
		},
	}
}

// writeAvailabilityRows records the rows as RecordAvailability does (the
// month's cached figures are dropped in the same batch), leaving the days
// already stored with the same figures.
func (p *Process) writeAvailabilityRows(ctx context.Context, a relaciona.Actor, at time.Time, rows []*csvio.Row) (process.Counts, error) {
	a, err := p.authorize(ctx, a, "record availability", RoleManager, RoleExecutor)
	if err != nil {
		return process.Counts{}, err
	}
	return process.WriteRows(ctx, p.store, a, "satisfaction.availability", "availability records imported from a CSV file", at, rows, availabilityOf,
		func(b *relaciona.Batch, vals []Availability) (process.Counts, error) {
			n, err := process.Upsert(ctx, b, p.avail, vals, func(v *Availability) string { return v.Service + "/" + v.Date.String() }, nil)
			if err != nil || n.Created+n.Updated == 0 {
				return n, err
			}
			months := map[Month]bool{}
			for _, v := range vals {
				months[MonthOf(v.Date)] = true
			}
			return n, p.invalidate(ctx, b, months)
		})
}

func (p *Process) exportAvailability(ctx context.Context) iter.Seq2[[]string, error] {
	return process.ExportRows(ctx, p.avail, func(v *Availability) []string {
		return []string{v.Service, csvio.FormatDate(v.Date), csvio.FormatInt(int64(v.ScheduledMinutes)), csvio.FormatInt(int64(v.DownMinutes))}
	})
}
