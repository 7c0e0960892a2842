package deployment

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/relaciona/relaciona"
)

// PersonalConfig is the personal_data section: how long the personal data
// of each record kind is kept, and what of it a public record keeps for
// good under the archive law. `relaciona subject sweep` anonymises the
// records past their retention; an erasure on a data subject's request
// also leaves the kept fields.
type PersonalConfig struct {
	// Retention is one rule per record kind: the file's, then the
	// defaults (DefaultRetention) for the kinds the file does not name,
	// sorted by kind.
	Retention []relaciona.Retention
}

// DefaultRetention is the retention of the kinds a deployment's
// personal_data section does not name. The agency must check each period
// against its own rules (in Colombia its Tabla de Retención Documental,
// Ley 594 de 2000 art. 24 and Acuerdo AGN 004 de 2019; in Uruguay and
// Chile the finality of the data, Ley 18.331 art. 8 and Ley 19.628 art. 6
// / Ley 21.719) and set them in the file: these are documented defaults,
// not legal advice.
//
//   - citizen.pqrsd, citizen.notice, desk.ticket, desk.comment: 5 years
//     after filing, a common Colombian retention for PQRSD (2 years in the
//     office archive, 3 in the central archive). Nothing is kept: the
//     original, when the agency's schedule keeps it for good, lives in
//     its document management system, not in this working store.
//   - citizen.citizen: 2 years after registration: characterisation data
//     serve the yearly characterisation (Decreto 1377 de 2013 art. 11,
//     finality and temporality).
//   - relaciona.notification: 1 year after it was written (or sent).
//   - satisfaction.survey, satisfaction.interview, satisfaction.complaint:
//     3 years, enough to compare three yearly cycles.
//
// Every other kind (the stakeholder register, the alliance contacts,
// which serve a relationship while it lasts) is kept until an erasure.
func DefaultRetention() []relaciona.Retention {
	return []relaciona.Retention{
		{Kind: "citizen.citizen", Years: 2, Default: true},
		{Kind: "citizen.notice", Years: 5, Default: true},
		{Kind: "citizen.pqrsd", Years: 5, Default: true},
		{Kind: "desk.comment", Years: 5, Default: true},
		{Kind: "desk.ticket", Years: 5, Default: true},
		{Kind: "relaciona.notification", Years: 1, Default: true},
		{Kind: "satisfaction.complaint", Years: 3, Default: true},
		{Kind: "satisfaction.interview", Years: 3, Default: true},
		{Kind: "satisfaction.survey", Years: 3, Default: true},
	}
}

// personalShape is the personal_data section as the file writes it.
type personalShape struct {
	Retention []retentionShape `yaml:"retention"`
}

type retentionShape struct {
	Kind       located   `yaml:"kind"`
	KeepFor    located   `yaml:"keep_for"`
	KeepFields []located `yaml:"keep_fields"`
}

// parseKeepFor reads "10y", "18m", "90d" or "never" (all zero).
func parseKeepFor(s string) (years, months, days int, err error) {
	if s == "never" {
		return 0, 0, 0, nil
	}
	if len(s) < 2 {
		return 0, 0, 0, fmt.Errorf("too short")
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 {
		return 0, 0, 0, fmt.Errorf("not a positive number")
	}
	switch s[len(s)-1] {
	case 'y':
		return n, 0, 0, nil
	case 'm':
		return 0, n, 0, nil
	case 'd':
		return 0, 0, n, nil
	}
	return 0, 0, 0, fmt.Errorf("unknown unit")
}

// personalConfig checks the section and applies the defaults. The schema
// already checked the shapes; this finds a kind named twice, a period
// that is zero and a field path that is not a path, at file:line:col.
func (d *Deployment) personalConfig(f personalShape, p *problemList, lang relaciona.Lang) PersonalConfig {
	var c PersonalConfig
	seen := map[string]bool{}
	for i, r := range f.Retention {
		at := fmt.Sprintf("personal_data.retention[%d]", i)
		kind := r.Kind.Value
		if seen[kind] {
			p.add(r.Kind.Position, at+".kind", lang.Tf("el tipo de registro %q ya tiene una regla de conservación", "record kind %q already has a retention rule", kind))
			continue
		}
		seen[kind] = true
		y, m, dd, err := parseKeepFor(r.KeepFor.Value)
		if err != nil {
			p.add(r.KeepFor.Position, at+".keep_for", lang.Tf("plazo %q no válido: use años (10y), meses (18m) o días (90d) mayores que cero, o never",
				"period %q is not valid: use years (10y), months (18m) or days (90d) above zero, or never", r.KeepFor.Value))
			continue
		}
		rule := relaciona.Retention{Kind: kind, Years: y, Months: m, Days: dd}
		for j, k := range r.KeepFields {
			if k.Value == "" || strings.HasPrefix(k.Value, ".") || strings.HasSuffix(k.Value, ".") || strings.Contains(k.Value, "..") || strings.ContainsAny(k.Value, " \t[]") {
				p.add(k.Position, fmt.Sprintf("%s.keep_fields[%d]", at, j), lang.Tf("%q no es una ruta de campo: use nombres JSON separados por puntos, como requester.name",
					"%q is not a field path: use JSON names joined by dots, such as requester.name", k.Value))
				continue
			}
			rule.Keep = append(rule.Keep, k.Value)
		}
		c.Retention = append(c.Retention, rule)
	}
	for _, r := range DefaultRetention() {
		if !seen[r.Kind] {
			c.Retention = append(c.Retention, r)
		}
	}
	slices.SortFunc(c.Retention, func(a, b relaciona.Retention) int { return strings.Compare(a.Kind, b.Kind) })
	return c
}

// RetentionOf returns the retention rule of kind, and whether there is one.
func (c PersonalConfig) RetentionOf(kind string) (relaciona.Retention, bool) {
	i := slices.IndexFunc(c.Retention, func(r relaciona.Retention) bool { return r.Kind == kind })
	if i < 0 {
		return relaciona.Retention{}, false
	}
	return c.Retention[i], true
}
