package citizen

import (
	"cmp"
	"slices"
)

// Count is one cell of a frequency table before protection: a group label
// and how many people are in it.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	N     int    `json:"n"`
}

// ProtectedTable is a frequency table safe to publish: every group shown
// has at least K people (or none at all), and no group smaller than K can
// be derived from what is shown.
type ProtectedTable struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	K     int    `json:"k"`
	// Suppressed is true when the whole table has fewer than K people: then
	// nothing is shown, not even the total.
	Suppressed bool `json:"suppressed,omitempty"`
	// Total is the number of people in the table (0 when suppressed).
	Total int `json:"total"`
	// Cells are the groups shown, in the original order, with the merged
	// group (Others) last.
	Cells []Count `json:"cells,omitempty"`
	// Others is the merged group of the small cells (and, when they alone
	// would still be small or alone, of the smallest shown ones), or nil.
	Others *Merged `json:"others,omitempty"`
}

// Merged is the group into which small cells are merged: its size and the
// labels of the groups in it, never their sizes.
type Merged struct {
	N      int      `json:"n"`
	Labels []string `json:"labels"`
}

// Protect makes a frequency table publishable with minimum group size k
// (seed 002, activity 1, "Coordinar la socialización y divulgación de la
// caracterización"; DOMAIN.md "Personal data"): the characterisation only
// shows aggregates of at least k people.
//
//   - A table of fewer than k people is suppressed whole, total included.
//   - Cells of 1 to k-1 people are not shown: they are merged into one
//     "others" group.
//   - Complementary suppression: since the total is shown, the others group
//     equals the total minus the cells shown, so it must not reveal a small
//     cell either. While it holds fewer than k people or a single cell, the
//     smallest cell still shown is merged into it too. The others group
//     thus always has at least k people and at least two cells, and no
//     small cell is the difference of published numbers.
//   - Empty cells (0) stay shown: they reveal nobody.
//
// cells are not modified; the result keeps their order.
func Protect(id, title string, cells []Count, k int) ProtectedTable {
	if k < 2 {
		k = 2
	}
	t := ProtectedTable{ID: id, Title: title, K: k}
	total := 0
	for _, c := range cells {
		total += max(c.N, 0)
	}
	if total < k {
		t.Suppressed = true
		return t
	}
	t.Total = total
	merged := make([]bool, len(cells))
	sum, count := 0, 0
	for i, c := range cells {
		if c.N > 0 && c.N < k {
			merged[i] = true
			sum += c.N
			count++
		}
	}
	if count > 0 {
		// Candidates for complementary suppression: the cells still shown
		// with people in them, smallest first.
		var shown []int
		for i, c := range cells {
			if !merged[i] && c.N > 0 {
				shown = append(shown, i)
			}
		}
		slices.SortStableFunc(shown, func(a, b int) int { return cmp.Compare(cells[a].N, cells[b].N) })
		for _, i := range shown {
			if sum >= k && count >= 2 {
				break
			}
			merged[i] = true
			sum += cells[i].N
			count++
		}
		t.Others = &Merged{N: sum}
	}
	for i, c := range cells {
		if merged[i] {
			t.Others.Labels = append(t.Others.Labels, c.Label)
			continue
		}
		t.Cells = append(t.Cells, Count{Key: c.Key, Label: c.Label, N: max(c.N, 0)})
	}
	return t
}

// Shown returns the sum of the cells shown, without the others group.
func (t ProtectedTable) Shown() int {
	n := 0
	for _, c := range t.Cells {
		n += c.N
	}
	return n
}
