package report

import (
	"time"

	"github.com/relaciona/relaciona"
)

// Document is one report: a title, the language it is written in, and its
// sections in reading order. The zero Lang means Spanish.
type Document struct {
	Title     string
	Subtitle  string
	Lang      relaciona.Lang
	Generated time.Time // when the data was read; the zero time leaves it out
	Sections  []Section
}

// Section is a titled part of a Document. ID becomes the section's anchor
// (sanitised; left empty, one is made up from its position).
type Section struct {
	ID     string
	Title  string
	Blocks []Block
	// Folded shows only the section's title on the HTML page, its blocks
	// folded in a closed <details> the reader opens: for detail a director
	// seldom reads (a breakdown per office, a log), so that the page stays
	// short. The other renderers write a folded section like any other.
	Folded bool
}

// Block is one piece of a section: a Paragraph, KeyFigures, Table, Chart,
// List or Note (as values or pointers; a nil pointer is skipped). The set is
// closed: other types cannot be blocks.
type Block interface{ isBlock() }

func (Paragraph) isBlock()  {}
func (KeyFigures) isBlock() {}
func (Table) isBlock()      {}
func (Chart) isBlock()      {}
func (List) isBlock()       {}
func (Note) isBlock()       {}

// Paragraph is running text.
type Paragraph struct {
	Text string
}

// Status grades a key figure or a list item. Every renderer shows it as a
// word and a symbol as well as a colour, so colour is never the only cue.
type Status string

// The statuses. StatusNone shows nothing.
const (
	StatusNone Status = ""
	StatusGood Status = "good"
	StatusWarn Status = "warn"
	StatusBad  Status = "bad"
)

// KeyFigures are the headline numbers at the top of a dashboard, shown as
// cards.
type KeyFigures struct {
	Items []KeyFigure
}

// KeyFigure is one card: a label, a typed value, an optional status and a
// short note ("meta: 80 %", "+3 vs. mes anterior").
type KeyFigure struct {
	Label  string
	Value  Cell
	Status Status
	Note   string
}

// Kind is the type of a column's values. It decides the default alignment
// and, in XLSX, the number format of the column.
type Kind string

// The column kinds. The empty Kind is KindText.
const (
	KindText    Kind = "text"
	KindInt     Kind = "int"
	KindFloat   Kind = "float"
	KindPercent Kind = "percent"
	KindDate    Kind = "date"
)

// numeric reports whether k holds numbers.
func (k Kind) numeric() bool { return k == KindInt || k == KindFloat || k == KindPercent }

// Align is a column's horizontal alignment. AlignAuto puts numbers on the
// right and everything else on the left.
type Align string

// The alignments.
const (
	AlignAuto   Align = ""
	AlignLeft   Align = "left"
	AlignRight  Align = "right"
	AlignCenter Align = "center"
)

// Column describes one column of a Table.
type Column struct {
	Name  string
	Align Align
	Kind  Kind
}

// align resolves AlignAuto from the column kind.
func (c Column) align() Align {
	switch c.Align {
	case AlignLeft, AlignRight, AlignCenter:
		return c.Align
	}
	if c.Kind.numeric() {
		return AlignRight
	}
	return AlignLeft
}

// Table is a captioned table of typed cells. ID names its anchor in HTML,
// its file in WriteCSVs and its sheet in XLSX; left empty, one is made up
// from its position. A row shorter than Columns is padded with empty cells;
// a longer one is an error.
//
// A long table does not make a long page: HTML shows the first PageRows
// rows (DefaultPageRows when zero) and folds the rest into a closed
// <details>, keeping the Total row in view under the rows shown. CSV,
// XLSX and Markdown always write every row, then the Total row. Put the
// rows a reader needs first (sort by what matters: the top N) and their
// sum in Total.
type Table struct {
	ID      string
	Caption string
	Columns []Column
	Rows    [][]Cell
	// Total is an optional row of totals, shown after the rows (in the
	// table's footer in HTML, visible even when rows are folded) and
	// written as the last record by CSV, XLSX and Markdown. Like a row, it
	// may be shorter than Columns, not longer.
	Total []Cell
	// PageRows is how many rows HTML shows before folding the rest: 0
	// means DefaultPageRows, a negative value shows every row. It changes
	// nothing in the other renderers.
	PageRows int
}

// DefaultPageRows is how many rows of a Table HTML shows when its PageRows
// is zero (the top ten, as a director reads them); the rest are folded into
// a <details>.
const DefaultPageRows = 10

// pageRows is the number of rows HTML shows unfolded.
func (t *Table) pageRows() int {
	switch {
	case t.PageRows < 0:
		return len(t.Rows)
	case t.PageRows == 0:
		return min(DefaultPageRows, len(t.Rows))
	}
	return min(t.PageRows, len(t.Rows))
}

// ChartKind is the kind of a Chart.
type ChartKind string

// The chart kinds.
const (
	// ChartBar is a vertical bar chart, one group of bars per label and one
	// bar per series; negative values hang below the zero line.
	ChartBar ChartKind = "bar"
	// ChartHBar is a horizontal bar chart, for long category names and
	// rankings.
	ChartHBar ChartKind = "hbar"
	// ChartStacked is a vertical stacked bar chart: the series add up in one
	// bar per label (negative values stack below zero).
	ChartStacked ChartKind = "stacked"
	// ChartLine is a line chart over Labels (usually months), one line per
	// series, with an optional Target line. NaN values leave a gap.
	ChartLine ChartKind = "line"
	// ChartScatter plots Series[i].Points, optionally split into four
	// labelled Quadrants by threshold lines (the power / interest grid).
	ChartScatter ChartKind = "scatter"
	// ChartHeatmap is a matrix: one row per series, one column per label,
	// each cell shaded by its value and labelled with it (objectives ×
	// alliances coverage).
	ChartHeatmap ChartKind = "heatmap"
)

// Chart is a figure rendered as inline SVG. Every chart carries its data
// as a Table, which the HTML renderer shows under it, and CSV, XLSX and
// Markdown write instead of the picture: Table is required (DataTable
// builds one from the series).
type Chart struct {
	ID    string
	Title string
	// Description is an optional sentence on what the chart shows; it goes
	// into the figure caption and the SVG's <desc>, after a generated
	// summary.
	Description string
	Kind        ChartKind
	// Labels name the categories (bar, hbar, stacked), the points on the
	// x axis (line) or the columns (heatmap).
	Labels []string
	Series []Series
	// XLabel and YLabel name the axes. In a heatmap they name the columns
	// and the rows.
	XLabel, YLabel string
	// ValueKind says how values read on the axis and in labels: KindInt,
	// KindFloat (the default) or KindPercent (values are fractions: 0.45
	// shows as 45 %).
	ValueKind Kind
	// Range fixes the value axis (the colour scale in a heatmap, the y axis
	// in a scatter); nil fits the data.
	Range *Range
	// XRange fixes the x axis of a scatter; nil fits the data.
	XRange *Range
	// Target draws a labelled reference line across the value axis (bar,
	// hbar, stacked, line).
	Target *Target
	// Quadrants splits a scatter into four labelled areas.
	Quadrants *Quadrants
	// Table is the chart's data, required.
	Table *Table
}

// Series is one named set of values: Values line up with the chart's
// Labels; Points are used by scatter charts only. NaN or infinite values
// are treated as missing.
type Series struct {
	Name   string
	Values []float64
	Points []Point
}

// Point is one scatter point with an optional text label drawn next to it.
type Point struct {
	X, Y  float64
	Label string
}

// Range is a closed interval on an axis.
type Range struct {
	Min, Max float64
}

// Target is a horizontal reference line (a goal, a threshold) with a label.
// Better says which side of the line is good; the chart prints it beside
// the value ("≥ 85 %", "≤ 9").
type Target struct {
	Value  float64
	Label  string
	Better Direction
}

// Direction says whether a higher or a lower value of an indicator is
// better. The zero value is a plain reference line with no side.
type Direction int

// The directions.
const (
	DirectionNone Direction = iota
	HigherIsBetter
	LowerIsBetter
)

// Meets reports whether v meets target in direction d (a value equal to
// the target meets it). Without a direction, or with a value or target
// that is not a number, it reports false.
func (d Direction) Meets(v, target float64) bool {
	if !finite(v) || !finite(target) {
		return false
	}
	switch d {
	case HigherIsBetter:
		return v >= target
	case LowerIsBetter:
		return v <= target
	}
	return false
}

// Sign is "≥ " or "≤ " (the side of the target that meets it), or "".
func (d Direction) Sign() string {
	switch d {
	case HigherIsBetter:
		return "≥ "
	case LowerIsBetter:
		return "≤ "
	}
	return ""
}

// TargetNote is a key figure's note naming its target and its direction:
// "meta: ≥ 85,0 %" ("target: ≥ 85.0%"); value is the target as displayed.
func TargetNote(L relaciona.Lang, d Direction, value string) string {
	return L.T("meta: ", "target: ") + d.Sign() + value
}

// Quadrants are the threshold lines of a scatter chart and the names of the
// four areas they make. X and Y are in data units.
type Quadrants struct {
	X, Y                                       float64
	TopLeft, TopRight, BottomLeft, BottomRight string
}

// List is a bulleted (or numbered) list whose items may carry a status.
type List struct {
	Title   string
	Ordered bool
	Items   []ListItem
}

// ListItem is one entry of a List.
type ListItem struct {
	Text   string
	Status Status
}

// NoteKind is the tone of a Note.
type NoteKind string

// The note kinds. The empty NoteKind is NoteInfo.
const (
	NoteInfo    NoteKind = "info"
	NoteWarning NoteKind = "warning"
)

// Note is a boxed remark: a caveat about the data, a warning about overdue
// work.
type Note struct {
	Kind  NoteKind
	Title string
	Text  string
}

// Page is one page of a Site: Slug names its file (Slug + ".html") and
// NavTitle its link in the navigation bar (Doc.Title when empty).
//
// Headline picks the one chart of Doc that Site also shows on the index
// page, captioned with a link to the chart on this page, so the index
// carries a picture of every process: the ID of a chart of Doc, or empty
// for Doc's first chart, or NoHeadline for none (a second page of the same
// process, a page without charts). A process with several pages should
// give one of them a headline and NoHeadline to the others.
type Page struct {
	Slug     string
	NavTitle string
	Doc      Document
	Headline string
}

// NoHeadline as a Page's Headline keeps the page's charts off the index.
const NoHeadline = "-"
