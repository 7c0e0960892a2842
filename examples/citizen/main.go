// Command citizen walks a Colombian municipality through the MIPG
// citizen-relationship value chain on an in-memory store: characterisation
// and its k-anonymous publication, the interaction strategy socialised,
// adjusted and adopted, a quarter of PQRSD (filed by channel, by the ticket
// desk and by Open311, extended, forwarded, answered on time and late),
// the periodic job, an accountability space, the offer analysis and
// adjustment proposal, the indicators and their feedback, and the reports.
//
//	go run ./examples/citizen [-config examples/citizen/citizen.yaml] [-out DIR] [-lang es|en]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/citizen"
	"github.com/relaciona/relaciona/citizen/open311"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/report"
)

func main() {
	cfg := flag.String("config", filepath.Join("examples", "citizen", "citizen.yaml"), "citizen YAML")
	out := flag.String("out", "", "folder for the reports (none when empty)")
	lang := flag.String("lang", "es", "es or en")
	flag.Parse()
	l, err := relaciona.ParseLang(*lang)
	if err == nil {
		err = run(context.Background(), os.Stdout, *cfg, *out, l)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "citizen:", err)
		os.Exit(1)
	}
}

// The actors are who the application says is acting: their ids only. The
// roles they hold come from the directory, here the people of citizen.yaml
// (ana-atencion: citizen service; luis-lider: relationship lead;
// marta-alcaldesa: direction); the scheduled job is relaciona.SystemActor.
var (
	clerk = relaciona.Actor{ID: "ana-atencion"}
	lead  = relaciona.Actor{ID: "luis-lider"}
	mayor = relaciona.Actor{ID: "marta-alcaldesa"}
	job   = relaciona.SystemActor()
)

// d is a date written in this file.
func d(s string) calendar.Date { return calendar.MustParseDate(s) }

func run(ctx context.Context, w io.Writer, cfgPath, outDir string, lang relaciona.Lang) error {
	cfg, err := citizen.LoadConfig(cfgPath, lang)
	if err != nil {
		return err
	}
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	if err != nil {
		return err
	}
	defer store.Close()
	bogota, err := time.LoadLocation("America/Bogota")
	if err != nil {
		return err
	}
	at := func(s string, hour int) time.Time {
		x := d(s)
		return time.Date(x.Year, x.Month, x.Day, hour, 0, 0, 0, bogota)
	}
	// The built-in desk, with a clock the walk-through sets, so that the
	// ticket's creation (its filing time) is part of the story.
	deskNow := at("2026-01-05", 9)
	dk, err := desk.New(store.Driver(), desk.Options{Queues: []string{"pqrsd", "general"}, Now: func() time.Time { return deskNow }})
	if err != nil {
		return err
	}
	tickets, err := relaciona.NewTickets(dk)
	if err != nil {
		return err
	}
	cal, err := calendar.New(calendar.Colombia, calendar.Options{})
	if err != nil {
		return err
	}
	s, err := citizen.New(store, cfg, cal, citizen.WithLocation(bogota), citizen.WithTickets(tickets), citizen.WithLang(lang))
	if err != nil {
		return err
	}
	say := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }

	// 1. Characterisation.
	var people []citizen.Citizen
	add := func(prefix string, n int, vals map[string]string, subject string) {
		for i := range n {
			people = append(people, citizen.Citizen{ID: fmt.Sprintf("%s-%02d", prefix, i), Subject: subject, Name: "Persona " + prefix,
				Values: vals})
		}
	}
	add("rural", 14, map[string]string{"edad": "67", "zona": "rural", "uso_digital": "nunca"}, citizen.SubjectPerson)
	add("joven", 22, map[string]string{"edad": "24", "zona": "urbana", "uso_digital": "frecuente"}, citizen.SubjectPerson)
	add("adulto", 30, map[string]string{"edad": "41", "zona": "urbana", "uso_digital": "ocasional"}, citizen.SubjectPerson)
	add("discap", 3, map[string]string{"edad": "52", "zona": "rural", "discapacidad": "true"}, citizen.SubjectPerson)
	add("org", 7, map[string]string{"tipo_org": "comunitaria", "zona": "rural"}, citizen.SubjectOrganisation)
	if err := s.RegisterCitizens(ctx, lead, people, at("2026-01-12", 9)); err != nil {
		return err
	}
	// The exercise comes first: its working group, responsible dependency,
	// objectives, collection mechanism and period (seed 002, activity 1).
	if _, err := s.RecordExercise(ctx, lead, citizen.Exercise{ID: "caracterizacion-2026", WorkingGroup: []string{"luis-lider", "ana-atencion"},
		Responsible: "planeacion", Objectives: []string{"Conocer a la ciudadanía para ajustar canales y oferta"}, Mechanism: citizen.MechanismSurvey,
		From: d("2026-01-05"), To: d("2026-06-30")}, at("2026-01-05", 8)); err != nil {
		return err
	}
	pub, err := s.Publish(ctx, lead, d("2026-01-20"), lang)
	if err != nil {
		return err
	}
	if _, err := s.RecordDissemination(ctx, lead, "caracterizacion-2026", citizen.Dissemination{Audience: "Consejo de gobierno", Date: d("2026-01-21"),
		Channel: "Sesión del consejo", Publication: pub.ID}, at("2026-01-21", 8)); err != nil {
		return err
	}
	for _, t := range pub.Tables {
		if t.Others != nil {
			say("publicación %s: grupos menores de %d agrupados (%d personas en %d grupos)", t.ID, pub.K, t.Others.N, len(t.Others.Labels))
		}
	}

	// 2. Interaction strategy.
	if err := s.Setup(ctx, lead, at("2026-01-21", 9)); err != nil {
		return err
	}
	// The strategy rests on the information gathered (seed 002, activity
	// 2): the inputs it cites cover the kinds the file requires.
	var inputs []string
	for i, k := range citizen.DefaultRequiredInputs() {
		in, err := s.RecordInput(ctx, lead, citizen.Input{ID: fmt.Sprintf("insumo-%d", i+1), Kind: k, Title: k.Label(lang) + " 2025",
			Source: "Secretaría de Planeación", Date: d("2026-01-15")}, at("2026-01-21", 10))
		if err != nil {
			return err
		}
		inputs = append(inputs, in.ID)
	}
	if _, err := s.CiteInputs(ctx, lead, 1, inputs, at("2026-01-21", 11)); err != nil {
		return err
	}
	if _, err := s.SocialiseStrategy(ctx, lead, 1, []string{"hacienda", "planeacion", "atencion"}, at("2026-01-22", 9)); err != nil {
		return err
	}
	if _, err := s.ObserveStrategy(ctx, lead, 1, "hacienda", "Sumar la línea telefónica al predial", at("2026-01-23", 9)); err != nil {
		return err
	}
	v1, err := s.Strategy(ctx, 1)
	if err != nil {
		return err
	}
	entries := append([]citizen.StrategyEntry(nil), v1.Entries...)
	entries[1].How = append(append([]string(nil), entries[1].How...), "telefono")
	if _, err := s.DraftStrategy(ctx, lead, entries, 1, "Observación de Hacienda", at("2026-01-26", 9)); err != nil {
		return err
	}
	if _, err := s.SocialiseStrategy(ctx, lead, 2, []string{"hacienda"}, at("2026-01-27", 9)); err != nil {
		return err
	}
	adopted, err := s.AdoptStrategy(ctx, mayor, 2, at("2026-01-28", 9))
	if err != nil {
		return err
	}
	say("estrategia adoptada: versión %d (ajusta la %d)", adopted.Version, adopted.Adjusts)

	// 3. A quarter of PQRSD.
	var ids []string
	for i := range 24 {
		when := at("2026-01-13", 10).Add(time.Duration(i) * 61 * time.Hour)
		p, err := s.File(ctx, clerk, citizen.NewPQRSD{Type: citizen.Types()[i%5], Kind: citizen.RequestKinds()[i%3],
			Channel: []string{"ventanilla", "web", "telefono", "correo"}[i%4], Offer: cfg.Offer[i%4].ID,
			Subject: "Solicitud " + fmt.Sprint(i), Requester: citizen.Requester{Name: "Ciudadano " + fmt.Sprint(i)}, FiledAt: when}, when)
		if err != nil {
			return err
		}
		ids = append(ids, p.ID)
	}
	say("radicadas %d PQRSD por canal; la primera vence el %s", len(ids), mustGet(ctx, s, ids[0]).Due)
	deskNow = at("2026-01-30", 16)
	ticket, err := tickets.Create(ctx, relaciona.NewTicket{Queue: "pqrsd", Subject: "Reclamo por cobro del predial", Body: "Me cobraron dos veces",
		Requester: "vecina@example.co", Fields: map[string]string{"pqrsd_type": "reclamo", "offer_item": "impuesto-predial"}})
	if err != nil {
		return err
	}
	fromTicket, err := s.FileFromTicket(ctx, clerk, ticket.ID, at("2026-02-02", 9))
	if err != nil {
		return err
	}
	say("ticket %s radicado como %s (%s), vence el %s", ticket.ID, fromTicket.ID, fromTicket.Type, fromTicket.Due)

	h, err := open311.New(s, open311.Options{Actor: job, Keys: []string{"clave-demo"}, Now: func() time.Time { return at("2026-02-03", 8) }, Lang: lang})
	if err != nil {
		return err
	}
	form := url.Values{"api_key": {"clave-demo"}, "service_code": {"alumbrado-publico"}, "lat": {"4.61"}, "long": {"-74.08"}, "description": {"Poste apagado"}}
	req := httptest.NewRequest(http.MethodPost, "/requests.json", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	say("Open311 POST requests.json: %d %s", rec.Code, strings.TrimSpace(rec.Body.String()))

	ext, err := s.Extend(ctx, clerk, fromTicket.ID, citizen.ExtendInput{NewDue: d("2026-03-10"), Reason: "Verificación con el catastro"}, at("2026-02-16", 9))
	if err != nil {
		return err
	}
	say("prórroga de %s hasta %s (término nuevo %d de máximo %d días hábiles); ciudadana avisada por el ticket", ext.ID, ext.Due, ext.Extension.NewTerm, 2*ext.Term)
	if _, err := s.Extend(ctx, clerk, ids[0], citizen.ExtendInput{NewDue: d("2026-03-20"), Reason: "Tarde"}, at("2026-02-20", 9)); err != nil {
		say("prórroga rechazada: %v", err)
	}
	fw, err := s.Forward(ctx, clerk, ids[3], "Gobernación del Departamento", "Vía departamental", at("2026-01-23", 9))
	if err != nil {
		return err
	}
	say("%s trasladada a %s (tarde: %v)", fw.ID, fw.Forward.Authority, fw.Forward.Late)
	for i, id := range ids {
		if i == 3 || i%5 == 4 {
			continue
		}
		p := mustGet(ctx, s, id)
		when := s.Calendar()
		answer := p.Due
		if i%3 == 0 {
			answer, _ = when.AddBusinessDays(p.Due, 2) // late
		} else if i%3 == 1 {
			answer, _ = when.AddBusinessDays(p.Filed, 3)
		}
		if answer.After(d("2026-03-31")) {
			continue
		}
		if _, err := s.Answer(ctx, clerk, id, "Respuesta de fondo", at(answer.String(), 15)); err != nil {
			return err
		}
	}
	if _, err := s.Answer(ctx, clerk, fromTicket.ID, "Se anuló el cobro duplicado", at("2026-03-05", 11)); err != nil {
		return err
	}
	t, _ := tickets.Get(ctx, ticket.ID)
	say("ticket %s: %s", ticket.ID, t.Status)
	sum, err := s.Run(ctx, job, d("2026-03-31"))
	if err != nil {
		return err
	}
	say("tarea del 2026-03-31: %d vencidas (%d nuevas), %d próximas a vencer", sum.Overdue, sum.NewOverdue, sum.DueSoon)
	again, err := s.Run(ctx, job, d("2026-03-31"))
	if err != nil {
		return err
	}
	say("segunda ejecución del mismo día: %d alertas nuevas", again.NewOverdue+again.NewDueSoon)
	st, err := s.PQRSDStats(ctx, d("2026-01-01"), d("2026-03-31"), d("2026-03-31"))
	if err != nil {
		return err
	}
	say("T1: %d recibidas, %d a tiempo, %d tarde, %d trasladadas, %d vencidas, %.1f días hábiles promedio", st.Total, st.TotalOnTime, st.TotalLate,
		st.TotalForwarded, st.TotalOverdue, st.AvgDays())

	// Participation and accountability.
	if _, err := s.RecordSpace(ctx, lead, citizen.Space{ID: "rdc-2026-1", Kind: citizen.SpaceAccountability, Name: "Audiencia de rendición de cuentas",
		Date: d("2026-03-12"), Place: "Casa de la cultura", Participants: map[string]int{"mayores-rurales": 18, "jovenes-digitales": 9, "": 31}},
		[]citizen.NewCommitment{{Text: "Abrir la línea telefónica para el predial", Owner: "hacienda", Due: d("2026-03-27")}}); err != nil {
		return err
	}

	// 4. Offer analysis and adjustment.
	for _, a := range []citizen.Assessment{
		{Item: "impuesto-predial", Date: d("2026-03-30"), Compliant: true, Relevance: 5, Quality: 3, Alignment: 5},
		{Item: "certificado-residencia", Date: d("2026-03-30"), Compliant: false, LegalNote: "Pide un requisito no previsto en la ley", Relevance: 4, Quality: 2, Alignment: 3},
		{Item: "informacion-contratos", Date: d("2026-03-30"), Compliant: true, Relevance: 5, Quality: 4, Alignment: 5},
	} {
		if _, err := s.Assess(ctx, lead, a); err != nil {
			return err
		}
	}

	// 5. Follow-up.
	if _, err := s.SetBaseline(ctx, lead, citizen.Baseline{Indicator: "oportunidad", Value: 0.7, Date: d("2026-01-15")}); err != nil {
		return err
	}
	if _, err := s.SetBaseline(ctx, lead, citizen.Baseline{Indicator: "satisfaccion", Value: 3.9, Date: d("2026-01-15")}); err != nil {
		return err
	}
	m, err := s.MeasurePQRSD(ctx, lead, "oportunidad", d("2026-01-01"), d("2026-03-31"), d("2026-03-31"))
	if err != nil {
		return err
	}
	if _, err := s.MeasurePQRSD(ctx, lead, "dias-respuesta", d("2026-01-01"), d("2026-03-31"), d("2026-03-31")); err != nil {
		return err
	}
	if _, err := s.RecordMeasurement(ctx, lead, citizen.Measurement{Indicator: "satisfaccion", Date: d("2026-03-31"), Value: 4.3}); err != nil {
		return err
	}
	say("oportunidad del T1: %.0f %% (meta 95 %%)", 100*m.Value)
	sum, err = s.Run(ctx, job, d("2026-04-01"))
	if err != nil {
		return err
	}
	say("realimentación a la oferta: %d; compromisos vencidos: %d", sum.NewFeedback, sum.CommitmentsOverdue)
	prop, err := s.ProposeAdjustment(ctx, lead, d("2026-01-01"), d("2026-03-31"), d("2026-04-02"))
	if err != nil {
		return err
	}
	for _, it := range prop.Items {
		var acts []string
		for _, a := range it.Actions {
			acts = append(acts, string(a))
		}
		say("ajuste %-24s %s", it.Item, strings.Join(acts, ","))
	}
	if _, err := s.ApproveAdjustment(ctx, mayor, prop.ID, d("2026-04-06")); err != nil {
		return err
	}
	if _, err := store.VerifyAudit(ctx); err != nil {
		return err
	}
	say("auditoría verificada")

	if outDir == "" {
		return nil
	}
	pages, err := s.Pages(ctx, citizen.ReportOptions{Year: 2026, Quarter: 1, At: d("2026-04-06"), Lang: lang, Redact: true})
	if err != nil {
		return err
	}
	if err := report.Site(outDir, report.Document{Lang: lang, Title: cfg.Entity}, pages); err != nil {
		return err
	}
	for _, p := range pages {
		if err := report.WriteFile(filepath.Join(outDir, p.Slug+".xlsx"), p.Doc, report.XLSX); err != nil {
			return err
		}
		if err := report.WriteCSVs(filepath.Join(outDir, p.Slug), p.Doc, report.WithBOM()); err != nil {
			return err
		}
	}
	say("informes en %s", outDir)
	return nil
}

func mustGet(ctx context.Context, s *citizen.Service, id string) citizen.PQRSD {
	p, err := s.Get(ctx, id)
	if err != nil {
		panic(err) // ids come from this program
	}
	return p
}
