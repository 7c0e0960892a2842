package citizen

import (
	"slices"
	"strconv"
	"strings"
)

// Rule is a segment rule over the characterisation variables: either a
// combination (all, any, not) of rules, or one condition on a variable.
//
//	rule:
//	  all:
//	    - {variable: edad, gte: 60}
//	    - {variable: zona, eq: rural}
//	    - not: {variable: discapacidad, eq: true}
//
// Conditions: eq and ne (any type), in (a list, category), gt, gte, lt,
// lte (number), exists (true: the citizen has a value). A citizen with no
// value for the variable fails every condition but "exists: false" and
// "ne". LoadConfig rejects a rule that names an unknown variable, a value a
// category variable does not have, or an operator its type does not take.
type Rule struct {
	All []Rule `yaml:"all,omitempty" json:"all,omitempty"`
	Any []Rule `yaml:"any,omitempty" json:"any,omitempty"`
	Not *Rule  `yaml:"not,omitempty" json:"not,omitempty"`

	Variable string   `yaml:"variable,omitempty" json:"variable,omitempty"`
	Eq       *string  `yaml:"eq,omitempty" json:"eq,omitempty"`
	Ne       *string  `yaml:"ne,omitempty" json:"ne,omitempty"`
	In       []string `yaml:"in,omitempty" json:"in,omitempty"`
	Gt       *float64 `yaml:"gt,omitempty" json:"gt,omitempty"`
	Gte      *float64 `yaml:"gte,omitempty" json:"gte,omitempty"`
	Lt       *float64 `yaml:"lt,omitempty" json:"lt,omitempty"`
	Lte      *float64 `yaml:"lte,omitempty" json:"lte,omitempty"`
	Exists   *bool    `yaml:"exists,omitempty" json:"exists,omitempty"`
}

// maxRuleDepth bounds the nesting of rules.
const maxRuleDepth = 8

func (r *Rule) isLeaf() bool { return r.Variable != "" }

func (r *Rule) combinators() int {
	n := 0
	if len(r.All) > 0 {
		n++
	}
	if len(r.Any) > 0 {
		n++
	}
	if r.Not != nil {
		n++
	}
	return n
}

func (r *Rule) operators() []string {
	var ops []string
	if r.Eq != nil {
		ops = append(ops, "eq")
	}
	if r.Ne != nil {
		ops = append(ops, "ne")
	}
	if len(r.In) > 0 {
		ops = append(ops, "in")
	}
	if r.Gt != nil {
		ops = append(ops, "gt")
	}
	if r.Gte != nil {
		ops = append(ops, "gte")
	}
	if r.Lt != nil {
		ops = append(ops, "lt")
	}
	if r.Lte != nil {
		ops = append(ops, "lte")
	}
	if r.Exists != nil {
		ops = append(ops, "exists")
	}
	return ops
}

// checkRule reports what is wrong with a rule at path.
func checkRule(k *checker, path []any, r *Rule, vars map[string]*Variable, depth int) {
	at := func(more ...any) []any { return append(slices.Clone(path), more...) }
	if depth > maxRuleDepth {
		k.Add(path, "regla demasiado anidada (máximo %d niveles)", "rule nested too deep (at most %d levels)", maxRuleDepth)
		return
	}
	switch {
	case r.isLeaf() && r.combinators() > 0:
		k.Add(path, "una regla es una condición sobre una variable o una combinación (all, any, not), no ambas",
			"a rule is either a condition on a variable or a combination (all, any, not), not both")
		return
	case !r.isLeaf() && r.combinators() == 0:
		k.Add(path, "regla vacía: nombre una variable o use all, any o not", "empty rule: name a variable or use all, any or not")
		return
	case r.combinators() > 1:
		k.Add(path, "use una sola de all, any o not por nivel", "use only one of all, any or not per level")
		return
	}
	if !r.isLeaf() {
		for i := range r.All {
			checkRule(k, at("all", i), &r.All[i], vars, depth+1)
		}
		for i := range r.Any {
			checkRule(k, at("any", i), &r.Any[i], vars, depth+1)
		}
		if r.Not != nil {
			checkRule(k, at("not"), r.Not, vars, depth+1)
		}
		return
	}
	v, ok := vars[r.Variable]
	if !ok {
		names := make([]string, 0, len(vars))
		for n := range vars {
			names = append(names, n)
		}
		slices.Sort(names)
		k.Add(at("variable"), "la regla nombra la variable desconocida %q (variables: %s)", "the rule names the unknown variable %q (variables: %s)",
			r.Variable, strings.Join(names, ", "))
		return
	}
	ops := r.operators()
	if len(ops) != 1 {
		k.Add(path, "una condición lleva exactamente un operador (eq, ne, in, gt, gte, lt, lte, exists); tiene %d",
			"a condition takes exactly one operator (eq, ne, in, gt, gte, lt, lte, exists); it has %d", len(ops))
		return
	}
	op := ops[0]
	switch v.Type {
	case VarCategory:
		if op == "gt" || op == "gte" || op == "lt" || op == "lte" {
			k.Add(at(op), "la variable de categoría %q no admite %s", "the category variable %q does not take %s", v.ID, op)
		}
		for _, val := range r.values() {
			if !slices.Contains(v.Values, val) {
				k.Add(at(op), "%q no es un valor de la variable %q (%s)", "%q is not a value of variable %q (%s)", val, v.ID, strings.Join(v.Values, ", "))
			}
		}
	case VarNumber:
		if op == "in" {
			k.Add(at(op), "la variable numérica %q no admite in; use gte y lt", "the number variable %q does not take in; use gte and lt", v.ID)
		}
		for _, val := range r.values() {
			if _, err := strconv.ParseFloat(val, 64); err != nil {
				k.Add(at(op), "%q no es un número", "%q is not a number", val)
			}
		}
	case VarBoolean:
		if op != "eq" && op != "ne" && op != "exists" {
			k.Add(at(op), "la variable booleana %q solo admite eq, ne o exists", "the boolean variable %q only takes eq, ne or exists", v.ID)
		}
		for _, val := range r.values() {
			if val != "true" && val != "false" {
				k.Add(at(op), "%q no es true ni false", "%q is neither true nor false", val)
			}
		}
	}
}

// values returns the literal values of eq, ne and in.
func (r *Rule) values() []string {
	switch {
	case r.Eq != nil:
		return []string{*r.Eq}
	case r.Ne != nil:
		return []string{*r.Ne}
	}
	return r.In
}

// Match reports whether a citizen with values vals satisfies the rule.
// Values are text: numbers in decimal, booleans as true or false.
func (r *Rule) Match(vals map[string]string) bool {
	switch {
	case len(r.All) > 0:
		for i := range r.All {
			if !r.All[i].Match(vals) {
				return false
			}
		}
		return true
	case len(r.Any) > 0:
		for i := range r.Any {
			if r.Any[i].Match(vals) {
				return true
			}
		}
		return false
	case r.Not != nil:
		return !r.Not.Match(vals)
	case r.Variable == "":
		return false
	}
	val, has := vals[r.Variable]
	switch {
	case r.Exists != nil:
		return has == *r.Exists
	case r.Ne != nil:
		return !has || !sameValue(val, *r.Ne)
	case !has:
		return false
	case r.Eq != nil:
		return sameValue(val, *r.Eq)
	case len(r.In) > 0:
		return slices.Contains(r.In, val)
	}
	x, err := strconv.ParseFloat(val, 64)
	if err != nil {
		return false
	}
	switch {
	case r.Gt != nil:
		return x > *r.Gt
	case r.Gte != nil:
		return x >= *r.Gte
	case r.Lt != nil:
		return x < *r.Lt
	case r.Lte != nil:
		return x <= *r.Lte
	}
	return false
}

// sameValue compares two values as numbers when both are, else as text.
func sameValue(a, b string) bool {
	if a == b {
		return true
	}
	x, err1 := strconv.ParseFloat(a, 64)
	y, err2 := strconv.ParseFloat(b, 64)
	return err1 == nil && err2 == nil && x == y
}
