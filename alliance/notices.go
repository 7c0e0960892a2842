package alliance

import (
	"context"
	"errors"
	"strconv"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
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

// notifyFlag adds to b one notification of the kind flag f calls for to
// each person of to, and returns how many it added.
func (s *Process) notifyFlag(ctx context.Context, b *relaciona.Batch, f Flag, to []relaciona.Person) (int, error) {
	kind := flagNotice[f.Kind]
	office := f.Office
	if o, ok := s.cfg.Office(f.Office); ok && o.Name != "" {
		office = o.Name
	}
	n := relaciona.Notification{Kind: kind, Process: Kind, Due: process.DateString(f.Due), Fields: map[string]string{"office": office}}
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
			n.Fields["end"] = process.DateString(f.Due)
			break
		}
		window := s.cfg.Monitoring.MaxDaysWithoutMeasurement
		n.Fields["since"], n.Fields["days"] = process.DateString(f.Due.AddDays(-window)), strconv.Itoa(window)
	}
	for _, p := range to {
		m := n
		m.To = relaciona.Recipient{Person: p.ID}
		m.Lang = relaciona.Lang(p.Lang)
		b.Notify(m)
	}
	return len(to), nil
}
