package satisfaction

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

var (
	csatScale = Scale{Min: 1, Max: 5, SatisfiedFrom: 4}
	npsScale  = Scale{Min: 0, Max: 10, PromotersFrom: 9, DetractorsUpTo: 6}
	cesScale  = Scale{Min: 1, Max: 7}
)

func TestCSATIsShareOfFourAndFive(t *testing.T) {
	cases := []struct {
		name    string
		scores  []int
		want    float64
		n       int64
		defined bool
	}{
		{"worked example", []int{5, 4, 3, 2, 1, 5}, 0.5, 6, true},
		{"all satisfied", []int{4, 5, 4}, 1, 3, true},
		{"none satisfied", []int{1, 2, 3}, 0, 3, true},
		{"off-scale scores left out", []int{5, 0, 6, 3}, 0.5, 2, true},
		{"empty", nil, 0, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := CSAT(csatScale, tc.scores...)
			assert.InDelta(t, tc.want, s.Value, 1e-12)
			assert.Equal(t, tc.n, s.N)
			assert.Equal(t, tc.defined, s.Defined)
			assert.False(t, math.IsNaN(s.Value))
		})
	}
}

func TestNPSIsPromotersMinusDetractors(t *testing.T) {
	cases := []struct {
		name    string
		scores  []int
		want    float64
		defined bool
	}{
		// 10 answers: 9,10,10 promoters (3); 7,8 passive (2); 0,3,5,6,6 detractors (5): 30% - 50% = -20.
		{"worked example", []int{9, 10, 10, 7, 8, 0, 3, 5, 6, 6}, -20, true},
		{"all passive", []int{7, 8, 7, 8}, 0, true},
		{"all promoters", []int{9, 10}, 100, true},
		{"all detractors", []int{0, 6}, -100, true},
		{"one of each", []int{10, 7, 0}, 0, true},
		{"empty", nil, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := NPS(npsScale, tc.scores...)
			assert.InDelta(t, tc.want, s.Value, 1e-9)
			assert.Equal(t, tc.defined, s.Defined)
			assert.False(t, math.IsNaN(s.Value))
		})
	}
}

func TestCESIsTheMean(t *testing.T) {
	cases := []struct {
		name    string
		scores  []int
		want    float64
		defined bool
	}{
		{"worked example", []int{1, 2, 3, 7}, 3.25, true},
		{"single", []int{7}, 7, true},
		{"empty", nil, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := CES(cesScale, tc.scores...)
			assert.InDelta(t, tc.want, s.Value, 1e-12)
			assert.Equal(t, tc.defined, s.Defined)
		})
	}
}

func TestTalliesMerge(t *testing.T) {
	var a, b Tally
	a.Add(npsScale, 10)
	a.Add(npsScale, 0)
	b.Add(npsScale, 9)
	a.Merge(b)
	assert.Equal(t, int64(3), a.N())
	assert.InDelta(t, 100.0/3, a.NPS(npsScale).Value, 1e-9)
	assert.False(t, a.Add(npsScale, 11), "a score off the scale is refused")
}
