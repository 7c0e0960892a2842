package alliance

import (
	"context"
	"errors"
	"iter"
	"regexp"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/csvio"
	"github.com/relaciona/relaciona/process"
)

// The CSV registers of the process (issue #18, item 5): the organisations
// of the territorial study (partners and possible partners) and the
// alliances of the registry (catastro), imported with "relaciona import
// organisations FILE" and "relaciona import alliances FILE".

// Names of the process's CSV tables.
const (
	TableOrganisations = "organisations"
	TableAlliances     = "alliances"
)

func (s *Process) resourceIDs() []string {
	out := make([]string, len(s.cfg.Resources))
	for i, r := range s.cfg.Resources {
		out[i] = r.ID
	}
	return out
}

// OrganisationColumns is the schema of the organisations file; the
// contact's columns are personal data.
func (s *Process) OrganisationColumns() csvio.Schema {
	return csvio.Schema{Columns: []csvio.Column{
		{Name: "id", Aliases: []string{"identificador"}, Required: true, Max: 64},
		{Name: "name", Aliases: []string{"nombre"}, Required: true, Max: 200},
		{Name: "sector", Type: csvio.Enum, Values: []string{string(SectorPublic), string(SectorPrivate), string(SectorCivilSociety), string(SectorEducation), string(SectorHealth), string(SectorOther)}},
		{Name: "commune", Aliases: []string{"comuna"}},
		{Name: "resources", Aliases: []string{"recursos"}, Type: csvio.List, Values: s.resourceIDs()},
		{Name: "contact_name", Aliases: []string{"contacto_nombre"}, Personal: true},
		{Name: "contact_email", Aliases: []string{"contacto_correo"}, Personal: true},
		{Name: "contact_phone", Aliases: []string{"contacto_telefono"}, Personal: true},
		{Name: "notes", Aliases: []string{"notas"}, Max: 2000, Personal: true},
	}, Key: []string{"id"}}
}

// AllianceColumns is the schema of the alliances file. Notes, decisions,
// documents and the status are not in the file: an update keeps them, a
// new alliance is active.
func (s *Process) AllianceColumns() csvio.Schema {
	return csvio.Schema{Columns: []csvio.Column{
		{Name: "id", Aliases: []string{"identificador"}, Required: true, Max: 64},
		{Name: "office", Aliases: []string{"oficina"}, Required: true},
		{Name: "organisation", Aliases: []string{"organizacion", "organización", "socio"}, Required: true},
		{Name: "kind", Aliases: []string{"tipo"}, Type: csvio.Enum, Required: true, Values: []string{string(KindAgreement), string(KindUnderstanding), string(KindLink)}},
		{Name: "objectives", Aliases: []string{"objetivos"}, Type: csvio.List, Required: true},
		{Name: "resources", Aliases: []string{"recursos"}, Type: csvio.List, Values: s.resourceIDs()},
		{Name: "start", Aliases: []string{"inicio"}, Type: csvio.Date, Required: true},
		{Name: "end", Aliases: []string{"termino", "término"}, Type: csvio.Date},
	}, Key: []string{"id"}}
}

// Tables returns the process's registers as CSV tables (process.Importer):
// organisations, which the Encargado OMIL or the Gestor Territorial may
// import (as AddOrganisation), and alliances, which only the Encargado may
// (as Import). The directory decides who holds the roles.
func (s *Process) Tables() []process.Table {
	return []process.Table{
		{
			Name:   TableOrganisations,
			Title:  [2]string{"organizaciones del Estudio Territorial (socios)", "organisations of the territorial study (partners)"},
			Schema: s.OrganisationColumns(),
			Authorize: func(ctx context.Context, a relaciona.Actor) error {
				_, err := s.authorize(ctx, a, "alliance.import_organisations", s.cfg.Roles.Encargado, s.cfg.Roles.Gestor)
				return err
			},
			Check: func(_ context.Context, _ relaciona.Actor, r *csvio.Row) error {
				return fieldToColumn(s.checkOrganisation("", organisationOf(r)))
			},
			Write:  s.writeOrganisationRows,
			Export: s.exportOrganisations,
		},
		{
			Name:   TableAlliances,
			Title:  [2]string{"catastro de alianzas", "alliance registry"},
			Schema: s.AllianceColumns(),
			Authorize: func(ctx context.Context, a relaciona.Actor) error {
				_, err := s.authorize(ctx, a, "alliance.import", s.cfg.Roles.Encargado)
				return err
			},
			Check:  s.checkAllianceRow,
			Write:  s.writeAllianceRows,
			Export: s.exportAlliances,
		},
	}
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

// fieldToColumn turns a validation error's field (".resources[2]") into
// the file's column ("resources").
func fieldToColumn(err error) error {
	var ve *relaciona.ValidationError
	if errors.As(err, &ve) {
		c := *ve
		c.Field = strings.TrimPrefix(indexRE.ReplaceAllString(c.Field, ""), ".")
		return &c
	}
	return err
}

func organisationOf(r *csvio.Row) Organisation {
	return Organisation{ID: r.Text("id"), Name: r.Text("name"), Sector: Sector(r.Text("sector")), Commune: r.Text("commune"),
		Resources: r.List("resources"), Notes: r.Text("notes"),
		Contact: Contact{Name: r.Text("contact_name"), Email: r.Text("contact_email"), Phone: r.Text("contact_phone")}}
}

func allianceOf(r *csvio.Row) Alliance {
	return Alliance{ID: r.Text("id"), Office: r.Text("office"), Organisation: r.Text("organisation"), Kind: AllianceKind(r.Text("kind")),
		Objectives: r.List("objectives"), Resources: r.List("resources"), Start: r.Date("start"), End: r.Date("end")}
}

func (s *Process) writeOrganisationRows(ctx context.Context, a relaciona.Actor, at time.Time, rows []*csvio.Row) (process.Counts, error) {
	return upsertRows(ctx, s, a, at, rows, rowsInto[Organisation]{
		action: "alliance.import_organisations", roles: []string{s.cfg.Roles.Encargado, s.cfg.Roles.Gestor},
		reason: s.reason("organizaciones importadas de un archivo CSV", "organisations imported from a CSV file"),
		col:    s.orgs,
		of: func(r *csvio.Row, added calendar.Date) Organisation {
			o := organisationOf(r)
			o.Added = added
			return o
		},
		id:   func(o *Organisation) string { return o.ID },
		keep: func(old, o *Organisation) { o.Added = old.Added },
	})
}

// checkAllianceRow checks an alliance as Import does; its partner must be
// in the territorial study already (import the organisations first).
func (s *Process) checkAllianceRow(ctx context.Context, _ relaciona.Actor, r *csvio.Row) error {
	a := allianceOf(r)
	known := map[string]bool{}
	if _, err := s.orgs.Get(ctx, a.Organisation); err == nil {
		known[a.Organisation] = true
	} else if !errors.Is(err, relaciona.ErrNotFound) {
		return err
	}
	return fieldToColumn(s.checkAlliance("", a, known))
}

func (s *Process) writeAllianceRows(ctx context.Context, a relaciona.Actor, at time.Time, rows []*csvio.Row) (process.Counts, error) {
	return upsertRows(ctx, s, a, at, rows, rowsInto[Alliance]{
		action: "alliance.import", roles: []string{s.cfg.Roles.Encargado},
		reason: s.reason("alianzas importadas de un archivo CSV", "alliances imported from a CSV file"),
		col:    s.alliances,
		of: func(r *csvio.Row, registered calendar.Date) Alliance {
			v := allianceOf(r)
			v.Status, v.Registered = StatusActive, registered
			return v
		},
		id: func(a *Alliance) string { return a.ID },
		keep: func(old, v *Alliance) {
			v.Status, v.Registered, v.Ended = old.Status, old.Registered, old.Ended
			v.Notes, v.Decisions, v.Documents = old.Notes, old.Decisions, old.Documents
		},
	})
}

// rowsInto is how the rows of one of the process's tables are written:
// the action and the roles that may take it, the audit reason, the
// collection, how a row becomes a value on the day of the import, and, for
// process.Upsert, its id and what an update keeps of the stored value.
type rowsInto[T any] struct {
	action, reason string
	roles          []string
	col            *relaciona.Collection[T]
	of             func(r *csvio.Row, day calendar.Date) T
	id             func(*T) string
	keep           func(stored, imported *T)
}

// upsertRows is a table's Write: it checks that a holds one of w.roles
// and writes the rows in one batch dated at, new values added and known
// ones updated.
func upsertRows[T any](ctx context.Context, s *Process, a relaciona.Actor, at time.Time, rows []*csvio.Row, w rowsInto[T]) (process.Counts, error) {
	a, err := s.authorize(ctx, a, w.action, w.roles...)
	if err != nil {
		return process.Counts{}, err
	}
	day := calendar.DateOf(at)
	return process.WriteRows(ctx, s.store, a, w.action, w.reason, at, rows,
		func(r *csvio.Row) T { return w.of(r, day) },
		func(b *relaciona.Batch, vals []T) (process.Counts, error) {
			return process.Upsert(ctx, b, w.col, vals, w.id, w.keep)
		})
}

func (s *Process) exportOrganisations(ctx context.Context) iter.Seq2[[]string, error] {
	return process.ExportRows(ctx, s.orgs, func(o *Organisation) []string {
		return []string{o.ID, o.Name, string(o.Sector), o.Commune, csvio.FormatList(o.Resources),
			o.Contact.Name, o.Contact.Email, o.Contact.Phone, o.Notes}
	})
}

func (s *Process) exportAlliances(ctx context.Context) iter.Seq2[[]string, error] {
	return process.ExportRows(ctx, s.alliances, func(a *Alliance) []string {
		return []string{a.ID, a.Office, a.Organisation, string(a.Kind), csvio.FormatList(a.Objectives),
			csvio.FormatList(a.Resources), csvio.FormatDate(a.Start), csvio.FormatDate(a.End)}
	})
}
