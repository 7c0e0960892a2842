package citizen

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
)

// input records an input of kind with id on 2026-01-08.
func (f *fixture) input(t testing.TB, id string, kind InputKind) {
	t.Helper()
	_, err := f.s.RecordInput(f.ctx, lead, Input{ID: id, Kind: kind, Title: "Informe " + id, Source: "Planeación", Date: d("2026-01-08")}, at("2026-01-08"))
	require.NoError(t, err)
}

// TestAdoptNeedsCitedInputsOfTheRequiredKinds: seed 002, activity 2
// ("Recopilar información sobre el relacionamiento actual ..."): a version
// is adopted only when the inputs it cites cover the required kinds (by
// default characterisation, PQRSD report, satisfaction survey and FURAG);
// the refusal names the kinds missing and changes nothing. An adjustment
// keeps the citations of the version it adjusts.
func TestAdoptNeedsCitedInputsOfTheRequiredKinds(t *testing.T) {
	f := newFixture(t)
	require.NoError(t, f.s.Setup(f.ctx, lead, at("2026-01-12")))
	_, err := f.s.SocialiseStrategy(f.ctx, lead, 1, []string{"atencion", "hacienda", "planeacion"}, at("2026-01-13"))
	require.NoError(t, err)
	_, err = f.s.AdoptStrategy(f.ctx, boss, 1, at("2026-01-14"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "version 1 cites no input of: characterisation, pqrsd_report, satisfaction_survey, furag")

	f.input(t, "car", InputCharacterisation)
	f.input(t, "pq", InputPQRSDReport)
	f.input(t, "enc", InputSatisfactionSurvey)
	f.input(t, "fur", InputFURAG)
	f.input(t, "otro", InputSUITReport)
	_, err = f.s.CiteInputs(f.ctx, lead, 1, []string{"car", "pq", "nada"}, at("2026-01-14"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), `input "nada" is not in the register`)
	_, err = f.s.CiteInputs(f.ctx, lead, 1, []string{"car", "pq", "enc"}, at("2026-01-14"))
	require.NoError(t, err)
	before := f.audits(t)
	_, err = f.s.AdoptStrategy(f.ctx, boss, 1, at("2026-01-15"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), "version 1 cites no input of: furag (")
	assert.Equal(t, before, f.audits(t))
	v, err := f.s.Strategy(f.ctx, 1)
	require.NoError(t, err)
	assert.Equal(t, StrategySocialised, v.Status)

	v1, err := f.s.CiteInputs(f.ctx, lead, 1, []string{"fur", "car"}, at("2026-01-15"))
	require.NoError(t, err)
	assert.Equal(t, []string{"car", "pq", "enc", "fur"}, v1.Inputs, "citations add up, once each")
	v2, err := f.s.DraftStrategy(f.ctx, lead, v1.Entries, 1, "Observaciones", at("2026-01-16"))
	require.NoError(t, err)
	assert.Equal(t, v1.Inputs, v2.Inputs, "an adjustment keeps the inputs it rests on")
	_, err = f.s.AdoptStrategy(f.ctx, boss, 1, at("2026-01-16"))
	require.NoError(t, err)
	_, err = f.s.CiteInputs(f.ctx, lead, 1, []string{"otro"}, at("2026-01-17"))
	assert.ErrorIs(t, err, relaciona.ErrInvalid, "an adopted version's citations are closed")
}

// TestRequiredInputsFromTheYAML: strategy.required_inputs replaces the
// default set; an unknown kind is refused with its position.
func TestRequiredInputsFromTheYAML(t *testing.T) {
	data, err := os.ReadFile(examplePath)
	require.NoError(t, err)
	const line = "  required_inputs: [characterisation, pqrsd_report, satisfaction_survey, furag]\n"
	require.Contains(t, string(data), line)
	yaml := strings.Replace(string(data), line, "  required_inputs: [furag]\n", 1)
	cfg, err := ParseConfig("citizen.yaml", []byte(yaml), relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, []InputKind{InputFURAG}, cfg.requiredInputs())
	def, err := ParseConfig("citizen.yaml", []byte(strings.Replace(string(data), line, "", 1)), relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, DefaultRequiredInputs(), def.requiredInputs())

	bad := strings.Replace(string(data), line, "  required_inputs: [furag, horoscopo]\n", 1)
	_, err = ParseConfig("citizen.yaml", []byte(bad), relaciona.English)
	require.Error(t, err)
	assert.Regexp(t, `citizen\.yaml:\d+:\d+`, err.Error())
	assert.Contains(t, err.Error(), "horoscopo")
}

// TestRecordInputChecksKindAndFields: the kind is from the seed's closed
// list (other with a name), title and source are required, the id is
// unique; two clerks recording the same id at once: exactly one wins.
func TestRecordInputChecksKindAndFields(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		in    Input
		field string
	}{
		{Input{ID: "a", Kind: "rumor", Title: "t", Source: "s", Date: d("2026-01-08")}, "kind"},
		{Input{ID: "a", Kind: InputOther, Title: "t", Source: "s", Date: d("2026-01-08")}, "name"},
		{Input{ID: "a", Kind: InputFURAG, Source: "s", Date: d("2026-01-08")}, "title"},
		{Input{ID: "a", Kind: InputFURAG, Title: "t", Date: d("2026-01-08")}, "source"},
		{Input{ID: "a", Kind: InputFURAG, Title: "t", Source: "s"}, "date"},
	} {
		_, err := f.s.RecordInput(f.ctx, lead, tc.in, at("2026-01-08"))
		ve := proctest.Invalid(t, err, tc.field)
		assert.Equal(t, tc.field, ve.Field)
	}
	_, err := f.s.RecordInput(f.ctx, boss, Input{ID: "a", Kind: InputFURAG, Title: "t", Source: "s", Date: d("2026-01-08")}, at("2026-01-08"))
	assert.ErrorIs(t, err, relaciona.ErrForbidden)

	_, errs := proctest.Race(2, func(int) (Input, error) {
		return f.s.RecordInput(f.ctx, lead, Input{ID: "furag-2025", Kind: InputFURAG, Title: "FURAG 2025", Source: "Función Pública", Date: d("2026-01-08"),
			Reference: "https://www.funcionpublica.gov.co/web/mipg/resultados-medicion"}, at("2026-01-08"))
	})
	assert.Equal(t, 1, proctest.Winners(t, errs, relaciona.ErrInvalid, relaciona.ErrConflict), "one input per id")
	ins, err := f.s.Inputs(f.ctx)
	require.NoError(t, err)
	assert.Len(t, ins, 1)
	// Once stored, the same id again is refused naming it, and nothing changes.
	_, err = f.s.RecordInput(f.ctx, lead, Input{ID: "furag-2025", Kind: InputFURAG, Title: "otro", Source: "s", Date: d("2026-01-09")}, at("2026-01-09"))
	require.ErrorIs(t, err, relaciona.ErrInvalid)
	assert.Contains(t, err.Error(), `input "furag-2025" exists already`)
	ins, err = f.s.Inputs(f.ctx)
	require.NoError(t, err)
	require.Len(t, ins, 1)
	assert.Equal(t, "FURAG 2025", ins[0].Title)
}
