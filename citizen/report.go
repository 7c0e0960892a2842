package citizen

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// ReportOptions are the parameters of the reports.
type ReportOptions struct {
	// Year and Quarter (1-4) of the quarterly PQRSD report.
	Year, Quarter int
	// From is the first day of the period of PeriodReport and
	// SpacesReport, which end on At; zero means 1 January of At's year.
	From calendar.Date
	// At is the cut-off date: open PQRSD due before it are overdue, and
	// the latest publication, proposal and measurements on or before it
	// are shown.
	At   calendar.Date
	Lang relaciona.Lang
	// Redact leaves personal data out (the requester's name in the list of
	// overdue PQRSD). Reports built for publication set it.
	Redact bool
	// MaxRows caps the list of overdue PQRSD (default 200); the total is
	// always given.
	MaxRows int
}

func (o *ReportOptions) check() error {
	if o.Lang == "" {
		o.Lang = relaciona.Spanish
	}
	if o.MaxRows <= 0 {
		o.MaxRows = 200
	}
	if err := checkDate(o.Lang, "at", o.At); err != nil {
		return err
	}
	if o.From.IsZero() {
		o.From = calendar.Date{Year: o.At.Year, Month: time.January, Day: 1}
	}
	return checkPeriod(o.Lang, o.From, o.At)
}

// PQRSDReport is the quarterly PQRSD report (seed 002, activity 2, lists
// "informes de PQRSD" among the inputs of the strategy): the PQRSD filed
// in the quarter, received by
// type and channel, answered on time and late, forwarded, still open and
// overdue on opts.At, the average business days to answer, those
// incomplete with the term suspended, withdrawn (tacitly or expressly,
// split per type in "desistimientos-por-tipo" with those continued ex
// officio) and with priority attention (Ley 1755 de 2015, arts. 17, 18
// and 20), the
// PQRSD by offer item, and the list of the quarter's overdue PQRSD (at
// most opts.MaxRows, those with priority first). It reads the day
// counters (one record per day of the quarter) and, for the list, the open
// PQRSD of the quarter (until MaxRows priority ones are found), so its
// cost does not grow with the number of closed PQRSD.
func (s *Process) PQRSDReport(ctx context.Context, opts ReportOptions) (report.Document, error) {
	if err := opts.check(); err != nil {
		return report.Document{}, err
	}
	L := opts.Lang
	from, to, err := Quarter(opts.Year, opts.Quarter)
	if err != nil {
		return report.Document{}, err
	}
	st, err := s.PQRSDStats(ctx, from, to, opts.At)
	if err != nil {
		return report.Document{}, err
	}
	doc := report.Document{
		Lang:     L,
		Title:    L.Tf("Informe trimestral de PQRSD · %d-T%d", "Quarterly PQRSD report · %d Q%d", opts.Year, opts.Quarter),
		Subtitle: L.Tf("%s · PQRSD radicadas del %s al %s · estado al %s", "%s · PQRSD filed %s to %s · status on %s", s.cfg.Entity, from, to, opts.At),
	}
	doc.Sections = append(doc.Sections, report.Section{ID: "resumen", Title: L.T("Resumen", "Summary"), Blocks: []report.Block{
		report.KeyFigures{Items: []report.KeyFigure{
			{Label: L.T("Recibidas", "Received"), Value: report.Int(int64(st.Total))},
			onTimeFigure(L, st),
			avgDaysFigure(L, st),
			{Label: L.T("Trasladadas por competencia", "Forwarded"), Value: report.Int(int64(st.TotalForwarded))},
			{Label: L.T("En trámite dentro del término", "Open within the term"), Value: report.Int(int64(st.TotalPending))},
			overdueFigure(L, st),
		}},
		report.KeyFigures{Items: lawFigures(L, st, opts.At)},
		report.Paragraph{Text: L.Tf(
			"Términos legales en días hábiles contados desde el día siguiente a la radicación (Ley 1755 de 2015, art. 14): %d para peticiones generales, %d para documentos e información y %d para consultas.",
			"Legal terms in business days counted from the day after filing (Ley 1755 de 2015, art. 14): %d for general requests, %d for documents and information and %d for consultations.",
			s.cfg.PQRSD.Terms.General, s.cfg.PQRSD.Terms.Documents, s.cfg.PQRSD.Terms.Consultation)},
	}})

	// Received by type and channel.
	chans := s.channelsIn(st)
	recv := report.Chart{ID: "recibidas", Title: L.T("PQRSD recibidas por tipo y canal", "PQRSD received by type and channel"), Kind: report.ChartStacked,
		ValueKind: report.KindInt, XLabel: L.T("Tipo", "Type"), YLabel: L.T("PQRSD", "PQRSD")}
	for _, t := range Types() {
		recv.Labels = append(recv.Labels, t.Label(L))
	}
	for _, ch := range chans {
		ser := report.Series{Name: s.channelName(ch)}
		for _, t := range Types() {
			ser.Values = append(ser.Values, float64(st.Received[t][ch]))
		}
		recv.Series = append(recv.Series, ser)
	}
	recv.Table = report.DataTable(recv, L)
	recvTable := report.Table{ID: "recibidas-tipo-canal", Caption: L.T("Recibidas por tipo y canal", "Received by type and channel"),
		Columns: []report.Column{{Name: L.T("Tipo", "Type")}}}
	for _, ch := range chans {
		recvTable.Columns = append(recvTable.Columns, report.Column{Name: s.channelName(ch), Kind: report.KindInt})
	}
	recvTable.Columns = append(recvTable.Columns, report.Column{Name: L.T("Total", "Total"), Kind: report.KindInt})
	colTotals := make([]int, len(chans))
	for _, t := range Types() {
		row := []report.Cell{report.Text(t.Label(L))}
		sum := 0
		for i, ch := range chans {
			n := st.Received[t][ch]
			sum += n
			colTotals[i] += n
			row = append(row, report.Int(int64(n)))
		}
		recvTable.Rows = append(recvTable.Rows, append(row, report.Int(int64(sum))))
	}
	totalRow := []report.Cell{report.Text(L.T("Total", "Total"))}
	for _, n := range colTotals {
		totalRow = append(totalRow, report.Int(int64(n)))
	}
	recvTable.Rows = append(recvTable.Rows, append(totalRow, report.Int(int64(st.Total))))
	kinds := report.Table{ID: "tipo-solicitud", Caption: L.T("Recibidas por tipo de solicitud (término legal)", "Received by request kind (legal term)"),
		Columns: []report.Column{{Name: L.T("Tipo de solicitud", "Request kind")}, {Name: L.T("Término (días hábiles)", "Term (business days)"), Kind: report.KindInt}, {Name: L.T("Recibidas", "Received"), Kind: report.KindInt}}}
	for _, k := range RequestKinds() {
		kinds.Rows = append(kinds.Rows, []report.Cell{report.Text(k.Label(L)), report.Int(int64(s.cfg.TermDays(Peticion, k))), report.Int(int64(st.Kinds[k]))})
	}
	// The chart leads; the tables by channel and by request kind are
	// detail, folded under it.
	doc.Sections = append(doc.Sections, report.Section{ID: "recepcion", Title: L.T("Recepción", "Reception"), Blocks: []report.Block{recv}},
		report.Section{ID: "recepcion-detalle", Title: L.T("Recepción: tablas por canal y por tipo de solicitud", "Reception: tables by channel and by request kind"), Blocks: []report.Block{recvTable, kinds}, Folded: true})

	// Outcomes by type.
	out := report.Chart{ID: "oportunidad", Title: L.T("Estado y oportunidad de respuesta por tipo", "Status and timeliness by type"), Kind: report.ChartStacked,
		ValueKind: report.KindInt, XLabel: L.T("Tipo", "Type"), YLabel: L.T("PQRSD", "PQRSD")}
	for _, t := range Types() {
		out.Labels = append(out.Labels, t.Label(L))
	}
	series := []struct {
		name string
		m    map[Type]int
	}{
		{L.T("A tiempo", "On time"), st.OnTime}, {L.T("Fuera de término", "Late"), st.Late}, {L.T("Trasladadas", "Forwarded"), st.Forwarded},
		{L.T("En término", "Within term"), st.Pending}, {L.T("Vencidas", "Overdue"), st.Overdue},
	}
	for _, x := range series {
		ser := report.Series{Name: x.name}
		for _, t := range Types() {
			ser.Values = append(ser.Values, float64(x.m[t]))
		}
		out.Series = append(out.Series, ser)
	}
	out.Table = report.DataTable(out, L)
	outTable := report.Table{ID: "respuesta-por-tipo", Caption: L.T("Respuesta por tipo", "Answers by type"), Columns: []report.Column{
		{Name: L.T("Tipo", "Type")}, {Name: L.T("Recibidas", "Received"), Kind: report.KindInt}, {Name: L.T("A tiempo", "On time"), Kind: report.KindInt},
		{Name: L.T("Fuera de término", "Late"), Kind: report.KindInt}, {Name: L.T("% a tiempo", "% on time"), Kind: report.KindPercent},
		{Name: L.T("Días hábiles promedio", "Average business days"), Kind: report.KindFloat}, {Name: L.T("Prorrogadas", "Extended"), Kind: report.KindInt},
		{Name: L.T("Trasladadas", "Forwarded"), Kind: report.KindInt}, {Name: L.T("Trasladadas tarde", "Forwarded late"), Kind: report.KindInt},
		{Name: L.T("En término", "Within term"), Kind: report.KindInt}, {Name: L.T("Vencidas", "Overdue"), Kind: report.KindInt},
		{Name: L.T("Incompletas", "Incomplete"), Kind: report.KindInt}, {Name: L.T("Desistidas", "Withdrawn"), Kind: report.KindInt},
		{Name: L.T("Prioritarias", "Priority"), Kind: report.KindInt},
	}}
	for _, t := range Types() {
		recvd := 0
		for _, n := range st.Received[t] {
			recvd += n
		}
		ans := st.OnTime[t] + st.Late[t]
		share, avgT := report.Empty(), report.Empty()
		if ans > 0 {
			share = report.Percent(float64(st.OnTime[t]) / float64(ans))
			avgT = report.FloatN(float64(st.DaysSum[t])/float64(ans), 1)
		}
		outTable.Rows = append(outTable.Rows, []report.Cell{report.Text(t.Label(L)), report.Int(int64(recvd)), report.Int(int64(st.OnTime[t])),
			report.Int(int64(st.Late[t])), share, avgT, report.Int(int64(st.Extended[t])), report.Int(int64(st.Forwarded[t])),
			report.Int(int64(st.ForwardedLate[t])), report.Int(int64(st.Pending[t])), report.Int(int64(st.Overdue[t])),
			report.Int(int64(st.Incomplete[t])), report.Int(int64(st.Withdrawn[t])), report.Int(int64(st.Priority[t]))})
	}
	doc.Sections = append(doc.Sections, report.Section{ID: "respuesta", Title: L.T("Respuesta", "Answers"), Blocks: []report.Block{out}},
		report.Section{ID: "respuesta-detalle", Title: L.T("Respuesta: tabla por tipo", "Answers: table by type"), Blocks: []report.Block{outTable, withdrawalTable(L, st)}, Folded: true})

	// By offer item.
	if len(st.Offer) > 0 {
		ot := report.Table{ID: "por-oferta", Caption: L.T("PQRSD por elemento de la oferta", "PQRSD by offer item"), Columns: []report.Column{{Name: L.T("Elemento", "Item")}}}
		for _, t := range Types() {
			ot.Columns = append(ot.Columns, report.Column{Name: t.Label(L), Kind: report.KindInt})
		}
		offer, _, err := s.offerCatalogue(ctx)
		if err != nil {
			return report.Document{}, err
		}
		for _, it := range offer {
			m := st.Offer[it.ID]
			if m == nil {
				continue
			}
			row := []report.Cell{report.Text(it.Name)}
			for _, t := range Types() {
				row = append(row, report.Int(int64(m[t])))
			}
			ot.Rows = append(ot.Rows, row)
		}
		doc.Sections = append(doc.Sections, report.Section{ID: "oferta", Title: L.T("Por elemento de la oferta", "By offer item"), Blocks: []report.Block{ot}, Folded: true})
	}

	// The overdue list, as of At.
	sec := report.Section{ID: "vencidas", Title: L.Tf("PQRSD del trimestre vencidas sin respuesta al %s", "PQRSD of the quarter overdue unanswered on %s", opts.At)}
	cols := []report.Column{{Name: L.T("Radicado", "Filing number")}, {Name: L.T("Tipo", "Type")}, {Name: L.T("Canal", "Channel")},
		{Name: L.T("Radicada", "Filed"), Kind: report.KindDate}, {Name: L.T("Vencía", "Was due"), Kind: report.KindDate},
		{Name: L.T("Días hábiles de retraso", "Business days late"), Kind: report.KindInt}, {Name: L.T("Prorrogada", "Extended")},
		{Name: L.T("Atención prioritaria", "Priority attention")}}
	if !opts.Redact {
		cols = append(cols, report.Column{Name: L.T("Peticionario (dato personal)", "Requester (personal data)")})
	}
	list := report.Table{ID: "lista-vencidas", Caption: L.T("Vencidas sin respuesta, radicadas en el trimestre", "Overdue unanswered, filed in the quarter"), Columns: cols}
	total := st.TotalOverdue
	// Priority PQRSD first (art. 20): the scan keeps every overdue one
	// with priority and the first MaxRows of the others, and stops once
	// MaxRows priority ones are found.
	var first, rest [][]report.Cell
	f := window(s.startOf(from), s.startOf(to.AddDays(1)), map[string]string{"status": string(StatusOpen)})
	for d, err := range s.pqrsd.Scan(ctx, f) {
		if err != nil {
			return report.Document{}, err
		}
		p := d.Value
		if !p.Due.Before(opts.At) || p.Filed.Before(from) || p.Filed.After(to) {
			continue
		}
		late, _ := s.cal.BusinessDaysBetween(p.Due, opts.At)
		ext := L.T("No", "No")
		if p.Extension != nil {
			ext = L.T("Sí", "Yes")
		}
		prio := L.T("No", "No")
		if p.Priority != nil {
			prio = L.T("Sí", "Yes")
		}
		row := []report.Cell{report.Text(p.ID), report.Text(p.Type.Label(L)), report.Text(s.channelName(p.Channel)),
			report.Date(process.DateTime(p.Filed)), report.Date(process.DateTime(p.Due)), report.Int(int64(late)), report.Text(ext), report.Text(prio)}
		if !opts.Redact {
			row = append(row, report.Text(p.Requester.Name))
		}
		switch {
		case p.Priority != nil:
			first = append(first, row)
		case len(rest) < opts.MaxRows:
			rest = append(rest, row)
		}
		if len(first) >= opts.MaxRows {
			break
		}
	}
	list.Rows = append(first, rest...)
	if len(list.Rows) > opts.MaxRows {
		list.Rows = list.Rows[:opts.MaxRows]
	}
	if total == 0 {
		sec.Blocks = append(sec.Blocks, report.Note{Title: L.T("Sin vencidas", "None overdue"), Text: L.Tf("Ninguna PQRSD está vencida sin respuesta al %s.", "No PQRSD is overdue unanswered on %s.", opts.At)})
	} else {
		sec.Blocks = append(sec.Blocks, report.Note{Kind: report.NoteWarning, Title: L.Tf("%d PQRSD vencidas", "%d overdue PQRSD", total),
			Text: L.Tf("Se muestran %d; la lista completa está en el sistema (Service.Overdue).", "%d are shown; the full list is in the system (Service.Overdue).", len(list.Rows))}, list)
	}
	if opts.Redact {
		sec.Blocks = append(sec.Blocks, report.Paragraph{Text: L.T("Los datos personales de los peticionarios se omiten (Ley 1581 de 2012).", "The requesters' personal data are left out (Ley 1581 de 2012).")})
	}
	doc.Sections = append(doc.Sections, sec)
	return doc, nil
}

// lawFigures are the key figures of Ley 1755 de 2015, arts. 17, 18 and 20:
// the PQRSD incomplete with the term suspended on at, those withdrawn
// (tacitly or expressly) and those with priority attention.
func lawFigures(L relaciona.Lang, st Stats, at calendar.Date) []report.KeyFigure {
	return []report.KeyFigure{
		{Label: L.T("Incompletas, término suspendido", "Incomplete, term suspended"), Value: report.Int(int64(st.TotalIncomplete)),
			Note: L.Tf("al %s (art. 17)", "on %s (art. 17)", at)},
		{Label: L.T("Desistidas", "Withdrawn"), Value: report.Int(int64(st.TotalWithdrawn)),
			Note: withdrawalNote(L, st)},
		{Label: L.T("Con atención prioritaria", "With priority attention"), Value: report.Int(int64(st.TotalPriority)),
			Note: L.T("art. 20", "art. 20")},
	}
}

// channelsIn lists the channels in the configured order, then any other
// channel found in the figures.
func (s *Process) channelsIn(st Stats) []string {
	seen := map[string]bool{}
	for _, m := range st.Received {
		for ch := range m {
			seen[ch] = true
		}
	}
	var out []string
	for _, c := range s.cfg.Channels {
		if seen[c.ID] {
			out = append(out, c.ID)
			delete(seen, c.ID)
		}
	}
	var rest []string
	for ch := range seen {
		rest = append(rest, ch)
	}
	sort.Strings(rest)
	return append(out, rest...)
}

func (s *Process) channelName(id string) string {
	if c, ok := s.cfg.chans[id]; ok {
		return c.Name
	}
	return id
}

// CharacterisationReport shows the latest publication on or before
// opts.At (or, when none was published, what Publish would publish): only
// tables protected with k, never a group smaller than k, and the segment
// profiles.
func (s *Process) CharacterisationReport(ctx context.Context, opts ReportOptions) (report.Document, error) {
	if err := opts.check(); err != nil {
		return report.Document{}, err
	}
	L := opts.Lang
	var tables []ProtectedTable
	var profiles []Profile
	var note string
	pub, err := s.LatestPublication(ctx, opts.At)
	switch {
	case err == nil:
		tables, profiles = pub.Tables, pub.Profiles
		note = L.Tf("Caracterización publicada el %s.", "Characterisation published on %s.", pub.Date)
	case errors.Is(err, relaciona.ErrNotFound):
		tables, profiles, err = s.Published(ctx, L)
		if err != nil {
			return report.Document{}, err
		}
		note = L.T("Vista previa: aún no se ha publicado una caracterización.", "Preview: no characterisation has been published yet.")
	default:
		return report.Document{}, err
	}
	k := s.cfg.Characterisation.K
	doc := report.Document{Lang: L, Title: L.T("Caracterización de la ciudadanía, usuarios y grupos de valor", "Characterisation of citizens, users and value groups"),
		Subtitle: s.cfg.Entity + " · " + note}
	intro := report.Section{ID: "metodo", Title: L.T("Método", "Method"), Folded: true, Blocks: []report.Block{report.Paragraph{Text: L.Tf(
		"Solo se publican grupos de al menos %d personas. Los grupos menores se agrupan en «Otros»; si ese grupo quedara por debajo de %d personas o con un solo grupo, se le suma el menor grupo publicado, de modo que ningún grupo pequeño puede calcularse restando del total. Una tabla de menos de %d personas no se publica.",
		"Only groups of at least %d people are published. Smaller groups are merged into \"Others\"; when that group would stay below %d people or hold a single group, the smallest published group joins it, so no small group can be computed by subtracting from the total. A table of fewer than %d people is not published.",
		k, k, k)}}}
	if len(s.cfg.Characterisation.Objectives) > 0 {
		var items []report.ListItem
		for _, o := range s.cfg.Characterisation.Objectives {
			items = append(items, report.ListItem{Text: o})
		}
		intro.Blocks = append(intro.Blocks, report.List{Title: L.T("Objetivos", "Objectives"), Items: items})
	}
	// The key figures, then every published table's chart one after the
	// other (so that they sit two by two on a wide screen), each chart's
	// total and merged groups in its caption; the tables not published are
	// named after the charts.
	published := report.Section{ID: "publicado", Title: L.Tf("Lo publicado: grupos de al menos %d personas", "What is published: groups of at least %d people", k)}
	var withheld []report.Block
	largest, shown := 0, 0
	for _, t := range tables {
		if t.Suppressed {
			withheld = append(withheld, report.Note{Title: t.Title + ": " + L.T("no publicada", "not published"), Text: L.Tf("Menos de %d personas.", "Fewer than %d people.", k)})
			continue
		}
		shown++
		largest = max(largest, t.Total)
		ch := report.Chart{ID: "grafico-" + t.ID, Title: t.Title, Kind: report.ChartHBar, ValueKind: report.KindInt, XLabel: L.T("Personas", "People")}
		vals := report.Series{Name: L.T("Personas", "People")}
		for _, c := range t.Cells {
			ch.Labels = append(ch.Labels, c.Label)
			vals.Values = append(vals.Values, float64(c.N))
		}
		if t.Others != nil {
			ch.Labels = append(ch.Labels, L.T("Otros", "Others"))
			vals.Values = append(vals.Values, float64(t.Others.N))
		}
		ch.Series = []report.Series{vals}
		ch.Table = report.DataTable(ch, L)
		ch.Description = L.Tf("Total: %s.", "Total: %s.", report.Int(int64(t.Total)).Format(L))
		if t.Others != nil {
			ch.Description += " " + L.Tf("«Otros» reúne: %s.", "\"Others\" holds: %s.", strings.Join(t.Others.Labels, ", "))
		}
		published.Blocks = append(published.Blocks, ch)
	}
	published.Blocks = append(published.Blocks, withheld...)
	// A table counts everyone its variable applies to (those without the
	// datum as "Sin dato"), the table of persons and organisations everyone,
	// so the largest published total is how many are characterised; with
	// no table published, not even that is shown.
	characterised := report.KeyFigure{Label: L.T("Personas y organizaciones caracterizadas", "Persons and organisations characterised"), Value: report.Empty()}
	if shown > 0 {
		characterised.Value = report.Int(int64(largest))
	}
	figs := []report.KeyFigure{
		{Label: L.T("Tablas publicadas", "Tables published"), Value: report.Int(int64(shown)),
			Note: L.Tf("de %d; las de menos de %d personas no se publican", "of %d; those of fewer than %d people are not published", len(tables), k)},
		characterised,
		{Label: L.T("Grupo mínimo publicado (k)", "Smallest group published (k)"), Value: report.Int(int64(k)), Note: L.T("personas; ningún grupo menor se muestra", "people; no smaller group is shown")},
	}
	doc.Sections = append(doc.Sections, report.Section{ID: "resumen", Title: L.T("Resumen", "Summary"), Blocks: []report.Block{report.KeyFigures{Items: figs}}}, published, intro)
	pt := report.Table{ID: "perfiles-segmentos", Caption: L.T("Necesidades, intereses, expectativas y preferencias por segmento", "Needs, interests, expectations and preferences by segment"),
		Columns: []report.Column{{Name: L.T("Segmento", "Segment")}, {Name: L.T("Necesidades", "Needs")}, {Name: L.T("Intereses", "Interests")},
			{Name: L.T("Expectativas", "Expectations")}, {Name: L.T("Preferencias", "Preferences")}, {Name: L.T("Canales preferidos", "Preferred channels")}}}
	for _, p := range profiles {
		var chs []string
		for _, c := range p.PreferredChannels {
			chs = append(chs, s.channelName(c))
		}
		pt.Rows = append(pt.Rows, []report.Cell{report.Text(p.Name), report.Text(strings.Join(p.Needs, "; ")), report.Text(strings.Join(p.Interests, "; ")),
			report.Text(strings.Join(p.Expectations, "; ")), report.Text(strings.Join(p.Preferences, "; ")), report.Text(strings.Join(chs, ", "))})
	}
	doc.Sections = append(doc.Sections, report.Section{ID: "perfiles", Title: L.T("Perfiles de los segmentos", "Segment profiles"), Blocks: []report.Block{pt}, Folded: true})
	return doc, nil
}

// OfferReport shows the offer adjustment: the latest proposal on or before
// opts.At, or the analysis computed over the quarter of opts when there is
// none.
func (s *Process) OfferReport(ctx context.Context, opts ReportOptions) (report.Document, error) {
	if err := opts.check(); err != nil {
		return report.Document{}, err
	}
	L := opts.Lang
	var items []ItemAdjustment
	var subtitle string
	var prop *AdjustmentProposal
	for d, err := range s.proposals.Scan(ctx, relaciona.Filter{To: process.DateTime(opts.At.AddDays(1))}) {
		if err != nil {
			return report.Document{}, err
		}
		v := d.Value
		prop = &v
	}
	if prop != nil {
		items = prop.Items
		state := L.T("borrador", "draft")
		if prop.Status == ProposalApproved {
			state = L.Tf("aprobada el %s", "approved on %s", prop.Approved)
		}
		subtitle = L.Tf("Propuesta del %s (%s), periodo %s a %s", "Proposal of %s (%s), period %s to %s", prop.Date, state, prop.From, prop.To)
	} else {
		from, to := opts.At.AddDays(-90), opts.At
		if opts.Year > 0 {
			var err error
			if from, to, err = Quarter(opts.Year, opts.Quarter); err != nil {
				return report.Document{}, err
			}
		}
		var err error
		if items, err = s.AnalyseOffer(ctx, from, to, opts.At); err != nil {
			return report.Document{}, err
		}
		subtitle = L.Tf("Análisis sin propuesta registrada, periodo %s a %s", "Analysis without a recorded proposal, period %s to %s", from, to)
	}
	doc := report.Document{Lang: L, Title: L.T("Propuesta de ajuste a la oferta institucional", "Institutional offer adjustment proposal"), Subtitle: s.cfg.Entity + " · " + subtitle}
	t := report.Table{ID: "tabla-ajustes", Caption: L.T("Ajustes por elemento de la oferta", "Adjustments by offer item"), Columns: []report.Column{
		{Name: L.T("Elemento", "Item")}, {Name: L.T("Clase", "Kind")}, {Name: L.T("Dependencia", "Dependency")}, {Name: L.T("Ajustes propuestos", "Proposed adjustments")},
		{Name: L.T("Cumple la normativa", "Complies with the law")}, {Name: L.T("Pertinencia", "Relevance"), Kind: report.KindInt}, {Name: L.T("Calidad", "Quality"), Kind: report.KindInt},
		{Name: L.T("Alineación", "Alignment"), Kind: report.KindInt}, {Name: L.T("Cobertura de canales", "Channel coverage"), Kind: report.KindPercent},
		{Name: L.T("Canales que faltan", "Missing channels")}, {Name: L.T("Quejas y reclamos", "Complaints and claims"), Kind: report.KindInt},
		{Name: L.T("PQRSD", "PQRSD"), Kind: report.KindInt}, {Name: L.T("Realimentación de indicadores", "Indicator feedback")}}}
	cov := report.Chart{ID: "cobertura", Title: L.T("Cobertura de canales por elemento", "Channel coverage by item"), Kind: report.ChartHBar, ValueKind: report.KindPercent,
		Range: &report.Range{Min: 0, Max: 1}, Target: &report.Target{Value: s.cfg.Analysis.MinCoverage, Label: L.T("Mínimo", "Minimum")}}
	covS := report.Series{Name: L.T("Cobertura", "Coverage")}
	var list []report.ListItem
	_, catalogue, err := s.offerCatalogue(ctx)
	if err != nil {
		return report.Document{}, err
	}
	for _, ia := range items {
		it := catalogue[ia.Item]
		name, kind, dep := ia.Item, "", ""
		if it != nil {
			name, kind = it.Name, offerKindLabel(it.Kind, L)
			if d := s.cfg.deps[it.Dependency]; d != nil {
				dep = d.Name
			}
		}
		var acts []string
		for _, a := range ia.Actions {
			acts = append(acts, a.Label(L))
		}
		var miss []string
		for _, c := range ia.MissingChannels {
			miss = append(miss, s.channelName(c))
		}
		score := func(v int) report.Cell {
			if v == 0 {
				return report.Empty()
			}
			return report.Int(int64(v))
		}
		comp := report.Empty()
		if !ia.Assessed.IsZero() {
			comp = report.Text(L.T("No", "No"))
			if ia.Compliant {
				comp = report.Text(L.T("Sí", "Yes"))
			}
		}
		t.Rows = append(t.Rows, []report.Cell{report.Text(name), report.Text(kind), report.Text(dep), report.Text(strings.Join(acts, "; ")), comp,
			score(ia.Relevance), score(ia.Quality), score(ia.Alignment), report.Percent(ia.Coverage), report.Text(strings.Join(miss, ", ")),
			report.Int(int64(ia.Complaints)), report.Int(int64(ia.PQRSD)), report.Text(strings.Join(ia.Feedback, ", "))})
		cov.Labels = append(cov.Labels, name)
		covS.Values = append(covS.Values, ia.Coverage)
		st := report.StatusGood
		if !slices.Equal(ia.Actions, []Action{ActionKeep}) {
			st = report.StatusWarn
		}
		list = append(list, report.ListItem{Text: name + ": " + strings.Join(acts, "; "), Status: st})
	}
	cov.Series = []report.Series{covS}
	cov.Table = report.DataTable(cov, L)
	doc.Sections = append(doc.Sections,
		report.Section{ID: "propuesta", Title: L.T("Propuesta", "Proposal"), Blocks: []report.Block{report.List{Items: list}}, Folded: true},
		report.Section{ID: "analisis", Title: L.T("Análisis", "Analysis"), Folded: true, Blocks: []report.Block{
			report.Paragraph{Text: L.T("Análisis frente a la normativa, pertinencia, calidad, cobertura y alineación con la planeación (MIPG, cadena de valor del relacionamiento con la ciudadanía).",
				"Analysis against the law, relevance, quality, coverage and alignment with planning (MIPG citizen-relationship value chain).")}, t, cov}})
	reg, err := s.OfferRegisterReport(ctx, opts) // the offer register, rationalisation, channels, guidelines (report_offer.go)
	if err != nil {
		return report.Document{}, err
	}
	doc.Sections = append(doc.Sections, reg.Sections...)
	return doc, nil
}

func offerKindLabel(k string, L relaciona.Lang) string {
	return process.Labels[string]{
		OfferProcedure:   {"Trámite", "Procedure"},
		OfferOther:       {"Otro procedimiento administrativo", "Other administrative procedure"},
		OfferInformation: {"Consulta de acceso a la información", "Access-to-information request"},
	}.Of(L, k)
}

// onTimeFigure is the key figure of the share of answered PQRSD answered
// on time (of those answered, so at most 100 %), graded against
// onTimeTarget and onTimeFloor, higher is better.
func onTimeFigure(L relaciona.Lang, st Stats) report.KeyFigure {
	fig := report.KeyFigure{Label: L.T("Respondidas a tiempo", "Answered on time"), Value: report.Empty(),
		Note: L.Tf("%d a tiempo, %d fuera de término; %s", "%d on time, %d late; %s", st.TotalOnTime, st.TotalLate,
			report.TargetNote(L, report.HigherIsBetter, report.Percent(onTimeTarget).Format(L)))}
	if st.Answered == 0 {
		return fig
	}
	fig.Value, fig.Status = report.Percent(st.OnTimeShare()), onTimeStatus(st.OnTimeShare())
	return fig
}

// avgDaysFigure is the key figure of the average business days to answer
// of the answered PQRSD (empty when none was answered).
func avgDaysFigure(L relaciona.Lang, st Stats) report.KeyFigure {
	fig := report.KeyFigure{Label: L.T("Días hábiles promedio de respuesta", "Average business days to answer"), Value: report.Empty()}
	if st.Answered > 0 {
		fig.Value = report.FloatN(st.AvgDays(), 1)
	}
	return fig
}

// overdueFigure is the key figure of the PQRSD overdue unanswered on
// st.At: bad when there is any.
func overdueFigure(L relaciona.Lang, st Stats) report.KeyFigure {
	fig := report.KeyFigure{Label: L.T("Vencidas sin respuesta", "Overdue unanswered"), Value: report.Int(int64(st.TotalOverdue)), Status: report.StatusGood}
	if st.TotalOverdue > 0 {
		fig.Status = report.StatusBad
	}
	return fig
}

// onTimeStatus grades an on-time share: good at or above onTimeTarget, bad
// below onTimeFloor, a warning in between.
func onTimeStatus(share float64) report.Status {
	switch {
	case report.HigherIsBetter.Meets(share, onTimeTarget):
		return report.StatusGood
	case report.HigherIsBetter.Meets(share, onTimeFloor):
		return report.StatusWarn
	}
	return report.StatusBad
}

// The quarterly report's share of PQRSD answered on time (higher is
// better): at or above onTimeTarget it is good, below onTimeFloor bad, in
// between a warning.
const (
	onTimeTarget = 0.95
	onTimeFloor  = 0.8
)

// IndicatorsReport shows every indicator with its baseline, measurements,
// target and the feedback produced for the offer, as of opts.At.
func (s *Process) IndicatorsReport(ctx context.Context, opts ReportOptions) (report.Document, error) {
	if err := opts.check(); err != nil {
		return report.Document{}, err
	}
	L := opts.Lang
	states, err := s.Indicators(ctx, opts.At)
	if err != nil {
		return report.Document{}, err
	}
	doc := report.Document{Lang: L, Title: L.T("Seguimiento del relacionamiento con la ciudadanía", "Follow-up of the citizen relationship"),
		Subtitle: L.Tf("%s · indicadores al %s", "%s · indicators on %s", s.cfg.Entity, opts.At)}
	t := report.Table{ID: "tabla-indicadores", Caption: L.T("Indicadores de gestión y de experiencia ciudadana", "Management and citizen-experience indicators"), Columns: []report.Column{
		{Name: L.T("Indicador", "Indicator")}, {Name: L.T("Clase", "Kind")}, {Name: L.T("Línea base", "Baseline"), Kind: report.KindFloat},
		{Name: L.T("Última medición", "Latest"), Kind: report.KindFloat}, {Name: L.T("Fecha", "Date"), Kind: report.KindDate}, {Name: L.T("Meta", "Target"), Kind: report.KindFloat},
		{Name: L.T("Sentido", "Direction")}, {Name: L.T("Cumple la meta", "Meets target")}, {Name: L.T("Frente a la línea base", "Against baseline")}}}
	var figs []report.KeyFigure
	var charts []report.Block
	for _, st := range states {
		val := func(v float64) report.Cell { return indicatorCell(&st.Spec, v) }
		dir := direction(&st.Spec)
		base, latest, date, target := report.Empty(), report.Empty(), report.Empty(), report.Empty()
		if st.Baseline != nil {
			base = val(st.Baseline.Value)
		}
		if st.Latest != nil {
			latest, date = val(st.Latest.Value), report.Date(process.DateTime(st.Latest.Date))
		}
		if st.Spec.Target != nil {
			target = val(*st.Spec.Target)
		}
		meets, vs := report.Empty(), report.Empty()
		status := report.StatusNone
		if st.MeetsTarget != nil {
			meets = report.Text(yesNo(*st.MeetsTarget, L))
			status = report.StatusGood
			if !*st.MeetsTarget {
				status = report.StatusBad
			}
		}
		if st.Better != nil {
			vs = report.Text(L.T("Peor o igual", "Worse or equal"))
			if *st.Better {
				vs = report.Text(L.T("Mejor", "Better"))
			}
		}
		kind := L.T("Gestión", "Management")
		if st.Spec.Kind == "experience" {
			kind = L.T("Experiencia ciudadana", "Citizen experience")
		}
		t.Rows = append(t.Rows, []report.Cell{report.Text(st.Spec.Name), report.Text(kind), base, latest, date, target, report.Text(process.DirectionLabel(dir, L)), meets, vs})
		fig := report.KeyFigure{Label: st.Spec.Name, Value: latest, Status: status}
		if st.Spec.Target != nil {
			fig.Note = report.TargetNote(L, dir, val(*st.Spec.Target).Format(L))
		}
		figs = append(figs, fig)
		if len(st.Measurements) > 0 {
			ch := report.Chart{ID: "ind-" + st.Spec.ID, Title: st.Spec.Name, Kind: report.ChartLine, ValueKind: report.KindFloat}
			if st.Spec.Unit == "percent" {
				ch.ValueKind = report.KindPercent
			}
			ser := report.Series{Name: st.Spec.Name}
			for _, m := range st.Measurements {
				ch.Labels = append(ch.Labels, m.Date.String())
				ser.Values = append(ser.Values, m.Value)
			}
			ch.Series = []report.Series{ser}
			if st.Spec.Target != nil && !math.IsNaN(*st.Spec.Target) {
				ch.Target = &report.Target{Value: *st.Spec.Target, Label: L.T("Meta", "Target"), Better: dir}
			}
			ch.Table = report.DataTable(ch, L)
			charts = append(charts, ch)
		}
	}
	doc.Sections = append(doc.Sections, report.Section{ID: "resumen", Title: L.T("Resumen", "Summary"), Blocks: []report.Block{report.KeyFigures{Items: figs}, t}})
	if len(charts) > 0 {
		doc.Sections = append(doc.Sections, report.Section{ID: "mediciones", Title: L.T("Mediciones", "Measurements"), Blocks: charts})
	}
	fb, err := s.FeedbackList(ctx, opts.At.AddDays(-366), opts.At)
	if err != nil {
		return report.Document{}, err
	}
	_, catalogue, err := s.offerCatalogue(ctx)
	if err != nil {
		return report.Document{}, err
	}
	ft := report.Table{ID: "realimentacion-oferta", Caption: L.T("Realimentación a la oferta institucional", "Feedback to the institutional offer"), Columns: []report.Column{
		{Name: L.T("Fecha", "Date"), Kind: report.KindDate}, {Name: L.T("Indicador", "Indicator")}, {Name: L.T("Elemento de la oferta", "Offer item")},
		{Name: L.T("Valor", "Value"), Kind: report.KindFloat}, {Name: L.T("Motivo", "Reason")}}}
	for _, f := range fb {
		name, item := f.Indicator, f.Item
		in := s.cfg.inds[f.Indicator]
		if in != nil {
			name = in.Name
		}
		if it := catalogue[f.Item]; it != nil {
			item = it.Name
		}
		// The value in the indicator's unit, as in the indicators table; the
		// reason names the target with the side that meets it (a target
		// where lower is better is missed from above, not "below").
		value := report.FloatN(f.Value, 2)
		var why []string
		if in != nil {
			value = indicatorCell(in, f.Value)
			if f.BelowTarget && f.Target != nil {
				why = append(why, L.Tf("no cumple la meta (%s%s)", "misses the target (%s%s)", direction(in).Sign(), indicatorCell(in, *f.Target).Format(L)))
			}
		} else if f.BelowTarget {
			why = append(why, L.T("no cumple la meta", "misses the target"))
		}
		if f.Worse {
			why = append(why, L.T("peor que la línea base", "worse than the baseline"))
		}
		ft.Rows = append(ft.Rows, []report.Cell{report.Date(process.DateTime(f.Date)), report.Text(name), report.Text(item), value, report.Text(strings.Join(why, "; "))})
	}
	sec := report.Section{ID: "realimentacion", Title: L.T("Realimentación", "Feedback"), Folded: true}
	if len(ft.Rows) == 0 {
		sec.Blocks = append(sec.Blocks, report.Note{Title: L.T("Sin realimentación", "No feedback"), Text: L.T("Ningún indicador pidió revisar la oferta en el último año.", "No indicator called for reviewing the offer in the last year.")})
	} else {
		sec.Blocks = append(sec.Blocks, ft)
	}
	doc.Sections = append(doc.Sections, sec)
	return doc, nil
}

// indicatorCell is a value of the indicator in its unit: a fraction shown
// as a percent for unit percent, else a number with two decimals. Every
// table and figure of an indicator uses it, so one indicator has one unit.
func indicatorCell(in *IndicatorSpec, v float64) report.Cell {
	if in.Unit == "percent" {
		return report.Percent(v)
	}
	return report.FloatN(v, 2)
}

func yesNo(b bool, L relaciona.Lang) string {
	if b {
		return L.T("Sí", "Yes")
	}
	return L.T("No", "No")
}

// Pages returns the six reports as pages of a site: the quarterly PQRSD
// report, the PQRSD of the period month by month (opts.From to opts.At),
// the characterisation, the spaces, commitments and strategy, the offer
// adjustment and the indicators.
func (s *Process) Pages(ctx context.Context, opts ReportOptions) ([]report.Page, error) {
	if err := opts.check(); err != nil {
		return nil, err
	}
	L := opts.Lang
	type build struct {
		slug, nav string
		fn        func(context.Context, ReportOptions) (report.Document, error)
	}
	var pages []report.Page
	for _, b := range []build{
		{"citizen-pqrsd", L.T("PQRSD trimestral", "Quarterly PQRSD"), s.PQRSDReport},
		{"citizen-period", L.T("PQRSD mes a mes", "PQRSD month by month"), s.PeriodReport},
		{"citizen-characterisation", L.T("Caracterización", "Characterisation"), s.CharacterisationReport},
		{"citizen-spaces", L.T("Espacios y estrategia", "Spaces and strategy"), s.SpacesReport},
		{"citizen-offer", L.T("Oferta institucional", "Institutional offer"), s.OfferReport},
		{"citizen-indicators", L.T("Indicadores", "Indicators"), s.IndicatorsReport},
		{"citizen-strategy-records", strategyRecordsNav(L), s.StrategyRecordsReport},
	} {
		doc, err := b.fn(ctx, opts)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", b.slug, err)
		}
		pg := report.Page{Slug: b.slug, NavTitle: b.nav, Doc: doc}
		if len(pages) > 0 {
			pg.Headline = report.NoHeadline // one chart of the process on the index
		}
		pages = append(pages, pg)
	}
	return pages, nil
}
