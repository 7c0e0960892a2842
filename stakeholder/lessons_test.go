package stakeholder

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
)

// causesYAML is testYAML with its own root-cause catalogue: a broad cause
// and a narrower one under it.
const causesYAML = testYAML + `root_causes:
  - {id: personas, name: {es: Personas, en: People}}
  - {id: aviso_tardio, name: {es: Aviso tardío, en: Late notice}, parent: personas}
`

// position returns "test.yaml:LINE:COL" of the first occurrence of what in
// yaml, as the YAML decoder counts them (1-based, in characters).
func position(yaml, what string) string {
	i := strings.Index(yaml, what)
	line := strings.Count(yaml[:i], "\n") + 1
	col := utf8.RuneCountInString(yaml[strings.LastIndex(yaml[:i], "\n")+1:i]) + 1
	return fmt.Sprintf("test.yaml:%d:%d", line, col)
}

func TestRootCauseCatalogueIsCheckedWithPosition(t *testing.T) {
	cfg, err := ParseConfig("test.yaml", []byte(causesYAML), relaciona.Spanish)
	require.NoError(t, err)
	rc, ok := cfg.RootCause("aviso_tardio")
	require.True(t, ok)
	assert.Equal(t, "Late notice", rc.Label(relaciona.English))
	assert.Equal(t, "personas", rc.Parent)
	_, ok = cfg.RootCause("communication")
	assert.False(t, ok, "a file's own catalogue replaces the default one")

	assert.Equal(t, DefaultRootCauses(), testConfig(t).RootCauses, "no root_causes: the default catalogue")

	for _, c := range []struct {
		name, old, new, at, want string
	}{
		{"unknown parent cause", "parent: personas", "parent: gente", "gente", `causa raíz desconocida "gente"`},
		{"repeated cause", "{id: aviso_tardio,", "{id: personas,", "personas, name: {es: Aviso", `la causa raíz "personas" está repetida`},
		{"cycle of causes", "{id: personas, name: {es: Personas, en: People}}", "{id: personas, name: {es: Personas, en: People}, parent: aviso_tardio}", "aviso_tardio}", "ciclo"},
	} {
		t.Run(c.name, func(t *testing.T) {
			broken := strings.Replace(causesYAML, c.old, c.new, 1)
			require.NotEqual(t, causesYAML, broken)
			_, err := ParseConfig("test.yaml", []byte(broken), relaciona.Spanish)
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Contains(t, err.Error(), position(broken, c.at)+": ")
			assert.Contains(t, err.Error(), c.want)
		})
	}
	t.Run("name without English (schema)", func(t *testing.T) {
		broken := strings.Replace(causesYAML, "{es: Personas, en: People}", "{es: Personas}", 1)
		_, err := ParseConfig("test.yaml", []byte(broken), relaciona.English)
		require.ErrorIs(t, err, relaciona.ErrInvalid)
		assert.Contains(t, err.Error(), position(broken, "{es: Personas}"))
	})
}

func TestResolveIssueNeedsACatalogueRootCause(t *testing.T) {
	f := newFixture(t, causesYAML, true)
	openIssue(t, f, "i1", High, "2026-02-02")
	before := f.auditLen(t)
	for _, c := range []struct {
		name, cause, want string
	}{
		{"no root cause", "", "indique la causa raíz (una de: personas, aviso_tardio)"},
		{"a cause not in the catalogue", "communication", `causa raíz desconocida "communication"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := f.svc.ResolveIssue(ctx, actor(4), noon(t, "2026-02-03"), "i1", Resolution{Text: "Atendida", RootCause: c.cause,
				Lessons: []LessonInput{{Text: "Avisar antes"}}})
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			ve := proctest.Invalid(t, err)
			assert.Equal(t, "root_cause", ve.Field)
			assert.Contains(t, ve.Msg, c.want)
		})
	}
	_, err := f.svc.ResolveIssue(ctx, actor(4), noon(t, "2026-02-03"), "i1", Resolution{Text: "Atendida", RootCause: "aviso_tardio",
		Lessons: []LessonInput{{Text: " "}}})
	require.ErrorIs(t, err, relaciona.ErrInvalid, "a blank lesson is refused")
	assert.Equal(t, before, f.auditLen(t), "a refused resolution writes nothing")
	assert.Equal(t, IssueOpen, issue(t, f, "i1").Status)
	n, err := f.store.Count(ctx, relaciona.LessonKind, relaciona.Filter{})
	require.NoError(t, err)
	assert.Zero(t, n, "and no lesson")
}

func TestResolveIssueWritesItsLessonsInTheSameBatch(t *testing.T) {
	f := newFixture(t, causesYAML, true)
	_, err := f.svc.OpenIssue(ctx, actor(4), noon(t, "2026-02-02"), Issue{ID: "i1", Stakeholder: "camara", Title: "Cierre de vías", Severity: High})
	require.NoError(t, err)
	i, err := f.svc.ResolveIssue(ctx, actor(4), noon(t, "2026-02-03"), "i1", Resolution{Text: "Mesa con el gremio", RootCause: "aviso_tardio",
		Lessons: []LessonInput{{Text: "Avisar cierres con 8 días", Topics: []string{"Obras", "cierres"}}, {Text: "Publicar el cronograma"}}})
	require.NoError(t, err)
	assert.Equal(t, "aviso_tardio", i.RootCause)
	assert.Equal(t, []string{"i1/L1", "i1/L2"}, i.LessonIDs)
	assert.Equal(t, []string{"Avisar cierres con 8 días", "Publicar el cronograma"}, i.Lessons)

	l, err := f.svc.Lessons().Get(ctx, "i1/L1")
	require.NoError(t, err)
	assert.Equal(t, Kind, l.Process)
	assert.Equal(t, relaciona.Ref{Kind: kindIssue, ID: "i1"}, l.Source)
	assert.Equal(t, "aviso_tardio", l.RootCause)
	assert.Equal(t, []string{"obras", "cierres"}, l.Topics)
	assert.Equal(t, []string{"gremios", "externos"}, l.Groups, "the stakeholder's group and the group above it")
	assert.Equal(t, "p4", l.By)

	last := f.lastAudit(t)
	assert.Equal(t, "stakeholder.resolve_issue", last.Action)
	var kinds []string
	for _, c := range last.Changes {
		kinds = append(kinds, c.Kind+"/"+c.ID)
	}
	assert.ElementsMatch(t, []string{kindIssue + "/i1", kindTimer + "/i1", relaciona.LessonKind + "/i1/L1", relaciona.LessonKind + "/i1/L2"}, kinds,
		"the lessons are written in the resolution's own audited batch")
}

func TestSearchLessonsByTopicGroupAndProcess(t *testing.T) {
	f := newFixture(t, causesYAML, true)
	for _, is := range []struct{ id, st string }{{"i1", "camara"}, {"i2", "junta"}, {"i3", "vecina"}} {
		_, err := f.svc.OpenIssue(ctx, actor(4), noon(t, "2026-02-02"), Issue{ID: is.id, Stakeholder: is.st, Title: "Asunto", Severity: Low})
		require.NoError(t, err)
	}
	resolve := func(id, cause string, topics ...string) {
		_, err := f.svc.ResolveIssue(ctx, actor(4), noon(t, "2026-02-03"), id, Resolution{Text: "Atendido", RootCause: cause,
			Lessons: []LessonInput{{Text: "Lección de " + id, Topics: topics}}})
		require.NoError(t, err)
	}
	resolve("i1", "aviso_tardio", "obras")
	resolve("i2", "personas", "obras", "plazos")
	resolve("i3", "personas", "plazos")
	// A lesson of another process in the same register.
	b := f.store.Begin(actor(4), "alliance.review", "")
	_, err := f.svc.Lessons().Add(b, relaciona.Lesson{ID: "a1", Process: "alliance", Source: relaciona.Ref{Kind: "alliance.review", ID: "r1"},
		Text: "Renegociar antes de vencer", Topics: []string{"obras"}, Groups: []string{"externos"}, Learned: noon(t, "2026-02-04"), By: "p4"})
	require.NoError(t, err)
	_, err = b.Commit(ctx)
	require.NoError(t, err)

	ids := func(q relaciona.LessonQuery, all bool) []string {
		seq := f.svc.SearchLessons(ctx, q)
		if all {
			seq = f.svc.Lessons().Search(ctx, q)
		}
		return idsOf(t, seq, func(l relaciona.Lesson) string { return l.ID })
	}
	for _, c := range []struct {
		name string
		q    relaciona.LessonQuery
		all  bool
		want []string
	}{
		{"topic", relaciona.LessonQuery{Topic: "Obras"}, false, []string{"i1/L1", "i2/L1"}},
		{"topic, every process", relaciona.LessonQuery{Topic: "obras"}, true, []string{"i1/L1", "i2/L1", "a1"}},
		{"process", relaciona.LessonQuery{Process: "alliance"}, true, []string{"a1"}},
		{"group", relaciona.LessonQuery{Group: "gremios"}, false, []string{"i1/L1"}},
		{"group above, found through its child", relaciona.LessonQuery{Group: "externos"}, false, []string{"i1/L1", "i2/L1"}},
		{"group and topic", relaciona.LessonQuery{Group: "externos", Topic: "plazos"}, false, []string{"i2/L1"}},
		{"root cause", relaciona.LessonQuery{RootCause: "personas"}, false, []string{"i2/L1", "i3/L1"}},
		{"a stakeholder in no group", relaciona.LessonQuery{Topic: "plazos", Group: "gremios"}, false, nil},
	} {
		t.Run(c.name, func(t *testing.T) { assert.Equal(t, c.want, ids(c.q, c.all)) })
	}
}

func TestSpreadLessonNeedsItsLevelAndIsAudited(t *testing.T) {
	f := newFixture(t, causesYAML, true)
	openIssue(t, f, "i1", Low, "2026-02-02")
	_, err := f.svc.ResolveIssue(ctx, actor(4), noon(t, "2026-02-03"), "i1", Resolution{Text: "Atendido", RootCause: "personas",
		Lessons: []LessonInput{{Text: "Avisar antes"}}})
	require.NoError(t, err)
	good := SpreadInput{To: []string{"junta", "gremios"}, Channel: "meeting", Date: day(t, "2026-02-05")}
	before := f.auditLen(t)

	// Level 3 claims level 7: the directory gives 3, the seed asks 4.
	_, err = f.svc.SpreadLesson(ctx, relaciona.Actor{ID: "p3", Level: 7}, noon(t, "2026-02-05"), "i1/L1", good)
	var fe *relaciona.ForbiddenError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, 4, fe.NeedLevel)
	assert.Equal(t, 3, fe.HaveLevel)
	assert.Equal(t, "stakeholder.spread_lessons", fe.Action)

	for _, c := range []struct {
		name  string
		edit  func(*SpreadInput)
		field string
	}{
		{"nobody told", func(in *SpreadInput) { in.To = nil }, "to"},
		{"unknown channel", func(in *SpreadInput) { in.Channel = "fax" }, "channel"},
		{"no date", func(in *SpreadInput) { in.Date = calendar.Date{} }, "date"},
		{"before it was learned", func(in *SpreadInput) { in.Date = day(t, "2026-02-02") }, "date"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := good
			c.edit(&in)
			_, err := f.svc.SpreadLesson(ctx, actor(4), noon(t, "2026-02-05"), "i1/L1", in)
			ve := proctest.Invalid(t, err)
			assert.Equal(t, c.field, ve.Field)
		})
	}
	_, err = f.svc.SpreadLesson(ctx, actor(4), noon(t, "2026-02-05"), "nope", good)
	require.ErrorIs(t, err, relaciona.ErrNotFound)
	assert.Equal(t, before, f.auditLen(t), "refusals write nothing")
	l, err := f.svc.Lessons().Get(ctx, "i1/L1")
	require.NoError(t, err)
	assert.Empty(t, l.Spreads)

	l, err = f.svc.SpreadLesson(ctx, actor(4), noon(t, "2026-02-05"), "i1/L1", good)
	require.NoError(t, err)
	require.Len(t, l.Spreads, 1)
	assert.Equal(t, "p4", l.Spreads[0].By, "the directory's actor")
	assert.Equal(t, []string{"junta", "gremios"}, l.Spreads[0].To)
	assert.Equal(t, "meeting", l.Spreads[0].Channel)
	assert.Equal(t, "2026-02-05", l.Spreads[0].At.Format("2006-01-02"))
	last := f.lastAudit(t)
	assert.Equal(t, "stakeholder.spread_lesson", last.Action)
	assert.Equal(t, "p4", last.Actor)
	require.Len(t, last.Changes, 1)
	assert.Equal(t, relaciona.LessonKind, last.Changes[0].Kind)

	// Another process's lesson is spread from that process.
	b := f.store.Begin(actor(4), "alliance.review", "")
	_, err = f.svc.Lessons().Add(b, relaciona.Lesson{ID: "a1", Process: "alliance", Source: relaciona.Ref{Kind: "alliance.review", ID: "r1"},
		Text: "x", Learned: noon(t, "2026-02-01"), By: "p4"})
	require.NoError(t, err)
	_, err = b.Commit(ctx)
	require.NoError(t, err)
	_, err = f.svc.SpreadLesson(ctx, actor(4), noon(t, "2026-02-05"), "a1", good)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
}

func TestSpreadLessonLevelFollowsThePermissions(t *testing.T) {
	f := newFixture(t, strings.Replace(causesYAML, "name: Prueba\n", "name: Prueba\npermissions: {spread_lessons: 6}\n", 1), true)
	openIssue(t, f, "i1", Low, "2026-02-02")
	_, err := f.svc.ResolveIssue(ctx, actor(4), noon(t, "2026-02-03"), "i1", Resolution{Text: "Atendido", RootCause: "personas",
		Lessons: []LessonInput{{Text: "Avisar antes"}}})
	require.NoError(t, err)
	in := SpreadInput{To: []string{"junta"}, Channel: "email", Date: day(t, "2026-02-04")}
	_, err = f.svc.SpreadLesson(ctx, actor(5), noon(t, "2026-02-04"), "i1/L1", in)
	require.ErrorIs(t, err, relaciona.ErrForbidden)
	_, err = f.svc.SpreadLesson(ctx, actor(6), noon(t, "2026-02-04"), "i1/L1", in)
	require.NoError(t, err)
}
