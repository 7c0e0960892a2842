package stakeholder

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

func TestConfigLoadsWithDefaults(t *testing.T) {
	cfg, err := ParseConfig("test.yaml", []byte(testYAML), relaciona.Spanish)
	require.NoError(t, err)
	assert.Equal(t, 3, cfg.Analysis.PowerThreshold)
	assert.Equal(t, 4, cfg.Analysis.Salience.Urgency)
	assert.Equal(t, DefaultChannels(), cfg.Channels)
	assert.Equal(t, 4, cfg.Level(ActLogInteraction))
	assert.Equal(t, 7, cfg.Level(ActCloseEscalated))
	require.Len(t, cfg.PlanItems, 2)
}

// TestConfigBadInputIsReportedWithPosition covers the "Bad input" list of
// the issue: every broken copy is refused with file:line:col and the field.
func TestConfigBadInputIsReportedWithPosition(t *testing.T) {
	cases := []struct {
		name    string
		old     string
		new     string
		wantPos string // "file:line:col" prefix
		want    string // part of the message
	}{
		{"score out of range", "power: 5, interest: 5, legitimacy: 5", "power: 6, interest: 5, legitimacy: 5", "test.yaml:26:", "power"},
		{"unknown group", "groups: [gremios]", "groups: [gremio]", "test.yaml:23:13", "grupo desconocido \"gremio\""},
		{"unknown parent group", "parent: externos", "parent: nadie", "test.yaml:18:42", "grupo padre desconocido"},
		{"cycle in nested groups", "- {id: externos, name: Externos}", "- {id: externos, name: Externos, parent: gremios}", "test.yaml:17:44", "ciclo"},
		{"unknown actor as owner", "owner: p4, start: \"2026-01-15\"", "owner: p9, start: \"2026-01-15\"", "test.yaml:36:108", "persona desconocida \"p9\""},
		{"unknown contact point", "contact_point: p6", "contact_point: nadie", "test.yaml:24:20", "persona desconocida"},
		{"contact point below level 6 for a key stakeholder", "contact_point: p6", "contact_point: p5", "test.yaml:24:20", "necesita nivel 6"},
		{"impossible frequency", "frequency: every 2 weeks", "frequency: every 0 weeks", "test.yaml:37:83", "frecuencia imposible"},
		{"unknown frequency", "frequency: monthly", "frequency: fortnightly", "test.yaml:36:92", "frecuencia no reconocida"},
		{"end before start", "end: \"2026-06-30\"", "end: \"2025-06-30\"", "test.yaml:37:135", "anterior al inicio"},
		{"chain with a missing level", "    - {level: 6, owner: p6, limits: {low: 10, medium: 5, high: 2, critical: 1}}\n", "", "test.yaml:12:5", "falta el nivel 6"},
		{"chain owner below its level", "{level: 5, owner: p5,", "{level: 5, owner: p4,", "test.yaml:13:", "no puede ser responsable del nivel 5"},
		{"missing term at a level", "{level: 5, owner: p5, limits: {low: 10, medium: 5, high: 2, critical: 1}}", "{level: 5, owner: p5, limits: {low: 10, medium: 5, high: 2}}", "test.yaml:13:", "critical"},
		{"unknown channel", "channel: email", "channel: fax", "test.yaml:37:65", "canal desconocido \"fax\""},
		{"unknown stakeholder in plan", "stakeholder: camara, objective", "stakeholder: nadie, objective", "test.yaml:36:31", "parte interesada desconocida"},
		{"permission below the seed's levels", "name: Prueba\n", "name: Prueba\npermissions: {log_interaction: 2}\n", "test.yaml:4:", "log_interaction"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Contains(t, testYAML, c.old)
			broken := strings.Replace(testYAML, c.old, c.new, 1)
			_, err := ParseConfig("test.yaml", []byte(broken), relaciona.Spanish)
			require.Error(t, err)
			assert.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Contains(t, err.Error(), c.want)
			assert.Contains(t, err.Error(), c.wantPos)
		})
	}
}

func TestConfigCrossReferenceErrorsAreValidationErrors(t *testing.T) {
	broken := strings.Replace(testYAML, "groups: [gremios]", "groups: [gremio]", 1)
	_, err := ParseConfig("test.yaml", []byte(broken), relaciona.English)
	ve := proctest.Invalid(t, err)
	assert.Equal(t, "test.yaml", ve.File)
	assert.Equal(t, 23, ve.Line)
	assert.Equal(t, "stakeholders[0].groups[0]", ve.Field)
	assert.Equal(t, `unknown group "gremio"`, ve.Msg)
}

func TestConfigPermissionsOverrideTheSeedDefaults(t *testing.T) {
	y := strings.Replace(testYAML, "name: Prueba\n", "name: Prueba\npermissions: {log_interaction: 5, run: 4}\n", 1)
	cfg, err := ParseConfig("test.yaml", []byte(y), relaciona.Spanish)
	require.NoError(t, err)
	assert.Equal(t, 5, cfg.Level(ActLogInteraction))
	assert.Equal(t, 4, cfg.Level(ActRun))
	assert.Equal(t, 4, cfg.Level(ActHandleIssue), "actions not overridden keep the seed default")
}

func TestNewChecksAConfigBuiltInGo(t *testing.T) {
	cfg := &Config{Actors: []ActorSpec{{ID: "a", Level: 7}}, Escalation: EscalationConfig{Chain: []ChainLink{
		{Level: 4, Owner: "a", Limits: map[Severity]int{Low: 1, Medium: 1, High: 1, Critical: 1}},
		{Level: 5, Owner: "a", Limits: map[Severity]int{Low: 1, Medium: 1, High: 1, Critical: 1}},
		{Level: 7, Owner: "a"},
	}}}
	err := cfg.Check(relaciona.English)
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "escalation.chain: the escalation chain is missing level 6")
}

func TestParseFrequency(t *testing.T) {
	cases := []struct {
		in   string
		want Frequency
		err  string
	}{
		{"once", Frequency{0, Once}, ""},
		{"weekly", Frequency{1, Weeks}, ""},
		{"quarterly", Frequency{3, Months}, ""},
		{"every 10 business_days", Frequency{10, BusinessDays}, ""},
		{"every 1 day", Frequency{1, Days}, ""},
		{"every 0 days", Frequency{}, "imposible"},
		{"every -3 weeks", Frequency{}, "imposible"},
		{"every 9999 months", Frequency{}, "imposible"},
		{"every 600 weeks", Frequency{}, "imposible"},
		{"every two weeks", Frequency{}, "no reconocida"},
		{"", Frequency{}, "no reconocida"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			f, err := ParseFrequency(c.in)
			if c.err != "" {
				require.ErrorIs(t, err, relaciona.ErrInvalid)
				assert.Contains(t, err.Error(), c.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.want, f)
			back, err := ParseFrequency(f.String())
			require.NoError(t, err)
			assert.Equal(t, f, back, "String round-trips")
		})
	}
}

func FuzzParseFrequency(f *testing.F) {
	for _, s := range []string{"once", "monthly", "every 3 weeks", "every 0 days", "every 99999999999999999999 days", "every 1 business_day"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fr, err := ParseFrequency(s)
		if err != nil {
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			return
		}
		require.NoError(t, fr.check(relaciona.Spanish))
		back, err := ParseFrequency(fr.String())
		require.NoError(t, err)
		require.Equal(t, fr, back)
	})
}

// FuzzParseConfig feeds mutated configurations to the loader: it must
// never panic, and every refusal wraps ErrInvalid.
func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(testYAML))
	f.Add([]byte(strings.Replace(testYAML, "parent: externos", "parent: gremios", 1)))
	f.Add([]byte("kind: stakeholder\nversion: 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig("fuzz.yaml", data, relaciona.English)
		if err != nil {
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			return
		}
		require.NotNil(t, cfg)
	})
}
