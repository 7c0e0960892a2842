package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/citizen"
)

// planRecords schedules the records behind the interaction strategy (seed
// 002, activities 1 to 3), in an order the rules allow: the
// characterisation exercise before the first publication and each
// publication divulged; the inputs register, cited by version 1 before it
// is socialised (its adjustments keep the citations) and by version 3 with
// the inputs of the first semester; the leaders, staff and value-groups
// events; the skills strategy's actions, one of which falls due unmet (Run
// tells its owner: the sign-language course reaches at most 90 of 120, the
// other three always meet theirs); and the articulation of versions 2 and
// 3, each with an entry left unassigned for a few weeks (Run tells the
// author once).
func (p *citizenDemo) planRecords(env *Env) {
	day := func(m time.Month, d int) calendar.Date { return p.biz(env, env.Day(m, d)) }
	lead := p.lead
	staff := make([]string, 0, len(czTeam))
	for _, m := range czTeam {
		staff = append(staff, m.id)
	}

	// 1. The exercise, and the dissemination of each publication.
	p.schedule(day(time.January, 5), 8, 0, "record the characterisation exercise", func(ctx context.Context, env *Env, at time.Time) error {
		_, err := p.svc.RecordExercise(ctx, lead, citizen.Exercise{ID: fmt.Sprintf("caracterizacion-%d", env.Year), WorkingGroup: []string{staff[1], staff[2], staff[3]},
			Responsible: "planeacion", Objectives: p.cfg.Characterisation.Objectives, Mechanism: citizen.MechanismSurvey,
			From: env.Day(time.January, 1), To: env.Day(time.December, 31)}, at)
		if err == nil {
			env.Count("exercises", 1)
		}
		return err
	})
	for i, pub := range []struct {
		date calendar.Date
		to   string
	}{
		{day(time.February, 16), "Consejo de gobierno y líderes de las dependencias"},
		{day(time.August, 18), "Juntas de acción comunal y veedurías"},
		{day(time.December, 14), "Concejo municipal"},
	} {
		channel := []string{"Sesión del consejo de gobierno", "web", "Sesión del concejo"}[i]
		p.schedule(p.addBiz(env, pub.date, 2), 9, 0, "divulge the characterisation", func(ctx context.Context, env *Env, at time.Time) error {
			_, err := p.svc.RecordDissemination(ctx, lead, fmt.Sprintf("caracterizacion-%d", env.Year), citizen.Dissemination{Audience: pub.to,
				Date: p.addBiz(env, pub.date, 2), Channel: channel, Publication: pub.date.String()}, at)
			if err == nil {
				env.Count("disseminations", 1)
			}
			return err
		})
	}

	// 2. The inputs register; version 1 cites it before its socialisation.
	prev := env.Year - 1
	inputs := []citizen.Input{
		{ID: "caracterizacion-anterior", Kind: citizen.InputCharacterisation, Title: fmt.Sprintf("Caracterización de la ciudadanía %d", prev), Source: "Secretaría de Planeación"},
		{ID: "autodiagnostico", Kind: citizen.InputSelfAssessment, Title: "Autodiagnóstico de servicio al ciudadano y participación", Source: "Secretaría de Planeación"},
		{ID: "informe-gestion", Kind: citizen.InputManagementReport, Title: fmt.Sprintf("Informe de gestión %d", prev), Source: "Despacho de la alcaldía"},
		{ID: "informe-pqrsd", Kind: citizen.InputPQRSDReport, Title: fmt.Sprintf("Informe de PQRSD del segundo semestre de %d", prev), Source: "Oficina de Atención a la Ciudadanía"},
		{ID: "indice-procuraduria", Kind: citizen.InputControlBodyReport, Title: "Índice de Transparencia y Acceso a la Información", Source: "Procuraduría General de la Nación",
			Reference: "https://www.procuraduria.gov.co"},
		{ID: "encuesta-satisfaccion", Kind: citizen.InputSatisfactionSurvey, Title: fmt.Sprintf("Encuesta de percepción y satisfacción %d", prev), Source: "Oficina de Atención a la Ciudadanía"},
		{ID: "furag", Kind: citizen.InputFURAG, Title: fmt.Sprintf("Resultados FURAG %d", prev), Source: "Departamento Administrativo de la Función Pública",
			Reference: "https://www.funcionpublica.gov.co"},
		{ID: "suit", Kind: citizen.InputSUITReport, Title: "Trámites inscritos en el SUIT", Source: "Función Pública (SUIT)"},
		{ID: "disciplinarios", Kind: citizen.InputDisciplinaryReport, Title: "Seguimiento a los procesos disciplinarios por atención a la ciudadanía", Source: "Oficina de Control Interno Disciplinario"},
	}
	for i := range inputs {
		in := inputs[i]
		in.Date = day(time.January, 8+i/3)
		p.schedule(day(time.January, 13+i/3), 9, i, "record a strategy input", func(ctx context.Context, env *Env, at time.Time) error {
			_, err := p.svc.RecordInput(ctx, lead, in, at)
			if err == nil {
				env.Count("strategy_inputs", 1)
			}
			return err
		})
	}
	cite := func(version int, ids []string) func(ctx context.Context, env *Env, at time.Time) error {
		return func(ctx context.Context, env *Env, at time.Time) error {
			_, err := p.svc.CiteInputs(ctx, lead, version, ids, at)
			return err
		}
	}
	all := make([]string, len(inputs))
	for i, in := range inputs {
		all[i] = in.ID
	}
	p.schedule(day(time.January, 19), 15, 0, "cite the inputs of strategy v1", cite(1, all))
	for _, in := range []citizen.Input{
		{ID: "informe-pqrsd-s1", Kind: citizen.InputPQRSDReport, Title: fmt.Sprintf("Informe de PQRSD del primer semestre de %d", env.Year), Source: "Oficina de Atención a la Ciudadanía"},
		{ID: "encuesta-s1", Kind: citizen.InputSatisfactionSurvey, Title: fmt.Sprintf("Encuesta de satisfacción del primer semestre de %d", env.Year), Source: "Oficina de Atención a la Ciudadanía"},
	} {
		in.Date = day(time.July, 15)
		p.schedule(day(time.July, 20), 9, 0, "record a strategy input", func(ctx context.Context, env *Env, at time.Time) error {
			_, err := p.svc.RecordInput(ctx, lead, in, at)
			if err == nil {
				env.Count("strategy_inputs", 1)
			}
			return err
		})
	}
	p.schedule(day(time.August, 4), 9, 0, "cite the inputs of strategy v3", cite(3, []string{"informe-pqrsd-s1", "encuesta-s1"}))

	// 3. Socialisation with the leaders, the staff and the value groups.
	allDeps := make([]string, 0, len(czDeps))
	for _, d := range czDeps {
		allDeps = append(allDeps, d.id)
	}
	event := func(e citizen.Event) func(ctx context.Context, env *Env, at time.Time) error {
		return func(ctx context.Context, env *Env, at time.Time) error {
			if e.Audience == citizen.AudienceStaff {
				e.Attendance = len(e.Attendees) + 20 + env.Rand.IntN(20)
			}
			if _, err := p.svc.RecordEvent(ctx, lead, e, at); err != nil {
				return err
			}
			env.Count("strategy_events", 1)
			return nil
		}
	}
	leaders := []struct {
		date    calendar.Date
		version int
		deps    []string
	}{
		{day(time.January, 20), 1, allDeps},
		{day(time.February, 4), 2, []string{"social", "gobierno", "hacienda", "atencion"}},
		{day(time.August, 5), 3, []string{"infraestructura", "atencion", "gobierno"}},
	}
	for _, l := range leaders {
		p.schedule(l.date, 11, 0, "socialise the strategy with the leaders", event(citizen.Event{ID: fmt.Sprintf("lideres-v%d", l.version), Title: "Comité de gestión y desempeño",
			Audience: citizen.AudienceLeaders, Strategy: l.version, Date: l.date, Dependencies: l.deps, Attendance: len(l.deps),
			Material: citizen.Material{Title: fmt.Sprintf("Estrategia de relacionamiento, versión %d", l.version)}}))
	}
	segs := make([]string, 0, len(p.cfg.Segments))
	for _, s := range p.cfg.Segments {
		segs = append(segs, s.ID)
	}
	for i, vg := range []struct {
		date    calendar.Date
		version int
	}{{day(time.March, 12), 2}, {day(time.August, 27), 3}} {
		n := 60 + env.Rand.IntN(90)
		pick := segs[i%len(segs):]
		pick = pick[:min(len(pick), 4)]
		p.schedule(vg.date, 16, 0, "socialise the strategy with the value groups", event(citizen.Event{ID: fmt.Sprintf("grupos-de-valor-v%d", vg.version),
			Title: "Socialización de la estrategia con los grupos de valor", Audience: citizen.AudienceValueGroups, Strategy: vg.version, Date: vg.date,
			Segments: pick, Attendance: n, Material: citizen.Material{Title: "Cartilla de la estrategia en lenguaje claro"}}))
	}

	// 4. The skills strategy: its actions and the training that counts.
	actions := []citizen.SkillsAction{
		{ID: "lenguaje-claro", Audience: citizen.AudienceStaff, Skill: "Lenguaje claro en las respuestas a PQRSD", Target: 50, Due: day(time.June, 30),
			Responsible: "atencion", Owner: staff[1]},
		{ID: "lengua-de-senas", Audience: citizen.AudienceStaff, Skill: "Atención incluyente: lengua de señas colombiana", Target: 120, Due: day(time.September, 30),
			Responsible: "social", Owner: staff[1]},
		{ID: "sede-electronica", Audience: citizen.AudienceValueGroups, Segments: []string{"jovenes-digitales"}, Skill: "Uso de la sede electrónica y la app",
			Target: 120, Due: day(time.October, 30), Responsible: "planeacion", Owner: staff[1]},
		{ID: "control-social", Audience: citizen.AudienceValueGroups, Skill: "Control social y veedurías ciudadanas", Target: 80, Due: day(time.November, 30),
			Responsible: "gobierno", Owner: staff[1]},
	}
	for _, x := range actions {
		p.schedule(day(time.February, 10), 9, 0, "record a skills action", func(ctx context.Context, env *Env, at time.Time) error {
			_, err := p.svc.RecordSkillsAction(ctx, lead, x, at)
			if err == nil {
				env.Count("skills_actions", 1)
			}
			return err
		})
	}
	trainings := []struct {
		date     calendar.Date
		action   string
		audience citizen.Audience
		title    string
	}{
		{day(time.March, 18), "lenguaje-claro", citizen.AudienceStaff, "Taller de lenguaje claro (1)"},
		{day(time.May, 13), "lenguaje-claro", citizen.AudienceStaff, "Taller de lenguaje claro (2)"},
		{day(time.June, 10), "lengua-de-senas", citizen.AudienceStaff, "Curso básico de lengua de señas"},
		{day(time.September, 9), "lengua-de-senas", citizen.AudienceStaff, "Curso de lengua de señas: práctica"},
		{day(time.April, 22), "sede-electronica", citizen.AudienceValueGroups, "Jornada «Haga sus trámites en línea»"},
		{day(time.September, 16), "sede-electronica", citizen.AudienceValueGroups, "Jornada «Haga sus trámites en línea» en veredas"},
		{day(time.October, 21), "control-social", citizen.AudienceValueGroups, "Escuela de veedurías ciudadanas"},
		{day(time.November, 18), "control-social", citizen.AudienceValueGroups, "Escuela de veedurías: cierre"},
	}
	for i, tr := range trainings {
		e := citizen.Event{ID: fmt.Sprintf("capacitacion-%02d", i+1), Title: tr.title, Audience: tr.audience, Strategy: 2, Date: tr.date,
			Material: citizen.Material{Title: tr.title}, Actions: []string{tr.action}}
		if tr.date.After(day(time.August, 12)) {
			e.Strategy = 3
		}
		if tr.audience == citizen.AudienceStaff {
			e.Attendees = staff[1:]
		} else {
			e.Segments = []string{"jovenes-digitales"}
			if tr.action == "control-social" {
				e.Segments = []string{segs[0]}
			}
			e.Attendance = 60 + env.Rand.IntN(40)
		}
		p.schedule(tr.date, 14, 0, "train on the strategy", event(e))
	}

	// 5. Articulation: who implements each entry of the adopted version;
	// the last entry of each waits a few weeks.
	assign := func(version int, last bool) func(ctx context.Context, env *Env, at time.Time) error {
		return func(ctx context.Context, env *Env, at time.Time) error {
			v, err := p.svc.Strategy(ctx, version)
			if err != nil {
				return err
			}
			for i, e := range v.Entries {
				if (i == len(v.Entries)-1) != last {
					continue
				}
				dep := "atencion"
				if len(e.Dependencies) > 0 {
					dep = e.Dependencies[0]
				}
				inds := e.Indicators
				if len(inds) == 0 {
					inds = []string{p.cfg.Indicators[0].ID}
				}
				if _, err := p.svc.AssignEntry(ctx, lead, version, e.ID, dep, inds, at); err != nil {
					return err
				}
				env.Count("strategy_assignments", 1)
			}
			return nil
		}
	}
	p.schedule(day(time.February, 11), 9, 0, "articulate strategy v2", assign(2, false))
	p.schedule(day(time.March, 9), 9, 0, "articulate strategy v2 (last entry)", assign(2, true))
	p.schedule(day(time.August, 13), 9, 0, "articulate strategy v3", assign(3, false))
	p.schedule(day(time.September, 8), 9, 0, "articulate strategy v3 (last entry)", assign(3, true))
}
