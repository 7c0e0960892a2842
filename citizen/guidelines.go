package citizen

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// Service guidelines (issue #19, item 4; seed 002, result "Pautas de
// servicio a la ciudadanía"): the rules of service of one channel, or
// general ones for every channel, kept as versioned records. The
// citizen-service staff draft a version (DraftGuideline), which tells the
// direction it is due for approval; the direction approves it
// (ApproveGuideline), and the approved version is the one in force,
// superseding the version approved before for the same scope. Only an
// approved version is in force, and a version is approved only when its
// text reads plainly enough (CheckPlainLanguage): the guidelines are
// published to citizens.

// kindGuideline is the record kind of a guideline version.
const kindGuideline = "citizen.guideline"

// GeneralScope is the scope of guidelines for every channel.
const GeneralScope = "general"

// NotifyGuidelineDrafted tells the direction that a guideline version
// waits for its approval.
const NotifyGuidelineDrafted = "citizen.guideline.drafted"

// GuidelineStatus is where a guideline version is.
type GuidelineStatus string

// The guideline statuses.
const (
	GuidelineDraft      GuidelineStatus = "draft"
	GuidelineApproved   GuidelineStatus = "approved"
	GuidelineSuperseded GuidelineStatus = "superseded"
)

// Label is the status's name for a reader.
func (g GuidelineStatus) Label(l relaciona.Lang) string {
	return process.Labels[GuidelineStatus]{
		GuidelineDraft:      {"borrador", "draft"},
		GuidelineApproved:   {"vigente", "in force"},
		GuidelineSuperseded: {"reemplazada", "superseded"},
	}.Of(l, g)
}

// Guideline is one version of the service guidelines of a scope (a
// channel's id, or GeneralScope). Versions are never rewritten in text: a
// change is a new version.
type Guideline struct {
	ID         string          `json:"id"`
	Scope      string          `json:"scope"`
	Version    int             `json:"version"`
	Status     GuidelineStatus `json:"status"`
	Text       string          `json:"text"`
	Drafted    calendar.Date   `json:"drafted"`
	DraftedBy  string          `json:"drafted_by"`
	Approved   calendar.Date   `json:"approved,omitzero"`
	ApprovedBy string          `json:"approved_by,omitempty"`
	// Readability is the text's score when it was approved.
	Readability ReadingEase `json:"readability,omitzero"`
}

func guidelineID(scope string, v int) string { return fmt.Sprintf("%s/v%04d", scope, v) }

func (s *Process) guidelines() *relaciona.Collection[Guideline] {
	return relaciona.NewCollection(s.store, kindGuideline, func(v *Guideline) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"scope": v.Scope, "status": string(v.Status)}, Time: process.DateTime(v.Drafted)}
	})
}

// DraftGuideline writes a new draft version of the guidelines of scope (a
// channel's id, or GeneralScope) and tells the direction in the same
// batch. Two drafts at once get consecutive versions. The actor needs the
// citizen_service role.
func (s *Process) DraftGuideline(ctx context.Context, a relaciona.Actor, scope, text string, date calendar.Date) (Guideline, error) {
	a, err := s.authorizeOn(ctx, a, "citizen.guideline.draft", date, RoleService)
	if err != nil {
		return Guideline{}, err
	}
	if _, ok := s.cfg.chans[scope]; !ok && scope != GeneralScope {
		return Guideline{}, invalid(s.lang, "scope", "canal desconocido %q (o %s para todos)", "unknown channel %q (or %s for all)", scope, GeneralScope)
	}
	if strings.TrimSpace(text) == "" {
		return Guideline{}, invalid(s.lang, "text", "las pautas están vacías", "the guidelines are empty")
	}
	directors, err := s.dir.Holders(ctx, Kind, RoleDirection)
	if err != nil {
		return Guideline{}, err
	}
	var g Guideline
	err = s.store.Update(ctx, a, "citizen.guideline.draft", "service guidelines drafted", 5, func(b *relaciona.Batch) error {
		b.At(s.stamp(date))
		last := 0
		for d, err := range s.guidelines().Scan(ctx, relaciona.Filter{Attrs: map[string]string{"scope": scope}}) {
			if err != nil {
				return err
			}
			last = max(last, d.Value.Version)
		}
		g = Guideline{ID: guidelineID(scope, last+1), Scope: scope, Version: last + 1, Status: GuidelineDraft, Text: text, Drafted: date, DraftedBy: a.ID}
		s.guidelines().Put(b, &g, 0)
		process.NotifyStaff(b, Kind, NotifyGuidelineDrafted, relaciona.Ref{Kind: kindGuideline, ID: g.ID}, calendar.Date{}, directors,
			map[string]string{"guideline": g.ID, "scope": s.scopeName(scope), "version": fmt.Sprint(g.Version)})
		return nil
	})
	return g, err
}

// ApproveGuideline approves a draft version, which comes into force; the
// version of the same scope in force before is superseded in the same
// batch. A text below plain_language.min_score is refused (see
// CheckPlainLanguage). The actor needs the direction role.
func (s *Process) ApproveGuideline(ctx context.Context, a relaciona.Actor, id string, date calendar.Date) (Guideline, error) {
	a, err := s.authorizeOn(ctx, a, "citizen.guideline.approve", date, RoleDirection)
	if err != nil {
		return Guideline{}, err
	}
	return changeRecord(ctx, s, a, s.guidelines(), "citizen.guideline.approve", "service guidelines approved", s.stamp(date), "guideline", id, func(b *relaciona.Batch, g *Guideline) error {
		if g.Status != GuidelineDraft {
			return invalid(s.lang, "status", "la versión %s está en estado %s: solo se aprueba un borrador", "version %s is %s: only a draft is approved", id, g.Status)
		}
		if date.Before(g.Drafted) {
			return invalid(s.lang, "date", "la aprobación del %s es anterior a la redacción (%s)", "approval on %s is before the draft (%s)", date, g.Drafted)
		}
		if err := s.CheckPlainLanguage("text", g.Text); err != nil {
			return err
		}
		for o, err := range s.guidelines().Scan(ctx, relaciona.Filter{Attrs: map[string]string{"scope": g.Scope, "status": string(GuidelineApproved)}}) {
			if err != nil {
				return err
			}
			old := o.Value
			old.Status = GuidelineSuperseded
			s.guidelines().Put(b, &old, o.Version)
		}
		g.Status, g.Approved, g.ApprovedBy, g.Readability = GuidelineApproved, date, a.ID, Readability(g.Text)
		return nil
	})
}

// GuidelineInForce returns the approved guidelines of scope; ok is false
// when none is approved (a draft is never in force).
func (s *Process) GuidelineInForce(ctx context.Context, scope string) (Guideline, bool, error) {
	for d, err := range s.guidelines().Scan(ctx, relaciona.Filter{Attrs: map[string]string{"scope": scope, "status": string(GuidelineApproved)}}) {
		if err != nil {
			return Guideline{}, false, err
		}
		return d.Value, true, nil
	}
	return Guideline{}, false, nil
}

// Guidelines returns every guideline version, by scope and version.
func (s *Process) Guidelines(ctx context.Context) ([]Guideline, error) {
	return process.SortedValues(ctx, s.guidelines(), relaciona.Filter{}, func(x, y Guideline) int {
		if c := strings.Compare(x.Scope, y.Scope); c != 0 {
			return c
		}
		return x.Version - y.Version
	})
}

// Guideline reads a guideline version.
func (s *Process) Guideline(ctx context.Context, id string) (Guideline, error) {
	d, err := s.guidelines().Get(ctx, id)
	if errors.Is(err, relaciona.ErrNotFound) {
		return Guideline{}, fmt.Errorf("guideline %s: %w", id, err)
	}
	return d.Value, err
}

// scopeName is a scope's name for a reader.
func (s *Process) scopeName(scope string) string {
	if scope == GeneralScope {
		return s.lang.T("todos los canales", "every channel")
	}
	return s.channelName(scope)
}
