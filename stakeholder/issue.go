package stakeholder

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// Severity is how serious an issue is; the escalation terms depend on it.
type Severity string

// The severities.
const (
	Low      Severity = "low"
	Medium   Severity = "medium"
	High     Severity = "high"
	Critical Severity = "critical"
)

// Severities lists the severities from low to critical.
func Severities() []Severity { return []Severity{Low, Medium, High, Critical} }

func (s Severity) valid() bool {
	for _, x := range Severities() {
		if s == x {
			return true
		}
	}
	return false
}

var severityLabels = process.Labels[Severity]{
	Low: {"baja", "low"}, Medium: {"media", "medium"}, High: {"alta", "high"}, Critical: {"crítica", "critical"},
}

// Label is the severity's name in lang.
func (s Severity) Label(lang relaciona.Lang) string { return severityLabels.Of(lang, s) }

// IssueStatus is the state of an issue.
type IssueStatus string

// The issue states.
const (
	IssueOpen     IssueStatus = "open"
	IssueResolved IssueStatus = "resolved"
)

// FinalLevel is the last stop of the escalation chain (seed
// 000_f7cf2e5b8754cfa1.txt, "Nivel 7": "es el último punto de escalamiento
// para la resolución de problemas").
const FinalLevel = 7

// Issue is an entry of the issue register: a problem with a stakeholder,
// handled at an SFIA level by that level's owner (from the escalation
// chain), with corrective actions, a resolution and lessons learned (seed
// 000_f7cf2e5b8754cfa1.txt, "Nivel 4": "Se ocupa de problemas y asuntos,
// gestionando resoluciones, acciones correctivas, lecciones aprendidas").
//
// While open, an issue below level 7 has a Deadline: the business day by
// which it must be resolved at its level. Run moves an issue still open
// after its deadline to the next level's owner (4 → 5 → 6 → 7), and records
// each step in Escalations. At level 7 the issue is Final (the last stop);
// when level 7 has terms too, an issue past them is flagged OverdueAtFinal.
type Issue struct {
	ID          string        `json:"id"`
	Stakeholder string        `json:"stakeholder" personal:"subject"`
	Title       string        `json:"title"`
	Description string        `json:"description,omitempty" personal:"true"`
	Severity    Severity      `json:"severity"`
	Status      IssueStatus   `json:"status"`
	Level       int           `json:"level"`
	Owner       string        `json:"owner"`
	Assignee    string        `json:"assignee,omitempty"`
	Opened      calendar.Date `json:"opened"`
	OpenedBy    string        `json:"opened_by,omitempty"`
	LevelSince  calendar.Date `json:"level_since"`
	Deadline    calendar.Date `json:"deadline,omitzero"`
	Timer       bool          `json:"timer,omitempty"` // a deadline is running

	Escalations    []Escalation       `json:"escalations,omitempty"`
	Final          bool               `json:"final,omitempty"`
	OverdueAtFinal bool               `json:"overdue_at_final,omitempty"`
	OverdueSince   calendar.Date      `json:"overdue_since,omitzero"`
	Actions        []CorrectiveAction `json:"actions,omitempty"`
	Resolution     string             `json:"resolution,omitempty"`
	RootCause      string             `json:"root_cause,omitempty"`
	Lessons        []string           `json:"lessons,omitempty"`
	LessonIDs      []string           `json:"lesson_ids,omitempty"`
	Resolved       calendar.Date      `json:"resolved,omitzero"`
	ResolvedBy     string             `json:"resolved_by,omitempty"`
	TicketID       string             `json:"ticket_id,omitempty"`
}

// Escalation is one step up the chain: from level From to To on Date (the
// day after the missed deadline), to Owner, computed by the run of RunDate.
type Escalation struct {
	From     int           `json:"from"`
	To       int           `json:"to"`
	Date     calendar.Date `json:"date"`
	Missed   calendar.Date `json:"missed"`
	Owner    string        `json:"owner"`
	RunDate  calendar.Date `json:"run_date"`
	Severity Severity      `json:"severity"`
}

// CorrectiveAction is an action taken on an issue, with its owner and due
// date; Done is the date it was completed.
type CorrectiveAction struct {
	Action string        `json:"action"`
	Owner  string        `json:"owner"`
	Due    calendar.Date `json:"due,omitzero"`
	Done   calendar.Date `json:"done,omitzero"`
}

func issueKey(i *Issue) relaciona.Key {
	return relaciona.Key{ID: i.ID, Time: dayTime(i.Opened), Attrs: map[string]string{
		"status": string(i.Status), "stakeholder": i.Stakeholder,
		"severity": string(i.Severity), "opened": i.Opened.String(),
	}}
}

// timer is the escalation index: one record per open issue whose term is
// running, with the deadline as its store time. Run reads the timers past
// their deadline through the time index, so its cost follows the issues
// due, not all issues ever opened. A timer is written in the same batch as
// its issue, under the issue's version check.
type timer struct {
	Issue    string        `json:"issue"`
	Deadline calendar.Date `json:"deadline"`
}

func timerKey(t *timer) relaciona.Key { return relaciona.Key{ID: t.Issue, Time: dayTime(t.Deadline)} }

// running reports whether an issue's escalation term is running.
func (i *Issue) running() bool { return i.Status == IssueOpen && i.Timer }

// writeIssue adds the write of issue i (read at version) to b, and the
// change of its timer, given whether it was running and its deadline
// before the change.
func (s *Process) writeIssue(b *relaciona.Batch, i *Issue, version int64, wasRunning bool, oldDeadline calendar.Date) {
	s.issues.Put(b, i, version)
	switch {
	case i.running() && (!wasRunning || i.Deadline != oldDeadline):
		s.timers.Put(b, &timer{Issue: i.ID, Deadline: i.Deadline}, relaciona.AnyVersion)
	case !i.running() && wasRunning:
		s.timers.Delete(b, i.ID, relaciona.AnyVersion)
	}
}

// startLevel sets the issue's owner and deadline for entering level lvl on
// since, the day its term starts from (the term counts from the next
// business day).
func (s *Process) enterLevel(i *Issue, lvl int, since calendar.Date) error {
	link := s.chain[lvl]
	i.Level, i.Owner, i.LevelSince = lvl, link.Owner, since
	if lvl >= FinalLevel {
		i.Final = true
	}
	days, ok := link.Limits[i.Severity]
	if !ok {
		i.Timer, i.Deadline = false, calendar.Date{}
		return nil
	}
	d, err := s.cal.AddBusinessDays(since, days)
	if err != nil {
		return err
	}
	i.Timer, i.Deadline = true, d
	return nil
}

// OpenIssue opens an issue with a stakeholder at level 4 (or at the Level
// given, 4 to 7), owned by that level's owner, with its deadline from the
// chain's terms. It needs the "handle_issue" level (4). Opened defaults to
// the date of at. Issues without an id get "ISS-YYYYMMDD-NNNN".
func (s *Process) OpenIssue(ctx context.Context, actor relaciona.Actor, at time.Time, is Issue) (Issue, error) {
	actor, err := s.require(ctx, actor, ActHandleIssue)
	if err != nil {
		return Issue{}, err
	}
	var out Issue
	err = s.store.Update(ctx, actor, "stakeholder.open_issue", "open issue", 3, func(b *relaciona.Batch) error {
		b.At(at)
		v := is
		if v.Opened.IsZero() {
			v.Opened = calendar.DateOf(at)
		}
		if v.Level == 0 {
			v.Level = 4
		}
		if v.Level < 4 || v.Level > FinalLevel {
			return s.invalid("level", "nivel %d fuera de 4 a 7", "level %d is outside 4 to 7", v.Level)
		}
		if !v.Severity.valid() {
			return s.invalid("severity", "severidad %q: use low, medium, high o critical", "severity %q: use low, medium, high or critical", v.Severity)
		}
		if strings.TrimSpace(v.Title) == "" {
			return s.invalid("title", "el asunto necesita un título", "the issue needs a title")
		}
		if _, err := s.stakeholders.Get(ctx, v.Stakeholder); err != nil {
			if errors.Is(err, relaciona.ErrNotFound) {
				return s.notFound("stakeholder", "parte interesada desconocida %q", "unknown stakeholder %q", v.Stakeholder)
			}
			return err
		}
		if v.Assignee != "" {
			if err := s.checkPerson(ctx, "assignee", v.Assignee, s.cfg.Level(ActHandleIssue)); err != nil {
				return err
			}
		}
		v.Status, v.OpenedBy = IssueOpen, actor.ID
		v.Escalations, v.Final, v.OverdueAtFinal, v.OverdueSince = nil, false, false, calendar.Date{}
		v.Resolution, v.Lessons, v.Resolved, v.ResolvedBy = "", nil, calendar.Date{}, ""
		v.RootCause, v.LessonIDs = "", nil
		if err := s.enterLevel(&v, v.Level, v.Opened); err != nil {
			return err
		}
		if v.ID == "" {
			id, err := openedID(ctx, s.store, kindIssue, "ISS", v.Opened)
			if err != nil {
				return err
			}
			v.ID = id
		} else if err := s.checkID("id", v.ID); err != nil {
			return err
		}
		s.writeIssue(b, &v, 0, false, calendar.Date{})
		out = v
		return nil
	})
	return out, err
}

// GetIssue returns one issue; the error wraps relaciona.ErrNotFound when
// there is none.
func (s *Process) GetIssue(ctx context.Context, id string) (Issue, error) {
	d, err := s.issues.Get(ctx, id)
	return d.Value, err
}

// updateIssue reads issue id, lets fn change it and writes it back in one
// batch, retrying on a concurrent change.
func (s *Process) updateIssue(ctx context.Context, actor relaciona.Actor, at time.Time, action, id string, fn func(*relaciona.Batch, *Issue) error) (Issue, error) {
	var out Issue
	err := s.store.Update(ctx, actor, action, "issue "+id, 3, func(b *relaciona.Batch) error {
		b.At(at)
		d, err := s.issues.Get(ctx, id)
		if err != nil {
			return err
		}
		wasRunning, oldDeadline := d.Value.running(), d.Value.Deadline
		if err := fn(b, &d.Value); err != nil {
			return err
		}
		s.writeIssue(b, &d.Value, d.Version, wasRunning, oldDeadline)
		out = d.Value
		return nil
	})
	return out, err
}

// AssignIssue assigns an open issue to a person of the directory with the
// "handle_issue" level; the actor needs that level too.
func (s *Process) AssignIssue(ctx context.Context, actor relaciona.Actor, at time.Time, id, assignee string) (Issue, error) {
	actor, err := s.require(ctx, actor, ActHandleIssue)
	if err != nil {
		return Issue{}, err
	}
	return s.updateIssue(ctx, actor, at, "stakeholder.assign_issue", id, func(b *relaciona.Batch, i *Issue) error {
		if i.Status != IssueOpen {
			return s.invalid("status", "el asunto %q ya está resuelto", "issue %q is already resolved", i.ID)
		}
		if err := s.checkPerson(ctx, "assignee", assignee, s.cfg.Level(ActHandleIssue)); err != nil {
			return err
		}
		i.Assignee = assignee
		return nil
	})
}

// AddCorrectiveAction adds a corrective action to an issue. It needs the
// "handle_issue" level (4).
func (s *Process) AddCorrectiveAction(ctx context.Context, actor relaciona.Actor, at time.Time, id string, a CorrectiveAction) (Issue, error) {
	actor, err := s.require(ctx, actor, ActHandleIssue)
	if err != nil {
		return Issue{}, err
	}
	return s.updateIssue(ctx, actor, at, "stakeholder.corrective_action", id, func(b *relaciona.Batch, i *Issue) error {
		if strings.TrimSpace(a.Action) == "" {
			return s.invalid("action", "la acción correctiva necesita una descripción", "the corrective action needs a description")
		}
		if err := s.checkPerson(ctx, "owner", a.Owner, 1); err != nil {
			return err
		}
		i.Actions = append(i.Actions, a)
		if !a.Due.IsZero() && a.Done.IsZero() {
			s.commitments.Put(b, &commitment{ID: fmt.Sprintf("%s/ca/%d", i.ID, len(i.Actions)-1), Source: relaciona.Ref{Kind: kindIssue, ID: i.ID}, Index: len(i.Actions) - 1,
				Action: a.Action, Owner: a.Owner, Due: a.Due, Stakeholder: i.Stakeholder}, relaciona.AnyVersion)
		}
		return nil
	})
}

// CompleteCorrectiveAction marks the index-th corrective action of an issue
// done on date. It needs the "handle_issue" level (4).
func (s *Process) CompleteCorrectiveAction(ctx context.Context, actor relaciona.Actor, at time.Time, id string, index int, date calendar.Date) (Issue, error) {
	actor, err := s.require(ctx, actor, ActHandleIssue)
	if err != nil {
		return Issue{}, err
	}
	return s.updateIssue(ctx, actor, at, "stakeholder.corrective_action_done", id, func(b *relaciona.Batch, i *Issue) error {
		if index < 0 || index >= len(i.Actions) {
			return s.invalid("index", "el asunto %q no tiene la acción %d", "issue %q has no action %d", i.ID, index)
		}
		if date.IsZero() {
			return s.invalid("date", "indique la fecha en que se completó", "give the date it was completed")
		}
		i.Actions[index].Done = date
		return nil
	})
}

// resolveLevel is the level needed to resolve an issue at level lvl: the
// "handle_issue" level, raised to the issue's level once escalated, and
// "close_escalated" (7) at the last stop.
func (s *Process) resolveLevel(lvl int) (Action, int) {
	a, need := ActHandleIssue, s.cfg.Level(ActHandleIssue)
	if lvl >= FinalLevel {
		return ActCloseEscalated, s.cfg.Level(ActCloseEscalated)
	}
	return a, max(need, lvl)
}

// ResolveIssue resolves an open issue with its resolution: what was done,
// the root cause from the catalogue (Config.RootCauses, the YAML key
// root_causes), always required, and the lessons learned (seed 000 "Nivel 4":
// "gestionando resoluciones, acciones correctivas, lecciones aprendidas").
// Each lesson goes into the lessons-learned register (relaciona.Lessons)
// in the same audited batch as the resolution, with the issue as its
// source, the stakeholder's groups (and the groups above them) and the
// root cause, so that it can be searched by topic, group and process and
// its spreading recorded (SpreadLesson). It needs the "handle_issue" level
// (4) and, for an escalated issue, the issue's level: an issue escalated
// to level L is resolved by someone of level L or above, and one at level
// 7 needs "close_escalated" (7). The resolution stops its escalation.
func (s *Process) ResolveIssue(ctx context.Context, actor relaciona.Actor, at time.Time, id string, r Resolution) (Issue, error) {
	actor, err := s.require(ctx, actor, ActHandleIssue)
	if err != nil {
		return Issue{}, err
	}
	return s.updateIssue(ctx, actor, at, "stakeholder.resolve_issue", id, func(b *relaciona.Batch, i *Issue) error {
		act, need := s.resolveLevel(i.Level)
		if _, err := s.requireLevel(ctx, actor, act, need); err != nil {
			return err
		}
		if i.Status != IssueOpen {
			return s.invalid("status", "el asunto %q ya está resuelto", "issue %q is already resolved", i.ID)
		}
		if err := s.checkResolution(r); err != nil {
			return err
		}
		if err := s.addLessons(ctx, b, i, r, actor.ID, at); err != nil {
			return err
		}
		i.Status, i.Resolution, i.RootCause = IssueResolved, r.Text, r.RootCause
		i.Resolved, i.ResolvedBy, i.Timer = calendar.DateOf(at), actor.ID, false
		return nil
	})
}

// IssueQuery selects issues in SearchIssues. Empty fields match everything;
// Text matches (case-insensitively) the title, resolution, corrective
// actions and lessons learned.
type IssueQuery struct {
	Stakeholder string
	Status      IssueStatus
	Severity    Severity
	Level       int
	Text        string
}

// SearchIssues streams the issues that match q, in constant memory.
func (s *Process) SearchIssues(ctx context.Context, q IssueQuery) iter.Seq2[Issue, error] {
	return func(yield func(Issue, error) bool) {
		attrs := map[string]string{}
		if q.Stakeholder != "" {
			attrs["stakeholder"] = q.Stakeholder
		}
		if q.Status != "" {
			attrs["status"] = string(q.Status)
		}
		if q.Severity != "" {
			attrs["severity"] = string(q.Severity)
		}
		text := strings.ToLower(q.Text)
		for d, err := range s.issues.Scan(ctx, relaciona.Filter{Attrs: attrs}) {
			if err != nil {
				yield(Issue{}, err)
				return
			}
			i := d.Value
			if q.Level != 0 && i.Level != q.Level {
				continue
			}
			if text != "" && !i.mentions(text) {
				continue
			}
			if !yield(i, nil) {
				return
			}
		}
	}
}

func (i *Issue) mentions(lower string) bool {
	hay := []string{i.Title, i.Resolution}
	hay = append(hay, i.Lessons...)
	for _, a := range i.Actions {
		hay = append(hay, a.Action)
	}
	for _, h := range hay {
		if strings.Contains(strings.ToLower(h), lower) {
			return true
		}
	}
	return false
}

// escalate brings an open issue up to date for date: while its deadline
// is before date, it moves to the next level (the step dated the day after
// the missed deadline, the new term counted from that deadline), and at
// level 7 past the last term it is flagged OverdueAtFinal. The result
// depends only on the issue and date, not on when Run ran before, so
// missed runs catch up exactly and a second run changes nothing. It reports
// whether the issue changed.
func (s *Process) escalate(i *Issue, date calendar.Date) (bool, error) {
	changed := false
	for i.Status == IssueOpen && i.Timer && i.Deadline.Before(date) {
		changed = true
		missed := i.Deadline
		if i.Level >= FinalLevel {
			i.OverdueAtFinal, i.OverdueSince, i.Timer = true, missed.AddDays(1), false
			break
		}
		step := Escalation{From: i.Level, To: i.Level + 1, Date: missed.AddDays(1), Missed: missed, RunDate: date, Severity: i.Severity}
		if err := s.enterLevel(i, i.Level+1, missed); err != nil {
			return changed, err
		}
		i.LevelSince = step.Date
		step.Owner = i.Owner
		i.Assignee = ""
		i.Escalations = append(i.Escalations, step)
	}
	return changed, nil
}

// RunSummary says what a Run did.
type RunSummary struct {
	Date calendar.Date
	// Escalated is the number of issues moved up or flagged; Steps the
	// number of level changes (an issue may climb more than one level when
	// runs were missed).
	Escalated int
	Steps     int
	// ReachedFinal counts issues that reached level 7 in this run, and
	// OverdueAtFinal those flagged as past the level-7 term.
	ReachedFinal   int
	OverdueAtFinal int
	// Batches is the number of audited batches written.
	Batches int
	// OverdueCommunications counts plan communications overdue on Date.
	OverdueCommunications int
	// Notified counts the notifications written to the outbox: issues
	// escalated or overdue at the last level, and overdue communications
	// not notified before.
	Notified int
}

// runChunk bounds the issues written per batch, which bounds Run's memory.
const runChunk = 256

// Run does the date-driven work of the process for date: every open issue
// whose deadline is before date moves up the escalation chain (see Issue),
// in audited batches of up to runChunk issues (action
// "stakeholder.escalate"), and it counts the overdue communications. It
// reads only the issues whose deadline has passed, through the store's
// time index, in constant memory. It is idempotent: a second call with the
// same date finds nothing to do and writes nothing. It needs the "run"
// level (0 by default: any valid actor).
func (s *Process) Run(ctx context.Context, actor relaciona.Actor, date calendar.Date) (RunSummary, error) {
	sum := RunSummary{Date: date}
	actor, err := s.require(ctx, actor, ActRun)
	if err != nil {
		return sum, err
	}
	if date.IsZero() {
		return sum, s.invalid("date", "indique la fecha de la ejecución", "give the date of the run")
	}
	at := dayTime(date)
	conflicts := 0
	for {
		ids, err := s.dueTimers(ctx, at, runChunk)
		if err != nil {
			return sum, err
		}
		if len(ids) == 0 {
			break
		}
		byID, err := docsByID(ctx, s.issues, ids)
		if err != nil {
			return sum, err
		}
		b := s.store.Begin(actor, "stakeholder.escalate", "escalation run of "+date.String()).At(at)
		var part RunSummary
		for _, id := range ids {
			d, ok := byID[id]
			if !ok { // a timer without its issue: drop it
				s.timers.Delete(b, id, relaciona.AnyVersion)
				continue
			}
			i := &d.Value
			wasRunning, oldDeadline := i.running(), i.Deadline
			wasFinal, wasOverdue := i.Final, i.OverdueAtFinal
			before := len(i.Escalations)
			prev := i.Assignee
			if prev == "" {
				prev = i.Owner
			}
			changed, err := s.escalate(i, date)
			if err != nil {
				return sum, err
			}
			if !changed {
				// The timer disagrees with its issue (not running, or not
				// due): make it agree, so that it leaves the set.
				if i.running() {
					s.timers.Put(b, &timer{Issue: i.ID, Deadline: i.Deadline}, relaciona.AnyVersion)
				} else {
					s.timers.Delete(b, i.ID, relaciona.AnyVersion)
				}
				continue
			}
			part.Escalated++
			part.Steps += len(i.Escalations) - before
			if i.Final && !wasFinal {
				part.ReachedFinal++
			}
			if i.OverdueAtFinal && !wasOverdue {
				part.OverdueAtFinal++
			}
			s.writeIssue(b, i, d.Version, wasRunning, oldDeadline)
			ns, err := s.issueNotices(ctx, i, prev, before, wasOverdue)
			if err != nil {
				return sum, err
			}
			for _, n := range ns {
				b.Notify(n)
			}
			part.Notified += len(ns)
		}
		if _, err := b.Commit(ctx); err != nil {
			if errors.Is(err, relaciona.ErrConflict) && conflicts < 5 {
				conflicts++
				continue // someone changed an issue meanwhile: read again
			}
			return sum, err
		}
		conflicts = 0
		sum.Batches++
		sum.Escalated += part.Escalated
		sum.Steps += part.Steps
		sum.ReachedFinal += part.ReachedFinal
		sum.OverdueAtFinal += part.OverdueAtFinal
		sum.Notified += part.Notified
	}
	cn, cb, err := s.notifyCommitments(ctx, actor, date)
	sum.Notified, sum.Batches = sum.Notified+cn, sum.Batches+cb
	if err != nil {
		return sum, err
	}
	overdue, notified, err := s.notifyOverdue(ctx, actor, date)
	sum.OverdueCommunications, sum.Notified = overdue, sum.Notified+notified
	if err != nil {
		return sum, err
	}
	if notified > 0 {
		sum.Batches += (notified + runChunk - 1) / runChunk
	}
	gn, gb, err := s.notifyGovernance(ctx, actor, date) // governance_run.go
	sum.Notified, sum.Batches = sum.Notified+gn, sum.Batches+gb
	if err != nil {
		return sum, err
	}
	return sum, nil
}

// PreviewEscalations streams, without writing, what Run would do for date:
// each open issue past its deadline as it would be after the run. It reads
// in constant memory.
func (s *Process) PreviewEscalations(ctx context.Context, date calendar.Date) iter.Seq2[Issue, error] {
	return func(yield func(Issue, error) bool) {
		ids := make([]string, 0, runChunk)
		flush := func() bool {
			docs, err := s.issues.GetMany(ctx, ids)
			ids = ids[:0]
			if err != nil {
				yield(Issue{}, err)
				return false
			}
			for _, d := range docs {
				i := d.Value
				changed, err := s.escalate(&i, date)
				if err != nil {
					yield(Issue{}, err)
					return false
				}
				if changed && !yield(i, nil) {
					return false
				}
			}
			return true
		}
		for t, err := range s.timers.Scan(ctx, relaciona.Filter{To: dayTime(date)}) {
			if err != nil {
				yield(Issue{}, err)
				return
			}
			ids = append(ids, t.ID)
			if len(ids) == runChunk && !flush() {
				return
			}
		}
		if len(ids) > 0 {
			flush()
		}
	}
}

// dueTimers returns the ids of up to limit issues whose timer ran out
// before at.
func (s *Process) dueTimers(ctx context.Context, at time.Time, limit int) ([]string, error) {
	var ids []string
	for t, err := range s.timers.Scan(ctx, relaciona.Filter{To: at, Limit: limit}) {
		if err != nil {
			return nil, err
		}
		ids = append(ids, t.ID)
	}
	return ids, nil
}
