package report

import (
	"fmt"
	"strings"

	"github.com/relaciona/relaciona"
)

// prepared is a validated Document with an anchor for every section, table
// and chart, unique across the page. Every renderer starts from it.
type prepared struct {
	doc      *Document
	lang     relaciona.Lang
	sections []prepSection
	tables   []*prepTable // every table in reading order, chart data included
}

type prepSection struct {
	anchor string
	title  string
	folded bool
	blocks []prepBlock
}

// prepBlock holds exactly one non-nil field.
type prepBlock struct {
	para  *Paragraph
	kf    *KeyFigures
	table *prepTable
	chart *prepChart
	list  *List
	note  *Note
}

type prepTable struct {
	t      *Table
	anchor string
	chart  *prepChart // the chart this table holds the data of, or nil
}

type prepChart struct {
	c      *Chart
	anchor string
	table  *prepTable
}

// reservedIDs are ids the HTML page uses itself.
var reservedIDs = []string{"main", "toc", "site-nav"}

type idSet struct {
	explicit map[string]string // user ID -> where it was first used
	used     map[string]bool   // anchors handed out
}

func newIDSet() *idSet {
	s := &idSet{explicit: map[string]string{}, used: map[string]bool{}}
	for _, r := range reservedIDs {
		s.used[r] = true
	}
	return s
}

// take returns a unique anchor for id (or, when id is empty, for
// fallback). Two blocks with the same non-empty id are an error.
func (s *idSet) take(id, fallback, path string) (string, error) {
	if id != "" {
		if first, dup := s.explicit[id]; dup {
			return "", relaciona.Invalid(path+".id", "id %q is already used by %s", clean(id), first)
		}
		s.explicit[id] = path
	}
	base := sanitizeID(id)
	if base == "" {
		base = fallback
	}
	a := base
	for n := 2; s.used[a]; n++ {
		a = fmt.Sprintf("%s-%d", base, n)
	}
	s.used[a] = true
	return a, nil
}

// sanitizeID keeps ASCII letters, digits and '_' (lowercased), turns runs
// of anything else into one '-', trims dashes and cuts at 64 bytes. The
// result never holds "--", which internal ids use as a separator.
func sanitizeID(id string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(id) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r == '_' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			if b.Len() >= 64 {
				break
			}
			continue
		}
		dash = true
	}
	return b.String()
}

// prepare validates doc and assigns anchors.
func prepare(doc *Document) (*prepared, error) {
	p := &prepared{doc: doc, lang: normLang(doc.Lang)}
	ids := newIDSet()
	L := p.lang
	nt, nc := 0, 0
	for si := range doc.Sections {
		s := &doc.Sections[si]
		path := fmt.Sprintf("sections[%d]", si)
		anchor, err := ids.take(s.ID, fmt.Sprintf("%s-%d", L.T("seccion", "section"), si+1), path)
		if err != nil {
			return nil, err
		}
		ps := prepSection{anchor: anchor, title: s.Title, folded: s.Folded}
		for bi, blk := range s.Blocks {
			bpath := fmt.Sprintf("%s.blocks[%d]", path, bi)
			pb := prepBlock{para: blockOf[Paragraph](blk), kf: blockOf[KeyFigures](blk), list: blockOf[List](blk), note: blockOf[Note](blk)}
			if t := blockOf[Table](blk); t != nil {
				pb.table, err = p.addTable(ids, t, bpath, &nt)
			}
			if c := blockOf[Chart](blk); c != nil {
				pb.chart, err = p.addChart(ids, c, bpath, &nc, &nt)
			}
			if err != nil {
				return nil, err
			}
			if pb != (prepBlock{}) {
				ps.blocks = append(ps.blocks, pb)
			}
		}
		p.sections = append(p.sections, ps)
	}
	return p, nil
}

// blockOf returns the T that blk holds, given by value or by pointer: nil
// when blk is a nil pointer or holds another kind of block.
func blockOf[T any](blk Block) *T {
	switch b := any(blk).(type) {
	case T:
		return &b
	case *T:
		return b
	}
	return nil
}

func normLang(l relaciona.Lang) relaciona.Lang {
	if l == relaciona.English {
		return l
	}
	return relaciona.Spanish
}

func (p *prepared) addTable(ids *idSet, t *Table, path string, n *int) (*prepTable, error) {
	if err := checkTable(t, path); err != nil {
		return nil, err
	}
	*n++
	anchor, err := ids.take(t.ID, fmt.Sprintf("%s-%d", p.lang.T("tabla", "table"), *n), path)
	if err != nil {
		return nil, err
	}
	pt := &prepTable{t: t, anchor: anchor}
	p.tables = append(p.tables, pt)
	return pt, nil
}

func (p *prepared) addChart(ids *idSet, c *Chart, path string, nc, nt *int) (*prepChart, error) {
	switch c.Kind {
	case ChartBar, ChartHBar, ChartStacked, ChartLine, ChartScatter, ChartHeatmap:
	default:
		return nil, relaciona.Invalid(path+".kind", "unknown chart kind %q", clean(string(c.Kind)))
	}
	if c.Table == nil {
		return nil, relaciona.Invalid(path+".table", "chart %q has no data table: every chart needs one", clean(c.Title))
	}
	*nc++
	anchor, err := ids.take(c.ID, fmt.Sprintf("%s-%d", p.lang.T("grafico", "chart"), *nc), path)
	if err != nil {
		return nil, err
	}
	pc := &prepChart{c: c, anchor: anchor}
	t := c.Table
	if err := checkTable(t, path+".table"); err != nil {
		return nil, err
	}
	*nt++
	tAnchor, err := ids.take(t.ID, anchor+"-"+p.lang.T("datos", "data"), path+".table")
	if err != nil {
		return nil, err
	}
	pc.table = &prepTable{t: t, anchor: tAnchor, chart: pc}
	p.tables = append(p.tables, pc.table)
	return pc, nil
}

func checkTable(t *Table, path string) error {
	if len(t.Columns) == 0 {
		return relaciona.Invalid(path+".columns", "table %q has no columns", clean(t.Caption))
	}
	for i, row := range t.Rows {
		if len(row) > len(t.Columns) {
			return relaciona.Invalid(fmt.Sprintf("%s.rows[%d]", path, i),
				"row has %d cells but the table has %d columns", len(row), len(t.Columns))
		}
	}
	if len(t.Total) > len(t.Columns) {
		return relaciona.Invalid(path+".total",
			"total row has %d cells but the table has %d columns", len(t.Total), len(t.Columns))
	}
	return nil
}

// records returns the rows an export writes: every row, then the total
// row if there is one.
func (t *Table) records() [][]Cell {
	if t.Total == nil {
		return t.Rows
	}
	out := make([][]Cell, 0, len(t.Rows)+1)
	return append(append(out, t.Rows...), t.Total)
}

// cell returns row[i], or an empty cell past the end of a short row.
func cell(row []Cell, i int) Cell {
	if i < len(row) {
		return row[i]
	}
	return Cell{}
}

// statusText is the word and symbol that go with a status.
func statusText(s Status, L relaciona.Lang) (symbol, word string) {
	switch s {
	case StatusGood:
		return "✔", L.T("Bien", "Good")
	case StatusWarn:
		return "▲", L.T("Alerta", "Warning")
	case StatusBad:
		return "✖", L.T("Crítico", "Critical")
	}
	return "", ""
}
