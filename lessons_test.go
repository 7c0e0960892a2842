package relaciona_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

func marchDay(d int) time.Time { return time.Date(2026, 3, d, 10, 0, 0, 0, time.UTC) }

func lessonOf(id, process string, d int, topics, groups []string, cause string) relaciona.Lesson {
	return relaciona.Lesson{ID: id, Process: process, Source: relaciona.Ref{Kind: process + ".issue", ID: "i-" + id},
		Text: "Lección " + id, Topics: topics, Groups: groups, RootCause: cause, Learned: marchDay(d), By: "u1"}
}

func addLessons(t *testing.T, s *relaciona.Store, ls ...relaciona.Lesson) *relaciona.Lessons {
	t.Helper()
	reg := relaciona.NewLessons(s)
	b := s.Begin(clerk, "test.lessons", "")
	for _, l := range ls {
		_, err := reg.Add(b, l)
		require.NoError(t, err)
	}
	_, err := b.Commit(context.Background())
	require.NoError(t, err)
	return reg
}

func TestLessonAddRefusesIncomplete(t *testing.T) {
	s := openMem(t)
	reg := relaciona.NewLessons(s)
	ok := lessonOf("l1", "stakeholder", 2, nil, nil, "")
	for _, tc := range []struct {
		name  string
		edit  func(*relaciona.Lesson)
		field string
	}{
		{"no id", func(l *relaciona.Lesson) { l.ID = "" }, "lesson.id"},
		{"no process", func(l *relaciona.Lesson) { l.Process = "" }, "lesson.process"},
		{"no source", func(l *relaciona.Lesson) { l.Source = relaciona.Ref{} }, "lesson.source"},
		{"blank text", func(l *relaciona.Lesson) { l.Text = "  " }, "lesson.text"},
		{"no time", func(l *relaciona.Lesson) { l.Learned = time.Time{} }, "lesson.learned"},
		{"no author", func(l *relaciona.Lesson) { l.By = "" }, "lesson.by"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := ok
			tc.edit(&l)
			_, err := reg.Add(s.Begin(clerk, "x", ""), l)
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			var ve *relaciona.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
		})
	}
}

func TestLessonTopicsNormalisedAndWrittenOnce(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	reg := addLessons(t, s, lessonOf("l1", "stakeholder", 2, []string{" Obras  Viales", "obras viales", ""}, []string{" vecinos ", "vecinos"}, ""))
	l, err := reg.Get(ctx, "l1")
	require.NoError(t, err)
	assert.Equal(t, []string{"obras viales"}, l.Topics)
	assert.Equal(t, []string{"vecinos"}, l.Groups)
	// A second lesson with the same id is a conflict, never an overwrite.
	b := s.Begin(clerk, "x", "")
	_, err = reg.Add(b, lessonOf("l1", "alliance", 3, nil, nil, ""))
	require.NoError(t, err)
	_, err = b.Commit(ctx)
	require.ErrorIs(t, err, relaciona.ErrConflict)
	l, err = reg.Get(ctx, "l1")
	require.NoError(t, err)
	assert.Equal(t, "stakeholder", l.Process)
}

func TestLessonSearchByTopicGroupProcess(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	reg := addLessons(t, s,
		lessonOf("a", "stakeholder", 2, []string{"obras", "plazos"}, []string{"vecinos"}, "communication"),
		lessonOf("b", "stakeholder", 3, []string{"plazos"}, []string{"gremios"}, "process"),
		lessonOf("c", "satisfaction", 4, []string{"Obras"}, []string{"vecinos"}, "communication"),
		lessonOf("d", "alliance", 5, nil, nil, ""),
	)
	ids := func(q relaciona.LessonQuery) []string {
		var out []string
		for l, err := range reg.Search(ctx, q) {
			require.NoError(t, err)
			out = append(out, l.ID)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		q    relaciona.LessonQuery
		want []string
	}{
		{"all", relaciona.LessonQuery{}, []string{"a", "b", "c", "d"}},
		{"process", relaciona.LessonQuery{Process: "stakeholder"}, []string{"a", "b"}},
		{"topic, any case", relaciona.LessonQuery{Topic: " OBRAS "}, []string{"a", "c"}},
		{"group", relaciona.LessonQuery{Group: "vecinos"}, []string{"a", "c"}},
		{"topic and process", relaciona.LessonQuery{Topic: "obras", Process: "satisfaction"}, []string{"c"}},
		{"group and topic", relaciona.LessonQuery{Group: "gremios", Topic: "plazos"}, []string{"b"}},
		{"root cause", relaciona.LessonQuery{RootCause: "communication"}, []string{"a", "c"}},
		{"source", relaciona.LessonQuery{Source: relaciona.Ref{Kind: "alliance.issue", ID: "i-d"}}, []string{"d"}},
		{"text", relaciona.LessonQuery{Text: "LECCIÓN b"}, []string{"b"}},
		{"time range", relaciona.LessonQuery{From: marchDay(3), To: marchDay(5)}, []string{"b", "c"}},
		{"nothing", relaciona.LessonQuery{Topic: "obras", Group: "gremios"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, ids(tc.q)) })
	}
}

func TestLessonSpreadRecordedUnderVersion(t *testing.T) {
	ctx := context.Background()
	s := openMem(t)
	reg := addLessons(t, s, lessonOf("l1", "stakeholder", 2, nil, nil, ""))
	spread := func(sp relaciona.Spread) error {
		b := s.Begin(clerk, "test.spread", "")
		if _, err := reg.Spread(ctx, b, "l1", sp); err != nil {
			return err
		}
		_, err := b.Commit(ctx)
		return err
	}
	good := relaciona.Spread{To: []string{"equipo-obras"}, Channel: "email", At: marchDay(3), By: "u1"}
	for _, tc := range []struct {
		name  string
		edit  func(*relaciona.Spread)
		field string
	}{
		{"nobody told", func(sp *relaciona.Spread) { sp.To = []string{" "} }, "spread.to"},
		{"no channel", func(sp *relaciona.Spread) { sp.Channel = "" }, "spread.channel"},
		{"no time", func(sp *relaciona.Spread) { sp.At = time.Time{} }, "spread.at"},
		{"before learned", func(sp *relaciona.Spread) { sp.At = marchDay(1) }, "spread.at"},
		{"no author", func(sp *relaciona.Spread) { sp.By = "" }, "spread.by"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sp := good
			tc.edit(&sp)
			var ve *relaciona.ValidationError
			require.ErrorAs(t, spread(sp), &ve)
			assert.Equal(t, tc.field, ve.Field)
		})
	}
	require.NoError(t, spread(good))
	l, err := reg.Get(ctx, "l1")
	require.NoError(t, err)
	require.Len(t, l.Spreads, 1)
	assert.Equal(t, []string{"equipo-obras"}, l.Spreads[0].To)

	// Two spreads read at the same version: the second to commit loses.
	b1, b2 := s.Begin(clerk, "a", ""), s.Begin(clerk, "b", "")
	_, err = reg.Spread(ctx, b1, "l1", good)
	require.NoError(t, err)
	_, err = reg.Spread(ctx, b2, "l1", good)
	require.NoError(t, err)
	_, err = b1.Commit(ctx)
	require.NoError(t, err)
	_, err = b2.Commit(ctx)
	require.ErrorIs(t, err, relaciona.ErrConflict)
	l, err = reg.Get(ctx, "l1")
	require.NoError(t, err)
	assert.Len(t, l.Spreads, 2)

	_, err = reg.Spread(ctx, s.Begin(clerk, "x", ""), "nope", good)
	assert.True(t, errors.Is(err, relaciona.ErrNotFound))

	var unspread []string
	for l, err := range reg.Search(ctx, relaciona.LessonQuery{Unspread: true}) {
		require.NoError(t, err)
		unspread = append(unspread, l.ID)
	}
	assert.Empty(t, unspread)
}

func ExampleLessons() {
	ctx := context.Background()
	store, err := relaciona.OpenStore(ctx, "sqlite://:memory:")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	lessons := relaciona.NewLessons(store)
	clerk := relaciona.Actor{ID: "ana"}
	at := time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)

	// A process writes the lesson in the batch that resolves its source.
	b := store.Begin(clerk, "stakeholder.resolve_issue", "issue ISS-1")
	_, err = lessons.Add(b, relaciona.Lesson{ID: "ISS-1/L1", Process: "stakeholder",
		Source: relaciona.Ref{Kind: "stakeholder.issue", ID: "ISS-1"}, RootCause: "communication",
		Text: "Avisar a la junta ocho días antes de cerrar vías", Topics: []string{"Obras"},
		Groups: []string{"vecinos"}, Learned: at, By: "ana"})
	if err == nil {
		_, err = b.Commit(ctx)
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	// Its spreading is an audited write under the lesson's version.
	b = store.Begin(clerk, "stakeholder.spread_lesson", "lesson ISS-1/L1")
	_, err = lessons.Spread(ctx, b, "ISS-1/L1", relaciona.Spread{To: []string{"equipo-obras"}, Channel: "meeting", At: at.AddDate(0, 0, 2), By: "ana"})
	if err == nil {
		_, err = b.Commit(ctx)
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	for l, err := range lessons.Search(ctx, relaciona.LessonQuery{Topic: "obras", Group: "vecinos"}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(l.ID, l.Process, l.RootCause, l.Topics, len(l.Spreads))
	}
	// Output:
	// ISS-1/L1 stakeholder communication [obras] 1
}
