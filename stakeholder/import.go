package stakeholder

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

// The CSV registers of the process (issue #18, item 5): the stakeholders
// and their groups, imported with "relaciona import stakeholders FILE" and
// "relaciona import groups FILE", and exported the same way.

// Names of the process's CSV tables.
const (
	TableStakeholders = "stakeholders"
	TableGroups       = "groups"
)

// StakeholderColumns is the schema of the stakeholders file. A
// stakeholder's first contact travels in the contact_* columns; further
// contacts (set through Register) are kept when a file updates the
// stakeholder. The name and the contact are personal data.
func (s *Process) StakeholderColumns() csvio.Schema {
	chans := make([]string, 0, len(s.channels))
	for _, c := range s.cfg.Channels {
		chans = append(chans, c.ID)
	}
	return csvio.Schema{Columns: []csvio.Column{
		{Name: "id", Aliases: []string{"identificador"}, Required: true, Max: 64},
		{Name: "name", Aliases: []string{"nombre"}, Required: true, Personal: true, Max: 200},
		{Name: "type", Aliases: []string{"tipo"}, Type: csvio.Enum, Required: true, Values: []string{string(Person), string(Organisation)}},
		{Name: "internal", Aliases: []string{"interno"}, Type: csvio.Bool},
		{Name: "groups", Aliases: []string{"grupos"}, Type: csvio.List},
		{Name: "contact_point", Aliases: []string{"punto_de_contacto"}},
		{Name: "channels", Aliases: []string{"canales"}, Type: csvio.List, Values: chans},
		{Name: "contact_name", Aliases: []string{"contacto_nombre"}, Personal: true},
		{Name: "contact_role", Aliases: []string{"contacto_cargo"}},
		{Name: "contact_email", Aliases: []string{"contacto_correo"}, Personal: true},
		{Name: "contact_phone", Aliases: []string{"contacto_telefono"}, Personal: true},
	}, Key: []string{"id"}}
}

// GroupColumns is the schema of the groups file.
func GroupColumns() csvio.Schema {
	return csvio.Schema{Columns: []csvio.Column{
		{Name: "id", Aliases: []string{"identificador"}, Required: true, Max: 64},
		{Name: "name", Aliases: []string{"nombre"}, Required: true, Max: 200},
		{Name: "internal", Aliases: []string{"interno"}, Type: csvio.Bool},
		{Name: "parent", Aliases: []string{"padre"}, Max: 64},
		{Name: "needs", Aliases: []string{"necesidades"}, Type: csvio.List},
	}, Key: []string{"id"}}
}

// Tables returns the process's registers as CSV tables (process.Importer):
// stakeholders, which needs the "register" level (and the contact-point
// levels for a row that sets one), and groups, which needs
// "define_group_needs". The levels come from the directory.
func (s *Process) Tables() []process.Table {
	return []process.Table{
		{
			Name:   TableStakeholders,
			Title:  [2]string{"partes interesadas", "stakeholders"},
			Schema: s.StakeholderColumns(),
			Authorize: func(ctx context.Context, a relaciona.Actor) error {
				_, err := s.require(ctx, a, ActRegister)
				return err
			},
			Check:  s.checkStakeholderRow,
			Write:  s.writeStakeholderRows,
			Export: s.exportStakeholders,
		},
		{
			Name:   TableGroups,
			Title:  [2]string{"grupos de partes interesadas", "stakeholder groups"},
			Schema: GroupColumns(),
			Authorize: func(ctx context.Context, a relaciona.Actor) error {
				_, err := s.require(ctx, a, ActDefineGroupNeeds)
				return err
			},
			Check:  s.checkGroupRow,
			Write:  s.writeGroupRows,
			Export: s.exportGroups,
		},
	}
}

func stakeholderOf(r *csvio.Row) Stakeholder {
	v := Stakeholder{ID: r.Text("id"), Name: r.Text("name"), Type: Type(r.Text("type")), Internal: r.Bool("internal"),
		Groups: r.List("groups"), ContactPoint: r.Text("contact_point"), Channels: r.List("channels")}
	c := Contact{Name: r.Text("contact_name"), Role: r.Text("contact_role"), Email: r.Text("contact_email"), Phone: r.Text("contact_phone")}
	if c != (Contact{}) {
		v.Contacts = []Contact{c}
	}
	return v
}

var indexRE = regexp.MustCompile(`\[\d+\]`)

// column turns a validation error's field into the file's column.
func column(err error) error {
	var ve *relaciona.ValidationError
	if errors.As(err, &ve) {
		c := *ve
		c.Field = indexRE.ReplaceAllString(c.Field, "")
		c.Field = strings.Replace(c.Field, "contacts.", "contact_", 1)
		return &c
	}
	return err
}

// checkStakeholderRow checks a row as Register would: the fields, the
// groups and channels it names, and the levels of a contact point it sets
// or changes.
func (s *Process) checkStakeholderRow(ctx context.Context, a relaciona.Actor, r *csvio.Row) error {
	v := stakeholderOf(r)
	same := v.ContactPoint == ""
	if !same {
		cur, err := s.stakeholders.Get(ctx, v.ID)
		switch {
		case err == nil:
			same = cur.Value.ContactPoint == v.ContactPoint
			v.Latest = cur.Value.Latest
		case !errors.Is(err, relaciona.ErrNotFound):
			return err
		}
	}
	return column(s.checkStakeholder(ctx, a, &v, same))
}

// writeStakeholderRows writes rows that passed checkStakeholderRow in one
// audited batch. A new stakeholder is registered on at's date; an update
// keeps its registration, its assessments and its contacts after the
// first.
func (s *Process) writeStakeholderRows(ctx context.Context, a relaciona.Actor, at time.Time, rows []*csvio.Row) (process.Counts, error) {
	a, err := s.require(ctx, a, ActRegister)
	if err != nil {
		return process.Counts{}, err
	}
	of := func(r *csvio.Row) Stakeholder {
		v := stakeholderOf(r)
		v.Registered = calendar.DateOf(at)
		return v
	}
	return process.WriteRows(ctx, s.store, a, "stakeholder.import_csv", "stakeholders imported from a CSV file", at, rows, of,
		func(b *relaciona.Batch, vals []Stakeholder) (process.Counts, error) {
			return process.Upsert(ctx, b, s.stakeholders, vals, func(v *Stakeholder) string { return v.ID },
				func(old, v *Stakeholder) {
					v.Registered, v.Latest, v.Assessments = old.Registered, old.Latest, old.Assessments
					if len(old.Contacts) > 1 && len(v.Contacts) == 1 {
						v.Contacts = append(v.Contacts, old.Contacts[1:]...)
					}
				})
		})
}

func (s *Process) exportStakeholders(ctx context.Context) iter.Seq2[[]string, error] {
	return process.ExportRows(ctx, s.stakeholders, func(v *Stakeholder) []string {
		var c Contact
		if len(v.Contacts) > 0 {
			c = v.Contacts[0]
		}
		return []string{v.ID, v.Name, string(v.Type), csvio.FormatBool(v.Internal), csvio.FormatList(v.Groups),
			v.ContactPoint, csvio.FormatList(v.Channels), c.Name, c.Role, c.Email, c.Phone}
	})
}

// checkGroupRow checks a group's id; its parent is checked when the rows
// are written, since it may come in the same file.
func (s *Process) checkGroupRow(_ context.Context, _ relaciona.Actor, r *csvio.Row) error {
	if err := s.checkID("id", r.Text("id")); err != nil {
		return err
	}
	if p := r.Text("parent"); p != "" {
		return s.checkID("parent", p)
	}
	return nil
}

// writeGroupRows writes groups as DefineGroup would, in one audited batch:
// every parent must be a stored group or one of the batch, and the nesting
// must not loop.
func (s *Process) writeGroupRows(ctx context.Context, a relaciona.Actor, at time.Time, rows []*csvio.Row) (process.Counts, error) {
	a, err := s.require(ctx, a, ActDefineGroupNeeds)
	if err != nil {
		return process.Counts{}, err
	}
	of := func(r *csvio.Row) Group {
		return Group{ID: r.Text("id"), Name: r.Text("name"), Internal: r.Bool("internal"), Parent: r.Text("parent"), Needs: r.List("needs")}
	}
	return process.WriteRows(ctx, s.store, a, "stakeholder.import_csv", "stakeholder groups imported from a CSV file", at, rows, of,
		func(b *relaciona.Batch, vals []Group) (process.Counts, error) {
			all, err := s.groups.All(ctx, relaciona.Filter{})
			if err != nil {
				return process.Counts{}, err
			}
			parent := map[string]string{}
			for _, d := range all {
				parent[d.ID] = d.Value.Parent
			}
			for _, g := range vals {
				parent[g.ID] = g.Parent
			}
			for i, g := range vals {
				if g.Parent == "" {
					continue
				}
				if _, ok := parent[g.Parent]; !ok {
					return process.Counts{}, prefixLine(rows[i], s.notFound("parent", "grupo padre desconocido %q", "unknown parent group %q", g.Parent))
				}
				path := []string{g.ID}
				for cur, k := g.Parent, 0; cur != "" && k <= len(parent); cur, k = parent[cur], k+1 {
					path = append(path, cur)
					if cur == g.ID {
						return process.Counts{}, prefixLine(rows[i], s.invalid("parent", "los grupos anidados formarían un ciclo: %s", "nested groups would form a cycle: %s", joinArrow(path)))
					}
				}
			}
			return process.Upsert(ctx, b, s.groups, vals, func(v *Group) string { return v.ID }, nil)
		})
}

// prefixLine names the row's line in a validation error found when
// writing.
func prefixLine(r *csvio.Row, err error) error {
	var ve *relaciona.ValidationError
	if errors.As(err, &ve) {
		return &csvio.Error{Line: r.Line, Column: ve.Field, Msg: ve.Msg}
	}
	return err
}

func (s *Process) exportGroups(ctx context.Context) iter.Seq2[[]string, error] {
	return process.ExportRows(ctx, s.groups, func(g *Group) []string {
		return []string{g.ID, g.Name, csvio.FormatBool(g.Internal), g.Parent, csvio.FormatList(g.Needs)}
	})
}
