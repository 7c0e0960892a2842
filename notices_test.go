package relaciona

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testKind(kind string) NoticeKind {
	return NoticeKind{
		Kind: kind, Process: "testproc", Title: [2]string{"Prueba", "Test"}, Audience: AudienceStaff,
		Fields: []string{"reason"},
		Default: map[Lang]Template{
			Spanish: {Subject: "Vence {{.due}}", Body: "{{.record}}: {{.reason}}"},
			English: {Subject: "Due {{.due}}", Body: "{{.record}}: {{.reason}}"},
		},
	}
}

func TestRegisterNoticeKindRefusesBadKinds(t *testing.T) {
	good := testKind("testproc.registered")
	require.NoError(t, RegisterNoticeKind(good))
	err := RegisterNoticeKind(good)
	assert.True(t, errors.Is(err, ErrConflict), "twice: %v", err)

	outside := testKind("other.thing")
	assert.ErrorIs(t, RegisterNoticeKind(outside), ErrInvalid)

	noEnglish := testKind("testproc.noenglish")
	delete(noEnglish.Default, English)
	assert.ErrorIs(t, RegisterNoticeKind(noEnglish), ErrInvalid)

	badField := testKind("testproc.badfield")
	badField.Default[Spanish] = Template{Subject: "x", Body: "{{.address}}"}
	err = RegisterNoticeKind(badField)
	require.ErrorIs(t, err, ErrInvalid)
	assert.Contains(t, err.Error(), `"address"`)

	_, ok := LookupNoticeKind("testproc.badfield")
	assert.False(t, ok, "a refused kind is not registered")
}

func TestCheckTemplatesNamesKindLanguageAndField(t *testing.T) {
	require.NoError(t, RegisterNoticeKind(testKind("testproc.checked")))
	tests := []struct {
		name string
		ts   Templates
		want string // "" when valid
	}{
		{"valid override", Templates{"testproc.checked": {Spanish: {Subject: "Aviso {{.due}}", Body: "{{.reason}} {{.recipient}}"}}}, ""},
		{"unknown kind", Templates{"testproc.nope": {Spanish: {Subject: "a", Body: "b"}}}, "notifications.testproc.nope"},
		{"unknown language", Templates{"testproc.checked": {"fr": {Subject: "a", Body: "b"}}}, "notifications.testproc.checked.fr"},
		{"unknown field", Templates{"testproc.checked": {English: {Subject: "a", Body: "{{.email}}"}}}, `notifications.testproc.checked.en.body: the template names field "email"`},
		{"field in if", Templates{"testproc.checked": {English: {Subject: "a", Body: "{{if .secret}}x{{end}}"}}}, `field "secret"`},
		{"field in else", Templates{"testproc.checked": {English: {Subject: "a", Body: "{{if .due}}x{{else}}{{.secret}}{{end}}"}}}, `field "secret"`},
		{"field in range", Templates{"testproc.checked": {English: {Subject: "a", Body: "{{range .due}}{{.secret}}{{end}}"}}}, `field "secret"`},
		{"field in with", Templates{"testproc.checked": {English: {Subject: "a", Body: "{{with .secret}}x{{end}}"}}}, `field "secret"`},
		{"valid with and range", Templates{"testproc.checked": {English: {Subject: "a", Body: "{{with .due}}{{.}}{{end}}{{range .reason}}x{{else}}{{.recipient}}{{end}}"}}}, ""},
		{"does not parse", Templates{"testproc.checked": {English: {Subject: "{{.due", Body: "b"}}}, "notifications.testproc.checked.en.subject"},
		{"unknown function", Templates{"testproc.checked": {English: {Subject: "a", Body: "{{exec .due}}"}}}, "does not parse"},
		{"empty body", Templates{"testproc.checked": {English: {Subject: "a", Body: " "}}}, "needs a body"},
		{"two-line subject", Templates{"testproc.checked": {English: {Subject: "a\nb", Body: "b"}}}, "one line"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckTemplates("testproc", tc.ts)
			if tc.want == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestRenderUsesOverrideOrDefault(t *testing.T) {
	k := testKind("testproc.rendered")
	require.NoError(t, RegisterNoticeKind(k))
	ts := Templates{k.Kind: {English: {Subject: "Due on {{.due}}\n", Body: "Because {{.reason}}{{.recipient}}"}}}

	s, b, err := k.Render(k.TemplateFor(ts, English), map[string]string{"due": "2026-01-02", "reason": "r"})
	require.NoError(t, err)
	assert.Equal(t, "Due on 2026-01-02", s)
	assert.Equal(t, "Because r", b, "a common field not given is written empty")

	s, _, err = k.Render(k.TemplateFor(ts, Spanish), map[string]string{"due": "2 de enero"})
	require.NoError(t, err)
	assert.Equal(t, "Vence 2 de enero", s, "no Spanish override: the default")
}
