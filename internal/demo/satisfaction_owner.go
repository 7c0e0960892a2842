package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/satisfaction"
)

// The owner's and Dirección's duties in the demo year (seed 003 §4.1,
// §4.2, §6.3, §6.6, §6.7): the process documents registered in January
// and reviewed once Run reminds the owner; a change of the definition in
// March (a stricter CSAT target from April), told to the whole team;
// quarterly Dirección reviews, the third one late (Run reminds Dirección in
// October); the owner's information quality evaluations in June and
// December; Dirección endorsing each proposal before its work meeting and
// each work plan a few days after it is agreed; the March meeting without
// one division, with its reason; and the complaints heard in the
// interviews with a low score registered as complaints and handled
// privately by the owner. No step draws from the demo's seeded source, so
// the rest of the year is the same with or without them.

// satGovernance is the demo's state of those duties.
type satGovernance struct {
	endorsed map[string]bool // proposals Dirección endorsed
	docs     map[string]string
}

// planGovernance schedules the owner's and Dirección's steps of the year.
func (s *satisfactionDemo) planGovernance(env *Env) {
	s.gov = satGovernance{endorsed: map[string]bool{}, docs: map[string]string{}}
	date := func(m time.Month, day int) calendar.Date { return s.biz(env, env.Day(m, day), 0) }
	s.schedule(env, satAt(date(time.January, 12), 9, 0), "process documents", s.registerDocuments)
	s.schedule(env, satAt(date(time.April, 8), 10, 0), "review the process description", func(ctx context.Context, env *Env, at time.Time) error {
		return s.reviewDocument(ctx, env, "descripcion", "3.0", at)
	})
	s.schedule(env, satAt(date(time.August, 5), 10, 0), "review the report format", func(ctx context.Context, env *Env, at time.Time) error {
		return s.reviewDocument(ctx, env, "formato", "1.1", at)
	})
	s.schedule(env, satAt(date(time.March, 16), 11, 0), "change the definition", s.changeDefinition)
	for _, q := range []struct {
		on     calendar.Date
		period time.Month
		who    int
	}{{date(time.March, 27), time.March, 0}, {date(time.June, 26), time.June, 1}, {date(time.November, 4), time.September, 0}, {date(time.December, 18), time.December, 1}} {
		s.schedule(env, satAt(q.on, 16, 0), "Dirección review", func(ctx context.Context, env *Env, at time.Time) error {
			by := s.direction
			if q.who == 1 {
				by = s.chief
			}
			_, err := s.p.RecordDirectionReview(ctx, by, satisfaction.Month{Year: env.Year, Month: q.period}, satDateOf(at),
				"Revisión de la satisfacción de los clientes: encuestas del CMI, reclamos y avance de los planes de trabajo.", at)
			if err == nil {
				env.Count("direction_reviews", 1)
			}
			return err
		})
	}
	for _, on := range []calendar.Date{date(time.June, 29), date(time.December, 14)} {
		s.schedule(env, satAt(on, 12, 0), "information quality", func(ctx context.Context, env *Env, at time.Time) error {
			_, err := s.p.EvaluateQuality(ctx, s.owner, satDateOf(at), "Evaluación de la calidad del repositorio de información de los clientes.", at)
			if err == nil {
				env.Count("quality_evaluations", 1)
			}
			return err
		})
	}
}

// registerDocuments registers the process documents: the process
// description (last reviewed the year before, so due in March), the
// interview guide and the service report format (reviewed every six
// months).
func (s *satisfactionDemo) registerDocuments(ctx context.Context, env *Env, at time.Time) error {
	for _, d := range []struct {
		key string
		doc satisfaction.ProcessDocument
	}{
		{"descripcion", satisfaction.ProcessDocument{Title: "Descripción del proceso de gestión de la satisfacción", Location: "https://intranet.example.gov.co/oti/procesos/satisfaccion.pdf",
			Version: "2.1", Reviewed: calendar.Date{Year: env.Year - 1, Month: time.March, Day: 10}}},
		{"guia", satisfaction.ProcessDocument{Title: "Guía de la entrevista anual", Location: "https://intranet.example.gov.co/oti/procesos/guia-entrevista.pdf",
			Version: "1.4", Reviewed: calendar.Date{Year: env.Year - 1, Month: time.November, Day: 20}}},
		{"formato", satisfaction.ProcessDocument{Title: "Formato del informe mensual de servicios", Location: "https://intranet.example.gov.co/oti/procesos/formato-informe.docx",
			Version: "1.0", Reviewed: satDateOf(at), ReviewMonths: 6}},
	} {
		doc, err := s.p.RegisterDocument(ctx, s.owner, d.doc, at)
		if err != nil {
			return err
		}
		s.gov.docs[d.key] = doc.ID
		env.Count("process_documents", 1)
	}
	return nil
}

func (s *satisfactionDemo) reviewDocument(ctx context.Context, env *Env, key, version string, at time.Time) error {
	if _, err := s.p.ReviewDocument(ctx, s.owner, s.gov.docs[key], version, "", satDateOf(at), at); err != nil {
		return err
	}
	env.Count("process_documents_reviewed", 1)
	return nil
}

// changeDefinition raises the CSAT target from April, agreed with
// Dirección after the first quarter.
func (s *satisfactionDemo) changeDefinition(ctx context.Context, env *Env, at time.Time) error {
	in, err := s.p.DefinitionAt(ctx, satisfaction.Month{Year: env.Year, Month: time.March})
	if err != nil {
		return err
	}
	t := in.Targets
	csat := 0.88
	t.CSAT = &csat
	if _, err := s.p.ChangeDefinition(ctx, s.owner, satisfaction.DefinitionChange{From: satisfaction.Month{Year: env.Year, Month: time.April}, Targets: t,
		Reason: "Meta de CSAT más exigente (88 %) desde abril, acordada con Dirección tras el primer trimestre."}, at); err != nil {
		return err
	}
	env.Count("definition_changes", 1)
	return nil
}

// beforeMeeting has Dirección endorse the owner's proposals the meeting
// will agree (seed 003 §6.6), and returns the divisions taking part with
// the reasons of those missing: the March meeting goes without the last
// division, which was on its month-end closing.
func (s *satisfactionDemo) beforeMeeting(ctx context.Context, env *Env, at time.Time, divisions, agree []string) ([]string, map[string]string, error) {
	for _, id := range agree {
		if s.actions[id].origin != satisfaction.OriginAnalysis || s.gov.endorsed[id] {
			continue
		}
		by := s.direction
		if len(s.gov.endorsed)%2 == 1 {
			by = s.chief
		}
		if _, err := s.p.EndorseAction(ctx, by, id, at); err != nil {
			return nil, nil, err
		}
		s.gov.endorsed[id] = true
		env.Count("proposals_endorsed", 1)
	}
	if satDateOf(at).Month != time.March || len(divisions) < 2 {
		return divisions, nil, nil
	}
	out := slices.Clone(divisions[:len(divisions)-1])
	missing := divisions[len(divisions)-1]
	env.Count("meetings_without_a_division", 1)
	return out, map[string]string{missing: "Cierre de mes de la división: enviará sus aportes por escrito."}, nil
}

// endorsePlan schedules Dirección's endorsement of a work plan agreed at
// at, three business days later (seed 003 §6.7).
func (s *satisfactionDemo) endorsePlan(env *Env, client string, at time.Time) {
	on := s.biz(env, satDateOf(at), 3)
	year := satDateOf(at).Year
	s.schedule(env, satAt(on, 12, 30), "endorse the work plan "+client, func(ctx context.Context, env *Env, at time.Time) error {
		if _, err := s.p.EndorseWorkPlan(ctx, s.direction, client, year, at); err != nil {
			return err
		}
		env.Count("work_plans_endorsed", 1)
		return nil
	})
}

// interviewComplaints registers, the day of the interview, the complaints
// heard in an interview whose score is under 3.5 (seed 003 §6.3), and has
// the owner take each up privately the next business day and answer it.
func (s *satisfactionDemo) interviewComplaints(ctx context.Context, env *Env, iv satisfaction.Interview, at time.Time) error {
	if iv.Score >= 3.5 {
		return nil
	}
	for _, topic := range iv.Complaints {
		cp, err := s.p.ComplaintFromInterview(ctx, s.owner, satisfaction.InterviewComplaint{Interview: iv.ID, Topic: topic, Scope: satisfaction.ScopeOther,
			Summary: fmt.Sprintf("Reclamo expresado en la entrevista anual: %s", satLowerFirst(satTopicComplaint(topic)))}, at.Add(2*time.Hour))
		if err != nil {
			return err
		}
		s.known[cp.ID] = true
		env.Count("complaints", 1)
		env.Count("complaints_interview", 1)
		take := s.biz(env, satDateOf(at), 1)
		answer := s.biz(env, take, 4)
		closeAt := satAt(s.biz(env, answer, 2), 10, 0)
		id := cp.ID
		s.schedule(env, satAt(take, 9, 30), "take up interview complaint "+id, func(ctx context.Context, env *Env, at time.Time) error {
			if _, err := s.p.HandlePrivately(ctx, s.owner, id, at); err != nil {
				return err
			}
			env.Count("complaints_handled_privately", 1)
			s.schedule(env, satAt(answer, 11, 0), "answer interview complaint "+id, func(ctx context.Context, env *Env, at time.Time) error {
				return s.answerComplaint(ctx, env, id, topic, false, at, closeAt)
			})
			return nil
		})
	}
	return nil
}
