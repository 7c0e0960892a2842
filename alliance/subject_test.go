package alliance

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"

	"github.com/relaciona/relaciona/internal/proctest"
)

// TestPersonalDataMarked: every contact-looking field of a stored type is
// tagged personal, and every stored type with personal fields is reached
// by a PersonalKind, so that an erasure clears it (DOMAIN.md "Personal
// data").
func TestPersonalDataMarked(t *testing.T) {
	var p Process
	proctest.PersonalDataMarked(t, "github.com/relaciona/relaciona/alliance", p.PersonalKinds())
}

// The free text that can name an organisation's contact (the
// organisation's notes, the notes of its alliances) is erased with the
// contact; another organisation's alliance keeps its notes, and every
// note keeps its date and author.
func TestErasureClearsNotesThatCanNameTheContact(t *testing.T) {
	f := commitmentFixture(t)
	dpo := relaciona.Actor{ID: "dpo"}
	dir, err := relaciona.NewRoster(relaciona.Person{ID: "dpo", Roles: []relaciona.Role{{Name: relaciona.RoleDataProtection}}})
	require.NoError(t, err)
	orgs := "id,name,sector,contact_name,contact_email,notes\n" +
		"jardin-junji,Jardines Infantiles JUNJI Valparaíso,public,Paula Soto,paula@junji.example.cl,Paula Soto prefiere reuniones los lunes\n"
	_, err = f.importCSV(TableOrganisations, enc, orgs, process.ImportOptions{})
	require.NoError(t, err)
	for _, al := range []string{"convenio-junji", "convenio-sence"} {
		_, err = f.s.AddCommitments(f.ctx, enc, al, day("2026-02-02"), []NewCommitment{{What: "Reunión con Paula Soto", Owner: "gestor-1", Due: day("2026-03-02"), Confirmers: []string{"ref-junji"}}})
		require.NoError(t, err)
	}
	notes := func(id string) []Note {
		a, err := f.s.Alliance(f.ctx, id)
		require.NoError(t, err)
		require.NotEmpty(t, a.Notes)
		return a.Notes
	}
	require.Contains(t, notes("convenio-junji")[0].Text, "Paula Soto")

	x := relaciona.NewSubjects(f.store, dir, f.s.PersonalKinds(), nil)
	res, err := x.Erase(f.ctx, dpo, "paula@junji.example.cl", "SUP-7", time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Equal(t, 1, res.Fields["notes"], "the organisation's notes")
	assert.Equal(t, 1, res.Fields["notes.text"], "the alliance's notes")

	o, err := f.s.Organisation(f.ctx, "jardin-junji")
	require.NoError(t, err)
	assert.Empty(t, o.Notes)
	assert.Empty(t, o.Contact)
	assert.Equal(t, "Jardines Infantiles JUNJI Valparaíso", o.Name, "the organisation keeps its name")
	for _, n := range notes("convenio-junji") {
		assert.Empty(t, n.Text)
		assert.Equal(t, "enc-1", n.Actor, "a note keeps its author")
		assert.False(t, n.Date.IsZero(), "and its date")
	}
	assert.Contains(t, notes("convenio-sence")[0].Text, "Paula Soto", "another organisation's alliance is not hers")
	_, err = f.store.VerifyAudit(f.ctx)
	require.NoError(t, err, "the audit verifies after the erasure")
}
