package demo

import (
	"math"
)

// pickWeighted returns an index drawn with the given weights, whose sum
// is total, from one draw of r.
func pickWeighted(r interface{ Float64() float64 }, weights []float64, total float64) int {
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// poisson draws a Poisson count with mean lambda by multiplying uniform
// draws of r (Knuth's method: for a small lambda).
func poisson(r interface{ Float64() float64 }, lambda float64) int {
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}
