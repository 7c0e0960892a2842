package citizen

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

func counts(ns ...int) []Count {
	out := make([]Count, len(ns))
	for i, n := range ns {
		out[i] = Count{Key: fmt.Sprint(i), Label: fmt.Sprintf("g%d", i), N: n}
	}
	return out
}

// checkSafe asserts the publication rules on a protected table built from
// cells: no shown group below k (empty ones aside), the merged group at
// least k and of at least two groups, the total consistent, and no small
// group derivable as the total minus the groups shown.
func checkSafe(t *testing.T, cells []Count, k int, pt ProtectedTable) {
	t.Helper()
	total := 0
	for _, c := range cells {
		total += c.N
	}
	if total < k {
		assert.True(t, pt.Suppressed, "a table of fewer than k people is suppressed")
		assert.Zero(t, pt.Total)
		assert.Empty(t, pt.Cells)
		return
	}
	assert.Equal(t, total, pt.Total)
	for _, c := range pt.Cells {
		assert.True(t, c.N == 0 || c.N >= k, "group %s of %d shown with k=%d", c.Label, c.N, k)
	}
	hidden := total - pt.Shown()
	if pt.Others == nil {
		assert.Zero(t, hidden)
		for _, c := range cells {
			assert.True(t, c.N == 0 || c.N >= k)
		}
		return
	}
	assert.Equal(t, hidden, pt.Others.N, "the merged group is what the total minus the shown groups gives")
	assert.GreaterOrEqual(t, pt.Others.N, k, "complementary subtraction yields at least k people")
	assert.GreaterOrEqual(t, len(pt.Others.Labels), 2, "and never a single group")
	for _, c := range cells {
		if c.N > 0 && c.N < k {
			assert.Contains(t, pt.Others.Labels, c.Label, "small group %s is merged", c.Label)
		}
	}
}

func TestPublishedCharacterisationShowsOnlyGroupsOfAtLeastK(t *testing.T) {
	cases := []struct {
		name  string
		cells []int
		k     int
		shown []int
		other int
	}{
		{"all large", []int{20, 30, 7}, 5, []int{20, 30, 7}, 0},
		{"two small groups merged", []int{20, 30, 3, 4}, 5, []int{20, 30}, 7},
		{"one small group takes the smallest large one with it", []int{20, 30, 3}, 5, []int{30}, 23},
		{"two small groups under k take more", []int{20, 30, 1, 2}, 5, []int{30}, 23},
		{"empty groups stay shown", []int{20, 0, 9}, 5, []int{20, 0, 9}, 0},
		{"everything small but the total", []int{2, 2, 2}, 5, nil, 6},
		{"k of 10", []int{12, 9, 40}, 10, []int{40}, 21},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cells := counts(tc.cells...)
			pt := Protect("t", "T", cells, tc.k)
			checkSafe(t, cells, tc.k, pt)
			var shown []int
			for _, c := range pt.Cells {
				shown = append(shown, c.N)
			}
			assert.Equal(t, tc.shown, shown)
			if tc.other == 0 {
				assert.Nil(t, pt.Others)
			} else {
				require.NotNil(t, pt.Others)
				assert.Equal(t, tc.other, pt.Others.N)
			}
		})
	}
}

// TestSuppressedCellIsNotDerivableFromTheTotal is the complementary
// subtraction leak: hiding only the small group while showing the total
// and the others would let anyone compute it.
func TestSuppressedCellIsNotDerivableFromTheTotal(t *testing.T) {
	cells := counts(40, 25, 3) // naive suppression shows 40, 25 and total 68: 68-65 = 3
	pt := Protect("t", "T", cells, 5)
	require.NotNil(t, pt.Others)
	assert.NotEqual(t, 3, pt.Total-pt.Shown(), "total minus shown must not give the small group")
	assert.Equal(t, 28, pt.Total-pt.Shown())
	for _, c := range pt.Cells {
		assert.NotEqual(t, "g2", c.Label)
	}
	checkSafe(t, cells, 5, pt)
}

func TestTableSmallerThanKIsSuppressedWhole(t *testing.T) {
	pt := Protect("t", "T", counts(1, 2, 1), 5)
	assert.True(t, pt.Suppressed)
	assert.Zero(t, pt.Total, "not even the total")
	assert.Empty(t, pt.Cells)
	assert.Nil(t, pt.Others)
}

// TestProtectIsSafeOnRandomTables checks the rules on many random tables.
func TestProtectIsSafeOnRandomTables(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		n := 1 + r.IntN(8)
		ns := make([]int, n)
		for i := range ns {
			ns[i] = r.IntN(12)
		}
		k := 2 + r.IntN(8)
		cells := counts(ns...)
		checkSafe(t, cells, k, Protect("t", "T", cells, k))
	}
}

func FuzzProtect(f *testing.F) {
	f.Add([]byte{40, 25, 3}, 5)
	f.Add([]byte{1, 1, 1, 1, 1, 1}, 3)
	f.Fuzz(func(t *testing.T, raw []byte, k int) {
		if len(raw) > 32 {
			raw = raw[:32]
		}
		k = 2 + abs(k)%20
		ns := make([]int, len(raw))
		for i, b := range raw {
			ns[i] = int(b)
		}
		cells := counts(ns...)
		checkSafe(t, cells, k, Protect("t", "T", cells, k))
	})
}

func abs(x int) int {
	if x < 0 {
		if x == -x {
			return 0
		}
		return -x
	}
	return x
}

// population registers n citizens with the given values.
func population(t *testing.T, f *fixture, prefix string, n int, vals map[string]string) {
	t.Helper()
	var cs []Citizen
	for i := range n {
		cs = append(cs, Citizen{ID: fmt.Sprintf("%s-%03d", prefix, i), Name: "Persona " + prefix, Email: prefix + "@example.co", Values: vals})
	}
	require.NoError(t, f.s.RegisterCitizens(f.ctx, lead, cs, at("2026-02-02")))
}

// smallGroups registers 16 persons: 6 rural elders, 8 young digital users
// and 2 with a disability, a group below k = 5.
func smallGroups(t *testing.T, f *fixture) {
	t.Helper()
	population(t, f, "rural-old", 6, map[string]string{"edad": "70", "zona": "rural"})
	population(t, f, "young", 8, map[string]string{"edad": "22", "zona": "urbana", "uso_digital": "frecuente"})
	population(t, f, "disabled", 2, map[string]string{"edad": "45", "zona": "urbana", "discapacidad": "true"})
}

func TestCharacterisationSegmentsByRulesFirstMatchWins(t *testing.T) {
	f := newFixture(t)
	population(t, f, "rural-old", 6, map[string]string{"edad": "70", "zona": "rural", "uso_digital": "nunca"})
	population(t, f, "young", 8, map[string]string{"edad": "22", "zona": "urbana", "uso_digital": "frecuente"})
	population(t, f, "young-rural-old?", 2, map[string]string{"edad": "65", "zona": "rural", "uso_digital": "frecuente"})
	population(t, f, "adult", 9, map[string]string{"edad": "40", "zona": "urbana"})
	var orgs []Citizen
	for i := range 5 {
		orgs = append(orgs, Citizen{ID: fmt.Sprintf("org-%d", i), Subject: SubjectOrganisation, Values: map[string]string{"tipo_org": "empresa", "zona": "urbana"}})
	}
	require.NoError(t, f.s.RegisterCitizens(f.ctx, lead, orgs, at("2026-02-02")))

	ch, err := f.s.Characterise(f.ctx, relaciona.English)
	require.NoError(t, err)
	assert.Equal(t, 30, ch.Total)
	seg := map[string]int{}
	for _, c := range ch.Segments {
		seg[c.Key] = c.N
	}
	assert.Equal(t, map[string]int{"mayores-rurales": 8, "jovenes-digitales": 8, "organizaciones": 5, "": 9}, seg)
	z, err := f.s.citizens.Get(f.ctx, "young-000")
	require.NoError(t, err)
	assert.Equal(t, "jovenes-digitales", z.Value.Segment)

	// Edad bins [18, 30, 60]: < 18, 18–<30, 30–<60, ≥ 60, no data (the organisations have no age).
	var edad VariableCounts
	for _, v := range ch.Variables {
		if v.Variable == "edad" {
			edad = v
		}
	}
	got := map[string]int{}
	for _, c := range edad.Cells {
		got[c.Label] = c.N
	}
	assert.Equal(t, map[string]int{"< 18": 0, "18–<30": 8, "30–<60": 9, "≥ 60": 8, "No data": 0}, got, "organisations are not counted for a person-only variable")
}

func TestPublishedCharacterisationNeverRevealsSmallGroups(t *testing.T) {
	f := newFixture(t)
	f.exercise(t)
	smallGroups(t, f)
	pub, err := f.s.Publish(f.ctx, lead, d("2026-02-10"), relaciona.Spanish)
	require.NoError(t, err)
	require.NotEmpty(t, pub.Tables)
	for _, tb := range pub.Tables {
		for _, c := range tb.Cells {
			assert.True(t, c.N == 0 || c.N >= 5, "%s: %s has %d", tb.ID, c.Label, c.N)
		}
		if tb.Others != nil {
			assert.GreaterOrEqual(t, tb.Others.N, 5)
			assert.Equal(t, tb.Total-tb.Shown(), tb.Others.N)
		}
	}
	var disc ProtectedTable
	for _, tb := range pub.Tables {
		if tb.ID == "var-discapacidad" {
			disc = tb
		}
	}
	for _, c := range disc.Cells {
		assert.NotEqual(t, 2, c.N, "the 2 people with a disability are never shown as a group")
	}
	stored, err := f.s.LatestPublication(f.ctx, d("2026-03-01"))
	require.NoError(t, err)
	assert.Equal(t, pub.Tables, stored.Tables)
	assert.Len(t, stored.Profiles, 3)
}

func TestCitizenValuesAreCheckedWithoutEchoingThem(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name string
		c    Citizen
		msg  string
	}{
		{"unknown variable", Citizen{ID: "x", Values: map[string]string{"barrio": "centro"}}, "unknown variable"},
		{"value not in category", Citizen{ID: "x", Values: map[string]string{"zona": "Calle 5 #3-20"}}, "not one of"},
		{"not a number", Citizen{ID: "x", Values: map[string]string{"edad": "setenta"}}, "not a number"},
		{"person variable on an organisation", Citizen{ID: "x", Subject: SubjectOrganisation, Values: map[string]string{"edad": "3"}}, "does not describe"},
	}
	for _, tc := range cases {
		err := f.s.RegisterCitizens(f.ctx, lead, []Citizen{tc.c}, at("2026-02-02"))
		require.Error(t, err, tc.name)
		assert.ErrorIs(t, err, relaciona.ErrInvalid)
		assert.Contains(t, err.Error(), tc.msg)
		assert.NotContains(t, err.Error(), "Calle 5", "personal values are never echoed")
		assert.NotContains(t, err.Error(), "setenta")
	}
}

func TestCharacterisationPermissions(t *testing.T) {
	f := newFixture(t)
	f.exercise(t)
	before := f.audits(t)
	for _, a := range []relaciona.Actor{nobody, clerk, boss} {
		err := f.s.RegisterCitizens(f.ctx, a, []Citizen{{ID: "x"}}, at("2026-02-02"))
		var fe *relaciona.ForbiddenError
		require.ErrorAs(t, err, &fe)
		if a.ID == nobody.ID {
			assert.True(t, fe.NotListed, "not in the directory")
			continue
		}
		assert.Equal(t, []string{RoleLead}, fe.NeedRoles)
	}
	for _, a := range []relaciona.Actor{nobody, clerk} {
		_, err := f.s.Publish(f.ctx, a, d("2026-02-10"), relaciona.Spanish)
		assert.ErrorIs(t, err, relaciona.ErrForbidden)
	}
	assert.Equal(t, before, f.audits(t))
	require.NoError(t, f.s.RegisterCitizens(f.ctx, lead, []Citizen{{ID: "x"}}, at("2026-02-02")))
	_, err := f.s.Publish(f.ctx, boss, d("2026-02-10"), relaciona.Spanish)
	require.NoError(t, err)
}
