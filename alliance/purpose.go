package alliance

import (
	"context"
	"fmt"
	"sort"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// The record kinds of the purpose measured (seed 001: "mejores y más
// eficientes derivaciones, así como flujos de información más expeditos").
const (
	KindReferral    = "alliance.referral"
	KindInfoRequest = "alliance.info_request"
)

// Outcome is where a referral stands.
type Outcome string

// The referral outcomes.
const (
	OutcomePending    Outcome = "pending"
	OutcomeResolved   Outcome = "resolved"
	OutcomeUnresolved Outcome = "unresolved"
)

// ReferralRecord is one referral (derivación) of a person to a partner and
// its outcome. ID is the office's case reference: an opaque code, never a
// name or RUT (no personal data is kept here).
type ReferralRecord struct {
	ID       string        `json:"id"`
	Alliance string        `json:"alliance"`
	Office   string        `json:"office"`
	Referred calendar.Date `json:"referred,omitzero"`
	Outcome  Outcome       `json:"outcome"`
	Closed   calendar.Date `json:"closed,omitzero"`
	By       string        `json:"by"`
}

// InfoRequest is one request for information from the office to a partner
// and its answer (Answered zero until it comes).
type InfoRequest struct {
	ID       string        `json:"id"`
	Alliance string        `json:"alliance"`
	Office   string        `json:"office"`
	Asked    calendar.Date `json:"asked,omitzero"`
	Answered calendar.Date `json:"answered,omitzero"`
	By       string        `json:"by"`
}

func (s *Process) referrals() *relaciona.Collection[ReferralRecord] {
	return relaciona.NewCollection(s.store, KindReferral, func(r *ReferralRecord) relaciona.Key {
		return relaciona.Key{ID: r.ID, Attrs: map[string]string{"office": r.Office, "alliance": r.Alliance, "outcome": string(r.Outcome)}, Time: stamp(r.Referred)}
	})
}

func (s *Process) infoRequests() *relaciona.Collection[InfoRequest] {
	return relaciona.NewCollection(s.store, KindInfoRequest, func(r *InfoRequest) relaciona.Key {
		return relaciona.Key{ID: r.ID, Attrs: map[string]string{"office": r.Office, "alliance": r.Alliance}, Time: stamp(r.Asked)}
	})
}

// purposeRoles are who record referrals and requests: the Encargado OMIL
// and the team members who deal with the partners (seed 001: "los otros
// integrantes que se relacionan con los socios").
func (s *Process) purposeRoles() []string {
	return []string{s.cfg.Roles.Encargado, s.cfg.Roles.Team}
}

// newRecord checks what recording a referral or a request takes: that
// actor may take action (purposeRoles), that id is valid, that date (the
// argument named field) is valid and that allianceID is an alliance in
// force, which it returns with the directory's actor.
func (s *Process) newRecord(ctx context.Context, actor relaciona.Actor, action, id, allianceID, field string, date calendar.Date) (relaciona.Actor, Alliance, error) {
	actor, err := s.authorize(ctx, actor, action, s.purposeRoles()...)
	if err != nil {
		return actor, Alliance{}, err
	}
	if err := s.checkID("id", id); err != nil {
		return actor, Alliance{}, err
	}
	if err := s.checkDate(field, date); err != nil {
		return actor, Alliance{}, err
	}
	a, err := s.partnerFor(ctx, allianceID)
	return actor, a.Value, err
}

// recordOf checks what closing a referral or answering a request takes:
// that actor may take action (purposeRoles) and that at is valid; it
// reads record id of col (unknown: ErrNotFound with unknownES or
// unknownEN) and returns it with the directory's actor.
func recordOf[T any](ctx context.Context, s *Process, col *relaciona.Collection[T], actor relaciona.Actor, action, id string, at calendar.Date, unknownES, unknownEN string) (relaciona.Actor, relaciona.Doc[T], error) {
	actor, err := s.authorize(ctx, actor, action, s.purposeRoles()...)
	if err != nil {
		return actor, relaciona.Doc[T]{}, err
	}
	if err := s.checkDate("at", at); err != nil {
		return actor, relaciona.Doc[T]{}, err
	}
	d, err := getKnown(ctx, s, col, id, unknownES, unknownEN)
	return actor, d, err
}

// RecordReferral records a referral sent to the partner of an alliance in
// force, pending. Its id is unique (a second one is ErrConflict). The
// Encargado OMIL or a team member.
func (s *Process) RecordReferral(ctx context.Context, actor relaciona.Actor, id, allianceID string, referred calendar.Date) (ReferralRecord, error) {
	actor, a, err := s.newRecord(ctx, actor, "alliance.referral", id, allianceID, "referred", referred)
	if err != nil {
		return ReferralRecord{}, err
	}
	r := ReferralRecord{ID: id, Alliance: a.ID, Office: a.Office, Referred: referred, Outcome: OutcomePending, By: actor.ID}
	if err := putOne(ctx, s, s.referrals(), actor, "alliance.referral", s.reason("derivación a %s", "referral to %s", a.ID), referred, &r, 0); err != nil {
		return ReferralRecord{}, fmt.Errorf("%s: %w", s.lang.Tf("derivación %q", "referral %q", id), err)
	}
	return r, nil
}

// CloseReferral records a pending referral's outcome, resolved or not, on
// at (not before it was referred). A closed referral is not closed again.
// The Encargado OMIL or a team member.
func (s *Process) CloseReferral(ctx context.Context, actor relaciona.Actor, id string, at calendar.Date, resolved bool) (ReferralRecord, error) {
	actor, d, err := recordOf(ctx, s, s.referrals(), actor, "alliance.referral_outcome", id, at, "derivación desconocida %q", "unknown referral %q")
	if err != nil {
		return ReferralRecord{}, err
	}
	r := d.Value
	if r.Outcome != OutcomePending {
		return ReferralRecord{}, s.invalid("id", "la derivación %s ya se cerró el %s (%s)", "referral %s was already closed on %s (%s)", id, r.Closed, r.Outcome)
	}
	if at.Before(r.Referred) {
		return ReferralRecord{}, s.invalid("at", "el cierre (%s) es anterior a la derivación (%s)", "the closing (%s) is before the referral (%s)", at, r.Referred)
	}
	r.Outcome, r.Closed = OutcomeUnresolved, at
	if resolved {
		r.Outcome = OutcomeResolved
	}
	if err := putOne(ctx, s, s.referrals(), actor, "alliance.referral_outcome", s.reason("resultado de la derivación %s", "outcome of referral %s", id), at, &r, d.Version); err != nil {
		return ReferralRecord{}, err
	}
	return r, nil
}

// RecordInfoRequest records a request for information to the partner of an
// alliance in force. Its id is unique (a second one is ErrConflict). The
// Encargado OMIL or a team member.
func (s *Process) RecordInfoRequest(ctx context.Context, actor relaciona.Actor, id, allianceID string, asked calendar.Date) (InfoRequest, error) {
	actor, a, err := s.newRecord(ctx, actor, "alliance.info_request", id, allianceID, "asked", asked)
	if err != nil {
		return InfoRequest{}, err
	}
	r := InfoRequest{ID: id, Alliance: a.ID, Office: a.Office, Asked: asked, By: actor.ID}
	if err := putOne(ctx, s, s.infoRequests(), actor, "alliance.info_request", s.reason("solicitud de información a %s", "information request to %s", a.ID), asked, &r, 0); err != nil {
		return InfoRequest{}, fmt.Errorf("%s: %w", s.lang.Tf("solicitud %q", "request %q", id), err)
	}
	return r, nil
}

// AnswerInfoRequest records the partner's answer to a request on at (not
// before it was asked); an answered request is not answered again. The
// Encargado OMIL or a team member.
func (s *Process) AnswerInfoRequest(ctx context.Context, actor relaciona.Actor, id string, at calendar.Date) (InfoRequest, error) {
	actor, d, err := recordOf(ctx, s, s.infoRequests(), actor, "alliance.info_answer", id, at, "solicitud desconocida %q", "unknown request %q")
	if err != nil {
		return InfoRequest{}, err
	}
	r := d.Value
	if !r.Answered.IsZero() {
		return InfoRequest{}, s.invalid("id", "la solicitud %s ya tiene respuesta (%s)", "request %s was already answered (%s)", id, r.Answered)
	}
	if at.Before(r.Asked) {
		return InfoRequest{}, s.invalid("at", "la respuesta (%s) es anterior a la solicitud (%s)", "the answer (%s) is before the request (%s)", at, r.Asked)
	}
	r.Answered = at
	if err := putOne(ctx, s, s.infoRequests(), actor, "alliance.info_answer", s.reason("respuesta a la solicitud %s", "answer to request %s", id), at, &r, d.Version); err != nil {
		return InfoRequest{}, err
	}
	return r, nil
}

// PurposeRow is the purpose measured for one alliance and month.
//
// Referrals: the population is the referrals sent in the month (Referred);
// ResolutionRate is Resolved / Referred over that same population, pending
// ones included in the denominator (HasRate false with none referred);
// ResolveDays is the mean business days, on the process's calendar, from
// referral to resolution over the resolved ones (terms count from the day
// after). Information: the requests asked in the month; AnswerDays is the
// mean business days from request to answer over the answered ones. Each
// figure with data is judged against its purpose target (Config.Purpose).
type PurposeRow struct {
	Alliance       string  `json:"alliance"`
	Month          string  `json:"month"` // YYYY-MM
	Referred       int     `json:"referred"`
	Resolved       int     `json:"resolved"`
	Unresolved     int     `json:"unresolved"`
	Pending        int     `json:"pending"`
	ResolutionRate float64 `json:"resolution_rate"`
	HasRate        bool    `json:"has_rate"`
	RateMet        bool    `json:"rate_met"`
	ResolveDays    float64 `json:"resolve_days"`
	HasResolve     bool    `json:"has_resolve"`
	ResolveMet     bool    `json:"resolve_met"`
	Requests       int     `json:"requests"`
	Answered       int     `json:"answered"`
	AnswerDays     float64 `json:"answer_days"`
	HasAnswer      bool    `json:"has_answer"`
	AnswerMet      bool    `json:"answer_met"`
}

// Purpose measures the process's purpose per alliance and month for the
// referrals sent and the requests asked in [from, to] by office, from the
// referral and request records, in alliance then month order.
func (s *Process) Purpose(ctx context.Context, office string, from, to calendar.Date) ([]PurposeRow, error) {
	if err := s.checkOffice(office); err != nil {
		return nil, err
	}
	if to.Before(from) {
		return nil, s.invalid("to", "el final (%s) es anterior al inicio (%s)", "the end (%s) is before the start (%s)", to, from)
	}
	type acc struct {
		row                PurposeRow
		resolveSum, ansSum int
	}
	rows := map[[2]string]*acc{}
	get := func(alliance string, d calendar.Date) *acc {
		k := [2]string{alliance, fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))}
		if rows[k] == nil {
			rows[k] = &acc{row: PurposeRow{Alliance: k[0], Month: k[1]}}
		}
		return rows[k]
	}
	f := relaciona.Filter{Attrs: map[string]string{"office": office}, From: dayStart(from), To: dayStart(to.AddDays(1))}
	for d, err := range s.referrals().Scan(ctx, f) {
		if err != nil {
			return nil, err
		}
		r := d.Value
		a := get(r.Alliance, r.Referred)
		a.row.Referred++
		switch r.Outcome {
		case OutcomeResolved:
			a.row.Resolved++
			n, err := s.cal.BusinessDaysBetween(r.Referred, r.Closed)
			if err != nil {
				return nil, err
			}
			a.resolveSum += n
		case OutcomeUnresolved:
			a.row.Unresolved++
		default:
			a.row.Pending++
		}
	}
	for d, err := range s.infoRequests().Scan(ctx, f) {
		if err != nil {
			return nil, err
		}
		r := d.Value
		a := get(r.Alliance, r.Asked)
		a.row.Requests++
		if !r.Answered.IsZero() {
			n, err := s.cal.BusinessDaysBetween(r.Asked, r.Answered)
			if err != nil {
				return nil, err
			}
			a.row.Answered++
			a.ansSum += n
		}
	}
	p := s.cfg.Purpose
	out := make([]PurposeRow, 0, len(rows))
	for _, a := range rows {
		r := a.row
		if r.Referred > 0 {
			r.ResolutionRate, r.HasRate = float64(r.Resolved)/float64(r.Referred), true
			r.RateMet = p.ResolutionRate.Met(r.ResolutionRate)
		}
		if r.Resolved > 0 {
			r.ResolveDays, r.HasResolve = float64(a.resolveSum)/float64(r.Resolved), true
			r.ResolveMet = p.ResolveDays.Met(r.ResolveDays)
		}
		if r.Answered > 0 {
			r.AnswerDays, r.HasAnswer = float64(a.ansSum)/float64(r.Answered), true
			r.AnswerMet = p.AnswerDays.Met(r.AnswerDays)
		}
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Alliance != out[j].Alliance {
			return out[i].Alliance < out[j].Alliance
		}
		return out[i].Month < out[j].Month
	})
	return out, nil
}
