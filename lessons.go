package relaciona

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"
)

// LessonKind is the record kind of the lessons-learned register.
const LessonKind = "relaciona.lesson"

// Lesson is one entry of the lessons-learned register: what was learned
// (Text), in which process and from which record (Process, Source: the
// issue, complaint or review that taught it), the root cause it answers
// (RootCause, an id of the process's catalogue), the topics and
// stakeholder groups it concerns, and how it was spread since: who was
// told, when and by which channel (Spreads).
//
// The register lives in the root, not in one process, because lessons are
// for reuse across processes: a lesson a stakeholder issue taught is as
// useful to the alliance review or the satisfaction work meetings, and the
// register is searched by process as well as by topic and group (issue 18,
// item 2; seed 000, levels 4 and 6: "lecciones aprendidas"). Each process
// writes its lessons here, with its own rules on who may.
type Lesson struct {
	ID      string `json:"id"`
	Process string `json:"process"`
	Source  Ref    `json:"source"`
	Text    string `json:"text" personal:"true"`
	// Topics are short keywords, kept in lower case ("obras", "plazos").
	Topics []string `json:"topics,omitempty"`
	// Groups are the stakeholder groups (or client segments) concerned.
	Groups    []string  `json:"groups,omitempty"`
	RootCause string    `json:"root_cause,omitempty"`
	Learned   time.Time `json:"learned"`
	By        string    `json:"by"`
	Spreads   []Spread  `json:"spreads,omitempty"`
}

// Spread is one spreading of a lesson: who was told (people, groups or
// units: personal data when they name people), by which channel, when, and
// by whom (the directory's id of the actor who recorded it).
type Spread struct {
	To      []string  `json:"to" personal:"true"`
	Channel string    `json:"channel"`
	At      time.Time `json:"at"`
	By      string    `json:"by"`
	Note    string    `json:"note,omitempty" personal:"true"`
}

// WasSpread reports whether the lesson was ever spread.
func (l Lesson) WasSpread() bool { return len(l.Spreads) > 0 }

// Lessons is the lessons-learned register of a store. Its writes go into
// the caller's Batch, so that a lesson is written in the same transaction
// as the record that taught it, and its spreading under the lesson's
// version (a concurrent change is an ErrConflict). It checks the lesson's
// shape; who may write is the process's rule, checked in the directory
// before (stakeholder.Process.ResolveIssue, SpreadLesson).
type Lessons struct {
	c *Collection[Lesson]
}

// NewLessons returns the lessons-learned register of s.
func NewLessons(s *Store) *Lessons {
	return &Lessons{c: NewCollection(s, LessonKind, lessonKey)}
}

func lessonKey(l *Lesson) Key {
	a := map[string]string{"process": l.Process, "source": l.Source.String()}
	if l.RootCause != "" {
		a["root_cause"] = l.RootCause
	}
	return Key{ID: l.ID, Attrs: a, Time: l.Learned}
}

// NormalizeTopic is how topics are kept and compared: trimmed, in lower
// case, with inner runs of spaces made one.
func NormalizeTopic(t string) string {
	return strings.Join(strings.Fields(strings.ToLower(t)), " ")
}

// normalize cleans a list of topics or groups: trimmed (topics also lower
// case), blanks dropped, duplicates removed, order kept.
func normalize(xs []string, topic bool) []string {
	var out []string
	for _, x := range xs {
		if topic {
			x = NormalizeTopic(x)
		} else {
			x = strings.TrimSpace(x)
		}
		if x != "" && !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

// Add validates l and adds its creation to b (expected version 0: a lesson
// id is written once). It needs an id, a process, a source record, a text,
// the time it was learned and who recorded it; topics are normalised
// (NormalizeTopic). It returns the lesson as it will be stored.
func (r *Lessons) Add(b *Batch, l Lesson) (Lesson, error) {
	switch {
	case l.ID == "":
		return Lesson{}, Invalid("lesson.id", "a lesson needs an id")
	case l.Process == "":
		return Lesson{}, Invalid("lesson.process", "lesson %s needs the process that learned it", l.ID)
	case l.Source.Kind == "" || l.Source.ID == "":
		return Lesson{}, Invalid("lesson.source", "lesson %s needs the record it comes from", l.ID)
	case strings.TrimSpace(l.Text) == "":
		return Lesson{}, Invalid("lesson.text", "lesson %s has no text", l.ID)
	case l.Learned.IsZero():
		return Lesson{}, Invalid("lesson.learned", "lesson %s needs the time it was learned", l.ID)
	case l.By == "":
		return Lesson{}, Invalid("lesson.by", "lesson %s needs who recorded it", l.ID)
	}
	l.Text = strings.TrimSpace(l.Text)
	l.Topics = normalize(l.Topics, true)
	l.Groups = normalize(l.Groups, false)
	l.Spreads = nil
	r.c.Put(b, &l, 0)
	return l, nil
}

// Get returns one lesson; the error wraps ErrNotFound when there is none.
func (r *Lessons) Get(ctx context.Context, id string) (Lesson, error) {
	d, err := r.c.Get(ctx, id)
	return d.Value, err
}

// Spread reads lesson id and adds to b its update with sp appended, under
// the version read (a concurrent change makes the commit fail with
// ErrConflict and write nothing). sp needs at least one recipient, a
// channel, a time not before the lesson was learned, and who recorded it.
// It returns the lesson as it will be stored.
func (r *Lessons) Spread(ctx context.Context, b *Batch, id string, sp Spread) (Lesson, error) {
	d, err := r.c.Get(ctx, id)
	if err != nil {
		return Lesson{}, err
	}
	l := d.Value
	sp.To = normalize(sp.To, false)
	switch {
	case len(sp.To) == 0:
		return Lesson{}, Invalid("spread.to", "say who was told of lesson %s", id)
	case strings.TrimSpace(sp.Channel) == "":
		return Lesson{}, Invalid("spread.channel", "say by which channel lesson %s was spread", id)
	case sp.At.IsZero():
		return Lesson{}, Invalid("spread.at", "say when lesson %s was spread", id)
	case sp.At.Before(l.Learned):
		return Lesson{}, Invalid("spread.at", "lesson %s cannot be spread (%s) before it was learned (%s)", id, sp.At.Format(time.DateOnly), l.Learned.Format(time.DateOnly))
	case sp.By == "":
		return Lesson{}, Invalid("spread.by", "say who spread lesson %s", id)
	}
	l.Spreads = append(l.Spreads, sp)
	r.c.Put(b, &l, d.Version)
	return l, nil
}

// LessonQuery selects lessons in Search. Empty fields match everything.
// Process, RootCause and Source are read through the store's attribute
// index; Topic (compared after NormalizeTopic) and Group match any of a
// lesson's topics or groups; Text matches the text case-insensitively;
// From and To bound the time it was learned, [From, To).
type LessonQuery struct {
	Process   string
	Topic     string
	Group     string
	RootCause string
	Source    Ref
	Text      string
	From, To  time.Time
	// Unspread keeps only the lessons never spread.
	Unspread bool
}

// Search streams the lessons that match q, oldest first, in constant
// memory.
func (r *Lessons) Search(ctx context.Context, q LessonQuery) iter.Seq2[Lesson, error] {
	return func(yield func(Lesson, error) bool) {
		attrs := map[string]string{}
		if q.Process != "" {
			attrs["process"] = q.Process
		}
		if q.RootCause != "" {
			attrs["root_cause"] = q.RootCause
		}
		if q.Source != (Ref{}) {
			attrs["source"] = q.Source.String()
		}
		topic, group, text := NormalizeTopic(q.Topic), strings.TrimSpace(q.Group), strings.ToLower(strings.TrimSpace(q.Text))
		for d, err := range r.c.Scan(ctx, Filter{Attrs: attrs, From: q.From, To: q.To}) {
			if err != nil {
				yield(Lesson{}, fmt.Errorf("search lessons: %w", err))
				return
			}
			l := d.Value
			if topic != "" && !slices.Contains(l.Topics, topic) ||
				group != "" && !slices.Contains(l.Groups, group) ||
				text != "" && !strings.Contains(strings.ToLower(l.Text), text) ||
				q.Unspread && l.WasSpread() {
				continue
			}
			if !yield(l, nil) {
				return
			}
		}
	}
}
