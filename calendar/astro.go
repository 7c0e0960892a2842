package calendar

import (
	"math"
	"time"
)

// easter returns the date of Easter Sunday of year y in the Gregorian
// calendar, by the anonymous Gregorian computus (Meeus/Jones/Butcher, as given
// in J. Meeus, Astronomical Algorithms, 2nd ed., ch. 8).
func easter(y int) Date {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return Date{Year: y, Month: time.Month(month), Day: day}
}

// juneSolstice returns the instant of the June solstice of year y (the
// winter solstice of the southern hemisphere), in UTC. It follows J. Meeus,
// Astronomical Algorithms, 2nd ed., ch. 27: the mean solstice of table 27.B
// (years 1000 to 3000) corrected by the 24 periodic terms of table 27.C, an
// accuracy of about a minute; then Dynamical Time is turned into Universal
// Time with ΔT (deltaT).
func juneSolstice(y int) time.Time {
	Y := (float64(y) - 2000) / 1000
	jde0 := 2451716.56767 + 365241.62603*Y + 0.00325*Y*Y + 0.00888*Y*Y*Y - 0.00030*Y*Y*Y*Y
	T := (jde0 - 2451545.0) / 36525
	W := deg(35999.373*T - 2.47)
	dl := 1 + 0.0334*math.Cos(W) + 0.0007*math.Cos(2*W)
	var S float64
	for _, p := range solsticeTerms {
		S += p[0] * math.Cos(deg(p[1]+p[2]*T))
	}
	jde := jde0 + 0.00001*S/dl
	// Julian day 2440587.5 is 1970-01-01T00:00 UTC.
	secs := (jde-2440587.5)*86400 - deltaT(float64(y)+0.47)
	whole := math.Floor(secs)
	return time.Unix(int64(whole), int64((secs-whole)*1e9)).UTC()
}

func deg(x float64) float64 { return x * math.Pi / 180 }

// solsticeTerms is Meeus' table 27.C: A, B (degrees), C (degrees per century).
var solsticeTerms = [24][3]float64{
	{485, 324.96, 1934.136}, {203, 337.23, 32964.467}, {199, 342.08, 20.186},
	{182, 27.85, 445267.112}, {156, 73.14, 45036.886}, {136, 171.52, 22518.443},
	{77, 222.54, 65928.934}, {74, 296.72, 3034.906}, {70, 243.58, 9037.513},
	{58, 119.81, 33718.147}, {52, 297.17, 150.678}, {50, 21.02, 2281.226},
	{45, 247.54, 29929.562}, {44, 325.15, 31555.956}, {29, 60.93, 4443.417},
	{18, 155.12, 67555.328}, {17, 288.79, 4562.452}, {16, 198.04, 62894.029},
	{14, 199.76, 31436.921}, {12, 95.39, 14577.848}, {12, 287.11, 31931.756},
	{12, 320.81, 34777.259}, {9, 227.73, 1222.114}, {8, 15.45, 16859.074},
}

// deltaT returns TT − UT in seconds for the decimal year y, by the
// polynomials of Espenak and Meeus (NASA, "Polynomial expressions for Delta
// T"). Beyond 2050 the value is an extrapolation, uncertain by minutes a
// century ahead; it only matters when a solstice falls within that margin of
// midnight in Chile.
func deltaT(y float64) float64 {
	switch {
	case y < 1986:
		t := y - 1975
		return 45.45 + 1.067*t - t*t/260 - t*t*t/718
	case y < 2005:
		t := y - 2000
		return 63.86 + 0.3345*t - 0.060374*t*t + 0.0017275*t*t*t + 0.000651814*t*t*t*t + 0.00002373599*t*t*t*t*t
	case y < 2050:
		t := y - 2000
		return 62.92 + 0.32217*t + 0.005589*t*t
	case y < 2150:
		u := (y - 1820) / 100
		return -20 + 32*u*u - 0.5628*(2150-y)
	default:
		u := (y - 1820) / 100
		return -20 + 32*u*u
	}
}

// chileJuneOffset is the UTC offset, in seconds, of continental Chile
// (America/Santiago) in June of year y: UTC−4 (winter time), except in 2015,
// when Chile kept UTC−3 all year. The table is fixed here rather than read
// from the system's time-zone database, so that a deadline does not depend
// on the machine that computes it; a test checks it against the IANA
// database for every supported year.
func chileJuneOffset(y int) int {
	if y == 2015 {
		return -3 * 3600
	}
	return -4 * 3600
}

// chileWinterSolstice returns the civil date, in continental Chile, of the
// winter solstice of year y.
func chileWinterSolstice(y int) Date {
	t := juneSolstice(y)
	return DateOf(t.In(time.FixedZone("Chile", chileJuneOffset(y))))
}
