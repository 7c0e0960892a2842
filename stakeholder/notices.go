package stakeholder

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/schemas"
)

// The notification kinds of the process, each written to the outbox in
// the same batch as the change that makes its item due.
const (
	// NoticeIssueEscalated: Run moved an unresolved issue up the chain. To
	// the new level's owner (the person who now holds it) and to the
	// person the directory puts above the one who held it (its assignee,
	// else its owner), so the escalation reaches a person, not a level
	// (seed 000_f7cf2e5b8754cfa1.txt: issues are handled at a level and
	// level 7 "es el último punto de escalamiento").
	NoticeIssueEscalated = "stakeholder.issue.escalated"
	// NoticeIssueOverdueFinal: an issue at level 7 passed the last term.
	// To the level-7 owner and the person above them, if any.
	NoticeIssueOverdueFinal = "stakeholder.issue.overdue_final"
	// NoticeCommunicationOverdue: a planned communication passed its
	// deadline (scheduled date plus plan.overdue_grace_days business days)
	// without being carried out. To the plan item's owner (seed: level 4
	// "Implementa el plan de participación / comunicación").
	NoticeCommunicationOverdue = "stakeholder.communication.overdue"
)

const signES = "\n\nAtentamente,\nSistema de gestión de partes interesadas"
const signEN = "\n\nRegards,\nStakeholder management system"

func init() {
	issueFields := []string{"issue", "issue_title", "stakeholder", "severity", "level", "from_level", "missed", "owner"}
	relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{
		Kind: NoticeIssueEscalated, Process: Kind, Audience: relaciona.AudienceStaff,
		Title:  [2]string{"Asunto escalado", "Issue escalated"},
		Fields: issueFields,
		Default: map[relaciona.Lang]relaciona.Template{
			relaciona.Spanish: {
				Subject: "Asunto {{.issue}} escalado al nivel {{.level}}",
				Body: "Estimado(a) {{if .recipient}}{{.recipient}}{{else}}colaborador(a){{end}}:\n\n" +
					"El asunto {{.issue}} («{{.issue_title}}») con la parte interesada {{.stakeholder}}, de severidad {{.severity}}, " +
					"no se resolvió en el nivel {{.from_level}} dentro del plazo que vencía el {{.missed}} y fue escalado al nivel {{.level}}, " +
					"a cargo de {{.owner}}.{{if .due}} El nuevo plazo para resolverlo vence el {{.due}}.{{end}}\n\n" +
					"Le solicitamos revisarlo y registrar las acciones correctivas y la resolución en el sistema." + signES,
			},
			relaciona.English: {
				Subject: "Issue {{.issue}} escalated to level {{.level}}",
				Body: "Dear {{if .recipient}}{{.recipient}}{{else}}colleague{{end}},\n\n" +
					"Issue {{.issue}} (\"{{.issue_title}}\") with stakeholder {{.stakeholder}}, severity {{.severity}}, " +
					"was not resolved at level {{.from_level}} within the term that ended on {{.missed}} and was escalated to level {{.level}}, " +
					"owned by {{.owner}}.{{if .due}} The new term to resolve it ends on {{.due}}.{{end}}\n\n" +
					"Please review it and record the corrective actions and the resolution in the system." + signEN,
			},
		},
	})
	relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{
		Kind: NoticeIssueOverdueFinal, Process: Kind, Audience: relaciona.AudienceStaff,
		Title:  [2]string{"Asunto vencido en el último nivel", "Issue overdue at the last level"},
		Fields: issueFields,
		Default: map[relaciona.Lang]relaciona.Template{
			relaciona.Spanish: {
				Subject: "Asunto {{.issue}} vencido en el nivel {{.level}}",
				Body: "Estimado(a) {{if .recipient}}{{.recipient}}{{else}}colaborador(a){{end}}:\n\n" +
					"El asunto {{.issue}} («{{.issue_title}}») con la parte interesada {{.stakeholder}}, de severidad {{.severity}}, " +
					"sigue abierto en el nivel {{.level}}, el último punto de escalamiento, y su plazo venció el {{.missed}}.\n\n" +
					"Le solicitamos resolverlo a la mayor brevedad." + signES,
			},
			relaciona.English: {
				Subject: "Issue {{.issue}} overdue at level {{.level}}",
				Body: "Dear {{if .recipient}}{{.recipient}}{{else}}colleague{{end}},\n\n" +
					"Issue {{.issue}} (\"{{.issue_title}}\") with stakeholder {{.stakeholder}}, severity {{.severity}}, " +
					"is still open at level {{.level}}, the last point of escalation, and its term ended on {{.missed}}.\n\n" +
					"Please resolve it as soon as possible." + signEN,
			},
		},
	})
	relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{
		Kind: NoticeCommunicationOverdue, Process: Kind, Audience: relaciona.AudienceStaff,
		Title:  [2]string{"Comunicación planificada vencida", "Planned communication overdue"},
		Fields: []string{"plan_item", "objective", "channel", "audience", "scheduled", "deadline", "pending"},
		Default: map[relaciona.Lang]relaciona.Template{
			relaciona.Spanish: {
				Subject: "Comunicación vencida: {{.objective}} ({{.audience}})",
				Body: "Estimado(a) {{if .recipient}}{{.recipient}}{{else}}colaborador(a){{end}}:\n\n" +
					"La comunicación del plan de participación «{{.objective}}» con {{.audience}} por {{.channel}}, " +
					"programada para el {{.scheduled}}, no se ha realizado y su plazo venció el {{.deadline}} " +
					"({{.pending}} pendiente(s)).\n\n" +
					"Le solicitamos realizarla y registrarla en el sistema." + signES,
			},
			relaciona.English: {
				Subject: "Communication overdue: {{.objective}} ({{.audience}})",
				Body: "Dear {{if .recipient}}{{.recipient}}{{else}}colleague{{end}},\n\n" +
					"The engagement-plan communication \"{{.objective}}\" with {{.audience}} by {{.channel}}, " +
					"scheduled for {{.scheduled}}, has not been carried out and its deadline passed on {{.deadline}} " +
					"({{.pending}} pending).\n\n" +
					"Please carry it out and record it in the system." + signEN,
			},
		},
	})
}

// dateString is d as YYYY-MM-DD, or "" for the zero date.
func dateString(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// manager returns the id of the person the directory puts above id, or ""
// when it names no one (or does not list id).
func (s *Process) manager(ctx context.Context, id string) (string, error) {
	if id == "" {
		return "", nil
	}
	m, err := s.dir.Manager(ctx, id)
	if errors.Is(err, relaciona.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	return m.ID, nil
}

// issueNotices returns the notifications an issue's change in Run calls
// for: escalated when it climbed (before is the number of steps it had;
// prev who held it: its assignee, else its owner), else overdue at the
// last level when it just became so; none otherwise.
func (s *Process) issueNotices(ctx context.Context, i *Issue, prev string, before int, wasOverdue bool) ([]relaciona.Notification, error) {
	escalated := len(i.Escalations) > before
	overdue := i.OverdueAtFinal && !wasOverdue
	var kind, due string
	var missed calendar.Date
	from := i.Level
	switch {
	case escalated:
		// Several steps when runs were missed: one notice, from the level
		// it held to the one it reached.
		kind, due = NoticeIssueEscalated, dateString(i.Deadline)
		if due == "" {
			due = dateString(i.LevelSince)
		}
		missed, from = i.Escalations[len(i.Escalations)-1].Missed, i.Escalations[before].From
	case overdue:
		kind, missed = NoticeIssueOverdueFinal, i.OverdueSince.AddDays(-1)
		due = dateString(missed)
	default:
		return nil, nil
	}
	fields := map[string]string{
		"record": i.ID, "issue": i.ID, "issue_title": i.Title, "stakeholder": i.Stakeholder,
		"severity": string(i.Severity), "level": strconv.Itoa(i.Level), "from_level": strconv.Itoa(from),
		"missed": dateString(missed), "owner": i.Owner,
	}
	to := []string{i.Owner}
	above := prev
	if !escalated {
		above = i.Owner
	}
	m, err := s.manager(ctx, above)
	if err != nil {
		return nil, err
	}
	if m != "" && m != i.Owner {
		to = append(to, m)
	}
	var out []relaciona.Notification
	for _, id := range to {
		if id == "" {
			continue
		}
		out = append(out, relaciona.Notification{Kind: kind, Process: Kind, About: relaciona.Ref{Kind: kindIssue, ID: i.ID},
			Due: due, To: relaciona.Recipient{Person: id}, Lang: s.personLang(ctx, id), Fields: fields})
	}
	return out, nil
}

// personLang is the language the directory says id reads, or "" (the
// deployment's).
func (s *Process) personLang(ctx context.Context, id string) relaciona.Lang {
	p, err := s.dir.Person(ctx, id)
	if err != nil {
		return ""
	}
	return relaciona.Lang(p.Lang)
}

// communicationNotice is the notification of an overdue planned
// communication, to the plan item's owner; its key holds the scheduled
// date, so each communication is notified once.
func (s *Process) communicationNotice(ctx context.Context, c Communication) relaciona.Notification {
	p := c.Item
	audience := p.Stakeholder
	if audience == "" {
		audience = p.Group
	}
	channel := p.Channel
	if ch, ok := s.channels[p.Channel]; ok && ch.Name != "" {
		channel = ch.Name
	}
	return relaciona.Notification{Kind: NoticeCommunicationOverdue, Process: Kind, About: relaciona.Ref{Kind: kindPlanItem, ID: p.ID},
		Due: dateString(c.Scheduled), To: relaciona.Recipient{Person: p.Owner}, Lang: s.personLang(ctx, p.Owner),
		Fields: map[string]string{
			"record": p.ID, "plan_item": p.ID, "objective": p.Objective, "channel": channel, "audience": audience,
			"scheduled": dateString(c.Scheduled), "deadline": dateString(c.Deadline), "pending": strconv.Itoa(c.Pending),
		}}
}

// notifyOverdue writes, in one audited batch per chunk, the notification
// of each communication overdue on date that is not in the outbox yet,
// and returns how many communications were overdue and how many
// notifications it wrote. Nothing else changes when a communication falls
// overdue, so the notification is the change: a re-run finds it in the
// outbox and writes nothing; a concurrent run's batch conflicts and is
// read again.
func (s *Process) notifyOverdue(ctx context.Context, actor relaciona.Actor, date calendar.Date) (overdue, notified int, err error) {
	for attempt := 0; ; attempt++ {
		overdue = 0
		var pending []relaciona.Notification
		for c, err := range s.Overdue(ctx, date) {
			if err != nil {
				return 0, 0, err
			}
			overdue++
			if c.Item.Owner == "" {
				continue
			}
			n := s.communicationNotice(ctx, c)
			_, _, err := s.store.Notified(ctx, n.Key())
			switch {
			case err == nil:
				continue // told already
			case !errors.Is(err, relaciona.ErrNotFound):
				return 0, 0, err
			}
			pending = append(pending, n)
		}
		if len(pending) == 0 {
			return overdue, notified, nil
		}
		var werr error
		for start := 0; start < len(pending) && werr == nil; start += runChunk {
			b := s.store.Begin(actor, "stakeholder.notify_overdue", "overdue communications of "+date.String()).At(dayTime(date))
			part := pending[start:min(start+runChunk, len(pending))]
			for _, n := range part {
				b.Notify(n)
			}
			if _, werr = b.Commit(ctx); werr == nil {
				notified += len(part)
			}
		}
		if werr == nil {
			return overdue, notified, nil
		}
		if !errors.Is(werr, relaciona.ErrConflict) || attempt >= 3 {
			return overdue, notified, werr
		}
		// Another run wrote some of them meanwhile: read the outbox again.
	}
}

// checkTemplates checks the file's notifications key as
// relaciona.CheckTemplates does, and places the error at the node it is
// about (notifications, the kind, the language, subject or body) in the
// file l reads.
func checkTemplates(l *schemas.Locator, ts relaciona.Templates) error {
	err := relaciona.CheckTemplates(Kind, ts)
	var ve *relaciona.ValidationError
	if err == nil || !errors.As(err, &ve) {
		return err
	}
	rest := strings.TrimPrefix(ve.Field, "notifications.")
	path := []any{"notifications"}
	for kind := range ts {
		if rest == kind || strings.HasPrefix(rest, kind+".") {
			path = append(path, kind)
			for _, p := range strings.Split(strings.TrimPrefix(rest, kind), ".") {
				if p != "" {
					path = append(path, p)
				}
			}
			break
		}
	}
	p := l.Problem(path, ve.Msg)
	p.Field = ve.Field
	return p
}
