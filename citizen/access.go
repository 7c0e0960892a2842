package citizen

import (
	"slices"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
)

// Accessible service channels (issue #19, item 3; seed 002, result
// "Canales de atención a la ciudadanía accesibles"). A channel declares the
// accessibility features it offers (channels[].accessibility) and a
// segment the features its people need (segments[].access_needs), both
// from the list below. The offer analysis flags an item when a segment it
// serves needs a feature that none of the item's channels offers
// (AccessGap, action make_accessible), and the offer register report shows
// the accessible channel coverage.
//
// The list follows Colombia's rules for accessible citizen service: NTC
// 5854 (accessibility of web pages, WCAG 2.0 levels A and AA, required by
// Resolución MinTIC 1519 de 2020 for sede electrónica content) for people
// with visual disabilities on the web; Ley 1618 de 2013 (art. 14, access to
// information and communications) and Ley 982 de 2005 (Colombian Sign
// Language, Centro de Relevo) for deaf and hard-of-hearing people; NTC
// 6047 (accessibility of in-person citizen-service spaces) for physical
// access; Ley 1381 de 2010 (native languages: a person may deal with the
// State in their own language) for ethnic languages; and the Función
// Pública citizen-service guidance (Guía de accesibilidad, "Protocolo de
// servicio al ciudadano") for people in rural areas or without internet
// and for easy-to-read information.
const (
	// AccessVisual: usable by people who are blind or have low vision
	// (web content meeting NTC 5854 AA and usable with a screen reader;
	// large print or braille, ConVerTIC at in-person points).
	AccessVisual = "visual"
	// AccessHearing: usable by deaf and hard-of-hearing people (Colombian
	// Sign Language interpretation, Centro de Relevo, a written channel
	// such as chat or SMS).
	AccessHearing = "hearing"
	// AccessCognitive: easy-to-read material and accompaniment for people
	// with intellectual or psychosocial disabilities.
	AccessCognitive = "cognitive"
	// AccessMobility: step-free, reachable in-person points (NTC 6047).
	AccessMobility = "mobility"
	// AccessEthnicLanguage: service in the indigenous and creole
	// languages of the territory (Ley 1381 de 2010).
	AccessEthnicLanguage = "ethnic_language"
	// AccessForeignLanguage: service in other languages (English for the
	// islands, for instance).
	AccessForeignLanguage = "foreign_language"
	// AccessNoInternet: reachable without internet (phone line, in-person
	// point, mobile unit, mail), for rural people and those without
	// connectivity.
	AccessNoInternet = "no_internet"
)

// AccessFeatures lists the accessibility features a channel may offer and
// a segment may need.
func AccessFeatures() []string {
	return []string{AccessVisual, AccessHearing, AccessCognitive, AccessMobility, AccessEthnicLanguage, AccessForeignLanguage, AccessNoInternet}
}

// AccessLabel is the name of an accessibility feature for a reader.
func AccessLabel(f string, l relaciona.Lang) string {
	return process.Labels[string]{
		AccessVisual:          {"discapacidad visual", "visual disability"},
		AccessHearing:         {"discapacidad auditiva", "hearing disability"},
		AccessCognitive:       {"discapacidad cognitiva o psicosocial", "cognitive or psychosocial disability"},
		AccessMobility:        {"movilidad reducida", "reduced mobility"},
		AccessEthnicLanguage:  {"lenguas nativas", "native languages"},
		AccessForeignLanguage: {"otros idiomas", "other languages"},
		AccessNoInternet:      {"sin internet o zona rural", "no internet or rural"},
	}.Of(l, f)
}

// AccessGap is an accessibility feature that a segment an offer item
// serves needs and none of the item's channels offers.
type AccessGap struct {
	Segment string `json:"segment"`
	Need    string `json:"need"`
}

// accessGaps lists the gaps of it: for each segment it serves (all
// segments when it names none), each need of the segment that no channel
// of the item offers, in the segments' and needs' order.
func (c *Config) accessGaps(it *OfferItem) []AccessGap {
	var gaps []AccessGap
	for _, sg := range c.servedSegments(it) {
		for _, need := range sg.AccessNeeds {
			if !c.channelsOffer(it.Channels, need) {
				gaps = append(gaps, AccessGap{Segment: sg.ID, Need: need})
			}
		}
	}
	return gaps
}

// accessCoverage counts the (segment, need) pairs of it and those that a
// channel of the item covers.
func (c *Config) accessCoverage(it *OfferItem) (covered, total int) {
	for _, sg := range c.servedSegments(it) {
		for _, need := range sg.AccessNeeds {
			total++
			if c.channelsOffer(it.Channels, need) {
				covered++
			}
		}
	}
	return covered, total
}

func (c *Config) servedSegments(it *OfferItem) []*Segment {
	var out []*Segment
	if len(it.Segments) == 0 {
		for i := range c.Segments {
			out = append(out, &c.Segments[i])
		}
		return out
	}
	for _, id := range it.Segments {
		if sg := c.segs[id]; sg != nil {
			out = append(out, sg)
		}
	}
	return out
}

// channelsOffer reports whether one of the channels offers feature f.
func (c *Config) channelsOffer(channels []string, f string) bool {
	for _, id := range channels {
		if ch := c.chans[id]; ch != nil && slices.Contains(ch.Accessibility, f) {
			return true
		}
	}
	return false
}

// checkAccess validates the channels' features and the segments' needs.
func (c *Config) checkAccess(k *checker) {
	for i, ch := range c.Channels {
		for j, f := range ch.Accessibility {
			if !slices.Contains(AccessFeatures(), f) {
				k.Add([]any{"channels", i, "accessibility", j}, "característica de accesibilidad desconocida %q", "unknown accessibility feature %q", f)
			}
		}
	}
	for i, sg := range c.Segments {
		for j, f := range sg.AccessNeeds {
			if !slices.Contains(AccessFeatures(), f) {
				k.Add([]any{"segments", i, "access_needs", j}, "necesidad de accesibilidad desconocida %q", "unknown accessibility need %q", f)
			}
		}
	}
	if v := c.PlainLanguage.MinScore; v < 0 || v > 100 {
		k.Add([]any{"plain_language", "min_score"}, "el puntaje mínimo va de 0 a 100 (escala INFLESZ)", "the minimum score is 0 to 100 (INFLESZ scale)")
	}
}
