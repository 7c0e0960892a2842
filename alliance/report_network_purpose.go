package alliance

import (
	"context"
	"math"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
)

// purposeTotals is the purpose measured (Purpose) added up over a whole
// period, for one alliance, one office or the whole network (seed 001:
// "mejores y más eficientes derivaciones, así como flujos de información
// más expeditos"). The population is the same as Purpose's: the referrals
// sent and the requests asked in the period; the rate is resolved /
// referred over those referrals, pending ones included; the days are the
// sums behind Purpose's means, so a mean over several months or alliances
// weighs each referral or request once.
type purposeTotals struct {
	referred, resolved, unresolved, pending int
	resolveDays                             int // business days, summed over the resolved
	requests, answered                      int
	answerDays                              int // business days, summed over the answered
}

// rowTotals is one row of Purpose as totals; its means times their counts
// are the sums of whole business days they were computed from.
func rowTotals(r PurposeRow) purposeTotals {
	return purposeTotals{
		referred: r.Referred, resolved: r.Resolved, unresolved: r.Unresolved, pending: r.Pending,
		resolveDays: int(math.Round(r.ResolveDays * float64(r.Resolved))), requests: r.Requests,
		answered: r.Answered, answerDays: int(math.Round(r.AnswerDays * float64(r.Answered))),
	}
}

// add adds the totals o (of a row, an alliance or an office) to t.
func (t *purposeTotals) add(o purposeTotals) {
	t.referred += o.referred
	t.resolved += o.resolved
	t.unresolved += o.unresolved
	t.pending += o.pending
	t.resolveDays += o.resolveDays
	t.requests += o.requests
	t.answered += o.answered
	t.answerDays += o.answerDays
}

// figures are the three purpose figures, NaN where there is no data.
func (t purposeTotals) figures() (rate, resolve, answer float64) {
	return ratio(t.resolved, t.referred), ratio(t.resolveDays, t.resolved), ratio(t.answerDays, t.answered)
}

// below names, in L, the figures with data that miss their target.
func (t purposeTotals) below(p PurposeConfig, L relaciona.Lang) string {
	rate, resolve, answer := t.figures()
	return belowTarget(L, !math.IsNaN(rate) && !p.ResolutionRate.Met(rate), !math.IsNaN(resolve) && !p.ResolveDays.Met(resolve),
		!math.IsNaN(answer) && !p.AnswerDays.Met(answer))
}

// networkPurposeOffice is one office's purpose over the period, in total
// and per alliance (alliance order).
type networkPurposeOffice struct {
	office    Office
	total     purposeTotals
	alliances []string
	per       map[string]purposeTotals
}

// networkPurpose is the purpose measured over the period, per office and
// for the whole network.
type networkPurpose struct {
	offices []networkPurposeOffice
	total   purposeTotals
}

// networkPurpose gathers Purpose of every office over [from, to].
func (s *Process) networkPurpose(ctx context.Context, from, to calendar.Date) (networkPurpose, error) {
	var n networkPurpose
	for _, o := range s.cfg.Offices {
		rows, err := s.Purpose(ctx, o.ID, from, to)
		if err != nil {
			return n, err
		}
		f := networkPurposeOffice{office: o, per: map[string]purposeTotals{}}
		for _, r := range rows { // alliance then month order
			t, ok := f.per[r.Alliance]
			if !ok {
				f.alliances = append(f.alliances, r.Alliance)
			}
			rt := rowTotals(r)
			t.add(rt)
			f.per[r.Alliance] = t
			f.total.add(rt)
		}
		n.total.add(f.total)
		n.offices = append(n.offices, f)
	}
	return n, nil
}

// purposeDirection is the report's direction of a purpose target.
func purposeDirection(t Target) report.Direction {
	if t.Direction == AtMost {
		return report.LowerIsBetter
	}
	return report.HigherIsBetter
}

// purposeFigure is one key figure of the network's purpose against its
// target: good when met, a warning when not, no status without data.
func purposeFigure(label string, v float64, t Target, value report.Cell, target report.Cell, note string, L relaciona.Lang) report.KeyFigure {
	k := report.KeyFigure{Label: label, Value: report.Empty(), Status: report.StatusNone,
		Note: report.TargetNote(L, purposeDirection(t), target.Format(L)) + note}
	if !math.IsNaN(v) {
		k.Value, k.Status = value, report.StatusWarn
		if t.Met(v) {
			k.Status = report.StatusGood
		}
	}
	return k
}

// purposeSections are the network page's sections of the purpose measured
// (the figures the office pages show in "proposito-medido"): the whole
// network's three figures against the YAML's targets and directions, the
// offices compared with the network as total row, and, folded, each
// office's alliances.
func (n networkPurpose) sections(p PurposeConfig, L relaciona.Lang) []report.Section {
	rate, resolve, answer := n.total.figures()
	figs := report.KeyFigures{Items: []report.KeyFigure{
		purposeFigure(L.T("Resolución de derivaciones seguidas", "Resolution of tracked referrals"), rate, p.ResolutionRate, report.Percent(rate), report.Percent(p.ResolutionRate.Target),
			L.Tf(" · %d resueltas de %d derivadas (%d pendientes)", " · %d resolved of %d referred (%d pending)", n.total.resolved, n.total.referred, n.total.pending), L),
		purposeFigure(L.T("Días hábiles para resolver", "Business days to resolve"), resolve, p.ResolveDays, report.Float(resolve), report.Float(p.ResolveDays.Target),
			L.Tf(" · promedio de %d resueltas", " · mean of %d resolved", n.total.resolved), L),
		purposeFigure(L.T("Días hábiles de solicitud a respuesta", "Business days from request to answer"), answer, p.AnswerDays, report.Float(answer), report.Float(p.AnswerDays.Target),
			L.Tf(" · %d respondidas de %d solicitudes", " · %d answered of %d requests", n.total.answered, n.total.requests), L),
	}}
	row := func(first []report.Cell, t purposeTotals) []report.Cell {
		rate, resolve, answer := t.figures()
		return append(first, report.Int(int64(t.referred)), report.Int(int64(t.resolved)), report.Int(int64(t.pending)), rateCell(rate),
			numCell(resolve, true), report.Int(int64(t.requests)), report.Int(int64(t.answered)), numCell(answer, true), report.Text(t.below(p, L)))
	}
	offices := report.Table{ID: "proposito-oficinas", Caption: L.T("El propósito medido por oficina", "The purpose measured per office"), Columns: purposeColumns(L, L.T("Oficina", "Office"))}
	detail := report.Table{ID: "proposito-alianzas", Caption: L.T("El propósito medido por oficina y alianza", "The purpose measured per office and alliance"),
		Columns: purposeColumns(L, L.T("Oficina", "Office"), L.T("Alianza", "Alliance"))}
	for _, f := range n.offices {
		offices.Rows = append(offices.Rows, row([]report.Cell{report.Text(f.office.Name)}, f.total))
		for _, id := range f.alliances {
			detail.Rows = append(detail.Rows, row([]report.Cell{report.Text(f.office.Name), report.Text(id)}, f.per[id]))
		}
	}
	offices.Total = row([]report.Cell{report.Text(L.T("Red", "Network"))}, n.total)
	// The note naming the targets is the office pages' own (purposeBlocks).
	note := purposeBlocks(nil, p, L)[0]
	intro := report.Paragraph{Text: L.T("Derivaciones seguidas caso a caso y solicitudes de información a los socios, de todas las oficinas: la tasa de resolución es resueltas / derivadas sobre las derivaciones enviadas en el período (las pendientes cuentan); los días son hábiles, del calendario del proceso, promediados sobre las resueltas y las respondidas.",
		"Referrals followed case by case and requests for information to the partners, of every office: the resolution rate is resolved / referred over the referrals sent in the period (pending ones count); days are business days of the process's calendar, averaged over the resolved and the answered ones.")}
	detailBlocks := []report.Block{detail}
	if len(detail.Rows) == 0 {
		detailBlocks = []report.Block{noPurpose(L)}
	}
	return []report.Section{
		{ID: "proposito-red", Title: L.T("Propósito: derivaciones e información", "Purpose: referrals and information"), Blocks: []report.Block{intro, figs, note, offices}},
		{ID: "proposito-red-detalle", Title: L.T("Propósito: detalle por alianza", "Purpose: detail per alliance"), Blocks: detailBlocks, Folded: true},
	}
}
