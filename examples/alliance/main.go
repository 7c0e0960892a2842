// Command alliance walks one OMIL through a year of the PS54 strategic
// alliance process on an in-memory store: registry review, diagnosis,
// partner search and a new agreement, a year of monitoring with the team's
// ratings and the periodic job, the yearly review with one alliance kept
// and renegotiated and one dropped and replaced, and the reports.
//
//	go run ./examples/alliance [-config examples/alliance/alliance.yaml] [-out DIR] [-lang es|en]
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/alliance"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
)

func main() {
	cfg := flag.String("config", filepath.Join("examples", "alliance", "alliance.yaml"), "alliance YAML")
	out := flag.String("out", "", "folder for the reports (none when empty)")
	lang := flag.String("lang", "es", "es or en")
	flag.Parse()
	l, err := relaciona.ParseLang(*lang)
	if err == nil {
		err = run(context.Background(), os.Stdout, *cfg, *out, l)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "alliance:", err)
		os.Exit(1)
	}
}

const office = "omil-valparaiso"

var (
	encargado = relaciona.Actor{ID: "encargado", Name: "Encargada OMIL", Roles: []string{"encargado_omil"}}
	gestor    = relaciona.Actor{ID: "gestor", Name: "Gestor Territorial", Roles: []string{"gestor_territorial"}}
	team      = []relaciona.Actor{
		{ID: "equipo-1", Roles: []string{"equipo_omil"}},
		{ID: "equipo-2", Roles: []string{"equipo_omil"}},
		{ID: "equipo-3", Roles: []string{"equipo_omil"}},
	}
	job = relaciona.Actor{ID: "relaciona-run", Roles: []string{alliance.RoleSystem}}
)

// d is a date written in this file.
func d(s string) calendar.Date { return calendar.MustParseDate(s) }

// run is the whole year; it prints what happens to w and, when out is set,
// writes the reports there.
func run(ctx context.Context, w io.Writer, cfgPath, out string, lang relaciona.Lang) error {
	cfg, err := alliance.LoadConfig(cfgPath, lang)
	if err != nil {
		return err
	}
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	if err != nil {
		return err
	}
	defer store.Close()
	cal, err := calendar.New(calendar.Chile, calendar.Options{})
	if err != nil {
		return err
	}
	s, err := alliance.New(store, cfg, cal, alliance.WithLang(lang))
	if err != nil {
		return err
	}
	say := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }

	// 1. The catastro and its review.
	if err := s.ImportConfig(ctx, encargado, d("2026-01-05")); err != nil {
		return err
	}
	c, err := s.ReviewRegistry(ctx, encargado, office, 2026, d("2026-01-12"), "catastro 2026")
	if err != nil {
		return err
	}
	say("2026-01-12 catastro: %d alianzas vigentes, %d organizaciones en el Estudio Territorial", c.Registry.Alliances, c.Registry.Organisations)

	// 2. Diagnosis and 3. the decision on new partners.
	diag, err := s.Diagnose(ctx, encargado, office, d("2026-01-19"))
	if err != nil {
		return err
	}
	for _, o := range diag.Objectives {
		say("2026-01-19 diagnóstico %-15s %-8s alianzas=%d recursos faltantes=%v", o.Objective, o.Status, len(o.Alliances), o.MissingResources)
	}
	if _, err := s.Decide(ctx, encargado, office, d("2026-01-21"), true, "el emprendimiento no tiene socios"); err != nil {
		return err
	}

	// 4. Partner search by the Gestor Territorial.
	x, err := s.SearchPartners(ctx, gestor, office, d("2026-01-26"), alliance.SearchRequest{Objectives: []string{"emprendimiento"}})
	if err != nil {
		return err
	}
	for _, cand := range x.Candidates {
		say("2026-01-26 candidato %-18s puntaje %.1f %s", cand.Organisation, cand.Score, cand.Status)
	}
	// 5. Meetings in February, the agreement and 6. its registration in
	// March; then monitoring.
	hooks := map[time.Month]func() error{
		time.February: func() error {
			for _, err := range []error{
				s.Meet(ctx, gestor, x.ID, "fosis-valparaiso", d("2026-02-03"), "Interés en derivar emprendedores al programa Yo Emprendo"),
				s.Meet(ctx, gestor, x.ID, "centro-negocios", d("2026-02-05"), "Solo asesoría; sin cupos este año"),
				s.Meet(ctx, encargado, x.ID, "fosis-valparaiso", d("2026-02-17"), "Borrador de convenio: 40 cupos"),
			} {
				if err != nil {
					return err
				}
			}
			return nil
		},
		time.March: func() error {
			if err := s.Agree(ctx, encargado, x.ID, "fosis-valparaiso", d("2026-03-02"), alliance.Terms{Kind: alliance.KindAgreement, Objectives: []string{"emprendimiento"}, End: d("2027-12-31")}); err != nil {
				return err
			}
			if _, err := s.Register(ctx, encargado, x.ID, "fosis-valparaiso", d("2026-03-16"), "convenio-fosis",
				[]alliance.Document{{Title: "Convenio FOSIS–Municipalidad 2026", Ref: "Alianzas vigentes/2026/convenio-fosis.pdf"}}); err != nil {
				return err
			}
			say("2026-03-16 registrada convenio-fosis")
			_, err := s.StartMonitoring(ctx, encargado, office, d("2026-03-17"))
			return err
		},
	}

	// 7. Monitoring all year: month-end hard data, the team's ratings, the
	// periodic job.
	flags := 0
	for m := time.January; m <= time.November; m++ {
		end := calendar.Date{Year: 2026, Month: m + 1, Day: 1}.AddDays(-1)
		if h := hooks[m]; h != nil {
			if err := h(); err != nil {
				return err
			}
		}
		if err := s.RecordMeasurements(ctx, encargado, monthData(s, cal, end)); err != nil {
			return fmt.Errorf("%s: %w", end, err)
		}
		if m == time.June || m == time.November {
			if err := rate(ctx, s, end); err != nil {
				return err
			}
		}
		sum, err := s.Run(ctx, job, end)
		if err != nil {
			return err
		}
		for _, f := range sum.Raised {
			say("%s alerta %s %s: %s", end, f.Kind, f.Alliance, f.Detail)
		}
		flags += len(sum.Raised)
	}
	sum, err := s.Run(ctx, job, d("2026-12-01"))
	if err != nil {
		return err
	}
	for _, f := range sum.Raised {
		say("2026-12-01 alerta %s: %s", f.Kind, f.Detail)
	}
	again, err := s.Run(ctx, job, d("2026-12-01"))
	if err != nil {
		return err
	}
	say("2026-12-01 segunda ejecución del mismo día: %d alertas nuevas", len(again.Raised))

	// 8. The yearly review.
	r, err := s.OpenReview(ctx, encargado, office, d("2026-12-02"), false, nil)
	if err != nil {
		return err
	}
	say("2026-12-02 revisión %s: %v", r.ID, r.Alliances)
	for _, id := range r.Alliances {
		dos, err := s.Dossier(ctx, id, d("2026-12-02"))
		if err != nil {
			return err
		}
		say("2026-12-02 expediente %-18s enviadas=%3d resueltas=%5.1f%% nota=%.1f (%d evaluadores, desacuerdo=%v)",
			id, dos.Totals.Sent, 100*dos.Totals.ResolutionRate(), dos.Team.Mean, dos.Team.Raters, dos.Team.Disagreement)
	}
	decisions := map[string]alliance.Verdict{"convenio-sence": alliance.Keep, "red-comercio": alliance.Keep, "convenio-junji": alliance.Keep,
		"convenio-fosis": alliance.Keep, "vinculo-inclusion": alliance.Drop}
	reasons := map[alliance.Verdict]string{alliance.Keep: "aporta a los objetivos; renovar metas 2027", alliance.Drop: "vínculo sin derivaciones efectivas en el año"}
	// Keeping an alliance answers what the review asks of its kind
	// (alliance.Ask): the agreements are renewed until a new term, the
	// understanding is formalised into an agreement.
	answers := map[string]alliance.ReviewAnswer{
		"convenio-sence": {Choice: alliance.ChoiceRenew, Date: d("2028-02-29")},
		"red-comercio":   {Choice: alliance.ChoiceFormalise, Date: d("2027-12-31")},
		"convenio-junji": {Choice: alliance.ChoiceRenew, Date: d("2027-12-31")},
		"convenio-fosis": {Choice: alliance.ChoiceRenew, Date: d("2027-12-31")},
	}
	for _, id := range r.Alliances {
		v := decisions[id]
		var err error
		if v == alliance.Keep {
			err = s.DecideWithAnswer(ctx, encargado, id, d("2026-12-03"), v, reasons[v], answers[id])
		} else {
			err = s.DecideAlliance(ctx, encargado, id, d("2026-12-03"), v, reasons[v])
		}
		if err != nil {
			return err
		}
		say("2026-12-03 decisión %-18s %s", id, v)
	}
	if err := s.DecideAlliance(ctx, encargado, "red-comercio", d("2026-12-03"), alliance.Drop, "cambio de opinión"); err != nil {
		say("2026-12-03 segunda decisión rechazada: %v", err)
	}
	rep, err := s.End(ctx, encargado, "vinculo-inclusion", d("2026-12-04"), "término del vínculo")
	if err != nil {
		return err
	}
	say("2026-12-04 vinculo-inclusion terminada; búsqueda de reemplazo %s: %v", rep.ID, rep.Shortlist())
	for _, id := range []string{"convenio-sence", "red-comercio", "convenio-junji", "convenio-fosis"} {
		if err := s.Renegotiate(ctx, encargado, id, d("2026-12-09"), "metas y cupos 2027"); err != nil {
			return err
		}
	}
	if _, err := s.CloseReview(ctx, encargado, office, d("2026-12-10")); err != nil {
		return err
	}
	if err := s.Meet(ctx, gestor, rep.ID, "fundacion-emplea", d("2026-12-14"), "Acepta recibir derivaciones de personas con discapacidad"); err != nil {
		return err
	}
	renewed := alliance.Terms{Kind: alliance.KindAgreement, Objectives: []string{"colocacion", "inclusion"}, Resources: []string{"vacantes", "intermediacion"}, End: d("2027-12-31")}
	for _, id := range []string{"convenio-sence", "red-comercio", "convenio-junji", "convenio-fosis"} {
		var t *alliance.Terms
		if id == "red-comercio" {
			t = &renewed // the understanding becomes a signed agreement
		}
		if err := s.Renew(ctx, encargado, id, d("2026-12-16"), t, []alliance.Document{{Title: "Adenda 2027", Ref: "Alianzas vigentes/2026/adenda-" + id + ".pdf"}}); err != nil {
			return err
		}
	}
	if err := s.Agree(ctx, encargado, rep.ID, "fundacion-emplea", d("2026-12-18"), alliance.Terms{Kind: alliance.KindAgreement, Objectives: []string{"inclusion"}, Start: d("2027-01-04")}); err != nil {
		return err
	}
	if _, err := s.Register(ctx, encargado, rep.ID, "fundacion-emplea", d("2026-12-21"), "convenio-emplea",
		[]alliance.Document{{Title: "Convenio Fundación Emplea 2027", Ref: "Alianzas vigentes/2026/convenio-emplea.pdf"}}); err != nil {
		return err
	}
	if _, err := s.StartMonitoring(ctx, encargado, office, d("2026-12-22")); err != nil {
		return err
	}
	c, err = s.CloseCycle(ctx, encargado, office, d("2026-12-30"))
	if err != nil {
		return err
	}
	say("2026-12-30 ciclo %s cerrado (%d pasos de fase, %d alertas en el año)", c.ID, len(c.History), flags+len(sum.Raised))
	audit, err := store.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	say("registro de auditoría verificado: %d entradas encadenadas", audit.Entries)
	if out == "" {
		return nil
	}
	pages, err := s.Pages(ctx, alliance.ReportOptions{Office: office, At: d("2026-12-30"), Lang: lang, Redact: true})
	if err != nil {
		return err
	}
	if err := writeReports(out, pages); err != nil {
		return err
	}
	say("informes en %s", out)
	return nil
}

// monthData is the office's hard data for the month ending on end. The
// commerce network's figures come from its individual referrals, counted
// in Chilean business days; the others are monthly totals.
func monthData(s *alliance.Service, cal *calendar.Calendar, end calendar.Date) []alliance.Measurement {
	m := int(end.Month)
	var out []alliance.Measurement
	add := func(id string, sent, acc, res, answered int, days float64) {
		out = append(out, alliance.Measurement{Alliance: id, Date: end, Sent: sent, Accepted: acc, Resolved: res, Answered: answered, AnswerDays: days})
	}
	add("convenio-sence", 10+m%3, 7+m%2, 5+m%2, 9, 4)
	j := alliance.Measurement{Alliance: "convenio-junji", Date: end, Sent: 4, Accepted: 4, Resolved: 3, Answered: 4, AnswerDays: 2,
		Values: map[string]float64{"cuidados-satisfaccion": 3.8 + float64(m%3)/10}}
	out = append(out, j)
	var refs []alliance.Referral
	for i := 0; i < 6+m%4; i++ {
		sent := calendar.Date{Year: end.Year, Month: end.Month, Day: 1 + 3*i}
		answered, _ := cal.AddBusinessDays(sent, 2+i%5)
		refs = append(refs, alliance.Referral{Sent: sent, Answered: answered, Accepted: i%3 != 0, Resolved: i%3 == 1})
	}
	if r, err := alliance.SummarizeReferrals(cal, "red-comercio", end, refs); err == nil {
		out = append(out, r)
	}
	if m >= 4 { // fosis starts in March; the inclusion link is measured once flagged
		add("convenio-fosis", 3, 3, 2, 3, 6)
		add("vinculo-inclusion", 1, 0, 0, 0, 0)
	}
	return out
}

// rate has the Encargado, the Gestor and the team rate every alliance; on
// the commerce network they disagree.
func rate(ctx context.Context, s *alliance.Service, at calendar.Date) error {
	scores := map[string][]int{
		"convenio-sence":    {4, 4, 5, 4, 4},
		"red-comercio":      {2, 5, 3, 5, 4},
		"vinculo-inclusion": {2, 1, 2, 2, 1},
		"convenio-junji":    {5, 4, 5, 5, 4},
		"convenio-fosis":    {4, 3, 4, 4, 4},
	}
	raters := append([]relaciona.Actor{encargado, gestor}, team...)
	for id, sc := range scores {
		for i, r := range raters {
			if _, err := s.Rate(ctx, r, id, at, sc[i], ""); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeReports(dir string, pages []report.Page) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	index := report.Document{Title: "Alianzas estratégicas OMIL", Sections: []report.Section{{Title: "Informes", Blocks: []report.Block{report.Paragraph{Text: "Cartera, cobertura, expediente de revisión y Estudio Territorial."}}}}}
	if err := report.Site(dir, index, pages); err != nil {
		return err
	}
	for _, p := range pages {
		if err := report.WriteCSVs(filepath.Join(dir, p.Slug), p.Doc); err != nil {
			return err
		}
		if err := report.WriteFile(filepath.Join(dir, p.Slug+".xlsx"), p.Doc, report.XLSX); err != nil {
			return err
		}
	}
	return nil
}
