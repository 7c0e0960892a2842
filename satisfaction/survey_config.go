package satisfaction

import (
	"maps"
	"slices"
	"time"
)

// SurveyConf is the governance of the satisfaction surveys the ticket system
// sends when a ticket closes (seed 003 §3.1: "Encuestas provenientes del
// sistema de tickets"), in the shape helpdesk survey modules share (OTRS and
// Znuny Survey send after a ticket closes and at most once per ticket;
// Plain's responseDelayMinutes; Salesforce's autoExpiryDays; ServiceNow's
// assessment duration):
//
//	surveys:
//	  delay_hours: 24           # calendar hours after the ticket closes
//	  sample_rate: 0.5          # share of closed tickets surveyed (0-1)
//	  lifetime_days: 14         # calendar days an invitation stays open
//	  comment_required_below:   # a score below this needs a comment
//	    csat: 3
//	    nps: 7
//
// The delay and the lifetime are calendar time, not business time: the
// invitation goes by e-mail or on the ticket, which the client reads when
// they like, and every module cited counts plain time. Each ticket is
// surveyed at most once (a uniqueness claim), even when it is reopened and
// closed again.
type SurveyConf struct {
	// DelayHours is how long after a ticket closes its invitation becomes
	// due (0: at the first Run after it closes).
	DelayHours int `yaml:"delay_hours"`
	// SampleRate is the share of closed tickets whose client is invited,
	// 0-1 (default 1: all). Which tickets are chosen depends only on the
	// ticket id (SurveySampled), so two runs or two processes agree.
	SampleRate *float64 `yaml:"sample_rate"`
	// LifetimeDays is how many days an invitation stays open (default 14);
	// an answer after that is refused.
	LifetimeDays int `yaml:"lifetime_days"`
	// CommentBelow maps a metric (csat, nps, ces) to the score below which
	// an answer must carry a comment; for a metric whose scale has
	// lower_is_better, the score above which it must.
	CommentBelow map[string]int `yaml:"comment_required_below"`
}

// defaultSurveyLifetimeDays is how long an invitation stays open when the
// file does not say (ServiceNow's default assessment duration).
const defaultSurveyLifetimeDays = 14

func (s *SurveyConf) defaults() {
	if s == nil {
		return
	}
	if s.SampleRate == nil {
		one := 1.0
		s.SampleRate = &one
	}
	if s.LifetimeDays == 0 {
		s.LifetimeDays = defaultSurveyLifetimeDays
	}
}

// delay is DelayHours as a duration.
func (s *SurveyConf) delay() time.Duration { return time.Duration(s.DelayHours) * time.Hour }

// lifetime is LifetimeDays as a duration.
func (s *SurveyConf) lifetime() time.Duration { return time.Duration(s.LifetimeDays) * 24 * time.Hour }

// check validates what the JSON Schema cannot: the comment thresholds name
// a known metric and sit on its scale.
func (s *SurveyConf) check(k *checker, sc Scales) {
	if s == nil {
		return
	}
	if s.DelayHours < 0 {
		k.Add([]any{"surveys", "delay_hours"}, "la demora no puede ser negativa", "the delay cannot be negative")
	}
	if s.LifetimeDays < 0 {
		k.Add([]any{"surveys", "lifetime_days"}, "la vigencia no puede ser negativa", "the lifetime cannot be negative")
	}
	if r := *s.SampleRate; r < 0 || r > 1 {
		k.Add([]any{"surveys", "sample_rate"}, "la tasa de muestreo es una fracción entre 0 y 1 (0.5 = la mitad de los tickets)", "the sampling rate is a fraction between 0 and 1 (0.5 = half the tickets)")
	}
	metrics := slices.Sorted(maps.Keys(s.CommentBelow))
	for _, m := range metrics {
		var scale Scale
		switch m {
		case "csat":
			scale = sc.CSAT
		case "nps":
			scale = sc.NPS
		case "ces":
			scale = sc.CES
		default:
			k.Add([]any{"surveys", "comment_required_below", m}, "métrica desconocida %q (csat, nps o ces)", "unknown metric %q (csat, nps or ces)", m)
			continue
		}
		if v := s.CommentBelow[m]; !scale.Contains(v) {
			k.Add([]any{"surveys", "comment_required_below", m}, "el umbral %d está fuera de la escala %d-%d", "threshold %d is outside the scale %d-%d", v, scale.Min, scale.Max)
		}
	}
}

// commentRequired reports whether an answer of metric with score must carry
// a comment.
func (s *SurveyConf) commentRequired(metric string, score int, sc Scale) bool {
	t, ok := s.CommentBelow[metric]
	if !ok {
		return false
	}
	if sc.LowerIsBetter {
		return score > t
	}
	return score < t
}
