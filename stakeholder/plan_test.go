package stakeholder

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
)

// due collects Due(date) as "item:scheduled:pending[:overdue]".
func due(t *testing.T, f *fixture, date string) []string {
	t.Helper()
	var out []string
	for c, err := range f.svc.Due(ctx, day(t, date)) {
		require.NoError(t, err)
		s := c.Item.ID + ":" + c.Scheduled.String() + ":" + string(rune('0'+c.Pending))
		if c.Overdue {
			s += ":overdue"
		}
		out = append(out, s)
	}
	return out
}

func TestPlanItemsYieldCommunicationsOnlyOnceApproved(t *testing.T) {
	f := newFixture(t, testYAML, false)
	_, err := f.svc.Import(ctx, actor(7), noon(t, "2026-01-05"))
	require.NoError(t, err)
	assert.Empty(t, due(t, f, "2026-03-01"), "drafts yield nothing")
	n, err := f.svc.ApprovePlan(ctx, actor(6), noon(t, "2026-01-06"))
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	assert.NotEmpty(t, due(t, f, "2026-03-01"))
	_, err = f.svc.ApprovePlan(ctx, actor(6), noon(t, "2026-01-06"), "comite")
	require.ErrorIs(t, err, relaciona.ErrInvalid, "an active item is not a draft")
}

func TestDueAndOverdueCommunications(t *testing.T) {
	f := newFixture(t, testYAML, true)
	assert.Equal(t, []string{"boletin:2026-01-12:1:overdue"}, due(t, f, "2026-01-14"))
	assert.Equal(t, []string{"boletin:2026-01-12:1:overdue", "comite:2026-01-15:1"}, due(t, f, "2026-01-15"),
		"due on its date, overdue the day after")
	assert.Equal(t, []string{"boletin:2026-01-12:3:overdue", "comite:2026-01-15:2:overdue"}, due(t, f, "2026-02-20"),
		"pending counts every communication scheduled up to the date")

	var overdue []string
	for c, err := range f.svc.Overdue(ctx, day(t, "2026-01-15")) {
		require.NoError(t, err)
		overdue = append(overdue, c.Item.ID)
	}
	assert.Equal(t, []string{"boletin"}, overdue)
}

func TestOverdueGraceIsInBusinessDays(t *testing.T) {
	y := strings.Replace(testYAML, "name: Prueba\n", "name: Prueba\nplan: {overdue_grace_days: 3}\n", 1)
	f := newFixture(t, y, true)
	// comite is scheduled on Thursday 2026-01-15: three business days later
	// is Tuesday 2026-01-20.
	assert.Contains(t, due(t, f, "2026-01-20"), "comite:2026-01-15:1")
	assert.Contains(t, due(t, f, "2026-01-21"), "comite:2026-01-15:1:overdue")
}

func TestCarryingOutLateCoversEarlierCommunicationsAndCountsMissed(t *testing.T) {
	f := newFixture(t, testYAML, true)
	before := f.auditLen(t)
	its, err := f.svc.LogInteraction(ctx, actor(4), noon(t, "2026-02-20"),
		Interaction{Stakeholder: "camara", Date: day(t, "2026-02-20"), Channel: "meeting", Direction: TwoWay, Summary: "Comité", PlanItem: "comite",
			FollowUps: []FollowUp{{Action: "Enviar acta", Owner: "p4", Due: day(t, "2026-02-24")}}})
	require.NoError(t, err)
	assert.Equal(t, "INT-20260220-0001", its[0].ID)
	assert.Equal(t, before+1, f.auditLen(t), "interaction and plan item in one batch")

	ps, err := f.svc.PlanItems(ctx, PlanActive)
	require.NoError(t, err)
	var comite PlanItem
	for _, p := range ps {
		if p.ID == "comite" {
			comite = p
		}
	}
	assert.Equal(t, 1, comite.Done)
	assert.Equal(t, 1, comite.Missed, "January's committee was skipped")
	assert.Equal(t, "2026-03-15", comite.Next.String())
	assert.NotContains(t, strings.Join(due(t, f, "2026-02-20"), " "), "comite")

	// Done early: the next one is covered, nothing missed.
	_, err = f.svc.LogInteraction(ctx, actor(4), noon(t, "2026-03-10"),
		Interaction{Stakeholder: "camara", Date: day(t, "2026-03-10"), Channel: "meeting", Direction: TwoWay, Summary: "Comité", PlanItem: "comite"})
	require.NoError(t, err)
	ps, err = f.svc.PlanItems(ctx, PlanActive)
	require.NoError(t, err)
	for _, p := range ps {
		if p.ID == "comite" {
			assert.Equal(t, 2, p.Done)
			assert.Equal(t, 1, p.Missed)
			assert.Equal(t, "2026-04-15", p.Next.String())
		}
	}
}

func TestPlanItemEndsAfterItsLastCommunication(t *testing.T) {
	f := newFixture(t, testYAML, true)
	_, err := f.svc.AddPlanItem(ctx, actor(5), noon(t, "2026-01-06"), PlanItem{ID: "visita", Stakeholder: "junta", Objective: "Visita", Channel: "informal", Frequency: Frequency{0, Once}, Owner: "p4", Start: day(t, "2026-02-02")})
	require.NoError(t, err)
	_, err = f.svc.ApprovePlan(ctx, actor(6), noon(t, "2026-01-06"), "visita")
	require.NoError(t, err)
	_, err = f.svc.LogInteraction(ctx, actor(4), noon(t, "2026-02-03"), Interaction{Stakeholder: "junta", Date: day(t, "2026-02-03"), Channel: "informal", Direction: Outbound, Summary: "Visita", PlanItem: "visita"})
	require.NoError(t, err)
	ended, err := f.svc.PlanItems(ctx, PlanEnded)
	require.NoError(t, err)
	require.Len(t, ended, 1)
	assert.Equal(t, "visita", ended[0].ID)
	_, err = f.svc.LogInteraction(ctx, actor(4), noon(t, "2026-02-04"), Interaction{Stakeholder: "junta", Date: day(t, "2026-02-04"), Channel: "informal", Direction: Outbound, Summary: "Otra", PlanItem: "visita"})
	require.ErrorIs(t, err, relaciona.ErrInvalid, "an ended item cannot be carried out again")
}

func TestOccurrences(t *testing.T) {
	cal, err := calendar.New("CO", calendar.Options{})
	require.NoError(t, err)
	cases := []struct {
		name  string
		item  PlanItem
		dates []string
	}{
		{"monthly keeps the month's last day", PlanItem{Frequency: Frequency{1, Months}, Start: calendar.Date{Year: 2026, Month: 1, Day: 31}},
			[]string{"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"}},
		{"every 5 business days skips weekends and holidays", PlanItem{Frequency: Frequency{5, BusinessDays}, Start: calendar.Date{Year: 2026, Month: 1, Day: 2}},
			[]string{"2026-01-02", "2026-01-09", "2026-01-19", "2026-01-26"}}, // Monday 12 January is a holiday (Reyes)
		{"every 2 weeks until the end", PlanItem{Frequency: Frequency{2, Weeks}, Start: calendar.Date{Year: 2026, Month: 6, Day: 1}, End: calendar.Date{Year: 2026, Month: 6, Day: 30}},
			[]string{"2026-06-01", "2026-06-15", "2026-06-29"}},
		{"yearly", PlanItem{Frequency: Frequency{12, Months}, Start: calendar.Date{Year: 2024, Month: 2, Day: 29}},
			[]string{"2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for k := range 4 {
				d, ok := c.item.occurrence(cal, k)
				if !ok {
					break
				}
				got = append(got, d.String())
			}
			assert.Equal(t, c.dates, got)
			// firstOnOrAfter agrees with the list.
			for i, s := range c.dates {
				k, d, ok := c.item.firstOnOrAfter(cal, day(t, s))
				require.True(t, ok)
				assert.Equal(t, i, k)
				assert.Equal(t, s, d.String())
			}
		})
	}
}

func TestAddPlanItemRefusesBadInputAndChangesNothing(t *testing.T) {
	f := newFixture(t, testYAML, true)
	before := f.auditLen(t)
	ok := PlanItem{ID: "x", Stakeholder: "junta", Objective: "O", Channel: "meeting", Frequency: Frequency{1, Months}, Owner: "p4", Start: day(t, "2026-03-01")}
	cases := []struct {
		name  string
		edit  func(p *PlanItem)
		field string
	}{
		{"impossible frequency", func(p *PlanItem) { p.Frequency = Frequency{0, Weeks} }, "frequency"},
		{"end before start", func(p *PlanItem) { p.End = day(t, "2026-02-01") }, "end"},
		{"unknown owner", func(p *PlanItem) { p.Owner = "nadie" }, "owner"},
		{"owner below level 4", func(p *PlanItem) { p.Owner = "p3" }, "owner"},
		{"unknown group", func(p *PlanItem) { p.Stakeholder, p.Group = "", "nadie" }, "group"},
		{"both targets", func(p *PlanItem) { p.Group = "gremios" }, "group"},
		{"unknown channel", func(p *PlanItem) { p.Channel = "fax" }, "channel"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := ok
			c.edit(&p)
			_, err := f.svc.AddPlanItem(ctx, actor(5), noon(t, "2026-02-01"), p)
			ve := proctest.Invalid(t, err)
			assert.Equal(t, c.field, ve.Field)
		})
	}
	assert.Equal(t, before, f.auditLen(t))
}

func TestLogInteractionRefusesBadInput(t *testing.T) {
	f := newFixture(t, testYAML, true)
	before := f.auditLen(t)
	good := Interaction{Stakeholder: "junta", Date: day(t, "2026-02-02"), Channel: "phone", Direction: Inbound, Summary: "Llamada", Sentiment: -1}
	cases := []struct {
		name  string
		edit  func(i *Interaction)
		field string
	}{
		{"unknown stakeholder", func(i *Interaction) { i.Stakeholder = "nadie" }, "interactions[1].stakeholder"},
		{"sentiment out of range", func(i *Interaction) { i.Sentiment = 3 }, "interactions[1].sentiment"},
		{"unknown direction", func(i *Interaction) { i.Direction = "sideways" }, "interactions[1].direction"},
		{"follow-up owner unknown", func(i *Interaction) {
			i.FollowUps = []FollowUp{{Action: "x", Owner: "nadie", Due: day(t, "2026-02-03")}}
		}, "interactions[1].follow_ups[0].owner"},
		{"plan item for another stakeholder", func(i *Interaction) { i.PlanItem = "comite" }, "interactions[1].plan_item"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := good
			c.edit(&bad)
			_, err := f.svc.LogInteraction(ctx, actor(4), noon(t, "2026-02-02"), good, bad)
			ve := proctest.Invalid(t, err)
			assert.Equal(t, c.field, ve.Field)
		})
	}
	assert.Equal(t, before, f.auditLen(t), "the good interaction of the batch was not written either")
	assert.Zero(t, countOf(t, f.svc.Interactions(ctx, "", calendar.Date{}, calendar.Date{})))
}
