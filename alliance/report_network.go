package alliance

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
)

// NetworkReport is the page of the whole network of offices for the days
// from to to (both included), for the regional director who compares the
// offices (seed 001, PS54: each office runs its cycle; the region follows
// them all): key figures first (alliances in force at the end, new ones
// registered through partner searches, referrals sent and the share
// resolved against ReferralsResolvedTarget, review decisions, the periodic
// job's flags, cycles closed), the referrals of every month, the offices
// compared, the purpose measured (the office pages' Purpose figures added
// up over the period for the whole network and per office against the
// YAML's purpose targets, the detail per alliance folded), and the review
// decisions taken in the period with their reasons. It reads the store through the package's own API (Alliances,
// Measurements, Flags, Cycle, Review); the per-office reports (Report) hold
// each office's detail.
//
// An alliance is in force at to when it was registered by then and not
// ended by then; it is new when it entered the registry in the period and
// is not one of the configuration's catastro (Config.Alliances).
func (s *Process) NetworkReport(ctx context.Context, from, to calendar.Date, lang relaciona.Lang) (report.Document, error) {
	if err := s.checkDate("from", from); err != nil {
		return report.Document{}, err
	}
	if err := s.checkDate("to", to); err != nil {
		return report.Document{}, err
	}
	if to.Before(from) {
		return report.Document{}, s.invalid("to", "el fin %s es anterior al inicio %s", "the end %s is before the start %s", to, from)
	}
	n, err := s.network(ctx, from, to)
	if err != nil {
		return report.Document{}, err
	}
	L := lang
	doc := report.Document{
		Title:     L.T("Red de oficinas OMIL: alianzas estratégicas", "Network of OMIL offices: strategic alliances"),
		Subtitle:  L.Tf("%d oficinas · del %s al %s", "%d offices · from %s to %s", len(n.offices), from, to),
		Lang:      L,
		Generated: stamp(to),
	}
	doc.Sections = []report.Section{
		{ID: "red", Title: L.T("La red de oficinas", "The network of offices"), Blocks: []report.Block{n.keyFigures(L), n.monthlyChart(L)}},
		{ID: "comparacion", Title: L.T("Las oficinas comparadas", "The offices compared"), Blocks: []report.Block{n.flagChart(L), n.officeTable(L)}},
		{ID: "revision", Title: L.T("Revisión de las alianzas", "Review of the alliances"), Blocks: []report.Block{
			report.Paragraph{Text: L.T("Cada oficina revisa al final de su ciclo si mantiene cada alianza, con su expediente: datos duros del año, indicadores contra meta y las calificaciones del equipo. Las que se mantienen se renegocian y renuevan; las que no, terminan y se busca su reemplazo.",
				"At the end of its cycle each office reviews whether to keep each alliance, with its dossier: the year's hard data, indicators against target and the team's ratings. Kept alliances are renegotiated and renewed; dropped ones end and a replacement is searched.")},
			n.decisionChart(L), n.decisionTable(L)}},
	}
	pur, err := s.networkPurpose(ctx, from, to)
	if err != nil {
		return report.Document{}, err
	}
	doc.Sections = slices.Insert(doc.Sections, 2, pur.sections(s.cfg.Purpose, L)...)
	return doc, nil
}

// networkOffice is one office's figures in a NetworkReport.
type networkOffice struct {
	office                        Office
	cycle                         Cycle
	lastReview                    calendar.Date // the last review opened up to the period's end
	inForce, fresh, kept, dropped int
	sent, resolved                int
	flags                         map[FlagKind]int
}

// networkDecision is one review decision taken in the period.
type networkDecision struct {
	office, alliance, partner string
	onDemand                  bool
	decision                  Decision
	status                    Status
}

// networkData is what NetworkReport shows, gathered once.
type networkData struct {
	from, to                    calendar.Date
	months                      []calendar.Date // the first day of each month of the period
	sent, accepted, resolved    []float64       // per month
	offices                     []networkOffice
	decisions                   []networkDecision
	flagTotals                  map[FlagKind]int
	organisations, catastroSize int
}

// networkFlagKinds are the flags NetworkReport counts, in its column order.
var networkFlagKinds = []FlagKind{FlagNoMeasurement, FlagDisagreement, FlagReviewDue, FlagAgreementExpiring}

func (s *Process) network(ctx context.Context, from, to calendar.Date) (*networkData, error) {
	n := &networkData{from: from, to: to, flagTotals: map[FlagKind]int{}, catastroSize: len(s.cfg.Alliances)}
	for m := (calendar.Date{Year: from.Year, Month: from.Month, Day: 1}); !m.After(to); m.Day = 1 {
		n.months = append(n.months, m)
		m = m.AddDays(31) // from the 1st, always in the next month
	}
	n.sent = make([]float64, len(n.months))
	n.accepted = make([]float64, len(n.months))
	n.resolved = make([]float64, len(n.months))
	catastro := map[string]bool{}
	for _, a := range s.cfg.Alliances {
		catastro[a.ID] = true
	}
	orgs, err := s.Organisations(ctx)
	if err != nil {
		return nil, err
	}
	n.organisations = len(orgs)
	orgName := map[string]string{}
	for _, o := range orgs {
		orgName[o.ID] = o.Name
	}
	reviews := map[string]Review{}
	review := func(id string) (Review, error) {
		if r, ok := reviews[id]; ok {
			return r, nil
		}
		r, err := s.Review(ctx, id)
		if err == nil {
			reviews[id] = r
		}
		return r, err
	}
	for _, o := range s.cfg.Offices {
		f := networkOffice{office: o, flags: map[FlagKind]int{}}
		if f.cycle, err = s.Cycle(ctx, o.ID); err != nil {
			return nil, err
		}
		for _, id := range f.cycle.Reviews {
			r, err := review(id)
			if err != nil {
				return nil, err
			}
			if !r.Opened.After(to) && r.Opened.After(f.lastReview) {
				f.lastReview = r.Opened
			}
		}
		all, err := s.Alliances(ctx, o.ID)
		if err != nil {
			return nil, err
		}
		for _, a := range all {
			if inForceOn(a, to) {
				f.inForce++
			}
			if !catastro[a.ID] && !a.Registered.Before(from) && !a.Registered.After(to) {
				f.fresh++
			}
			ms, err := s.Measurements(ctx, a.ID, from, to)
			if err != nil {
				return nil, err
			}
			for _, m := range ms {
				i := monthIndex(from, m.Date)
				if i < 0 || i >= len(n.months) {
					continue
				}
				n.sent[i] += float64(m.Sent)
				n.accepted[i] += float64(m.Accepted)
				n.resolved[i] += float64(m.Resolved)
				f.sent += m.Sent
				f.resolved += m.Resolved
			}
			for _, d := range a.Decisions {
				if d.Date.Before(from) || d.Date.After(to) {
					continue
				}
				if d.Verdict == Keep {
					f.kept++
				} else {
					f.dropped++
				}
				nd := networkDecision{office: o.Name, alliance: a.ID, partner: orgName[a.Organisation], decision: d, status: a.Status}
				if r, err := review(d.Review); err == nil {
					nd.onDemand = r.OnDemand
				} else if !errors.Is(err, relaciona.ErrNotFound) {
					return nil, err
				}
				if nd.partner == "" {
					nd.partner = a.Organisation
				}
				n.decisions = append(n.decisions, nd)
			}
		}
		fl, err := s.Flags(ctx, o.ID, from, to)
		if err != nil {
			return nil, err
		}
		for _, x := range fl {
			f.flags[x.Kind]++
			n.flagTotals[x.Kind]++
		}
		n.offices = append(n.offices, f)
	}
	// The decisions by date, then office and alliance: the order a reader
	// follows the reviews in.
	slices.SortStableFunc(n.decisions, func(a, b networkDecision) int {
		if c := a.decision.Date.Compare(b.decision.Date); c != 0 {
			return c
		}
		if c := strings.Compare(a.office, b.office); c != 0 {
			return c
		}
		return strings.Compare(a.alliance, b.alliance)
	})
	return n, nil
}

// inForceOn is whether a was in the registry and not ended on day d.
func inForceOn(a Alliance, d calendar.Date) bool {
	if !a.Registered.IsZero() && a.Registered.After(d) {
		return false
	}
	if a.Status == StatusEnded && (a.Ended.IsZero() || !a.Ended.After(d)) {
		return false
	}
	return true
}

// monthIndex is the index of d's month among the months from from's on.
func monthIndex(from, d calendar.Date) int {
	return (d.Year-from.Year)*12 + int(d.Month) - int(from.Month)
}

func (n *networkData) totals() (inForce, fresh, sent, resolved, kept, dropped, closed, flags int) {
	for _, f := range n.offices {
		inForce += f.inForce
		fresh += f.fresh
		sent += f.sent
		resolved += f.resolved
		kept += f.kept
		dropped += f.dropped
		if f.cycle.Phase == PhaseClosed {
			closed++
		}
	}
	for _, v := range n.flagTotals {
		flags += v
	}
	return
}

func (n *networkData) keyFigures(L relaciona.Lang) report.KeyFigures {
	inForce, fresh, sent, resolved, kept, dropped, closed, flags := n.totals()
	rate := ratio(resolved, sent)
	resStatus := report.StatusNone
	if !math.IsNaN(rate) {
		resStatus = report.StatusWarn
		if report.HigherIsBetter.Meets(rate, ReferralsResolvedTarget) {
			resStatus = report.StatusGood
		}
	}
	closedStatus := report.StatusGood
	if closed < len(n.offices) {
		closedStatus = report.StatusWarn
	}
	flagStatus := report.StatusGood
	if flags > 0 {
		flagStatus = report.StatusWarn
	}
	return report.KeyFigures{Items: []report.KeyFigure{
		{Label: L.T("Alianzas vigentes al cierre", "Alliances in force at the end"), Value: report.Int(int64(inForce)),
			Note: L.Tf("%d nuevas de búsquedas de socios; catastro inicial de %d", "%d new from partner searches; initial registry of %d", fresh, n.catastroSize)},
		{Label: L.T("Derivaciones enviadas", "Referrals sent"), Value: report.Int(int64(sent)),
			Note: L.Tf("%d oficinas, %d organizaciones en el Estudio Territorial", "%d offices, %d organisations in the territorial study", len(n.offices), n.organisations)},
		{Label: L.T("Derivaciones resueltas", "Referrals resolved"), Value: rateCell(rate), Status: resStatus,
			Note: report.TargetNote(L, report.HigherIsBetter, report.Percent(ReferralsResolvedTarget).Format(L))},
		{Label: L.T("Decisiones de revisión", "Review decisions"), Value: report.Int(int64(kept + dropped)),
			Note: L.Tf("%d se mantienen, %d terminan", "%d kept, %d dropped", kept, dropped)},
		{Label: L.T("Alertas de la tarea periódica", "Periodic job flags"), Value: report.Int(int64(flags)), Status: flagStatus,
			Note: L.Tf("%d sin mediciones, %d desacuerdo, %d revisión vencida, %d acuerdo por vencer", "%d no measurement, %d disagreement, %d review due, %d agreement expiring",
				n.flagTotals[FlagNoMeasurement], n.flagTotals[FlagDisagreement], n.flagTotals[FlagReviewDue], n.flagTotals[FlagAgreementExpiring])},
		{Label: L.T("Ciclos cerrados", "Cycles closed"), Value: report.Text(fmt.Sprintf("%d / %d", closed, len(n.offices))), Status: closedStatus},
	}}
}

// monthLabel names month m: "ene 2026", "Jan 2026" when the period spans
// several years, else the month alone.
func (n *networkData) monthLabel(m calendar.Date, L relaciona.Lang) string {
	es := [...]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"}
	name := es[m.Month-1]
	if L == relaciona.English {
		name = time.Month(m.Month).String()[:3]
	}
	if n.from.Year != n.to.Year {
		name += fmt.Sprintf(" %d", m.Year)
	}
	return name
}

func (n *networkData) monthlyChart(L relaciona.Lang) report.Chart {
	labels := make([]string, len(n.months))
	for i, m := range n.months {
		labels[i] = n.monthLabel(m, L)
	}
	c := report.Chart{ID: "derivaciones-mes", Kind: report.ChartBar, Title: L.T("Derivaciones por mes, todas las oficinas", "Referrals by month, all offices"),
		Description: L.T("Enviadas, aceptadas y resueltas por los socios en cada mes.", "Sent, accepted and resolved by the partners each month."),
		Labels:      labels, XLabel: L.T("Mes", "Month"), YLabel: L.T("Derivaciones", "Referrals"), ValueKind: report.KindInt,
		Series: []report.Series{{Name: L.T("Enviadas", "Sent"), Values: n.sent}, {Name: L.T("Aceptadas", "Accepted"), Values: n.accepted}, {Name: L.T("Resueltas", "Resolved"), Values: n.resolved}}}
	c.Table = report.DataTable(c, L)
	return c
}

func (n *networkData) flagChart(L relaciona.Lang) report.Chart {
	c := report.Chart{ID: "alertas-oficina", Kind: report.ChartStacked, Title: L.T("Alertas de la tarea periódica por oficina", "Periodic job flags by office"),
		XLabel: L.T("Oficina", "Office"), YLabel: L.T("Alertas", "Flags"), ValueKind: report.KindInt}
	for _, k := range networkFlagKinds {
		c.Series = append(c.Series, report.Series{Name: flagLabel(k, L)})
	}
	for _, f := range n.offices {
		c.Labels = append(c.Labels, f.office.Name)
		for i, k := range networkFlagKinds {
			c.Series[i].Values = append(c.Series[i].Values, float64(f.flags[k]))
		}
	}
	c.Table = report.DataTable(c, L)
	return c
}

func (n *networkData) officeTable(L relaciona.Lang) report.Table {
	t := report.Table{ID: "oficinas", Caption: L.T("Las oficinas comparadas", "The offices compared"), Columns: []report.Column{
		{Name: L.T("Oficina", "Office")}, {Name: L.T("Fase del ciclo", "Cycle phase")}, {Name: L.T("Última revisión", "Last review"), Kind: report.KindDate},
		{Name: L.T("Vigentes", "In force"), Kind: report.KindInt}, {Name: L.T("Nuevas", "New"), Kind: report.KindInt},
		{Name: L.T("Enviadas", "Sent"), Kind: report.KindInt}, {Name: L.T("% resueltas", "% resolved"), Kind: report.KindPercent},
		{Name: L.T("Se mantienen", "Kept"), Kind: report.KindInt}, {Name: L.T("Terminan", "Dropped"), Kind: report.KindInt},
		{Name: L.T("Alertas", "Flags"), Kind: report.KindInt},
	}}
	for _, f := range n.offices {
		flags := 0
		for _, v := range f.flags {
			flags += v
		}
		t.Rows = append(t.Rows, []report.Cell{report.Text(f.office.Name), report.Text(phaseLabel(f.cycle.Phase, L)), dateCell(f.lastReview),
			report.Int(int64(f.inForce)), report.Int(int64(f.fresh)), report.Int(int64(f.sent)), rateCell(ratio(f.resolved, f.sent)),
			report.Int(int64(f.kept)), report.Int(int64(f.dropped)), report.Int(int64(flags))})
	}
	inForce, fresh, sent, resolved, kept, dropped, _, flags := n.totals()
	t.Total = []report.Cell{report.Text(L.T("Total", "Total")), report.Empty(), report.Empty(), report.Int(int64(inForce)), report.Int(int64(fresh)),
		report.Int(int64(sent)), rateCell(ratio(resolved, sent)), report.Int(int64(kept)), report.Int(int64(dropped)), report.Int(int64(flags))}
	return t
}

func verdictLabel(v Verdict, L relaciona.Lang) string {
	if v == Keep {
		return L.T("se mantiene", "keep")
	}
	return L.T("termina", "drop")
}

func (n *networkData) decisionChart(L relaciona.Lang) report.Chart {
	c := report.Chart{ID: "decisiones-oficina", Kind: report.ChartStacked, Title: L.T("Decisiones de revisión por oficina", "Review decisions by office"),
		XLabel: L.T("Oficina", "Office"), YLabel: L.T("Alianzas", "Alliances"), ValueKind: report.KindInt,
		Series: []report.Series{{Name: verdictLabel(Keep, L)}, {Name: verdictLabel(Drop, L)}}}
	for _, f := range n.offices {
		c.Labels = append(c.Labels, f.office.Name)
		c.Series[0].Values = append(c.Series[0].Values, float64(f.kept))
		c.Series[1].Values = append(c.Series[1].Values, float64(f.dropped))
	}
	c.Table = report.DataTable(c, L)
	return c
}

// decisionTable lists the period's decisions; HTML shows the first rows
// and folds the rest (report.Table.PageRows), the exports hold them all.
func (n *networkData) decisionTable(L relaciona.Lang) report.Table {
	t := report.Table{ID: "decisiones", Caption: L.T("Decisiones de las revisiones del periodo", "The period's review decisions"), Columns: []report.Column{
		{Name: L.T("Oficina", "Office")}, {Name: L.T("Alianza", "Alliance")}, {Name: L.T("Socio", "Partner")}, {Name: L.T("Revisión", "Review")},
		{Name: L.T("Decisión", "Decision")}, {Name: L.T("Fecha", "Date"), Kind: report.KindDate}, {Name: L.T("Razón", "Reason")}, {Name: L.T("Estado actual", "Status now")},
	}}
	for _, d := range n.decisions {
		kind := L.T("anual", "yearly")
		if d.onDemand {
			kind = L.T("a pedido", "on demand")
		}
		t.Rows = append(t.Rows, []report.Cell{report.Text(d.office), report.Text(d.alliance), report.Text(d.partner), report.Text(kind),
			report.Text(verdictLabel(d.decision.Verdict, L)), dateCell(d.decision.Date), report.Text(d.decision.Reason), report.Text(statusLabel(d.status, L))})
	}
	return t
}
