package report

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/relaciona/relaciona"
)

// CellType is the type of the value a Cell holds.
type CellType uint8

// The cell types. The zero Cell is CellEmpty.
const (
	CellEmpty CellType = iota
	CellText
	CellInt
	CellFloat
	CellPercent
	CellDate
)

// Cell is one typed value of a Table or a KeyFigure. Build cells with Text,
// Int, Float, FloatN, Percent, PercentN, Date and Empty; the zero Cell is
// empty. Renderers format a cell for the document's language (Format) and
// write its plain value to CSV and XLSX (Raw, typed cells). An empty cell,
// a NaN, an infinity or a zero date shows as "—".
type Cell struct {
	typ  CellType
	prec int8
	s    string
	i    int64
	f    float64
	t    time.Time
}

// Default decimals of Float and Percent cells.
const (
	floatDecimals   = 2
	percentDecimals = 1
	maxDecimals     = 10
)

// Text returns a text cell.
func Text(s string) Cell { return Cell{typ: CellText, s: s} }

// Int returns an integer cell.
func Int(n int64) Cell { return Cell{typ: CellInt, i: n} }

// Float returns a decimal cell shown with two decimals.
func Float(v float64) Cell { return FloatN(v, floatDecimals) }

// FloatN returns a decimal cell shown with decimals decimals (0-10).
func FloatN(v float64, decimals int) Cell {
	return Cell{typ: CellFloat, f: v, prec: clampDecimals(decimals)}
}

// Percent returns a percentage cell from a fraction: Percent(0.452) shows
// as "45,2 %" in Spanish and "45.2%" in English, with one decimal. CSV and
// XLSX keep the fraction (XLSX shows it with a percent format).
func Percent(fraction float64) Cell { return PercentN(fraction, percentDecimals) }

// PercentN is Percent with decimals decimals (0-10).
func PercentN(fraction float64, decimals int) Cell {
	return Cell{typ: CellPercent, f: fraction, prec: clampDecimals(decimals)}
}

// Date returns a date cell, shown as YYYY-MM-DD in the time's own location.
func Date(t time.Time) Cell { return Cell{typ: CellDate, t: t} }

// Day returns a date cell for a calendar day, for callers that hold a
// date as year, month and day (calendar.Date: Day(d.Year, d.Month, d.Day)).
// The zero day (0, 0, 0: a zero calendar.Date) is a missing value. Use it rather than a
// Text cell of the date, which XLSX could only store as text.
func Day(year int, month time.Month, day int) Cell {
	if year == 0 && month == 0 && day == 0 {
		return Empty()
	}
	return Date(time.Date(year, month, day, 0, 0, 0, 0, time.UTC))
}

// Empty returns an empty (not available) cell, shown as "—".
func Empty() Cell { return Cell{} }

func clampDecimals(d int) int8 { return int8(min(max(d, 0), maxDecimals)) }

// Type returns the type of the cell's value.
func (c Cell) Type() CellType { return c.typ }

// IsNA reports whether the cell shows as "not available": empty, a NaN or
// infinite number, or a zero date.
func (c Cell) IsNA() bool {
	switch c.typ {
	case CellEmpty:
		return true
	case CellFloat, CellPercent:
		return !finite(c.f)
	case CellDate:
		return c.t.IsZero()
	}
	return false
}

// Number returns the cell's numeric value (a percent as its fraction) and
// whether it has one that is finite.
func (c Cell) Number() (float64, bool) {
	switch c.typ {
	case CellInt:
		return float64(c.i), true
	case CellFloat, CellPercent:
		return c.f, finite(c.f)
	}
	return 0, false
}

// na is what every renderer shows for a missing value.
const na = "—"

// Format returns the cell as a reader sees it in lang: Spanish uses a
// decimal comma and a thousands dot ("1.234,5"), English a decimal point
// and a thousands comma ("1,234.5"); dates are YYYY-MM-DD in both.
func (c Cell) Format(lang relaciona.Lang) string {
	if c.IsNA() {
		return na
	}
	switch c.typ {
	case CellText:
		return c.s
	case CellInt:
		return formatInt(c.i, lang)
	case CellFloat:
		return formatFloat(c.f, int(c.prec), lang)
	case CellPercent:
		return formatPercent(c.f, int(c.prec), lang)
	case CellDate:
		return c.t.Format(time.DateOnly)
	}
	return na
}

// Raw returns the cell's plain, language-neutral value as CSV writes it:
// text as is, numbers with a decimal point and no grouping, rounded to the
// decimals the cell shows and without trailing zeros (Float(0.95172) is
// "0.95", Float(1234.5) "1234.5"; a percent is its
// fraction with two decimals more than it shows, so Percent(0.95172),
// shown as "95,2 %", is "0.952"), dates as YYYY-MM-DD, and "" for a
// missing value.
func (c Cell) Raw() string {
	if c.IsNA() {
		return ""
	}
	switch c.typ {
	case CellText:
		return c.s
	case CellInt:
		return strconv.FormatInt(c.i, 10)
	case CellFloat:
		return rawFloat(c.f, int(c.prec))
	case CellPercent:
		return rawFloat(c.f, int(c.prec)+2)
	case CellDate:
		return c.t.Format(time.DateOnly)
	}
	return ""
}

// rawFloat writes v rounded to dec decimals, with a decimal point and
// without trailing zeros (1234.50 is "1234.5"), never "-0".
func rawFloat(v float64, dec int) string {
	if math.Abs(v) >= 1e21 {
		return strconv.FormatFloat(v, 'e', -1, 64)
	}
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// separators returns the decimal and thousands separators of lang.
func separators(lang relaciona.Lang) (dec, group byte) {
	if lang == relaciona.English {
		return '.', ','
	}
	return ',', '.'
}

// formatInt formats n with thousands grouping.
func formatInt(n int64, lang relaciona.Lang) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	_, group := separators(lang)
	out := groupDigits(s, group)
	if neg {
		return "-" + out
	}
	return out
}

func groupDigits(digits string, sep byte) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	b.Grow(len(digits) + len(digits)/3)
	first := len(digits) % 3
	if first > 0 {
		b.WriteString(digits[:first])
	}
	for i := first; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(sep)
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// formatFloat formats v with dec decimals, grouped; very large values use
// an exponent. A non-finite v is "—".
func formatFloat(v float64, dec int, lang relaciona.Lang) string {
	if !finite(v) {
		return na
	}
	decSep, group := separators(lang)
	if math.Abs(v) >= 1e15 {
		s := strconv.FormatFloat(v, 'e', min(dec, 3), 64)
		return strings.Replace(s, ".", string(decSep), 1)
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', dec, 64)
	intPart, frac, _ := strings.Cut(s, ".")
	out := groupDigits(intPart, group)
	if frac != "" {
		out += string(decSep) + frac
	}
	if v < 0 && strings.Trim(s, "0.") != "" {
		out = "-" + out
	}
	return out
}

// formatPercent formats a fraction as a percentage.
func formatPercent(frac float64, dec int, lang relaciona.Lang) string {
	s := formatFloat(frac*100, dec, lang)
	if s == na {
		return na
	}
	if lang == relaciona.English {
		return s + "%"
	}
	return s + "\u00a0%"
}

// clean makes s safe to put in any output: valid UTF-8, and no control
// characters (other than tab and newline) or Unicode noncharacters, which
// HTML and XML reject.
func clean(s string) string {
	ok := utf8.ValidString(s)
	if ok {
		for _, r := range s {
			if badRune(r) {
				ok = false
				break
			}
		}
	}
	if ok {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if r == '\r' {
			return '\n'
		}
		if badRune(r) {
			return -1
		}
		return r
	}, s)
}

func badRune(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0xFDD0 && r <= 0xFDEF, r&0xFFFE == 0xFFFE:
		return true
	}
	return false
}
