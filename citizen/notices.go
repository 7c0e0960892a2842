package citizen

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// The kinds of notification the process writes to the outbox, each in the
// same batch as the change that makes its item due. A process file may
// override their text under its notifications key (Config.Templates).
const (
	// NotifyPQRSDDueSoon tells the citizen-service staff that a PQRSD
	// falls due within pqrsd.due_soon_days business days.
	NotifyPQRSDDueSoon = "citizen.pqrsd.due_soon"
	// NotifyPQRSDOverdue tells the citizen-service staff that a PQRSD's
	// legal term (Ley 1755 de 2015, art. 14) expired unanswered, and
	// escalates it to the person directly above each of them in the
	// directory (the relationship leads when the directory names no one).
	NotifyPQRSDOverdue = "citizen.pqrsd.overdue"
	// NotifyCommitmentOverdue told the relationship leads that a
	// commitment of a participation space was past its due date.
	// Deprecated: the commitments register writes
	// relaciona.NoticeCommitmentOverdue for every process; the kind stays
	// registered so that a file overriding its text still loads.
	NotifyCommitmentOverdue = "citizen.commitment.overdue"
	// NotifyExtension is the notice to the citizen that the term is
	// extended (Ley 1755 de 2015, art. 14, parágrafo): the reason and the
	// new date, told before the term expires. Its Due is the date the term
	// expired without the extension: it must be sent by then.
	NotifyExtension = "citizen.pqrsd.extension"
	// NotifyForward tells the citizen that the PQRSD went to the competent
	// authority (Ley 1755 de 2015, art. 21).
	NotifyForward = "citizen.pqrsd.forward"
	// NotifyAnswer takes the answer to the citizen.
	NotifyAnswer = "citizen.pqrsd.answer"
	// NotifyPQRSDPriority tells the citizen-service staff that a PQRSD has
	// priority attention (Ley 1755 de 2015, art. 20), with its reason, in
	// the batch that files or prioritises it.
	NotifyPQRSDPriority = "citizen.pqrsd.priority"
	// NotifyCompletionRequest asks the citizen to complete the petition
	// (Ley 1755 de 2015, art. 17): what is missing and the deadline; its
	// Due is the deadline.
	NotifyCompletionRequest = "citizen.pqrsd.completion_request"
	// NotifyTacitWithdrawal tells the citizen the petition is taken as
	// withdrawn and archived for not being completed in time (art. 17).
	NotifyTacitWithdrawal = "citizen.pqrsd.tacit_withdrawal"
	// NotifyExOfficio tells the citizen that the agency continues a
	// withdrawn petition ex officio, with its reasoned decision (art. 18).
	NotifyExOfficio = "citizen.pqrsd.ex_officio"
)

func init() {
	pqrsdFields := []string{"pqrsd", "type", "channel", "filed"}
	register := func(kind string, aud relaciona.Audience, title [2]string, fields []string, es, en relaciona.Template) {
		relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{Kind: kind, Process: Kind, Audience: aud, Title: title, Fields: fields,
			Default: map[relaciona.Lang]relaciona.Template{relaciona.Spanish: es, relaciona.English: en}})
	}
	register(NotifyPQRSDDueSoon, relaciona.AudienceStaff, [2]string{"PQRSD próxima a vencer", "PQRSD falling due"}, pqrsdFields,
		relaciona.Template{Subject: "La PQRSD {{.pqrsd}} vence el {{.due}}",
			Body: "La {{.type}} {{.pqrsd}}, radicada el {{.filed}} por el canal {{.channel}}, vence el {{.due}} y aún no tiene respuesta.\n\n" +
				"Respóndala dentro del término legal (Ley 1755 de 2015, art. 14) o, si no es posible, informe al ciudadano antes del vencimiento el motivo de la demora y la nueva fecha."},
		relaciona.Template{Subject: "PQRSD {{.pqrsd}} falls due on {{.due}}",
			Body: "The {{.type}} {{.pqrsd}}, filed on {{.filed}} through {{.channel}}, falls due on {{.due}} and has no answer yet.\n\n" +
				"Answer it within the legal term (Ley 1755 de 2015, art. 14) or, if that is not possible, tell the citizen the reason and the new date before the term expires."})
	register(NotifyPQRSDOverdue, relaciona.AudienceStaff, [2]string{"PQRSD vencida", "PQRSD overdue"}, pqrsdFields,
		relaciona.Template{Subject: "PQRSD vencida sin respuesta: {{.pqrsd}}",
			Body: "El término legal de la {{.type}} {{.pqrsd}}, radicada el {{.filed}} por el canal {{.channel}}, venció el {{.due}} sin respuesta.\n\n" +
				"Dé respuesta de inmediato y deje constancia de la causa del incumplimiento (Ley 1755 de 2015, art. 14)."},
		relaciona.Template{Subject: "PQRSD overdue and unanswered: {{.pqrsd}}",
			Body: "The legal term of {{.type}} {{.pqrsd}}, filed on {{.filed}} through {{.channel}}, expired on {{.due}} with no answer.\n\n" +
				"Answer it at once and record why the term was missed (Ley 1755 de 2015, art. 14)."})
	register(NotifyCommitmentOverdue, relaciona.AudienceStaff, [2]string{"Compromiso vencido", "Commitment overdue"}, []string{"commitment", "space", "text", "owner"},
		relaciona.Template{Subject: "Compromiso vencido: {{.commitment}}",
			Body: "El compromiso «{{.text}}» del espacio de participación {{.space}}, a cargo de {{.owner}}, venció el {{.due}} sin cerrarse.\n\n" +
				"Haga su seguimiento y registre el avance o el cumplimiento."},
		relaciona.Template{Subject: "Commitment overdue: {{.commitment}}",
			Body: "The commitment \"{{.text}}\" of participation space {{.space}}, owned by {{.owner}}, fell due on {{.due}} and is not closed.\n\n" +
				"Follow it up and record its progress or completion."})
	register(NotifyExtension, relaciona.AudienceCitizen, [2]string{"Ampliación del término de su PQRSD", "Extension of the term of your PQRSD"},
		[]string{"pqrsd", "type", "entity", "reason", "new_due", "previous_due"},
		relaciona.Template{Subject: "Su {{.type}} {{.pqrsd}}: ampliación del término de respuesta",
			Body: "{{if .recipient}}Estimado(a) {{.recipient}}:{{else}}Cordial saludo:{{end}}\n\n" +
				"{{.entity}} le informa que su {{.type}} radicada con el número {{.pqrsd}} no podrá responderse dentro del término legal, que vence el {{.previous_due}}.\n\n" +
				"Motivo: {{.reason}}\n\nLe daremos respuesta a más tardar el {{.new_due}} (Ley 1755 de 2015, art. 14, parágrafo).\n\nAtentamente,\n{{.entity}}"},
		relaciona.Template{Subject: "Your {{.type}} {{.pqrsd}}: the term to answer is extended",
			Body: "{{if .recipient}}Dear {{.recipient}},{{else}}Dear citizen,{{end}}\n\n" +
				"{{.entity}} informs you that your {{.type}} filed under number {{.pqrsd}} cannot be answered within the legal term, which expires on {{.previous_due}}.\n\n" +
				"Reason: {{.reason}}\n\nWe will answer by {{.new_due}} at the latest (Ley 1755 de 2015, art. 14).\n\nSincerely,\n{{.entity}}"})
	register(NotifyForward, relaciona.AudienceCitizen, [2]string{"Traslado de su PQRSD por competencia", "Your PQRSD forwarded to the competent authority"},
		[]string{"pqrsd", "type", "entity", "authority"},
		relaciona.Template{Subject: "Su {{.type}} {{.pqrsd}} fue trasladada a {{.authority}}",
			Body: "{{if .recipient}}Estimado(a) {{.recipient}}:{{else}}Cordial saludo:{{end}}\n\n" +
				"{{.entity}} le informa que su {{.type}} número {{.pqrsd}} no es de su competencia y fue trasladada a {{.authority}}, que le dará respuesta (Ley 1755 de 2015, art. 21).\n\nAtentamente,\n{{.entity}}"},
		relaciona.Template{Subject: "Your {{.type}} {{.pqrsd}} was forwarded to {{.authority}}",
			Body: "{{if .recipient}}Dear {{.recipient}},{{else}}Dear citizen,{{end}}\n\n" +
				"{{.entity}} informs you that your {{.type}} number {{.pqrsd}} is outside its competence and was forwarded to {{.authority}}, which will answer it (Ley 1755 de 2015, art. 21).\n\nSincerely,\n{{.entity}}"})
	register(NotifyPQRSDPriority, relaciona.AudienceStaff, [2]string{"PQRSD con atención prioritaria", "PQRSD with priority attention"}, append(slices.Clone(pqrsdFields), "reason"),
		relaciona.Template{Subject: "Atención prioritaria: PQRSD {{.pqrsd}}",
			Body: "La {{.type}} {{.pqrsd}}, radicada el {{.filed}} por el canal {{.channel}}, tiene atención prioritaria: {{.reason}}. Vence el {{.due}}.\n\n" +
				"Trámitela antes que las demás (Ley 1755 de 2015, art. 20); si está en peligro la vida o la integridad de una persona, adopte de inmediato las medidas de urgencia."},
		relaciona.Template{Subject: "Priority attention: PQRSD {{.pqrsd}}",
			Body: "The {{.type}} {{.pqrsd}}, filed on {{.filed}} through {{.channel}}, has priority attention: {{.reason}}. It falls due on {{.due}}.\n\n" +
				"Handle it before the others (Ley 1755 de 2015, art. 20); if a person's life or integrity is in danger, take the urgent measures at once."})
	register(NotifyCompletionRequest, relaciona.AudienceCitizen, [2]string{"Solicitud de completar su PQRSD", "Request to complete your PQRSD"},
		[]string{"pqrsd", "type", "entity", "what", "deadline"},
		relaciona.Template{Subject: "Su {{.type}} {{.pqrsd}} está incompleta",
			Body: "{{if .recipient}}Estimado(a) {{.recipient}}:{{else}}Cordial saludo:{{end}}\n\n" +
				"{{.entity}} le informa que para decidir su {{.type}} número {{.pqrsd}} hace falta: {{.what}}\n\n" +
				"Complétela a más tardar el {{.deadline}}. Mientras tanto el término para responder queda suspendido. Si no la completa ni pide antes de esa fecha una prórroga de un mes, se entenderá que desistió de ella (Ley 1755 de 2015, art. 17).\n\nAtentamente,\n{{.entity}}"},
		relaciona.Template{Subject: "Your {{.type}} {{.pqrsd}} is incomplete",
			Body: "{{if .recipient}}Dear {{.recipient}},{{else}}Dear citizen,{{end}}\n\n" +
				"{{.entity}} informs you that to decide your {{.type}} number {{.pqrsd}} it needs: {{.what}}\n\n" +
				"Please complete it by {{.deadline}}. Meanwhile the term to answer is suspended. If you neither complete it nor ask for a one-month extension before that date, it is taken as withdrawn (Ley 1755 de 2015, art. 17).\n\nSincerely,\n{{.entity}}"})
	register(NotifyTacitWithdrawal, relaciona.AudienceCitizen, [2]string{"Desistimiento tácito de su PQRSD", "Tacit withdrawal of your PQRSD"},
		[]string{"pqrsd", "type", "entity", "deadline", "requested"},
		relaciona.Template{Subject: "Su {{.type}} {{.pqrsd}} se entiende desistida",
			Body: "{{if .recipient}}Estimado(a) {{.recipient}}:{{else}}Cordial saludo:{{end}}\n\n" +
				"{{.entity}} le informa que su {{.type}} número {{.pqrsd}}, que se le pidió completar el {{.requested}}, no se completó a más tardar el {{.deadline}}. " +
				"Por eso se entiende que desistió de ella y se archiva (Ley 1755 de 2015, art. 17). Contra esta decisión procede el recurso de reposición, y puede presentar de nuevo la petición con los requisitos completos.\n\nAtentamente,\n{{.entity}}"},
		relaciona.Template{Subject: "Your {{.type}} {{.pqrsd}} is taken as withdrawn",
			Body: "{{if .recipient}}Dear {{.recipient}},{{else}}Dear citizen,{{end}}\n\n" +
				"{{.entity}} informs you that your {{.type}} number {{.pqrsd}}, which you were asked to complete on {{.requested}}, was not completed by {{.deadline}}. " +
				"It is therefore taken as withdrawn and archived (Ley 1755 de 2015, art. 17). This decision may be appealed for reconsideration (recurso de reposición), and you may file the petition again complete.\n\nSincerely,\n{{.entity}}"})
	register(NotifyExOfficio, relaciona.AudienceCitizen, [2]string{"Continuación de oficio de su PQRSD", "Your PQRSD continued ex officio"},
		[]string{"pqrsd", "type", "entity", "reason"},
		relaciona.Template{Subject: "Su {{.type}} {{.pqrsd}} continúa de oficio",
			Body: "{{if .recipient}}Estimado(a) {{.recipient}}:{{else}}Cordial saludo:{{end}}\n\n" +
				"Aunque usted desistió de su {{.type}} número {{.pqrsd}}, {{.entity}} continuará de oficio la actuación por razones de interés público (Ley 1755 de 2015, art. 18).\n\nMotivo: {{.reason}}\n\nAtentamente,\n{{.entity}}"},
		relaciona.Template{Subject: "Your {{.type}} {{.pqrsd}} continues ex officio",
			Body: "{{if .recipient}}Dear {{.recipient}},{{else}}Dear citizen,{{end}}\n\n" +
				"Although you withdrew your {{.type}} number {{.pqrsd}}, {{.entity}} continues it ex officio for reasons of public interest (Ley 1755 de 2015, art. 18).\n\nReason: {{.reason}}\n\nSincerely,\n{{.entity}}"})
	register(NotifyAnswer, relaciona.AudienceCitizen, [2]string{"Respuesta a su PQRSD", "Answer to your PQRSD"},
		[]string{"pqrsd", "type", "entity", "answer"},
		relaciona.Template{Subject: "Respuesta a su {{.type}} {{.pqrsd}}",
			Body: "{{if .recipient}}Estimado(a) {{.recipient}}:{{else}}Cordial saludo:{{end}}\n\n" +
				"En respuesta a su {{.type}} número {{.pqrsd}}:\n\n{{.answer}}\n\nAtentamente,\n{{.entity}}"},
		relaciona.Template{Subject: "Answer to your {{.type}} {{.pqrsd}}",
			Body: "{{if .recipient}}Dear {{.recipient}},{{else}}Dear citizen,{{end}}\n\n" +
				"In answer to your {{.type}} number {{.pqrsd}}:\n\n{{.answer}}\n\nSincerely,\n{{.entity}}"})
}

// Templates returns the file's overrides of the notifications' text (the
// notifications key), checked at load; a kind or language without one is
// written with the kind's default. The dispatcher renders with them.
func (c *Config) Templates() relaciona.Templates { return c.Notifications }

// recipients caches, for one run, who the directory says is told of what.
type recipients struct {
	s     *Process
	roles map[string][]relaciona.Person
	above map[string][]relaciona.Person
}

func (s *Process) recipients() *recipients {
	return &recipients{s: s, roles: map[string][]relaciona.Person{}, above: map[string][]relaciona.Person{}}
}

// holders returns the people who hold role in this process.
func (r *recipients) holders(ctx context.Context, role string) ([]relaciona.Person, error) {
	if ps, ok := r.roles[role]; ok {
		return ps, nil
	}
	ps, err := r.s.dir.Holders(ctx, Kind, role)
	if err != nil {
		return nil, err
	}
	r.roles[role] = ps
	return ps, nil
}

// escalation returns the holders of role and the people directly above
// each of them; with no one above any of them, the holders of fallback.
func (r *recipients) escalation(ctx context.Context, role, fallback string) ([]relaciona.Person, error) {
	key := role + "/" + fallback
	if ps, ok := r.above[key]; ok {
		return ps, nil
	}
	hs, err := r.holders(ctx, role)
	if err != nil {
		return nil, err
	}
	out := slices.Clone(hs)
	var up []relaciona.Person
	for _, h := range hs {
		m, err := r.s.dir.Manager(ctx, h.ID)
		if errors.Is(err, relaciona.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		up = append(up, m)
	}
	if len(up) == 0 {
		if up, err = r.holders(ctx, fallback); err != nil {
			return nil, err
		}
	}
	out = append(out, up...)
	out = slices.CompactFunc(sortedPeople(out), func(a, b relaciona.Person) bool { return a.ID == b.ID })
	r.above[key] = out
	return out, nil
}

func sortedPeople(ps []relaciona.Person) []relaciona.Person {
	slices.SortFunc(ps, func(a, b relaciona.Person) int { return strings.Compare(a.ID, b.ID) })
	return ps
}

// notifyStaff writes notification kind about a record to each person, in
// the person's language, in batch b.
func notifyStaff(b *relaciona.Batch, kind string, about relaciona.Ref, due calendar.Date, to []relaciona.Person, fields map[string]string) {
	for _, per := range to {
		b.Notify(relaciona.Notification{Kind: kind, Process: Kind, About: about, Due: dateString(due),
			To: relaciona.Recipient{Person: per.ID}, Lang: relaciona.Lang(per.Lang), Fields: fields})
	}
}

func dateString(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// citizenRecipient is how the outbox reaches the citizen of p: by the
// e-mail they gave, when the PQRSD did not come from a ticket. A PQRSD
// from a ticket is answered on its ticket by the process itself (the
// notice's public reply, in the change's transaction and retried by Run),
// so the outbox writes nothing for it: a ticket-channel notification would
// reply a second time. ok is false then, and when the citizen gave no
// contact (an anonymous PQRSD, a counter filing without e-mail).
func citizenRecipient(p *PQRSD) (relaciona.Recipient, string, bool) {
	if p.TicketID == "" && strings.TrimSpace(p.Requester.Email) != "" {
		return relaciona.Recipient{Email: p.Requester.Email, Name: p.Requester.Name}, relaciona.ChannelEmail, true
	}
	return relaciona.Recipient{}, "", false
}

// notifyCitizen writes, in batch b, the notification to the citizen of p
// that goes with notice n (an extension, a forwarding, an answer, a request
// to complete, a tacit withdrawal, an ex officio continuation), when the
// citizen gave a contact.
func (s *Process) notifyCitizen(b *relaciona.Batch, p *PQRSD, n *Notice) {
	to, channel, ok := citizenRecipient(p)
	if !ok {
		return
	}
	fields := map[string]string{"pqrsd": p.ID, "type": strings.ToLower(p.Type.Label(s.lang)), "entity": s.cfg.Entity}
	var kind string
	var due calendar.Date
	switch n.Kind {
	case NoticeExtension:
		kind, due = NotifyExtension, p.Extension.PreviousDue
		fields["reason"], fields["new_due"], fields["previous_due"] = p.Extension.Reason, p.Extension.NewDue.String(), p.Extension.PreviousDue.String()
	case NoticeForward:
		kind = NotifyForward
		fields["authority"] = p.Forward.Authority
	case NoticeAnswer:
		kind = NotifyAnswer
		fields["answer"] = p.Answer.Summary
	case NoticeCompletion:
		kind, due = NotifyCompletionRequest, p.Completion.Deadline
		fields["what"], fields["deadline"] = p.Completion.What, p.Completion.Deadline.String()
	case NoticeWithdrawal:
		kind = NotifyTacitWithdrawal
		fields["deadline"], fields["requested"] = p.Completion.Deadline.String(), p.Completion.Requested.String()
	case NoticeExOfficio:
		kind = NotifyExOfficio
		fields["reason"] = p.Withdrawal.ExOfficio.Reason
	default:
		return
	}
	b.Notify(relaciona.Notification{Kind: kind, Process: Kind, About: relaciona.Ref{Kind: kindPQRSD, ID: p.ID}, Due: dateString(due),
		To: to, Lang: s.lang, Channel: channel, Fields: fields})
}
