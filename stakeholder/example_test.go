package stakeholder_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/report"
	"github.com/relaciona/relaciona/stakeholder"
)

const exampleYAML = `kind: stakeholder
version: 1
actors:
  - {id: ana, level: 4}
  - {id: beto, level: 5}
  - {id: carla, level: 6}
  - {id: dora, level: 7}
escalation:
  chain:
    - {level: 4, owner: ana, limits: {low: 5, medium: 3, high: 2, critical: 1}}
    - {level: 5, owner: beto, limits: {low: 5, medium: 3, high: 2, critical: 1}}
    - {level: 6, owner: carla, limits: {low: 5, medium: 3, high: 2, critical: 1}}
    - {level: 7, owner: dora}
stakeholders:
  - id: gremio
    name: Gremio de comerciantes
    type: organisation
    assessment: {date: "2026-03-02", power: 5, interest: 4, legitimacy: 4, urgency: 2, current: resistant, desired: supportive}
`

func setup() (*stakeholder.Process, error) {
	cfg, err := stakeholder.ParseConfig("stakeholder.yaml", []byte(exampleYAML), relaciona.Spanish)
	if err != nil {
		return nil, err
	}
	store, err := relaciona.OpenStore(context.Background(), "sqlite://:memory:")
	if err != nil {
		return nil, err
	}
	cal, err := calendar.New("CO", calendar.Options{})
	if err != nil {
		return nil, err
	}
	svc, err := stakeholder.New(store, cfg, cal)
	if err != nil {
		return nil, err
	}
	_, err = svc.Import(context.Background(), relaciona.Actor{ID: "dora"}, time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC))
	return svc, err
}

// An assessment places the stakeholder on the power / interest grid and in
// a Mitchell salience class, and measures its engagement gap.
func ExampleService_Assess() {
	svc, err := setup()
	if err != nil {
		fmt.Println(err)
		return
	}
	st, _ := svc.Get(context.Background(), "gremio")
	a := st.Latest
	fmt.Println(a.Quadrant.Label(relaciona.English), "/", a.Salience, "/ gap", a.Gap)
	// Output: Manage closely / dominant / gap 2
}

// Run escalates an unresolved issue one level per missed business-day
// term, up to level 7, the last stop; a second run for the same date
// changes nothing.
func ExampleService_Run() {
	svc, err := setup()
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	ana := relaciona.Actor{ID: "ana"} // her level comes from the file's actors
	is, _ := svc.OpenIssue(ctx, ana, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
		stakeholder.Issue{Stakeholder: "gremio", Title: "Obras sin aviso", Severity: stakeholder.Critical})
	fmt.Println("opened at level", is.Level, "owner", is.Owner, "due", is.Deadline)
	job := relaciona.SystemActor() // the scheduled job: not looked up, may only run
	for _, d := range []string{"2026-03-04", "2026-03-06", "2026-03-06"} {
		date, _ := calendar.ParseDate(d)
		sum, _ := svc.Run(ctx, job, date)
		i, _ := svc.GetIssue(ctx, is.ID)
		fmt.Printf("%s: %d steps, level %d, owner %s, last stop %v\n", d, sum.Steps, i.Level, i.Owner, i.Final)
	}
	_, err = svc.ResolveIssue(ctx, relaciona.Actor{ID: "carla"}, time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC), is.ID, stakeholder.Resolution{Text: "Mesa de trabajo", RootCause: "communication"})
	var fe *relaciona.ForbiddenError
	if errors.As(err, &fe) {
		fmt.Println("level 6 may not close it: needs level", fe.NeedLevel)
	}
	// Output:
	// opened at level 4 owner ana due 2026-03-03
	// 2026-03-04: 1 steps, level 5, owner beto, last stop false
	// 2026-03-06: 2 steps, level 7, owner dora, last stop true
	// 2026-03-06: 0 steps, level 7, owner dora, last stop true
	// level 6 may not close it: needs level 7
}

// A broken configuration is refused with the file, line and column of
// each problem.
func ExampleLoadConfig() {
	broken := []byte(`kind: stakeholder
version: 1
actors: [{id: ana, level: 4}]
escalation:
  chain:
    - {level: 4, owner: ana, limits: {low: 5, medium: 3, high: 2, critical: 1}}
groups:
  - {id: a, name: A, parent: b}
  - {id: b, name: B, parent: a}
`)
	_, err := stakeholder.ParseConfig("stakeholder.yaml", broken, relaciona.English)
	fmt.Println(err)
	// Output:
	// stakeholder.yaml:6:5: escalation.chain: the escalation chain is missing level 5 (it needs 4, 5, 6 and 7)
	// stakeholder.yaml:6:5: escalation.chain: the escalation chain is missing level 6 (it needs 4, 5, 6 and 7)
	// stakeholder.yaml:6:5: escalation.chain: the escalation chain is missing level 7 (it needs 4, 5, 6 and 7)
	// stakeholder.yaml:8:30: groups[0].parent: nested groups form a cycle: a → b → a
	// stakeholder.yaml:9:30: groups[1].parent: nested groups form a cycle: b → a → b
}

// An embedding application renders a process's report itself, with the
// public report package: HTML for a page of its own, CSV, XLSX or, here,
// Markdown.
func ExampleService_Report() {
	svc, err := setup()
	if err != nil {
		fmt.Println(err)
		return
	}
	at, _ := calendar.ParseDate("2026-03-31")
	doc, err := svc.Report(context.Background(), stakeholder.ReportOptions{At: at, Lang: relaciona.English})
	if err != nil {
		fmt.Println(err)
		return
	}
	var md strings.Builder
	if err := report.Markdown(&md, doc); err != nil {
		fmt.Println(err)
		return
	}
	var html bytes.Buffer
	if err := report.HTML(&html, doc); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.SplitN(md.String(), "\n", 2)[0])
	fmt.Println(strings.Contains(html.String(), "<svg"))
	// Output:
	// # Stakeholder management
	// true
}

// Who may act, and at what SFIA level, is the directory's to say: the
// caller passes who is acting, and a level it claims is not believed.
func ExampleWithDirectory() {
	ctx := context.Background()
	cfg, _ := stakeholder.ParseConfig("example.yaml", []byte(exampleYAML), relaciona.English)
	store, _ := relaciona.OpenStore(ctx, "sqlite://:memory:")
	defer store.Close()
	cal, _ := calendar.New("CO", calendar.Options{})
	// The agency's directory (the deployment's roster, LDAP...): here a
	// roster where beto holds level 5 and dora level 7.
	dir, _ := relaciona.NewRoster(
		relaciona.Person{ID: "beto", Level: 5, Manager: "dora"},
		relaciona.Person{ID: "dora", Level: 7})
	svc, _ := stakeholder.New(store, cfg, cal, stakeholder.WithDirectory(dir))
	at := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

	for _, a := range []relaciona.Actor{
		{ID: "intruder", Level: 7}, // not in the directory
		{ID: "beto", Level: 7},     // the directory gives 5
		{ID: "dora"},               // the directory gives 7
	} {
		_, err := svc.SetPrinciples(ctx, a, at, []string{"Transparency"})
		if err != nil {
			fmt.Println(relaciona.ErrorText(err, relaciona.Spanish))
			continue
		}
		st, _ := svc.Strategy(ctx)
		fmt.Println("principles set by", st.PrinciplesBy)
	}
	// Output:
	// prohibido: "intruder" no puede stakeholder.set_principles: no figura en el directorio
	// prohibido: "beto" no puede stakeholder.set_principles: necesita el nivel SFIA 7 o superior (el directorio le da el nivel 5)
	// principles set by dora
}
