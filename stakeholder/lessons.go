package stakeholder

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
)

// ActSpreadLessons: record the spreading of a lesson learned (who was
// told, when, by which channel). Level 4, "Se ocupa de problemas y
// asuntos, gestionando resoluciones, acciones correctivas, lecciones
// aprendidas y la recopilación y difusión de información relevante" (seed
// 000_f7cf2e5b8754cfa1.txt, "Nivel 4"); level 6 "Supervisa el monitoreo de
// las relaciones, incluidas las lecciones aprendidas" oversees it through
// the register's search.
const ActSpreadLessons Action = "spread_lessons"

// RootCause is one entry of the root-cause catalogue (the YAML key
// root_causes) an issue is resolved with: an id, its name in Spanish and
// English, and optionally the id of a broader cause of the same catalogue
// that groups it (Parent).
type RootCause struct {
	ID     string        `yaml:"id"`
	Name   RootCauseName `yaml:"name"`
	Parent string        `yaml:"parent"`
	pos    positions
}

// RootCauseName is a root cause's name in each language.
type RootCauseName struct {
	ES string `yaml:"es"`
	EN string `yaml:"en"`
}

// Label is the cause's name in lang.
func (r RootCause) Label(lang relaciona.Lang) string { return lang.T(r.Name.ES, r.Name.EN) }

// UnmarshalYAML decodes a RootCause and remembers where its values are.
func (r *RootCause) UnmarshalYAML(n *yaml.Node) error {
	type plain RootCause
	return decodeAt(n, (*plain)(r), &r.pos)
}

// DefaultRootCauses is the catalogue used when the YAML has none: the
// causes stakeholder issues most often come down to.
func DefaultRootCauses() []RootCause {
	rc := func(id, es, en string) RootCause { return RootCause{ID: id, Name: RootCauseName{ES: es, EN: en}} }
	return []RootCause{
		rc("communication", "Comunicación insuficiente o tardía", "Insufficient or late communication"),
		rc("expectations", "Expectativas no acordadas", "Expectations not agreed"),
		rc("process", "Proceso o procedimiento inadecuado", "Inadequate process or procedure"),
		rc("resources", "Falta de recursos", "Lack of resources"),
		rc("skills", "Falta de capacidades o conocimiento", "Lack of skills or knowledge"),
		rc("coordination", "Coordinación entre dependencias", "Coordination between units"),
		rc("external", "Causa externa", "External cause"),
		rc("other", "Otra", "Other"),
	}
}

// RootCause returns the catalogue's cause id.
func (c *Config) RootCause(id string) (RootCause, bool) {
	i := slices.IndexFunc(c.RootCauses, func(r RootCause) bool { return r.ID == id })
	if i < 0 {
		return RootCause{}, false
	}
	return c.RootCauses[i], true
}

// rootCauseIDs lists the catalogue's ids, for messages.
func (c *Config) rootCauseIDs() string {
	ids := make([]string, len(c.RootCauses))
	for i, r := range c.RootCauses {
		ids[i] = r.ID
	}
	return strings.Join(ids, ", ")
}

// checkRootCauses checks the catalogue: ids unique and present, both
// names given, and every parent a cause of the catalogue, without cycles.
func (c *Config) checkRootCauses(k *checker) {
	ids := map[string]int{}
	for i, r := range c.RootCauses {
		f := fmt.Sprintf("root_causes[%d]", i)
		if !k.newID(r.pos, f, r.ID, ids, [2]string{"la causa raíz necesita un identificador", "the root cause needs an id"},
			[2]string{"la causa raíz %q está repetida", "root cause %q is repeated"}) {
			continue
		}
		ids[r.ID] = i
		if strings.TrimSpace(r.Name.ES) == "" || strings.TrimSpace(r.Name.EN) == "" {
			k.add(r.pos, "name", f+".name", "la causa raíz %q necesita su nombre en español (es) y en inglés (en)", "root cause %q needs its name in Spanish (es) and English (en)", r.ID)
		}
	}
	for i, r := range c.RootCauses {
		if r.Parent == "" {
			continue
		}
		f := fmt.Sprintf("root_causes[%d].parent", i)
		if _, ok := ids[r.Parent]; !ok {
			k.add(r.pos, "parent", f, "causa raíz desconocida %q: agréguela en root_causes (hay: %s)", "unknown root cause %q: add it to root_causes (there are: %s)", r.Parent, c.rootCauseIDs())
			continue
		}
		if loop := parentLoop(c.RootCauses, ids, r.ID, r.Parent, func(r RootCause) string { return r.Parent }); loop != nil {
			k.add(r.pos, "parent", f, "las causas raíz forman un ciclo: %s", "root causes form a cycle: %s", joinArrow(loop))
		}
	}
}

// Resolution is how an issue is resolved (ResolveIssue): what was done
// (Text), the root cause from the catalogue (RootCause, required) and the
// lessons learned, each of which goes into the lessons register. Lessons
// may be none: not every issue teaches one, and a register padded with
// filler is searched by no one; the root cause is always required, so the
// register of causes is complete.
type Resolution struct {
	Text      string
	RootCause string
	Lessons   []LessonInput
}

// LessonInput is one lesson learned as the resolver writes it: the text
// and the topics (keywords) it is found by. The process adds the rest: the
// issue it comes from, the stakeholder's groups (and the groups above
// them), the root cause, when and by whom.
type LessonInput struct {
	Text   string
	Topics []string
}

// Lessons returns the lessons-learned register of the process's store (the
// root register, shared by the four processes).
func (s *Process) Lessons() *relaciona.Lessons { return relaciona.NewLessons(s.store) }

// checkResolution validates r in the process's language.
func (s *Process) checkResolution(r Resolution) error {
	if strings.TrimSpace(r.Text) == "" {
		return s.invalid("resolution", "indique la resolución", "give the resolution")
	}
	if r.RootCause == "" {
		return s.invalid("root_cause", "indique la causa raíz (una de: %s)", "give the root cause (one of: %s)", s.cfg.rootCauseIDs())
	}
	if _, ok := s.cfg.RootCause(r.RootCause); !ok {
		return s.invalid("root_cause", "causa raíz desconocida %q (use una de: %s)", "unknown root cause %q (use one of: %s)", r.RootCause, s.cfg.rootCauseIDs())
	}
	for i, l := range r.Lessons {
		if strings.TrimSpace(l.Text) == "" {
			return s.invalid(fmt.Sprintf("lessons[%d].text", i), "la lección aprendida %d no tiene texto", "lesson learned %d has no text", i+1)
		}
	}
	return nil
}

// groupsWithParents returns the stakeholder's groups and every group above
// them, so that a search by a broader group finds the lesson.
func (s *Process) groupsWithParents(ctx context.Context, ids []string) ([]string, error) {
	var out []string
	for _, id := range ids {
		for cur, n := id, 0; cur != "" && n < 64; n++ {
			if slices.Contains(out, cur) {
				break
			}
			out = append(out, cur)
			g, err := s.groups.Get(ctx, cur)
			if err != nil {
				if errors.Is(err, relaciona.ErrNotFound) {
					break
				}
				return nil, err
			}
			cur = g.Value.Parent
		}
	}
	return out, nil
}

// addLessons writes the lessons of resolution r of issue i into b: one
// lesson record per input, id "ISSUE/L<n>", in the root register.
func (s *Process) addLessons(ctx context.Context, b *relaciona.Batch, i *Issue, r Resolution, by string, at time.Time) error {
	st, err := s.stakeholders.Get(ctx, i.Stakeholder)
	if err != nil && !errors.Is(err, relaciona.ErrNotFound) {
		return err
	}
	groups, err := s.groupsWithParents(ctx, st.Value.Groups)
	if err != nil {
		return err
	}
	reg := s.Lessons()
	for _, in := range r.Lessons {
		l, err := reg.Add(b, relaciona.Lesson{
			ID: fmt.Sprintf("%s/L%d", i.ID, len(i.LessonIDs)+1), Process: Kind,
			Source: relaciona.Ref{Kind: kindIssue, ID: i.ID}, Text: in.Text, Topics: in.Topics,
			Groups: groups, RootCause: r.RootCause, Learned: at, By: by,
		})
		if err != nil {
			return err
		}
		i.LessonIDs = append(i.LessonIDs, l.ID)
		i.Lessons = append(i.Lessons, l.Text)
	}
	return nil
}

// SpreadInput is one spreading of a lesson: who was told (stakeholder,
// group or person ids, or names: personal data), the channel from the
// catalogue, the date, and an optional note.
type SpreadInput struct {
	To      []string
	Channel string
	Date    calendar.Date
	Note    string
}

// SpreadLesson records that lesson id was spread: to whom, on which date,
// by which channel of the catalogue. It needs the "spread_lessons" level
// (4 by default, seed 000 "Nivel 4": "difusión de información relevante"),
// checked in the directory first; a refusal changes nothing. It is one
// audited write (action "stakeholder.spread_lesson") under the lesson's
// version. Lessons of other processes are spread through their own
// process.
func (s *Process) SpreadLesson(ctx context.Context, actor relaciona.Actor, at time.Time, id string, in SpreadInput) (relaciona.Lesson, error) {
	actor, err := s.require(ctx, actor, ActSpreadLessons)
	if err != nil {
		return relaciona.Lesson{}, err
	}
	if len(in.To) == 0 || slices.ContainsFunc(in.To, func(t string) bool { return strings.TrimSpace(t) == "" }) {
		return relaciona.Lesson{}, s.invalid("to", "indique a quién se difundió la lección", "say who was told of the lesson")
	}
	if _, ok := s.channels[in.Channel]; !ok {
		return relaciona.Lesson{}, s.invalid("channel", "canal desconocido %q", "unknown channel %q", in.Channel)
	}
	if in.Date.IsZero() {
		return relaciona.Lesson{}, s.invalid("date", "indique la fecha de la difusión", "give the date it was spread")
	}
	reg := s.Lessons()
	var out relaciona.Lesson
	err = s.store.Update(ctx, actor, "stakeholder.spread_lesson", "lesson "+id, 3, func(b *relaciona.Batch) error {
		b.At(at)
		l, err := reg.Get(ctx, id)
		if err != nil {
			return err
		}
		if l.Process != Kind {
			return s.invalid("id", "la lección %q es del proceso %s: difúndala desde ese proceso", "lesson %q belongs to process %s: spread it from there", id, l.Process)
		}
		if day := dayTime(in.Date); day.Before(dayTime(calendar.DateOf(l.Learned))) {
			return s.invalid("date", "la lección se aprendió el %s: no pudo difundirse antes", "the lesson was learned on %s: it cannot have been spread before", calendar.DateOf(l.Learned))
		}
		// The spread's time is the later of its day and the time learned,
		// so that a spread on the day it was learned is not "before" it.
		when := dayTime(in.Date)
		if when.Before(l.Learned) {
			when = l.Learned
		}
		out, err = reg.Spread(ctx, b, id, relaciona.Spread{To: in.To, Channel: in.Channel, At: when, By: actor.ID, Note: in.Note})
		return err
	})
	return out, err
}

// SearchLessons streams this process's lessons that match q (q.Process is
// set to "stakeholder"); use Lessons().Search to search every process.
func (s *Process) SearchLessons(ctx context.Context, q relaciona.LessonQuery) iter.Seq2[relaciona.Lesson, error] {
	q.Process = Kind
	return s.Lessons().Search(ctx, q)
}
