package stakeholder

import (
	"fmt"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/relaciona/relaciona/calendar"
)

// GovernanceConfig is the YAML governance section: the monitoring review
// period, how long a most important stakeholder may go without an
// interaction by its level-7 owner, and where ApprovePlan asks for formal
// and informal channels combined.
type GovernanceConfig struct {
	// MonitoringPeriod is the period each monitoring review covers:
	// month, quarter (default), half or year.
	MonitoringPeriod string `yaml:"monitoring_period"`
	// MostImportantMaxDays is how many business days a most important
	// stakeholder may go without an interaction by its owner (default 60).
	MostImportantMaxDays int `yaml:"most_important_max_days"`
	// ChannelMix says whose plan must combine formal and informal
	// channels when ApprovePlan approves it: most_important (default: the
	// most important stakeholders), key (also every manage-closely
	// stakeholder) or off.
	ChannelMix string `yaml:"channel_mix"`
	pos        positions
}

// The channel_mix values.
const (
	ChannelMixMostImportant = "most_important"
	ChannelMixKey           = "key"
	ChannelMixOff           = "off"
)

// The monitoring periods.
const (
	PeriodMonth   = "month"
	PeriodQuarter = "quarter"
	PeriodHalf    = "half"
	PeriodYear    = "year"
)

// checkGovernance fills in the governance defaults and checks its values
// (the schema checks them in YAML; this is for a Config built in Go).
func (c *Config) checkGovernance(k *checker) {
	g := &c.Governance
	if g.MonitoringPeriod == "" {
		g.MonitoringPeriod = PeriodQuarter
	}
	if g.MostImportantMaxDays == 0 {
		g.MostImportantMaxDays = 60
	}
	if g.ChannelMix == "" {
		g.ChannelMix = ChannelMixMostImportant
	}
	switch g.MonitoringPeriod {
	case PeriodMonth, PeriodQuarter, PeriodHalf, PeriodYear:
	default:
		k.add(g.pos, "monitoring_period", "governance.monitoring_period", "periodo %q: use month, quarter, half o year", "period %q: use month, quarter, half or year", g.MonitoringPeriod)
	}
	if g.MostImportantMaxDays < 1 || g.MostImportantMaxDays > 365 {
		k.add(g.pos, "most_important_max_days", "governance.most_important_max_days", "%d días hábiles: use 1 a 365", "%d business days: use 1 to 365", g.MostImportantMaxDays)
	}
	switch g.ChannelMix {
	case ChannelMixMostImportant, ChannelMixKey, ChannelMixOff:
	default:
		k.add(g.pos, "channel_mix", "governance.channel_mix", "valor %q: use most_important, key u off", "value %q: use most_important, key or off", g.ChannelMix)
	}
}

// monitoringPeriod returns the id, first and last day of the monitoring
// period (Governance.MonitoringPeriod) that holds d: "2026-03",
// "2026-Q1", "2026-H1" or "2026".
func (c *Config) monitoringPeriod(d calendar.Date) (id string, from, to calendar.Date) {
	months, id := 3, ""
	switch c.Governance.MonitoringPeriod {
	case PeriodMonth:
		months, id = 1, fmt.Sprintf("%04d-%02d", d.Year, int(d.Month))
	case PeriodHalf:
		months, id = 6, fmt.Sprintf("%04d-H%d", d.Year, (int(d.Month)-1)/6+1)
	case PeriodYear:
		months, id = 12, fmt.Sprintf("%04d", d.Year)
	default:
		id = fmt.Sprintf("%04d-Q%d", d.Year, (int(d.Month)-1)/3+1)
	}
	first := (int(d.Month)-1)/months*months + 1
	from = calendar.Date{Year: d.Year, Month: time.Month(first), Day: 1}
	to = addMonths(from, months).AddDays(-1)
	return id, from, to
}

// UnmarshalYAML decodes a GovernanceConfig and remembers where its values are.
func (g *GovernanceConfig) UnmarshalYAML(n *yaml.Node) error {
	type plain GovernanceConfig
	return decodeAt(n, (*plain)(g), &g.pos)
}
