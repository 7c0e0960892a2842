package satisfaction

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// Question kinds of an interview design.
const (
	QuestionScore = "score" // answered on the interview scale of the YAML
	QuestionText  = "text"  // answered in words
)

// Question is one question of the annual interview.
type Question struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Kind string `json:"kind"`
}

// Design is the annual satisfaction interview, one for the whole area,
// designed by the process owner and validated by Dirección (seed 003 §6.3:
// "El dueño de proceso debe diseñar la entrevista de satisfacción y
// validarla con la Dirección. La misma será unificada para toda el área").
type Design struct {
	ID         string     `json:"id"`
	Year       int        `json:"year"`
	Title      string     `json:"title"`
	Questions  []Question `json:"questions"`
	DesignedBy string     `json:"designed_by"`
	Approved   bool       `json:"approved"`
	ApprovedBy string     `json:"approved_by,omitempty"`
	ApprovedAt time.Time  `json:"approved_at,omitzero"`
}

// DesignInterview records the owner's interview design for a year. Until
// Dirección approves it, nothing can be recorded against it, and the owner
// may change it under the same id. A year has one design: a second id for
// a year that has one is an ErrConflict naming it (ClaimDesignYear).
func (p *Process) DesignInterview(ctx context.Context, a relaciona.Actor, d Design, at time.Time) (Design, error) {
	a, err := p.authorize(ctx, a, "design the annual interview", RoleOwner)
	if err != nil {
		return Design{}, err
	}
	if d.Year < 2000 || d.Year > 2200 {
		return Design{}, p.invalid("year", "el año %d está fuera de rango", "year %d is out of range", d.Year)
	}
	if err := p.required("title", d.Title); err != nil {
		return Design{}, err
	}
	if len(d.Questions) == 0 {
		return Design{}, p.invalid("questions", "una entrevista necesita al menos una pregunta", "an interview needs at least one question")
	}
	seen := map[string]bool{}
	scored := 0
	for i, q := range d.Questions {
		f := fmt.Sprintf("questions[%d]", i)
		if q.ID == "" || seen[q.ID] {
			return Design{}, p.invalid(f+".id", "los identificadores de pregunta deben existir y ser únicos", "question ids must be present and unique")
		}
		seen[q.ID] = true
		if err := p.required(f+".text", q.Text); err != nil {
			return Design{}, err
		}
		switch q.Kind {
		case QuestionScore:
			scored++
		case QuestionText:
		default:
			return Design{}, p.invalid(f+".kind", "tipo de pregunta desconocido %q (score, text)", "unknown question kind %q (score, text)", q.Kind)
		}
	}
	if scored == 0 {
		return Design{}, p.invalid("questions", "la entrevista necesita al menos una pregunta con puntuación: su media es la puntuación CMI", "the interview needs at least one scored question: its mean is the CMI score")
	}
	if d.ID == "" {
		d.ID = fmt.Sprintf("interview-%d", d.Year)
	}
	d.DesignedBy, d.Approved, d.ApprovedBy, d.ApprovedAt = a.ID, false, "", time.Time{}
	prev, err := p.designs.Get(ctx, d.ID)
	var expect int64
	switch {
	case err == nil && prev.Value.Approved:
		return Design{}, p.invalid("id", "el diseño %s ya está aprobado por Dirección y no puede cambiar", "design %s is already approved by Dirección and cannot change", d.ID)
	case err == nil && prev.Value.Year != d.Year:
		return Design{}, p.invalid("year", "el diseño %s es de %d: un diseño de %d necesita su propio identificador", "design %s is for %d: a design for %d needs its own id", d.ID, prev.Value.Year, d.Year)
	case err == nil:
		expect = prev.Version
	case !isNotFound(err):
		return Design{}, err
	}
	b := p.store.Begin(a, "satisfaction.design", "annual interview designed")
	p.designs.Put(b, &d, expect)
	if expect == 0 {
		// A new design: the year must have none (one interview for the
		// whole area), checked again by the claim when committing.
		year := strconv.Itoa(d.Year)
		holder, err := p.designOfYear(ctx, year)
		if err != nil {
			return Design{}, err
		}
		if holder != "" {
			return Design{}, p.designYearError(&relaciona.ClaimError{Name: ClaimDesignYear, Key: year, Holder: relaciona.Ref{Kind: kindDesign, ID: holder}})
		}
		b.Claim(ClaimDesignYear, year, relaciona.Ref{Kind: kindDesign, ID: d.ID})
	}
	return commitClaiming(ctx, p, b, at, d, ClaimDesignYear, p.designYearError)
}

// ClaimDesignYear is the name of the claim that makes the rule "one
// interview design a year for the whole area": its key is the year, its
// holder the design. Of owners racing to design a year's interview under
// different ids, one does and the others get an ErrConflict naming it.
const ClaimDesignYear = "satisfaction.design.year"

// designYearError is the ErrConflict of a second design for a year.
func (p *Process) designYearError(c *relaciona.ClaimError) error {
	return fmt.Errorf("%s: %w", p.lang.Tf("%s ya tiene el diseño de entrevista %s: un diseño al año para toda el área", "%s already has interview design %s: one design a year for the whole area", c.Key, c.Holder.ID), c)
}

// designOfYear returns the design of year, or "": the holder of the year's
// claim, or a design stored before claims.
func (p *Process) designOfYear(ctx context.Context, year string) (string, error) {
	return claimHolder(ctx, p.store, ClaimDesignYear, year, p.designs, "year")
}

// ApproveDesign is Dirección validating the interview design (seed 003 §6.3).
func (p *Process) ApproveDesign(ctx context.Context, a relaciona.Actor, id string, at time.Time) (Design, error) {
	a, err := p.authorize(ctx, a, "approve the interview design", RoleDirection)
	if err != nil {
		return Design{}, err
	}
	doc, err := p.designs.Get(ctx, id)
	if err != nil {
		return Design{}, err
	}
	d := doc.Value
	if d.Approved {
		return Design{}, p.invalid("approved", "el diseño %s ya está aprobado", "design %s is already approved", id)
	}
	d.Approved, d.ApprovedBy, d.ApprovedAt = true, a.ID, at
	b := p.store.Begin(a, "satisfaction.design.approve", "interview design validated by Dirección")
	p.designs.Put(b, &d, doc.Version)
	return d, p.commit(ctx, b, at)
}

// Interview is one client's annual satisfaction interview. Needs and
// Complaints are topics of the YAML catalogue, for the analysis of what is
// common to several clients. Notes may hold personal data.
type Interview struct {
	ID         string            `json:"id"`
	Client     string            `json:"client" personal:"subject"`
	Year       int               `json:"year"`
	Design     string            `json:"design"`
	Date       calendar.Date     `json:"date"`
	By         string            `json:"by"`
	Scores     map[string]int    `json:"scores"`
	Answers    map[string]string `json:"answers,omitempty" personal:"true"`
	Needs      []string          `json:"needs,omitempty"`
	Complaints []string          `json:"complaints,omitempty"`
	Notes      string            `json:"notes,omitempty" personal:"true"`
	Score      float64           `json:"score"`
	// Briefed is true when, in this interview, the client was told what had
	// been done so far under a work plan agreed before it (seed 003 §6.3).
	Briefed bool `json:"briefed,omitempty"`
}

// RecordInterview records a client's annual interview. The design must be
// approved by Dirección; a client has one interview a year (seed 003 §6.3:
// "una vez al año"). When the client's work plan for the year came first
// and the briefing is pending, Briefed records it in the same batch.
func (p *Process) RecordInterview(ctx context.Context, a relaciona.Actor, iv Interview, at time.Time) (Interview, error) {
	a, err := p.authorize(ctx, a, "record an interview", RoleOwner, RoleManager)
	if err != nil {
		return Interview{}, err
	}
	if err := p.checkClient(ctx, "client", iv.Client); err != nil {
		return Interview{}, err
	}
	if iv.Date.IsZero() {
		return Interview{}, p.invalid("date", "la fecha de la entrevista es obligatoria", "the interview date is required")
	}
	iv.Year = iv.Date.Year
	if iv.Design == "" {
		// The year's design: one for the whole area (ClaimDesignYear).
		if iv.Design, err = p.designOfYear(ctx, strconv.Itoa(iv.Year)); err != nil {
			return Interview{}, err
		}
	}
	dd, err := getKnown(ctx, p, p.designs, iv.Design, "design", "diseño de entrevista desconocido %q", "unknown interview design %q", iv.Design)
	if err != nil {
		return Interview{}, err
	}
	d := dd.Value
	if !d.Approved {
		return Interview{}, p.invalid("design", "el diseño de entrevista %s no está aprobado por Dirección: no se puede registrar nada con él", "interview design %s is not approved by Dirección: nothing can be recorded against it", d.ID)
	}
	if d.Year != iv.Year {
		return Interview{}, p.invalid("design", "el diseño %s es de %d, la entrevista es de %d", "design %s is for %d, the interview is in %d", d.ID, d.Year, iv.Year)
	}
	sc := p.cfg.Interviews.Scale
	var sum, n int
	for _, q := range d.Questions {
		if q.Kind != QuestionScore {
			continue
		}
		v, ok := iv.Scores[q.ID]
		if !ok {
			return Interview{}, p.invalid("scores."+q.ID, "la pregunta %s no tiene puntuación", "question %s has no score", q.ID)
		}
		if !sc.Contains(v) {
			return Interview{}, p.invalid("scores."+q.ID, "la puntuación %d está fuera de la escala %d-%d", "score %d is outside the scale %d-%d", v, sc.Min, sc.Max)
		}
		sum += v
		n++
	}
	for q := range iv.Scores {
		if !slices.ContainsFunc(d.Questions, func(x Question) bool { return x.ID == q && x.Kind == QuestionScore }) {
			return Interview{}, p.invalid("scores."+q, "la pregunta %s no es una pregunta con puntuación del diseño %s", "question %s is not a scored question of design %s", q, d.ID)
		}
	}
	for i, t := range iv.Needs {
		if err := p.checkTopic(fmt.Sprintf("needs[%d]", i), t); err != nil {
			return Interview{}, err
		}
	}
	for i, t := range iv.Complaints {
		if err := p.checkTopic(fmt.Sprintf("complaints[%d]", i), t); err != nil {
			return Interview{}, err
		}
	}
	iv.ID = fmt.Sprintf("%s/%d", iv.Client, iv.Year)
	iv.By, iv.Score = a.ID, float64(sum)/float64(n)
	if _, err := p.interviews.Get(ctx, iv.ID); err == nil {
		return Interview{}, fmt.Errorf("%w: %s", relaciona.ErrConflict, p.lang.Tf("el cliente %s ya tiene su entrevista de %d: una entrevista por cliente al año", "client %s already has its interview for %d: one interview per client per year", iv.Client, iv.Year))
	} else if !isNotFound(err) {
		return Interview{}, err
	}
	b := p.store.Begin(a, "satisfaction.interview", "annual interview recorded")
	p.interviews.Put(b, &iv, 0) // expect 0: a concurrent second interview conflicts
	if iv.Briefed {
		pd, err := p.plans.Get(ctx, planID(iv.Client, iv.Year))
		switch {
		case err == nil && pd.Value.BriefingPending():
			pl := pd.Value
			pl.BriefedOn, pl.BriefedBy = iv.Date, a.ID
			p.plans.Put(b, &pl, pd.Version)
		case err != nil && !isNotFound(err):
			return Interview{}, err
		default:
			return Interview{}, p.invalid("briefed", "el cliente %s no tiene un plan de trabajo de %d pendiente de socialización", "client %s has no work plan for %d awaiting a briefing", iv.Client, iv.Year)
		}
	}
	return iv, p.commit(ctx, b, at)
}

// Reasons a work plan came before the interview (seed 003 §6.3).
const (
	ReasonStartedBefore = "actions_started_before_plan"
	ReasonNewClient     = "new_client"
	ReasonLowSatisfied  = "known_low_satisfaction"
	ReasonOther         = "other"
)

// WorkPlan is the plan of work agreed with a client for a year. Seed 003
// §6.3: the interview should come before the plan; when it could not, the
// client must be told what was done so far and asked whether to add or
// change anything. InterviewFirst records which happened; BriefedOn records
// the briefing.
type WorkPlan struct {
	ID             string        `json:"id"`
	Client         string        `json:"client" personal:"subject"`
	Year           int           `json:"year"`
	Agreed         calendar.Date `json:"agreed"`
	Summary        string        `json:"summary"`
	By             string        `json:"by"`
	InterviewFirst bool          `json:"interview_first"`
	Reason         string        `json:"reason,omitempty"`
	BriefedOn      calendar.Date `json:"briefed_on,omitzero"`
	BriefedBy      string        `json:"briefed_by,omitempty"`
	BriefingNotes  string        `json:"briefing_notes,omitempty" personal:"true"`
	ChangesAsked   bool          `json:"changes_asked,omitempty"`
	// EndorsedBy is the member of Dirección who co-authored the plan with
	// the owner (EndorseWorkPlan, seed 003 §6.7); "" until then.
	EndorsedBy string    `json:"endorsed_by,omitempty"`
	EndorsedAt time.Time `json:"endorsed_at,omitzero"`
}

// BriefingPending reports whether the plan came first and the client has
// not yet been told what was done so far.
func (w WorkPlan) BriefingPending() bool { return !w.InterviewFirst && w.BriefedOn.IsZero() }

func planID(client string, year int) string { return fmt.Sprintf("%s/%d", client, year) }

// AgreeWorkPlan records the work plan agreed with a client (seed 003 §6.7:
// the owner with Dirección prepares the proposal). It notes whether the
// client's interview of the year came first; if not, reason says why and
// the briefing is pending until RecordBriefing (or an interview with
// Briefed) records it.
func (p *Process) AgreeWorkPlan(ctx context.Context, a relaciona.Actor, client string, agreed calendar.Date, summary, reason string, at time.Time) (WorkPlan, error) {
	a, err := p.authorize(ctx, a, "agree a work plan", RoleOwner)
	if err != nil {
		return WorkPlan{}, err
	}
	if err := p.checkClient(ctx, "client", client); err != nil {
		return WorkPlan{}, err
	}
	if agreed.IsZero() {
		return WorkPlan{}, p.invalid("agreed", "la fecha en que se acordó el plan es obligatoria", "the date the plan was agreed is required")
	}
	if err := p.required("summary", summary); err != nil {
		return WorkPlan{}, err
	}
	w := WorkPlan{ID: planID(client, agreed.Year), Client: client, Year: agreed.Year, Agreed: agreed, Summary: summary, By: a.ID}
	iv, err := p.interviews.Get(ctx, fmt.Sprintf("%s/%d", client, agreed.Year))
	switch {
	case err == nil && !iv.Value.Date.After(agreed):
		w.InterviewFirst = true
	case err != nil && !isNotFound(err):
		return WorkPlan{}, err
	default:
		switch reason {
		case ReasonStartedBefore, ReasonNewClient, ReasonLowSatisfied, ReasonOther:
		default:
			return WorkPlan{}, p.invalid("reason", "el plan es anterior a la entrevista del cliente: indique por qué (%s, %s, %s, %s)", "the plan comes before the client's interview: say why (%s, %s, %s, %s)", ReasonStartedBefore, ReasonNewClient, ReasonLowSatisfied, ReasonOther)
		}
		w.Reason = reason
	}
	if _, err := p.plans.Get(ctx, w.ID); err == nil {
		return WorkPlan{}, fmt.Errorf("%w: %s", relaciona.ErrConflict, p.lang.Tf("el cliente %s ya tiene un plan de trabajo para %d", "client %s already has a work plan for %d", client, w.Year))
	}
	return w, insert(ctx, p, a, p.plans, &w, "satisfaction.plan", "work plan agreed with the client", at)
}

// RecordBriefing records that the client of a plan agreed before its
// interview was told what was done so far, and whether they asked to add
// or change anything (seed 003 §6.3).
func (p *Process) RecordBriefing(ctx context.Context, a relaciona.Actor, client string, year int, on calendar.Date, notes string, changesAsked bool, at time.Time) (WorkPlan, error) {
	a, err := p.authorize(ctx, a, "record a briefing", RoleOwner, RoleManager)
	if err != nil {
		return WorkPlan{}, err
	}
	d, err := p.plans.Get(ctx, planID(client, year))
	if err != nil {
		return WorkPlan{}, err
	}
	w := d.Value
	if !w.BriefingPending() {
		return WorkPlan{}, p.invalid("plan", "el plan de trabajo de %s para %d no tiene socialización pendiente", "the work plan of %s for %d has no pending briefing", client, year)
	}
	if on.IsZero() || on.Before(w.Agreed) {
		return WorkPlan{}, p.invalid("on", "la fecha de socialización es obligatoria y no puede ser anterior al plan (%s)", "the briefing date is required and cannot be before the plan (%s)", w.Agreed)
	}
	w.BriefedOn, w.BriefedBy, w.BriefingNotes, w.ChangesAsked = on, a.ID, notes, changesAsked
	b := p.store.Begin(a, "satisfaction.plan.briefing", "client told what was done so far under the plan")
	p.plans.Put(b, &w, d.Version)
	return w, p.commit(ctx, b, at)
}

// PendingBriefings lists the work plans of year whose briefing is pending.
func (p *Process) PendingBriefings(ctx context.Context, year int) ([]WorkPlan, error) {
	all, err := p.plans.Values(ctx, relaciona.Filter{Attrs: map[string]string{"year": fmt.Sprint(year)}})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(all, func(w WorkPlan) bool { return !w.BriefingPending() }), nil
}
