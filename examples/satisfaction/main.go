// Command satisfaction walks the Agesic customer-satisfaction process end to
// end on an in-memory store and the built-in ticket desk: a year (2025) of
// tickets and monthly surveys for the three clients of satisfaction.yaml,
// availability records, the annual interview (designed by the owner,
// approved by Dirección), a work plan agreed before an interview, a phone
// complaint followed in a complaint ticket, a work meeting with improvement
// actions and commitments, the periodic Run on the first day of each month,
// and the three reports.
//
//	go run ./examples/satisfaction              # prints a summary
//	go run ./examples/satisfaction -out reports # also writes the reports (HTML, CSV, XLSX)
package main

import (
	"context"
	_ "embed"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/plugins/desk"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/report"
	"github.com/relaciona/relaciona/satisfaction"
)

//go:embed satisfaction.yaml
var configYAML []byte

func main() {
	out := flag.String("out", "", "folder for the reports (HTML, CSV, XLSX); empty: none")
	lang := flag.String("lang", "es", "language of the reports: es or en")
	flag.Parse()
	l, err := relaciona.ParseLang(*lang)
	if err == nil {
		err = run(context.Background(), os.Stdout, *out, l)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "satisfaction:", err)
		os.Exit(1)
	}
}

// run is the whole walk-through; it writes its summary to w.
func run(ctx context.Context, w io.Writer, out string, lang relaciona.Lang) error {
	cfg, err := satisfaction.ParseConfig("satisfaction.yaml", configYAML, lang)
	if err != nil {
		return err
	}
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	if err != nil {
		return err
	}
	defer store.Close()
	d, err := desk.New(store.Driver(), desk.Options{Queues: []string{"general", cfg.Tickets.Queue}})
	if err != nil {
		return err
	}
	tickets, err := relaciona.NewTickets(d)
	if err != nil {
		return err
	}
	cal, err := calendar.New(calendar.Uruguay, calendar.Options{})
	if err != nil {
		return err
	}
	// The clients' referents confirm the commitments made to them: people
	// of the directory (here, the file's team) who hold no process role.
	cfg.Team = append(cfg.Team, satisfaction.Member{ID: "ref-identidad", Name: "Referente de Identidad Digital"},
		satisfaction.Member{ID: "ref-salud", Name: "Referente de Salud Digital"})
	p, err := satisfaction.New(store, cfg, cal, satisfaction.WithTickets(tickets))
	if err != nil {
		return err
	}
	actor := func(id string) relaciona.Actor { a, _ := cfg.Actor(id); return a }
	dir, owner, mgr, exe := actor("dir-ana"), actor("own-carla"), actor("mgr-luis"), actor("exe-sofia")
	at := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	day := calendar.MustParseDate

	// A year of tickets and surveys on the desk. Identidad Digital's
	// satisfaction falls in the second half while its tickets stay within
	// their service level: the watermelon the CMI report must show.
	if err := loadYear(ctx, d, cfg); err != nil {
		return err
	}
	// Availability of every service, every day of the year.
	var av []satisfaction.Availability
	for dd := day("2025-01-01"); dd.Year == 2025; dd = dd.AddDays(1) {
		for i, s := range cfg.Services {
			down := 0
			if (dd.Day+i)%17 == 0 {
				down = 25
			}
			av = append(av, satisfaction.Availability{Service: s.ID, Date: dd, ScheduledMinutes: 1440, DownMinutes: down})
		}
	}
	if _, err := p.RecordAvailability(ctx, exe, av, at("2025-12-31T20:00:00Z")); err != nil {
		return err
	}

	// The annual interview: designed by the owner, approved by Dirección.
	design := satisfaction.Design{Year: 2025, Title: "Entrevista anual de satisfacción", Questions: []satisfaction.Question{
		{ID: "general", Text: "Satisfacción general con los servicios", Kind: satisfaction.QuestionScore},
		{ID: "respuesta", Text: "Tiempos de respuesta", Kind: satisfaction.QuestionScore},
		{ID: "comunicacion", Text: "Comunicación de incidentes", Kind: satisfaction.QuestionScore},
		{ID: "mejoras", Text: "¿Qué mejoraría?", Kind: satisfaction.QuestionText},
	}}
	if _, err := p.DesignInterview(ctx, owner, design, at("2025-01-15T10:00:00Z")); err != nil {
		return err
	}
	if _, err := p.ApproveDesign(ctx, dir, "interview-2025", at("2025-01-20T10:00:00Z")); err != nil {
		return err
	}
	// Trámites en Línea is new: its plan comes before the interview.
	if _, err := p.AgreeWorkPlan(ctx, owner, "tramites", day("2025-02-03"), "Migración de sistemas al nuevo alojamiento", satisfaction.ReasonNewClient, at("2025-02-03T10:00:00Z")); err != nil {
		return err
	}
	for _, iv := range []satisfaction.Interview{
		{Client: "identidad", Date: day("2025-03-10"), Scores: map[string]int{"general": 4, "respuesta": 3, "comunicacion": 2}, Needs: []string{"tiempos"}, Complaints: []string{"comunicacion"}},
		{Client: "salud", Date: day("2025-03-12"), Scores: map[string]int{"general": 4, "respuesta": 4, "comunicacion": 3}, Needs: []string{"tiempos", "capacidad"}, Complaints: []string{"comunicacion"}},
	} {
		iv.Design = "interview-2025"
		if _, err := p.RecordInterview(ctx, mgr, iv, at(iv.Date.String()+"T15:00:00Z")); err != nil {
			return err
		}
	}
	for _, c := range []string{"identidad", "salud"} {
		if _, err := p.AgreeWorkPlan(ctx, owner, c, day("2025-04-01"), "Plan de trabajo 2025", "", at("2025-04-01T10:00:00Z")); err != nil {
			return err
		}
	}

	// A complaint by phone about the VPN: the executor reports it, the owner
	// is told, the manager follows it in a complaint ticket and answers.
	c, err := p.ReportComplaint(ctx, exe, satisfaction.NewComplaint{Client: "salud", Service: "vpn", Topic: "comunicacion",
		Channel: satisfaction.ChannelPhone, Scope: satisfaction.ScopeService, Summary: "No se avisó del corte de la VPN"}, at("2025-05-06T11:00:00Z"))
	if err != nil {
		return err
	}
	if c, err = p.FollowComplaint(ctx, mgr, c.ID, at("2025-05-06T12:00:00Z")); err != nil {
		return err
	}
	if c, err = p.RespondComplaint(ctx, mgr, c.ID, satisfaction.ComplaintResponse{Text: "Se avisará de los cortes por correo con 48 horas de anticipación.",
		Actions: []satisfaction.NewAction{{Title: "Aviso previo de cortes programados", Kind: satisfaction.ActionCorrective, Topic: "comunicacion", Division: "desk"}}}, at("2025-05-08T10:00:00Z")); err != nil {
		return err
	}
	if _, err = p.CloseComplaint(ctx, mgr, c.ID, at("2025-05-09T10:00:00Z")); err != nil {
		return err
	}

	// Analysis of what is common to several clients, a proposal, and a work
	// meeting with the divisions that agrees it and adds another action.
	an, err := p.Analyze(ctx, 2025)
	if err != nil {
		return err
	}
	prop, err := p.ProposeAction(ctx, owner, satisfaction.NewAction{Title: "Tablero público de tiempos de respuesta", Origin: satisfaction.OriginAnalysis,
		Topic: "tiempos", Clients: []string{"identidad", "salud"}}, at("2025-05-20T10:00:00Z"))
	if err != nil {
		return err
	}
	// Dirección endorses the owner's proposal (seed 003 §6.6): only then
	// may a meeting agree it.
	if _, err := p.EndorseAction(ctx, dir, prop.ID, at("2025-05-22T10:00:00Z")); err != nil {
		return err
	}
	m, err := p.RecordMeeting(ctx, owner, satisfaction.MeetingInput{Date: day("2025-05-27"), Divisions: []string{"infra", "ops", "desk"},
		Clients: []string{"identidad", "salud"}, Agree: []string{prop.ID},
		NewActions: []satisfaction.NewAction{{Title: "Ampliar capacidad de alojamiento", Division: "infra", Topic: "capacidad", Clients: []string{"salud"}}}},
		at("2025-05-27T16:00:00Z"))
	if err != nil {
		return err
	}
	c1, err := p.AddCommitment(ctx, owner, satisfaction.NewCommitment{Action: prop.ID, Client: "identidad", Confirmers: []string{"ref-identidad"}, Owner: "mgr-luis",
		Description: "Publicar el tablero de tiempos de respuesta", Start: day("2025-05-28"), TermDays: 15}, at("2025-05-28T10:00:00Z"))
	if err != nil {
		return err
	}
	c2, err := p.AddCommitment(ctx, owner, satisfaction.NewCommitment{Action: m.Actions[len(m.Actions)-1], Client: "salud", Confirmers: []string{"ref-salud"}, Owner: "own-carla",
		Description: "Duplicar el almacenamiento de Salud Digital", Start: day("2025-05-28"), TermDays: 20}, at("2025-05-28T10:00:00Z"))
	if err != nil {
		return err
	}
	if _, err := p.CompleteCommitment(ctx, mgr, c1.ID, day("2025-06-10"), at("2025-06-10T10:00:00Z")); err != nil {
		return err
	}
	if _, err := p.ConfirmCommitment(ctx, actor("ref-identidad"), c1.ID, day("2025-06-12"), "conforme", at("2025-06-12T10:00:00Z")); err != nil {
		return err
	}
	_ = c2 // still open: Run flags it overdue after its due date

	// The periodic job on the first business day of each month, and once
	// more at year end: ticket sync, overdue commitments, month snapshots.
	var last satisfaction.RunSummary
	tickets0, surveys0 := 0, 0
	for mo := 2; mo <= 13; mo++ {
		date := calendar.Date{Year: 2025 + (mo-1)/12, Month: time.Month((mo-1)%12 + 1), Day: 2}
		if last, err = p.Run(ctx, mgr, date); err != nil {
			return err
		}
		tickets0 += last.Sync.Tickets.Stored
		surveys0 += last.Sync.Surveys.Stored
	}
	overdue, err := p.Commitments(ctx, satisfaction.CommitmentOpen)
	if err != nil {
		return err
	}

	cmi, err := p.CMI(ctx, satisfaction.Month{Year: 2025, Month: time.December})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "tickets synced: %d, survey answers: %d\n", tickets0, surveys0)
	fmt.Fprintf(w, "common topics: %d (first: %s, %d clients)\n", len(an.Common()), an.Common()[0].Topic, len(an.Common()[0].Clients))
	fmt.Fprintf(w, "December 2025: CSAT %.1f%%, NPS %.1f, CES %.2f, response rate %.1f%%, service level %.1f%%\n",
		100*cmi.Total.CSAT.Value, cmi.Total.NPS.Value, cmi.Total.CES.Value, 100*cmi.Total.ResponseRate.Value, 100*cmi.Total.ServiceLevel.Value)
	for _, a := range cmi.Alerts {
		fmt.Fprintf(w, "watermelon: %s (CSAT %.1f%%, was %.1f%%)\n", a.Client, 100*a.Value.Value, 100*a.Previous.Value)
	}
	for _, c := range overdue {
		fmt.Fprintf(w, "overdue commitment: %s (due %s)\n", c.Description, c.Due)
	}
	pending, err := p.PendingBriefings(ctx, 2025)
	if err != nil {
		return err
	}
	for _, pl := range pending {
		fmt.Fprintf(w, "briefing pending: %s (plan agreed %s before its interview)\n", pl.Client, pl.Agreed)
	}
	if _, err := store.VerifyAudit(ctx); err != nil {
		return err
	}
	fmt.Fprintln(w, "audit chain verified")

	if out == "" {
		return nil
	}
	docs := map[string]func() (report.Document, error){
		"cmi-2025-12": func() (report.Document, error) {
			return p.CMIReport(ctx, satisfaction.Month{Year: 2025, Month: time.December}, lang, satisfaction.ReportOptions{})
		},
		"servicio-identidad-2025-12": func() (report.Document, error) {
			return p.ServiceReport(ctx, "identidad", satisfaction.Month{Year: 2025, Month: time.December}, lang, satisfaction.ReportOptions{})
		},
		"entrevistas-2025": func() (report.Document, error) {
			return p.InterviewReport(ctx, 2025, lang, satisfaction.ReportOptions{})
		},
	}
	for name, mk := range docs {
		doc, err := mk()
		if err != nil {
			return err
		}
		if err := writeReport(out, name, doc); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "reports written to", out)
	return nil
}

func writeReport(dir, name string, doc report.Document) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for ext, write := range map[string]func(io.Writer, report.Document) error{".html": report.HTML, ".xlsx": report.XLSX} {
		if err := report.WriteFile(filepath.Join(dir, name+ext), doc, write); err != nil {
			return err
		}
	}
	return report.WriteCSVs(filepath.Join(dir, name+"-csv"), doc)
}

// loadYear imports 2025's tickets into the desk (keeping their times) and
// records the surveys their requesters answered.
func loadYear(ctx context.Context, d *desk.Desk, cfg *satisfaction.Config) error {
	rng := rand.New(rand.NewPCG(2025, 3))
	var ts []driver.Ticket
	types := []string{"incident", "request", "incident", "change"}
	for mo := 1; mo <= 12; mo++ {
		for ci, c := range cfg.Clients {
			for k := range 15 + 5*ci {
				svc := c.Services[k%len(c.Services)]
				s, _ := cfg.Service(svc)
				created := time.Date(2025, time.Month(mo), 1+rng.IntN(26), 8+rng.IntN(9), rng.IntN(60), 0, 0, time.UTC)
				hours := rng.Float64() * s.ResolutionHours * 1.04 // nearly all within their service level
				ts = append(ts, driver.Ticket{Queue: "general", Subject: "Caso " + strconv.Itoa(k), Status: "closed", Requester: c.ID,
					Fields:  map[string]string{"client": c.ID, "service": svc, "type": types[k%len(types)]},
					Created: created, Updated: created.Add(time.Duration(hours * float64(time.Hour)))})
			}
		}
	}
	stored, err := d.Import(ctx, ts)
	if err != nil {
		return err
	}
	var rs []driver.SurveyResponse
	for i, t := range stored {
		if rng.IntN(10) >= 4 { // 40 % answer the survey
			continue
		}
		mo := int(t.Updated.Month())
		fall := t.Fields["client"] == "identidad" && mo >= 7 // Identidad's satisfaction falls from July
		csat := 4 + rng.IntN(2)
		nps := 8 + rng.IntN(3)
		if fall && rng.IntN(12) < mo-4 {
			csat, nps = 2+rng.IntN(2), 3+rng.IntN(5)
		}
		at := t.Updated.Add(time.Duration(2+rng.IntN(40)) * time.Hour)
		base := driver.SurveyResponse{TicketID: t.ID, Requester: t.Requester, Service: t.Fields["service"], Submitted: at}
		for _, x := range []struct {
			m string
			v int
		}{{"csat", csat}, {"nps", nps}, {"ces", 4 + rng.IntN(4)}} {
			r := base
			r.ID, r.Metric, r.Score = fmt.Sprintf("%d-%s", i, x.m), x.m, x.v
			rs = append(rs, r)
		}
	}
	return d.RecordSurveys(ctx, rs)
}
