package citizen

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// attrPriority is the index attribute of a PQRSD with priority attention.
const attrPriority = "priority"

// PriorityReason is why a PQRSD gets priority attention (Ley 1755 de 2015,
// art. 20).
type PriorityReason string

// The priority reasons of art. 20.
const (
	// PriorityFundamentalRight: a petition for the recognition of a
	// fundamental right that must be resolved to avoid irremediable harm to
	// the petitioner, who proves summarily the right and the risk (the
	// proof is the Note).
	PriorityFundamentalRight PriorityReason = "fundamental_right"
	// PriorityImminentDanger: the life or integrity of the person the
	// measure is for is in imminent danger for health or safety reasons;
	// the authority adopts at once the urgent measures, whatever the
	// petition's own course (the measures taken go in the Note).
	PriorityImminentDanger PriorityReason = "imminent_danger"
	// PriorityJournalist: a journalist's petition for the exercise of the
	// profession, handled preferentially.
	PriorityJournalist PriorityReason = "journalist"
)

// PriorityReasons lists the priority reasons.
func PriorityReasons() []PriorityReason {
	return []PriorityReason{PriorityFundamentalRight, PriorityImminentDanger, PriorityJournalist}
}

// Label is the reason's name for a reader.
func (r PriorityReason) Label(l relaciona.Lang) string {
	return process.Labels[PriorityReason]{
		PriorityFundamentalRight: {"Derecho fundamental en riesgo de perjuicio irremediable", "Fundamental right at risk of irremediable harm"},
		PriorityImminentDanger:   {"Peligro inminente para la vida o la integridad", "Imminent danger to life or integrity"},
		PriorityJournalist:       {"Periodista en ejercicio de su actividad", "Journalist exercising the profession"},
	}.Of(l, r)
}

// Priority is the priority attention a PQRSD gets (Ley 1755 de 2015, art.
// 20): the reason, the note that supports it (the summary proof of the
// right and the risk, or the urgent measures taken; it may hold personal
// data), the date it was given and by whom. A priority PQRSD comes first in
// Open, Overdue and DueSoon, and the citizen-service staff are told
// (NotifyPQRSDPriority). Its term is the ordinary one unless
// pqrsd.priority.term_days caps it.
type Priority struct {
	Reason PriorityReason `json:"reason"`
	Note   string         `json:"note,omitempty" personal:"true"`
	Date   calendar.Date  `json:"date"`
	By     string         `json:"by"`
}

// PriorityInput is the priority asked for: the reason and its note.
type PriorityInput struct {
	Reason PriorityReason
	Note   string `personal:"true"`
}

// checkPriority validates a priority asked for: a known reason, and for a
// fundamental right or an imminent danger the note that supports it (art.
// 20: the petitioner "deberá probar sumariamente la titularidad del
// derecho y el riesgo del perjuicio invocado").
func (s *Process) checkPriority(in PriorityInput) error {
	known := false
	for _, r := range PriorityReasons() {
		known = known || r == in.Reason
	}
	if !known {
		return invalid(s.lang, "priority.reason", "motivo de atención prioritaria desconocido %q (fundamental_right, imminent_danger, journalist)",
			"unknown priority reason %q (fundamental_right, imminent_danger, journalist)", in.Reason)
	}
	if in.Reason != PriorityJournalist && strings.TrimSpace(in.Note) == "" {
		return invalid(s.lang, "priority.note", "la atención prioritaria por %s necesita la prueba sumaria del derecho y del riesgo, o las medidas de urgencia (Ley 1755 de 2015, art. 20)",
			"priority for %s needs the summary proof of the right and the risk, or the urgent measures (Ley 1755 de 2015, art. 20)", in.Reason)
	}
	if utf8.RuneCountInString(in.Note) > 2000 {
		return invalid(s.lang, "priority.note", "la nota supera 2000 caracteres", "the note is longer than 2000 characters")
	}
	return nil
}

// notifyPriority writes, in batch b, the notification that PQRSD p has
// priority attention to the citizen-service staff.
func (s *Process) notifyPriority(b *relaciona.Batch, p *PQRSD, staff []relaciona.Person) {
	fields := s.pqrsdFields(p)
	fields["reason"] = p.Priority.Reason.Label(s.lang)
	process.NotifyStaff(b, Kind, NotifyPQRSDPriority, relaciona.Ref{Kind: kindPQRSD, ID: p.ID}, p.Due, staff, fields)
}

// Prioritise gives an open or incomplete PQRSD priority attention (Ley
// 1755 de 2015, art. 20), once, with its reason and note, and tells the
// citizen-service staff in the same batch. With pqrsd.priority.term_days
// set, a longer remaining term is cut to it. The actor needs the
// citizen_service role.
func (s *Process) Prioritise(ctx context.Context, a relaciona.Actor, id string, in PriorityInput, at time.Time) (PQRSD, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.pqrsd.prioritise", at, RoleService)
	if err != nil {
		return PQRSD{}, err
	}
	if err := s.checkPriority(in); err != nil {
		return PQRSD{}, err
	}
	staff, err := s.dir.Holders(ctx, Kind, RoleService)
	if err != nil {
		return PQRSD{}, err
	}
	today := s.dateOf(at)
	return s.mutateIn(ctx, a, "citizen.pqrsd.prioritise", "priority attention (Ley 1755 de 2015, art. 20)", id, at, func(p *PQRSD, b *relaciona.Batch) (*Notice, error) {
		switch {
		case p.Status != StatusOpen && p.Status != StatusIncomplete:
			return nil, invalid(s.lang, "status", "la PQRSD %s está en estado %s: solo se prioriza una PQRSD en trámite", "PQRSD %s is %s: only a PQRSD in progress can be prioritised", id, p.Status)
		case p.Priority != nil:
			return nil, invalid(s.lang, "priority", "la PQRSD %s ya tiene atención prioritaria desde el %s", "PQRSD %s has priority attention since %s", id, p.Priority.Date)
		case today.Before(p.Filed):
			return nil, invalid(s.lang, "at", "%s es anterior a la radicación (%s)", "%s is before the filing date %s", today, p.Filed)
		}
		p.Priority = &Priority{Reason: in.Reason, Note: in.Note, Date: today, By: a.ID}
		if cap := s.cfg.PQRSD.Priority.TermDays; cap > 0 && cap < p.Term {
			due, err := s.termEnd(p, cap)
			if err != nil {
				return nil, fmt.Errorf("%w: %v", relaciona.ErrInvalid, err)
			}
			if due.Before(p.Due) {
				if c := p.Completion; c != nil && p.Status == StatusIncomplete {
					// Suspended: the days left when it runs again shrink too.
					c.Left = max(c.Left-(p.Term-cap), 1)
				}
				p.Term, p.Due = cap, due
			}
		}
		s.notifyPriority(b, p, staff)
		return nil, nil
	})
}

// CompletionRequestDays is the business days after the filing within which
// the agency may ask the petitioner to complete a petition (Ley 1755 de
// 2015, art. 17).
const CompletionRequestDays = 10

// Completion is the request to complete an incomplete petition (Ley 1755
// de 2015, art. 17) and what came of it. From Requested the term stands
// still; the petitioner has until Deadline (one month, and one more when
// they ask for it before it passes: Extended) to complete it, else Run
// takes the petition as withdrawn. Left is the business days of the term
// that had not run at the request (at least one: the term runs again "a
// partir del día siguiente" of the completion); Suspended the business
// days the term stood still, known once Completed. What may hold personal
// data.
type Completion struct {
	Requested calendar.Date `json:"requested"`
	What      string        `json:"what" personal:"true"`
	// Deadline is the last day to complete it: at most one month after
	// the request, as long again after an extension.
	Deadline  calendar.Date `json:"deadline"`
	Extended  calendar.Date `json:"extended,omitzero"`
	Left      int           `json:"left"`
	Completed calendar.Date `json:"completed,omitzero"`
	Suspended int           `json:"suspended,omitempty"`
	By        string        `json:"by"`
	Notice    string        `json:"notice"`
}

// Withdrawal is a petitioner's withdrawal: tacit (Ley 1755 de 2015, art.
// 17: the petition was not completed in time; Run decrees it and tells the
// citizen) or express (art. 18). An express withdrawal may be followed by
// the agency's reasoned decision to continue ex officio for public
// interest (ExOfficio). Reason may hold personal data.
type Withdrawal struct {
	Date      calendar.Date `json:"date"`
	Tacit     bool          `json:"tacit,omitempty"`
	Reason    string        `json:"reason,omitempty" personal:"true"`
	By        string        `json:"by"`
	Notice    string        `json:"notice,omitempty"`
	ExOfficio *ExOfficio    `json:"ex_officio,omitempty"`
}

// ExOfficio is the reasoned decision to continue a withdrawn petition ex
// officio for reasons of public interest (Ley 1755 de 2015, art. 18).
type ExOfficio struct {
	Date   calendar.Date `json:"date"`
	Reason string        `json:"reason"`
	By     string        `json:"by"`
	Notice string        `json:"notice"`
}

// The notices to the citizen of arts. 17 and 18.
const (
	// NoticeCompletion asks the petitioner to complete the petition.
	NoticeCompletion NoticeKind = "completion"
	// NoticeWithdrawal tells the petitioner the petition is taken as
	// withdrawn (tacit withdrawal).
	NoticeWithdrawal NoticeKind = "withdrawal"
	// NoticeExOfficio tells the petitioner the agency continues ex
	// officio.
	NoticeExOfficio NoticeKind = "ex_officio"
)

// addMonth is d one calendar month later, on the month's last day when
// it has no such day (Jan 31 -> Feb 28).
func addMonth(d calendar.Date) calendar.Date {
	y, m := d.Year, d.Month+1
	if m > 12 {
		y, m = y+1, 1
	}
	last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return calendar.Date{Year: y, Month: m, Day: min(d.Day, last)}
}

// civilDays is the calendar days from a to b.
func civilDays(a, b calendar.Date) int {
	return int(process.DateTime(b).Sub(process.DateTime(a)).Hours() / 24)
}

// ranDays is the business days the term of p has run by date d: from the
// filing, less the days it stood still while the petition was incomplete
// (pqrsd.incomplete.after_completion resume), or from the completion
// (restart).
func (s *Process) ranDays(p *PQRSD, d calendar.Date) (int, error) {
	if c := p.Completion; c != nil && !c.Completed.IsZero() {
		if s.cfg.PQRSD.Incomplete.AfterCompletion == AfterCompletionRestart {
			return s.cal.BusinessDaysBetween(c.Completed, d)
		}
		n, err := s.cal.BusinessDaysBetween(p.Filed, d)
		return n - c.Suspended, err
	}
	return s.cal.BusinessDaysBetween(p.Filed, d)
}

// termEnd is the date by which the term of p has run n business days (the
// inverse of ranDays).
func (s *Process) termEnd(p *PQRSD, n int) (calendar.Date, error) {
	if c := p.Completion; c != nil && !c.Completed.IsZero() {
		if s.cfg.PQRSD.Incomplete.AfterCompletion == AfterCompletionRestart {
			return s.cal.AddBusinessDays(c.Completed, n)
		}
		return s.cal.AddBusinessDays(p.Filed, n+c.Suspended)
	}
	return s.cal.AddBusinessDays(p.Filed, n)
}

// CompletionInput is a request to complete a petition: what is missing and
// the deadline the petitioner gets, at most one month after the request
// (Ley 1755 de 2015, art. 17: "en el término máximo de un (1) mes"); zero
// gives the whole month.
type CompletionInput struct {
	What     string `personal:"true"`
	Deadline calendar.Date
}

// RequestCompletion asks the petitioner to complete an open petition that
// lacks something needed to decide it (Ley 1755 de 2015, art. 17): within
// CompletionRequestDays business days of the filing, once, saying what is
// missing. The term stands still from the request (the PQRSD becomes
// StatusIncomplete and leaves the open, overdue and due-soon lists); the
// petitioner has until the deadline (one month at most) to complete it
// (Complete), or to ask for as long again (ExtendCompletion), after which
// Run takes it as withdrawn. The citizen is told in the same batch
// (NotifyCompletionRequest, or the ticket reply). The actor needs the
// citizen_service role.
func (s *Process) RequestCompletion(ctx context.Context, a relaciona.Actor, id string, in CompletionInput, at time.Time) (PQRSD, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.pqrsd.request_completion", at, RoleService)
	if err != nil {
		return PQRSD{}, err
	}
	what := in.What
	if strings.TrimSpace(what) == "" {
		return PQRSD{}, invalid(s.lang, "what", "indique qué debe completar el peticionario", "say what the petitioner must complete")
	}
	today := s.dateOf(at)
	deadline := addMonth(today)
	if !in.Deadline.IsZero() {
		if err := checkDate(s.lang, "deadline", in.Deadline); err != nil {
			return PQRSD{}, err
		}
		if !in.Deadline.After(today) || in.Deadline.After(deadline) {
			return PQRSD{}, invalid(s.lang, "deadline", "el plazo para completar (%s) va después de hoy (%s) y a lo sumo un mes después (%s) (Ley 1755 de 2015, art. 17)",
				"the deadline to complete (%s) falls after today (%s) and at most one month later (%s) (Ley 1755 de 2015, art. 17)", in.Deadline, today, deadline)
		}
		deadline = in.Deadline
	}
	return s.mutate(ctx, a, "citizen.pqrsd.request_completion", "petitioner asked to complete the petition; term suspended (Ley 1755 de 2015, art. 17)", id, at, func(p *PQRSD) (*Notice, error) {
		switch {
		case p.Status != StatusOpen:
			return nil, invalid(s.lang, "status", "la PQRSD %s está en estado %s: solo se pide completar una PQRSD en trámite", "PQRSD %s is %s: only an open PQRSD can be asked to be completed", id, p.Status)
		case p.Completion != nil:
			return nil, invalid(s.lang, "completion", "ya se pidió completar la PQRSD %s el %s", "PQRSD %s was already asked to be completed on %s", id, p.Completion.Requested)
		case today.Before(p.Filed):
			return nil, invalid(s.lang, "at", "%s es anterior a la radicación (%s)", "%s is before the filing date %s", today, p.Filed)
		}
		days, err := s.cal.BusinessDaysBetween(p.Filed, today)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", relaciona.ErrInvalid, err)
		}
		if days > CompletionRequestDays {
			return nil, invalid(s.lang, "at", "han pasado %d días hábiles desde la radicación (%s): la solicitud de completar se hace dentro de %d (Ley 1755 de 2015, art. 17)",
				"%d business days have passed since the filing (%s): the request to complete is made within %d (Ley 1755 de 2015, art. 17)", days, p.Filed, CompletionRequestDays)
		}
		left, err := s.cal.BusinessDaysBetween(today, p.Due)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", relaciona.ErrInvalid, err)
		}
		n := s.newNotice(p, NoticeCompletion, at, s.lang.Tf(
			"Su %s %s está incompleta: %s. Complétela a más tardar el %s; si no lo hace se entenderá que desistió (Ley 1755 de 2015, art. 17). Puede pedir una prórroga de un mes antes de esa fecha.",
			"Your %s %s is incomplete: %s. Complete it by %s; otherwise it is taken as withdrawn (Ley 1755 de 2015, art. 17). You may ask for a one-month extension before that date.",
			strings.ToLower(p.Type.Label(s.lang)), p.ID, what, deadline))
		p.Completion = &Completion{Requested: today, What: what, Deadline: deadline, Left: max(left, 1), By: a.ID, Notice: n.ID}
		p.Status = StatusIncomplete
		return &n, nil
	})
}

// ExtendCompletion records the petitioner's request for more time to
// complete an incomplete petition (Ley 1755 de 2015, art. 17: "salvo que
// antes de vencer el plazo concedido solicite prórroga hasta por un término
// igual"): on the deadline at the latest, once, as long again as the time
// first given (one more month after a month). The actor needs the
// citizen_service role.
func (s *Process) ExtendCompletion(ctx context.Context, a relaciona.Actor, id string, at time.Time) (PQRSD, error) {
	return s.petitionStep(ctx, a, RoleService, "citizen.pqrsd.extend_completion", "petitioner's extension to complete the petition (Ley 1755 de 2015, art. 17)", id, at, func(p *PQRSD, by relaciona.Actor, today calendar.Date) error {
		switch {
		case p.Status != StatusIncomplete:
			return invalid(s.lang, "status", "la PQRSD %s está en estado %s: solo se prorroga el plazo de una PQRSD incompleta", "PQRSD %s is %s: only an incomplete PQRSD's deadline can be extended", id, p.Status)
		case !p.Completion.Extended.IsZero():
			return invalid(s.lang, "completion", "el plazo para completar la PQRSD %s ya se prorrogó el %s: la ley permite una prórroga", "the deadline to complete PQRSD %s was already extended on %s: the law allows one", id, p.Completion.Extended)
		case today.After(p.Completion.Deadline):
			return invalid(s.lang, "at", "el plazo para completar la PQRSD %s venció el %s: la prórroga se pide antes", "the deadline to complete PQRSD %s passed on %s: the extension is asked for before", id, p.Completion.Deadline)
		case today.Before(p.Completion.Requested):
			return invalid(s.lang, "at", "%s es anterior a la solicitud de completar (%s)", "%s is before the request to complete (%s)", today, p.Completion.Requested)
		}
		c := p.Completion
		c.Extended = today
		if c.Deadline == addMonth(c.Requested) {
			c.Deadline = addMonth(c.Deadline)
		} else {
			c.Deadline = c.Deadline.AddDays(civilDays(c.Requested, c.Deadline))
		}
		return nil
	})
}

// Complete records that the petitioner completed an incomplete petition
// (Ley 1755 de 2015, art. 17: "a partir del día siguiente en que el
// interesado aporte los documentos o informes requeridos, se reactivará el
// término"): on the deadline at the latest. The PQRSD is open again and
// its due date moves: by default the term resumes with the business days
// it had left at the request, counted from the day after the completion
// (pqrsd.incomplete.after_completion resume); with restart the whole term
// counts again from then. The actor needs the citizen_service role.
func (s *Process) Complete(ctx context.Context, a relaciona.Actor, id string, at time.Time) (PQRSD, error) {
	return s.petitionStep(ctx, a, RoleService, "citizen.pqrsd.complete", "petition completed; term running again (Ley 1755 de 2015, art. 17)", id, at, func(p *PQRSD, by relaciona.Actor, today calendar.Date) error {
		switch {
		case p.Status != StatusIncomplete:
			return invalid(s.lang, "status", "la PQRSD %s está en estado %s: solo se completa una PQRSD incompleta", "PQRSD %s is %s: only an incomplete PQRSD can be completed", id, p.Status)
		case today.After(p.Completion.Deadline):
			return invalid(s.lang, "at", "el plazo para completar la PQRSD %s venció el %s: se entiende desistida (Ley 1755 de 2015, art. 17)", "the deadline to complete PQRSD %s passed on %s: it is taken as withdrawn (Ley 1755 de 2015, art. 17)", id, p.Completion.Deadline)
		case today.Before(p.Completion.Requested):
			return invalid(s.lang, "at", "%s es anterior a la solicitud de completar (%s)", "%s is before the request to complete (%s)", today, p.Completion.Requested)
		}
		return s.resume(p, today)
	})
}

// resume ends the suspension of p on date d and moves its due date.
func (s *Process) resume(p *PQRSD, d calendar.Date) error {
	c := p.Completion
	suspended, err := s.cal.BusinessDaysBetween(c.Requested, d)
	if err != nil {
		return fmt.Errorf("%w: %v", relaciona.ErrInvalid, err)
	}
	var due calendar.Date
	if s.cfg.PQRSD.Incomplete.AfterCompletion == AfterCompletionRestart {
		inForce, err := s.cal.BusinessDaysBetween(p.Filed, p.Due)
		if err == nil {
			due, err = s.cal.AddBusinessDays(d, inForce)
		}
		if err != nil {
			return fmt.Errorf("%w: %v", relaciona.ErrInvalid, err)
		}
	} else if due, err = s.cal.AddBusinessDays(d, c.Left); err != nil {
		return fmt.Errorf("%w: %v", relaciona.ErrInvalid, err)
	}
	c.Completed, c.Suspended = d, suspended
	p.Due, p.Status = due, StatusOpen
	return nil
}

// Withdraw records the petitioner's express withdrawal of an open or
// incomplete PQRSD (Ley 1755 de 2015, art. 18: "los interesados podrán
// desistir en cualquier tiempo de sus peticiones"); the petition may be
// filed again. reason is what the petitioner said, if anything. The agency
// may still continue it ex officio (ContinueExOfficio); once it does, a new
// withdrawal is refused. The actor needs the citizen_service role.
func (s *Process) Withdraw(ctx context.Context, a relaciona.Actor, id, reason string, at time.Time) (PQRSD, error) {
	return s.petitionStep(ctx, a, RoleService, "citizen.pqrsd.withdraw", "express withdrawal by the petitioner (Ley 1755 de 2015, art. 18)", id, at, func(p *PQRSD, by relaciona.Actor, today calendar.Date) error {
		switch {
		case p.Status != StatusOpen && p.Status != StatusIncomplete:
			return invalid(s.lang, "status", "la PQRSD %s está en estado %s: solo se desiste de una PQRSD en trámite", "PQRSD %s is %s: only a PQRSD in progress can be withdrawn", id, p.Status)
		case p.Withdrawal != nil && p.Withdrawal.ExOfficio != nil:
			return invalid(s.lang, "withdrawal", "la PQRSD %s continúa de oficio desde el %s: un nuevo desistimiento no la termina", "PQRSD %s continues ex officio since %s: a new withdrawal does not end it", id, p.Withdrawal.ExOfficio.Date)
		case today.Before(p.Filed):
			return invalid(s.lang, "at", "%s es anterior a la radicación (%s)", "%s is before the filing date %s", today, p.Filed)
		}
		p.Withdrawal = &Withdrawal{Date: today, Reason: reason, By: by.ID}
		p.Status = StatusWithdrawn
		return nil
	})
}

// ContinueExOfficio continues an expressly withdrawn PQRSD for reasons of
// public interest (Ley 1755 de 2015, art. 18: "las autoridades podrán
// continuar de oficio la actuación si la consideran necesaria por razones
// de interés público; en tal caso expedirán resolución motivada"): the
// reasoned decision is required, the PQRSD is open again on its term (an
// incomplete one is taken as complete on that day) and the citizen is told.
// A tacit withdrawal (art. 17) is not continued this way. The actor needs
// the direction role: the reasoned resolution is the authority's act.
func (s *Process) ContinueExOfficio(ctx context.Context, a relaciona.Actor, id, reason string, at time.Time) (PQRSD, error) {
	a, err := s.authorizeAt(ctx, a, "citizen.pqrsd.ex_officio", at, RoleDirection)
	if err != nil {
		return PQRSD{}, err
	}
	if strings.TrimSpace(reason) == "" {
		return PQRSD{}, invalid(s.lang, "reason", "continuar de oficio exige una decisión motivada por interés público (Ley 1755 de 2015, art. 18)",
			"continuing ex officio needs a decision reasoned on public interest (Ley 1755 de 2015, art. 18)")
	}
	today := s.dateOf(at)
	return s.mutate(ctx, a, "citizen.pqrsd.ex_officio", "continued ex officio for public interest (Ley 1755 de 2015, art. 18)", id, at, func(p *PQRSD) (*Notice, error) {
		switch {
		case p.Status != StatusWithdrawn:
			return nil, invalid(s.lang, "status", "la PQRSD %s está en estado %s: solo se continúa de oficio una PQRSD desistida", "PQRSD %s is %s: only a withdrawn PQRSD can be continued ex officio", id, p.Status)
		case p.Withdrawal.Tacit:
			return nil, invalid(s.lang, "withdrawal", "la PQRSD %s se entendió desistida por no completarse (art. 17): no se continúa de oficio", "PQRSD %s was taken as withdrawn for not being completed (art. 17): it is not continued ex officio", id)
		case p.Withdrawal.ExOfficio != nil:
			return nil, invalid(s.lang, "withdrawal", "la PQRSD %s ya se continuó de oficio el %s", "PQRSD %s was already continued ex officio on %s", id, p.Withdrawal.ExOfficio.Date)
		case today.Before(p.Withdrawal.Date):
			return nil, invalid(s.lang, "at", "%s es anterior al desistimiento (%s)", "%s is before the withdrawal (%s)", today, p.Withdrawal.Date)
		}
		if c := p.Completion; c != nil && c.Completed.IsZero() {
			if err := s.resume(p, today); err != nil {
				return nil, err
			}
		}
		n := s.newNotice(p, NoticeExOfficio, at, s.lang.Tf(
			"Aunque usted desistió de su %s %s, %s continuará de oficio su trámite por interés público. Motivo: %s",
			"Although you withdrew your %s %s, %s continues it ex officio for public interest. Reason: %s",
			strings.ToLower(p.Type.Label(s.lang)), p.ID, s.cfg.Entity, reason))
		// A new Withdrawal, not the one the stored PQRSD (and the day
		// counters' "before") still points to.
		w := *p.Withdrawal
		w.ExOfficio = &ExOfficio{Date: today, Reason: reason, By: a.ID, Notice: n.ID}
		p.Withdrawal = &w
		p.Status = StatusOpen
		return &n, nil
	})
}

// tacitWithdrawals is the part of Run that applies art. 17 of Ley 1755 de
// 2015: every incomplete PQRSD whose deadline to complete passed before
// date is taken as withdrawn, each in its own audited batch with its
// notice to the citizen (NotifyTacitWithdrawal, or the ticket reply). A
// PQRSD already withdrawn is not incomplete any more, so a second run
// changes nothing. It returns how many it withdrew.
func (s *Process) tacitWithdrawals(ctx context.Context, a relaciona.Actor, date calendar.Date) (int, error) {
	var due []string
	for d, err := range s.pqrsd.Scan(ctx, relaciona.Filter{Attrs: map[string]string{"status": string(StatusIncomplete)}}) {
		if err != nil {
			return 0, err
		}
		if c := d.Value.Completion; c != nil && date.After(c.Deadline) {
			due = append(due, d.ID)
		}
	}
	at := s.stamp(date)
	n := 0
	for _, id := range due {
		_, err := s.mutate(ctx, a, "citizen.pqrsd.withdraw.tacit", "tacit withdrawal: not completed in time (Ley 1755 de 2015, art. 17)", id, at, func(p *PQRSD) (*Notice, error) {
			if p.Status != StatusIncomplete || !date.After(p.Completion.Deadline) {
				return nil, errSkip
			}
			reason := s.lang.Tf("No completó la petición a más tardar el %s, como se le pidió el %s.", "The petition was not completed by %s, as asked on %s.",
				p.Completion.Deadline, p.Completion.Requested)
			no := s.newNotice(p, NoticeWithdrawal, at, s.lang.Tf(
				"Su %s %s se entiende desistida y se archiva: no se completó a más tardar el %s (Ley 1755 de 2015, art. 17). Puede presentarla de nuevo con los requisitos completos; contra esta decisión procede el recurso de reposición.",
				"Your %s %s is taken as withdrawn and archived: it was not completed by %s (Ley 1755 de 2015, art. 17). You may file it again complete; this decision may be appealed for reconsideration (recurso de reposición).",
				strings.ToLower(p.Type.Label(s.lang)), p.ID, p.Completion.Deadline))
			p.Withdrawal = &Withdrawal{Date: date, Tacit: true, Reason: reason, By: a.ID, Notice: no.ID}
			p.Status = StatusWithdrawn
			return &no, nil
		})
		switch {
		case errors.Is(err, errSkip):
			continue
		case err != nil:
			return n, err
		}
		n++
	}
	return n, nil
}

// errSkip stops a change that no longer applies without writing.
var errSkip = errors.New("citizen: the change no longer applies")
