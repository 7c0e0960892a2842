package alliance

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// RegistrySummary is what the registry review found: the alliances in force
// by kind and the size of the territorial study.
type RegistrySummary struct {
	Alliances     int                  `json:"alliances"`
	ByKind        map[AllianceKind]int `json:"by_kind"`
	Organisations int                  `json:"organisations"`
	Note          string               `json:"note,omitempty"`
}

// ReviewRegistry starts the office's cycle for year by reviewing its
// registry of alliances (seed 001: "comienza con la revisión que realiza el
// Encargado OMIL de las alianzas, convenios y trabajos en red"). It is the
// first step; the office's previous cycle must be closed, and year must come
// after it. Encargado OMIL only. Of calls racing to start the office's next
// cycle, one starts it and the others get an ErrConflict naming it
// (ClaimNextCycle).
func (s *Process) ReviewRegistry(ctx context.Context, actor relaciona.Actor, office string, year int, at calendar.Date, note string) (Cycle, error) {
	actor, err := s.officeStep(ctx, actor, StepReviewRegistry, office, at)
	if err != nil {
		return Cycle{}, err
	}
	if year < calendar.MinYear || year > calendar.MaxYear {
		return Cycle{}, s.invalid("year", "año %d fuera de rango", "year %d out of range", year)
	}
	cur, c, err := s.cycleStep(ctx, actor, office, at, StepReviewRegistry, "", "")
	if err != nil {
		return Cycle{}, err
	}
	if cur.Version != 0 && year <= c.Year {
		return Cycle{}, s.invalid("year", "el ciclo %d ya existe: el siguiente es %d o posterior", "the %d cycle exists already: the next one is %d or later", c.Year, c.Year+1)
	}
	all, err := s.Alliances(ctx, office)
	if err != nil {
		return Cycle{}, err
	}
	n, err := s.orgs.Count(ctx, relaciona.Filter{})
	if err != nil {
		return Cycle{}, err
	}
	sum := &RegistrySummary{ByKind: map[AllianceKind]int{}, Organisations: int(n), Note: note}
	for _, a := range all {
		if live(a) {
			sum.Alliances++
			sum.ByKind[a.Kind]++
		}
	}
	ev := c.History[len(c.History)-1]
	next := Cycle{ID: cycleID(office, year), Office: office, Year: year, Phase: c.Phase, Started: at, Registry: sum, History: []Event{ev}}
	b := s.store.Begin(actor, "alliance.review_registry", s.reason("revisión del catastro %s", "registry review %s", next.ID)).At(stamp(at))
	s.cycles.Put(b, &next, 0)
	after := cur.Value.ID
	if cur.Version == 0 {
		after = office + ":start"
	}
	b.Claim(ClaimNextCycle, after, relaciona.Ref{Kind: KindCycle, ID: next.ID})
	if _, err := b.Commit(ctx); err != nil {
		var ce *relaciona.ClaimError
		if errors.As(err, &ce) {
			return Cycle{}, fmt.Errorf("%s: %w", s.lang.Tf("otro ciclo (%s) de la oficina %s se inició mientras tanto", "another cycle (%s) of office %s was started meanwhile",
				ce.Holder.ID, office), ce)
		}
		return Cycle{}, err
	}
	return next, nil
}

// ClaimNextCycle is the name of the claim that keeps an office's cycles in
// one line: its key is the cycle a new cycle follows (the office id and
// ":start" for the first), its holder the new cycle. Of two ReviewRegistry
// racing to start the office's next cycle (for the same year or not), one
// starts it and the other gets an ErrConflict naming it.
const ClaimNextCycle = "alliance.cycle.next"

// Diagnose takes the needs diagnosis of the office's cycle (see the
// function Diagnose) over the measurements of the year up to at, and keeps
// it in the cycle. Encargado OMIL only.
func (s *Process) Diagnose(ctx context.Context, actor relaciona.Actor, office string, at calendar.Date) (Diagnosis, error) {
	actor, cur, c, err := s.officeCycle(ctx, actor, StepDiagnose, office, at)
	if err != nil {
		return Diagnosis{}, err
	}
	d, err := s.diagnosis(ctx, office, at)
	if err != nil {
		return Diagnosis{}, err
	}
	c.Diagnosis = &d
	if _, err := s.putCycle(ctx, actor, "alliance.diagnose", s.reason("diagnóstico de necesidades: %d brechas", "needs diagnosis: %d gaps", len(d.Gaps)), at, &c, cur.Version); err != nil {
		return Diagnosis{}, err
	}
	return d, nil
}

// diagnosis computes the diagnosis of office at a date, over the year
// before it (at minus 364 days to at).
func (s *Process) diagnosis(ctx context.Context, office string, at calendar.Date) (Diagnosis, error) {
	all, err := s.Alliances(ctx, office)
	if err != nil {
		return Diagnosis{}, err
	}
	from := at.AddDays(-364)
	ms, err := s.measurementsOf(ctx, office, "", from, at)
	if err != nil {
		return Diagnosis{}, err
	}
	return Diagnose(s.cfg, office, all, ms, from, at), nil
}

// Decide records whether the office needs new partners (seed 001: "el
// Encargado OMIL debe evaluar la necesidad de agregar nuevas redes"): yes
// leads to the partner search, no straight to monitoring. A reason is
// required. Encargado OMIL only.
func (s *Process) Decide(ctx context.Context, actor relaciona.Actor, office string, at calendar.Date, needNew bool, reason string) (Cycle, error) {
	actor, err := s.officeStep(ctx, actor, StepDecide, office, at)
	if err != nil {
		return Cycle{}, err
	}
	if strings.TrimSpace(reason) == "" {
		return Cycle{}, s.invalid("reason", "la decisión necesita una razón", "the decision needs a reason")
	}
	when := WhenNoNew
	if needNew {
		when = WhenNewPartners
	}
	cur, c, err := s.cycleStep(ctx, actor, office, at, StepDecide, when, "")
	if err != nil {
		return Cycle{}, err
	}
	c.NeedNew, c.Decision = needNew, reason
	return s.putCycle(ctx, actor, "alliance.decide", reason, at, &c, cur.Version)
}

// StartMonitoring ends the search for new partners and moves the cycle to
// monitoring (seed 001: "Luego de establecidas y registradas las nuevas
// redes ... se procede al monitoreo"). A partner agreed but not registered
// yet must be registered first. Encargado OMIL only.
func (s *Process) StartMonitoring(ctx context.Context, actor relaciona.Actor, office string, at calendar.Date) (Cycle, error) {
	actor, cur, c, err := s.officeCycle(ctx, actor, StepMonitor, office, at)
	if err != nil {
		return Cycle{}, err
	}
	searches, err := s.searches.GetMany(ctx, c.Searches)
	if err != nil {
		return Cycle{}, err
	}
	for _, d := range searches {
		for _, cand := range d.Value.Candidates {
			if cand.Status == CandidateAgreed {
				return Cycle{}, s.invalid("candidates", "el acuerdo con %q (búsqueda %s) aún no se registra: regístrelo antes de pasar al monitoreo",
					"the agreement with %q (search %s) is not registered yet: register it before moving to monitoring", cand.Organisation, d.ID)
			}
		}
	}
	return s.putCycle(ctx, actor, "alliance.monitor", s.reason("inicio del monitoreo", "monitoring starts"), at, &c, cur.Version)
}

// CloseCycle closes the office's cycle of the year. The yearly review (not
// only an on-demand one) must have been held and closed. Encargado OMIL
// only.
func (s *Process) CloseCycle(ctx context.Context, actor relaciona.Actor, office string, at calendar.Date) (Cycle, error) {
	actor, cur, c, err := s.officeCycle(ctx, actor, StepClose, office, at)
	if err != nil {
		return Cycle{}, err
	}
	reviews, err := s.reviews.GetMany(ctx, c.Reviews)
	if err != nil {
		return Cycle{}, err
	}
	yearly := false
	for _, r := range reviews {
		yearly = yearly || (!r.Value.OnDemand && !r.Value.Closed.IsZero())
	}
	if !yearly {
		return Cycle{}, s.invalid("review", "el ciclo %d no puede cerrarse sin la revisión anual de las alianzas", "the %d cycle cannot close without the yearly review of the alliances", c.Year)
	}
	return s.putCycle(ctx, actor, "alliance.close", s.reason("cierre del ciclo %s", "cycle %s closed", c.ID), at, &c, cur.Version)
}

// officeStep checks that actor may take step (the directory decides) on
// office at a valid date, and returns the directory's actor.
func (s *Process) officeStep(ctx context.Context, actor relaciona.Actor, step Step, office string, at calendar.Date) (relaciona.Actor, error) {
	actor, err := s.allow(ctx, actor, step)
	if err != nil {
		return actor, err
	}
	if err := s.checkOffice(office); err != nil {
		return actor, err
	}
	return actor, s.checkDate("at", at)
}

// cycleStep reads office's current cycle and takes step (when, about
// subject) on a copy of it (see step); it returns the stored cycle, for its
// version, and the copy with the step taken.
func (s *Process) cycleStep(ctx context.Context, actor relaciona.Actor, office string, at calendar.Date, step Step, when, subject string) (relaciona.Doc[Cycle], Cycle, error) {
	cur, err := s.current(ctx, office)
	if err != nil {
		return cur, Cycle{}, err
	}
	c := cur.Value
	if err := s.step(&c, actor, at, step, when, subject); err != nil {
		return cur, Cycle{}, err
	}
	return cur, c, nil
}

// officeCycle is officeStep and then cycleStep, for a step on the office's
// cycle that takes no argument of its own to check in between.
func (s *Process) officeCycle(ctx context.Context, actor relaciona.Actor, step Step, office string, at calendar.Date) (relaciona.Actor, relaciona.Doc[Cycle], Cycle, error) {
	actor, err := s.officeStep(ctx, actor, step, office, at)
	if err != nil {
		return actor, relaciona.Doc[Cycle]{}, Cycle{}, err
	}
	cur, c, err := s.cycleStep(ctx, actor, office, at, step, "", "")
	return actor, cur, c, err
}

// allowAt checks that actor may take step (the directory decides) at a
// valid date, and returns the directory's actor.
func (s *Process) allowAt(ctx context.Context, actor relaciona.Actor, step Step, at calendar.Date) (relaciona.Actor, error) {
	actor, err := s.allow(ctx, actor, step)
	if err != nil {
		return actor, err
	}
	return actor, s.checkDate("at", at)
}

// putCycle writes c over the stored version in one batch of action, audited
// with reason at the date at, and returns it.
func (s *Process) putCycle(ctx context.Context, actor relaciona.Actor, action, reason string, at calendar.Date, c *Cycle, version int64) (Cycle, error) {
	if err := putOne(ctx, s, s.cycles, actor, action, reason, at, c, version); err != nil {
		return Cycle{}, err
	}
	return *c, nil
}
