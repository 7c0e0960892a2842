package citizen

import (
	"context"
	"errors"
	"iter"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/csvio"
	"github.com/relaciona/relaciona/process"
)

// The CSV registers of the process (issue #18, item 5): the citizens of
// the characterisation and the accountability results, imported with
// "relaciona import citizens FILE" and "relaciona import
// accountability_results FILE".

// Names of the process's CSV tables.
const (
	TableCitizens = "citizens"
	TableResults  = "accountability_results"
)

// CitizenColumns is the schema of the characterisation file: the
// citizen's id, subject and contact (personal), then one column per
// variable of the file, named by its id and typed by its type (category:
// one of its values; number; boolean). Every column but id, subject and
// source is personal data.
func (s *Process) CitizenColumns() csvio.Schema {
	cols := []csvio.Column{
		{Name: "id", Aliases: []string{"identificador"}, Required: true, Max: 64},
		{Name: "subject", Aliases: []string{"sujeto"}, Type: csvio.Enum, Values: []string{SubjectPerson, SubjectOrganisation}},
		{Name: "name", Aliases: []string{"nombre"}, Personal: true, Max: 200},
		{Name: "document_id", Aliases: []string{"documento"}, Personal: true, Max: 64},
		{Name: "email", Aliases: []string{"correo"}, Personal: true, Max: 200},
		{Name: "phone", Aliases: []string{"telefono", "teléfono"}, Personal: true, Max: 64},
		{Name: "address", Aliases: []string{"direccion", "dirección"}, Personal: true, Max: 300},
		{Name: "source", Aliases: []string{"fuente"}, Max: 200},
	}
	for _, v := range s.cfg.Variables {
		c := csvio.Column{Name: v.ID, Personal: true}
		switch v.Type {
		case VarCategory:
			c.Type, c.Values = csvio.Enum, v.Values
		case VarNumber:
			c.Type = csvio.Decimal
		case VarBoolean:
			c.Type = csvio.Bool
		}
		cols = append(cols, c)
	}
	return csvio.Schema{Columns: cols, Key: []string{"id"}}
}

// ResultColumns is the schema of the accountability results file.
func ResultColumns() csvio.Schema {
	st := make([]string, 0, 4)
	for _, x := range ResultStatuses() {
		st = append(st, string(x))
	}
	return csvio.Schema{Columns: []csvio.Column{
		{Name: "id", Aliases: []string{"identificador"}, Required: true, Max: 64},
		{Name: "title", Aliases: []string{"titulo", "título"}, Required: true, Max: 300},
		{Name: "dependency", Aliases: []string{"dependencia"}, Required: true},
		{Name: "space", Aliases: []string{"espacio"}},
		{Name: "status", Aliases: []string{"estado"}, Type: csvio.Enum, Required: true, Values: st},
		{Name: "progress", Aliases: []string{"avance"}, Type: csvio.Decimal, Required: true},
		{Name: "start", Aliases: []string{"inicio"}, Type: csvio.Date},
		{Name: "end", Aliases: []string{"fin"}, Type: csvio.Date},
		{Name: "description", Aliases: []string{"descripcion", "descripción"}, Max: 4000},
	}, Key: []string{"id"}}
}

// Tables returns the process's registers as CSV tables (process.Importer):
// citizens (the characterisation data) and accountability results, both
// kept by the relationship_lead role, as RegisterCitizens and
// RecordResults; the directory decides who holds it.
func (s *Process) Tables() []process.Table {
	authorize := func(action string) func(context.Context, relaciona.Actor) error {
		return func(ctx context.Context, a relaciona.Actor) error {
			_, err := s.Authorize(ctx, a, action, RoleLead)
			return err
		}
	}
	return []process.Table{
		{
			Name:      TableCitizens,
			Title:     [2]string{"caracterización de la ciudadanía", "characterisation of citizens"},
			Schema:    s.CitizenColumns(),
			Authorize: authorize("citizen.characterisation.register"),
			Check: func(_ context.Context, _ relaciona.Actor, r *csvio.Row) error {
				c := s.citizenOf(r)
				return valueColumn(s.cfg.checkCitizen(&c, s.lang))
			},
			Write:  s.writeCitizenRows,
			Export: s.exportCitizens,
		},
		{
			Name:      TableResults,
			Title:     [2]string{"resultados de la rendición de cuentas", "accountability results"},
			Schema:    ResultColumns(),
			Authorize: authorize("citizen.accountability.record"),
			Check: func(ctx context.Context, _ relaciona.Actor, r *csvio.Row) error {
				v := resultOf(r)
				return s.checkResult(ctx, &v)
			},
			Write:  s.writeResultRows,
			Export: s.exportResults,
		},
	}
}

// valueColumn names a variable's column ("edad") for an error about
// "values.edad".
func valueColumn(err error) error {
	var ve *relaciona.ValidationError
	if errors.As(err, &ve) {
		c := *ve
		c.Field = strings.TrimPrefix(c.Field, "values.")
		return &c
	}
	return err
}

func (s *Process) citizenOf(r *csvio.Row) Citizen {
	c := Citizen{ID: r.Text("id"), Subject: r.Text("subject"), Name: r.Text("name"), DocumentID: r.Text("document_id"),
		Email: r.Text("email"), Phone: r.Text("phone"), Address: r.Text("address"), Source: r.Text("source")}
	if c.Subject == "" {
		c.Subject = SubjectPerson
	}
	for _, v := range s.cfg.Variables {
		if val := r.Text(v.ID); val != "" {
			if c.Values == nil {
				c.Values = map[string]string{}
			}
			c.Values[v.ID] = val
		}
	}
	return c
}

func (s *Process) writeCitizenRows(ctx context.Context, a relaciona.Actor, at time.Time, rows []*csvio.Row) (process.Counts, error) {
	a, err := s.Authorize(ctx, a, "citizen.characterisation.register", RoleLead)
	if err != nil {
		return process.Counts{}, err
	}
	of := func(r *csvio.Row) Citizen {
		c := s.citizenOf(r)
		c.Segment = s.cfg.SegmentOf(c.Values)
		c.Registered = at.UTC()
		return c
	}
	return process.WriteRows(ctx, s.store, a, "citizen.characterisation.register", "citizens imported from a CSV file", at, rows, of,
		func(b *relaciona.Batch, vals []Citizen) (process.Counts, error) {
			return process.Upsert(ctx, b, s.citizens, vals, func(c *Citizen) string { return c.ID },
				func(old, c *Citizen) { c.Registered = old.Registered })
		})
}

func (s *Process) exportCitizens(ctx context.Context) iter.Seq2[[]string, error] {
	return process.ExportRows(ctx, s.citizens, func(c *Citizen) []string {
		row := []string{c.ID, c.Subject, c.Name, c.DocumentID, c.Email, c.Phone, c.Address, c.Source}
		for _, v := range s.cfg.Variables {
			row = append(row, c.Values[v.ID])
		}
		return row
	})
}

func resultOf(r *csvio.Row) AccountabilityResult {
	return AccountabilityResult{ID: r.Text("id"), Title: r.Text("title"), Dependency: r.Text("dependency"), Space: r.Text("space"),
		Status: ResultStatus(r.Text("status")), Progress: r.Decimal("progress"), Start: r.Date("start"), End: r.Date("end"),
		Description: r.Text("description")}
}

// putResults adds the writes of rs to b, by id: new results are recorded
// on at's date, updates keep their first recording date.
func (s *Process) putResults(ctx context.Context, b *relaciona.Batch, rs []AccountabilityResult, at time.Time) (process.Counts, error) {
	for i := range rs {
		rs[i].Recorded = calendar.DateOf(at)
	}
	return process.Upsert(ctx, b, s.results(), rs, func(r *AccountabilityResult) string { return r.ID },
		func(old, r *AccountabilityResult) { r.Recorded = old.Recorded })
}

func (s *Process) writeResultRows(ctx context.Context, a relaciona.Actor, at time.Time, rows []*csvio.Row) (process.Counts, error) {
	a, err := s.Authorize(ctx, a, "citizen.accountability.record", RoleLead)
	if err != nil {
		return process.Counts{}, err
	}
	return process.WriteRows(ctx, s.store, a, "citizen.accountability.record", "accountability results imported from a CSV file", at, rows, resultOf,
		func(b *relaciona.Batch, vals []AccountabilityResult) (process.Counts, error) {
			return s.putResults(ctx, b, vals, at)
		})
}

func (s *Process) exportResults(ctx context.Context) iter.Seq2[[]string, error] {
	return process.ExportRows(ctx, s.results(), func(r *AccountabilityResult) []string {
		return []string{r.ID, r.Title, r.Dependency, r.Space, string(r.Status), csvio.FormatDecimal(r.Progress),
			csvio.FormatDate(r.Start), csvio.FormatDate(r.End), r.Description}
	})
}

// Tables offers the process's CSV tables to tools that hold the process
// as a process.Instance (process.Importer).
func (i instance) Tables() []process.Table { return i.p.Tables() }
