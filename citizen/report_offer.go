package citizen

import (
	"context"
	"fmt"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

// OfferRegisterReport is the report of the offer as audited records (issue
// #19): the offer in force on opts.At and its changes from opts.From, the
// rationalisation of procedures (done and pending), the accessible channel
// coverage of each item, the service guidelines in force per channel and
// the readability of the texts published (guidelines in force and offer
// descriptions) against plain_language.min_score. Long tables are folded.
// OfferReport (the citizen-offer page) ends with its sections.
func (s *Process) OfferRegisterReport(ctx context.Context, opts ReportOptions) (report.Document, error) {
	if err := opts.check(); err != nil {
		return report.Document{}, err
	}
	L := opts.Lang
	offer, err := s.Offer(ctx)
	if err != nil {
		return report.Document{}, err
	}
	recs, err := s.OfferRecords(ctx)
	if err != nil {
		return report.Document{}, err
	}
	rev := map[string]OfferRecord{}
	for _, r := range recs {
		rev[r.Item.ID] = r
	}
	var changes []OfferChangeRecord
	for d, err := range s.offerChanges().Scan(ctx, window(process.DateTime(opts.From), process.DateTime(opts.At.AddDays(1)), nil)) {
		if err != nil {
			return report.Document{}, err
		}
		if d.Value.Op != OfferImport {
			changes = append(changes, d.Value)
		}
	}
	rats, err := s.Rationalisations(ctx)
	if err != nil {
		return report.Document{}, err
	}
	guides, err := s.Guidelines(ctx)
	if err != nil {
		return report.Document{}, err
	}
	doc := report.Document{Lang: L, Title: L.T("Oferta institucional, trámites, canales y pautas", "Institutional offer, procedures, channels and guidelines"),
		Subtitle: L.Tf("%s · cambios del %s al %s · estado al %s", "%s · changes %s to %s · status on %s", s.cfg.Entity, opts.From, opts.At, opts.At)}
	if len(recs) == 0 {
		doc.Sections = append(doc.Sections, report.Section{ID: "inventario", Title: L.T("Inventario", "Inventory"), Blocks: []report.Block{report.Note{Kind: report.NoteWarning,
			Title: L.T("Oferta sin importar", "Offer not imported"), Text: L.T("La oferta se lee del archivo de configuración: aún no se importó como registro auditado.", "The offer is read from the configuration file: it was not imported as audited records yet.")}}})
	}

	// Rationalisation.
	done, pending, late := 0, 0, 0
	rt := report.Table{ID: "racionalizacion", Caption: L.T("Racionalización de trámites", "Rationalisation of procedures"), Columns: []report.Column{
		{Name: L.T("Elemento", "Item")}, {Name: L.T("Clase", "Class")}, {Name: L.T("Acción", "Action")}, {Name: L.T("Planeada", "Planned"), Kind: report.KindDate},
		{Name: L.T("Estado", "Status")}, {Name: L.T("Cumplida", "Done"), Kind: report.KindDate}, {Name: L.T("Evidencia", "Evidence")}}}
	for _, r := range rats {
		if r.Recorded.After(opts.At) {
			continue
		}
		state, doneCell, ev := L.T("Pendiente", "Pending"), report.Empty(), ""
		switch {
		case !r.Pending(opts.At):
			done++
			state, doneCell, ev = L.T("Racionalizado", "Rationalised"), process.DayCell(r.Done), r.Evidence
		case r.Late(opts.At):
			pending++
			late++
			state = L.T("Pendiente, vencida", "Pending, late")
		default:
			pending++
		}
		rt.Rows = append(rt.Rows, []report.Cell{report.Text(s.itemName(r.Item, rev)), report.Text(r.Class.Label(L)), report.Text(r.Action), process.DayCell(r.Planned),
			report.Text(state), doneCell, report.Text(ev)})
	}

	// Accessible channel coverage.
	covered, total := 0, 0
	at := report.Table{ID: "accesibilidad", Caption: L.T("Cobertura accesible por elemento", "Accessible coverage by item"), Columns: []report.Column{
		{Name: L.T("Elemento", "Item")}, {Name: L.T("Necesidades cubiertas", "Needs covered"), Kind: report.KindInt}, {Name: L.T("Necesidades", "Needs"), Kind: report.KindInt},
		{Name: L.T("Cobertura accesible", "Accessible coverage"), Kind: report.KindPercent}, {Name: L.T("Sin canal accesible", "No accessible channel")}}}
	for i := range offer {
		it := &offer[i]
		c, n := s.cfg.accessCoverage(it)
		covered, total = covered+c, total+n
		var gaps []string
		for _, g := range s.cfg.accessGaps(it) {
			gaps = append(gaps, s.segmentName(g.Segment)+": "+AccessLabel(g.Need, L))
		}
		share := report.Empty()
		if n > 0 {
			share = report.Percent(float64(c) / float64(n))
		}
		at.Rows = append(at.Rows, []report.Cell{report.Text(it.Name), report.Int(int64(c)), report.Int(int64(n)), share, report.Text(strings.Join(gaps, "; "))})
	}
	ct := report.Table{ID: "canales-accesibles", Caption: L.T("Accesibilidad de los canales", "Accessibility of the channels"), Columns: []report.Column{
		{Name: L.T("Canal", "Channel")}, {Name: L.T("Ofrece", "Offers")}, {Name: L.T("Pautas vigentes", "Guidelines in force")}}}

	// Guidelines in force, and readability of the published texts.
	inForce := map[string]Guideline{}
	for _, g := range guides {
		if g.Status != GuidelineDraft && !g.Approved.IsZero() && !g.Approved.After(opts.At) {
			if cur, ok := inForce[g.Scope]; !ok || g.Version > cur.Version {
				inForce[g.Scope] = g
			}
		}
	}
	var lacking []string
	for _, ch := range s.cfg.Channels {
		var feats []string
		for _, f := range ch.Accessibility {
			feats = append(feats, AccessLabel(f, L))
		}
		g, ok := inForce[ch.ID]
		gl := L.T("sin pautas aprobadas", "no approved guidelines")
		if ok {
			gl = L.Tf("versión %d del %s", "version %d of %s", g.Version, g.Approved)
		} else {
			lacking = append(lacking, ch.Name)
		}
		ct.Rows = append(ct.Rows, []report.Cell{report.Text(ch.Name), report.Text(strings.Join(feats, ", ")), report.Text(gl)})
	}
	min := s.cfg.PlainLanguage.MinScore
	texts := report.Table{ID: "lenguaje-claro-textos", Caption: L.T("Legibilidad de los textos publicados (INFLESZ)", "Readability of the published texts (INFLESZ)"), Columns: []report.Column{
		{Name: L.T("Texto", "Text")}, {Name: L.T("Puntaje", "Score"), Kind: report.KindFloat}, {Name: L.T("Grado", "Band")}, {Name: L.T("Cumple el mínimo", "Meets the minimum")}}}
	below, measured := 0, 0
	addText := func(name, text string) {
		r := Readability(text)
		if r.Words == 0 {
			return
		}
		measured++
		if r.Score < min {
			below++
		}
		texts.Rows = append(texts.Rows, []report.Cell{report.Text(name), report.FloatN(r.Score, 1), report.Text(r.Band.Label(L)), report.Text(yesNo(r.Score >= min, L))})
	}
	for _, scope := range append([]string{GeneralScope}, channelIDs(s.cfg)...) {
		if g, ok := inForce[scope]; ok {
			addText(L.Tf("Pautas: %s", "Guidelines: %s", s.scopeLabel(scope, L)), g.Text)
		}
	}
	for _, it := range offer {
		addText(L.Tf("Oferta: %s", "Offer: %s", it.Name), it.Description)
	}

	// Offer in force and its changes.
	ot := report.Table{ID: "oferta-vigente", Caption: L.T("Oferta vigente", "Offer in force"), Columns: []report.Column{
		{Name: L.T("Elemento", "Item")}, {Name: L.T("Clase", "Kind")}, {Name: L.T("Dependencia", "Dependency")}, {Name: L.T("Revisión", "Revision"), Kind: report.KindInt},
		{Name: L.T("Desde", "Since"), Kind: report.KindDate}, {Name: L.T("Propuesta", "Proposal")}}}
	for _, it := range offer {
		r := rev[it.ID]
		revCell, since := report.Empty(), report.Empty()
		if r.Revision > 0 {
			revCell, since = report.Int(int64(r.Revision)), process.DayCell(r.Since)
		}
		ot.Rows = append(ot.Rows, []report.Cell{report.Text(it.Name), report.Text(offerKindLabel(it.Kind, L)), report.Text(s.dependencyName(it.Dependency)), revCell, since, report.Text(r.Proposal)})
	}
	cht := report.Table{ID: "cambios-oferta", Caption: L.T("Cambios de la oferta en el periodo", "Offer changes in the period"), Columns: []report.Column{
		{Name: L.T("Fecha", "Date"), Kind: report.KindDate}, {Name: L.T("Elemento", "Item")}, {Name: L.T("Cambio", "Change")}, {Name: L.T("Revisión", "Revision"), Kind: report.KindInt},
		{Name: L.T("Propuesta aprobada", "Approved proposal")}, {Name: L.T("Motivo", "Reason")}}}
	for _, c := range changes {
		cht.Rows = append(cht.Rows, []report.Cell{process.DayCell(c.Date), report.Text(s.itemName(c.ItemID, rev)), report.Text(c.Op.Label(L)), report.Int(int64(c.Revision)),
			report.Text(c.Proposal), report.Text(c.Reason)})
	}

	accFig := report.KeyFigure{Label: L.T("Cobertura accesible de la oferta", "Accessible coverage of the offer"), Value: report.Empty(),
		Note: L.T("necesidades de accesibilidad de los segmentos atendidas por algún canal del elemento", "segments' accessibility needs met by a channel of the item")}
	if total > 0 {
		accFig.Value = report.Percent(float64(covered) / float64(total))
		accFig.Status = report.StatusGood
		if covered < total {
			accFig.Status = report.StatusWarn
		}
	}
	ratFig := report.KeyFigure{Label: L.T("Trámites racionalizados", "Procedures rationalised"), Value: report.Int(int64(done)),
		Note: L.Tf("%d pendientes, %d vencidas", "%d pending, %d late", pending, late)}
	if late > 0 {
		ratFig.Status = report.StatusWarn
	}
	guideFig := report.KeyFigure{Label: L.T("Canales con pautas aprobadas", "Channels with approved guidelines"),
		Value: report.Text(fmt.Sprintf("%d / %d", len(s.cfg.Channels)-len(lacking), len(s.cfg.Channels))), Status: report.StatusGood}
	if len(lacking) > 0 {
		guideFig.Status = report.StatusWarn
	}
	textFig := report.KeyFigure{Label: L.T("Textos publicados en lenguaje claro", "Published texts in plain language"),
		Value: report.Text(fmt.Sprintf("%d / %d", measured-below, measured)), Note: L.Tf("mínimo INFLESZ %s", "INFLESZ minimum %s", fmt.Sprint(min)), Status: report.StatusGood}
	if below > 0 {
		textFig.Status = report.StatusWarn
	}
	summary := []report.Block{report.KeyFigures{Items: []report.KeyFigure{
		{Label: L.T("Elementos vigentes", "Items in force"), Value: report.Int(int64(len(offer)))},
		{Label: L.T("Cambios aprobados en el periodo", "Approved changes in the period"), Value: report.Int(int64(len(changes)))},
		ratFig, accFig, guideFig, textFig,
	}}}
	if len(lacking) > 0 {
		summary = append(summary, report.Note{Kind: report.NoteWarning, Title: L.T("Canales sin pautas de servicio aprobadas", "Channels without approved service guidelines"),
			Text: strings.Join(lacking, ", ")})
	}
	doc.Sections = append(doc.Sections,
		report.Section{ID: "resumen-oferta", Title: L.T("Oferta vigente, racionalización, canales y pautas", "Offer in force, rationalisation, channels and guidelines"), Blocks: summary},
		report.Section{ID: "oferta-registro", Title: L.T("Oferta vigente y sus cambios", "Offer in force and its changes"), Blocks: []report.Block{ot, cht}, Folded: true},
		report.Section{ID: "racionalizacion-tramites", Title: L.T("Racionalización", "Rationalisation"), Blocks: []report.Block{rt}, Folded: true},
		report.Section{ID: "canales-accesibles-pautas", Title: L.T("Canales accesibles y pautas", "Accessible channels and guidelines"), Blocks: []report.Block{at, ct}, Folded: true},
		report.Section{ID: "lenguaje-claro", Title: L.T("Lenguaje claro", "Plain language"), Blocks: []report.Block{report.Paragraph{Text: L.Tf(
			"Fórmula de Szigriszt-Pazos en la escala INFLESZ: menos de 40 muy difícil, 40 a 55 algo difícil, 55 a 65 normal, 65 a 80 bastante fácil, 80 o más muy fácil. Mínimo de la entidad: %s.",
			"Szigriszt-Pazos formula on the INFLESZ scale: under 40 very difficult, 40 to 55 somewhat difficult, 55 to 65 normal, 65 to 80 fairly easy, 80 or more very easy. The entity's minimum: %s.",
			fmt.Sprint(min))}, texts}, Folded: true})
	return doc, nil
}

func channelIDs(c *Config) []string {
	out := make([]string, len(c.Channels))
	for i, ch := range c.Channels {
		out[i] = ch.ID
	}
	return out
}

// itemName is the name of an offer item, withdrawn ones included.
func (s *Process) itemName(id string, recs map[string]OfferRecord) string {
	if r, ok := recs[id]; ok && r.Item.Name != "" {
		return r.Item.Name
	}
	if it := s.cfg.items[id]; it != nil {
		return it.Name
	}
	return id
}

func (s *Process) segmentName(id string) string {
	if sg := s.cfg.segs[id]; sg != nil {
		return sg.Name
	}
	return id
}

func (s *Process) scopeLabel(scope string, L relaciona.Lang) string {
	if scope == GeneralScope {
		return L.T("todos los canales", "every channel")
	}
	return s.channelName(scope)
}
