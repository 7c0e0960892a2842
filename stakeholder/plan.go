package stakeholder

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// Unit is the unit of a Frequency.
type Unit string

// The frequency units.
const (
	Once         Unit = "once"
	Days         Unit = "days"
	Weeks        Unit = "weeks"
	Months       Unit = "months"
	BusinessDays Unit = "business_days"
)

// Frequency is how often a plan item yields a communication: every Every
// units, or once.
type Frequency struct {
	Every int
	Unit  Unit
}

// MaxFrequencyDays bounds a frequency: a period longer than about ten years
// is not a plan.
const MaxFrequencyDays = 3660

var namedFrequencies = map[string]Frequency{
	"once": {0, Once}, "daily": {1, Days}, "weekly": {1, Weeks}, "biweekly": {2, Weeks},
	"monthly": {1, Months}, "bimonthly": {2, Months}, "quarterly": {3, Months},
	"semiannual": {6, Months}, "yearly": {12, Months},
}

// ParseFrequency reads "once", "daily", "weekly", "biweekly", "monthly",
// "bimonthly", "quarterly", "semiannual", "yearly", or "every N days",
// "every N weeks", "every N months", "every N business_days" (singular
// units too). A zero, negative or over-long period (more than
// MaxFrequencyDays) is impossible and refused with a
// *relaciona.ValidationError on field "frequency".
// Messages are in Spanish; see ParseFrequencyLang.
func ParseFrequency(s string) (Frequency, error) { return ParseFrequencyLang(s, relaciona.Spanish) }

// ParseFrequencyLang is ParseFrequency with messages in lang.
func ParseFrequencyLang(s string, lang relaciona.Lang) (Frequency, error) {
	if f, ok := namedFrequencies[s]; ok {
		return f, nil
	}
	bad := relaciona.Invalid("frequency", "%s", lang.Tf("frecuencia no reconocida %q: use once, daily, weekly, biweekly, monthly, bimonthly, quarterly, semiannual, yearly o «every N days|weeks|months|business_days»",
		"unknown frequency %q: use once, daily, weekly, biweekly, monthly, bimonthly, quarterly, semiannual, yearly or \"every N days|weeks|months|business_days\"", clip(s)))
	parts := strings.Fields(s)
	if len(parts) != 3 || parts[0] != "every" {
		return Frequency{}, bad
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil {
		return Frequency{}, bad
	}
	var f Frequency
	switch parts[2] {
	case "day", "days":
		f = Frequency{n, Days}
	case "week", "weeks":
		f = Frequency{n, Weeks}
	case "month", "months":
		f = Frequency{n, Months}
	case "business_day", "business_days":
		f = Frequency{n, BusinessDays}
	default:
		return Frequency{}, bad
	}
	if err := f.check(lang); err != nil {
		return Frequency{}, err
	}
	return f, nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// check refuses impossible frequencies.
func (f Frequency) check(lang relaciona.Lang) error {
	if f.Unit == Once {
		return nil
	}
	days := f.Every
	switch f.Unit {
	case Weeks:
		days = f.Every * 7
	case Months:
		days = f.Every * 31
	case BusinessDays:
		days = f.Every * 7 / 5
	case Days:
	default:
		return relaciona.Invalid("frequency", "%s", lang.Tf("unidad de frecuencia desconocida %q", "unknown frequency unit %q", f.Unit))
	}
	if f.Every < 1 {
		return relaciona.Invalid("frequency", "%s", lang.Tf("frecuencia imposible: cada %d %s; el periodo debe ser de al menos 1", "impossible frequency: every %d %s; the period must be at least 1", f.Every, f.Unit))
	}
	if f.Every > MaxFrequencyDays || days > MaxFrequencyDays {
		return relaciona.Invalid("frequency", "%s", lang.Tf("frecuencia imposible: cada %d %s supera %d días", "impossible frequency: every %d %s is longer than %d days", f.Every, f.Unit, MaxFrequencyDays))
	}
	return nil
}

// String writes the frequency in the form ParseFrequency reads.
func (f Frequency) String() string {
	for name, nf := range namedFrequencies {
		if nf == f {
			return name
		}
	}
	return fmt.Sprintf("every %d %s", f.Every, f.Unit)
}

// MarshalText writes the frequency as String does.
func (f Frequency) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalText reads a frequency as ParseFrequency does.
func (f *Frequency) UnmarshalText(b []byte) error {
	v, err := ParseFrequency(string(b))
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// Label is the frequency in words, in lang.
func (f Frequency) Label(lang relaciona.Lang) string {
	if f.Unit == Once {
		return lang.T("una vez", "once")
	}
	unit := process.Labels[Unit]{Days: {"días", "days"}, Weeks: {"semanas", "weeks"}, Months: {"meses", "months"}, BusinessDays: {"días hábiles", "business days"}}
	return lang.Tf("cada %d %s", "every %d %s", f.Every, unit.Or(lang, f.Unit, [2]string{}))
}

// PlanStatus is the state of a plan item.
type PlanStatus string

// The plan item states: a draft (proposed at level 5) becomes active when
// approved at level 6, and ended once its last communication is done or
// its end date has passed with none left.
const (
	PlanDraft  PlanStatus = "draft"
	PlanActive PlanStatus = "active"
	PlanEnded  PlanStatus = "ended"
)

// PlanItem is one item of the engagement plan: an objective pursued with a
// stakeholder or a group through a channel, at a frequency, by an owner,
// with a key message. It yields scheduled communications from Start (and
// not after End, when set). Level 5 turns the strategy into plan items;
// level 6 approves them (seed 000_f7cf2e5b8754cfa1.txt, "Nivel 5" and
// "Nivel 6"); level 4 carries them out ("Nivel 4": "Implementa el plan").
//
// Next is the next communication not yet carried out; Done counts those
// carried out and Missed those skipped (a communication carried out late
// covers every one scheduled before it, and the ones skipped are counted
// as missed).
type PlanItem struct {
	ID          string        `json:"id"`
	Stakeholder string        `json:"stakeholder,omitempty"`
	Group       string        `json:"group,omitempty"`
	Objective   string        `json:"objective"`
	Channel     string        `json:"channel"`
	Frequency   Frequency     `json:"frequency"`
	Owner       string        `json:"owner"`
	Message     string        `json:"message,omitempty"`
	Start       calendar.Date `json:"start"`
	End         calendar.Date `json:"end,omitzero"`

	Status     PlanStatus    `json:"status"`
	CreatedBy  string        `json:"created_by,omitempty"`
	ApprovedBy string        `json:"approved_by,omitempty"`
	Approved   calendar.Date `json:"approved,omitzero"`
	Next       calendar.Date `json:"next,omitzero"`
	Done       int           `json:"done,omitempty"`
	Missed     int           `json:"missed,omitempty"`
	LastDone   calendar.Date `json:"last_done,omitzero"`
}

func planKey(p *PlanItem) relaciona.Key {
	t := p.Start
	if p.Status == PlanActive {
		t = p.Next
	}
	return relaciona.Key{ID: p.ID, Attrs: map[string]string{"status": string(p.Status)}, Time: dayTime(t)}
}

func (p *PlanItemSpec) toPlanItem(lang relaciona.Lang) (PlanItem, error) {
	f, err := ParseFrequencyLang(p.Frequency, lang)
	if err != nil {
		return PlanItem{}, err
	}
	start, err := calendar.ParseDate(p.Start)
	if err != nil {
		return PlanItem{}, relaciona.Invalid("start", "%s", dateMsg(err, lang))
	}
	var end calendar.Date
	if p.End != "" {
		if end, err = calendar.ParseDate(p.End); err != nil {
			return PlanItem{}, relaciona.Invalid("end", "%s", dateMsg(err, lang))
		}
	}
	return PlanItem{ID: p.ID, Stakeholder: p.Stakeholder, Group: p.Group, Objective: p.Objective, Channel: p.Channel,
		Frequency: f, Owner: p.Owner, Message: p.Message, Start: start, End: end}, nil
}

// checkSchedule refuses a schedule that yields nothing.
func (p *PlanItem) checkSchedule(lang relaciona.Lang) error {
	if err := p.Frequency.check(lang); err != nil {
		return err
	}
	if p.Start.IsZero() {
		return relaciona.Invalid("start", "%s", lang.T("la actividad necesita una fecha de inicio", "the item needs a start date"))
	}
	if !p.End.IsZero() && p.End.Before(p.Start) {
		return relaciona.Invalid("end", "%s", lang.Tf("el fin (%s) es anterior al inicio (%s): la actividad no programaría ninguna comunicación", "the end (%s) is before the start (%s): the item would schedule no communication", p.End, p.Start))
	}
	return nil
}

// occurrence returns the k-th (0-based) scheduled date of the item, and
// false when there is none (past End, or k > 0 for a one-off).
func (p *PlanItem) occurrence(cal *calendar.Calendar, k int) (calendar.Date, bool) {
	var d calendar.Date
	switch p.Frequency.Unit {
	case Once:
		if k > 0 {
			return d, false
		}
		d = p.Start
	case Days:
		d = p.Start.AddDays(k * p.Frequency.Every)
	case Weeks:
		d = p.Start.AddDays(7 * k * p.Frequency.Every)
	case Months:
		d = addMonths(p.Start, k*p.Frequency.Every)
	case BusinessDays:
		var err error
		if d, err = cal.AddBusinessDays(p.Start, k*p.Frequency.Every); err != nil {
			return d, false
		}
	default:
		return d, false
	}
	if !p.End.IsZero() && d.After(p.End) {
		return d, false
	}
	return d, true
}

// addMonths adds n months to d, keeping the day or, when the month is
// shorter, taking its last day (Jan 31 + 1 month = Feb 28 or 29).
func addMonths(d calendar.Date, n int) calendar.Date {
	m := int(d.Month) - 1 + n
	y := d.Year + m/12
	m %= 12
	if m < 0 {
		m += 12
		y--
	}
	last := time.Date(y, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day()
	return calendar.Date{Year: y, Month: time.Month(m + 1), Day: min(d.Day, last)}
}

// firstOnOrAfter returns the index and date of the first occurrence on or
// after d, and false when none is left.
func (p *PlanItem) firstOnOrAfter(cal *calendar.Calendar, d calendar.Date) (int, calendar.Date, bool) {
	// An estimate from the calendar distance, then a short walk.
	k := 0
	if !d.Before(p.Start) && p.Frequency.Unit != Once {
		days := int(dayTime(d).Sub(dayTime(p.Start)).Hours() / 24)
		switch p.Frequency.Unit {
		case Days:
			k = days / p.Frequency.Every
		case Weeks:
			k = days / (7 * p.Frequency.Every)
		case Months:
			k = days / (31 * p.Frequency.Every)
		case BusinessDays:
			k = days * 5 * 9 / (7 * 10 * p.Frequency.Every)
		}
		k = max(k-1, 0)
	}
	for ; ; k++ {
		o, ok := p.occurrence(cal, k)
		if !ok {
			return k, o, false
		}
		if !o.Before(d) {
			return k, o, true
		}
	}
}

// AddPlanItem adds a draft item to the engagement plan. It needs the
// "plan" level (5): translating the strategy into activities. The item's
// target (stakeholder or group), channel and owner (a person of level 4 or
// above) must exist, and its frequency must be possible.
func (s *Process) AddPlanItem(ctx context.Context, actor relaciona.Actor, at time.Time, p PlanItem) (PlanItem, error) {
	actor, err := s.require(ctx, actor, ActPlan)
	if err != nil {
		return PlanItem{}, err
	}
	if err := s.checkID("id", p.ID); err != nil {
		return PlanItem{}, err
	}
	if err := s.checkPlanItem(ctx, &p); err != nil {
		return PlanItem{}, err
	}
	p.Status, p.CreatedBy, p.ApprovedBy, p.Approved = PlanDraft, actor.ID, "", calendar.Date{}
	p.Next, p.Done, p.Missed, p.LastDone = calendar.Date{}, 0, 0, calendar.Date{}
	b := s.store.Begin(actor, "stakeholder.plan", "add plan item").At(at)
	s.plans.Put(b, &p, 0)
	if _, err := b.Commit(ctx); err != nil {
		return PlanItem{}, err
	}
	return p, nil
}

func (s *Process) checkPlanItem(ctx context.Context, p *PlanItem) error {
	switch {
	case p.Stakeholder == "" && p.Group == "":
		return s.invalid("stakeholder", "indique stakeholder o group", "give stakeholder or group")
	case p.Stakeholder != "" && p.Group != "":
		return s.invalid("group", "indique stakeholder o group, no ambos", "give stakeholder or group, not both")
	case p.Stakeholder != "":
		if _, err := s.stakeholders.Get(ctx, p.Stakeholder); err != nil {
			return s.notFound("stakeholder", "parte interesada desconocida %q", "unknown stakeholder %q", p.Stakeholder)
		}
	default:
		if _, err := s.groups.Get(ctx, p.Group); err != nil {
			return s.notFound("group", "grupo desconocido %q", "unknown group %q", p.Group)
		}
	}
	if p.Objective == "" {
		return s.invalid("objective", "la actividad necesita un objetivo", "the item needs an objective")
	}
	if _, ok := s.channels[p.Channel]; !ok {
		return s.notFound("channel", "canal desconocido %q", "unknown channel %q", p.Channel)
	}
	if err := s.checkPerson(ctx, "owner", p.Owner, s.cfg.Level(ActCarryOutPlan)); err != nil {
		return err
	}
	return p.checkSchedule(s.lang)
}

// ApprovePlan approves draft plan items (every draft when ids is empty),
// which start yielding communications from their first date on or after
// their start. It needs the "approve" level (6). All are approved in one
// batch; an id that is not a draft is refused and nothing changes.
func (s *Process) ApprovePlan(ctx context.Context, actor relaciona.Actor, at time.Time, ids ...string) (int, error) {
	actor, err := s.require(ctx, actor, ActApprove)
	if err != nil {
		return 0, err
	}
	n := 0
	err = s.store.Update(ctx, actor, "stakeholder.approve_plan", "approve plan items", 3, func(b *relaciona.Batch) error {
		b.At(at)
		n = 0
		var docs []relaciona.Doc[PlanItem]
		var err error
		if len(ids) == 0 {
			docs, err = s.plans.All(ctx, relaciona.Filter{Attrs: map[string]string{"status": string(PlanDraft)}})
		} else {
			docs, err = s.plans.GetMany(ctx, ids)
			if err == nil && len(docs) != len(ids) {
				for _, id := range ids {
					if !hasDoc(docs, id) {
						return missing("plan item", id)
					}
				}
			}
		}
		if err != nil {
			return err
		}
		for i := range docs {
			p := &docs[i].Value
			if p.Status != PlanDraft {
				return s.invalid("ids", "la actividad %q no es un borrador (estado %s)", "plan item %q is not a draft (status %s)", p.ID, p.Status)
			}
			p.Status, p.ApprovedBy, p.Approved = PlanActive, actor.ID, calendar.DateOf(at)
			_, next, ok := p.firstOnOrAfter(s.cal, p.Start)
			if !ok {
				p.Status = PlanEnded
			}
			p.Next = next
			s.plans.Put(b, p, docs[i].Version)
			n++
		}
		return s.checkChannelMix(ctx, docs) // channelmix.go
	})
	return n, err
}

func hasDoc[T any](docs []relaciona.Doc[T], id string) bool {
	for _, d := range docs {
		if d.ID == id {
			return true
		}
	}
	return false
}

// PlanItems returns the plan items with the given status (every item when
// status is empty).
func (s *Process) PlanItems(ctx context.Context, status PlanStatus) ([]PlanItem, error) {
	f := relaciona.Filter{}
	if status != "" {
		f.Attrs = map[string]string{"status": string(status)}
	}
	return s.plans.Values(ctx, f)
}

// Communication is a scheduled communication of an active plan item that
// has not been carried out by the date asked: Scheduled is its date,
// Deadline the last day before it is overdue (Scheduled plus the grace
// business days), Pending how many of the item's communications are
// outstanding up to the date.
type Communication struct {
	Item      PlanItem
	Scheduled calendar.Date
	Deadline  calendar.Date
	Overdue   bool
	Pending   int
}

// Due streams the communications due on date: for each active plan item
// whose next communication is scheduled on or before date, that
// communication, marked Overdue when date is past its deadline. It reads
// only those items (the store's time index holds each item's next date),
// in constant memory.
func (s *Process) Due(ctx context.Context, date calendar.Date) iter.Seq2[Communication, error] {
	return func(yield func(Communication, error) bool) {
		f := relaciona.Filter{Attrs: map[string]string{"status": string(PlanActive)}, To: dayTime(date.AddDays(1))}
		for d, err := range s.plans.Scan(ctx, f) {
			if err != nil {
				yield(Communication{}, err)
				return
			}
			c, err := s.communication(d.Value, date)
			if !yield(c, err) || err != nil {
				return
			}
		}
	}
}

// Overdue streams the communications overdue on date (Due, filtered).
func (s *Process) Overdue(ctx context.Context, date calendar.Date) iter.Seq2[Communication, error] {
	return func(yield func(Communication, error) bool) {
		for c, err := range s.Due(ctx, date) {
			if err == nil && !c.Overdue {
				continue
			}
			if !yield(c, err) || err != nil {
				return
			}
		}
	}
}

func (s *Process) communication(p PlanItem, date calendar.Date) (Communication, error) {
	deadline, err := s.cal.AddBusinessDays(p.Next, s.cfg.Plan.OverdueGraceDays)
	if err != nil {
		return Communication{}, err
	}
	c := Communication{Item: p, Scheduled: p.Next, Deadline: deadline, Overdue: date.After(deadline), Pending: 1}
	if k0, _, ok := p.firstOnOrAfter(s.cal, p.Next); ok {
		if k1, _, _ := p.firstOnOrAfter(s.cal, date.AddDays(1)); k1 > k0 {
			c.Pending = k1 - k0
		}
	}
	return c, nil
}

// carryOut marks the item's communications up to date as done: the next
// one (even if date is before it: done early), and those scheduled before
// date, of which all but the last are counted as missed.
func (p *PlanItem) carryOut(cal *calendar.Calendar, date calendar.Date) {
	k0, _, ok := p.firstOnOrAfter(cal, p.Next)
	if !ok {
		p.Status = PlanEnded
		return
	}
	k1, _, _ := p.firstOnOrAfter(cal, date.AddDays(1)) // first one after date
	covered := max(k1-k0, 1)
	p.Done++
	p.Missed += covered - 1
	p.LastDone = date
	next, ok := p.occurrence(cal, k0+covered)
	if !ok {
		p.Status = PlanEnded
		return
	}
	p.Next = next
}
