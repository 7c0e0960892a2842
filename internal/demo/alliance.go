package demo

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/alliance"
	"github.com/relaciona/relaciona/calendar"
)

// NewAlliance returns the demo's strategic-alliance process: four OMIL
// offices of the Valparaíso region with 40 alliances in their catastro,
// taken through a full PS54 year (seed 001_a49db6f2870b1157.txt,
// "Descripción del Procedimiento"):
//
//   - January: each office reviews its registry, diagnoses its needs per
//     strategic objective and decides whether it needs new partners; the
//     two offices whose catastro leaves an objective without partners
//     search for them with the Gestor Territorial, meet them in February
//     and sign and register the agreements in March (April for a slow
//     office), then move to monitoring.
//   - Every month: hard data on each alliance from its single referrals
//     (derivaciones), counted in business days on the demo's calendar,
//     with seasonality (quiet summer and winter holidays); a few partners
//     report late, so the periodic job flags them.
//   - June and October: the team rates every alliance; on some the raters
//     disagree and the job flags it.
//   - August: one office reviews a failing alliance on demand, drops it and
//     replaces it.
//   - Q4: each office holds its yearly review (one opens it late, after the
//     job flagged it as due), decides keep or drop on every alliance from
//     its dossier, renegotiates and renews the kept ones, ends the dropped
//     ones and negotiates their replacements, and closes its cycle when all
//     is done by the year end.
//
// The package's Run is called at each month end.
func NewAlliance() Process { return &allianceDemo{} }

// allianceDemo is the alliance process of the demo; its state lives between
// Setup, the months and Report.
type allianceDemo struct {
	svc      *alliance.Service
	cfg      *alliance.Config
	offices  []*omilOffice
	byOffice map[string]*omilOffice
	orgs     map[string]allianceOrg
	allies   map[string]*allyModel
	initial  []string // the alliances of the catastro, in order
	tasks    []allianceTask
	seq      int
	coord    relaciona.Actor // imports the catastro
	job      relaciona.Actor // the scheduled job
}

// omilOffice is one office of the demo with its people and its plan.
type omilOffice struct {
	id, short, name, commune, communeKey string

	enc, gestor relaciona.Actor
	team        []relaciona.Actor

	exclude  []string // organisation templates left out of its catastro, so it has a gap
	slow     bool     // signs its January agreements a month late
	onDemand bool     // reviews a failing alliance in August
	reviewAt calendar.Date

	used         map[string]bool // organisations it has or had an alliance with
	negotiations int             // partner negotiations under way in the current expansion
	replacements []alliance.Search
	decided      map[string]alliance.Verdict
	yearlyClosed bool
}

// allyModel is how one alliance behaves in the demo: its latent quality
// drives acceptance, resolution and the team's ratings.
type allyModel struct {
	id, office, org string
	kind            alliance.AllianceKind
	objectives      []string
	start           calendar.Date
	quality         float64 // 0..1
	speed           int     // usual business days to answer a referral
	volume          float64 // referrals in an ordinary month
	gapFrom         time.Month
	contested       bool // the team disagrees on it
}

// allianceTask is a dated step of the agenda.
type allianceTask struct {
	at   calendar.Date
	seq  int
	what string // office and step, for errors
	do   func(ctx context.Context, env *Env, at calendar.Date) error
}

// allianceOrg is an organisation of the territory as the demo generates it.
type allianceOrg struct {
	alliance.Organisation
	template string
	regional bool
}

type orgTemplate struct {
	key, name string
	sector    alliance.Sector
	resources []string
	note      string
}

var allianceOfficeList = []struct{ id, short, name, commune, key string }{
	{"omil-valparaiso", "vpo", "OMIL Valparaíso", "Valparaíso", "valparaiso"},
	{"omil-vina-del-mar", "vdm", "OMIL Viña del Mar", "Viña del Mar", "vina"},
	{"omil-quilpue", "qpe", "OMIL Quilpué", "Quilpué", "quilpue"},
	{"omil-villa-alemana", "vam", "OMIL Villa Alemana", "Villa Alemana", "villa-alemana"},
}

// allianceLocalOrgs exist once per commune; allianceRegionalOrgs once in
// the region.
var allianceLocalOrgs = []orgTemplate{
	{"camara-comercio", "Cámara de Comercio de %s", alliance.SectorPrivate, []string{"vacantes", "intermediacion"}, ""},
	{"asoc-empresas", "Asociación de Empresas de %s", alliance.SectorPrivate, []string{"vacantes"}, ""},
	{"supermercados", "Supermercados del Pacífico, tiendas de %s", alliance.SectorPrivate, []string{"vacantes", "practicas"}, "Contrata reponedores y cajeros en temporada alta."},
	{"constructora", "Constructora Litoral Central, obras en %s", alliance.SectorPrivate, []string{"vacantes", "capacitacion"}, ""},
	{"otec", "OTEC Formación Laboral %s", alliance.SectorEducation, []string{"capacitacion", "certificacion"}, ""},
	{"liceo-tp", "Liceo Técnico Profesional de %s", alliance.SectorEducation, []string{"practicas", "nivelacion_estudios", "capacitacion"}, ""},
	{"cft", "CFT Regional, sede %s", alliance.SectorEducation, []string{"capacitacion", "certificacion", "practicas"}, ""},
	{"fund-inclusion", "Fundación Inclusión %s", alliance.SectorCivilSociety, []string{"apoyo_inclusion", "intermediacion"}, "Trabaja con personas con discapacidad."},
	{"ccr", "Centro Comunitario de Rehabilitación de %s", alliance.SectorHealth, []string{"apoyo_inclusion"}, ""},
	{"jardin-junji", "Jardín Infantil JUNJI de %s", alliance.SectorPublic, []string{"cuidado_infantil"}, ""},
	{"sala-cuna", "Sala Cuna Integra de %s", alliance.SectorPublic, []string{"cuidado_infantil"}, ""},
	{"fosis", "FOSIS, oficina de %s", alliance.SectorPublic, []string{"financiamiento", "asesoria"}, ""},
	{"sercotec", "Centro de Negocios Sercotec %s", alliance.SectorPublic, []string{"asesoria"}, ""},
	{"cooperativa", "Cooperativa de Ahorro y Crédito de %s", alliance.SectorPrivate, []string{"financiamiento"}, ""},
	{"cead", "Centro de Educación de Adultos de %s", alliance.SectorEducation, []string{"nivelacion_estudios"}, ""},
	{"fund-emplea", "Fundación Emplea %s", alliance.SectorCivilSociety, []string{"apoyo_inclusion", "intermediacion", "capacitacion"}, "Trabaja con personas en situación de calle."},
}

var allianceRegionalOrgs = []orgTemplate{
	{"sence-regional", "SENCE Dirección Regional de Valparaíso", alliance.SectorPublic, []string{"capacitacion", "certificacion"}, ""},
	{"chilevalora-regional", "ChileValora, oficina regional de Valparaíso", alliance.SectorPublic, []string{"certificacion"}, ""},
	{"senadis-regional", "SENADIS Dirección Regional de Valparaíso", alliance.SectorPublic, []string{"apoyo_inclusion"}, ""},
	{"injuv-regional", "INJUV Dirección Regional de Valparaíso", alliance.SectorPublic, []string{"practicas"}, ""},
}

// The offices whose catastro leaves an objective without partners: the
// templates they lack.
var allianceGapTemplates = [][]string{
	{"fosis", "sercotec", "cooperativa"}, // emprendimiento
	{"jardin-junji", "sala-cuna"},        // cuidados
}

var (
	allianceFirstNames = []string{"María Fernanda", "Camila", "Valentina", "Daniela", "Carolina", "Natalia", "Paula", "Alejandra", "Claudia", "Luisa",
		"Andrés", "Juan Pablo", "Sebastián", "Felipe", "Diego", "Javier", "Luis Carlos", "Camilo", "Mauricio", "Julián"}
	allianceSurnames = []string{"González", "Rodríguez", "Gómez", "Martínez", "López", "Díaz", "Pérez", "Muñoz", "Rojas", "Torres",
		"Castro", "Vargas", "Herrera", "Ramírez", "Morales", "Ortiz", "Restrepo", "Londoño", "Ospina", "Cárdenas"}
)

// allianceSeason is the relative referral volume of each month: quiet in
// the summer holidays, busy in autumn, a dip in the winter break.
var allianceSeason = [12]float64{0.55, 0.65, 1.15, 1.2, 1.2, 1.05, 0.8, 1.05, 1.0, 1.1, 1.0, 0.6}

func (p *allianceDemo) Name() string { return "alliance" }

// directory is the roster of the demo's people, which decides who may act:
// the coordination above every office's encargado, who stands above the
// office's gestor and team.
func (p *allianceDemo) directory(env *Env) error {
	person := func(a relaciona.Actor, level int, manager string) relaciona.Person {
		d := relaciona.Person{ID: a.ID, Name: a.Name, Email: staffEmail(a.ID), Level: level, Manager: manager}
		for _, r := range a.Roles {
			d.Roles = append(d.Roles, relaciona.Role{Process: alliance.Kind, Name: r})
		}
		return d
	}
	people := []relaciona.Person{person(p.coord, 6, "")}
	for _, o := range p.offices {
		people = append(people, person(o.enc, 5, p.coord.ID), person(o.gestor, 4, o.enc.ID))
		for _, m := range o.team {
			member := person(m, 3, o.enc.ID)
			member.Digest = true // the teams read one daily digest
			people = append(people, member)
		}
	}
	return env.AddPeople(people...)
}

// Setup writes alliance.yaml, loads it back through LoadConfig, imports the
// catastro and plans the year.
func (p *allianceDemo) Setup(ctx context.Context, env *Env) error {
	if env.Year < calendar.MinYear+8 || env.Year > calendar.MaxYear-3 {
		return relaciona.Invalid("year", "year %d is outside what the alliance demo supports", env.Year)
	}
	*p = allianceDemo{byOffice: map[string]*omilOffice{}, orgs: map[string]allianceOrg{}, allies: map[string]*allyModel{}}
	r := env.Rand
	p.coord = relaciona.Actor{ID: "coordinacion-omil", Name: allianceName(env), Roles: []string{alliance.DefaultRoleEncargado}}
	p.job = relaciona.Actor{ID: "relaciona-run", Name: "relaciona run", Roles: []string{alliance.RoleSystem}}

	// Offices and their people; two lack partners for an objective, one is
	// slow to sign, one reviews on demand, one opens its yearly review late.
	order := r.Perm(len(allianceOfficeList))
	late := order[3]
	for i, o := range allianceOfficeList {
		off := &omilOffice{id: o.id, short: o.short, name: o.name, commune: o.commune, communeKey: o.key, used: map[string]bool{}, decided: map[string]alliance.Verdict{}}
		off.enc = relaciona.Actor{ID: o.short + "-encargado", Name: allianceName(env), Roles: []string{alliance.DefaultRoleEncargado}}
		off.gestor = relaciona.Actor{ID: o.short + "-gestor", Name: allianceName(env), Roles: []string{alliance.DefaultRoleGestor}}
		for j := range 3 {
			off.team = append(off.team, relaciona.Actor{ID: fmt.Sprintf("%s-equipo-%d", o.short, j+1), Name: allianceName(env), Roles: []string{alliance.DefaultRoleTeam}})
		}
		switch i {
		case order[0]:
			off.exclude = allianceGapTemplates[0]
			off.slow = true
		case order[1]:
			off.exclude = allianceGapTemplates[1]
		case order[2]:
			off.onDemand = true
		}
		if i == late {
			off.reviewAt = p.biz(env, calendar.Date{Year: env.Year, Month: time.December, Day: 1 + r.IntN(2)})
		} else {
			off.reviewAt = p.biz(env, calendar.Date{Year: env.Year, Month: time.November, Day: 9 + r.IntN(14)})
		}
		p.offices = append(p.offices, off)
		p.byOffice[off.id] = off
	}

	cfg, err := writeConfig(env, "alliance.yaml", p.configYAML(env), alliance.LoadConfig)
	if err != nil {
		return err
	}
	if err := p.directory(env); err != nil {
		return err
	}
	svc, err := alliance.New(env.Store, cfg, env.Cal, alliance.WithLang(env.Lang), alliance.WithDirectory(env.Directory))
	if err != nil {
		return err
	}
	p.svc, p.cfg = svc, svc.Config()
	if err := svc.ImportConfig(ctx, p.coord, calendar.Date{Year: env.Year, Month: time.January, Day: 2}); err != nil {
		return err
	}
	env.Count("offices", len(cfg.Offices))
	env.Count("organisations", len(cfg.Organisations))
	env.Count("alliances", len(cfg.Alliances))

	// The year's agenda: what is planned from the start; every step
	// schedules the ones that follow it.
	for _, o := range p.offices {
		o := o
		p.schedule(env, p.biz(env, calendar.Date{Year: env.Year, Month: time.January, Day: 5 + r.IntN(5)}), o.id+" review_registry", func(ctx context.Context, env *Env, at calendar.Date) error {
			return p.reviewRegistry(ctx, env, o, at)
		})
		for _, round := range []struct {
			m    time.Month
			from int
		}{{time.June, 15}, {time.October, 13}} {
			raters := append([]relaciona.Actor{o.enc, o.gestor}, o.team...)
			for _, rater := range raters {
				rater := rater
				p.schedule(env, p.biz(env, calendar.Date{Year: env.Year, Month: round.m, Day: round.from + r.IntN(12)}), o.id+" rate "+rater.ID, func(ctx context.Context, env *Env, at calendar.Date) error {
					return p.rate(ctx, env, o, rater, at)
				})
			}
		}
		if o.onDemand {
			p.schedule(env, p.biz(env, calendar.Date{Year: env.Year, Month: time.August, Day: 5 + r.IntN(10)}), o.id+" on-demand review", func(ctx context.Context, env *Env, at calendar.Date) error {
				return p.onDemandReview(ctx, env, o, at)
			})
		}
		p.schedule(env, o.reviewAt, o.id+" open yearly review", func(ctx context.Context, env *Env, at calendar.Date) error {
			return p.openYearlyReview(ctx, env, o, at)
		})
	}
	return nil
}

// Month runs the month's agenda in date order, records the month's hard
// data, closes the cycles that are done in December, and runs the
// periodic job at the month end.
func (p *allianceDemo) Month(ctx context.Context, env *Env, m time.Month) error {
	end := env.MonthEnd(m)
	for {
		i := p.nextTask(end)
		if i < 0 {
			break
		}
		t := p.tasks[i]
		p.tasks = slices.Delete(p.tasks, i, i+1)
		if err := t.do(ctx, env, t.at); err != nil {
			return fmt.Errorf("%s %s: %w", t.at, t.what, err)
		}
	}
	for _, o := range p.offices {
		if err := p.measure(ctx, env, o, m, end); err != nil {
			return fmt.Errorf("%s %s: %w", o.id, end, err)
		}
	}
	if m == time.December {
		for _, o := range p.offices {
			c, err := p.svc.Cycle(ctx, o.id)
			if err != nil {
				return err
			}
			if c.Phase != alliance.PhaseMonitoring || !o.yearlyClosed {
				continue // late work: the cycle carries into next year
			}
			if _, err := p.svc.CloseCycle(ctx, o.enc, o.id, end); err != nil {
				return fmt.Errorf("%s: %w", o.id, err)
			}
			env.Count("cycles_closed", 1)
		}
	}
	sum, err := p.svc.Run(ctx, p.job, end)
	if err != nil {
		return err
	}
	for _, f := range sum.Raised {
		env.Count("flags", 1)
		env.Count("flags_"+string(f.Kind), 1)
	}
	return nil
}

// schedule adds a step to the agenda. Steps after the last working day of
// the year do not happen in the demo: they are the work an office carries
// into the next year.
func (p *allianceDemo) schedule(env *Env, at calendar.Date, what string, do func(context.Context, *Env, calendar.Date) error) {
	if at.Year != env.Year || at.After(calendar.Date{Year: env.Year, Month: time.December, Day: 30}) {
		env.Count("steps_after_year_end", 1)
		return
	}
	p.seq++
	p.tasks = append(p.tasks, allianceTask{at: at, seq: p.seq, what: what, do: do})
}

// nextTask is the index of the earliest step due by end, or -1.
func (p *allianceDemo) nextTask(end calendar.Date) int {
	best := -1
	for i, t := range p.tasks {
		if t.at.After(end) {
			continue
		}
		if best < 0 || t.at.Before(p.tasks[best].at) || (t.at == p.tasks[best].at && t.seq < p.tasks[best].seq) {
			best = i
		}
	}
	return best
}

// biz is the first business day on or after d (within a fortnight).
func (p *allianceDemo) biz(env *Env, d calendar.Date) calendar.Date {
	for i := 0; i < 15 && !env.Cal.IsBusinessDay(d); i++ {
		d = d.AddDays(1)
	}
	return d
}

// after is the n-th business day after d. The demo's dates are always in
// the calendar's range (Setup checks the year), so the fallback to calendar
// days is never taken in practice.
func (p *allianceDemo) after(env *Env, d calendar.Date, n int) calendar.Date {
	v, err := env.Cal.AddBusinessDays(d, n)
	if err != nil {
		return d.AddDays(n + n/5*2)
	}
	return v
}

func allianceName(env *Env) string {
	r := env.Rand
	return allianceFirstNames[r.IntN(len(allianceFirstNames))] + " " + allianceSurnames[r.IntN(len(allianceSurnames))] + " " + allianceSurnames[r.IntN(len(allianceSurnames))]
}

// ---------------------------------------------------------------------
// The configuration.

// configYAML generates the process's YAML: the offices, the catalogue, the
// objectives with their targets, the thresholds and the catastro of 40
// alliances over the organisations of the territory.
func (p *allianceDemo) configYAML(env *Env) []byte {
	r := env.Rand
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("%s\n#\n", Modeline("alliance"))
	w("# Alianzas estratégicas de las OMIL de la región de Valparaíso (proceso PS54),\n")
	w("# generado por `relaciona demo`. Organizaciones y personas son ficticias.\n")
	w("kind: alliance\nversion: 1\n\noffices:\n")
	for _, o := range p.offices {
		w("  - id: %s\n    name: %s\n    commune: %s\n    region: Valparaíso\n", o.id, yq(o.name), yq(o.commune))
	}
	w(`
roles:
  encargado: encargado_omil
  gestor: gestor_territorial
  team: equipo_omil

resources:
  - {id: vacantes, name: Vacantes de empleo}
  - {id: intermediacion, name: Intermediación laboral}
  - {id: capacitacion, name: Capacitación en oficios}
  - {id: certificacion, name: Certificación de competencias}
  - {id: apoyo_inclusion, name: Apoyo a la inclusión laboral}
  - {id: cuidado_infantil, name: Cuidado infantil}
  - {id: financiamiento, name: Financiamiento de emprendimientos}
  - {id: asesoria, name: Asesoría a emprendedores}
  - {id: practicas, name: Prácticas laborales para jóvenes}
  - {id: nivelacion_estudios, name: Nivelación de estudios}

objectives:
  - id: colocacion
    name: Aumentar la colocación laboral
    priority: 3
    resources: [vacantes, intermediacion]
    indicators:
      - {id: colocacion-resueltas, name: Derivaciones resueltas, metric: resolution_rate, target: 0.45}
      - {id: colocacion-respuesta, name: Días hábiles de respuesta, metric: answer_days, target: 5}
  - id: empleabilidad
    name: Mejorar la empleabilidad con capacitación
    priority: 2
    resources: [capacitacion, certificacion]
    indicators:
      - {id: empleabilidad-aceptadas, name: Derivaciones aceptadas, metric: acceptance_rate, target: 0.6}
  - id: inclusion
    name: Inclusión laboral de personas con discapacidad
    priority: 2
    resources: [apoyo_inclusion, vacantes]
    indicators:
      - {id: inclusion-derivaciones, name: Derivaciones enviadas, metric: referrals_sent, target: 30}
  - id: cuidados
    name: Conciliar trabajo y cuidados
    priority: 1
    resources: [cuidado_infantil]
    indicators:
      - {id: cuidados-satisfaccion, name: Satisfacción de las usuarias (1 a 5), metric: manual, target: 4}
  - id: emprendimiento
    name: Apoyar el emprendimiento
    priority: 2
    resources: [financiamiento, asesoria]
    indicators:
      - {id: emprendimiento-resueltas, name: Derivaciones resueltas, metric: resolution_rate, target: 0.3}
  - id: jovenes
    name: Empleo juvenil
    priority: 2
    resources: [practicas, nivelacion_estudios]
    indicators:
      - {id: jovenes-aceptadas, name: Derivaciones aceptadas, metric: acceptance_rate, target: 0.5}

monitoring:
  max_days_without_measurement: 45
  rating_min: 1
  rating_max: 5
  disagreement_spread: 2
  min_raters: 2

review:
  due: "11-16"

search:
  shortlist_size: 3

organisations:
`)
	// The organisations of the territory: each template in each commune,
	// and the regional services.
	var orgs []allianceOrg
	for _, o := range p.offices {
		for _, t := range allianceLocalOrgs {
			orgs = append(orgs, p.newOrg(env, t, t.key+"-"+o.communeKey, fmt.Sprintf(t.name, o.commune), o.commune))
		}
	}
	for _, t := range allianceRegionalOrgs {
		org := p.newOrg(env, t, t.key, t.name, "Valparaíso")
		org.regional = true
		orgs = append(orgs, org)
	}
	for _, o := range orgs {
		p.orgs[o.ID] = o
		w("  - id: %s\n    name: %s\n    sector: %s\n    commune: %s\n    resources: [%s]\n", o.ID, yq(o.Name), o.Sector, yq(o.Commune), strings.Join(o.Resources, ", "))
		if c := o.Contact; c.Name != "" {
			w("    contact:\n      name: %s\n      email: %s\n      phone: %s\n", yq(c.Name), yq(c.Email), yq(c.Phone))
		}
		if o.Notes != "" {
			w("    notes: %s\n", yq(o.Notes))
		}
	}

	// Ten alliances per office: first partners that cover every resource
	// the office can get (so only its excluded templates leave a gap), then
	// others at random.
	w("\nalliances:\n")
	for _, o := range p.offices {
		var pool []allianceOrg
		for _, org := range orgs {
			local := org.Commune == o.commune && !org.regional
			if (local || org.regional) && !slices.Contains(o.exclude, org.template) {
				pool = append(pool, org)
			}
		}
		r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
		covered := map[string]bool{}
		var picked []allianceOrg
		for _, org := range pool {
			adds := false
			for _, res := range org.Resources {
				adds = adds || !covered[res]
			}
			if adds {
				picked = append(picked, org)
				for _, res := range org.Resources {
					covered[res] = true
				}
			}
		}
		for _, org := range pool {
			if len(picked) >= 10 {
				break
			}
			if !slices.ContainsFunc(picked, func(x allianceOrg) bool { return x.ID == org.ID }) {
				picked = append(picked, org)
			}
		}
		slices.SortFunc(picked, func(a, b allianceOrg) int { return strings.Compare(a.ID, b.ID) })
		for _, org := range picked[:min(10, len(picked))] {
			a := p.newAlly(env, o, org, p.orgObjectives(org.Resources))
			switch x := r.Float64(); {
			case org.Sector == alliance.SectorPublic && x < 0.75, x < 0.4:
				a.kind = alliance.KindAgreement
			case x < 0.8:
				a.kind = alliance.KindUnderstanding
			default:
				a.kind = alliance.KindLink
				a.volume = 1 + 2*r.Float64()
			}
			a.start = calendar.Date{Year: env.Year - 1 - r.IntN(6), Month: time.Month(1 + r.IntN(12)), Day: 1 + r.IntN(28)}
			p.initial = append(p.initial, a.id)
			w("  - id: %s\n    office: %s\n    organisation: %s\n    kind: %s\n    objectives: [%s]\n    start: %s\n",
				a.id, o.id, org.ID, a.kind, strings.Join(a.objectives, ", "), a.start)
			if a.kind == alliance.KindAgreement {
				if r.IntN(5) < 2 {
					w("    end: %d-12-31\n", env.Year+1+r.IntN(2))
				}
				w("    documents:\n      - title: %s\n        ref: %s\n",
					yq(fmt.Sprintf("Convenio de colaboración %s – Municipalidad de %s", org.Name, o.commune)),
					yq(fmt.Sprintf("Alianzas vigentes/%d/%s.pdf", a.start.Year, a.id)))
			}
		}
	}
	return []byte(b.String())
}

func (p *allianceDemo) newOrg(env *Env, t orgTemplate, id, name, commune string) allianceOrg {
	r := env.Rand
	o := allianceOrg{template: t.key, Organisation: alliance.Organisation{ID: id, Name: name, Sector: t.sector, Commune: commune, Resources: t.resources, Notes: t.note}}
	if r.IntN(10) < 7 {
		first := allianceFirstNames[r.IntN(len(allianceFirstNames))]
		last := allianceSurnames[r.IntN(len(allianceSurnames))]
		o.Contact = alliance.Contact{
			Name:  first + " " + last,
			Email: asciiFold(strings.ToLower(first[:1]+strings.Fields(last)[0])) + "@" + id + ".example.cl",
			Phone: fmt.Sprintf("+56 32 2%02d %04d", r.IntN(100), r.IntN(10000)),
		}
	}
	return o
}

// newAlly registers the behaviour of a new alliance of office o with org.
func (p *allianceDemo) newAlly(env *Env, o *omilOffice, org allianceOrg, objectives []string) *allyModel {
	r := env.Rand
	a := &allyModel{id: o.short + "-" + org.ID, office: o.id, org: org.ID, objectives: objectives}
	if r.IntN(100) < 15 {
		a.quality = 0.08 + 0.22*r.Float64()
	} else {
		a.quality = 0.4 + 0.55*r.Float64()
	}
	a.speed = 2 + r.IntN(7)
	a.volume = 5 + 12*r.Float64()
	if r.IntN(100) < 12 {
		a.gapFrom = time.Month(2 + r.IntN(8)) // the partner stops reporting for two months
	}
	a.contested = r.IntN(100) < 12
	o.used[org.ID] = true
	p.allies[a.id] = a
	return a
}

// orgObjectives are the objectives an organisation's resources serve, in
// configuration order.
func (p *allianceDemo) orgObjectives(resources []string) []string {
	var out []string
	for _, obj := range allianceObjectiveResources {
		for _, r := range obj.resources {
			if slices.Contains(resources, r) {
				out = append(out, obj.id)
				break
			}
		}
	}
	return out
}

// allianceObjectiveResources mirrors the objectives of the generated YAML,
// so the catastro can be built before the file is loaded.
var allianceObjectiveResources = []struct {
	id        string
	resources []string
}{
	{"colocacion", []string{"vacantes", "intermediacion"}},
	{"empleabilidad", []string{"capacitacion", "certificacion"}},
	{"inclusion", []string{"apoyo_inclusion", "vacantes"}},
	{"cuidados", []string{"cuidado_infantil"}},
	{"emprendimiento", []string{"financiamiento", "asesoria"}},
	{"jovenes", []string{"practicas", "nivelacion_estudios"}},
}

// yq writes s as a YAML scalar: plain when it is clearly a string (words,
// digits and a little punctuation, starting with a letter), double-quoted
// otherwise.
func yq(s string) string {
	plain := s != "" && !strings.Contains(s, ": ") && !strings.Contains(s, " #") && !strings.HasSuffix(s, ":")
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "y", "n":
		plain = false
	}
	for i, r := range s {
		if !plain {
			break
		}
		letter := unicode.IsLetter(r)
		plain = letter || (i > 0 && (unicode.IsDigit(r) || r == ' ' || strings.ContainsRune(".,()–-'/@_", r)))
	}
	if plain {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// asciiFold drops the accents of Spanish letters, for e-mail addresses.
func asciiFold(s string) string {
	return strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ñ", "n", "ü", "u").Replace(s)
}

// ---------------------------------------------------------------------
// January: registry, diagnosis, decision, search.

func (p *allianceDemo) reviewRegistry(ctx context.Context, env *Env, o *omilOffice, at calendar.Date) error {
	L := env.Lang
	if _, err := p.svc.ReviewRegistry(ctx, o.enc, o.id, env.Year, at, L.Tf("catastro %d", "%d registry", env.Year)); err != nil {
		return err
	}
	p.schedule(env, p.after(env, at, 2+env.Rand.IntN(4)), o.id+" diagnose", func(ctx context.Context, env *Env, at calendar.Date) error {
		return p.diagnose(ctx, env, o, at)
	})
	return nil
}

func (p *allianceDemo) diagnose(ctx context.Context, env *Env, o *omilOffice, at calendar.Date) error {
	L := env.Lang
	d, err := p.svc.Diagnose(ctx, o.enc, o.id, at)
	if err != nil {
		return err
	}
	// New partners are needed where an objective has no alliance or a
	// resource nobody provides; below-target alliances are deepened
	// through monitoring.
	var gaps []string
	for _, od := range d.Objectives {
		if od.Status == alliance.CoverageNone || len(od.MissingResources) > 0 {
			gaps = append(gaps, od.Objective)
		}
	}
	decideAt := p.after(env, at, 1+env.Rand.IntN(3))
	reason := L.T("todos los objetivos tienen socios: se profundizan las alianzas vigentes con el monitoreo",
		"every objective has partners: the current alliances are deepened through monitoring")
	if len(gaps) > 0 {
		reason = L.Tf("sin socios o recursos para: %s", "no partners or resources for: %s", p.objectiveNames(gaps))
	}
	p.schedule(env, decideAt, o.id+" decide", func(ctx context.Context, env *Env, at calendar.Date) error {
		if _, err := p.svc.Decide(ctx, o.enc, o.id, at, len(gaps) > 0, reason); err != nil {
			return err
		}
		if len(gaps) > 0 {
			p.schedule(env, p.after(env, at, 2+env.Rand.IntN(4)), o.id+" search partners", func(ctx context.Context, env *Env, at calendar.Date) error {
				return p.search(ctx, env, o, at, d, gaps)
			})
		}
		return nil
	})
	return nil
}

// search is the Gestor Territorial's partner search for the objectives
// without partners: the candidates are ranked as the package ranks them,
// and the shortlist prefers organisations of the office's own commune.
func (p *allianceDemo) search(ctx context.Context, env *Env, o *omilOffice, at calendar.Date, d alliance.Diagnosis, objectives []string) error {
	var gaps []alliance.Gap
	for _, g := range d.Gaps {
		if slices.Contains(objectives, g.Objective) {
			gaps = append(gaps, g)
		}
	}
	orgs, err := p.svc.Organisations(ctx)
	if err != nil {
		return err
	}
	exclude, err := p.partners(ctx, o)
	if err != nil {
		return err
	}
	cands := alliance.Rank(p.cfg, gaps, orgs, exclude)
	picks := p.choose(o, cands, objectives)
	shortlist := slices.Clone(picks)
	for _, c := range p.localFirst(o, cands) {
		if len(shortlist) >= p.cfg.Search.ShortlistSize {
			break
		}
		if !slices.Contains(shortlist, c.Organisation) {
			shortlist = append(shortlist, c.Organisation)
		}
	}
	x, err := p.svc.SearchPartners(ctx, o.gestor, o.id, at, alliance.SearchRequest{Objectives: objectives, Shortlist: shortlist})
	if err != nil {
		return err
	}
	env.Count("partner_searches", 1)
	// The meetings start in February, after the summer break.
	from := at
	if feb := (calendar.Date{Year: env.Year, Month: time.February, Day: 1}); from.Before(feb) {
		from = feb
	}
	p.monitorWhenDone(env, o, p.negotiate(env, o, x, picks, from, 4, p.slowness(o)))
	return nil
}

func (p *allianceDemo) slowness(o *omilOffice) int {
	if o.slow {
		return 18
	}
	return 0
}

// partners are the organisations office o has an alliance in force with.
func (p *allianceDemo) partners(ctx context.Context, o *omilOffice) (map[string]bool, error) {
	all, err := p.svc.Alliances(ctx, o.id)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, a := range all {
		if a.Status != alliance.StatusEnded {
			out[a.Organisation] = true
		}
	}
	return out, nil
}

// localFirst orders candidates with the office's own commune first, keeping
// the rank within each group.
func (p *allianceDemo) localFirst(o *omilOffice, cands []alliance.Candidate) []alliance.Candidate {
	out := slices.Clone(cands)
	slices.SortStableFunc(out, func(a, b alliance.Candidate) int {
		la, lb := p.orgs[a.Organisation].Commune == o.commune, p.orgs[b.Organisation].Commune == o.commune
		switch {
		case la && !lb:
			return -1
		case lb && !la:
			return 1
		}
		return 0
	})
	return out
}

// choose picks, for each objective, the best candidate that provides one of
// its resources, local first, never the same organisation twice nor one
// the office worked with before.
func (p *allianceDemo) choose(o *omilOffice, cands []alliance.Candidate, objectives []string) []string {
	var picks []string
	for _, obj := range objectives {
		var need []string
		for _, x := range allianceObjectiveResources {
			if x.id == obj {
				need = x.resources
			}
		}
		for _, c := range p.localFirst(o, cands) {
			org := p.orgs[c.Organisation]
			if slices.Contains(picks, org.ID) || o.used[org.ID] {
				continue
			}
			if slices.ContainsFunc(org.Resources, func(r string) bool { return slices.Contains(need, r) }) {
				picks = append(picks, org.ID)
				o.used[org.ID] = true
				break
			}
		}
	}
	return picks
}

// negotiate schedules the meetings with a search's shortlist and, for each
// pick, the agreement and its registration; once every pick is registered
// the office moves to monitoring. Shortlisted organisations not picked are
// met once and decline. pace is the business days between steps (the
// January negotiations take their time; replacements at the year end are
// quicker), delay adds days before signing (a slow office).
func (p *allianceDemo) negotiate(env *Env, o *omilOffice, x alliance.Search, picks []string, from calendar.Date, pace, delay int) calendar.Date {
	L := env.Lang
	r := env.Rand
	day := from
	o.negotiations += len(picks)
	for _, org := range x.Shortlist() {
		day = p.after(env, day, 1+r.IntN(3))
		org := org
		if !slices.Contains(picks, org) {
			p.schedule(env, day, o.id+" meet "+org, func(ctx context.Context, env *Env, at calendar.Date) error {
				return p.svc.Meet(ctx, o.gestor, x.ID, org, at, L.T("Interés en colaborar, pero sin cupos ni recursos este año", "Interested, but no places or resources this year"))
			})
			continue
		}
		p.schedule(env, day, o.id+" meet "+org, func(ctx context.Context, env *Env, at calendar.Date) error {
			if err := p.svc.Meet(ctx, o.gestor, x.ID, org, at, L.Tf("Primera reunión: %s ofrece %s", "First meeting: %s offers %s", p.orgs[org].Name, p.resourceNames(p.orgs[org].Resources))); err != nil {
				return err
			}
			encAt := p.after(env, at, pace+r.IntN(pace+1))
			p.schedule(env, encAt, o.id+" meet "+org, func(ctx context.Context, env *Env, at calendar.Date) error {
				if err := p.svc.Meet(ctx, o.enc, x.ID, org, at, L.T("Borrador de acuerdo: cupos, plazos de respuesta y reporte mensual de derivaciones",
					"Draft agreement: places, answer times and a monthly referral report")); err != nil {
					return err
				}
				p.schedule(env, p.after(env, at, pace+r.IntN(pace+2)+delay), o.id+" agree "+org, func(ctx context.Context, env *Env, at calendar.Date) error {
					return p.agree(ctx, env, o, x, org, at, pace)
				})
				return nil
			})
			return nil
		})
	}
	return day
}

// monitorWhenDone moves the office to monitoring the business day after
// last when no negotiation is under way (the last registration does it
// otherwise).
func (p *allianceDemo) monitorWhenDone(env *Env, o *omilOffice, last calendar.Date) {
	if o.negotiations > 0 {
		return
	}
	p.schedule(env, p.after(env, last, 1), o.id+" start monitoring", func(ctx context.Context, env *Env, at calendar.Date) error {
		return p.startMonitoring(ctx, env, o, at)
	})
}

func (p *allianceDemo) agree(ctx context.Context, env *Env, o *omilOffice, x alliance.Search, org string, at calendar.Date, pace int) error {
	L := env.Lang
	r := env.Rand
	info := p.orgs[org]
	t := alliance.Terms{Kind: alliance.KindUnderstanding, Objectives: p.orgObjectives(info.Resources)}
	if info.Sector == alliance.SectorPublic || info.Sector == alliance.SectorEducation {
		t.Kind = alliance.KindAgreement
		t.End = calendar.Date{Year: env.Year + 1 + r.IntN(2), Month: time.December, Day: 31}
	}
	if err := p.svc.Agree(ctx, o.enc, x.ID, org, at, t); err != nil {
		return err
	}
	p.schedule(env, p.after(env, at, pace-1+r.IntN(pace)), o.id+" register "+org, func(ctx context.Context, env *Env, at calendar.Date) error {
		id := o.short + "-" + org
		title := L.Tf("Convenio %s – Municipalidad de %s", "Agreement %s – Municipality of %s", info.Name, o.commune)
		if t.Kind == alliance.KindUnderstanding {
			title = L.Tf("Acta de entendimiento %s – OMIL %s", "Memorandum of understanding %s – OMIL %s", info.Name, o.commune)
		}
		a, err := p.svc.Register(ctx, o.enc, x.ID, org, at, id, []alliance.Document{{Title: title, Ref: fmt.Sprintf("Alianzas vigentes/%d/%s.pdf", env.Year, id)}})
		if err != nil {
			return err
		}
		m := p.newAlly(env, o, info, a.Objectives)
		m.kind, m.start = a.Kind, a.Start
		if m.quality < 0.4 { // partners are chosen for their fit
			m.quality += 0.35
		}
		env.Count("new_alliances", 1)
		o.negotiations--
		if o.negotiations == 0 {
			p.schedule(env, p.after(env, at, 1), o.id+" start monitoring", func(ctx context.Context, env *Env, at calendar.Date) error {
				return p.startMonitoring(ctx, env, o, at)
			})
		}
		return nil
	})
	return nil
}

func (p *allianceDemo) startMonitoring(ctx context.Context, env *Env, o *omilOffice, at calendar.Date) error {
	_, err := p.svc.StartMonitoring(ctx, o.enc, o.id, at)
	return err
}

// ---------------------------------------------------------------------
// Monitoring: referrals every month, the team's ratings.

// measure records the office's hard data for the month ending on end: for
// each alliance in force that reported, its referrals summarized on the
// calendar. Links (not operational) report every other month; a partner
// with a reporting gap skips two months.
func (p *allianceDemo) measure(ctx context.Context, env *Env, o *omilOffice, m time.Month, end calendar.Date) error {
	c, err := p.svc.Cycle(ctx, o.id)
	if err != nil {
		return err
	}
	if c.Phase == alliance.PhaseNotStarted || c.Phase == alliance.PhaseClosed {
		return nil
	}
	all, err := p.inForce(ctx, o, end)
	if err != nil {
		return err
	}
	var ms []alliance.Measurement
	refs := 0
	for _, f := range all {
		a, model := f.a, f.model
		if model.gapFrom != 0 && (m == model.gapFrom || m == model.gapFrom+1) {
			continue
		}
		if a.Kind == alliance.KindLink && m%2 == 0 && m != time.December {
			continue
		}
		rs := p.referrals(env, model, a, m, end)
		meas, err := alliance.SummarizeReferrals(env.Cal, a.ID, end, rs)
		if err != nil {
			return err
		}
		if slices.Contains(a.Objectives, "cuidados") {
			v := 2.6 + 2.2*model.quality + 0.4*(env.Rand.Float64()-0.5)
			meas.Values = map[string]float64{"cuidados-satisfaccion": math.Round(min(v, 5)*10) / 10}
		}
		ms = append(ms, meas)
		refs += len(rs)
		if err := p.purpose(ctx, env, o, model, a, rs, m, end); err != nil {
			return err
		}
	}
	if len(ms) == 0 {
		return nil
	}
	if err := p.svc.RecordMeasurements(ctx, o.enc, ms); err != nil {
		return err
	}
	env.Count("measurements", len(ms))
	env.Count("referrals", refs)
	return nil
}

// modelledAlliance is an alliance of the service with the demo's model
// of its partner.
type modelledAlliance struct {
	a     alliance.Alliance
	model *allyModel
}

// inForce lists, in the service's order, the office's alliances in force
// on day (active, kept or being renegotiated, started by then) whose
// partner the demo models.
func (p *allianceDemo) inForce(ctx context.Context, o *omilOffice, day calendar.Date) ([]modelledAlliance, error) {
	all, err := p.svc.Alliances(ctx, o.id)
	if err != nil {
		return nil, err
	}
	var out []modelledAlliance
	for _, a := range all {
		switch a.Status {
		case alliance.StatusActive, alliance.StatusKept, alliance.StatusRenegotiating:
		default:
			continue
		}
		model := p.allies[a.ID]
		if model == nil || a.Start.After(day) {
			continue
		}
		out = append(out, modelledAlliance{a: a, model: model})
	}
	return out, nil
}

// purposeReferrals is how many of an alliance's monthly referrals the
// office follows case by case (alliance.referral), keeping the demo's
// batches few.
const purposeReferrals = 2

// purpose records the purpose measured for one alliance in month m (seed
// 001: better referrals, quicker information): the first of the month's
// referrals as case records, closed on the partner's answer when it came
// by the month end (resolved as the referral was) and left pending
// otherwise, and most months one request for information, answered after
// the partner's usual delay when that falls in the month.
func (p *allianceDemo) purpose(ctx context.Context, env *Env, o *omilOffice, model *allyModel, a alliance.Alliance, rs []alliance.Referral, m time.Month, end calendar.Date) error {
	r := env.Rand
	for i, ref := range rs[:min(len(rs), purposeReferrals)] {
		id := fmt.Sprintf("%s-%02d-d%d", a.ID, int(m), i+1)
		if _, err := p.svc.RecordReferral(ctx, o.enc, id, a.ID, ref.Sent); err != nil {
			return err
		}
		env.Count("purpose_referrals", 1)
		if ref.Answered.IsZero() {
			continue
		}
		resolved := ref.Resolved
		if _, err := p.svc.CloseReferral(ctx, o.enc, id, ref.Answered, resolved); err != nil {
			return err
		}
		if resolved {
			env.Count("purpose_resolved", 1)
		}
	}
	if r.Float64() < 0.3 {
		return nil
	}
	first := env.Day(m, 1)
	if a.Start.After(first) {
		first = a.Start
	}
	asked := p.biz(env, first.AddDays(r.IntN(end.Day-first.Day+1)))
	if asked.After(end) {
		asked = end
	}
	id := fmt.Sprintf("%s-%02d-s1", a.ID, int(m))
	if _, err := p.svc.RecordInfoRequest(ctx, o.enc, id, a.ID, asked); err != nil {
		return err
	}
	env.Count("info_requests", 1)
	if ans := p.after(env, asked, max(1, model.speed+r.IntN(5)-2)); !ans.After(end) {
		if _, err := p.svc.AnswerInfoRequest(ctx, o.enc, id, ans); err != nil {
			return err
		}
		env.Count("info_answered", 1)
	}
	return nil
}

// referrals generates the month's referrals of one alliance: sent on
// business days, answered after the partner's usual delay (or not yet by
// the month end), accepted and resolved by its quality.
func (p *allianceDemo) referrals(env *Env, model *allyModel, a alliance.Alliance, m time.Month, end calendar.Date) []alliance.Referral {
	r := env.Rand
	vol := model.volume
	if a.Kind == alliance.KindLink {
		vol = min(vol, 3)
	}
	n := int(math.Round(vol * allianceSeason[m-1] * (0.6 + 0.8*r.Float64())))
	first := env.Day(m, 1)
	if a.Start.After(first) {
		first = a.Start
	}
	span := end.Day - first.Day + 1
	out := make([]alliance.Referral, 0, n)
	for range n {
		sent := p.biz(env, first.AddDays(r.IntN(span)))
		if sent.After(end) {
			sent = end
		}
		ref := alliance.Referral{Sent: sent}
		if r.Float64() < 0.75+0.2*model.quality {
			ans := p.after(env, sent, max(1, model.speed+r.IntN(5)-2))
			if !ans.After(end) {
				ref.Answered = ans
				ref.Accepted = r.Float64() < 0.3+0.6*model.quality
				ref.Resolved = ref.Accepted && r.Float64() < 0.25+0.65*model.quality
			}
		}
		out = append(out, ref)
	}
	return out
}

// rate is one rater's round: the Encargado and the Gestor rate every
// alliance in force; team members the ones they deal with. Ratings follow
// the alliance's quality, except where the team disagrees.
func (p *allianceDemo) rate(ctx context.Context, env *Env, o *omilOffice, rater relaciona.Actor, at calendar.Date) error {
	L := env.Lang
	r := env.Rand
	all, err := p.inForce(ctx, o, at)
	if err != nil {
		return err
	}
	var idx int // 0 the Encargado, 1 the Gestor, 2.. the team
	switch rater.ID {
	case o.enc.ID:
	case o.gestor.ID:
		idx = 1
	default:
		idx = 2 + slices.IndexFunc(o.team, func(a relaciona.Actor) bool { return a.ID == rater.ID })
	}
	for _, f := range all {
		a, model := f.a, f.model
		if idx >= 2 && r.IntN(10) >= 7 {
			continue // this member does not deal with the partner
		}
		score := int(math.Round(1 + 4*model.quality + r.NormFloat64()*0.5))
		comment := ""
		if model.contested {
			// Those who deal with the partner day to day see it working;
			// the Gestor and one member see the referrals stall.
			switch idx {
			case 0, 2:
				score = 4 + r.IntN(2)
				comment = L.T("Responde rápido y recibe a nuestros usuarios", "Answers fast and takes our users")
			case 1, 3:
				score = 1 + r.IntN(2)
				comment = L.T("Las derivaciones quedan sin resolver", "Referrals are left unresolved")
			}
		}
		score = min(max(score, 1), 5)
		if _, err := p.svc.Rate(ctx, rater, a.ID, at, score, comment); err != nil {
			return err
		}
		env.Count("ratings", 1)
	}
	return nil
}

// ---------------------------------------------------------------------
// Reviews.

// onDemandReview is the August review of the office's weakest alliance,
// which is dropped and replaced (seed 001: the review is held "al final de
// cada año, o cuando sea necesario").
func (p *allianceDemo) onDemandReview(ctx context.Context, env *Env, o *omilOffice, at calendar.Date) error {
	L := env.Lang
	all, err := p.svc.Alliances(ctx, o.id)
	if err != nil {
		return err
	}
	var worst *allyModel
	for _, a := range all {
		m := p.allies[a.ID]
		if a.Status != alliance.StatusActive || m == nil || !slices.Contains(p.initial, a.ID) {
			continue
		}
		if worst == nil || m.quality < worst.quality {
			worst = m
		}
	}
	if worst == nil {
		return nil
	}
	id := worst.id
	if _, err := p.svc.OpenReview(ctx, o.enc, o.id, at, true, []string{id}); err != nil {
		return err
	}
	env.Count("reviews_on_demand", 1)
	decideAt := p.after(env, at, 1+env.Rand.IntN(2))
	p.schedule(env, decideAt, o.id+" decide "+id, func(ctx context.Context, env *Env, at calendar.Date) error {
		dos, err := p.svc.Dossier(ctx, id, at)
		if err != nil {
			return err
		}
		if err := p.svc.DecideAlliance(ctx, o.enc, id, at, alliance.Drop, L.T("revisión a pedido: ", "on-demand review: ")+p.dossierReason(env, dos)); err != nil {
			return err
		}
		env.Count("dropped", 1)
		p.schedule(env, p.after(env, at, 1+env.Rand.IntN(2)), o.id+" end "+id, func(ctx context.Context, env *Env, at calendar.Date) error {
			if err := p.end(ctx, env, o, id, at); err != nil {
				return err
			}
			p.schedule(env, p.after(env, at, 1), o.id+" close review", func(ctx context.Context, env *Env, at calendar.Date) error {
				return p.closeReview(ctx, env, o, at)
			})
			return nil
		})
		return nil
	})
	return nil
}

// openYearlyReview opens the office's yearly review and decides every
// alliance under it over the following days, from its dossier.
func (p *allianceDemo) openYearlyReview(ctx context.Context, env *Env, o *omilOffice, at calendar.Date) error {
	rev, err := p.svc.OpenReview(ctx, o.enc, o.id, at, false, nil)
	if err != nil {
		return err
	}
	env.Count("reviews_yearly", 1)
	ids := rev.Alliances
	days := 2 + env.Rand.IntN(2)
	per := (len(ids) + days - 1) / days
	day := at
	for i := 0; i < len(ids); i += per {
		group := ids[i:min(i+per, len(ids))]
		last := i+per >= len(ids)
		day = p.after(env, day, 1)
		p.schedule(env, day, o.id+" decide alliances", func(ctx context.Context, env *Env, at calendar.Date) error {
			for _, id := range group {
				if err := p.decide(ctx, env, o, id, at); err != nil {
					return err
				}
			}
			if last {
				p.afterDecisions(env, o, ids, at)
			}
			return nil
		})
	}
	return nil
}

// decide takes the review decision on one alliance from its dossier: drop
// when the team rates it poorly, when its referrals are rarely resolved,
// or when a non-operational link still has almost no referrals.
func (p *allianceDemo) decide(ctx context.Context, env *Env, o *omilOffice, id string, at calendar.Date) error {
	L := env.Lang
	dos, err := p.svc.Dossier(ctx, id, at)
	if err != nil {
		return err
	}
	t := dos.Totals
	res := t.ResolutionRate()
	drop := dos.Team.Mean < 2.5 || (t.Sent >= 6 && res < 0.15) || (dos.Alliance.Kind == alliance.KindLink && t.Sent < 6)
	v, reason := alliance.Keep, L.Tf("aporta a los objetivos (%s); renovar metas %d", "serves the objectives (%s); renew targets for %d", p.dossierReason(env, dos), env.Year+1)
	if drop {
		v, reason = alliance.Drop, L.Tf("no aporta a los objetivos: %s", "does not serve the objectives: %s", p.dossierReason(env, dos))
	}
	if dos.Team.Disagreement {
		reason += L.T("; el equipo no coincide: se decide con los datos duros", "; the team disagrees: decided on the hard data")
	}
	if v == alliance.Keep {
		err = p.svc.DecideWithAnswer(ctx, o.enc, id, at, v, reason, p.keepAnswer(env, dos.Alliance, at))
	} else {
		err = p.svc.DecideAlliance(ctx, o.enc, id, at, v, reason)
	}
	if err != nil {
		return err
	}
	o.decided[id] = v
	if v == alliance.Keep {
		env.Count("kept", 1)
	} else {
		env.Count("dropped", 1)
	}
	return nil
}

// keepAnswer answers what the review asks of a kept alliance's kind
// (alliance.Ask): an agreement is renewed for a year past its term; a good
// understanding is formalised into an agreement until the end of the year
// after next, another stays; a good link is activated into an
// understanding, another gets four months to be activated or dropped.
func (p *allianceDemo) keepAnswer(env *Env, a alliance.Alliance, at calendar.Date) alliance.ReviewAnswer {
	good := false
	if m := p.allies[a.ID]; m != nil && m.quality > 0.6 {
		good = true
	}
	switch a.Kind {
	case alliance.KindAgreement:
		return alliance.ReviewAnswer{Choice: alliance.ChoiceRenew, Date: calendar.Date{Year: max(a.End.Year, env.Year) + 1, Month: time.December, Day: 31}}
	case alliance.KindUnderstanding:
		if good {
			return alliance.ReviewAnswer{Choice: alliance.ChoiceFormalise, Date: calendar.Date{Year: env.Year + 2, Month: time.December, Day: 31}}
		}
		return alliance.ReviewAnswer{Choice: alliance.ChoiceStay}
	}
	if good || (!a.DecideBy.IsZero() && !a.DecideBy.After(at)) {
		return alliance.ReviewAnswer{Choice: alliance.ChoiceActivate}
	}
	return alliance.ReviewAnswer{Choice: alliance.ChoiceDecideBy, Date: at.AddDays(120)}
}

func (p *allianceDemo) dossierReason(env *Env, d alliance.Dossier) string {
	L := env.Lang
	t := d.Totals
	res := L.T("sin derivaciones", "no referrals")
	if t.Sent > 0 {
		res = L.Tf("%d derivaciones, %s %% resueltas", "%d referrals, %s%% resolved", t.Sent, allianceDecimal(L, 100*t.ResolutionRate(), 0))
	}
	return res + L.Tf(", nota del equipo %s", ", team rating %s", allianceDecimal(L, d.Team.Mean, 1))
}

func allianceDecimal(L relaciona.Lang, v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if L != relaciona.English {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// afterDecisions schedules what the decisions call for: the dropped
// alliances are ended (each opening a replacement search), the review is
// closed once they are, and the kept ones are renegotiated and renewed.
func (p *allianceDemo) afterDecisions(env *Env, o *omilOffice, ids []string, at calendar.Date) {
	L := env.Lang
	r := env.Rand
	closeAt := p.after(env, at, 1+r.IntN(2))
	for _, id := range ids {
		id := id
		switch o.decided[id] {
		case alliance.Drop:
			endAt := p.after(env, at, 1+r.IntN(2))
			if !endAt.Before(closeAt) {
				closeAt = p.after(env, endAt, 1)
			}
			p.schedule(env, endAt, o.id+" end "+id, func(ctx context.Context, env *Env, at calendar.Date) error {
				return p.end(ctx, env, o, id, at)
			})
		case alliance.Keep:
			p.schedule(env, p.after(env, at, 2+r.IntN(6)), o.id+" renegotiate "+id, func(ctx context.Context, env *Env, at calendar.Date) error {
				if err := p.svc.Renegotiate(ctx, o.enc, id, at, L.Tf("Metas, cupos y reporte de derivaciones %d", "Targets, places and referral reporting for %d", env.Year+1)); err != nil {
					return err
				}
				if r.IntN(100) < 15 {
					return nil // the renegotiation carries into next year
				}
				p.schedule(env, p.after(env, at, 4+r.IntN(7)), o.id+" renew "+id, func(ctx context.Context, env *Env, at calendar.Date) error {
					return p.renew(ctx, env, o, id, at)
				})
				return nil
			})
		}
	}
	p.schedule(env, closeAt, o.id+" close review", func(ctx context.Context, env *Env, at calendar.Date) error {
		return p.closeReview(ctx, env, o, at)
	})
}

// end ends a dropped alliance; the package opens its replacement search.
func (p *allianceDemo) end(ctx context.Context, env *Env, o *omilOffice, id string, at calendar.Date) error {
	x, err := p.svc.End(ctx, o.enc, id, at, env.Lang.T("término de la alianza por decisión de la revisión", "alliance ended by the review's decision"))
	if err != nil {
		return err
	}
	o.replacements = append(o.replacements, x)
	env.Count("replacement_searches", 1)
	return nil
}

// closeReview closes the open review; with replacements to find, the
// negotiations start.
func (p *allianceDemo) closeReview(ctx context.Context, env *Env, o *omilOffice, at calendar.Date) error {
	rev, err := p.svc.CloseReview(ctx, o.enc, o.id, at)
	if err != nil {
		return err
	}
	if !rev.OnDemand {
		o.yearlyClosed = true
	}
	if len(o.replacements) == 0 {
		return nil
	}
	xs := o.replacements
	o.replacements = nil
	day, last := at, at
	pace := 2 // the year end is near
	if rev.OnDemand {
		pace = 4
	}
	for _, x := range xs {
		var picks []string
		for _, c := range p.localFirst(o, x.Candidates) {
			if c.Status == alliance.CandidateShortlisted && !o.used[c.Organisation] {
				picks = append(picks, c.Organisation)
				o.used[c.Organisation] = true
				break
			}
		}
		if d := p.negotiate(env, o, x, picks, day, pace, 0); d.After(last) {
			last = d
		}
		day = p.after(env, day, 1)
	}
	p.monitorWhenDone(env, o, last)
	return nil
}

// renew agrees the renewal of a kept alliance; a link that worked becomes
// an understanding, and a good understanding a signed agreement.
func (p *allianceDemo) renew(ctx context.Context, env *Env, o *omilOffice, id string, at calendar.Date) error {
	L := env.Lang
	a, err := p.svc.Alliance(ctx, id)
	if err != nil {
		return err
	}
	// Renew carries out the review's answer (keepAnswer): the kind and the
	// term or deadline it gave.
	doc := alliance.Document{Title: L.Tf("Adenda %d", "Addendum %d", env.Year+1), Ref: fmt.Sprintf("Alianzas vigentes/%d/adenda-%s.pdf", env.Year, id)}
	if err := p.svc.Renew(ctx, o.enc, id, at, nil, []alliance.Document{doc}); err != nil {
		return err
	}
	if r, err := p.svc.Alliance(ctx, id); err == nil && kindRank(r.Kind) > kindRank(a.Kind) {
		env.Count("upgraded", 1)
	}
	env.Count("renewed", 1)
	return nil
}

// kindRank orders the kinds from the loosest link to the agreement.
func kindRank(k alliance.AllianceKind) int {
	switch k {
	case alliance.KindUnderstanding:
		return 1
	case alliance.KindAgreement:
		return 2
	}
	return 0
}

// ---------------------------------------------------------------------
// The report.

func (p *allianceDemo) objectiveNames(ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = id
		if o, ok := p.cfg.Objective(id); ok {
			names[i] = o.Name
		}
	}
	return strings.Join(names, "; ")
}

func (p *allianceDemo) resourceNames(ids []string) string {
	names := make([]string, len(ids))
	for i, id := range ids {
		names[i] = id
		if p.cfg != nil {
			if r, ok := p.cfg.Resource(id); ok {
				names[i] = strings.ToLower(r.Name[:1]) + r.Name[1:]
			}
		}
	}
	return strings.Join(names, ", ")
}
