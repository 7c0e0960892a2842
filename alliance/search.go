package alliance

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// SearchRequest narrows a partner search.
type SearchRequest struct {
	// Objectives limits the search to the gaps of these objectives; empty
	// means every gap of the cycle's diagnosis.
	Objectives []string
	// Shortlist names the candidates carried into meetings; empty means the
	// best-ranked search.shortlist_size candidates.
	Shortlist []string
	// Note is kept in the audit log as the reason.
	Note string
}

// SearchPartners looks for partners that provide what the diagnosis found
// missing (seed 001: "buscar posibles socios para generar redes que provean
// los recursos requeridos y no satisfechos por los actuales acuerdos"). The
// organisations of the territorial study that are not current partners are
// ranked against the gaps (see Rank) and a shortlist is carried into
// meetings. The Encargado OMIL or the Gestor Territorial may search.
func (s *Process) SearchPartners(ctx context.Context, actor relaciona.Actor, office string, at calendar.Date, req SearchRequest) (Search, error) {
	actor, err := s.officeStep(ctx, actor, StepSearch, office, at)
	if err != nil {
		return Search{}, err
	}
	for i, o := range req.Objectives {
		if _, ok := s.cfg.Objective(o); !ok {
			return Search{}, s.invalid(fmt.Sprintf("objectives[%d]", i), "objetivo desconocido %q", "unknown objective %q", o)
		}
	}
	cur, c, err := s.cycleStep(ctx, actor, office, at, StepSearch, "", "")
	if err != nil {
		return Search{}, err
	}
	var gaps []Gap
	if c.Diagnosis != nil {
		for _, g := range c.Diagnosis.Gaps {
			if len(req.Objectives) == 0 || slices.Contains(req.Objectives, g.Objective) {
				gaps = append(gaps, g)
			}
		}
	}
	if len(req.Objectives) > 0 && len(gaps) == 0 {
		// Objectives named explicitly: search for all they need.
		for _, o := range req.Objectives {
			gaps = append(gaps, objectiveGaps(s.cfg, o)...)
		}
	}
	if len(gaps) == 0 {
		return Search{}, s.invalid("objectives", "el diagnóstico no encontró brechas: indique los objetivos para los que busca socios", "the diagnosis found no gaps: name the objectives to search partners for")
	}
	x, err := s.newSearch(ctx, &c, at, actor, gaps, "", req.Shortlist)
	if err != nil {
		return Search{}, err
	}
	reason := req.Note
	if reason == "" {
		reason = s.reason("búsqueda de socios: %d candidatos", "partner search: %d candidates", len(x.Candidates))
	}
	b := s.store.Begin(actor, "alliance.search_partners", reason).At(stamp(at))
	s.searches.Put(b, &x, 0)
	s.cycles.Put(b, &c, cur.Version)
	if _, err := b.Commit(ctx); err != nil {
		return Search{}, err
	}
	return x, nil
}

// objectiveGaps are all the needs of an objective: the objective itself and
// each resource it requires.
func objectiveGaps(cfg *Config, id string) []Gap {
	gaps := []Gap{{Objective: id}}
	if o, ok := cfg.Objective(id); ok {
		for _, r := range o.Resources {
			gaps = append(gaps, Gap{Objective: id, Resource: r})
		}
	}
	return gaps
}

// newSearch builds a search of cycle c (and adds it to c.Searches): the
// ranked candidates, excluding the office's current partners, with the
// shortlist marked.
func (s *Process) newSearch(ctx context.Context, c *Cycle, at calendar.Date, actor relaciona.Actor, gaps []Gap, replaces string, shortlist []string) (Search, error) {
	orgs, err := s.Organisations(ctx)
	if err != nil {
		return Search{}, err
	}
	all, err := s.Alliances(ctx, c.Office)
	if err != nil {
		return Search{}, err
	}
	exclude := map[string]bool{}
	for _, a := range all {
		if live(a) || a.ID == replaces {
			exclude[a.Organisation] = true
		}
	}
	x := Search{ID: fmt.Sprintf("%s:s%d", c.ID, len(c.Searches)+1), Office: c.Office, Year: c.Year, Date: at, Replaces: replaces, Gaps: gaps, By: actor.ID}
	x.Candidates = Rank(s.cfg, gaps, orgs, exclude)
	if len(shortlist) == 0 {
		for i := range x.Candidates {
			if i < s.cfg.Search.ShortlistSize {
				x.Candidates[i].Status = CandidateShortlisted
			}
		}
	}
	for i, id := range shortlist {
		cand := x.Candidate(id)
		if cand == nil {
			return Search{}, s.invalid(fmt.Sprintf("shortlist[%d]", i), "%q no es candidato: no está en el Estudio Territorial, ya es socio o no aporta a las brechas", "%q is not a candidate: not in the territorial study, a partner already, or it fills no gap", id)
		}
		cand.Status = CandidateShortlisted
	}
	c.Searches = append(c.Searches, x.ID)
	return x, nil
}

// Search returns a partner search by id.
func (s *Process) Search(ctx context.Context, id string) (Search, error) {
	d, err := s.searches.Get(ctx, id)
	return d.Value, err
}

// candidateStep reads the search and the office's cycle, checks both
// machines for step on org, and returns them for the caller to write.
func (s *Process) candidateStep(ctx context.Context, actor relaciona.Actor, searchID, org string, at calendar.Date, step Step) (relaciona.Doc[Search], *Candidate, error) {
	actor, err := s.allowAt(ctx, actor, step, at)
	if err != nil {
		return relaciona.Doc[Search]{}, nil, err
	}
	d, err := getKnown(ctx, s, s.searches, searchID, "búsqueda desconocida %q", "unknown search %q")
	if err != nil {
		return d, nil, err
	}
	cur, err := s.current(ctx, d.Value.Office)
	if err != nil {
		return d, nil, err
	}
	c := cur.Value
	if c.Year != d.Value.Year {
		return d, nil, s.invalid("search", "la búsqueda %s es del ciclo %d, ya terminado", "search %s belongs to the %d cycle, which is over", searchID, d.Value.Year)
	}
	if err := s.step(&c, actor, at, step, "", org); err != nil {
		return d, nil, err
	}
	cand := d.Value.Candidate(org)
	if cand == nil {
		return d, nil, s.invalid("organisation", "%q no es candidato en la búsqueda %s", "%q is not a candidate in search %s", org, searchID)
	}
	state := string(cand.Status)
	to, err := advance(CandidateMachine(), s.lang, org, state, step, "")
	if err != nil {
		return d, nil, err
	}
	cand.Status = CandidateStatus(to)
	return d, cand, nil
}

// Meet records a meeting and negotiation notes with a shortlisted or
// negotiating candidate (seed 001: "el Encargado OMIL o Gestor Territorial
// se reúne con ellos para buscar una nueva alianza"). The Encargado OMIL or
// the Gestor Territorial may meet.
func (s *Process) Meet(ctx context.Context, actor relaciona.Actor, searchID, org string, at calendar.Date, notes string) error {
	actor, err := s.allow(ctx, actor, StepMeet)
	if err != nil {
		return err
	}
	if strings.TrimSpace(notes) == "" {
		return s.invalid("notes", "registre las notas de la reunión", "record the notes of the meeting")
	}
	d, cand, err := s.candidateStep(ctx, actor, searchID, org, at, StepMeet)
	if err != nil {
		return err
	}
	cand.Notes = append(cand.Notes, Note{Date: at, Actor: actor.ID, Text: notes})
	return putOne(ctx, s, s.searches, actor, "alliance.meet", s.reason("reunión con %s", "meeting with %s", org), at, &d.Value, d.Version)
}

// Agree establishes the agreement with a candidate in negotiation (seed
// 001: "realizar tareas de negociación y el establecer acuerdos"): the kind
// of alliance, the objectives it serves and the resources the partner
// provides (by default, those the organisation offers). Encargado OMIL
// only.
func (s *Process) Agree(ctx context.Context, actor relaciona.Actor, searchID, org string, at calendar.Date, t Terms) error {
	actor, err := s.allow(ctx, actor, StepAgree)
	if err != nil {
		return err
	}
	d, cand, err := s.candidateStep(ctx, actor, searchID, org, at, StepAgree)
	if err != nil {
		return err
	}
	if t.Start.IsZero() {
		t.Start = at
	}
	if len(t.Resources) == 0 {
		o, err := s.Organisation(ctx, org)
		if err != nil {
			return err
		}
		t.Resources = o.Resources
	}
	probe := Alliance{ID: "probe", Office: d.Value.Office, Organisation: org, Kind: t.Kind, Objectives: t.Objectives, Resources: t.Resources, Start: t.Start, End: t.End}
	if err := s.checkAlliance("terms", probe, map[string]bool{org: true}); err != nil {
		return err
	}
	cand.Terms = &t
	return putOne(ctx, s, s.searches, actor, "alliance.agree", s.reason("acuerdo con %s", "agreement with %s", org), at, &d.Value, d.Version)
}

// Register enters an agreed alliance in the registry, with its documents
// in the digital archive "Alianzas vigentes" (at least one), which also
// places it in the territorial study (seed 001: "registrar las nuevas
// alianzas vigentes en el archivo digital respectivo, así como en el
// Estudio Territorial"). Encargado OMIL only.
func (s *Process) Register(ctx context.Context, actor relaciona.Actor, searchID, org string, at calendar.Date, allianceID string, docs []Document) (Alliance, error) {
	actor, err := s.allow(ctx, actor, StepRegister)
	if err != nil {
		return Alliance{}, err
	}
	if err := s.checkID("alliance", allianceID); err != nil {
		return Alliance{}, err
	}
	if err := s.checkDocuments(docs); err != nil {
		return Alliance{}, err
	}
	d, cand, err := s.candidateStep(ctx, actor, searchID, org, at, StepRegister)
	if err != nil {
		return Alliance{}, err
	}
	t := cand.Terms
	a := Alliance{ID: allianceID, Office: d.Value.Office, Organisation: org, Kind: t.Kind, Objectives: t.Objectives, Resources: t.Resources,
		Start: t.Start, End: t.End, Documents: docs, Status: StatusActive, Registered: at, Notes: cand.Notes}
	cand.Alliance = allianceID
	b := s.store.Begin(actor, "alliance.register", s.reason("alianza %s registrada en Alianzas vigentes y el Estudio Territorial", "alliance %s registered in Alianzas vigentes and the territorial study", allianceID)).At(stamp(at))
	s.searches.Put(b, &d.Value, d.Version)
	s.alliances.Put(b, &a, 0)
	if _, err := b.Commit(ctx); err != nil {
		if errors.Is(err, relaciona.ErrConflict) {
			return Alliance{}, fmt.Errorf("%w: %s", err, s.lang.Tf("¿ya existe la alianza %q?", "does alliance %q exist already?", allianceID))
		}
		return Alliance{}, err
	}
	return a, nil
}

func (s *Process) checkDocuments(docs []Document) error {
	if len(docs) == 0 {
		return s.invalid("documents", "registre al menos un documento en el archivo «Alianzas vigentes»", "record at least one document in the \"Alianzas vigentes\" archive")
	}
	for i, d := range docs {
		if strings.TrimSpace(d.Title) == "" || strings.TrimSpace(d.Ref) == "" {
			return s.invalid(fmt.Sprintf("documents[%d]", i), "el documento necesita título y referencia", "the document needs a title and a reference")
		}
	}
	return nil
}
