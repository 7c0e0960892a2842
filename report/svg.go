package report

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/relaciona/relaciona"
)

// Chart geometry, in SVG user units (the SVG scales to its container).
const (
	chartW     = 640.0
	plotH      = 280.0
	fontTick   = 12.0
	fontLabel  = 13.0
	fontValue  = 11.0
	maxLabelPx = 150.0 // longest category label before it is cut with "…"
	maxBars    = 100000
)

// palette is the Okabe-Ito colour-blind safe palette, darkest first; the
// yellow is last because it reads poorly on white.
var palette = [...]string{"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"}

// light reports whether a palette colour needs dark marks on top.
func light(col string) bool {
	switch col {
	case "#E69F00", "#56B4E9", "#F0E442", "#CC79A7":
		return true
	}
	return false
}

// heatColors is ColorBrewer's 5-class Blues, a sequential scale that reads
// for every colour-vision type; each cell also prints its value.
var heatColors = [...]string{"#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"}

const numPatterns = 6

// esc escapes user text for HTML and SVG, text or attribute.
func esc(s string) string { return html.EscapeString(clean(s)) }

// n formats a coordinate; non-finite values (which cannot arise from the
// scales, but are guarded anyway) become 0.
func n(v float64) string {
	if !finite(v) {
		return "0"
	}
	v = math.Max(-1e7, math.Min(1e7, v))
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

// textW estimates the width of s at font size size.
func textW(s string, size float64) float64 {
	return float64(utf8.RuneCountInString(s)) * size * 0.56
}

// cut shortens s with "…" to fit maxW at size.
func cut(s string, maxW, size float64) string {
	s = clean(s)
	if textW(s, size) <= maxW {
		return s
	}
	keep := int(maxW/(size*0.56)) - 1
	if keep < 1 {
		return "…"
	}
	r := []rune(s)
	if keep > len(r) {
		keep = len(r)
	}
	return strings.TrimSpace(string(r[:keep])) + "…"
}

// scale maps data values in [lo, hi] to pixels in [p0, p1]. It halves
// before subtracting so that values near ±MaxFloat64 do not overflow.
type scale struct {
	lo, hi, step float64
	p0, p1       float64
}

func (s scale) at(v float64) float64 {
	if !finite(v) {
		v = s.lo
	}
	v = math.Max(s.lo, math.Min(s.hi, v))
	span := s.hi/2 - s.lo/2
	if span <= 0 || !finite(span) {
		return s.p0
	}
	return s.p0 + (v/2-s.lo/2)/span*(s.p1-s.p0)
}

func (s scale) ticks() []float64 {
	if s.step <= 0 || !finite(s.step) {
		return []float64{s.lo, s.hi}
	}
	count := int(math.Round((s.hi/2 - s.lo/2) / (s.step / 2)))
	if count < 1 || count > 20 {
		return []float64{s.lo, s.hi}
	}
	out := make([]float64, 0, count+1)
	for i := 0; i <= count; i++ {
		v := s.lo + float64(i)*s.step
		if math.Abs(v) < s.step*1e-9 {
			v = 0
		}
		out = append(out, v)
	}
	return out
}

// niceScale returns a scale over [lo, hi] widened to round ticks, about n
// of them, on a 1-2-5 step (…, 0.5, 1, 2, 5, 10, …); values of kind KindInt
// get a whole step, so no tick falls between two integers. A fixed range
// keeps its bounds.
func niceScale(lo, hi float64, fixed *Range, nTicks int, kind Kind) scale {
	whole := func(st float64) float64 {
		if kind == KindInt && st > 0 && st < 1 {
			return 1
		}
		return st
	}
	if fixed != nil && finite(fixed.Min) && finite(fixed.Max) && fixed.Max > fixed.Min {
		st := whole(niceNum(fixed.Max/float64(nTicks) - fixed.Min/float64(nTicks)))
		if c := (fixed.Max/2 - fixed.Min/2) / (st / 2); c > 20 || c < 1 || !finite(c) || math.Abs(fixed.Min/st-math.Round(fixed.Min/st)) > 1e-9 {
			st = 0 // bounds not on the step grid: ticks at the ends only
		}
		return scale{lo: fixed.Min, hi: fixed.Max, step: st}
	}
	if !finite(lo) || !finite(hi) {
		lo, hi = 0, 1
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if hi == lo {
		d := math.Abs(lo) * 0.1
		if d == 0 || !finite(lo-d) || !finite(hi+d) {
			d = 1
		}
		if lo == 0 {
			hi = 1
		} else {
			lo, hi = lo-d, hi+d
		}
		if !finite(lo) || !finite(hi) {
			lo, hi = -math.MaxFloat64, math.MaxFloat64
		}
	}
	step := whole(niceNum(hi/float64(nTicks) - lo/float64(nTicks)))
	if step <= 0 || !finite(step) {
		return scale{lo: lo, hi: hi}
	}
	nlo := math.Floor(lo/step) * step
	nhi := math.Ceil(hi/step) * step
	if !finite(nlo) || !finite(nhi) {
		return scale{lo: lo, hi: hi}
	}
	return scale{lo: nlo, hi: nhi, step: step}
}

// niceNum rounds x up to 1, 2 or 5 times a power of ten. (A 2.5 step is
// not round: its ticks 2.5, 7.5, 12.5 print as 2, 8, 12 at the precision of
// whole numbers.)
func niceNum(x float64) float64 {
	if x <= 0 || !finite(x) {
		return 0
	}
	exp := math.Floor(math.Log10(x))
	f := x / math.Pow(10, exp)
	var nf float64
	switch {
	case f <= 1:
		nf = 1
	case f <= 2:
		nf = 2
	case f <= 5:
		nf = 5
	default:
		nf = 10
	}
	return nf * math.Pow(10, exp)
}

// chartCtx is one chart being drawn.
type chartCtx struct {
	c    *Chart
	id   string
	L    relaciona.Lang
	b    strings.Builder // the body, written after the header
	defs strings.Builder
	dec  int // decimals of value labels
}

func (x *chartCtx) printf(format string, args ...any) { fmt.Fprintf(&x.b, format, args...) }

// renderChart returns the chart as an <svg> element whose ids all start
// with id + "--".
func renderChart(c *Chart, id string, L relaciona.Lang) string {
	x := &chartCtx{c: c, id: id, L: L}
	x.dec = x.valueDecimals()
	var w, h float64
	ok := false
	switch c.Kind {
	case ChartBar:
		w, h, ok = x.vbar(false)
	case ChartStacked:
		w, h, ok = x.vbar(true)
	case ChartHBar:
		w, h, ok = x.hbar()
	case ChartLine:
		w, h, ok = x.line()
	case ChartScatter:
		w, h, ok = x.scatter()
	case ChartHeatmap:
		w, h, ok = x.heatmap()
	}
	if !ok {
		return x.empty()
	}
	var out strings.Builder
	out.Grow(x.b.Len() + x.defs.Len() + 512)
	x.header(&out, w, h, x.describe())
	if x.defs.Len() > 0 {
		out.WriteString("<defs>")
		out.WriteString(x.defs.String())
		out.WriteString("</defs>")
	}
	out.WriteString(x.b.String())
	out.WriteString("</svg>")
	return out.String()
}

func (x *chartCtx) header(out *strings.Builder, w, h float64, desc string) {
	// The viewBox and width 100% scale the chart to its box, whatever the
	// screen: it reflows to a phone's width and never overflows it.
	fmt.Fprintf(out, `<svg class="chart" viewBox="0 0 %s %s" width="100%%" role="img" aria-labelledby="%s--title %s--desc" font-family="system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif" font-size="%s" fill="#222">`,
		n(w), n(h), x.id, x.id, n(fontTick))
	title := x.c.Title
	if title == "" {
		title = x.L.T("Gráfico", "Chart")
	}
	fmt.Fprintf(out, `<title id="%s--title">%s</title><desc id="%s--desc">%s</desc>`, x.id, esc(title), x.id, esc(desc))
}

// empty draws the "no data" figure.
func (x *chartCtx) empty() string {
	var out strings.Builder
	msg := x.L.T("Sin datos", "No data")
	desc := msg
	if x.c.Description != "" {
		desc = msg + ". " + x.c.Description
	}
	x.header(&out, chartW, 140, desc)
	fmt.Fprintf(&out, `<rect x="1" y="1" width="%s" height="138" rx="6" fill="#f6f6f6" stroke="#767676" stroke-dasharray="6 4"/>`, n(chartW-2))
	fmt.Fprintf(&out, `<text x="%s" y="78" text-anchor="middle" font-size="20" fill="#333">%s</text></svg>`, n(chartW/2), esc(msg))
	return out.String()
}

// valueDecimals picks the decimals of value labels from the data: none
// when every value is whole, else one (two for small floats).
func (x *chartCtx) valueDecimals() int {
	if x.c.ValueKind == KindInt {
		return 0
	}
	mul := 1.0
	if x.c.ValueKind == KindPercent {
		mul = 100
	}
	dec := 0
	check := func(v float64) {
		if !finite(v) || dec == 2 {
			return
		}
		v *= mul
		if math.Abs(v) >= 1e9 {
			return
		}
		if math.Abs(v-math.Round(v)) > 1e-9 {
			if math.Abs(v*10-math.Round(v*10)) > 1e-6 && x.c.ValueKind != KindPercent {
				dec = 2
			} else if dec < 1 {
				dec = 1
			}
		}
	}
	for _, s := range x.c.Series {
		for _, v := range s.Values {
			check(v)
		}
		for _, p := range s.Points {
			check(p.X)
			check(p.Y)
		}
	}
	return dec
}

// fmtValue formats a data value for a label.
func (x *chartCtx) fmtValue(v float64) string { return fmtNum(v, x.c.ValueKind, x.dec, x.L) }

// fmtNum formats v as kind with dec decimals, compactly when huge.
func fmtNum(v float64, kind Kind, dec int, L relaciona.Lang) string {
	if !finite(v) {
		return na
	}
	if kind == KindPercent {
		return formatPercent(v, dec, L)
	}
	a := math.Abs(v)
	switch {
	case a >= 1e15:
		return formatFloat(v, 1, L)
	case a >= 1e9:
		return formatFloat(v/1e9, 1, L) + L.T("\u00a0mil\u00a0M", "B")
	case a >= 1e6:
		return formatFloat(v/1e6, 1, L) + L.T("\u00a0M", "M")
	}
	return formatFloat(v, dec, L)
}

// fmtTick formats an axis tick with as many decimals as the step needs.
func fmtTick(v, step float64, kind Kind, L relaciona.Lang) string {
	s := step
	if kind == KindPercent {
		s *= 100
	}
	dec := 0
	if s > 0 && finite(s) && s < 1 {
		dec = min(int(math.Ceil(-math.Log10(s)-1e-9)), 6)
		if math.Abs(s*math.Pow(10, float64(dec))-math.Round(s*math.Pow(10, float64(dec)))) > 1e-6 {
			dec++
		}
	}
	return fmtNum(v, kind, dec, L)
}

// color and fill of series i. Fills are patterns: colour plus a texture.
func seriesColor(i int) string { return palette[i%len(palette)] }

func (x *chartCtx) fill(i int) string { return fmt.Sprintf("url(#%s--p%d)", x.id, i) }

// definePatterns writes one fill pattern per series.
func (x *chartCtx) definePatterns(count int) {
	for i := range count {
		col := seriesColor(i)
		mark, op := "#fff", "0.55"
		if light(col) {
			mark, op = "#000", "0.35"
		}
		pid := fmt.Sprintf("%s--p%d", x.id, i)
		switch (i + i/len(palette)) % numPatterns {
		case 0: // solid
			fmt.Fprintf(&x.defs, `<pattern id="%s" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="%s"/></pattern>`, pid, col)
		case 1: // diagonal stripes
			fmt.Fprintf(&x.defs, `<pattern id="%s" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="%s"/><rect width="3" height="8" fill="%s" fill-opacity="%s"/></pattern>`, pid, col, mark, op)
		case 2: // dots
			fmt.Fprintf(&x.defs, `<pattern id="%s" width="7" height="7" patternUnits="userSpaceOnUse"><rect width="7" height="7" fill="%s"/><circle cx="3.5" cy="3.5" r="1.7" fill="%s" fill-opacity="%s"/></pattern>`, pid, col, mark, op)
		case 3: // cross-hatch
			fmt.Fprintf(&x.defs, `<pattern id="%s" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="%s"/><rect width="2" height="8" fill="%s" fill-opacity="%s"/><rect width="8" height="2" fill="%s" fill-opacity="%s"/></pattern>`, pid, col, mark, op, mark, op)
		case 4: // horizontal stripes
			fmt.Fprintf(&x.defs, `<pattern id="%s" width="8" height="6" patternUnits="userSpaceOnUse"><rect width="8" height="6" fill="%s"/><rect width="8" height="2" fill="%s" fill-opacity="%s"/></pattern>`, pid, col, mark, op)
		default: // reverse diagonal
			fmt.Fprintf(&x.defs, `<pattern id="%s" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)"><rect width="8" height="8" fill="%s"/><rect width="3" height="8" fill="%s" fill-opacity="%s"/></pattern>`, pid, col, mark, op)
		}
	}
}

// markerPath is the outline of series i's marker centred at (cx, cy).
func markerPath(i int, cx, cy, r float64) string {
	switch i % 6 {
	case 0: // circle
		return fmt.Sprintf("M%s %sa%s %s 0 1 0 %s 0a%s %s 0 1 0 %s 0Z", n(cx-r), n(cy), n(r), n(r), n(2*r), n(r), n(r), n(-2*r))
	case 1: // square
		r *= 0.9
		return fmt.Sprintf("M%s %sh%sv%sh%sZ", n(cx-r), n(cy-r), n(2*r), n(2*r), n(-2*r))
	case 2: // triangle
		r *= 1.15
		return fmt.Sprintf("M%s %sL%s %sL%s %sZ", n(cx), n(cy-r), n(cx+r), n(cy+r*0.8), n(cx-r), n(cy+r*0.8))
	case 3: // diamond
		r *= 1.2
		return fmt.Sprintf("M%s %sL%s %sL%s %sL%s %sZ", n(cx), n(cy-r), n(cx+r), n(cy), n(cx), n(cy+r), n(cx-r), n(cy))
	case 4: // triangle down
		r *= 1.15
		return fmt.Sprintf("M%s %sL%s %sL%s %sZ", n(cx), n(cy+r), n(cx+r), n(cy-r*0.8), n(cx-r), n(cy-r*0.8))
	default: // cross
		d := r * 0.45
		return fmt.Sprintf("M%s %sh%sv%sh%sv%sh%sv%sh%sv%sh%sv%sZ",
			n(cx-d), n(cy-r), n(2*d), n(r-d), n(r-d), n(2*d), n(d-r), n(r-d), n(-2*d), n(d-r), n(d-r), n(-2*d))
	}
}

var dashes = [...]string{"", "7 4", "2 3", "9 3 2 3"}

// swatch kinds for the legend.
const (
	swatchFill = iota
	swatchLine
	swatchMarker
)

// legend lays out the series names from (x0, y0) within width w and
// returns the height used.
func (x *chartCtx) legend(x0, y0, w float64, kind int) float64 {
	if len(x.c.Series) < 2 {
		return 0
	}
	const rowH = 20.0
	cx, cy := x0, y0
	x.printf(`<g class="legend">`)
	for i, s := range x.c.Series {
		name := cut(seriesName(s, i, x.L), 200, fontLabel)
		iw := 24 + textW(name, fontLabel) + 16
		if cx > x0 && cx+iw > x0+w {
			cx, cy = x0, cy+rowH
		}
		switch kind {
		case swatchFill:
			x.printf(`<rect x="%s" y="%s" width="16" height="14" fill="%s" stroke="#222" stroke-width="0.6"/>`, n(cx), n(cy), x.fill(i))
		case swatchLine:
			x.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2.5"%s/>`, n(cx-2), n(cy+7), n(cx+18), n(cy+7), seriesColor(i), dashAttr(i))
			x.printf(`<path d="%s" fill="%s" stroke="#222" stroke-width="0.6"/>`, markerPath(i, cx+8, cy+7, 4.5), seriesColor(i))
		default:
			x.printf(`<path d="%s" fill="%s" stroke="#222" stroke-width="0.6"/>`, markerPath(i, cx+8, cy+7, 5.5), seriesColor(i))
		}
		x.printf(`<text x="%s" y="%s" font-size="%s">%s</text>`, n(cx+24), n(cy+11.5), n(fontLabel), esc(name))
		cx += iw
	}
	x.printf(`</g>`)
	return cy - y0 + rowH + 6
}

func dashAttr(i int) string {
	if d := dashes[i%len(dashes)]; d != "" {
		return ` stroke-dasharray="` + d + `"`
	}
	return ""
}

func seriesName(s Series, i int, L relaciona.Lang) string {
	if s.Name != "" {
		return s.Name
	}
	return L.Tf("Serie %d", "Series %d", i+1)
}

// categories is the number of labels or values, whichever is larger.
func (x *chartCtx) categories() int {
	k := len(x.c.Labels)
	for _, s := range x.c.Series {
		k = max(k, len(s.Values))
	}
	return min(k, maxBars)
}

func (x *chartCtx) label(i int) string {
	if i < len(x.c.Labels) {
		return x.c.Labels[i]
	}
	return ""
}

func value(s Series, i int) (float64, bool) {
	if i < len(s.Values) && finite(s.Values[i]) {
		return s.Values[i], true
	}
	return 0, false
}

// extent is the running minimum and maximum of finite values.
type extent struct {
	lo, hi float64
	any    bool
}

func (e *extent) add(v float64) {
	if !finite(v) {
		return
	}
	if !e.any {
		e.lo, e.hi, e.any = v, v, true
		return
	}
	e.lo, e.hi = math.Min(e.lo, v), math.Max(e.hi, v)
}

// tickLabels formats the ticks of sc and returns them with the widest.
func (x *chartCtx) tickLabels(sc scale, kind Kind) ([]float64, []string, float64) {
	ts := sc.ticks()
	ls := make([]string, len(ts))
	wmax := 0.0
	for i, t := range ts {
		ls[i] = fmtTick(t, sc.step, kind, x.L)
		wmax = math.Max(wmax, textW(ls[i], fontTick))
	}
	return ts, ls, wmax
}

// categoryAxis draws labels under n bands of width band starting at left,
// below y; rotated when they do not fit. It returns the height used. With
// measure set it only measures.
func (x *chartCtx) categoryAxis(count int, left, band, y float64, measure bool) float64 {
	widest := 0.0
	for i := range count {
		widest = math.Max(widest, textW(cut(x.label(i), maxLabelPx, fontTick), fontTick))
	}
	rotate := widest > band-4
	every := 1
	if rotate && band < 20 { // rotated labels closer than a line apart
		every = int(math.Ceil(20 / band))
	}
	h := 20.0
	if rotate {
		h = widest*0.64 + 18
	}
	if measure || widest == 0 {
		if widest == 0 {
			return 6
		}
		return h
	}
	x.printf(`<g class="x-labels" font-size="%s">`, n(fontTick))
	for i := 0; i < count; i += every {
		lbl := esc(cut(x.label(i), maxLabelPx, fontTick))
		cx := left + band*(float64(i)+0.5)
		if rotate {
			x.printf(`<text transform="translate(%s %s) rotate(-40)" text-anchor="end">%s</text>`, n(cx+4), n(y+14), lbl)
		} else {
			x.printf(`<text x="%s" y="%s" text-anchor="middle">%s</text>`, n(cx), n(y+16), lbl)
		}
	}
	x.printf(`</g>`)
	return h
}

// fitRotated widens the left margin so that rotated category labels,
// which hang down to the left, stay inside the figure.
func (x *chartCtx) fitRotated(cats int, left, right float64) float64 {
	widest := 0.0
	for i := range cats {
		widest = math.Max(widest, textW(cut(x.label(i), maxLabelPx, fontTick), fontTick))
	}
	band := (right - left) / float64(cats)
	if widest <= band-4 {
		return left
	}
	need := widest*0.77 - band/2 + 6
	return math.Max(left, math.Min(need, chartW*0.3))
}

// yAxis draws horizontal grid lines and tick labels for sc between left
// and right, and the rotated axis title at titleX.
func (x *chartCtx) yAxis(sc scale, ts []float64, ls []string, left, right float64, title string, titleX float64) {
	x.printf(`<g class="y-axis" font-size="%s">`, n(fontTick))
	for i, t := range ts {
		y := sc.at(t)
		x.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#d9d9d9"/>`, n(left), n(y), n(right), n(y))
		x.printf(`<text x="%s" y="%s" text-anchor="end">%s</text>`, n(left-6), n(y+4), esc(ls[i]))
	}
	x.printf(`</g>`)
	if title != "" {
		mid := (sc.p0 + sc.p1) / 2
		x.printf(`<text transform="translate(%s %s) rotate(-90)" text-anchor="middle" font-size="%s">%s</text>`,
			n(titleX), n(mid), n(fontLabel), esc(cut(title, math.Abs(sc.p0-sc.p1), fontLabel)))
	}
}

// targetH draws a horizontal target line at y from left to right.
func (x *chartCtx) targetH(y, left, right float64) {
	t := x.c.Target
	label := x.targetLabel()
	x.printf(`<g class="target"><line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#222" stroke-width="1.5" stroke-dasharray="8 4"/>`, n(left), n(y), n(right+4), n(y))
	x.printf(`<text x="%s" y="%s" font-size="%s" font-weight="600">`, n(right+8), n(y-3), n(fontValue))
	x.printf(`<tspan x="%s">%s</tspan><tspan x="%s" dy="13">%s</tspan></text></g>`, n(right+8), esc(cut(label, targetW-10, fontValue)), n(right+8), esc(t.Better.Sign()+x.fmtValue(t.Value)))
}

// targetW is the room right of the plot for the target's label.
const targetW = 84.0

// targetLabel is the name of the target line.
func (x *chartCtx) targetLabel() string {
	if x.c.Target.Label != "" {
		return x.c.Target.Label
	}
	return x.L.T("Meta", "Target")
}

func (x *chartCtx) hasTarget() bool { return x.c.Target != nil && finite(x.c.Target.Value) }

// barExtent returns a bar chart's number of categories and the extent of
// its values, from zero and with the target: of each value, or when
// stacked of each category's sums of positive and of negative values. It
// reports false when there is no value to draw.
func (x *chartCtx) barExtent(stacked bool) (int, extent, bool) {
	cats := x.categories()
	var e extent
	e.add(0)
	found := false
	pos := make([]float64, cats)
	neg := make([]float64, cats)
	for i := range cats {
		for _, s := range x.c.Series {
			v, ok := value(s, i)
			if !ok {
				continue
			}
			found = true
			if stacked {
				if v >= 0 {
					pos[i] += v
				} else {
					neg[i] += v
				}
			} else {
				e.add(v)
			}
		}
		e.add(pos[i])
		e.add(neg[i])
	}
	if !found {
		return cats, e, false
	}
	if x.hasTarget() {
		e.add(x.c.Target.Value)
	}
	return cats, e, true
}

// barRect draws the bar of value v of series s (the si-th) at category i,
// with a tooltip naming them.
func (x *chartCtx) barRect(s Series, si, i int, v, bx, by, w, h float64) {
	tip := seriesName(s, si, x.L) + " · " + x.label(i) + ": " + x.fmtValue(v)
	x.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#222" stroke-width="0.5"><title>%s</title></rect>`,
		n(bx), n(by), n(w), n(h), x.fill(si), esc(tip))
}

// vbar draws vertical grouped or stacked bars.
func (x *chartCtx) vbar(stacked bool) (float64, float64, bool) {
	c := x.c
	ns := len(c.Series)
	cats, e, ok := x.barExtent(stacked)
	if !ok {
		return 0, 0, false
	}
	x.definePatterns(ns)
	// 14: room for the labels over the tallest bars.
	f := x.columnFrame(e, cats, 12, swatchFill, 14)
	sc, left, right, band := f.sc, f.left, f.right, f.band
	zero := sc.at(0)

	x.printf(`<g class="bars">`)
	groupW := band * 0.78
	barW := groupW / float64(ns)
	if stacked {
		barW = band * 0.62
	}
	for i := range cats {
		gx := left + band*float64(i) + (band-groupW)/2
		up, down := 0.0, 0.0
		for si, s := range c.Series {
			v, ok := value(s, i)
			if !ok {
				continue
			}
			var bx, y0, y1 float64
			if stacked {
				bx = left + band*float64(i) + (band-barW)/2
				if v >= 0 {
					y0, y1 = sc.at(up), sc.at(up+v)
					up += v
				} else {
					y0, y1 = sc.at(down), sc.at(down+v)
					down += v
				}
			} else {
				bx = gx + barW*float64(si)
				y0, y1 = zero, sc.at(v)
			}
			ytop, h := math.Min(y0, y1), math.Abs(y1-y0)
			x.barRect(s, si, i, v, bx, ytop, math.Max(barW-1, 0.5), h)
			lbl := x.fmtValue(v)
			lw := textW(lbl, fontValue)
			switch {
			case stacked && h >= 14 && lw+4 <= barW:
				x.valueText(bx+barW/2, ytop+h/2+4, "middle", lbl)
			case !stacked && lw+2 <= barW:
				ly := y1 - 4
				if v < 0 {
					ly = y1 + 12
				}
				x.valueText(bx+barW/2, ly, "middle", lbl)
			}
		}
		if stacked && ns > 1 && up > 0 {
			lbl := x.fmtValue(up)
			if textW(lbl, fontValue) <= band {
				x.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="%s" font-weight="700">%s</text>`,
					n(left+band*(float64(i)+0.5)), n(sc.at(up)-4), n(fontValue), esc(lbl))
			}
		}
	}
	x.printf(`</g>`)
	x.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#222" stroke-width="1.2"/>`, n(left), n(zero), n(right), n(zero))
	if x.hasTarget() {
		x.targetH(sc.at(c.Target.Value), left, right)
	}
	return x.columnAxis(f, cats)
}

// columns is the frame of a chart with its categories across and its
// values up (vbar, line).
type columns struct {
	sc                                    scale
	left, right, plotW, band, top, bottom float64
}

// columnFrame lays out a column chart over the values of e: the value
// scale, a left margin for its tick labels and the y title, a right
// margin of pad (and the target's), room for rotated category labels,
// the legend drawn with swatch, headroom above the plot; and draws the
// y axis.
func (x *chartCtx) columnFrame(e extent, cats int, pad float64, swatch int, headroom float64) columns {
	c := x.c
	sc := niceScale(e.lo, e.hi, c.Range, 5, c.ValueKind)
	ts, ls, tw := x.tickLabels(sc, c.ValueKind)
	left := 10 + tw + 8
	if c.YLabel != "" {
		left += 20
	}
	right := chartW - pad
	if x.hasTarget() {
		right -= targetW
	}
	left = x.fitRotated(cats, left, right)
	plotW := right - left
	top := 10.0
	top += x.legend(left, top, plotW, swatch)
	top += headroom
	sc.p0, sc.p1 = top+plotH, top
	x.yAxis(sc, ts, ls, left, right, c.YLabel, 16)
	return columns{sc: sc, left: left, right: right, plotW: plotW, band: plotW / float64(cats), top: top, bottom: top + plotH}
}

// columnAxis draws a column chart's category labels and x title under f,
// and returns the chart's size.
func (x *chartCtx) columnAxis(f columns, cats int) (float64, float64, bool) {
	h := f.bottom + x.categoryAxis(cats, f.left, f.band, f.bottom, false)
	if x.c.XLabel != "" {
		x.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="%s">%s</text>`, n((f.left+f.right)/2), n(h+14), n(fontLabel), esc(cut(x.c.XLabel, f.plotW, fontLabel)))
		h += 20
	}
	return chartW, h + 8, true
}

// valueText writes a value label with a white halo, readable on any fill.
func (x *chartCtx) valueText(cx, y float64, anchor, s string) {
	x.printf(`<text x="%s" y="%s" text-anchor="%s" font-size="%s" stroke="#fff" stroke-width="3" paint-order="stroke">%s</text>`,
		n(cx), n(y), anchor, n(fontValue), esc(s))
}

// hbar draws horizontal grouped bars, categories down the left.
func (x *chartCtx) hbar() (float64, float64, bool) {
	c := x.c
	ns := len(c.Series)
	cats, e, ok := x.barExtent(false)
	if !ok {
		return 0, 0, false
	}
	widestVal := 0.0
	for _, s := range c.Series {
		for i := range cats {
			if v, ok := value(s, i); ok {
				widestVal = math.Max(widestVal, textW(x.fmtValue(v), fontValue))
			}
		}
	}
	labelW := 0.0
	for i := range cats {
		labelW = math.Max(labelW, textW(cut(x.label(i), chartW*0.32, fontTick), fontTick))
	}
	left := 10 + labelW + 8
	if c.XLabel != "" {
		left += 20
	}
	right := chartW - 12 - math.Min(widestVal+6, 90)
	if e.lo < 0 {
		left += math.Min(widestVal+6, 90)
	}
	sc := niceScale(e.lo, e.hi, c.Range, 5, c.ValueKind)
	sc.p0, sc.p1 = left, right
	x.definePatterns(ns)
	top := 10.0
	top += x.legend(left, top, right-left, swatchFill)
	if x.hasTarget() {
		top += 14
	}
	band := math.Max(26, float64(ns)*16+8)
	plotHt := band * float64(cats)
	bottom := top + plotHt
	ts, ls, _ := x.tickLabels(sc, c.ValueKind)
	x.printf(`<g class="x-axis" font-size="%s">`, n(fontTick))
	for i, t := range ts {
		px := sc.at(t)
		x.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#d9d9d9"/>`, n(px), n(top), n(px), n(bottom))
		x.printf(`<text x="%s" y="%s" text-anchor="middle">%s</text>`, n(px), n(bottom+16), esc(ls[i]))
	}
	x.printf(`</g>`)
	zero := sc.at(0)
	barH := (band - 8) / float64(ns)
	x.printf(`<g class="y-labels" font-size="%s">`, n(fontTick))
	for i := range cats {
		cy := top + band*(float64(i)+0.5)
		x.printf(`<text x="%s" y="%s" text-anchor="end">%s</text>`, n(left-8-boolF(e.lo < 0, math.Min(widestVal+6, 90))), n(cy+4), esc(cut(x.label(i), chartW*0.32, fontTick)))
	}
	x.printf(`</g><g class="bars">`)
	for i := range cats {
		y0 := top + band*float64(i) + 4
		for si, s := range c.Series {
			v, ok := value(s, i)
			if !ok {
				continue
			}
			px := sc.at(v)
			by := y0 + barH*float64(si)
			x.barRect(s, si, i, v, math.Min(zero, px), by, math.Abs(px-zero), math.Max(barH-1, 0.5))
			if barH >= 10 {
				if v >= 0 {
					x.valueText(px+4, by+barH/2+4, "start", x.fmtValue(v))
				} else {
					x.valueText(px-4, by+barH/2+4, "end", x.fmtValue(v))
				}
			}
		}
	}
	x.printf(`</g>`)
	x.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#222" stroke-width="1.2"/>`, n(zero), n(top), n(zero), n(bottom))
	if x.hasTarget() {
		t := c.Target
		px := sc.at(t.Value)
		label := x.targetLabel()
		x.printf(`<g class="target"><line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#222" stroke-width="1.5" stroke-dasharray="8 4"/>`, n(px), n(top-4), n(px), n(bottom))
		x.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="%s" font-weight="600">%s</text></g>`, n(px), n(top-8), n(fontValue), esc(cut(label+": "+t.Better.Sign()+x.fmtValue(t.Value), chartW/2, fontValue)))
	}
	return chartW, x.axisTitles(c.YLabel, c.XLabel, left, right, top, bottom, plotHt, 12), true
}

func boolF(b bool, v float64) float64 {
	if b {
		return v
	}
	return 0
}

// seriesExtent is the extent of the values of every series at the first
// cats labels (the values present only).
func seriesExtent(series []Series, cats int) extent {
	var e extent
	for _, s := range series {
		for i := range cats {
			if v, ok := value(s, i); ok {
				e.add(v)
			}
		}
	}
	return e
}

// line draws one line per series over the labels.
func (x *chartCtx) line() (float64, float64, bool) {
	c := x.c
	cats := x.categories()
	if cats == 0 || len(c.Series) == 0 {
		return 0, 0, false
	}
	e := seriesExtent(c.Series, cats)
	if !e.any {
		return 0, 0, false
	}
	if x.hasTarget() {
		e.add(c.Target.Value)
	}
	if e.lo > 0 && e.lo <= e.hi*0.35 {
		e.add(0) // near-zero data reads better from zero
	}
	f := x.columnFrame(e, cats, 16, swatchLine, 10)
	sc, left, right, band, bottom := f.sc, f.left, f.right, f.band, f.bottom
	x.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#222" stroke-width="1.2"/>`, n(left), n(bottom), n(right), n(bottom))
	if x.hasTarget() {
		x.targetH(sc.at(c.Target.Value), left, right)
	}
	px := func(i int) float64 { return left + band*(float64(i)+0.5) }
	r := 4.5
	if band < 14 {
		r = 3
	}
	for si, s := range c.Series {
		col := seriesColor(si)
		var d strings.Builder
		pen := false
		for i := range cats {
			v, ok := value(s, i)
			if !ok {
				pen = false
				continue
			}
			if pen {
				d.WriteString("L")
			} else {
				d.WriteString("M")
			}
			d.WriteString(n(px(i)) + " " + n(sc.at(v)))
			pen = true
		}
		x.printf(`<g class="series"><path d="%s" fill="none" stroke="%s" stroke-width="2.5" stroke-linejoin="round"%s/>`, d.String(), col, dashAttr(si))
		for i := range cats {
			v, ok := value(s, i)
			if !ok {
				continue
			}
			tip := seriesName(s, si, x.L) + " · " + x.label(i) + ": " + x.fmtValue(v)
			x.printf(`<path d="%s" fill="%s" stroke="#222" stroke-width="0.6"><title>%s</title></path>`, markerPath(si, px(i), sc.at(v), r), col, esc(tip))
		}
		x.printf(`</g>`)
	}
	// Label the last value of each series when there are few of them.
	if len(c.Series) <= 4 {
		for _, s := range c.Series {
			for i := cats - 1; i >= 0; i-- {
				if v, ok := value(s, i); ok {
					x.valueText(px(i), sc.at(v)-9, "middle", x.fmtValue(v))
					break
				}
			}
		}
	}
	return x.columnAxis(f, cats)
}

// box is a placed label, for collision checks.
type box struct{ x0, y0, x1, y1 float64 }

func (a box) overlaps(b box) bool { return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1 }

const maxLabelledPoints = 300

// scatter draws points, optionally over four labelled quadrants.
func (x *chartCtx) scatter() (float64, float64, bool) {
	c := x.c
	var ex, ey extent
	total := 0
	for _, s := range c.Series {
		for _, p := range s.Points {
			if finite(p.X) && finite(p.Y) {
				ex.add(p.X)
				ey.add(p.Y)
				total++
			}
		}
	}
	if total == 0 {
		return 0, 0, false
	}
	q := c.Quadrants
	if q != nil {
		ex.add(q.X)
		ey.add(q.Y)
	}
	sy := niceScale(ey.lo, ey.hi, c.Range, 5, c.ValueKind)
	sx := niceScale(ex.lo, ex.hi, c.XRange, 5, c.ValueKind)
	tsy, lsy, tw := x.tickLabels(sy, c.ValueKind)
	tsx, lsx, _ := x.tickLabels(sx, c.ValueKind)
	left := 10 + tw + 8
	if c.YLabel != "" {
		left += 20
	}
	right := chartW - 16
	top := 10.0
	top += x.legend(left, top, right-left, swatchMarker)
	const h = 400.0
	bottom := top + h
	sy.p0, sy.p1 = bottom, top
	sx.p0, sx.p1 = left, right
	if q != nil && finite(q.X) && finite(q.Y) {
		qx, qy := sx.at(q.X), sy.at(q.Y)
		tints := [4]string{"#eaf2fa", "#fcefe0", "#f3f3f3", "#e6f4ee"}
		rects := [4]box{{left, top, qx, qy}, {qx, top, right, qy}, {left, qy, qx, bottom}, {qx, qy, right, bottom}}
		names := [4]string{q.TopLeft, q.TopRight, q.BottomLeft, q.BottomRight}
		x.printf(`<g class="quadrants">`)
		for i, r := range rects {
			x.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, n(r.x0), n(r.y0), n(r.x1-r.x0), n(r.y1-r.y0), tints[i])
		}
		x.printf(`</g>`)
		x.scatterGrid(sx, sy, tsx, lsx, tsy, lsy, left, right, top, bottom)
		x.printf(`<g class="thresholds" stroke="#333" stroke-width="1.5" stroke-dasharray="6 4"><line x1="%s" y1="%s" x2="%s" y2="%s"/><line x1="%s" y1="%s" x2="%s" y2="%s"/></g>`,
			n(qx), n(top), n(qx), n(bottom), n(left), n(qy), n(right), n(qy))
		x.printf(`<g class="quadrant-labels" font-size="%s" font-weight="700" fill="#444">`, n(fontLabel))
		for i, r := range rects {
			if names[i] == "" || r.x1-r.x0 < 30 || r.y1-r.y0 < 20 {
				continue
			}
			lbl := esc(cut(names[i], r.x1-r.x0-12, fontLabel))
			if i%2 == 0 {
				x.printf(`<text x="%s" y="%s">%s</text>`, n(r.x0+6), n(boolF(i < 2, r.y0+18)+boolF(i >= 2, r.y1-8)), lbl)
			} else {
				x.printf(`<text x="%s" y="%s" text-anchor="end">%s</text>`, n(r.x1-6), n(boolF(i < 2, r.y0+18)+boolF(i >= 2, r.y1-8)), lbl)
			}
		}
		x.printf(`</g>`)
	} else {
		x.scatterGrid(sx, sy, tsx, lsx, tsy, lsy, left, right, top, bottom)
	}
	var placed []box
	for _, s := range c.Series {
		for _, p := range s.Points {
			if finite(p.X) && finite(p.Y) {
				px, py := sx.at(p.X), sy.at(p.Y)
				placed = append(placed, box{px - 5, py - 5, px + 5, py + 5})
			}
		}
	}
	labels := total <= maxLabelledPoints
	x.printf(`<g class="points">`)
	for si, s := range c.Series {
		col := seriesColor(si)
		for _, p := range s.Points {
			if !finite(p.X) || !finite(p.Y) {
				continue
			}
			px, py := sx.at(p.X), sy.at(p.Y)
			tip := p.Label
			if tip != "" {
				tip += ": "
			}
			tip += x.fmtValue(p.X) + "; " + x.fmtValue(p.Y)
			x.printf(`<path d="%s" fill="%s" stroke="#222" stroke-width="0.8"><title>%s</title></path>`, markerPath(si, px, py, 6), col, esc(tip))
			if !labels || p.Label == "" {
				continue
			}
			lbl := cut(p.Label, 130, fontValue)
			lw := textW(lbl, fontValue)
			cands := []struct {
				b      box
				tx, ty float64
				anchor string
			}{
				{box{px + 8, py - 7, px + 8 + lw, py + 5}, px + 8, py + 4, "start"},
				{box{px - 8 - lw, py - 7, px - 8, py + 5}, px - 8, py + 4, "end"},
				{box{px - lw/2, py - 20, px + lw/2, py - 8}, px, py - 10, "middle"},
				{box{px - lw/2, py + 8, px + lw/2, py + 20}, px, py + 18, "middle"},
			}
			pick := -1
			for ci, cd := range cands {
				if cd.b.x0 < left || cd.b.x1 > right || cd.b.y0 < top || cd.b.y1 > bottom {
					continue
				}
				free := true
				for _, o := range placed {
					if o.overlaps(cd.b) && !(o.x0 == px-5 && o.y0 == py-5) {
						free = false
						break
					}
				}
				if free {
					pick = ci
					break
				}
			}
			if pick < 0 {
				continue // the point keeps its tooltip and its row in the table
			}
			cd := cands[pick]
			placed = append(placed, cd.b)
			x.valueText(cd.tx, cd.ty, cd.anchor, lbl)
		}
	}
	x.printf(`</g>`)
	return chartW, x.axisTitles(c.XLabel, c.YLabel, left, right, top, bottom, h, 14), true
}

// axisTitles writes the titles of a chart whose plot spans left..right and
// top..bottom: under, centred below the axis labels (its baseline gap below
// them), and side, rotated at the left edge and cut to sideLen. It returns
// the chart's height.
func (x *chartCtx) axisTitles(under, side string, left, right, top, bottom, sideLen, gap float64) float64 {
	h := bottom + 22
	if under != "" {
		x.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="%s">%s</text>`, n((left+right)/2), n(h+gap), n(fontLabel), esc(cut(under, right-left, fontLabel)))
		h += 20
	}
	if side != "" {
		x.printf(`<text transform="translate(16 %s) rotate(-90)" text-anchor="middle" font-size="%s">%s</text>`, n((top+bottom)/2), n(fontLabel), esc(cut(side, sideLen, fontLabel)))
	}
	return h + 6
}

func (x *chartCtx) scatterGrid(sx, sy scale, tsx []float64, lsx []string, tsy []float64, lsy []string, left, right, top, bottom float64) {
	x.printf(`<g class="grid" font-size="%s">`, n(fontTick))
	for i, t := range tsy {
		y := sy.at(t)
		x.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#d0d0d0" stroke-opacity="0.8"/>`, n(left), n(y), n(right), n(y))
		x.printf(`<text x="%s" y="%s" text-anchor="end">%s</text>`, n(left-6), n(y+4), esc(lsy[i]))
	}
	for i, t := range tsx {
		px := sx.at(t)
		x.printf(`<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="#d0d0d0" stroke-opacity="0.8"/>`, n(px), n(top), n(px), n(bottom))
		x.printf(`<text x="%s" y="%s" text-anchor="middle">%s</text>`, n(px), n(bottom+16), esc(lsx[i]))
	}
	x.printf(`</g><rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#222"/>`, n(left), n(top), n(right-left), n(bottom-top))
}

// heatmap draws one row per series and one column per label.
func (x *chartCtx) heatmap() (float64, float64, bool) {
	c := x.c
	cols := x.categories()
	rows := len(c.Series)
	if cols == 0 || rows == 0 {
		return 0, 0, false
	}
	e := seriesExtent(c.Series, cols)
	if !e.any {
		return 0, 0, false
	}
	lo, hi := math.Min(0, e.lo), e.hi
	if r := c.Range; r != nil && finite(r.Min) && finite(r.Max) && r.Max > r.Min {
		lo, hi = r.Min, r.Max
	}
	if hi <= lo {
		hi = lo + 1
		if !finite(hi) || hi <= lo {
			lo, hi = lo-1, lo
		}
	}
	rowLabelW := 0.0
	for i, s := range c.Series {
		rowLabelW = math.Max(rowLabelW, textW(cut(seriesName(s, i, x.L), chartW*0.3, fontTick), fontTick))
	}
	left := 10 + rowLabelW + 8
	// Cells are wide enough to print their values: colour is never the
	// only cue. Many columns widen the figure instead.
	valueW := 0.0
	for _, s := range c.Series {
		for i := range cols {
			if v, ok := value(s, i); ok {
				valueW = math.Max(valueW, textW(x.fmtValue(v), fontValue))
			}
		}
	}
	colW := math.Max(math.Max(28, valueW+8), math.Min(110, (chartW-12-left)/float64(cols)))
	width := math.Max(chartW, left+colW*float64(cols)+12)
	widest := 0.0
	for i := range cols {
		widest = math.Max(widest, textW(cut(x.label(i), 130, fontTick), fontTick))
	}
	rotate := widest > colW-6
	top := 10.0
	if c.XLabel != "" {
		x.printf(`<text x="%s" y="%s" text-anchor="middle" font-size="%s" font-weight="600">%s</text>`, n(left+colW*float64(cols)/2), n(top+12), n(fontLabel), esc(cut(c.XLabel, colW*float64(cols), fontLabel)))
		top += 22
	}
	headH := 22.0
	if rotate {
		headH = widest*0.71 + 14
	}
	gridTop := top + headH
	if c.YLabel != "" {
		x.printf(`<text x="10" y="%s" font-size="%s" font-weight="600">%s</text>`, n(gridTop-8), n(fontLabel), esc(cut(c.YLabel, left-14, fontLabel)))
	}
	x.printf(`<g class="col-labels" font-size="%s">`, n(fontTick))
	for i := range cols {
		cx := left + colW*(float64(i)+0.5)
		lbl := esc(cut(x.label(i), 130, fontTick))
		if rotate {
			x.printf(`<text transform="translate(%s %s) rotate(-45)">%s</text>`, n(cx-2), n(gridTop-6), lbl)
		} else {
			x.printf(`<text x="%s" y="%s" text-anchor="middle">%s</text>`, n(cx), n(gridTop-8), lbl)
		}
	}
	x.printf(`</g>`)
	fmt.Fprintf(&x.defs, `<pattern id="%s--na" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><rect width="1.5" height="6" fill="#bbb"/></pattern>`, x.id)
	const rowH = 32.0
	bin := func(v float64) int {
		f := (v/2 - lo/2) / (hi/2 - lo/2)
		return min(max(int(f*float64(len(heatColors))), 0), len(heatColors)-1)
	}
	x.printf(`<g class="cells" font-size="%s">`, n(fontValue))
	for ri, s := range c.Series {
		y := gridTop + rowH*float64(ri)
		x.printf(`<text x="%s" y="%s" text-anchor="end" font-size="%s">%s</text>`, n(left-8), n(y+rowH/2+4), n(fontTick), esc(cut(seriesName(s, ri, x.L), chartW*0.3, fontTick)))
		for ci := range cols {
			cx := left + colW*float64(ci)
			v, ok := value(s, ci)
			fill, ink, lbl := "url(#"+x.id+"--na)", "#222", na
			if ok {
				b := bin(v)
				fill, lbl = heatColors[b], x.fmtValue(v)
				if b >= 3 {
					ink = "#fff"
				}
			}
			tip := seriesName(s, ri, x.L) + " · " + x.label(ci) + ": " + lbl
			x.printf(`<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="#fff" stroke-width="2"><title>%s</title></rect>`, n(cx), n(y), n(colW), n(rowH), fill, esc(tip))
			if textW(lbl, fontValue) <= colW-4 {
				x.printf(`<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, n(cx+colW/2), n(y+rowH/2+4), ink, esc(lbl))
			}
		}
	}
	x.printf(`</g>`)
	// Legend: the five bins with their ranges.
	ly := gridTop + rowH*float64(rows) + 14
	x.printf(`<g class="legend" font-size="%s"><text x="10" y="%s">%s</text>`, n(fontTick), n(ly+11), esc(x.L.T("Escala:", "Scale:")))
	lx := 10 + textW(x.L.T("Escala:", "Scale:"), fontTick) + 10
	step := (hi/2 - lo/2) * 2 / float64(len(heatColors))
	if !finite(step) {
		step = hi/float64(len(heatColors)) - lo/float64(len(heatColors))
	}
	dec := x.dec
	if step < 1 && x.c.ValueKind != KindPercent {
		dec = max(dec, 1)
	}
	ly2 := ly
	for i, col := range heatColors {
		a, b := lo+step*float64(i), lo+step*float64(i+1)
		if i == len(heatColors)-1 {
			b = hi
		}
		txt := fmtNum(a, x.c.ValueKind, dec, x.L) + "–" + fmtNum(b, x.c.ValueKind, dec, x.L)
		iw := 20 + textW(txt, fontTick) + 14
		if lx+iw > width-8 {
			lx, ly2 = 10, ly2+20
		}
		x.printf(`<rect x="%s" y="%s" width="16" height="14" fill="%s" stroke="#555" stroke-width="0.6"/><text x="%s" y="%s">%s</text>`, n(lx), n(ly2), col, n(lx+20), n(ly2+11), esc(txt))
		lx += iw
	}
	x.printf(`<rect x="%s" y="%s" width="16" height="14" fill="url(#%s--na)" stroke="#555" stroke-width="0.6"/><text x="%s" y="%s">%s</text></g>`,
		n(10.0), n(ly2+20), x.id, n(30.0), n(ly2+31), esc(na+" "+x.L.T("sin dato", "no data")))
	return width, ly2 + 44, true
}

// describe is the chart's text alternative: what kind of chart, how much
// data, the value range, then the author's description.
func (x *chartCtx) describe() string {
	c, L := x.c, x.L
	var kind string
	switch c.Kind {
	case ChartBar:
		kind = L.T("Gráfico de barras verticales", "Vertical bar chart")
	case ChartHBar:
		kind = L.T("Gráfico de barras horizontales", "Horizontal bar chart")
	case ChartStacked:
		kind = L.T("Gráfico de barras apiladas", "Stacked bar chart")
	case ChartLine:
		kind = L.T("Gráfico de líneas", "Line chart")
	case ChartScatter:
		kind = L.T("Gráfico de dispersión", "Scatter chart")
	case ChartHeatmap:
		kind = L.T("Matriz de calor", "Heat map")
	}
	var b strings.Builder
	b.WriteString(kind)
	names := make([]string, 0, min(len(c.Series), 8))
	for i, s := range c.Series {
		if i == 8 {
			names = append(names, "…")
			break
		}
		names = append(names, seriesName(s, i, L))
	}
	var e extent
	points := 0
	for _, s := range c.Series {
		for _, v := range s.Values {
			e.add(v)
		}
		for _, p := range s.Points {
			if finite(p.X) && finite(p.Y) {
				points++
				e.add(p.Y)
			}
		}
	}
	switch c.Kind {
	case ChartScatter:
		b.WriteString(L.Tf(" con %d puntos", " with %d points", points))
		if len(c.Series) > 1 {
			b.WriteString(L.Tf(" en %d series (%s)", " in %d series (%s)", len(c.Series), strings.Join(names, ", ")))
		}
		if q := c.Quadrants; q != nil {
			b.WriteString(L.Tf(", dividido en cuadrantes por X = %s e Y = %s", ", split into quadrants at X = %s and Y = %s", x.fmtValue(q.X), x.fmtValue(q.Y)))
			var qs []string
			for _, s := range []string{q.TopLeft, q.TopRight, q.BottomLeft, q.BottomRight} {
				if s != "" {
					qs = append(qs, s)
				}
			}
			if len(qs) > 0 {
				b.WriteString(" (" + strings.Join(qs, ", ") + ")")
			}
		}
	case ChartHeatmap:
		b.WriteString(L.Tf(" de %d filas (%s) por %d columnas", " of %d rows (%s) by %d columns", len(c.Series), strings.Join(names, ", "), x.categories()))
	default:
		b.WriteString(L.Tf(" con %d series (%s) y %d categorías", " with %d series (%s) and %d categories", len(c.Series), strings.Join(names, ", "), x.categories()))
	}
	if e.any {
		b.WriteString(L.Tf(". Valores entre %s y %s", ". Values from %s to %s", x.fmtValue(e.lo), x.fmtValue(e.hi)))
	}
	if x.hasTarget() && c.Kind != ChartScatter && c.Kind != ChartHeatmap {
		b.WriteString(L.Tf("; meta en %s%s", "; target at %s%s", c.Target.Better.Sign(), x.fmtValue(c.Target.Value)))
	}
	b.WriteString(".")
	if c.Description != "" {
		b.WriteString(" ")
		b.WriteString(c.Description)
	}
	return b.String()
}

// DataTable builds a data table for c from its labels and series: one row
// per label and one column per series; for a scatter, one row per point
// (series, label, x, y); for a heat map, the matrix as drawn (one row per
// series, one column per label). Its ID is c.ID + "-datos" ("-data" in
// English) when c has an ID. Use it to fill Chart.Table when the chart's
// data needs no other presentation.
func DataTable(c Chart, lang relaciona.Lang) *Table {
	L := normLang(lang)
	t := &Table{Caption: L.Tf("Datos: %s", "Data: %s", c.Title)}
	if c.ID != "" {
		t.ID = c.ID + "-" + L.T("datos", "data")
	}
	kind := c.ValueKind
	if kind != KindInt && kind != KindPercent {
		kind = KindFloat
	}
	mk := func(v float64) Cell {
		switch kind {
		case KindPercent:
			return Percent(v)
		case KindInt:
			if finite(v) && v == math.Trunc(v) && math.Abs(v) < 1<<53 {
				return Int(int64(v))
			}
		}
		if !finite(v) {
			return Empty()
		}
		return Float(v)
	}
	if c.Kind == ChartHeatmap {
		first := c.YLabel
		if first == "" {
			first = L.T("Fila", "Row")
		}
		t.Columns = []Column{{Name: first}}
		cats := (&chartCtx{c: &c}).categories()
		for i := range cats {
			name := (&chartCtx{c: &c}).label(i)
			if name == "" {
				name = L.Tf("Columna %d", "Column %d", i+1)
			}
			t.Columns = append(t.Columns, Column{Name: name, Kind: kind})
		}
		for i, s := range c.Series {
			row := []Cell{Text(seriesName(s, i, L))}
			for j := range cats {
				if j < len(s.Values) {
					row = append(row, mk(s.Values[j]))
				} else {
					row = append(row, Empty())
				}
			}
			t.Rows = append(t.Rows, row)
		}
		return t
	}
	if c.Kind == ChartScatter {
		xn, yn := c.XLabel, c.YLabel
		if xn == "" {
			xn = "X"
		}
		if yn == "" {
			yn = "Y"
		}
		t.Columns = []Column{{Name: L.T("Serie", "Series")}, {Name: L.T("Punto", "Point")}, {Name: xn, Kind: kind}, {Name: yn, Kind: kind}}
		for i, s := range c.Series {
			for _, p := range s.Points {
				t.Rows = append(t.Rows, []Cell{Text(seriesName(s, i, L)), Text(p.Label), mk(p.X), mk(p.Y)})
			}
		}
		return t
	}
	first := c.XLabel
	if first == "" {
		first = L.T("Categoría", "Category")
	}
	t.Columns = []Column{{Name: first}}
	for i, s := range c.Series {
		t.Columns = append(t.Columns, Column{Name: seriesName(s, i, L), Kind: kind})
	}
	cats := (&chartCtx{c: &c}).categories()
	for i := range cats {
		row := []Cell{Text((&chartCtx{c: &c}).label(i))}
		for _, s := range c.Series {
			if i < len(s.Values) {
				row = append(row, mk(s.Values[i]))
			} else {
				row = append(row, Empty())
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}
