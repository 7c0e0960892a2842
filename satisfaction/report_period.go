package satisfaction

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// PeriodReport is the report of the months from to to (both included) at
// a glance, for the process owner and the direction (seed 003 §5, §6):
// key figures first (cases closed, surveys answered, the period's CSAT and
// service level against their CMI targets, "watermelon" alerts,
// complaints, overdue commitments, work-plan briefings pending), then the
// watermelon alerts month by month, each client's CSAT and service level
// month by month (a watermelon shows in the first and not the second),
// the complaints by month and channel, and the improvement commitments by
// status with the central repository's count per client. It reads each
// month's scorecard (CMI) and the store's complaints and commitments.
//
// The period's CSAT and service level pool the months' answers and cases
// (satisfied answers over answers, cases within service level over cases
// measured), so a month with more answers weighs more. Complaints count in
// the month they were reported (in the process's time zone); commitments
// and pending briefings are as the store holds them now.
func (p *Process) PeriodReport(ctx context.Context, from, to Month, lang relaciona.Lang, o ReportOptions) (report.Document, error) {
	if to.Before(from) {
		return report.Document{}, p.invalid("to", "el mes final %s es anterior al inicial %s", "the last month %s is before the first %s", to, from)
	}
	L := lang
	y, err := p.period(ctx, from, to)
	if err != nil {
		return report.Document{}, err
	}
	title := L.Tf("Satisfacción de los clientes: %s a %s", "Client satisfaction: %s to %s", monthName(from, L), monthName(to, L))
	if from == to {
		title = L.Tf("Satisfacción de los clientes: %s", "Client satisfaction: %s", monthName(from, L))
	}
	doc := p.document(title, L, o)
	doc.Sections = []report.Section{
		{ID: "periodo", Title: L.T("El periodo en cifras", "The period in figures"), Blocks: []report.Block{y.keyFigures(p, L)}},
		y.watermelonSection(p, L),
		y.clientMonthsSection(p, L),
	}
	doc.Sections = append(doc.Sections, y.complaintSections(p, L)...)
	doc.Sections = append(doc.Sections, y.commitmentSections(p, L)...)
	doc.Sections = append(doc.Sections, y.governanceSections(p, L)...)
	if doc.Sections, err = p.refusalSections(ctx, from, to, doc.Sections, L); err != nil { // report_csi.go
		return report.Document{}, err
	}
	return doc, nil
}

// periodData is what PeriodReport shows, read once.
type periodData struct {
	months      []Month
	cmis        []CMI
	complaints  []Complaint // reported in the period, oldest first
	commitments []Commitment
	briefings   int // work plans of to's year awaiting their briefing
	files       []clientCounts
	clients     []Client // the process's clients (Clients)
	// surveys is the survey governance of the period; nil without a
	// surveys section.
	surveys *surveyFigures
	issued  []IssuedReport // service reports issued in the period, oldest first
}

// surveyFigures are the period's survey governance figures: the tickets
// whose client was invited in the period, and how many of those same
// tickets have an answer taken (at any time: an invitation sent late in
// the period may be answered after it), so the response rate divides
// counts of one population.
type surveyFigures struct {
	invited, answered int
}

// rate is answered / invited, undefined when no one was invited.
func (s surveyFigures) rate() Score {
	if s.invited == 0 {
		return Score{}
	}
	return Score{N: int64(s.invited), Value: float64(s.answered) / float64(s.invited), Defined: true}
}

// clientCounts is one client's line of the central repository.
type clientCounts struct {
	client                                 string
	info, complaints, actions, commitments int
	interview                              calendar.Date
}

func (p *Process) period(ctx context.Context, from, to Month) (*periodData, error) {
	y := &periodData{}
	var err error
	if y.clients, err = p.Clients(ctx); err != nil {
		return nil, err
	}
	for m := from; !to.Before(m); m = m.Add(1) {
		c, err := p.CMI(ctx, m)
		if err != nil {
			return nil, err
		}
		y.months = append(y.months, m)
		y.cmis = append(y.cmis, c)
	}
	start, _ := p.span(from)
	_, end := p.span(to)
	all, err := p.complaints.Values(ctx, relaciona.Filter{})
	if err != nil {
		return nil, err
	}
	counts := map[string]*clientCounts{}
	for _, c := range y.clients {
		counts[c.ID] = &clientCounts{client: c.ID}
	}
	for _, c := range all {
		if !c.ReportedAt.Before(start) && c.ReportedAt.Before(end) {
			y.complaints = append(y.complaints, c)
		}
		if n := counts[c.Client]; n != nil {
			n.complaints++
		}
	}
	slices.SortStableFunc(y.complaints, func(a, b Complaint) int { return a.ReportedAt.Compare(b.ReportedAt) })
	if y.commitments, err = p.commitments.Values(ctx, relaciona.Filter{}); err != nil {
		return nil, err
	}
	slices.SortStableFunc(y.commitments, func(a, b Commitment) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	for _, c := range y.commitments {
		if n := counts[c.Client]; n != nil {
			n.commitments++
		}
	}
	pending, err := p.PendingBriefings(ctx, to.Year)
	if err != nil {
		return nil, err
	}
	y.briefings = len(pending)
	info, err := p.info.Values(ctx, relaciona.Filter{})
	if err != nil {
		return nil, err
	}
	for _, it := range info {
		if n := counts[it.Client]; n != nil {
			n.info++
		}
	}
	actions, err := p.actions.Values(ctx, relaciona.Filter{})
	if err != nil {
		return nil, err
	}
	for _, a := range actions {
		for _, cl := range a.Clients {
			if n := counts[cl]; n != nil {
				n.actions++
			}
		}
	}
	ivs, err := p.interviews.Values(ctx, relaciona.Filter{})
	if err != nil {
		return nil, err
	}
	for _, iv := range ivs {
		if n := counts[iv.Client]; n != nil && iv.Date.After(n.interview) {
			n.interview = iv.Date
		}
	}
	for _, c := range y.clients {
		y.files = append(y.files, *counts[c.ID])
	}
	if y.issued, err = p.issued.Values(ctx, relaciona.Filter{From: start, To: end}); err != nil {
		return nil, err
	}
	slices.SortStableFunc(y.issued, func(a, b IssuedReport) int {
		if c := a.IssuedAt.Compare(b.IssuedAt); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	if p.cfg.Surveys != nil {
		if y.surveys, err = p.surveyFigures(ctx, start, end); err != nil {
			return nil, err
		}
	}
	return y, nil
}

// surveyFigures counts the invitations sent in [start, end) and those of
// their tickets that have an answer stored.
func (p *Process) surveyFigures(ctx context.Context, start, end time.Time) (*surveyFigures, error) {
	invs, err := p.invitations.Values(ctx, relaciona.Filter{From: start, To: end})
	if err != nil {
		return nil, err
	}
	invited := make(map[string]bool, len(invs))
	for _, in := range invs {
		invited[in.Ticket] = true
	}
	answered := map[string]bool{}
	if len(invited) > 0 {
		ss, err := p.surveys.Values(ctx, relaciona.Filter{From: start})
		if err != nil {
			return nil, err
		}
		for _, s := range ss {
			if invited[s.Ticket] {
				answered[s.Ticket] = true
			}
		}
	}
	return &surveyFigures{invited: len(invited), answered: len(answered)}, nil
}

// clientName is the name of client id among the period's clients, or the
// id.
func (y *periodData) clientName(id string) string {
	for _, c := range y.clients {
		if c.ID == id {
			return c.Name
		}
	}
	return id
}

// pooled is the score of several months' scores pooled: Σ value·N / Σ N.
func pooled(scores []Score) Score {
	var n int64
	var sum float64
	for _, s := range scores {
		if s.Defined && s.N > 0 {
			n += s.N
			sum += s.Value * float64(s.N)
		}
	}
	if n == 0 {
		return Score{}
	}
	return Score{N: n, Value: sum / float64(n), Defined: true}
}

func (y *periodData) totals() (closed, answered int64, csat, sl Score, alerts int) {
	var cs, sls []Score
	for _, c := range y.cmis {
		closed += c.Total.Closed
		answered += c.Total.Answered
		cs = append(cs, c.Total.CSAT)
		sls = append(sls, c.Total.ServiceLevel)
		alerts += len(c.Alerts)
	}
	return closed, answered, pooled(cs), pooled(sls), alerts
}

// overdue counts the commitments overdue and not closed, and those the
// client confirmed.
func (y *periodData) overdue() (overdue, confirmed int) {
	for _, c := range y.commitments {
		if c.Overdue && c.Status != CommitmentClosed {
			overdue++
		}
		if c.ConfirmedBy != "" {
			confirmed++
		}
	}
	return
}

func (y *periodData) keyFigures(p *Process, L relaciona.Lang) report.KeyFigures {
	t := p.cfg.CMI.Targets
	hi := report.HigherIsBetter
	closed, answered, csat, sl, alerts := y.totals()
	open := 0
	for _, c := range y.complaints {
		if c.Status != ComplaintClosed {
			open++
		}
	}
	overdue, confirmed := y.overdue()
	return report.KeyFigures{Items: []report.KeyFigure{
		{Label: L.T("Clientes internos", "Internal clients"), Value: report.Int(int64(len(y.clients)))},
		{Label: L.T("Casos cerrados", "Cases closed"), Value: report.Int(closed)},
		{Label: L.T("Encuestas respondidas", "Answered surveys"), Value: report.Int(answered)},
		{Label: L.T("CSAT del periodo", "CSAT of the period"), Value: pct(csat), Status: status(csat, t.CSAT, hi), Note: targetNote(t.CSAT, hi, L, fmtPct(L))},
		{Label: L.T("Nivel de servicio del periodo", "Service level of the period"), Value: pct(sl), Status: status(sl, t.ServiceLevel, hi), Note: targetNote(t.ServiceLevel, hi, L, fmtPct(L))},
		{Label: L.T("Alertas «sandía»", "\"Watermelon\" alerts"), Value: report.Int(int64(alerts)), Status: map[bool]report.Status{true: report.StatusBad, false: report.StatusGood}[alerts > 0],
			Note: L.T("nivel de servicio cumplido, satisfacción en caída", "service levels met, satisfaction falling")},
		{Label: L.T("Reclamos", "Complaints"), Value: report.Int(int64(len(y.complaints))), Note: L.Tf("%d sin cerrar", "%d not closed", open)},
		{Label: L.T("Compromisos vencidos", "Overdue commitments"), Value: report.Int(int64(overdue)), Status: map[bool]report.Status{true: report.StatusBad, false: report.StatusGood}[overdue > 0],
			Note: L.Tf("de %d; %d confirmados por el cliente", "of %d; %d confirmed by the client", len(y.commitments), confirmed)},
		{Label: L.T("Puestas al día pendientes", "Briefings pending"), Value: report.Int(int64(y.briefings)), Status: map[bool]report.Status{true: report.StatusWarn, false: report.StatusNone}[y.briefings > 0]},
	}}
}

// monthLabels are the short names of the period's months ("ene", "Jan"),
// with the year when the period spans several.
func (y *periodData) monthLabels(L relaciona.Lang) []string {
	es := [...]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"}
	out := make([]string, len(y.months))
	for i, m := range y.months {
		out[i] = es[m.Month-1]
		if L == relaciona.English {
			out[i] = m.Month.String()[:3]
		}
		if y.months[0].Year != y.months[len(y.months)-1].Year {
			out[i] += fmt.Sprintf(" %d", m.Year)
		}
	}
	return out
}

func (y *periodData) watermelonSection(p *Process, L relaciona.Lang) report.Section {
	series := report.Series{Name: L.T("Alertas", "Alerts")}
	t := report.Table{ID: "sandia-periodo", Caption: L.T("Clientes con niveles de servicio cumplidos y satisfacción en caída, por mes", "Clients meeting service levels while satisfaction falls, by month"),
		Columns: []report.Column{{Name: L.T("Mes", "Month")}, {Name: L.T("Cliente", "Client")}, {Name: L.T("Respuestas", "Answers"), Kind: report.KindInt},
			{Name: L.T("Valor", "Value"), Kind: report.KindFloat}, {Name: L.T("Mes anterior", "Month before"), Kind: report.KindFloat},
			{Name: L.T("Nivel de servicio", "Service level"), Kind: report.KindPercent}, {Name: L.T("Disponibilidad", "Availability"), Kind: report.KindPercent}, {Name: L.T("Motivo", "Reason")}}}
	for _, c := range y.cmis {
		series.Values = append(series.Values, float64(len(c.Alerts)))
		for _, a := range c.Alerts {
			var why []string
			if a.Drop {
				why = append(why, L.T("caída", "drop"))
			}
			if a.BelowTarget {
				why = append(why, L.T("bajo la meta", "below target"))
			}
			value, prev := num(a.Value, 1), num(a.Previous, 1)
			if a.Metric == MetricCSAT {
				value, prev = pct(a.Value), pct(a.Previous)
			}
			t.Rows = append(t.Rows, []report.Cell{report.Text(monthName(c.Month, L)), report.Text(y.clientName(a.Client) + " · " + strings.ToUpper(a.Metric)),
				report.Int(a.Value.N), value, prev, pct(a.ServiceLevel), pct2(a.Availability), report.Text(strings.Join(why, ", "))})
		}
	}
	ch := report.Chart{ID: "sandia-mes", Title: L.T("Alertas «sandía» por mes", "\"Watermelon\" alerts by month"), Kind: report.ChartBar,
		Labels: y.monthLabels(L), Series: []report.Series{series}, XLabel: L.T("Mes", "Month"), YLabel: L.T("Alertas", "Alerts"), ValueKind: report.KindInt}
	blocks := []report.Block{
		report.Paragraph{Text: L.T("Una alerta «sandía» (verde por fuera, roja por dentro) señala un cliente cuyos casos se resuelven dentro del nivel de servicio y cuyos servicios están disponibles, pero cuya satisfacción cae o está bajo la meta. Una alerta aislada de una dependencia pequeña suele venir de pocas respuestas en el mes (columna «Respuestas»); la que se repite varios meses seguidos pide una acción de mejora.",
			"A \"watermelon\" alert (green outside, red inside) marks a client whose cases are resolved within service level and whose services are available, but whose satisfaction falls or is below target. A one-off alert of a small dependency often comes from few answers in the month (column \"Answers\"); one that repeats for several months in a row calls for an improvement action.")},
		chartWithTable(ch, L)}
	if len(t.Rows) > 0 {
		blocks = append(blocks, t)
	}
	return report.Section{ID: "sandia", Title: L.T("Alertas «sandía» del periodo", "\"Watermelon\" alerts of the period"), Blocks: blocks}
}

// clientMonthsSection shows each client's CSAT and service level month by
// month: the watermelons are the clients whose CSAT falls while their
// service level holds; a real service problem shows in both.
func (y *periodData) clientMonthsSection(p *Process, L relaciona.Lang) report.Section {
	labels := y.monthLabels(L)
	csat := report.Chart{ID: "csat-cliente-mes", Title: L.T("CSAT por cliente y mes", "CSAT by client and month"), Kind: report.ChartHeatmap,
		Labels: labels, ValueKind: report.KindPercent, Range: &report.Range{Min: 0.5, Max: 1}, XLabel: L.T("Mes", "Month"), YLabel: L.T("Cliente", "Client")}
	sl := report.Chart{ID: "nivel-servicio-cliente-mes", Title: L.T("Nivel de servicio por cliente y mes", "Service level by client and month"), Kind: report.ChartHeatmap,
		Labels: labels, ValueKind: report.KindPercent, Range: &report.Range{Min: 0.5, Max: 1}, XLabel: L.T("Mes", "Month"), YLabel: L.T("Cliente", "Client")}
	for _, cl := range y.clients {
		a := report.Series{Name: cl.Name}
		b := report.Series{Name: cl.Name}
		seen := false
		for _, c := range y.cmis {
			x, v := math.NaN(), math.NaN()
			for _, r := range c.Clients {
				if r.Client != cl.ID {
					continue
				}
				x, v = chartValue(r.CSAT), chartValue(r.ServiceLevel)
				seen = true
			}
			a.Values = append(a.Values, x)
			b.Values = append(b.Values, v)
		}
		if seen {
			csat.Series = append(csat.Series, a)
			sl.Series = append(sl.Series, b)
		}
	}
	sec := report.Section{ID: "clientes-mes", Title: L.T("Clientes mes a mes", "Clients month by month")}
	if len(csat.Series) == 0 {
		sec.Blocks = []report.Block{report.Paragraph{Text: L.T("Ningún cliente tuvo casos ni encuestas en el periodo.", "No client had cases or surveys in the period.")}}
		return sec
	}
	sec.Blocks = []report.Block{
		report.Paragraph{Text: L.T("La satisfacción de una dependencia puede caer aunque sus casos se resuelvan a tiempo: compare las dos matrices.",
			"A dependency's satisfaction can fall while its cases are resolved on time: compare the two matrices.")},
		chartWithTable(csat, L), chartWithTable(sl, L)}
	return sec
}

func (p *Process) complaintStatusLabel(s ComplaintStatus, L relaciona.Lang) string {
	return process.Labels[ComplaintStatus]{
		ComplaintRegistered: {"registrado", "registered"}, ComplaintFollowing: {"en seguimiento", "being followed"},
		ComplaintPrivate: {"tratado en privado", "handled privately"}, ComplaintResponded: {"respondido", "answered"},
		ComplaintClosed: {"cerrado", "closed"}}.Of(L, s)
}

// complaintSections count the period's complaints by month and channel and
// list those not answered; a folded section tables each with its way
// through the process (no summaries: they may hold personal data).
func (y *periodData) complaintSections(p *Process, L relaciona.Lang) []report.Section {
	byTicket := make([]float64, len(y.months))
	byPhone := make([]float64, len(y.months))
	t := report.Table{ID: "reclamos-periodo", Caption: L.T("Reclamos del periodo", "Complaints of the period"), Columns: []report.Column{
		{Name: L.T("Fecha", "Date"), Kind: report.KindDate}, {Name: L.T("Cliente", "Client")}, {Name: L.T("Servicio", "Service")}, {Name: L.T("Canal", "Channel")},
		{Name: L.T("Alcance", "Scope")}, {Name: L.T("Estado", "Status")}, {Name: L.T("Ticket de reclamo", "Complaint ticket")},
		{Name: L.T("Días hasta la respuesta", "Days to the answer"), Kind: report.KindInt}}}
	var late []report.ListItem
	for _, c := range y.complaints {
		m := p.monthOfTime(c.ReportedAt)
		i := slices.Index(y.months, m)
		if i >= 0 {
			if c.Channel == ChannelPhone {
				byPhone[i]++
			} else {
				byTicket[i]++
			}
		}
		days := report.Empty()
		if c.Response != nil && !c.Response.At.IsZero() {
			days = report.Int(int64(c.Response.At.Sub(c.ReportedAt).Hours() / 24))
		}
		channel, scope := L.T("ticket", "ticket"), L.T("servicio", "service")
		if c.Channel == ChannelPhone {
			channel = L.T("teléfono", "phone")
		} else if c.Channel == ChannelInterview {
			channel = L.T("entrevista", "interview")
		}
		if c.Scope == ScopeOther {
			scope = L.T("otro", "other")
		}
		reported := calendar.DateOf(c.ReportedAt.In(p.loc))
		t.Rows = append(t.Rows, []report.Cell{process.DayCell(reported), report.Text(y.clientName(c.Client)), report.Text(p.serviceName(c.Service)),
			report.Text(channel), report.Text(scope), report.Text(p.complaintStatusLabel(c.Status, L)), report.Text(c.TicketID), days})
		if c.Status == ComplaintFollowing || c.Status == ComplaintPrivate || c.Status == ComplaintRegistered {
			late = append(late, report.ListItem{Status: report.StatusWarn, Text: L.Tf("%s: reclamo del %s sin respuesta (%s).", "%s: complaint of %s not answered (%s).",
				y.clientName(c.Client), reported, p.complaintStatusLabel(c.Status, L))})
		}
	}
	ch := report.Chart{ID: "reclamos-mes", Title: L.T("Reclamos por mes y canal", "Complaints by month and channel"), Kind: report.ChartStacked, Labels: y.monthLabels(L),
		XLabel: L.T("Mes", "Month"), YLabel: L.T("Reclamos", "Complaints"),
		Series: []report.Series{{Name: L.T("Ticket", "Ticket"), Values: byTicket}, {Name: L.T("Teléfono", "Phone"), Values: byPhone}}, ValueKind: report.KindInt}
	sec := report.Section{ID: "reclamos", Title: L.T("Reclamos", "Complaints"), Blocks: []report.Block{
		report.Paragraph{Text: L.T("Un cliente presenta un reclamo con un ticket de reclamo o por teléfono; quien lo recibe informa a la dueña del proceso. Un reclamo de servicio lo sigue el gestor en un ticket de reclamo; cualquier otro lo trata en privado la dueña del proceso.",
			"A client complains with a complaint ticket or by phone; whoever hears it tells the process owner. The manager follows a service complaint in a complaint ticket; the owner handles any other privately.")},
		chartWithTable(ch, L)}}
	if len(late) > 0 {
		sec.Blocks = append(sec.Blocks, report.List{Title: L.T("Reclamos sin respuesta", "Complaints not answered"), Items: late})
	}
	if len(t.Rows) == 0 {
		return []report.Section{sec}
	}
	return []report.Section{sec, {ID: "reclamos-detalle", Title: L.T("Reclamos: uno por uno", "Complaints: one by one"), Blocks: []report.Block{t}, Folded: true}}
}

// commitmentSections count the improvement commitments by status and say
// how many are overdue; a folded section lists the overdue ones and tables
// them all with the central repository's count per client.
func (y *periodData) commitmentSections(p *Process, L relaciona.Lang) []report.Section {
	t := report.Table{ID: "compromisos-tabla", Caption: L.T("Compromisos de mejora", "Improvement commitments"), Columns: []report.Column{
		{Name: L.T("Compromiso", "Commitment")}, {Name: L.T("Cliente", "Client")}, {Name: L.T("Responsable", "Owner")}, {Name: L.T("Desde", "From"), Kind: report.KindDate},
		{Name: L.T("Vence", "Due"), Kind: report.KindDate}, {Name: L.T("Estado", "Status")}, {Name: L.T("Entregado", "Delivered"), Kind: report.KindDate}, {Name: L.T("Cerrado", "Closed"), Kind: report.KindDate}}}
	var open, late, awaiting, closed float64
	var items []report.ListItem
	for _, c := range y.commitments {
		st := L.T("abierto", "open")
		switch c.Status {
		case CommitmentDelivered:
			st = L.T("entregado, espera la conformidad del cliente", "delivered, awaiting the client's confirmation")
			awaiting++
		case CommitmentClosed:
			st = L.T("cerrado", "closed")
			if c.ConfirmedBy != "" {
				st = L.T("cerrado con la conformidad del cliente", "closed with the client's confirmation")
			}
			closed++
		default:
			open++
		}
		if c.Overdue && c.Status != CommitmentClosed {
			st += L.T(" — vencido", " — overdue")
			late++
			items = append(items, report.ListItem{Status: report.StatusBad, Text: L.Tf("%s (venció el %s)", "%s (due %s)", c.Description, c.Due)})
		}
		client := "—"
		if c.Client != "" {
			client = y.clientName(c.Client)
		}
		t.Rows = append(t.Rows, []report.Cell{report.Text(c.Description), report.Text(client), report.Text(c.Owner), process.DayCell(c.Start),
			process.DayCell(c.Due), report.Text(st), process.DayCell(c.DeliveredOn), process.DayCell(c.ClosedOn)})
	}
	ch := report.Chart{ID: "compromisos-estado", Title: L.T("Compromisos por estado", "Commitments by status"), Kind: report.ChartHBar,
		Labels: []string{L.T("Cerrados", "Closed"), L.T("Entregados, sin conformidad", "Delivered, not confirmed"), L.T("Abiertos", "Open"), L.T("Vencidos (abiertos o entregados)", "Overdue (open or delivered)")},
		XLabel: L.T("Estado", "Status"), YLabel: L.T("Compromisos", "Commitments"),
		Series: []report.Series{{Name: L.T("Compromisos", "Commitments"), Values: []float64{closed, awaiting, open, late}}}, ValueKind: report.KindInt}
	repo := report.Table{ID: "repositorio-clientes", Caption: L.T("Repositorio central: información, reclamos, acciones y compromisos por cliente", "Central repository: information, complaints, actions and commitments by client"),
		Columns: []report.Column{{Name: L.T("Cliente", "Client")}, {Name: L.T("Información", "Information"), Kind: report.KindInt}, {Name: L.T("Reclamos", "Complaints"), Kind: report.KindInt},
			{Name: L.T("Acciones de mejora", "Improvement actions"), Kind: report.KindInt}, {Name: L.T("Compromisos", "Commitments"), Kind: report.KindInt},
			{Name: L.T("Última entrevista", "Last interview"), Kind: report.KindDate}}}
	for _, f := range y.files {
		repo.Rows = append(repo.Rows, []report.Cell{report.Text(y.clientName(f.client)), report.Int(int64(f.info)), report.Int(int64(f.complaints)),
			report.Int(int64(f.actions)), report.Int(int64(f.commitments)), process.DayCell(f.interview)})
	}
	sec := report.Section{ID: "compromisos", Title: L.T("Acciones de mejora y compromisos", "Improvement actions and commitments"), Blocks: []report.Block{chartWithTable(ch, L)}}
	detail := report.Section{ID: "compromisos-detalle", Title: L.T("Compromisos y repositorio central: detalle", "Commitments and central repository: detail"), Folded: true}
	if len(items) > 0 {
		sec.Blocks = append(sec.Blocks, report.Note{Kind: report.NoteWarning, Title: L.T("Compromisos vencidos", "Overdue commitments"),
			Text: L.Tf("%d compromisos pasaron su fecha sin cerrarse (la lista, en el detalle).", "%d commitments passed their due date without closing (listed in the detail).", len(items))})
		detail.Blocks = append(detail.Blocks, report.List{Title: L.T("Compromisos vencidos", "Overdue commitments"), Items: items})
	}
	if len(t.Rows) > 0 {
		detail.Blocks = append(detail.Blocks, t)
	}
	detail.Blocks = append(detail.Blocks, repo)
	return []report.Section{sec, detail}
}

// governanceSections show the survey governance of the period (when the
// file has a surveys section): invitations sent, the invited tickets
// answered and the response rate; and the service reports issued to the
// clients in the period, standard (by Run) and specific.
func (y *periodData) governanceSections(p *Process, L relaciona.Lang) []report.Section {
	var out []report.Section
	if s := y.surveys; s != nil {
		sc := p.cfg.Surveys
		out = append(out, report.Section{ID: "encuestas-gobierno", Title: L.T("Encuestas: invitaciones y respuestas", "Surveys: invitations and answers"), Blocks: []report.Block{
			report.KeyFigures{Items: []report.KeyFigure{
				{Label: L.T("Invitaciones enviadas", "Invitations sent"), Value: report.Int(int64(s.invited))},
				{Label: L.T("Invitaciones respondidas", "Invitations answered"), Value: report.Int(int64(s.answered))},
				{Label: L.T("Tasa de respuesta", "Response rate"), Value: pct(s.rate()), Note: L.T("respondidas / enviadas en el periodo", "answered / sent in the period")},
			}},
			report.Paragraph{Text: L.Tf("Se invita al cliente de un ticket cerrado %d h después del cierre, a %s de los tickets; la invitación vence a los %d días y una respuesta posterior, o sin comentario bajo el umbral, no se toma.",
				"The client of a closed ticket is invited %d h after it closes, for %s of the tickets; the invitation expires after %d days and a later answer, or one without a comment under the threshold, is not taken.",
				sc.DelayHours, fmtPct(L)(*sc.SampleRate), sc.LifetimeDays)},
		}})
	}
	if len(y.issued) == 0 {
		return out
	}
	// One row per month of issue, not per report: a year of standard
	// reports to every client would make a long page.
	t := report.Table{ID: "informes-emitidos", Caption: L.T("Informes de servicio emitidos por mes de emisión", "Service reports issued by month of issue"), Columns: []report.Column{
		{Name: L.T("Mes", "Month")}, {Name: L.T("Estándar mensuales", "Monthly standard"), Kind: report.KindInt}, {Name: L.T("Específicos", "Specific"), Kind: report.KindInt}}}
	standard, specific := make([]int, len(y.months)), make([]int, len(y.months))
	for _, r := range y.issued {
		i := slices.Index(y.months, p.monthOfTime(r.IssuedAt))
		if i < 0 {
			continue
		}
		if r.Kind == ReportStandard {
			standard[i]++
		} else {
			specific[i]++
		}
	}
	var ns, nx int
	for i, m := range y.months {
		ns, nx = ns+standard[i], nx+specific[i]
		if standard[i]+specific[i] > 0 {
			t.Rows = append(t.Rows, []report.Cell{report.Text(monthName(m, L)), report.Int(int64(standard[i])), report.Int(int64(specific[i]))})
		}
	}
	out = append(out, report.Section{ID: "informes-emitidos-periodo", Title: L.T("Informes de servicio emitidos", "Service reports issued"), Folded: true, Blocks: []report.Block{
		report.Paragraph{Text: L.Tf("%d informes estándar mensuales y %d específicos emitidos a los clientes en el periodo.", "%d monthly standard and %d specific reports issued to the clients in the period.", ns, nx)},
		t}})
	return out
}
