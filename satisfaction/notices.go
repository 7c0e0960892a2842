package satisfaction

import (
	"context"
	"errors"
	"slices"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// The kinds of notification the process writes to the outbox, each in the
// same batch as the change that makes its item due. A process file may
// override their text under its notifications key (Config.Templates).
const (
	// NoticeComplaintReported tells each process owner of a complaint any
	// team member registered (seed 003 §6.4: "Cada involucrado dentro del
	// equipo de IOTI, debe informar al dueño del proceso ante cualquier
	// reclamo, para así poder registrarlo").
	NoticeComplaintReported = "satisfaction.complaint.reported"
	// NoticeCommitmentDueSoon tells a commitment's owner it falls due
	// within commitments.due_soon_days business days (seed 003 §6.7:
	// commitments with owners and due dates, followed until done).
	NoticeCommitmentDueSoon = "satisfaction.commitment.due_soon"
	// NoticeCommitmentOverdue told a commitment's owner, and the person
	// directly above them, that it was past its due date. Deprecated: the
	// commitments register writes relaciona.NoticeCommitmentOverdue for
	// every process; the kind stays registered so that a file overriding
	// its text still loads.
	NoticeCommitmentOverdue = "satisfaction.commitment.overdue"
	// NoticeSurveyInvitation invites the client's contact, on the closed
	// ticket, to answer its satisfaction survey before the invitation
	// expires (seed 003 §3.1, §6.5: the ticket system's surveys; the
	// surveys section governs when and to whom, see SurveyConf).
	NoticeSurveyInvitation = "satisfaction.survey.invitation"
)

func init() {
	relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{
		Kind: NoticeComplaintReported, Process: Kind, Audience: relaciona.AudienceStaff,
		Title:  [2]string{"Queja registrada", "Complaint registered"},
		Fields: []string{"complaint", "client", "service", "channel", "scope"},
		Default: map[relaciona.Lang]relaciona.Template{
			relaciona.Spanish: {
				Subject: "Queja registrada del cliente {{.client}}",
				Body: "Se registró la queja {{.complaint}} del cliente {{.client}}{{if .service}}, sobre el servicio {{.service}}{{end}}, recibida por {{.channel}}.\n\n" +
					"Como dueño del proceso de gestión de la satisfacción, le corresponde darle curso: si es de un servicio, la sigue el gestor del proceso en un ticket de queja; si no, la atiende usted en forma reservada.",
			},
			relaciona.English: {
				Subject: "Complaint registered from client {{.client}}",
				Body: "Complaint {{.complaint}} from client {{.client}}{{if .service}}, about service {{.service}}{{end}}, was registered, received by {{.channel}}.\n\n" +
					"As the owner of the satisfaction process, it is yours to act on: a service complaint is followed by the process manager in a complaint ticket; any other you handle privately.",
			},
		},
	})
	commitmentFields := []string{"commitment", "description", "client", "owner", "action"}
	relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{
		Kind: NoticeCommitmentDueSoon, Process: Kind, Audience: relaciona.AudienceStaff,
		Title:  [2]string{"Compromiso próximo a vencer", "Commitment falling due"},
		Fields: commitmentFields,
		Default: map[relaciona.Lang]relaciona.Template{
			relaciona.Spanish: {
				Subject: "El compromiso {{.commitment}} vence el {{.due}}",
				Body: "El compromiso «{{.description}}»{{if .client}} con el cliente {{.client}}{{end}}, a su cargo, vence el {{.due}}.\n\n" +
					"Si ya lo cumplió, regístrelo como entregado; si no podrá cumplirse a tiempo, infórmelo al dueño del proceso.",
			},
			relaciona.English: {
				Subject: "Commitment {{.commitment}} falls due on {{.due}}",
				Body: "The commitment \"{{.description}}\"{{if .client}} to client {{.client}}{{end}}, which is yours, falls due on {{.due}}.\n\n" +
					"If it is done, record it as delivered; if it cannot be met in time, tell the process owner.",
			},
		},
	})
	relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{
		Kind: NoticeCommitmentOverdue, Process: Kind, Audience: relaciona.AudienceStaff,
		Title:  [2]string{"Compromiso vencido", "Commitment overdue"},
		Fields: append(slices.Clone(commitmentFields), "overdue_since"),
		Default: map[relaciona.Lang]relaciona.Template{
			relaciona.Spanish: {
				Subject: "Compromiso vencido: {{.commitment}}",
				Body: "El compromiso «{{.description}}»{{if .client}} con el cliente {{.client}}{{end}}, a cargo de {{.owner}}, venció el {{.due}} sin entregarse.\n\n" +
					"Acuerde con el responsable la entrega o una nueva fecha, y regístrelo.",
			},
			relaciona.English: {
				Subject: "Commitment overdue: {{.commitment}}",
				Body: "The commitment \"{{.description}}\"{{if .client}} to client {{.client}}{{end}}, owned by {{.owner}}, fell due on {{.due}} and was not delivered.\n\n" +
					"Agree the delivery or a new date with its owner, and record it.",
			},
		},
	})
}

func init() {
	relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{
		Kind: NoticeSurveyInvitation, Process: Kind, Audience: relaciona.AudienceClient,
		Title:  [2]string{"Invitación a la encuesta de satisfacción", "Satisfaction survey invitation"},
		Fields: []string{"ticket", "client", "service", "expires"},
		Default: map[relaciona.Lang]relaciona.Template{
			relaciona.Spanish: {
				Subject: "¿Cómo lo atendimos? Encuesta sobre el ticket {{.ticket}}",
				Body: "Su ticket {{.ticket}}{{if .service}}, del servicio {{.service}},{{end}} fue cerrado.\n\n" +
					"Le pedimos que nos diga cuán satisfecho quedó con la atención: su respuesta nos ayuda a mejorar el servicio. " +
					"La encuesta queda abierta hasta el {{.expires}}.",
			},
			relaciona.English: {
				Subject: "How did we do? Survey about ticket {{.ticket}}",
				Body: "Your ticket {{.ticket}}{{if .service}}, for service {{.service}},{{end}} was closed.\n\n" +
					"Please tell us how satisfied you are with how it was handled: your answer helps us improve the service. " +
					"The survey is open until {{.expires}}.",
			},
		},
	})
}

// Templates returns the file's overrides of the notifications' text (the
// notifications key), checked at load; a kind or language without one is
// written with the kind's default. The dispatcher renders with them.
func (c *Config) Templates() relaciona.Templates { return c.Notifications }

// staff returns the directory's people with ids (repeats and "" dropped),
// in order; a person the directory no longer lists is left out and logged
// by id.
func (p *Process) staff(ctx context.Context, ids ...string) ([]relaciona.Person, error) {
	var out []relaciona.Person
	seen := map[string]bool{"": true}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		per, err := p.dir.Person(ctx, id)
		if errors.Is(err, relaciona.ErrNotFound) {
			p.log.Warn("a notification's recipient is not in the directory; left out", "person", id)
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, per)
	}
	return out, nil
}

// holders returns the ids of the people who hold role in this process.
func (p *Process) holders(ctx context.Context, role string) ([]string, error) {
	ps, err := p.dir.Holders(ctx, Kind, role)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(ps))
	for i, per := range ps {
		ids[i] = per.ID
	}
	return ids, nil
}

// holderStaff returns the directory's people who hold role in this
// process (holders, then staff).
func (p *Process) holderStaff(ctx context.Context, role string) ([]relaciona.Person, error) {
	ids, err := p.holders(ctx, role)
	if err != nil {
		return nil, err
	}
	return p.staff(ctx, ids...)
}

// notifyStaff writes notification kind about a record to each person, in
// the person's language, in batch b.
func notifyStaff(b *relaciona.Batch, kind string, about relaciona.Ref, due calendar.Date, to []relaciona.Person, fields map[string]string) {
	d := ""
	if !due.IsZero() {
		d = due.String()
	}
	for _, per := range to {
		b.Notify(relaciona.Notification{Kind: kind, Process: Kind, About: about, Due: d,
			To: relaciona.Recipient{Person: per.ID}, Lang: relaciona.Lang(per.Lang), Fields: fields})
	}
}

// commitmentFields are the fields of a commitment's notifications.
func commitmentFields(c Commitment) map[string]string {
	return map[string]string{"commitment": c.ID, "description": c.Description, "client": c.Client, "owner": c.Owner, "action": c.Action}
}
