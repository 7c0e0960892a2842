package alliance

import (
	"context"
	"errors"
	"strconv"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// The notification kinds of the process. Each is written by Run, in the
// same batch as the flag that makes the item due, to every person the
// directory gives the Encargado OMIL role (the owner and executor of every
// step, seed 001).
const (
	// NoticeReviewDue: the yearly review fell due and has not been opened
	// (seed 001: each alliance "se evalúa normalmente al final de cada
	// año"; review.due in the file).
	NoticeReviewDue = "alliance.review.due"
	// NoticeMeasurementDue: an alliance in force has had no measurement for
	// more than monitoring.max_days_without_measurement days: its
	// follow-up is due (seed 001: monitoring "se realiza continuamente
	// durante el año", on hard data such as referrals sent and resolved).
	NoticeMeasurementDue = "alliance.measurement.due"
	// NoticeAgreementExpiring: the agreement of an alliance in force ends
	// within review.expiry_notice_days days, so that the Encargado can
	// renew or end it in time (seed 001: "keep → renegotiate, agree").
	NoticeAgreementExpiring = "alliance.agreement.expiring"
)

// flagNotice is the notification kind a flag kind calls for.
var flagNotice = map[FlagKind]string{
	FlagReviewDue:         NoticeReviewDue,
	FlagNoMeasurement:     NoticeMeasurementDue,
	FlagAgreementExpiring: NoticeAgreementExpiring,
}

func init() {
	relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{
		Kind: NoticeReviewDue, Process: Kind, Audience: relaciona.AudienceStaff,
		Title:  [2]string{"Revisión anual de alianzas pendiente", "Yearly alliance review pending"},
		Fields: []string{"office", "year"},
		Default: map[relaciona.Lang]relaciona.Template{
			relaciona.Spanish: {
				Subject: "Revisión anual de alianzas {{.year}} pendiente: {{.office}}",
				Body: "Estimado(a) {{if .recipient}}{{.recipient}}{{else}}Encargado(a) OMIL{{end}}:\n\n" +
					"La revisión anual de las alianzas de {{.office}} correspondiente a {{.year}} debía abrirse el {{.due}} y aún no se ha abierto.\n\n" +
					"Según el procedimiento PS54, cada alianza se evalúa al final del año para decidir si se mantiene o se termina. " +
					"Le solicitamos abrir la revisión en el sistema a la brevedad.\n\nAtentamente,\nSistema de gestión de alianzas OMIL",
			},
			relaciona.English: {
				Subject: "Yearly alliance review {{.year}} pending: {{.office}}",
				Body: "Dear {{if .recipient}}{{.recipient}}{{else}}OMIL manager{{end}},\n\n" +
					"The yearly review of the alliances of {{.office}} for {{.year}} was due to open on {{.due}} and has not been opened.\n\n" +
					"Under procedure PS54 each alliance is reviewed at the end of the year to decide whether to keep or end it. " +
					"Please open the review in the system as soon as possible.\n\nRegards,\nOMIL alliance management system",
			},
		},
	})
	relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{
		Kind: NoticeMeasurementDue, Process: Kind, Audience: relaciona.AudienceStaff,
		Title:  [2]string{"Seguimiento de alianza pendiente", "Alliance follow-up due"},
		Fields: []string{"office", "alliance", "partner", "since", "days"},
		Default: map[relaciona.Lang]relaciona.Template{
			relaciona.Spanish: {
				Subject: "Seguimiento pendiente de la alianza con {{.partner}}",
				Body: "Estimado(a) {{if .recipient}}{{.recipient}}{{else}}Encargado(a) OMIL{{end}}:\n\n" +
					"La alianza {{.alliance}} de {{.office}} con {{.partner}} no registra mediciones desde el {{.since}}, " +
					"más de {{.days}} días; el seguimiento debía registrarse a más tardar el {{.due}}.\n\n" +
					"Le solicitamos registrar las derivaciones enviadas y resueltas del período para mantener el monitoreo continuo de la alianza.\n\n" +
					"Atentamente,\nSistema de gestión de alianzas OMIL",
			},
			relaciona.English: {
				Subject: "Follow-up due for the alliance with {{.partner}}",
				Body: "Dear {{if .recipient}}{{.recipient}}{{else}}OMIL manager{{end}},\n\n" +
					"The alliance {{.alliance}} of {{.office}} with {{.partner}} has had no measurement since {{.since}}, " +
					"more than {{.days}} days; its follow-up was due by {{.due}}.\n\n" +
					"Please record the referrals sent and resolved in the period, to keep the alliance under continuous monitoring.\n\n" +
					"Regards,\nOMIL alliance management system",
			},
		},
	})
}

func init() {
	relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{
		Kind: NoticeAgreementExpiring, Process: Kind, Audience: relaciona.AudienceStaff,
		Title:  [2]string{"Acuerdo de alianza por vencer", "Alliance agreement expiring"},
		Fields: []string{"office", "alliance", "partner", "end"},
		Default: map[relaciona.Lang]relaciona.Template{
			relaciona.Spanish: {
				Subject: "El acuerdo con {{.partner}} vence el {{.end}}",
				Body: "Estimado(a) {{if .recipient}}{{.recipient}}{{else}}Encargado(a) OMIL{{end}}:\n\n" +
					"El acuerdo de la alianza {{.alliance}} de {{.office}} con {{.partner}} vence el {{.end}}.\n\n" +
					"Le solicitamos decidir a tiempo si se renueva (renegociación y nuevo acuerdo) o se termina, " +
					"y registrar la decisión en el sistema.\n\nAtentamente,\nSistema de gestión de alianzas OMIL",
			},
			relaciona.English: {
				Subject: "The agreement with {{.partner}} ends on {{.end}}",
				Body: "Dear {{if .recipient}}{{.recipient}}{{else}}OMIL manager{{end}},\n\n" +
					"The agreement of alliance {{.alliance}} of {{.office}} with {{.partner}} ends on {{.end}}.\n\n" +
					"Please decide in time whether to renew it (renegotiation and a new agreement) or to end it, " +
					"and record the decision in the system.\n\nRegards,\nOMIL alliance management system",
			},
		},
	})
}

// notifyFlag adds to b one notification of the kind flag f calls for to
// each person of to, and returns how many it added.
func (s *Process) notifyFlag(ctx context.Context, b *relaciona.Batch, f Flag, to []relaciona.Person) (int, error) {
	kind := flagNotice[f.Kind]
	office := f.Office
	if o, ok := s.cfg.Office(f.Office); ok && o.Name != "" {
		office = o.Name
	}
	n := relaciona.Notification{Kind: kind, Process: Kind, Due: dateString(f.Due), Fields: map[string]string{"office": office}}
	switch f.Kind {
	case FlagReviewDue:
		n.About = relaciona.Ref{Kind: KindCycle, ID: cycleID(f.Office, f.Due.Year)}
		n.Fields["year"] = strconv.Itoa(f.Due.Year)
		n.Fields["record"] = n.About.ID
	case FlagNoMeasurement, FlagAgreementExpiring:
		d, err := s.getAlliance(ctx, f.Alliance)
		if err != nil {
			return 0, err
		}
		a := d.Value
		partner := a.Organisation
		o, err := s.orgs.Get(ctx, a.Organisation)
		switch {
		case err == nil && o.Value.Name != "":
			partner = o.Value.Name
		case err != nil && !errors.Is(err, relaciona.ErrNotFound):
			return 0, err
		}
		n.About = relaciona.Ref{Kind: KindAlliance, ID: a.ID}
		n.Fields["alliance"], n.Fields["partner"], n.Fields["record"] = a.ID, partner, a.ID
		if f.Kind == FlagAgreementExpiring {
			n.Fields["end"] = dateString(f.Due)
			break
		}
		window := s.cfg.Monitoring.MaxDaysWithoutMeasurement
		n.Fields["since"], n.Fields["days"] = dateString(f.Due.AddDays(-window)), strconv.Itoa(window)
	}
	for _, p := range to {
		m := n
		m.To = relaciona.Recipient{Person: p.ID}
		m.Lang = relaciona.Lang(p.Lang)
		b.Notify(m)
	}
	return len(to), nil
}

// dateString is d as YYYY-MM-DD, or "" for the zero date.
func dateString(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}
