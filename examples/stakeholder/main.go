// Command stakeholder walks the stakeholder process (SFIA RLMT, levels 4
// to 7) end to end on an in-memory store: it imports the register of
// stakeholder.yaml, sets the principles and approves the strategy and the
// plan, logs interactions (one carrying out the plan, one recording an
// agreement), shows what the SFIA levels refuse, lets an issue climb the
// escalation chain to level 7 and closes it there, collects feedback,
// measures effectiveness and writes the report.
//
//	go run ./examples/stakeholder [-config examples/stakeholder/stakeholder.yaml] [-out DIR] [-lang es|en]
//
// Every date is fixed, so the output is the same on every run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
	"github.com/relaciona/relaciona/stakeholder"
)

func main() {
	cfg := flag.String("config", "examples/stakeholder/stakeholder.yaml", "stakeholder YAML file")
	out := flag.String("out", "", "folder for the report (HTML, Markdown, CSV); empty: no files")
	langFlag := flag.String("lang", "es", "language of the report: es or en")
	flag.Parse()
	lang, err := relaciona.ParseLang(*langFlag)
	if err == nil {
		err = run(context.Background(), os.Stdout, *cfg, *out, lang)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "stakeholder:", err)
		os.Exit(1)
	}
}

// The people of stakeholder.yaml. The caller passes only who is acting:
// their SFIA levels (4, 4, 5, 6, 7, 2) come from the file's actors, the
// roster that decides when the deployment gives no directory.
var (
	lucia       = relaciona.Actor{ID: "lucia"}
	andres      = relaciona.Actor{ID: "andres"}
	marta       = relaciona.Actor{ID: "marta"}
	jorge       = relaciona.Actor{ID: "jorge"}
	sofia       = relaciona.Actor{ID: "sofia"}
	practicante = relaciona.Actor{ID: "practicante"}
	job         = relaciona.SystemActor() // the nightly job: runs the rules, nothing else
)

// date parses the example's constant dates (all valid).
func date(s string) calendar.Date { return calendar.MustParseDate(s) }

// at is the business time of a date: 10:00 in Bogotá.
func at(s string) time.Time {
	d := date(s)
	return time.Date(d.Year, d.Month, d.Day, 15, 0, 0, 0, time.UTC)
}

func run(ctx context.Context, w io.Writer, cfgPath, outDir string, lang relaciona.Lang) error {
	cfg, err := stakeholder.LoadConfig(cfgPath, lang)
	if err != nil {
		return err
	}
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	if err != nil {
		return err
	}
	defer store.Close()
	cal, err := calendar.New("CO", calendar.Options{})
	if err != nil {
		return err
	}
	svc, err := stakeholder.New(store, cfg, cal, stakeholder.WithLang(lang))
	if err != nil {
		return err
	}

	// 1. The register, the principles (level 7), the strategy and the plan (level 6).
	sum, err := svc.Import(ctx, sofia, at("2026-01-12"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "imported: %d groups, %d stakeholders, %d assessments, %d plan items (drafts)\n", sum.Groups, sum.Stakeholders, sum.Assessments, sum.PlanItems)
	if _, err := svc.SetPrinciples(ctx, sofia, at("2026-01-13"), []string{"Transparencia", "Escucha antes de decidir", "Acuerdos por escrito"}); err != nil {
		return err
	}
	if _, err := svc.ApproveStrategy(ctx, jorge, at("2026-01-14"), "Relaciones de confianza con comercio y comunidad durante las obras del centro", []string{"Cero obras sin aviso previo"}); err != nil {
		return err
	}
	n, err := svc.ApprovePlan(ctx, jorge, at("2026-01-15"))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "plan approved by level 6: %d items\n", n)

	// 2. What the levels refuse: nothing changes.
	_, err = svc.LogInteraction(ctx, practicante, at("2026-02-02"), stakeholder.Interaction{Stakeholder: "camara", Date: date("2026-02-02"), Channel: "cafe", Direction: stakeholder.TwoWay, Summary: "Café"})
	fmt.Fprintf(w, "level 2 logs an interaction: forbidden=%v\n", errors.Is(err, relaciona.ErrForbidden))
	_, err = svc.ApprovePlan(ctx, lucia, at("2026-02-02"))
	var fe *relaciona.ForbiddenError
	if errors.As(err, &fe) {
		fmt.Fprintf(w, "level 4 approves the plan: forbidden, needs level %d\n", fe.NeedLevel)
	}

	// 3. Interactions: the February committee (carrying out the plan) and a
	// negotiated agreement (level 6).
	if _, err := svc.LogInteraction(ctx, andres, at("2026-02-02"), stakeholder.Interaction{
		Stakeholder: "camara", Date: date("2026-02-02"), Channel: "comite", Direction: stakeholder.TwoWay,
		Summary: "Comité de febrero: cronograma de obras", Sentiment: 1, PlanItem: "comite-camara",
		FollowUps: []stakeholder.FollowUp{{Action: "Enviar acta", Owner: "andres", Due: date("2026-02-04")}},
	}); err != nil {
		return err
	}
	if _, err := svc.LogInteraction(ctx, jorge, at("2026-02-20"), stakeholder.Interaction{
		Stakeholder: "camara", Date: date("2026-02-20"), Channel: "cafe", Direction: stakeholder.TwoWay,
		Summary: "Negociación de horarios de obra", Sentiment: 2,
		Agreement: &stakeholder.Agreement{Terms: "Obras nocturnas en la calle comercial", Until: date("2026-12-31")},
	}); err != nil {
		return err
	}
	fmt.Fprintln(w, "communications due on 2026-03-10:")
	for c, err := range svc.Due(ctx, date("2026-03-10")) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %-16s scheduled %s pending %d overdue=%v\n", c.Item.ID, c.Scheduled, c.Pending, c.Overdue)
	}

	// 4. An issue nobody resolves climbs the chain, one business-day term
	// per level, up to level 7, the last stop; level 7 closes it.
	is, err := svc.OpenIssue(ctx, lucia, at("2026-02-23"), stakeholder.Issue{Stakeholder: "jac-centro", Title: "Cierre de vía sin aviso a la comunidad", Severity: stakeholder.High})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "issue %s opened at level %d, owner %s, deadline %s\n", is.ID, is.Level, is.Owner, is.Deadline)
	// Each run also writes, in the same batch, a notification to the
	// person who now holds the issue, one to the owner of each planned
	// communication that fell overdue and one to the owner of each
	// commitment due (the minutes of the committee); once each, however
	// often it runs.
	notices := 0
	for d := date("2026-02-24"); !d.After(date("2026-03-10")); d = d.AddDays(1) {
		rs, err := svc.Run(ctx, job, d)
		if err != nil {
			return err
		}
		notices += rs.Notified
		if rs.Steps > 0 {
			i, err := svc.GetIssue(ctx, is.ID)
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "  run %s: level %d, owner %s, final=%v\n", d, i.Level, i.Owner, i.Final)
		}
	}
	fmt.Fprintf(w, "notifications written by the runs: %d\n", notices)
	_, err = svc.ResolveIssue(ctx, jorge, at("2026-03-10"), is.ID, stakeholder.Resolution{Text: "Mesa con la junta", RootCause: "communication"})
	fmt.Fprintf(w, "level 6 closes the level-7 issue: forbidden=%v\n", errors.Is(err, relaciona.ErrForbidden))
	if _, err := svc.ResolveIssue(ctx, sofia, at("2026-03-10"), is.ID, stakeholder.Resolution{Text: "Mesa con la junta y aviso de obras con 8 días", RootCause: "communication", Lessons: []stakeholder.LessonInput{{Text: "Avisar a la junta antes de cerrar vías", Topics: []string{"obras"}}}}); err != nil {
		return err
	}
	fmt.Fprintln(w, "level 7 resolved it")

	// 5. Reassessment, feedback and effectiveness.
	if _, err := svc.Assess(ctx, marta, at("2026-03-15"), stakeholder.Assessment{Stakeholder: "jac-centro", Date: date("2026-03-15"),
		Power: 2, Interest: 5, Legitimacy: 4, Urgency: 3, Current: stakeholder.Neutral, Desired: stakeholder.Supportive}); err != nil {
		return err
	}
	reqs, err := svc.RequestFeedback(ctx, marta, at("2026-03-01"), date("2026-03-01"), "Relación durante las obras", "camara", "jac-centro", "constructora")
	if err != nil {
		return err
	}
	if _, err := svc.RecordFeedback(ctx, marta, at("2026-03-20"),
		stakeholder.Feedback{Stakeholder: "camara", Request: reqs[0].ID, Date: date("2026-03-05"), Rating: 5},
		stakeholder.Feedback{Stakeholder: "jac-centro", Request: reqs[1].ID, Date: date("2026-03-18"), Rating: 3},
		stakeholder.Feedback{Stakeholder: "jac-centro", Date: date("2026-02-10"), Rating: 1},
	); err != nil {
		return err
	}
	eff, err := svc.Effectiveness(ctx, date("2026-01-01"), date("2026-03-31"))
	if err != nil {
		return err
	}
	o := eff.Overall
	fmt.Fprintf(w, "effectiveness Q1: response rate %.0f%%, average %.2f, trend %+.2f/month, gap closure %.0f%%\n",
		100*o.ResponseRate, o.Average, o.Trend, 100*nanZero(o.GapClosure))

	// 6. The report, and the audit trail.
	doc, err := svc.Report(ctx, stakeholder.ReportOptions{At: date("2026-03-31"), From: date("2026-01-01"), Lang: lang})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "report: %q, %d sections\n", doc.Title, len(doc.Sections))
	if outDir != "" {
		if err := writeReport(outDir, doc); err != nil {
			return err
		}
		fmt.Fprintf(w, "report written to %s\n", outDir)
	}
	audit, err := store.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "audit: %d entries, chain verified\n", audit.Entries)
	return nil
}

func nanZero(v float64) float64 {
	if math.IsNaN(v) {
		return 0
	}
	return v
}

func writeReport(dir string, doc report.Document) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, write := range map[string]func(io.Writer, report.Document) error{
		"stakeholder.html": report.HTML, "stakeholder.md": report.Markdown,
	} {
		if err := report.WriteFile(filepath.Join(dir, name), doc, write); err != nil {
			return err
		}
	}
	return report.WriteCSVs(filepath.Join(dir, "csv"), doc)
}
