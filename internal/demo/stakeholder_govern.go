package demo

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/stakeholder"
)

// The demo's governance (seed 000_f7cf2e5b8754cfa1.txt, levels 6 and 7):
//
//   - January: the director of institutional relations (level 6) proposes
//     the relationship management approach and the general manager (level
//     7, also responsible for the IT ↔ end-users relationship) approves
//     it with the four area directors' agreement.
//   - The day before the plan is approved, the general manager designates
//     as most important the three stakeholders with the highest power ×
//     interest whose plan combines formal and informal channels (so the
//     plan's approval passes the channel-mix rule), owning them himself;
//     he meets each about every six weeks, but skips the autumn round of
//     one of them, which Run then notices.
//   - Each quarter the director of institutional relations reviews the
//     monitoring, except the third quarter, which Run reports missing.
//   - Level 6 directs five improvement actions between pairs of
//     stakeholders; their professionals complete most, one stays open past
//     its date.
const shGovMostImportant = 3

// shGovLeader is the level-7 person of the demo's governance.
const shGovLeader = "gerente-general"

// scheduleGovernance plans the governance steps of the year; approved is
// the day the plan is approved.
func (p *stakeholderDemo) scheduleGovernance(env *Env, approved calendar.Date) {
	start := p.addBiz(env, p.importAt, 1)
	p.schedule(env, start, "approach", func(ctx context.Context, env *Env) error { return p.govApproach(ctx, env, start) })
	pick := p.addBiz(env, approved, -1)
	if pick.Before(start) {
		pick = start
	}
	p.schedule(env, pick, "most important stakeholders", func(ctx context.Context, env *Env) error { return p.govMostImportant(ctx, env, pick) })
	for _, r := range []struct {
		at, of calendar.Date
	}{
		{p.biz(env, env.Day(time.April, 6)), env.Day(time.March, 15)},       // the first quarter
		{p.biz(env, env.Day(time.July, 8)), env.Day(time.June, 15)},         // the second
		{p.biz(env, env.Day(time.December, 28)), env.Day(time.December, 1)}, // the fourth, before it ends; the third is never reviewed
	} {
		p.schedule(env, r.at, "monitoring review", func(ctx context.Context, env *Env) error { return p.govReview(ctx, env, r.at, r.of) })
	}
	for i, m := range []time.Month{time.February, time.April, time.May, time.August, time.October} {
		d := p.biz(env, env.Day(m, 10))
		p.schedule(env, d, "improvement action", func(ctx context.Context, env *Env) error { return p.govImprovement(ctx, env, d, i) })
	}
}

// govApproach proposes and approves the approach.
func (p *stakeholderDemo) govApproach(ctx context.Context, env *Env, d calendar.Date) error {
	a, err := p.svc.ProposeApproach(ctx, p.person("dir-relacionamiento"), env.At(d, 8), stakeholder.Approach{
		Vision: "Que comunidades, comercio e instituciones del corredor vean el tren ligero como su proyecto",
		Roles: []stakeholder.RoleAssignment{
			{Role: "Dirección de las relaciones estratégicas", Person: shGovLeader, Responsibilities: "Interesados más importantes y último escalamiento"},
			{Role: "Relacionamiento institucional", Person: "dir-relacionamiento", Responsibilities: "Estrategia, plan y revisión del monitoreo"},
			{Role: "Gestión social", Person: "dir-social", Responsibilities: "Comunidades y líderes del corredor"},
			{Role: "Gestión predial y comercial", Person: "dir-predial", Responsibilities: "Comercio y predios"},
			{Role: "Comunicaciones", Person: "dir-comunicaciones", Responsibilities: "Medios y mensajes"},
		},
		Governance: []string{"Comité de relacionamiento mensual presidido por la gerencia", "Revisión trimestral del monitoreo"},
		Policies:   []string{"Toda interacción se registra en la semana", "Ningún cierre de vía sin aviso previo"},
		Processes:  []string{"Análisis, plan, interacción, asuntos con escalamiento, retroalimentación"},
		Tools:      []string{"relaciona", "Mesa de ayuda de asuntos"},
		Support:    []string{"Capacitación anual del equipo", "Apoyo jurídico para acuerdos"},
		Principles: []string{"Transparencia", "Escucha antes de decidir", "Acuerdos por escrito", "Trato igual para todas las partes"},
		// The general manager answers for the relationship between the
		// company's IT and its end users (the ticketing and app users).
		ITRelationship: shGovLeader,
	})
	if err != nil {
		return err
	}
	env.Count("approach_versions", 1)
	if _, err := p.svc.ApproveApproach(ctx, p.person(shGovLeader), env.At(d, 12), a.Version,
		[]string{"dir-relacionamiento", "dir-social", "dir-predial", "dir-comunicaciones"}); err != nil {
		return err
	}
	env.Count("approach_approved", 1)
	return nil
}

// govMostImportant designates the stakeholders with the highest power ×
// interest whose draft plan mixes formal and informal channels, and
// schedules the owner's meetings with them.
func (p *stakeholderDemo) govMostImportant(ctx context.Context, env *Env, d calendar.Date) error {
	formal := map[string]bool{}
	for _, c := range p.svc.Config().Channels {
		formal[c.ID] = c.Formal
	}
	items, err := p.svc.PlanItems(ctx, "")
	if err != nil {
		return err
	}
	var cands []*shStake
	for _, s := range p.sts {
		if !s.registered {
			continue
		}
		st, err := p.svc.Get(ctx, s.id)
		if err != nil {
			return err
		}
		f, inf := 0, 0
		for _, it := range items {
			if it.Stakeholder == s.id || (it.Group != "" && slices.Contains(st.Groups, it.Group)) {
				if formal[it.Channel] {
					f++
				} else {
					inf++
				}
			}
		}
		if f > 0 && inf > 0 {
			cands = append(cands, s)
		}
	}
	slices.SortStableFunc(cands, func(a, b *shStake) int {
		if c := cmp.Compare(b.power*b.interest, a.power*a.interest); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	for i, s := range cands[:min(shGovMostImportant, len(cands))] {
		if _, err := p.svc.DesignateMostImportant(ctx, p.person(shGovLeader), env.At(d, 9), s.id, shGovLeader); err != nil {
			return err
		}
		env.Count("most_important", 1)
		// A meeting about every six weeks; the first one skips the autumn.
		for m := d; ; {
			m = p.addBiz(env, m, 28+env.Rand.IntN(4))
			if m.After(p.yearEnd(env)) {
				break
			}
			if i == 0 && m.Month >= time.September && m.Month <= time.November {
				continue
			}
			day, s := m, s
			p.schedule(env, day, "owner meets "+s.id, func(ctx context.Context, env *Env) error {
				ch := s.channels[env.Rand.IntN(len(s.channels))]
				_, err := p.svc.LogInteraction(ctx, p.person(shGovLeader), env.At(day, 16), stakeholder.Interaction{Stakeholder: s.id, Date: day, Channel: ch,
					Direction: stakeholder.TwoWay, Summary: "Reunión de la gerencia sobre el avance del proyecto", Sentiment: 1})
				if err == nil {
					env.Count("interactions", 1)
					env.Count("most_important_meetings", 1)
				}
				return err
			})
		}
	}
	return nil
}

// govReview records the monitoring review of the period that holds of.
func (p *stakeholderDemo) govReview(ctx context.Context, env *Env, d, of calendar.Date) error {
	_, err := p.svc.RecordMonitoringReview(ctx, p.person("dir-relacionamiento"), env.At(d, 15), of,
		"Revisadas la efectividad, las lecciones aprendidas y la retroalimentación del periodo; se refuerza el contacto con los grupos de menor respuesta")
	if err != nil {
		return err
	}
	env.Count("monitoring_reviews", 1)
	return nil
}

// govImprovement directs the i-th improvement action, between two
// registered stakeholders of different groups, owned by the first one's
// professional; all but the third are completed before their due date.
func (p *stakeholderDemo) govImprovement(ctx context.Context, env *Env, d calendar.Date, i int) error {
	r := env.Rand
	var pool []*shStake
	for _, s := range p.sts {
		if s.registered && s.interest >= 4 {
			pool = append(pool, s)
		}
	}
	if len(pool) < 2 {
		return nil
	}
	a := pool[r.IntN(len(pool))]
	b := pool[r.IntN(len(pool))]
	for tries := 0; (b == a || b.group == a.group) && tries < 20; tries++ {
		b = pool[r.IntN(len(pool))]
	}
	if b == a {
		return nil
	}
	dir := shAreaStaff[a.area].dir
	due := p.addBiz(env, d, 20+r.IntN(10))
	id := fmt.Sprintf("MEJ-%d-%02d", env.Year, i+1)
	_, err := p.svc.DirectImprovement(ctx, p.person(dir), env.At(d, 10), stakeholder.ImprovementAction{ID: id, Stakeholders: []string{a.id, b.id},
		Action: "Mesa de diálogo conjunta para acordar medidas durante la obra", Owner: a.prof, Due: due})
	if err != nil {
		return err
	}
	env.Count("improvement_actions", 1)
	if i == 2 { // never completed: overdue
		return nil
	}
	done := p.addBiz(env, d, 10+r.IntN(8))
	by := a.prof
	if p.present(by, done) != by { // transferred out: the director closes it
		by = dir
	}
	p.schedule(env, done, "complete "+id, func(ctx context.Context, env *Env) error {
		_, err := p.svc.CompleteImprovement(ctx, p.person(by), env.At(done, 11), id, "Mesa realizada; medidas acordadas y publicadas")
		if err == nil {
			env.Count("improvement_actions_done", 1)
		}
		return err
	})
	return nil
}
