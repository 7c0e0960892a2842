package process_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"

	_ "github.com/relaciona/relaciona/alliance"
	_ "github.com/relaciona/relaciona/citizen"
	_ "github.com/relaciona/relaciona/satisfaction"
	_ "github.com/relaciona/relaciona/stakeholder"
)

// TestEveryProcessThroughTheRegistry opens each process from its example
// file through the registry, runs it for a date and builds its reports for
// a month, in both languages.
func TestEveryProcessThroughTheRegistry(t *testing.T) {
	cases := []struct {
		kind    string
		country calendar.Country
		minPage int
		title   string // in the Spanish reports
	}{
		{"stakeholder", calendar.Colombia, 1, "partes interesadas"},
		{"alliance", calendar.Chile, 4, "Cartera de alianzas"},
		{"satisfaction", calendar.Uruguay, 3, "Informe mensual de encuestas"},
		{"citizen", calendar.Colombia, 4, "Informe trimestral de PQRSD"},
	}
	require.Equal(t, len(cases), len(process.Definitions()), "a case per registered process")
	ctx := context.Background()
	for _, c := range cases {
		t.Run(c.kind, func(t *testing.T) {
			def, ok := process.Lookup(c.kind)
			require.True(t, ok)
			assert.Equal(t, c.kind, def.Kind)
			assert.NotEmpty(t, def.TitleIn(relaciona.Spanish))
			assert.NotEqual(t, def.TitleIn(relaciona.Spanish), def.TitleIn(relaciona.English))
			assert.NotEmpty(t, def.Roles)

			store, err := relaciona.OpenStore(ctx, "sqlite://"+filepath.Join(t.TempDir(), "agency.db"))
			require.NoError(t, err)
			defer store.Close()
			cal, err := calendar.New(c.country, calendar.Options{})
			require.NoError(t, err)
			path := filepath.Join("..", "examples", c.kind, c.kind+".yaml")
			for _, lang := range []relaciona.Lang{relaciona.Spanish, relaciona.English} {
				inst, err := def.Open(path, process.Env{Store: store, Calendar: cal, Location: time.UTC, Lang: lang})
				require.NoError(t, err)
				line, err := inst.Run(ctx, relaciona.SystemActor(), calendar.Date{Year: 2026, Month: 3, Day: 2})
				require.NoError(t, err)
				assert.NotEmpty(t, line)
				pages, err := inst.Reports(ctx, process.Month(2026, time.February, lang))
				require.NoError(t, err)
				require.GreaterOrEqual(t, len(pages), c.minPage)
				seen := map[string]bool{}
				for _, p := range pages {
					assert.True(t, strings.HasPrefix(p.Slug, c.kind), "slug %q starts with the kind", p.Slug)
					assert.False(t, seen[p.Slug], "slug %q is unique", p.Slug)
					seen[p.Slug] = true
					assert.Equal(t, lang, p.Doc.Lang, "the page is in the period's language")
				}
				if lang == relaciona.Spanish {
					var titles []string
					for _, p := range pages {
						titles = append(titles, p.Doc.Title)
					}
					assert.Contains(t, strings.Join(titles, "|"), c.title)
				}
				_, err = inst.Reports(ctx, process.Period{Lang: lang})
				assert.ErrorIs(t, err, relaciona.ErrInvalid, "a period without dates is refused")
			}
			_, err = def.Open(filepath.Join(t.TempDir(), "missing.yaml"), process.Env{Store: store, Calendar: cal})
			assert.Error(t, err, "a missing process file")
		})
	}
}

func TestRegisterRefusesDuplicatesAndIncompleteDefinitions(t *testing.T) {
	def, ok := process.Lookup("citizen")
	require.True(t, ok)
	assert.ErrorIs(t, process.Register(def), relaciona.ErrConflict)
	assert.Panics(t, func() { process.MustRegister(def) }, "in an init, a kind registered twice stops the program before main")
	assert.ErrorIs(t, process.Register(process.Definition{Kind: "x"}), relaciona.ErrInvalid)
	assert.ErrorIs(t, process.Register(process.Definition{Open: def.Open}), relaciona.ErrInvalid)
	_, ok = process.Lookup("x")
	assert.False(t, ok, "nothing registered")
	assert.Equal(t, []string{"stakeholder", "alliance", "satisfaction", "citizen"}, process.Kinds())
}

func TestParsePeriod(t *testing.T) {
	d := func(y int, m time.Month, day int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: day} }
	cases := []struct {
		in       string
		from, to calendar.Date
		bad      bool
	}{
		{in: "2026-03", from: d(2026, 3, 1), to: d(2026, 3, 31)},
		{in: "2024-02", from: d(2024, 2, 1), to: d(2024, 2, 29)},
		{in: "2026-12", from: d(2026, 12, 1), to: d(2026, 12, 31)},
		{in: "2026-Q1", from: d(2026, 1, 1), to: d(2026, 3, 31)},
		{in: "2026-t4", from: d(2026, 10, 1), to: d(2026, 12, 31)},
		{in: " 2026 ", from: d(2026, 1, 1), to: d(2026, 12, 31)},
		{in: "2026-13", bad: true},
		{in: "2026-Q5", bad: true},
		{in: "2026-3", bad: true},
		{in: "26-03", bad: true},
		{in: "", bad: true},
		{in: "1900", bad: true},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			p, err := process.ParsePeriod(c.in, relaciona.English)
			if c.bad {
				assert.ErrorIs(t, err, relaciona.ErrInvalid)
				assert.Contains(t, err.Error(), "YYYY-MM", "the error says what to write, in the language asked")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.from, p.From)
			assert.Equal(t, c.to, p.To)
			assert.NoError(t, p.Validate())
		})
	}
	_, err := process.ParsePeriod("x", relaciona.Spanish)
	assert.Contains(t, err.Error(), "AAAA-MM")
}

func TestLastMonthAndValidate(t *testing.T) {
	p := process.LastMonth(calendar.Date{Year: 2026, Month: 1, Day: 15}, relaciona.Spanish)
	assert.Equal(t, "2025-12-01..2025-12-31", p.String())
	back := process.Period{From: calendar.Date{Year: 2026, Month: 3, Day: 1}, To: calendar.Date{Year: 2026, Month: 2, Day: 1}, Lang: relaciona.English}
	assert.ErrorIs(t, back.Validate(), relaciona.ErrInvalid)
	assert.Contains(t, back.Validate().Error(), "ends (2026-02-01) before it starts")
	y, q := process.Quarter(calendar.Date{Year: 2026, Month: 5, Day: 31})
	assert.Equal(t, []int{2026, 2}, []int{y, q})
}
