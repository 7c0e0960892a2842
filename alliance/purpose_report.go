package alliance

import (
	"context"
	"fmt"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
)

// PurposeBlocks returns the report blocks of the purpose measured for
// office in [from, to] (see Purpose), in the process's language: a note
// with the targets and their directions, and a table per alliance and
// month whose last column names the figures below target. The office's
// portfolio page (Report, ReportPortfolio) shows them in its folded
// section "proposito-medido" for the cycle year.
func (s *Process) PurposeBlocks(ctx context.Context, office string, from, to calendar.Date) ([]report.Block, error) {
	rows, err := s.Purpose(ctx, office, from, to)
	if err != nil {
		return nil, err
	}
	return purposeBlocks(rows, s.cfg.Purpose, s.lang), nil
}

func purposeBlocks(rows []PurposeRow, p PurposeConfig, L relaciona.Lang) []report.Block {
	dir := func(t Target, unit string) string {
		if t.Direction == AtMost {
			return L.Tf("a lo más %v%s", "at most %v%s", t.Target, unit)
		}
		return L.Tf("al menos %v%s", "at least %v%s", t.Target, unit)
	}
	note := report.Note{Text: L.Tf("Metas del propósito: tasa de resolución %s; días hábiles para resolver %s; días hábiles de solicitud a respuesta %s.",
		"Purpose targets: resolution rate %s; business days to resolve %s; business days from request to answer %s.",
		dir(p.ResolutionRate, ""), dir(p.ResolveDays, ""), dir(p.AnswerDays, ""))}
	t := report.Table{ID: "proposito", Caption: L.T("Propósito medido por alianza y mes", "Purpose measured per alliance and month"),
		Columns: purposeColumns(L, L.T("Alianza", "Alliance"), L.T("Mes", "Month"))}
	for _, r := range rows {
		below := belowTarget(L, r.HasRate && !r.RateMet, r.HasResolve && !r.ResolveMet, r.HasAnswer && !r.AnswerMet)
		rate := report.Empty()
		if r.HasRate {
			rate = report.Percent(r.ResolutionRate)
		}
		t.Rows = append(t.Rows, []report.Cell{report.Text(r.Alliance), report.Text(r.Month),
			report.Int(int64(r.Referred)), report.Int(int64(r.Resolved)), report.Int(int64(r.Pending)), rate,
			numCell(r.ResolveDays, r.HasResolve), report.Int(int64(r.Requests)), report.Int(int64(r.Answered)),
			numCell(r.AnswerDays, r.HasAnswer), report.Text(below)})
	}
	if len(rows) == 0 {
		return []report.Block{note, noPurpose(L)}
	}
	return []report.Block{note, t}
}

// purposeColumns are the columns of a purpose table: one per name of lead
// (what a row is: an office, an alliance, a month), then the purpose's
// counts, figures and the figures below target.
func purposeColumns(L relaciona.Lang, lead ...string) []report.Column {
	cols := make([]report.Column, 0, len(lead)+9)
	for _, n := range lead {
		cols = append(cols, report.Column{Name: n})
	}
	return append(cols,
		report.Column{Name: L.T("Derivadas", "Referred"), Kind: report.KindInt}, report.Column{Name: L.T("Resueltas", "Resolved"), Kind: report.KindInt},
		report.Column{Name: L.T("Pendientes", "Pending"), Kind: report.KindInt}, report.Column{Name: L.T("Tasa de resolución", "Resolution rate"), Kind: report.KindPercent},
		report.Column{Name: L.T("Días hábiles para resolver", "Business days to resolve"), Kind: report.KindFloat},
		report.Column{Name: L.T("Solicitudes", "Requests"), Kind: report.KindInt}, report.Column{Name: L.T("Respondidas", "Answered"), Kind: report.KindInt},
		report.Column{Name: L.T("Días hábiles de respuesta", "Business days to answer"), Kind: report.KindFloat},
		report.Column{Name: L.T("Bajo la meta", "Below target")})
}

// belowTarget names, in L, the purpose figures that miss their target:
// rate, resolve and answer say which do.
func belowTarget(L relaciona.Lang, rate, resolve, answer bool) string {
	var out []string
	if rate {
		out = append(out, L.T("resolución", "resolution"))
	}
	if resolve {
		out = append(out, L.T("días para resolver", "days to resolve"))
	}
	if answer {
		out = append(out, L.T("días de respuesta", "days to answer"))
	}
	return strings.Join(out, ", ")
}

// noPurpose is what a purpose table shows for a period without referrals
// or requests.
func noPurpose(L relaciona.Lang) report.Paragraph {
	return report.Paragraph{Text: L.T("Sin derivaciones ni solicitudes registradas en el período.", "No referral or request recorded in the period.")}
}

// TerritoryBlocks returns the office's Estudio Territorial per commune as
// report blocks (see Territories): one table of partners with their
// alliance's kind, status and standing as the registry holds it. The
// office's territorial page (ReportTerritorial) shows the same table in
// its folded section "estudio-territorial".
func (s *Process) TerritoryBlocks(ctx context.Context, office string) ([]report.Block, error) {
	ts, err := s.Territories(ctx, office)
	if err != nil {
		return nil, err
	}
	return []report.Block{territoryTable(ts, s.lang)}, nil
}

// territoryTable is TerritoryBlocks' table in language L.
func territoryTable(ts []Territory, L relaciona.Lang) report.Table {
	t := report.Table{ID: "territorio-socios", Caption: L.T("Socios por territorio (Estudio Territorial)", "Partners per territory (territorial study)"), Columns: []report.Column{
		{Name: L.T("Comuna", "Commune")}, {Name: L.T("Organización", "Organisation")}, {Name: L.T("Alianza", "Alliance")},
		{Name: L.T("Tipo", "Kind")}, {Name: L.T("Estado", "Status")}, {Name: L.T("Medido al", "Measured to"), Kind: report.KindDate},
		{Name: L.T("Indicadores en meta", "Indicators on target")},
	}}
	for _, tr := range ts {
		for _, p := range tr.Partners {
			asOf, met := report.Empty(), report.Empty()
			if p.Standing != nil {
				asOf = dateCell(p.Standing.AsOf)
				met = report.Text(fmt.Sprintf("%d/%d", p.Standing.Met, p.Standing.Met+p.Standing.Below))
			}
			t.Rows = append(t.Rows, []report.Cell{report.Text(tr.Commune), report.Text(p.Name), report.Text(p.Alliance),
				report.Text(kindLabel(p.Kind, L)), report.Text(statusLabel(p.Status, L)), asOf, met})
		}
	}
	return t
}
