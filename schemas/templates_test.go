package schemas

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/relaciona/relaciona"
)

func init() {
	relaciona.MustRegisterNoticeKind(relaciona.NoticeKind{Kind: "schemastest.due", Process: "schemastest", Title: [2]string{"Vence", "Due"},
		Audience: relaciona.AudienceStaff, Fields: []string{"due"}, Default: map[relaciona.Lang]relaciona.Template{
			relaciona.Spanish: {Subject: "Vence", Body: "Vence el {{.due}}."},
			relaciona.English: {Subject: "Due", Body: "Due on {{.due}}."},
		}})
}

// A template problem is placed at the node it is about: the kind, the
// language, or the subject or body; every kind that fails gives one.
func TestTemplateProblemsPlaceEachAtItsNode(t *testing.T) {
	src := "kind: x\nnotifications:\n" +
		"  schemastest.due:\n" + // line 3
		"    es:\n" + // line 4
		"      subject: \"Vence {{.nadie}}\"\n" + // line 5
		"      body: ok\n" +
		"    fr:\n" + // line 7
		"      subject: x\n      body: y\n" +
		"  otro.kind:\n" + // line 10
		"    es: {subject: a, body: b}\n"
	var doc struct {
		Notifications relaciona.Templates `yaml:"notifications"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(src), &doc))
	l := NewLocator("p.yaml", []byte(src))

	probs := l.TemplateProblems("schemastest", doc.Notifications)
	require.Len(t, probs, 2, "one problem per failing kind")
	assert.Equal(t, "notifications.otro.kind", probs[0].Field)
	assert.Equal(t, 11, probs[0].Line, "an unknown kind at its node (its value, the line below the key)")
	assert.Equal(t, 5, probs[1].Line, "a template naming a field its kind lacks, at its subject: %v", probs[1])
	assert.Contains(t, probs[1].Field, "notifications.schemastest.due.es")
	assert.Equal(t, "p.yaml", probs[1].File)

	delete(doc.Notifications, "otro.kind")
	doc.Notifications["schemastest.due"][relaciona.Spanish] = relaciona.Template{Subject: "Vence", Body: "ok"}
	err := l.CheckTemplates("schemastest", doc.Notifications)
	var ve *relaciona.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, 8, ve.Line, "an unknown language at its node (its value): %v", err)

	delete(doc.Notifications["schemastest.due"], "fr")
	assert.NoError(t, l.CheckTemplates("schemastest", doc.Notifications))
	assert.Empty(t, l.TemplateProblems("schemastest", nil))
}
