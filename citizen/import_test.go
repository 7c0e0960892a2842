package citizen

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/process"
)

func (f *fixture) table(t *testing.T, name string) process.Table {
	return proctest.Table(t, f.s.Tables(), name)
}

func (f *fixture) importCSV(t *testing.T, name string, a relaciona.Actor, data string, o process.ImportOptions) (process.Counts, error) {
	o.File, o.Lang, o.At = name+".csv", relaciona.English, at("2026-05-04")
	return process.Import(f.ctx, f.table(t, name), a, proctest.Text(data), o)
}

func (f *fixture) exportCSV(t *testing.T, name string, o process.ExportOptions) string {
	return proctest.ExportCSV(t, f.ctx, f.table(t, name), o)
}

func TestImportCitizensCharacterisation(t *testing.T) {
	f := newFixture(t)
	data := "identificador;sujeto;nombre;correo;zona;edad;discapacidad;uso_digital\n" +
		"c1;person;Ana Ruiz;ana@example.org;rural;34;no;nunca\n" +
		"c2;organisation;JAC Vereda Alta;;Rural;;;frecuente\n" +
		"c3;;;;urbana;17,5;sí;\n"
	_, err := f.importCSV(t, TableCitizens, clerk, data, process.ImportOptions{})
	require.ErrorIs(t, err, relaciona.ErrForbidden)
	n, err := f.importCSV(t, TableCitizens, lead, data, process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: 3, Created: 3}, n)
	ch, err := f.s.Characterise(f.ctx, relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, 3, ch.Total)
	c3, err := f.s.citizens.Get(f.ctx, "c3")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"zona": "urbana", "edad": "17.5", "discapacidad": "true"}, c3.Value.Values)
	assert.Equal(t, SubjectPerson, c3.Value.Subject)

	// Export, then import back: nothing changes; the es dialect too.
	for _, o := range []process.ExportOptions{{}, {Comma: ';', DecimalComma: true, BOM: true}} {
		out := f.exportCSV(t, TableCitizens, o)
		n, err = f.importCSV(t, TableCitizens, lead, out, process.ImportOptions{})
		require.NoError(t, err)
		assert.Equal(t, process.Counts{Read: 3, Unchanged: 3}, n)
	}
	// A redacted export keeps no personal column.
	red := f.exportCSV(t, TableCitizens, process.ExportOptions{Redact: true})
	assert.NotContains(t, red, "Ana Ruiz")
	assert.NotContains(t, red, "rural")

	// A value outside the variable, or a variable that does not describe
	// the subject, rejects the row by its column; the value is not echoed
	// by the process's check.
	var problems []string
	_, err = f.importCSV(t, TableCitizens, lead, "id,subject,edad,zona\nc4,organisation,40,\nc5,person,,marte\n", process.ImportOptions{Problem: func(e error) { problems = append(problems, e.Error()) }})
	require.ErrorIs(t, err, process.ErrRejected)
	assert.Equal(t, []string{
		"citizens.csv:2: edad: variable \"edad\" does not describe a organisation",
		"citizens.csv:3: zona: unknown value \"marte\": use urbana, rural",
	}, problems)
}

func TestAccountabilityResultRule(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.RecordSpace(f.ctx, lead, Space{ID: "rc-2026", Kind: SpaceAccountability, Name: "Audiencia de rendición de cuentas", Date: d("2026-04-20")}, nil)
	require.NoError(t, err)
	_, err = f.s.RecordSpace(f.ctx, lead, Space{ID: "mesa-1", Kind: SpaceParticipation, Name: "Mesa", Date: d("2026-04-21")}, nil)
	require.NoError(t, err)
	ok := AccountabilityResult{ID: "r1", Title: "Ventanilla única", Dependency: "atencion", Space: "rc-2026", Status: ResultInProgress, Progress: 40, Start: d("2026-01-01"), End: d("2026-12-31")}
	cases := []struct {
		name  string
		edit  func(*AccountabilityResult)
		field string
	}{
		{"done at 60%", func(r *AccountabilityResult) { r.Status, r.Progress = ResultDone, 60 }, "progress"},
		{"complete but not done", func(r *AccountabilityResult) { r.Progress = 100 }, "progress"},
		{"progress over 100", func(r *AccountabilityResult) { r.Status, r.Progress = ResultDone, 120 }, "progress"},
		{"negative progress", func(r *AccountabilityResult) { r.Progress = -1 }, "progress"},
		{"unknown dependency", func(r *AccountabilityResult) { r.Dependency = "marte" }, "dependency"},
		{"unknown status", func(r *AccountabilityResult) { r.Status = "paused" }, "status"},
		{"end before start", func(r *AccountabilityResult) { r.End = d("2025-12-31") }, "end"},
		{"not an accountability space", func(r *AccountabilityResult) { r.Space = "mesa-1" }, "space"},
		{"unknown space", func(r *AccountabilityResult) { r.Space = "nada" }, "space"},
		{"no title", func(r *AccountabilityResult) { r.Title = " " }, "title"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := ok
			tc.edit(&r)
			err := f.s.RecordResults(f.ctx, lead, []AccountabilityResult{r}, at("2026-05-04"))
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			ve := proctest.Invalid(t, err)
			assert.Equal(t, tc.field, ve.Field)
		})
	}
	rs, err := f.s.Results(f.ctx)
	require.NoError(t, err)
	assert.Empty(t, rs, "nothing written")
	require.ErrorIs(t, f.s.RecordResults(f.ctx, clerk, []AccountabilityResult{ok}, at("2026-05-04")), relaciona.ErrForbidden)
	done := ok
	done.ID, done.Status, done.Progress = "r2", ResultDone, 100
	require.NoError(t, f.s.RecordResults(f.ctx, lead, []AccountabilityResult{ok, done}, at("2026-05-04")))
	rs, err = f.s.Results(f.ctx)
	require.NoError(t, err)
	require.Len(t, rs, 2)
	assert.Equal(t, d("2026-05-04"), rs[0].Recorded)
}

func TestImportAccountabilityResults(t *testing.T) {
	f := newFixture(t)
	_, err := f.s.RecordSpace(f.ctx, lead, Space{ID: "rc-2026", Kind: SpaceAccountability, Name: "Audiencia", Date: d("2026-04-20")}, nil)
	require.NoError(t, err)
	data := "identificador;título;dependencia;espacio;estado;avance;inicio;fin;descripción\n" +
		"r1;Ventanilla única;atencion;rc-2026;in_progress;42,5;01/02/2026;31/12/2026;Trámites en un solo lugar\n" +
		"r2;Presupuesto participativo;planeacion;;done;100;2026-01-15;;\n" +
		"r3;Malla vial;hacienda;;done;80;;;\n"
	var rejects bytes.Buffer
	n, err := f.importCSV(t, TableResults, lead, data, process.ImportOptions{SkipBad: true, Rejects: &rejects})
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: 3, Created: 2, Rejected: 1}, n)
	assert.Contains(t, rejects.String(), "r3,Malla vial,hacienda,,done,80,,,,4,\"progress: a result is done if and only if its progress is 100")
	out := f.exportCSV(t, TableResults, process.ExportOptions{})
	assert.Contains(t, out, "r1,Ventanilla única,atencion,rc-2026,in_progress,42.5,2026-02-01,2026-12-31,Trámites en un solo lugar\n")
	n, err = f.importCSV(t, TableResults, lead, out, process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, process.Counts{Read: 2, Unchanged: 2}, n)
	n, err = f.importCSV(t, TableResults, lead, "id,title,dependency,status,progress\nr1,Ventanilla única,atencion,done,100\n", process.ImportOptions{})
	require.NoError(t, err)
	assert.Equal(t, 1, n.Updated)
}
