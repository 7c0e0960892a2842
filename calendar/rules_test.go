package calendar

import (
	"math"
	"testing"
	"time"
	_ "time/tzdata" // the IANA database, so the Chile offset check always runs

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dateOf returns the dates on which the holiday called name is observed in
// year y.
func datesOf(t *testing.T, c Country, y int, name string) []string {
	t.Helper()
	cal, err := New(c, Options{})
	require.NoError(t, err)
	hs, err := cal.Holidays(y)
	require.NoError(t, err)
	var out []string
	for _, h := range hs {
		if h.Name == name {
			out = append(out, h.Date.String())
		}
	}
	return out
}

type ruleCase struct {
	year int
	want []string // nil: not a holiday that year
}

func checkRule(t *testing.T, c Country, name string, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		assert.Equal(t, tc.want, datesOf(t, c, tc.year, name), "%s %q in %d", c, name, tc.year)
	}
}

func d(s string) []string { return []string{s} }

func TestEasterComputus(t *testing.T) {
	want := map[int]string{
		1984: "1984-04-22", 1990: "1990-04-15", 2000: "2000-04-23", 2008: "2008-03-23",
		2011: "2011-04-24", 2019: "2019-04-21", 2024: "2024-03-31", 2025: "2025-04-20",
		2026: "2026-04-05", 2027: "2027-03-28", 2038: "2038-04-25", 2100: "2100-03-28",
		2160: "2160-03-23", 2285: "2285-03-22",
	}
	for y, w := range want {
		assert.Equal(t, w, easter(y).String(), "Easter %d", y)
	}
	for y := MinYear; y <= MaxYear; y++ {
		e := easter(y)
		require.Equal(t, time.Sunday, e.Weekday(), "%d", y)
		require.True(t, !e.Before(Date{y, time.March, 22}) && !e.After(Date{y, time.April, 25}), "%d: %s", y, e)
	}
}

// Ley 51 de 1983: Jan 6, Mar 19, Jun 29, Aug 15, Oct 12, Nov 1 and Nov 11 move
// to the following Monday unless they fall on one.
func TestRuleCOLey51MovesToNextMonday(t *testing.T) {
	checkRule(t, Colombia, "Día de los Reyes Magos", []ruleCase{
		{2025, d("2025-01-06")}, // Monday: stays
		{2026, d("2026-01-12")}, // Tuesday
		{2029, d("2029-01-08")}, // Saturday
		{2030, d("2030-01-07")}, // Sunday
	})
	checkRule(t, Colombia, "Día de San José", []ruleCase{{2026, d("2026-03-23")}, {2029, d("2029-03-19")}})
	checkRule(t, Colombia, "San Pedro y San Pablo", []ruleCase{{2024, d("2024-07-01")}, {2026, d("2026-06-29")}})
	checkRule(t, Colombia, "La Asunción de la Virgen", []ruleCase{{2026, d("2026-08-17")}})
	checkRule(t, Colombia, "Día de la Raza", []ruleCase{{2024, d("2024-10-14")}, {2026, d("2026-10-12")}})
	checkRule(t, Colombia, "Día de Todos los Santos", []ruleCase{{2026, d("2026-11-02")}})
	checkRule(t, Colombia, "Independencia de Cartagena", []ruleCase{{2025, d("2025-11-17")}, {2024, d("2024-11-11")}})
	// The fixed ones do not move.
	checkRule(t, Colombia, "Día de la Independencia", []ruleCase{{2025, d("2025-07-20")}})
	checkRule(t, Colombia, "La Inmaculada Concepción", []ruleCase{{2026, d("2026-12-08")}})
}

// Ley 2578 de 2026: Virgen de Chiquinquirá, Jul 9 moved to Monday, from 2026.
func TestRuleCOChiquinquiraFrom2026(t *testing.T) {
	checkRule(t, Colombia, "Virgen de Chiquinquirá", []ruleCase{
		{2025, nil},
		{2026, d("2026-07-13")},
		{2030, d("2030-07-15")}, // Tuesday Jul 9
		{2035, d("2035-07-09")}, // a Monday
	})
}

// Holy Thursday and Good Friday are not moved; Ascension, Corpus Christi and
// Sacred Heart are the Mondays Easter+43, +64, +71.
func TestRuleCOEasterBased(t *testing.T) {
	checkRule(t, Colombia, "Jueves Santo", []ruleCase{{2026, d("2026-04-02")}, {2024, d("2024-03-28")}})
	checkRule(t, Colombia, "Viernes Santo", []ruleCase{{2026, d("2026-04-03")}})
	checkRule(t, Colombia, "Ascensión del Señor", []ruleCase{{2026, d("2026-05-18")}})
	checkRule(t, Colombia, "Corpus Christi", []ruleCase{{2026, d("2026-06-08")}})
	checkRule(t, Colombia, "Sagrado Corazón de Jesús", []ruleCase{{2026, d("2026-06-15")}})
	cal, _ := New(Colombia, Options{})
	for y := MinYear; y <= MaxYear; y++ {
		hs, _ := cal.Holidays(y)
		for _, h := range hs {
			switch h.Name {
			case "Ascensión del Señor", "Corpus Christi", "Sagrado Corazón de Jesús", "Día de San José", "San Pedro y San Pablo":
				require.Equal(t, time.Monday, h.Date.Weekday(), "%s %s", h.Name, h.Date)
			}
		}
	}
}

// Ley 19.668: Jun 29 and Oct 12 on Tue-Thu move to that week's Monday, on a
// Friday to the next Monday; before 2000 they stayed on their date.
func TestRuleCLLey19668(t *testing.T) {
	checkRule(t, Chile, "San Pedro y San Pablo", []ruleCase{
		{2021, d("2021-06-28")}, // Tuesday
		{2022, d("2022-06-27")}, // Wednesday
		{2023, d("2023-06-26")}, // Thursday
		{2018, d("2018-07-02")}, // Friday
		{2024, d("2024-06-29")}, // Saturday: stays
		{2025, d("2025-06-29")}, // Sunday: stays
		{2026, d("2026-06-29")}, // Monday: stays
		{1999, d("1999-06-29")}, // Tuesday, before the law
		{1985, nil},             // not a holiday until Ley 18.432
	})
	checkRule(t, Chile, "Encuentro de Dos Mundos", []ruleCase{
		{2021, d("2021-10-11")}, // Tuesday
		{2023, d("2023-10-09")}, // Thursday
		{2018, d("2018-10-15")}, // Friday
		{2025, d("2025-10-12")}, // Sunday
	})
	checkRule(t, Chile, "Día de la Raza", []ruleCase{{1995, d("1995-10-12")}, {2000, nil}})
}

// Ley 20.299: Oct 31 from 2008; on a Tuesday to the Friday before, on a
// Wednesday to the Friday after.
func TestRuleCLLey20299(t *testing.T) {
	name := "Día Nacional de las Iglesias Evangélicas y Protestantes"
	checkRule(t, Chile, name, []ruleCase{
		{2007, nil},
		{2008, d("2008-10-31")}, // Friday
		{2023, d("2023-10-27")}, // Tuesday
		{2018, d("2018-11-02")}, // Wednesday
		{2024, d("2024-10-31")}, // Thursday: stays
		{2026, d("2026-10-31")}, // Saturday: stays
	})
}

// Ley 20.215: Sep 17 is a holiday when a Monday, Sep 20 when a Friday.
func TestRuleCLSep17MondaySep20Friday(t *testing.T) {
	checkRule(t, Chile, "Fiestas Patrias", []ruleCase{
		{2018, d("2018-09-17")}, // Monday
		{2029, d("2029-09-17")}, // Monday
		{2019, d("2019-09-20")}, // Friday
		{2024, d("2024-09-20")}, // Friday
		{2025, nil},
		{2026, nil},
		{2001, nil}, // 2001-09-17 was a Monday, before the law
	})
}

// Ley 20.983: Sep 17 is a holiday when a Friday (from 2017), and Jan 2 when
// Jan 1 is a Sunday.
func TestRuleCLSep17FridayAndJan2(t *testing.T) {
	checkRule(t, Chile, "Fiestas Patrias", []ruleCase{
		{2021, d("2021-09-17")},
		{2027, d("2027-09-17")},
		{2010, nil}, // before the law (2010's was a one-off law, not a rule)
	})
	checkRule(t, Chile, "Feriado de Año Nuevo", []ruleCase{
		{2017, d("2017-01-02")},
		{2023, d("2023-01-02")},
		{2034, d("2034-01-02")},
		{2012, nil}, // Sunday Jan 1, before the law
		{2024, nil},
	})
}

// Ley 21.357: the Día Nacional de los Pueblos Indígenas is the day of the
// winter solstice in Chile, from 2021 (that year on Jun 21 by its
// transitory article).
func TestRuleCLPueblosIndigenasWinterSolstice(t *testing.T) {
	name := "Día Nacional de los Pueblos Indígenas"
	checkRule(t, Chile, name, []ruleCase{
		{2020, nil},
		{2021, d("2021-06-21")},
		{2022, d("2022-06-21")},
		{2023, d("2023-06-21")},
		{2024, d("2024-06-20")},
		{2025, d("2025-06-20")}, // 02:42 UTC on Jun 21 is still Jun 20 in Chile
		{2026, d("2026-06-21")},
		{2029, d("2029-06-20")},
	})
	for y := 2022; y <= MaxYear; y++ {
		s := chileWinterSolstice(y)
		require.True(t, s.Month == time.June && s.Day >= 20 && s.Day <= 22, "%d: %s", y, s)
	}
}

// The historical Chilean holidays of the supported range.
func TestRuleCLHistorical(t *testing.T) {
	checkRule(t, Chile, "Día de la Liberación Nacional", []ruleCase{{1998, d("1998-09-11")}, {1999, nil}})
	checkRule(t, Chile, "Día de la Unidad Nacional", []ruleCase{{1999, d("1999-09-06")}, {2001, d("2001-09-03")}, {2002, nil}})
	checkRule(t, Chile, "Corpus Christi", []ruleCase{{1999, d("1999-06-03")}, {2006, d("2006-06-12")}, {2007, nil}})
	checkRule(t, Chile, "Virgen del Carmen", []ruleCase{{2006, nil}, {2007, d("2007-07-16")}})
	checkRule(t, Chile, "Víspera de Navidad", []ruleCase{{1988, d("1988-12-24")}, {1989, nil}})
	checkRule(t, Chile, "Feriado nacional", []ruleCase{{1999, d("1999-12-31")}, {2022, d("2022-09-16")}, {2023, nil}})
}

// Ley 16.805 (Ley 17.414): Apr 19, May 18 and Oct 12 stay on Sat-Mon, move to
// the Monday before on Tue-Wed and to the Monday after on Thu-Fri.
func TestRuleUYLey16805(t *testing.T) {
	checkRule(t, Uruguay, "Desembarco de los Treinta y Tres Orientales", []ruleCase{
		{2022, d("2022-04-18")}, // Tuesday
		{2023, d("2023-04-17")}, // Wednesday
		{2029, d("2029-04-23")}, // Thursday
		{2024, d("2024-04-22")}, // Friday
		{2025, d("2025-04-19")}, // Saturday
		{2026, d("2026-04-19")}, // Sunday
		{2027, d("2027-04-19")}, // Monday
		{1996, d("1996-04-19")}, // a Friday before the law
	})
	checkRule(t, Uruguay, "Batalla de Las Piedras", []ruleCase{{2023, d("2023-05-22")}, {2022, d("2022-05-16")}})
	checkRule(t, Uruguay, "Día de la Raza", []ruleCase{{2022, d("2022-10-10")}, {2023, d("2023-10-16")}})
}

// Ley 17.414 kept Jun 19 and Nov 2 on their day from 2002; from 1997 to 2001
// Ley 16.805 moved them.
func TestRuleUYLey17414JunNovStay(t *testing.T) {
	checkRule(t, Uruguay, "Natalicio de Artigas", []ruleCase{
		{2024, d("2024-06-19")}, // Wednesday, stays
		{2025, d("2025-06-19")}, // Thursday, stays
		{1998, d("1998-06-22")}, // Friday, moved under Ley 16.805
	})
	checkRule(t, Uruguay, "Día de los Difuntos", []ruleCase{
		{2023, d("2023-11-02")},
		{2000, d("2000-11-06")}, // Thursday, moved under Ley 16.805
	})
}

// Carnival is Easter-48 and -47; Tourism Week Easter-6 to -2.
func TestRuleUYCarnivalAndTourismWeek(t *testing.T) {
	checkRule(t, Uruguay, "Carnaval", []ruleCase{{2026, []string{"2026-02-16", "2026-02-17"}}})
	checkRule(t, Uruguay, "Semana de Turismo", []ruleCase{{2026, []string{"2026-03-30", "2026-03-31", "2026-04-01", "2026-04-02", "2026-04-03"}}})
}

// TestJuneSolsticeMeeus checks the solstice instants against Meeus' worked
// example and the published times (UTC).
func TestJuneSolsticeMeeus(t *testing.T) {
	want := map[int]time.Time{
		// Meeus example 27.a: 1962 June 21, 21:25:08 TD; ΔT was about 34 s.
		1962: time.Date(1962, time.June, 21, 21, 24, 34, 0, time.UTC),
		2021: time.Date(2021, time.June, 21, 3, 32, 0, 0, time.UTC),
		2023: time.Date(2023, time.June, 21, 14, 57, 0, 0, time.UTC),
		2024: time.Date(2024, time.June, 20, 20, 51, 0, 0, time.UTC),
		2025: time.Date(2025, time.June, 21, 2, 42, 0, 0, time.UTC),
		2026: time.Date(2026, time.June, 21, 8, 24, 0, 0, time.UTC),
	}
	for y, w := range want {
		got := juneSolstice(y)
		assert.LessOrEqual(t, math.Abs(got.Sub(w).Seconds()), 90.0, "%d: got %s want %s", y, got, w)
	}
}

// TestChileJuneOffsetMatchesIANA checks the fixed offset table against the
// IANA time-zone database (embedded by this test) for every supported year.
func TestChileJuneOffsetMatchesIANA(t *testing.T) {
	loc, err := time.LoadLocation("America/Santiago")
	require.NoError(t, err)
	for y := MinYear; y <= MaxYear; y++ {
		for _, day := range []int{19, 20, 21, 22} {
			for h := 0; h < 24; h++ {
				_, off := time.Date(y, time.June, day, h, 0, 0, 0, time.UTC).In(loc).Zone()
				require.Equal(t, off, chileJuneOffset(y), "%d-06-%d %02d:00 UTC", y, day, h)
			}
		}
	}
}
