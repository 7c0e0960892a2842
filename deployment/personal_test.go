package deployment

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas/schemastest"
)

// TestPersonalDataDefaults: a deployment without a personal_data section
// keeps each kind for its documented default.
func TestPersonalDataDefaults(t *testing.T) {
	d, err := Load(write(t, t.TempDir(), "deployment.yaml", head), relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, DefaultRetention(), d.PersonalData.Retention)
	r, ok := d.PersonalData.RetentionOf("citizen.pqrsd")
	require.True(t, ok)
	assert.Equal(t, relaciona.Retention{Kind: "citizen.pqrsd", Years: 5, Default: true}, r)
}

func TestPersonalDataSectionOverridesTheDefaults(t *testing.T) {
	d, err := Load(write(t, t.TempDir(), "deployment.yaml", head+`personal_data:
  retention:
    - kind: citizen.pqrsd
      keep_for: 10y
      keep_fields: [subject, answer.summary]
    - {kind: citizen.citizen, keep_for: never}
    - {kind: stakeholder.interaction, keep_for: 18m}
    - {kind: relaciona.notification, keep_for: 90d}
`), relaciona.English)
	require.NoError(t, err)
	get := func(kind string) relaciona.Retention {
		r, ok := d.PersonalData.RetentionOf(kind)
		require.True(t, ok, kind)
		return r
	}
	assert.Equal(t, relaciona.Retention{Kind: "citizen.pqrsd", Years: 10, Keep: []string{"subject", "answer.summary"}}, get("citizen.pqrsd"))
	assert.Equal(t, relaciona.Retention{Kind: "citizen.citizen"}, get("citizen.citizen"), "never: not swept")
	assert.Equal(t, relaciona.Retention{Kind: "stakeholder.interaction", Months: 18}, get("stakeholder.interaction"))
	assert.Equal(t, relaciona.Retention{Kind: "relaciona.notification", Days: 90}, get("relaciona.notification"))
	assert.Equal(t, relaciona.Retention{Kind: "desk.ticket", Years: 5, Default: true}, get("desk.ticket"), "a default the file does not name")
}

func TestPersonalDataProblemsAtTheirLine(t *testing.T) {
	checkSectionRefusals(t, []sectionRefusal{
		{"a kind twice", "personal_data:\n  retention:\n    - {kind: citizen.pqrsd, keep_for: 1y}\n    - {kind: citizen.pqrsd, keep_for: 2y}\n", "deployment.yaml:8:14: personal_data.retention[1].kind"},
		{"a zero period", "personal_data:\n  retention:\n    - {kind: citizen.pqrsd, keep_for: 0y}\n", "deployment.yaml:7:39: personal_data.retention[0].keep_for"},
		{"a period without unit", "personal_data:\n  retention:\n    - {kind: citizen.pqrsd, keep_for: 10}\n", "deployment.yaml:7:"},
		{"a bad path", "personal_data:\n  retention:\n    - {kind: citizen.pqrsd, keep_for: 1y, keep_fields: [requester..name]}\n", "keep_fields[0]"},
		{"a kind without process", "personal_data:\n  retention:\n    - {kind: pqrsd, keep_for: 1y}\n", "deployment.yaml:7:"},
		{"no period", "personal_data:\n  retention:\n    - {kind: citizen.pqrsd}\n", "keep_for"},
		{"an unknown key", "personal_data:\n  keep: {}\n", "unknown key"},
	}, nil)
	// In Spanish by default.
	_, err := Load(write(t, t.TempDir(), "deployment.yaml", head+"personal_data:\n  retention:\n    - {kind: citizen.pqrsd, keep_for: 0d}\n"), relaciona.Spanish)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "plazo")
}

// FuzzPersonalData: any personal_data section is either refused with an
// ErrInvalid whose problems name the file and a position, or loaded into
// one rule per kind, sorted, with periods that are not negative.
func FuzzPersonalData(f *testing.F) {
	f.Add("personal_data:\n  retention:\n    - {kind: citizen.pqrsd, keep_for: 10y, keep_fields: [subject]}\n")
	f.Add("personal_data:\n  retention:\n    - {kind: a.b, keep_for: never}\n    - {kind: a.b, keep_for: 1d}\n")
	f.Add("personal_data:\n  retention:\n    - {kind: x.y, keep_for: 999m, keep_fields: ['a..b', '.']}\n")
	f.Add("personal_data: {retention: [{kind: 1, keep_for: [1]}]}\n")
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, section string) {
		if len(section) > 16<<10 {
			return
		}
		path := write(t, dir, "deployment.yaml", head+section)
		d, err := Load(path, relaciona.English)
		if err != nil {
			schemastest.Refused(t, err, path)
			return
		}
		seen := map[string]bool{}
		for i, r := range d.PersonalData.Retention {
			if seen[r.Kind] || r.Years < 0 || r.Months < 0 || r.Days < 0 {
				t.Fatalf("bad rule %#v", r)
			}
			if i > 0 && d.PersonalData.Retention[i-1].Kind > r.Kind {
				t.Fatalf("not sorted: %v", d.PersonalData.Retention)
			}
			seen[r.Kind] = true
		}
	})
}
