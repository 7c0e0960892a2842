package relaciona_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/driver"
)

func TestErasePersonalClearsMarkedFieldsButKept(t *testing.T) {
	c := subCase{ID: "C1", Citizen: "cit-7", Name: "Carmen", Email: "c@x.co", Text: "texto", Org: "Sol",
		Contacts: []subContact{{Name: "Ana", Email: "a@x.co"}}}
	paths := relaciona.ErasePersonal(&c, func(p string) bool { return p == "text" })
	assert.Equal(t, []string{"contacts.email", "contacts.name", "email", "name"}, paths)
	assert.Equal(t, subCase{ID: "C1", Citizen: "cit-7", Text: "texto", Org: "Sol", Contacts: []subContact{{}}}, c)
	assert.Nil(t, relaciona.ErasePersonal(c, nil), "not a pointer: left alone")
	m := map[string]subContact{"a": {Name: "Ana"}}
	relaciona.ErasePersonal(&m, nil)
	assert.Equal(t, map[string]subContact{"a": {}}, m, "structs in maps too")
}

func TestMatchesSubjectByTaggedFieldsOnly(t *testing.T) {
	c := subCase{ID: "C1", Citizen: "cit-7", Name: "Carmen", Email: "Carmen@X.co", Contacts: []subContact{{Email: "ana@x.co"}}}
	tests := []struct {
		id   string
		want bool
	}{
		{"cit-7", true},         // personal:"subject"
		{" carmen@x.co ", true}, // personal:"key", case and space ignored
		{"ana@x.co", true},      // in a list
		{"Carmen", false},       // personal:"true" is not searched
		{"C1", false},           // the record id is not the subject's
		{"", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, relaciona.MatchesSubject(&c, tt.id), tt.id)
	}
}

func TestEraseSubjectLeavesOtherPeopleOfAList(t *testing.T) {
	org := subCase{ID: "O", Org: "Sol", Text: "notas", Contacts: []subContact{{Name: "Ana", Email: "ana@x.co"}, {Name: "Bea", Email: "bea@x.co"}}}
	paths := relaciona.EraseSubject(&org, "bea@x.co", nil)
	assert.Equal(t, []string{"contacts.email", "contacts.name"}, paths)
	assert.Equal(t, []subContact{{Name: "Ana", Email: "ana@x.co"}, {}}, org.Contacts)
	assert.Equal(t, "notas", org.Text, "the record is not hers: its own text stays")

	c := subCase{ID: "C", Email: "bea@x.co", Text: "de Bea", Contacts: []subContact{{Name: "Ana", Email: "ana@x.co"}}}
	relaciona.EraseSubject(&c, "bea@x.co", nil)
	assert.Equal(t, subCase{ID: "C", Contacts: []subContact{{}}}, c, "named outside a list: the whole record is hers")

	n := subNote{Case: "C", Text: "nota"}
	relaciona.EraseSubject(&n, "bea@x.co", nil)
	assert.Equal(t, subNote{Case: "C"}, n, "a linked record names no one: all of it")
}

type badTags struct {
	ID        string `json:"id"`
	Phone     string `json:"phone"`
	Owner     string `json:"contact_email"`
	Name      string `json:"name" personal:"yes"`
	OrgName   string `json:"org_name" personal:"no"`
	Score     int    `json:"name_score"`
	Contacts  []subContact
	unexposed string
}

func TestCheckPersonalTypesFindsUnmarkedContactFields(t *testing.T) {
	problems := relaciona.CheckPersonalTypes(reflect.TypeOf(&badTags{}))
	require.Len(t, problems, 3, "%q", problems)
	assert.Contains(t, problems[0], "badTags.Phone: looks like contact data")
	assert.Contains(t, problems[1], "badTags.Owner: looks like contact data")
	assert.Contains(t, problems[2], `badTags.Name: unknown personal tag value "yes"`)
	assert.Empty(t, relaciona.CheckPersonalTypes(reflect.TypeOf(subCase{}), reflect.TypeOf([]subNote{})))
	_ = badTags{}.unexposed
}

type plainRecord struct {
	ID    string `json:"id"`
	Count int    `json:"count"`
}

// TestCollectionSaltsPersonalBodies: a body of a type with personal data
// carries a fresh salt on every write, which decoding ignores and the
// audit verifies like any byte of the body; a type without personal data
// is stored as it encodes.
func TestCollectionSaltsPersonalBodies(t *testing.T) {
	f := newSubjectFixture(t)
	cases := relaciona.NewCollection(f.store, kindCase, func(c *subCase) relaciona.Key { return relaciona.Key{ID: c.ID} })
	plain := relaciona.NewCollection(f.store, "test.plain", func(p *plainRecord) relaciona.Key { return relaciona.Key{ID: p.ID} })
	v := subCase{ID: "C1", Name: "Carmen", Email: "c@x.co"}
	var bodies [][]byte
	for i := range 2 {
		b := f.store.Begin(relaciona.SystemActor(), "test.write", "salt")
		cases.Put(b, &v, int64(i))
		plain.Put(b, &plainRecord{ID: "P", Count: i}, int64(i))
		_, err := b.Commit(f.ctx)
		require.NoError(t, err)
		r, err := f.store.Get(f.ctx, kindCase, "C1")
		require.NoError(t, err)
		assert.Contains(t, string(r.Body), `"`+relaciona.SaltField+`":"`)
		bodies = append(bodies, r.Body)
		d, err := cases.Decode(r)
		require.NoError(t, err)
		assert.Equal(t, v, d.Value)
		p, err := f.store.Get(f.ctx, "test.plain", "P")
		require.NoError(t, err)
		want, _ := json.Marshal(plainRecord{ID: "P", Count: i})
		assert.Equal(t, string(want), string(p.Body), "no salt without personal data")
	}
	assert.False(t, bytes.Equal(bodies[0], bodies[1]), "a fresh salt on every write")
	f.verified(t)
}

// TestErasedDataCannotBeConfirmedAgainstTheLog: once a salted record is
// erased, whoever reads the store and the log and knows every value the
// record held cannot recompute the digest the log kept of it, so cannot
// confirm the person was there.
func TestErasedDataCannotBeConfirmedAgainstTheLog(t *testing.T) {
	f := newSubjectFixture(t)
	cases := relaciona.NewCollection(f.store, kindCase, func(c *subCase) relaciona.Key {
		return relaciona.Key{ID: c.ID, Attrs: map[string]string{"k": "v"}, Time: time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC)}
	})
	v := subCase{ID: "C1", Citizen: "cit-7", Name: "Carmen Ruiz", Email: "carmen@example.co", Text: "Mi vecino", Due: "2026-05-20"}
	b := f.store.Begin(relaciona.SystemActor(), "test.write", "fixture")
	cases.Put(b, &v, 0)
	_, err := b.Commit(f.ctx)
	require.NoError(t, err)
	before, err := f.store.Get(f.ctx, kindCase, "C1")
	require.NoError(t, err)

	_, err = f.subj.Erase(f.ctx, f.dpo, "cit-7", "SUP-1", f.today)
	require.NoError(t, err)
	f.verified(t)

	var logged []byte
	for e, err := range f.store.Audit(f.ctx, 1) {
		require.NoError(t, err)
		for _, c := range e.Changes {
			if c.Kind == kindCase && c.ID == "C1" && c.After == before.Version {
				logged = c.Digest
			}
		}
	}
	require.NotNil(t, logged)
	// The attacker's best guess: the exact values, encoded as the
	// process encodes them, with the record's time and attributes (all
	// still in the store).
	guess, err := json.Marshal(v)
	require.NoError(t, err)
	d := driver.RecordDigest(&driver.Record{Time: before.Time, Attrs: before.Attrs, Body: guess})
	assert.NotEqual(t, logged, d, "the erased values cannot be confirmed against the log")
	// The digest was of the salted body, which only the store had.
	assert.Equal(t, logged, driver.RecordDigest(&driver.Record{Time: before.Time, Attrs: before.Attrs, Body: before.Body}))
}

func TestHasPersonalField(t *testing.T) {
	type contact struct {
		Email string `json:"email" personal:"key"`
	}
	type person struct {
		ID   string `json:"id" personal:"subject"`
		Name string `json:"name" personal:"true"`
	}
	type hidden struct {
		id string `personal:"subject"` //nolint:unused // only its tag is read
	}
	type list struct {
		People []*person          `json:"people"`
		ByRole map[string]contact `json:"by_role"`
	}
	type tree struct {
		Note     string  `json:"note"`
		Children []*tree `json:"children"`
	}
	subject := []string{relaciona.PersonalSubject, relaciona.PersonalKey}
	erasable := []string{relaciona.PersonalDatum, relaciona.PersonalKey}
	for _, c := range []struct {
		name     string
		t        reflect.Type
		values   []string
		expected bool
	}{
		{"a subject field", reflect.TypeOf(person{}), subject, true},
		{"a datum field", reflect.TypeOf(person{}), erasable, true},
		{"a key field, erasable", reflect.TypeOf(contact{}), erasable, true},
		{"a key field, findable", reflect.TypeOf(contact{}), subject, true},
		{"through pointers and slices", reflect.TypeOf(&[]list{}), subject, true},
		{"through a map", reflect.TypeOf(map[string]contact{}), erasable, true},
		{"an unexported field does not count", reflect.TypeOf(hidden{}), subject, false},
		{"a recursive type without one", reflect.TypeOf(tree{}), subject, false},
		{"not a struct", reflect.TypeOf(""), subject, false},
	} {
		assert.Equal(t, c.expected, relaciona.HasPersonalField(c.t, c.values...), c.name)
	}
}
