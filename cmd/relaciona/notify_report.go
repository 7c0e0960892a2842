package main

import (
	"context"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// notificationsSection is the reports index's "Notificaciones" block: the
// notices sent, failed and held back by a contact limit in the period (by
// when each was closed, in the deployment's time zone), across the four
// processes. Counts only: no recipient, no text.
func notificationsSection(ctx context.Context, s *relaciona.Store, p process.Period, loc *time.Location, L relaciona.Lang) (report.Section, error) {
	from := time.Date(p.From.Year, p.From.Month, p.From.Day, 0, 0, 0, 0, loc)
	to := time.Date(p.To.Year, p.To.Month, p.To.Day, 0, 0, 0, 0, loc).AddDate(0, 0, 1)
	count := func(st relaciona.NotificationStatus) (int64, error) {
		return s.Count(ctx, relaciona.NotificationKind, relaciona.Filter{Attrs: map[string]string{"status": string(st)}, From: from, To: to})
	}
	sent, err := count(relaciona.NotificationSent)
	if err != nil {
		return report.Section{}, err
	}
	failed, err := count(relaciona.NotificationFailed)
	if err != nil {
		return report.Section{}, err
	}
	held, err := count(relaciona.NotificationHeld)
	if err != nil {
		return report.Section{}, err
	}
	failedStatus := report.StatusGood
	if failed > 0 {
		failedStatus = report.StatusBad
	}
	return report.Section{ID: "notificaciones", Title: L.T("Notificaciones", "Notifications"), Blocks: []report.Block{
		report.KeyFigures{Items: []report.KeyFigure{
			{Label: L.T("Enviadas", "Sent"), Value: report.Int(sent)},
			{Label: L.T("Fallidas", "Failed"), Value: report.Int(failed), Status: failedStatus,
				Note: L.T("sin entregar: vea «relaciona notify --dry-run»", "not delivered: see \"relaciona notify --dry-run\"")},
			{Label: L.T("Retenidas", "Held back"), Value: report.Int(held),
				Note: L.T("por los límites de contacto", "by the contact limits")},
		}},
	}}, nil
}
