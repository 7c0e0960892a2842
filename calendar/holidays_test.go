package calendar

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The full holiday lists below were worked out by hand from the laws' rules
// (see rules.go) and checked against the calendars the governments and the
// press published for those years. Each line is "MM-DD name [kind]"; the
// kind is omitted for national holidays.
var wantHolidays = map[Country]map[int]string{
	Colombia: {
		2024: `01-01 Año Nuevo
01-08 Día de los Reyes Magos
03-25 Día de San José
03-28 Jueves Santo
03-29 Viernes Santo
05-01 Día del Trabajo
05-13 Ascensión del Señor
06-03 Corpus Christi
06-10 Sagrado Corazón de Jesús
07-01 San Pedro y San Pablo
07-20 Día de la Independencia
08-07 Batalla de Boyacá
08-19 La Asunción de la Virgen
10-14 Día de la Raza
11-04 Día de Todos los Santos
11-11 Independencia de Cartagena
12-08 La Inmaculada Concepción
12-25 Navidad`,
		// 2025: Sacred Heart (Easter+71) and Saints Peter and Paul (Jun 29
		// moved) both fall on Monday Jun 30; both are listed.
		2025: `01-01 Año Nuevo
01-06 Día de los Reyes Magos
03-24 Día de San José
04-17 Jueves Santo
04-18 Viernes Santo
05-01 Día del Trabajo
06-02 Ascensión del Señor
06-23 Corpus Christi
06-30 Sagrado Corazón de Jesús
06-30 San Pedro y San Pablo
07-20 Día de la Independencia
08-07 Batalla de Boyacá
08-18 La Asunción de la Virgen
10-13 Día de la Raza
11-03 Día de Todos los Santos
11-17 Independencia de Cartagena
12-08 La Inmaculada Concepción
12-25 Navidad`,
		2026: `01-01 Año Nuevo
01-12 Día de los Reyes Magos
03-23 Día de San José
04-02 Jueves Santo
04-03 Viernes Santo
05-01 Día del Trabajo
05-18 Ascensión del Señor
06-08 Corpus Christi
06-15 Sagrado Corazón de Jesús
06-29 San Pedro y San Pablo
07-13 Virgen de Chiquinquirá
07-20 Día de la Independencia
08-07 Batalla de Boyacá
08-17 La Asunción de la Virgen
10-12 Día de la Raza
11-02 Día de Todos los Santos
11-16 Independencia de Cartagena
12-08 La Inmaculada Concepción
12-25 Navidad`,
		2027: `01-01 Año Nuevo
01-11 Día de los Reyes Magos
03-22 Día de San José
03-25 Jueves Santo
03-26 Viernes Santo
05-01 Día del Trabajo
05-10 Ascensión del Señor
05-31 Corpus Christi
06-07 Sagrado Corazón de Jesús
07-05 San Pedro y San Pablo
07-12 Virgen de Chiquinquirá
07-20 Día de la Independencia
08-07 Batalla de Boyacá
08-16 La Asunción de la Virgen
10-18 Día de la Raza
11-01 Día de Todos los Santos
11-15 Independencia de Cartagena
12-08 La Inmaculada Concepción
12-25 Navidad`,
	},
	Chile: {
		// 2021: the first Día de los Pueblos Indígenas, on Jun 21 by Ley
		// 21.357's transitory article; Sep 17 a Friday before a Sat-Sun 18-19.
		2021: `01-01 Año Nuevo
04-02 Viernes Santo
04-03 Sábado Santo
05-01 Día Nacional del Trabajo
05-21 Día de las Glorias Navales
06-21 Día Nacional de los Pueblos Indígenas
06-28 San Pedro y San Pablo
07-16 Virgen del Carmen
08-15 Asunción de la Virgen
09-17 Fiestas Patrias
09-18 Independencia Nacional
09-19 Día de las Glorias del Ejército
10-11 Encuentro de Dos Mundos
10-31 Día Nacional de las Iglesias Evangélicas y Protestantes
11-01 Día de Todos los Santos
12-08 La Inmaculada Concepción
12-25 Navidad`,
		// 2022: Sep 16 by a one-off law.
		2022: `01-01 Año Nuevo
04-15 Viernes Santo
04-16 Sábado Santo
05-01 Día Nacional del Trabajo
05-21 Día de las Glorias Navales
06-21 Día Nacional de los Pueblos Indígenas
06-27 San Pedro y San Pablo
07-16 Virgen del Carmen
08-15 Asunción de la Virgen
09-16 Feriado nacional
09-18 Independencia Nacional
09-19 Día de las Glorias del Ejército
10-10 Encuentro de Dos Mundos
10-31 Día Nacional de las Iglesias Evangélicas y Protestantes
11-01 Día de Todos los Santos
12-08 La Inmaculada Concepción
12-25 Navidad`,
		// 2023: Jan 2 after a Sunday Jan 1; Oct 31 a Tuesday, so Friday Oct 27.
		2023: `01-01 Año Nuevo
01-02 Feriado de Año Nuevo
04-07 Viernes Santo
04-08 Sábado Santo
05-01 Día Nacional del Trabajo
05-21 Día de las Glorias Navales
06-21 Día Nacional de los Pueblos Indígenas
06-26 San Pedro y San Pablo
07-16 Virgen del Carmen
08-15 Asunción de la Virgen
09-18 Independencia Nacional
09-19 Día de las Glorias del Ejército
10-09 Encuentro de Dos Mundos
10-27 Día Nacional de las Iglesias Evangélicas y Protestantes
11-01 Día de Todos los Santos
12-08 La Inmaculada Concepción
12-25 Navidad`,
		2024: `01-01 Año Nuevo
03-29 Viernes Santo
03-30 Sábado Santo
05-01 Día Nacional del Trabajo
05-21 Día de las Glorias Navales
06-20 Día Nacional de los Pueblos Indígenas
06-29 San Pedro y San Pablo
07-16 Virgen del Carmen
08-15 Asunción de la Virgen
09-18 Independencia Nacional
09-19 Día de las Glorias del Ejército
09-20 Fiestas Patrias
10-12 Encuentro de Dos Mundos
10-31 Día Nacional de las Iglesias Evangélicas y Protestantes
11-01 Día de Todos los Santos
12-08 La Inmaculada Concepción
12-25 Navidad`,
		2025: `01-01 Año Nuevo
04-18 Viernes Santo
04-19 Sábado Santo
05-01 Día Nacional del Trabajo
05-21 Día de las Glorias Navales
06-20 Día Nacional de los Pueblos Indígenas
06-29 San Pedro y San Pablo
07-16 Virgen del Carmen
08-15 Asunción de la Virgen
09-18 Independencia Nacional
09-19 Día de las Glorias del Ejército
10-12 Encuentro de Dos Mundos
10-31 Día Nacional de las Iglesias Evangélicas y Protestantes
11-01 Día de Todos los Santos
12-08 La Inmaculada Concepción
12-25 Navidad`,
		2026: `01-01 Año Nuevo
04-03 Viernes Santo
04-04 Sábado Santo
05-01 Día Nacional del Trabajo
05-21 Día de las Glorias Navales
06-21 Día Nacional de los Pueblos Indígenas
06-29 San Pedro y San Pablo
07-16 Virgen del Carmen
08-15 Asunción de la Virgen
09-18 Independencia Nacional
09-19 Día de las Glorias del Ejército
10-12 Encuentro de Dos Mundos
10-31 Día Nacional de las Iglesias Evangélicas y Protestantes
11-01 Día de Todos los Santos
12-08 La Inmaculada Concepción
12-25 Navidad`,
	},
	Uruguay: {
		// 2023: Apr 19 (Wed) to Mon Apr 17; May 18 (Thu) to Mon May 22; Oct 12
		// (Thu) to Mon Oct 16.
		2023: `01-01 Año Nuevo [non-working]
01-06 Día de Reyes [working]
02-20 Carnaval [working]
02-21 Carnaval [working]
04-03 Semana de Turismo [working]
04-04 Semana de Turismo [working]
04-05 Semana de Turismo [working]
04-06 Semana de Turismo [working]
04-07 Semana de Turismo [working]
04-17 Desembarco de los Treinta y Tres Orientales [working]
05-01 Día de los Trabajadores [non-working]
05-22 Batalla de Las Piedras [working]
06-19 Natalicio de Artigas [working]
07-18 Jura de la Constitución [non-working]
08-25 Declaratoria de la Independencia [non-working]
10-16 Día de la Raza [working]
11-02 Día de los Difuntos [working]
12-25 Navidad (Día de la Familia) [non-working]`,
		2024: `01-01 Año Nuevo [non-working]
01-06 Día de Reyes [working]
02-12 Carnaval [working]
02-13 Carnaval [working]
03-25 Semana de Turismo [working]
03-26 Semana de Turismo [working]
03-27 Semana de Turismo [working]
03-28 Semana de Turismo [working]
03-29 Semana de Turismo [working]
04-22 Desembarco de los Treinta y Tres Orientales [working]
05-01 Día de los Trabajadores [non-working]
05-18 Batalla de Las Piedras [working]
06-19 Natalicio de Artigas [working]
07-18 Jura de la Constitución [non-working]
08-25 Declaratoria de la Independencia [non-working]
10-12 Día de la Raza [working]
11-02 Día de los Difuntos [working]
12-25 Navidad (Día de la Familia) [non-working]`,
		2025: `01-01 Año Nuevo [non-working]
01-06 Día de Reyes [working]
03-03 Carnaval [working]
03-04 Carnaval [working]
04-14 Semana de Turismo [working]
04-15 Semana de Turismo [working]
04-16 Semana de Turismo [working]
04-17 Semana de Turismo [working]
04-18 Semana de Turismo [working]
04-19 Desembarco de los Treinta y Tres Orientales [working]
05-01 Día de los Trabajadores [non-working]
05-18 Batalla de Las Piedras [working]
06-19 Natalicio de Artigas [working]
07-18 Jura de la Constitución [non-working]
08-25 Declaratoria de la Independencia [non-working]
10-12 Día de la Raza [working]
11-02 Día de los Difuntos [working]
12-25 Navidad (Día de la Familia) [non-working]`,
		2026: `01-01 Año Nuevo [non-working]
01-06 Día de Reyes [working]
02-16 Carnaval [working]
02-17 Carnaval [working]
03-30 Semana de Turismo [working]
03-31 Semana de Turismo [working]
04-01 Semana de Turismo [working]
04-02 Semana de Turismo [working]
04-03 Semana de Turismo [working]
04-19 Desembarco de los Treinta y Tres Orientales [working]
05-01 Día de los Trabajadores [non-working]
05-18 Batalla de Las Piedras [working]
06-19 Natalicio de Artigas [working]
07-18 Jura de la Constitución [non-working]
08-25 Declaratoria de la Independencia [non-working]
10-12 Día de la Raza [working]
11-02 Día de los Difuntos [working]
12-25 Navidad (Día de la Familia) [non-working]`,
	},
}

func formatHolidays(hs []Holiday) string {
	var b strings.Builder
	for i, h := range hs {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%02d-%02d %s", int(h.Date.Month), h.Date.Day, h.Name)
		if h.Kind != KindNational {
			fmt.Fprintf(&b, " [%s]", h.Kind)
		}
	}
	return b.String()
}

func TestHolidaysFullLists(t *testing.T) {
	for country, years := range wantHolidays {
		cal, err := New(country, Options{})
		require.NoError(t, err)
		for year, want := range years {
			t.Run(fmt.Sprintf("%s/%d", country, year), func(t *testing.T) {
				hs, err := cal.Holidays(year)
				require.NoError(t, err)
				assert.Equal(t, want, formatHolidays(hs))
				for _, h := range hs {
					assert.Equal(t, year, h.Date.Year)
					assert.NotEmpty(t, h.NameEN, h.Name)
					assert.NotEmpty(t, h.Law, h.Name)
				}
			})
		}
	}
}

func TestHolidaysAreSortedAndCopied(t *testing.T) {
	cal, err := New(Chile, Options{})
	require.NoError(t, err)
	for y := MinYear; y <= MaxYear; y++ {
		hs, err := cal.Holidays(y)
		require.NoError(t, err)
		require.NotEmpty(t, hs)
		for i := 1; i < len(hs); i++ {
			require.False(t, hs[i].Date.Before(hs[i-1].Date), "%d: %v", y, hs)
		}
	}
	hs, _ := cal.Holidays(2026)
	hs[0].Name = "changed"
	again, _ := cal.Holidays(2026)
	assert.Equal(t, "Año Nuevo", again[0].Name, "the caller's slice must not alias the cache")
}
