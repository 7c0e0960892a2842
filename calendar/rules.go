package calendar

import "time"

// rule is one holiday of a country's calendar: how to find its date in a
// year, and the years it is in force.
type rule struct {
	name, nameEN string
	kind         Kind
	law          string
	first, last  int // years in force; 0 means no bound
	// on returns the observed date in year y, given Easter Sunday e of that
	// year; false when the holiday does not occur that year.
	on func(y int, e Date) (Date, bool)
}

func (r rule) inForce(y int) bool {
	return (r.first == 0 || y >= r.first) && (r.last == 0 || y <= r.last)
}

// rulesFor returns the holiday rules of c. The tables are never modified.
func rulesFor(c Country) []rule {
	switch c {
	case Colombia:
		return colombia
	case Chile:
		return chile
	case Uruguay:
		return uruguay
	}
	return nil
}

// on returns the date m-d of year y.
func on(y int, m time.Month, d int) Date { return Date{Year: y, Month: m, Day: d} }

// fixed: the holiday is kept on its date.
func fixed(m time.Month, d int) func(int, Date) (Date, bool) {
	return func(y int, _ Date) (Date, bool) { return on(y, m, d), true }
}

// fromEaster: the holiday is n days from Easter Sunday.
func fromEaster(n int) func(int, Date) (Date, bool) {
	return func(_ int, e Date) (Date, bool) { return e.AddDays(n), true }
}

// nextMonday moves d to the following Monday unless it is a Monday.
func nextMonday(d Date) Date { return d.AddDays((8 - int(d.Weekday())) % 7) }

// mondayOfWeek moves a Tuesday, Wednesday or Thursday back to the Monday of
// its week.
func mondayOfWeek(d Date) Date { return d.AddDays(1 - int(d.Weekday())) }

// moveCL19668 is Chile's Ley 19.668 (2000), art. 1: a holiday on a Tuesday,
// Wednesday or Thursday moves to the Monday of that week, one on a Friday to
// the following Monday; on Saturday, Sunday or Monday it stays.
func moveCL19668(d Date) Date {
	switch d.Weekday() {
	case time.Tuesday, time.Wednesday, time.Thursday:
		return mondayOfWeek(d)
	case time.Friday:
		return d.AddDays(3)
	}
	return d
}

// moveCL20299 is Chile's Ley 20.299 (2008): Oct 31 on a Tuesday moves to the
// Friday before, on a Wednesday to the Friday after.
func moveCL20299(d Date) Date {
	switch d.Weekday() {
	case time.Tuesday:
		return d.AddDays(-4)
	case time.Wednesday:
		return d.AddDays(2)
	}
	return d
}

// moveUY16805 is Uruguay's Ley 16.805 (1996), art. 1: a holiday on a
// Saturday, Sunday or Monday is observed that day, one on a Tuesday or
// Wednesday the Monday before, one on a Thursday or Friday the Monday after.
func moveUY16805(d Date) Date {
	switch d.Weekday() {
	case time.Tuesday, time.Wednesday:
		return mondayOfWeek(d)
	case time.Thursday, time.Friday:
		return nextMonday(d)
	}
	return d
}

// movedFrom applies move to the date m-d from year `from` on (and until year
// `until`, when not 0); in other years the holiday stays on its date.
func movedFrom(m time.Month, d int, from, until int, move func(Date) Date) func(int, Date) (Date, bool) {
	return func(y int, _ Date) (Date, bool) {
		x := on(y, m, d)
		if y >= from && (until == 0 || y <= until) {
			x = move(x)
		}
		return x, true
	}
}

// emiliani is Colombia's Ley 51 de 1983, art. 1: the holiday moves to the
// following Monday when it does not fall on one.
func emiliani(m time.Month, d int) func(int, Date) (Date, bool) {
	return func(y int, _ Date) (Date, bool) { return nextMonday(on(y, m, d)), true }
}

// only keeps the date m-d as a holiday when it falls on one of the weekdays.
func only(m time.Month, d int, days ...time.Weekday) func(int, Date) (Date, bool) {
	return func(y int, _ Date) (Date, bool) {
		x := on(y, m, d)
		wd := x.Weekday()
		for _, w := range days {
			if wd == w {
				return x, true
			}
		}
		return Date{}, false
	}
}

// inYear keeps the date m-d of year y0 only (a one-off law).
func inYear(y0 int, m time.Month, d int) func(int, Date) (Date, bool) {
	return func(y int, _ Date) (Date, bool) { return on(y, m, d), y == y0 }
}

// Colombia's holidays: Ley 51 de 1983 ("Ley Emiliani"), art. 1, which lists
// them and moves the ones marked so to the following Monday, in force from
// 1 January 1984; and Ley 2578 de 2026 (Virgen de Chiquinquirá, Jul 9, moved
// likewise). The Easter-based Ascension, Corpus Christi and Sacred Heart are
// the Mondays after the feasts (Easter+43, +64, +71); Holy Thursday and Good
// Friday are not moved. See DOMAIN.md, "Time and calendars".
var colombia = []rule{
	{name: "Año Nuevo", nameEN: "New Year's Day", law: coLey51, on: fixed(time.January, 1)},
	{name: "Día de los Reyes Magos", nameEN: "Epiphany", law: coLey51, on: emiliani(time.January, 6)},
	{name: "Día de San José", nameEN: "Saint Joseph's Day", law: coLey51, on: emiliani(time.March, 19)},
	{name: "Jueves Santo", nameEN: "Maundy Thursday", law: coLey51, on: fromEaster(-3)},
	{name: "Viernes Santo", nameEN: "Good Friday", law: coLey51, on: fromEaster(-2)},
	{name: "Día del Trabajo", nameEN: "Labour Day", law: coLey51, on: fixed(time.May, 1)},
	{name: "Ascensión del Señor", nameEN: "Ascension Day", law: coLey51, on: fromEaster(43)},
	{name: "Corpus Christi", nameEN: "Corpus Christi", law: coLey51, on: fromEaster(64)},
	{name: "Sagrado Corazón de Jesús", nameEN: "Sacred Heart", law: coLey51, on: fromEaster(71)},
	{name: "San Pedro y San Pablo", nameEN: "Saints Peter and Paul", law: coLey51, on: emiliani(time.June, 29)},
	{name: "Virgen de Chiquinquirá", nameEN: "Our Lady of Chiquinquirá", law: "Ley 2578 de 2026", first: 2026, on: emiliani(time.July, 9)},
	{name: "Día de la Independencia", nameEN: "Independence Day", law: coLey51, on: fixed(time.July, 20)},
	{name: "Batalla de Boyacá", nameEN: "Battle of Boyacá", law: coLey51, on: fixed(time.August, 7)},
	{name: "La Asunción de la Virgen", nameEN: "Assumption of Mary", law: coLey51, on: emiliani(time.August, 15)},
	{name: "Día de la Raza", nameEN: "Columbus Day", law: coLey51, on: emiliani(time.October, 12)},
	{name: "Día de Todos los Santos", nameEN: "All Saints' Day", law: coLey51, on: emiliani(time.November, 1)},
	{name: "Independencia de Cartagena", nameEN: "Independence of Cartagena", law: coLey51, on: emiliani(time.November, 11)},
	{name: "La Inmaculada Concepción", nameEN: "Immaculate Conception", law: coLey51, on: fixed(time.December, 8)},
	{name: "Navidad", nameEN: "Christmas Day", law: coLey51, on: fixed(time.December, 25)},
}

const coLey51 = "Ley 51 de 1983"

// Chile's holidays. The base is Ley 2.977 (1915) and its amendments; the
// moves are Ley 19.668 (2000: Jun 29, Oct 12, and Corpus Christi until its
// repeal) and Ley 20.299 (2008: Oct 31). Ley 20.215 (2007) adds Sep 17 when a
// Monday and Sep 20 when a Friday; Ley 20.983 (2016, in force from 2017) adds
// Sep 17 when a Friday and Jan 2 when Jan 1 is a Sunday; Ley 20.148 (2007)
// adds Jul 16 and repeals Corpus Christi; Ley 21.357 (2021) makes the winter
// solstice, computed astronomically in Chile's time zone, the Día Nacional de
// los Pueblos Indígenas (its transitory article put the 2021 holiday on
// Monday Jun 21). Entries with a last year are historical (Ley 18.026's Sep
// 11, Ley 19.588's Día de la Unidad Nacional, repealed by Ley 19.793; Dec 24
// until 1988). Dec 31 closes banks only and is not a holiday for agencies.
// One-off laws the rules cannot foresee are listed by year (chileOneOff);
// regional holidays are an agency's closures. See DOMAIN.md, "Time and
// calendars".
var chile = []rule{
	{name: "Año Nuevo", nameEN: "New Year's Day", law: clLey2977, on: fixed(time.January, 1)},
	{name: "Feriado de Año Nuevo", nameEN: "New Year holiday", law: "Ley 20.983", first: 2017, on: only(time.January, 2, time.Monday)},
	{name: "Viernes Santo", nameEN: "Good Friday", law: clLey2977, on: fromEaster(-2)},
	{name: "Sábado Santo", nameEN: "Holy Saturday", law: clLey2977, on: fromEaster(-1)},
	{name: "Día Nacional del Trabajo", nameEN: "Labour Day", law: "Ley 2.200; Ley 18.018", on: fixed(time.May, 1)},
	{name: "Día de las Glorias Navales", nameEN: "Navy Day", law: clLey2977, on: fixed(time.May, 21)},
	{name: "Corpus Christi", nameEN: "Corpus Christi", law: "Ley 18.432", first: 1987, last: 1999, on: fromEaster(60)},
	{name: "Corpus Christi", nameEN: "Corpus Christi", law: "Ley 19.668", first: 2000, last: 2006, on: fromEaster(57)},
	{name: "Día Nacional de los Pueblos Indígenas", nameEN: "National Day of Indigenous Peoples", law: "Ley 21.357", first: 2021, on: indigenousPeoplesDay},
	{name: "San Pedro y San Pablo", nameEN: "Saints Peter and Paul", law: "Ley 18.432; Ley 19.668", first: 1986, on: movedFrom(time.June, 29, 2000, 0, moveCL19668)},
	{name: "Virgen del Carmen", nameEN: "Our Lady of Mount Carmel", law: "Ley 20.148", first: 2007, on: fixed(time.July, 16)},
	{name: "Asunción de la Virgen", nameEN: "Assumption of Mary", law: clLey2977, on: fixed(time.August, 15)},
	{name: "Día de la Liberación Nacional", nameEN: "National Liberation Day", law: "Ley 18.026", last: 1998, on: fixed(time.September, 11)},
	{name: "Día de la Unidad Nacional", nameEN: "National Unity Day", law: "Ley 19.588; Ley 19.793", first: 1999, last: 2001, on: firstMondayOfSeptember},
	{name: "Fiestas Patrias", nameEN: "National Holiday", law: "Ley 20.215", first: 2007, on: only(time.September, 17, time.Monday)},
	{name: "Fiestas Patrias", nameEN: "National Holiday", law: "Ley 20.983", first: 2017, on: only(time.September, 17, time.Friday)},
	{name: "Independencia Nacional", nameEN: "Independence Day", law: clLey2977, on: fixed(time.September, 18)},
	{name: "Día de las Glorias del Ejército", nameEN: "Army Day", law: clLey2977, on: fixed(time.September, 19)},
	{name: "Fiestas Patrias", nameEN: "National Holiday", law: "Ley 20.215", first: 2007, on: only(time.September, 20, time.Friday)},
	{name: "Día de la Raza", nameEN: "Columbus Day", law: "Ley 3.810", last: 1999, on: fixed(time.October, 12)},
	{name: "Encuentro de Dos Mundos", nameEN: "Meeting of Two Worlds Day", law: "Ley 3.810; Ley 19.668", first: 2000, on: movedFrom(time.October, 12, 2000, 0, moveCL19668)},
	{name: "Día Nacional de las Iglesias Evangélicas y Protestantes", nameEN: "Reformation Day", law: "Ley 20.299", first: 2008, on: movedFrom(time.October, 31, 2008, 0, moveCL20299)},
	{name: "Día de Todos los Santos", nameEN: "All Saints' Day", law: clLey2977, on: fixed(time.November, 1)},
	{name: "La Inmaculada Concepción", nameEN: "Immaculate Conception", law: clLey2977, on: fixed(time.December, 8)},
	{name: "Víspera de Navidad", nameEN: "Christmas Eve", law: clLey2977, last: 1988, on: fixed(time.December, 24)},
	{name: "Navidad", nameEN: "Christmas Day", law: clLey2977, on: fixed(time.December, 25)},
	// One-off laws.
	{name: "Feriado nacional", nameEN: "National holiday", law: "Ley 19.656", first: 1999, last: 1999, on: inYear(1999, time.December, 31)},
	{name: "Feriado nacional", nameEN: "National holiday", law: "ley especial de 2022 (feriado por única vez)", first: 2022, last: 2022, on: inYear(2022, time.September, 16)},
}

const clLey2977 = "Ley 2.977"

// indigenousPeoplesDay is Ley 21.357's winter solstice in Chile; in 2021 the
// law's transitory article fixed it on Monday Jun 21.
func indigenousPeoplesDay(y int, _ Date) (Date, bool) {
	if y == 2021 {
		return on(2021, time.June, 21), true
	}
	return chileWinterSolstice(y), true
}

func firstMondayOfSeptember(y int, _ Date) (Date, bool) {
	return nextMonday(on(y, time.September, 1)), true
}

// Uruguay's holidays. Ley 16.805 (1996), art. 2 as changed by Ley 17.414
// (2001), names the five non-working holidays (Jan 1, May 1, Jul 18, Aug 25,
// Dec 25) and the working ("laborables") ones that stay on their day: Jan 6,
// Carnival, Tourism Week, and from 2002 Jun 19 and Nov 2. The other working
// holidays (Apr 19, May 18, Oct 12; and Jun 19 and Nov 2 from 1997 to 2001)
// move by art. 1: on Saturday, Sunday or Monday they stay; on Tuesday or
// Wednesday they go to the Monday before, on Thursday or Friday to the Monday
// after. Before 1997 nothing moved. Carnival is Easter−48 and −47 (Monday and
// Tuesday), Tourism Week Easter−6 to −2 (Monday to Friday of Holy Week). The
// Mar 1 of a presidential inauguration is declared by its own law each time:
// an agency adds it as a closure. See DOMAIN.md, "Time and calendars".
var uruguay = []rule{
	{name: "Año Nuevo", nameEN: "New Year's Day", kind: KindNonWorking, law: uyArt2, on: fixed(time.January, 1)},
	{name: "Día de Reyes", nameEN: "Epiphany", kind: KindWorking, law: uyArt2, on: fixed(time.January, 6)},
	{name: "Carnaval", nameEN: "Carnival Monday", kind: KindWorking, law: uyArt2, on: fromEaster(-48)},
	{name: "Carnaval", nameEN: "Carnival Tuesday", kind: KindWorking, law: uyArt2, on: fromEaster(-47)},
	{name: "Semana de Turismo", nameEN: "Tourism Week", kind: KindWorking, law: uyArt2, on: fromEaster(-6)},
	{name: "Semana de Turismo", nameEN: "Tourism Week", kind: KindWorking, law: uyArt2, on: fromEaster(-5)},
	{name: "Semana de Turismo", nameEN: "Tourism Week", kind: KindWorking, law: uyArt2, on: fromEaster(-4)},
	{name: "Semana de Turismo", nameEN: "Tourism Week", kind: KindWorking, law: uyArt2, on: fromEaster(-3)},
	{name: "Semana de Turismo", nameEN: "Tourism Week", kind: KindWorking, law: uyArt2, on: fromEaster(-2)},
	{name: "Desembarco de los Treinta y Tres Orientales", nameEN: "Landing of the Thirty-Three Orientals", kind: KindWorking, law: uyArt1, on: movedFrom(time.April, 19, 1997, 0, moveUY16805)},
	{name: "Día de los Trabajadores", nameEN: "Workers' Day", kind: KindNonWorking, law: uyArt2, on: fixed(time.May, 1)},
	{name: "Batalla de Las Piedras", nameEN: "Battle of Las Piedras", kind: KindWorking, law: uyArt1, on: movedFrom(time.May, 18, 1997, 0, moveUY16805)},
	{name: "Natalicio de Artigas", nameEN: "Birth of Artigas", kind: KindWorking, law: uyLey17414, on: movedFrom(time.June, 19, 1997, 2001, moveUY16805)},
	{name: "Jura de la Constitución", nameEN: "Constitution Day", kind: KindNonWorking, law: uyArt2, on: fixed(time.July, 18)},
	{name: "Declaratoria de la Independencia", nameEN: "Independence Day", kind: KindNonWorking, law: uyArt2, on: fixed(time.August, 25)},
	{name: "Día de la Raza", nameEN: "Columbus Day", kind: KindWorking, law: uyArt1, on: movedFrom(time.October, 12, 1997, 0, moveUY16805)},
	{name: "Día de los Difuntos", nameEN: "All Souls' Day", kind: KindWorking, law: uyLey17414, on: movedFrom(time.November, 2, 1997, 2001, moveUY16805)},
	{name: "Navidad (Día de la Familia)", nameEN: "Christmas Day", kind: KindNonWorking, law: uyArt2, on: fixed(time.December, 25)},
}

const (
	uyArt1     = "Ley 16.805, art. 1 (Ley 17.414)"
	uyArt2     = "Ley 16.805, art. 2 (Ley 17.414)"
	uyLey17414 = "Ley 17.414"
)
