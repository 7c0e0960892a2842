package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/stakeholder"
)

// shDecisionTopics are the decisions the relationship team facilitates:
// the title, the affected groups (the stakeholders of a group are drawn
// from it), the options and the outcome.
var shDecisionTopics = []struct {
	title   string
	group   string
	options []string
	outcome string
}{
	{"Horario de obras nocturnas en el tramo norte", "comercio", []string{"Obras de 22:00 a 5:00", "Obras diurnas con cierres parciales"}, "Obras diurnas con cierres parciales y aviso de 15 días"},
	{"Desvío de rutas de buses durante la fase 2", "transporte", []string{"Desvío por la calle 13", "Carril compartido temporal"}, "Carril compartido temporal con señalización"},
	{"Ubicación del punto de atención a la comunidad", "jac", []string{"Salón comunal", "Oficina móvil en obra"}, "Oficina móvil en obra, tres días por semana"},
	{"Calendario de recorridos de obra con veedurías", "veedurias", []string{"Mensual", "Por hito de obra"}, "Por hito de obra y uno mensual fijo"},
	{"Plan de compensación al comercio afectado", "comercio", []string{"Descuento en predial", "Apoyo en ventas en línea", "Ambas"}, "Apoyo en ventas en línea y gestión del descuento con la alcaldía"},
	{"Publicación de datos abiertos del proyecto", "academia", []string{"Portal propio", "Portal de datos del Estado"}, "Portal de datos del Estado, actualización trimestral"},
	{"Protocolo de aviso previo de cierres viales", "municipios", []string{"Aviso de 5 días", "Aviso de 10 días"}, "Aviso de 10 días hábiles por todos los canales"},
	{"Manejo de la tala de árboles en el separador", "ambiental", []string{"Tala y reposición 1:3", "Traslado de individuos"}, "Traslado de los individuos viables y reposición 1:3 del resto"},
}

// shInfoTopics are the information items gathered each month, by kind.
var shInfoTopics = map[stakeholder.InfoKind][]struct{ topic, source, group string }{
	stakeholder.InfoGeneral: {
		{"Cierres viales de la semana", "Interventoría de obra", "comunidad"},
		{"Agenda de audiencias públicas", "Secretaría de gobierno municipal", "externos"},
		{"Preguntas frecuentes de la comunidad", "Punto de atención", "jac"},
	},
	stakeholder.InfoTechnical: {
		{"Resultados del monitoreo de ruido", "Laboratorio ambiental", "ambiental"},
		{"Avance físico por tramo", "Interventoría de obra", "gobierno"},
		{"Diseño de accesos peatonales provisionales", "Diseñador del contratista", "comunidad"},
	},
	stakeholder.InfoCommercial: {
		{"Condiciones de compensación a comerciantes", "Área predial", "comercio"},
		{"Tarifas proyectadas del servicio", "Estructurador financiero", "gremios"},
	},
}

// decisionRand is the month's generator for the decisions and information:
// derived from the agency the seed built (its first stakeholder's name),
// the year and the month, so that it does not draw from the process's own
// generator and leaves the rest of the year as it was.
func (p *stakeholderDemo) decisionRand(env *Env, m time.Month) *rand.Rand {
	base := seedOf("stakeholder.decisions")
	if len(p.sts) > 0 {
		base ^= seedOf(p.sts[0].name)
	}
	return rand.New(rand.NewPCG(base, uint64(env.Year)*16+uint64(m)))
}

// decisionsMonth schedules the month's decision and information work
// (seed 000_f7cf2e5b8754cfa1.txt: consultation and impacts before deciding,
// level 5 facilitation and informed feedback, information gathered and
// spread): each month a general item gathered by a level-4 professional
// and a technical or commercial one by a level-5 coordinator, spread a few
// days later (some technical items never); in the second month of each
// quarter two decisions, each drafted with its impacts, consulted with the
// key stakeholders it affects (the first one tried without them and
// refused), taken, and the feedback owed given to most of those consulted.
func (p *stakeholderDemo) decisionsMonth(env *Env, m time.Month) {
	r := p.decisionRand(env, m)
	days := p.bizDays(env, env.Day(m, 1), env.MonthEnd(m))
	if len(days) < 12 {
		return
	}
	kinds := []stakeholder.InfoKind{stakeholder.InfoGeneral, stakeholder.InfoTechnical}
	if m%3 == 0 {
		kinds[1] = stakeholder.InfoCommercial
	}
	for i, k := range kinds {
		topics := shInfoTopics[k]
		t := topics[r.IntN(len(topics))]
		gathered := days[2+r.IntN(6)]
		by := shPick(r, []string{"prof-social-01", "prof-social-02", "prof-comunicaciones-01", "prof-institucional-01"})
		if k != stakeholder.InfoGeneral {
			by = shPick(r, []string{"coord-comunicaciones", "coord-predial", "coord-institucional"})
		}
		spread := i == 0 || r.Float64() < 0.75
		spreadOn := p.addBiz(env, gathered, 1+r.IntN(3))
		channel := shPick(r, []string{"correo", "whatsapp", "comite"})
		p.schedule(env, gathered, "gather information", func(ctx context.Context, env *Env) error {
			it, err := p.svc.GatherInformation(ctx, p.person(by), env.At(gathered, 10), stakeholder.Information{
				Topic: t.topic, Kind: k, Source: t.source, Summary: t.topic + " (" + env.Day(m, 1).String()[:7] + ")", Gathered: gathered})
			if err != nil {
				return err
			}
			env.Count("information_gathered", 1)
			if !spread {
				return nil
			}
			p.schedule(env, spreadOn, "spread information", func(ctx context.Context, env *Env) error {
				_, err := p.svc.SpreadInformation(ctx, p.person(by), env.At(spreadOn, 11), it.ID, it.Version,
					stakeholder.InfoSpread{Groups: []string{t.group}, Channel: channel, Date: spreadOn})
				if err == nil {
					env.Count("information_spread", 1)
				}
				return err
			})
			return nil
		})
	}
	if m%3 != 2 {
		return
	}
	for j := range 2 {
		topic := shDecisionTopics[(int(m)/3*2+j)%len(shDecisionTopics)]
		opened := days[1+j*3]
		p.schedule(env, opened, "decision", func(ctx context.Context, env *Env) error {
			return p.decide(ctx, env, r, opened, topic.title, topic.group, topic.options, topic.outcome, j == 0)
		})
	}
}

// decide runs one decision from draft to feedback: the coordinator of the
// group's area facilitates with a director and a professional taking part;
// the affected are the group and up to two of its registered members,
// with an impact weighed for each; the key members are consulted (after a
// first refused try when tryEarly), the decision is taken a week later,
// and each stakeholder consulted but one in four is given the feedback.
func (p *stakeholderDemo) decide(ctx context.Context, env *Env, r *rand.Rand, opened calendar.Date, title, group string, options []string, outcome string, tryEarly bool) error {
	facilitator := map[string]string{"social": "coord-social-norte", "predial": "coord-predial", "institucional": "coord-institucional", "comunicaciones": "coord-comunicaciones"}
	area := "institucional"
	for _, g := range p.groups {
		if g.id == group {
			area = g.area
		}
	}
	fac := facilitator[area]
	director := map[string]string{"social": "dir-social", "predial": "dir-predial", "institucional": "dir-relacionamiento", "comunicaciones": "dir-comunicaciones"}[area]
	var affected []string
	var keyMembers []string
	for _, s := range p.members[group] {
		if !s.registered {
			continue
		}
		st, err := p.svc.Get(ctx, s.id)
		if err != nil {
			return err
		}
		if st.Latest != nil && st.Latest.Quadrant == stakeholder.ManageClosely {
			keyMembers = append(keyMembers, s.id)
		}
		if len(affected) < 2 && r.Float64() < 0.3 {
			affected = append(affected, s.id)
		}
	}
	effects := []stakeholder.Effect{stakeholder.EffectPositive, stakeholder.EffectNegative, stakeholder.EffectNeutral}
	sevs := []stakeholder.Severity{stakeholder.Low, stakeholder.Medium, stakeholder.High}
	impact := func(st, g string) stakeholder.Impact {
		return stakeholder.Impact{Stakeholder: st, Group: g, Description: "Efecto de «" + title + "»",
			Effect: effects[r.IntN(len(effects))], Severity: sevs[r.IntN(len(sevs))]}
	}
	impacts := []stakeholder.Impact{impact("", group)}
	for _, id := range affected {
		impacts = append(impacts, impact(id, ""))
	}
	d, err := p.svc.RecordDecision(ctx, p.person(fac), env.At(opened, 9), stakeholder.DecisionInput{
		Title: title, Opened: opened, Affected: affected, AffectedGroups: []string{group}, Facilitator: fac,
		Participants: []string{director, shPick(r, []string{"prof-social-03", "prof-predial-01", "prof-institucional-01"})},
		Options:      options, Impacts: impacts,
	})
	if err != nil {
		return err
	}
	env.Count("decisions_recorded", 1)
	taken := p.addBiz(env, opened, 5)
	if tryEarly && len(keyMembers) > 0 {
		// Taken before consulting: refused, naming who is missing.
		_, err := p.svc.TakeDecision(ctx, p.person(fac), env.At(opened, 16), d.ID, stakeholder.TakeInput{Date: opened, Outcome: outcome})
		var ve *relaciona.ValidationError
		if !errors.As(err, &ve) {
			return fmt.Errorf("decision %s taken without consulting %v: %v", d.ID, keyMembers, err)
		}
		env.Count("decisions_refused_before_consultation", 1)
	}
	consulted := keyMembers
	for _, id := range affected {
		if len(consulted) < len(keyMembers)+1 && !slices.Contains(consulted, id) {
			consulted = append(consulted, id)
		}
	}
	if len(consulted) > 0 {
		on := p.addBiz(env, opened, 2)
		var cs []stakeholder.Consultation
		for _, id := range consulted {
			cs = append(cs, stakeholder.Consultation{Stakeholder: id, Person: "Representante", Date: on,
				Said: shPick(r, []string{"De acuerdo con la opción propuesta", "Pide más información antes de decidir", "Prefiere otra opción", "Sin objeciones"})})
		}
		if _, err := p.svc.AddConsultation(ctx, p.person(fac), env.At(on, 15), d.ID, cs...); err != nil {
			return err
		}
		env.Count("decision_consultations", len(cs))
	}
	d, err = p.svc.TakeDecision(ctx, p.person(fac), env.At(taken, 11), d.ID, stakeholder.TakeInput{Date: taken, Outcome: outcome})
	if err != nil {
		return err
	}
	env.Count("decisions_taken", 1)
	for _, f := range d.Feedback {
		env.Count("decision_feedback_owed", 1)
		if r.Float64() < 0.25 {
			continue
		}
		on := p.addBiz(env, taken, 2+r.IntN(6))
		id, to := d.ID, f.To
		st := f.Stakeholder
		p.schedule(env, on, "decision feedback", func(ctx context.Context, env *Env) error {
			_, err := p.svc.RecordDecisionFeedback(ctx, p.person(to), env.At(on, 10), id, st,
				stakeholder.FeedbackGiven{Date: on, Channel: shPick(r, []string{"comite", "cafe", "telefono"}), Note: "Se explicó el resultado y cómo se tuvo en cuenta su aporte"})
			if err == nil {
				env.Count("decision_feedback_given", 1)
			}
			return err
		})
	}
	return nil
}
