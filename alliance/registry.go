package alliance

import (
	"context"
	"fmt"
	"slices"
	"sort"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// Import loads organisations and alliances into the registry and the
// territorial study in one batch: the initial catastro of an office, or a
// bulk load. Only the Encargado OMIL may import. Every reference is checked
// first (offices, organisations, objectives, resources; ids not already
// stored); on any error nothing is written. Imported alliances are active.
func (s *Process) Import(ctx context.Context, actor relaciona.Actor, at calendar.Date, orgs []Organisation, alliances []Alliance) error {
	actor, err := s.authorize(ctx, actor, "alliance.import", s.cfg.Roles.Encargado)
	if err != nil {
		return err
	}
	if err := s.checkDate("at", at); err != nil {
		return err
	}
	// The organisations alliances may name: those imported now and those stored.
	known := map[string]bool{}
	ids := make([]string, len(orgs))
	for i, o := range orgs {
		if err := s.checkOrganisation(fmt.Sprintf("organisations[%d]", i), o); err != nil {
			return err
		}
		if known[o.ID] {
			return s.invalid(fmt.Sprintf("organisations[%d].id", i), "identificador %q repetido", "duplicate id %q", o.ID)
		}
		known[o.ID] = true
		ids[i] = o.ID
	}
	var refs []string
	for _, a := range alliances {
		if !known[a.Organisation] {
			refs = append(refs, a.Organisation)
		}
	}
	stored, err := s.orgs.GetMany(ctx, append(slices.Clone(ids), refs...))
	if err != nil {
		return err
	}
	for _, d := range stored {
		if slices.Contains(ids, d.ID) {
			return s.invalid("organisations", "la organización %q ya está en el Estudio Territorial", "organisation %q is already in the territorial study", d.ID)
		}
		known[d.ID] = true
	}
	aids := make([]string, len(alliances))
	seen := map[string]bool{}
	for i, a := range alliances {
		f := fmt.Sprintf("alliances[%d]", i)
		if err := s.checkAlliance(f, a, known); err != nil {
			return err
		}
		if seen[a.ID] {
			return s.invalid(f+".id", "identificador %q repetido", "duplicate id %q", a.ID)
		}
		seen[a.ID] = true
		aids[i] = a.ID
	}
	if dup, err := s.alliances.GetMany(ctx, aids); err != nil {
		return err
	} else if len(dup) > 0 {
		return s.invalid("alliances", "la alianza %q ya está en el catastro", "alliance %q is already in the registry", dup[0].ID)
	}
	b := s.store.Begin(actor, "alliance.import", s.reason("carga del catastro: %d organizaciones, %d alianzas", "registry import: %d organisations, %d alliances", len(orgs), len(alliances))).At(stamp(at))
	for _, o := range orgs {
		if o.Added.IsZero() {
			o.Added = at
		}
		s.orgs.Put(b, &o, 0)
	}
	for _, a := range alliances {
		a.Status = StatusActive
		a.Registered = at
		a.Resources = slices.Clone(a.Resources)
		s.alliances.Put(b, &a, 0)
	}
	_, err = b.Commit(ctx)
	return err
}

// ImportConfig imports the organisations and alliances declared in the
// configuration (its initial catastro); see Import.
func (s *Process) ImportConfig(ctx context.Context, actor relaciona.Actor, at calendar.Date) error {
	return s.Import(ctx, actor, at, s.cfg.Organisations, s.cfg.Alliances)
}

// AddOrganisation adds an organisation of the territory to the territorial
// study, as a possible partner. The Encargado OMIL or the Gestor Territorial
// may add one (the Gestor helps search partners, seed 001).
func (s *Process) AddOrganisation(ctx context.Context, actor relaciona.Actor, at calendar.Date, o Organisation) error {
	actor, err := s.authorize(ctx, actor, "alliance.add_organisation", s.cfg.Roles.Encargado, s.cfg.Roles.Gestor)
	if err != nil {
		return err
	}
	if err := s.checkDate("at", at); err != nil {
		return err
	}
	if err := s.checkOrganisation("organisation", o); err != nil {
		return err
	}
	o.Added = at
	if err := putOne(ctx, s, s.orgs, actor, "alliance.add_organisation", s.reason("organización añadida al Estudio Territorial", "organisation added to the territorial study"), at, &o, 0); err != nil {
		return fmt.Errorf("%s: %w", s.lang.Tf("organización %q", "organisation %q", o.ID), err)
	}
	return nil
}

func (s *Process) checkOrganisation(f string, o Organisation) error {
	if err := s.checkID(f+".id", o.ID); err != nil {
		return err
	}
	if o.Name == "" {
		return s.invalid(f+".name", "la organización necesita un nombre", "the organisation needs a name")
	}
	switch o.Sector {
	case "", SectorPublic, SectorPrivate, SectorCivilSociety, SectorEducation, SectorHealth, SectorOther:
	default:
		return s.invalid(f+".sector", "sector desconocido %q", "unknown sector %q", o.Sector)
	}
	return s.checkResources(f+".resources", o.Resources)
}

func (s *Process) checkAlliance(f string, a Alliance, orgs map[string]bool) error {
	if err := s.checkID(f+".id", a.ID); err != nil {
		return err
	}
	if _, ok := s.cfg.Office(a.Office); !ok {
		return s.invalid(f+".office", "oficina desconocida %q", "unknown office %q", a.Office)
	}
	if !orgs[a.Organisation] {
		return s.invalid(f+".organisation", "socio desconocido %q: no está en el Estudio Territorial", "unknown partner %q: not in the territorial study", a.Organisation)
	}
	switch a.Kind {
	case KindAgreement, KindUnderstanding, KindLink:
	default:
		return s.invalid(f+".kind", "tipo de alianza desconocido %q (agreement, understanding o link)", "unknown alliance kind %q (agreement, understanding or link)", a.Kind)
	}
	if err := s.checkObjectives(f+".objectives", a.Objectives); err != nil {
		return err
	}
	if err := s.checkResources(f+".resources", a.Resources); err != nil {
		return err
	}
	if err := s.checkDate(f+".start", a.Start); err != nil {
		return err
	}
	if !a.End.IsZero() && a.End.Before(a.Start) {
		return s.invalid(f+".end", "el término (%s) es anterior al inicio (%s)", "the end (%s) is before the start (%s)", a.End, a.Start)
	}
	return nil
}

// checkResources checks that every resource of rs (field f) is in the
// configuration's catalogue.
func (s *Process) checkResources(f string, rs []string) error {
	for j, r := range rs {
		if _, ok := s.cfg.Resource(r); !ok {
			return s.invalid(fmt.Sprintf("%s[%d]", f, j), "recurso desconocido %q", "unknown resource %q", r)
		}
	}
	return nil
}

func (s *Process) checkObjectives(f string, objs []string) error {
	if len(objs) == 0 {
		return s.invalid(f, "indique al menos un objetivo estratégico", "give at least one strategic objective")
	}
	for j, o := range objs {
		if _, ok := s.cfg.Objective(o); !ok {
			return s.invalid(fmt.Sprintf("%s[%d]", f, j), "objetivo desconocido %q", "unknown objective %q", o)
		}
	}
	return nil
}

// checkID refuses, as field, an id that validID does not accept.
func (s *Process) checkID(field, id string) error {
	if !validID(id) {
		return s.invalid(field, "identificador %q no válido (minúsculas, cifras, - o _)", "invalid id %q (lower-case letters, digits, - or _)", id)
	}
	return nil
}

func validID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
		case (r == '-' || r == '_') && i > 0:
		default:
			return false
		}
	}
	return true
}

// Organisation returns an organisation of the territorial study.
func (s *Process) Organisation(ctx context.Context, id string) (Organisation, error) {
	d, err := s.orgs.Get(ctx, id)
	return d.Value, err
}

// Organisations returns every organisation of the territorial study, by id.
func (s *Process) Organisations(ctx context.Context) ([]Organisation, error) {
	out, err := s.orgs.Values(ctx, relaciona.Filter{})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Alliance returns one alliance of the registry.
func (s *Process) Alliance(ctx context.Context, id string) (Alliance, error) {
	d, err := s.getAlliance(ctx, id)
	return d.Value, err
}

// Alliances returns the alliances of office (all statuses), by id.
func (s *Process) Alliances(ctx context.Context, office string) ([]Alliance, error) {
	out, err := s.alliances.Values(ctx, relaciona.Filter{Attrs: map[string]string{"office": office}})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// live reports whether an alliance is in force (not ended).
func live(a Alliance) bool { return a.Status != StatusEnded }

// serving reports whether an alliance counts for coverage: in force and
// not on its way out.
func serving(a Alliance) bool {
	return a.Status == StatusActive || a.Status == StatusKept || a.Status == StatusRenegotiating
}

// partnerFor reads allianceID and checks that it is an alliance in force
// (serving).
func (s *Process) partnerFor(ctx context.Context, allianceID string) (relaciona.Doc[Alliance], error) {
	a, err := s.getAlliance(ctx, allianceID)
	if err != nil {
		return a, err
	}
	if !serving(a.Value) {
		return a, s.invalid("alliance", "la alianza %s no está vigente (%s)", "alliance %s is not in force (%s)", a.ID, a.Value.Status)
	}
	return a, nil
}
