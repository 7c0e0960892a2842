package schemas

import (
	"encoding/json"
	"math"
	"strconv"

	"gopkg.in/yaml.v3"
)

// rnode is a resolved YAML value: a node tree with aliases replaced by what
// they point to and merge keys ("<<") applied, so that what is validated is
// exactly what is decoded; val is the same value as JSON data for the
// validator (objects are map[string]any, numbers json.Number).
//
// Resolved subtrees reached through several aliases are shared, not copied,
// so memory stays proportional to the file; size counts them expanded, and
// is what MaxNodes bounds.
type rnode struct {
	node   *yaml.Node
	val    any
	size   int // values in the expanded subtree, saturated at MaxNodes+1
	height int // nesting of the expanded subtree
}

type resolver struct {
	p      *problems
	memo   map[*yaml.Node]*rnode // anchored nodes already resolved
	active map[*yaml.Node]bool   // anchored nodes being resolved (to catch self-reference)
	stop   bool                  // a limit was hit: stop resolving
}

// resolveTree resolves the document's top node. It returns nil, after
// recording problems, when the file breaks a structural rule.
func resolveTree(n *yaml.Node, p *problems) *rnode {
	r := &resolver{p: p, memo: map[*yaml.Node]*rnode{}, active: map[*yaml.Node]bool{}}
	res := r.resolve(n, 0)
	if res == nil || r.stop {
		return nil
	}
	return res
}

func addSize(a, b int) int {
	if s := a + b; s <= MaxNodes {
		return s
	}
	return MaxNodes + 1
}

func (r *resolver) resolve(n *yaml.Node, depth int) *rnode {
	if r.stop || n == nil {
		return nil
	}
	if depth > MaxDepth {
		r.p.addf(n.Line, n.Column, "", "anidamiento demasiado profundo: más de %d niveles", "nesting too deep: more than %d levels", MaxDepth)
		r.stop = true
		return nil
	}
	if n.Kind == yaml.AliasNode {
		return r.alias(n, depth)
	}
	if n.Anchor != "" {
		if m, ok := r.memo[n]; ok {
			return r.checkLimits(n, m, depth)
		}
		r.active[n] = true
		defer delete(r.active, n)
	}
	var res *rnode
	switch n.Kind {
	case yaml.ScalarNode:
		res = r.scalar(n)
	case yaml.SequenceNode:
		res = r.sequence(n, depth)
	case yaml.MappingNode:
		res = r.mapping(n, depth)
	case yaml.DocumentNode:
		if len(n.Content) == 1 {
			return r.resolve(n.Content[0], depth)
		}
	}
	if res == nil {
		return nil
	}
	if n.Anchor != "" {
		r.memo[n] = res
	}
	return r.checkLimits(n, res, depth)
}

// checkLimits stops when the expanded value, placed at depth, breaks
// MaxNodes or MaxDepth.
func (r *resolver) checkLimits(at *yaml.Node, res *rnode, depth int) *rnode {
	if res == nil {
		return nil
	}
	if res.size > MaxNodes {
		r.p.addf(at.Line, at.Column, "", "el archivo tiene demasiados valores: más de %d con los alias (*) expandidos",
			"the file has too many values: more than %d with its aliases (*) expanded", MaxNodes)
		r.stop = true
		return nil
	}
	if depth+res.height > MaxDepth+1 {
		r.p.addf(at.Line, at.Column, "", "anidamiento demasiado profundo: más de %d niveles con los alias (*) expandidos",
			"nesting too deep: more than %d levels with its aliases (*) expanded", MaxDepth)
		r.stop = true
		return nil
	}
	return res
}

// alias resolves *name to its anchor's value, placed at the alias's position
// so that a problem with the value as a whole points where it is used.
func (r *resolver) alias(n *yaml.Node, depth int) *rnode {
	t := n.Alias
	if t == nil {
		r.p.addf(n.Line, n.Column, "", "el alias *%s no corresponde a ningún ancla", "alias *%s matches no anchor", n.Value)
		return nil
	}
	if r.active[t] {
		r.p.addf(n.Line, n.Column, "", "el alias *%s está dentro de su propia ancla &%s: se repetiría sin fin",
			"alias *%s is inside its own anchor &%s: it would repeat forever", n.Value, n.Value)
		r.stop = true
		return nil
	}
	target, ok := r.memo[t] // anchors come before their aliases, so usually resolved already
	if !ok {
		target = r.resolve(t, depth)
	}
	if target == nil {
		return nil
	}
	c := *target.node
	c.Line, c.Column = n.Line, n.Column
	c.Anchor = ""
	res := *target
	res.node = &c
	return r.checkLimits(n, &res, depth)
}

func (r *resolver) scalar(n *yaml.Node) *rnode {
	res := &rnode{node: n, size: 1, height: 1}
	switch tag := n.ShortTag(); tag {
	case "!!str", "!!timestamp":
		// Dates stay text ("2026-01-05"): schemas check them with a pattern or
		// format, and they decode into string fields.
		res.val = n.Value
	case "!!null":
		res.val = nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			r.p.addf(n.Line, n.Column, "", "%q no es un valor true o false", "%q is not a true or false value", clip(n.Value))
			return nil
		}
		res.val = b
	case "!!int", "!!float":
		var x any
		if err := n.Decode(&x); err != nil {
			r.p.addf(n.Line, n.Column, "", "%q no es un número válido", "%q is not a valid number", clip(n.Value))
			return nil
		}
		switch x := x.(type) {
		case int:
			res.val = json.Number(strconv.FormatInt(int64(x), 10))
		case int64:
			res.val = json.Number(strconv.FormatInt(x, 10))
		case uint64:
			res.val = json.Number(strconv.FormatUint(x, 10))
		case float64:
			if math.IsNaN(x) || math.IsInf(x, 0) {
				r.p.addf(n.Line, n.Column, "", "el número %s no está admitido: use un número finito", "number %s is not supported: use a finite number", clip(n.Value))
				return nil
			}
			res.val = json.Number(strconv.FormatFloat(x, 'g', -1, 64))
		default:
			r.p.addf(n.Line, n.Column, "", "%q no es un número válido", "%q is not a valid number", clip(n.Value))
			return nil
		}
	case "!!merge":
		r.p.addf(n.Line, n.Column, "", "«<<» solo puede usarse como clave para combinar objetos", "\"<<\" can only be used as a key, to merge objects")
		return nil
	default:
		r.badTag(n)
		return nil
	}
	return res
}

// badTag reports a YAML tag the schemas do not take.
func (r *resolver) badTag(n *yaml.Node) {
	r.p.addf(n.Line, n.Column, "", "etiqueta YAML %s no admitida: quítela", "YAML tag %s is not supported: remove it", clip(n.Tag))
}

func (r *resolver) sequence(n *yaml.Node, depth int) *rnode {
	if tag := n.ShortTag(); tag != "!!seq" {
		r.badTag(n)
		return nil
	}
	c := *n
	c.Content = make([]*yaml.Node, 0, len(n.Content))
	vals := make([]any, 0, len(n.Content))
	res := &rnode{node: &c, size: 1, height: 1}
	ok := true
	for _, item := range n.Content {
		ri := r.resolve(item, depth+1)
		if r.stop {
			return nil
		}
		if ri == nil {
			ok = false
			continue
		}
		c.Content = append(c.Content, ri.node)
		vals = append(vals, ri.val)
		res.size = addSize(res.size, ri.size)
		res.height = max(res.height, ri.height+1)
	}
	if !ok {
		return nil
	}
	res.val = vals
	return res
}

// mapping resolves an object: keys must be scalars, appear once, and
// "<<: *anchor" merges (YAML merge keys: the object's own keys win, then
// earlier merged objects over later ones).
func (r *resolver) mapping(n *yaml.Node, depth int) *rnode {
	if tag := n.ShortTag(); tag != "!!map" {
		r.badTag(n)
		return nil
	}
	c := *n
	c.Content = make([]*yaml.Node, 0, len(n.Content))
	obj := make(map[string]any, len(n.Content)/2)
	seen := make(map[string]*yaml.Node, len(n.Content)/2)
	res := &rnode{node: &c, size: 1, height: 1}
	var merges []*rnode
	ok := true
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			ms := r.mergeSources(v, depth)
			if r.stop {
				return nil
			}
			if ms == nil {
				ok = false
			}
			merges = append(merges, ms...)
			continue
		}
		key := r.key(k, depth)
		if r.stop {
			return nil
		}
		if key == nil {
			ok = false
			continue
		}
		if prev, dup := seen[key.Value]; dup {
			r.p.addf(key.Line, key.Column, "", "la clave %q está repetida (ya aparece en la línea %d)",
				"key %q is repeated (it already appears on line %d)", clip(key.Value), prev.Line)
			ok = false
			continue
		}
		seen[key.Value] = key
		rv := r.resolve(v, depth+1)
		if r.stop {
			return nil
		}
		if rv == nil {
			ok = false
			continue
		}
		c.Content = append(c.Content, key, rv.node)
		obj[key.Value] = rv.val
		res.size = addSize(res.size, addSize(1, rv.size))
		res.height = max(res.height, rv.height+1)
	}
	for _, m := range merges {
		for i := 0; i+1 < len(m.node.Content); i += 2 {
			k, v := m.node.Content[i], m.node.Content[i+1]
			if _, dup := seen[k.Value]; dup {
				continue
			}
			seen[k.Value] = k
			c.Content = append(c.Content, k, v)
			obj[k.Value] = m.val.(map[string]any)[k.Value]
		}
		res.size = addSize(res.size, m.size)
		res.height = max(res.height, m.height)
	}
	if !ok {
		return nil
	}
	res.val = obj
	return res
}

// key resolves a mapping key, which must be a non-null scalar; its text is
// the key (so "1: x" has the key "1").
func (r *resolver) key(k *yaml.Node, depth int) *yaml.Node {
	rk := r.resolve(k, depth+1)
	if rk == nil {
		return nil
	}
	n := rk.node
	switch {
	case n.Kind != yaml.ScalarNode:
		r.p.addf(n.Line, n.Column, "", "una clave debe ser un texto, no %s", "a key must be text, not %s", describeNode(n, r.p.lang))
		return nil
	case n.ShortTag() == "!!null":
		r.p.addf(n.Line, n.Column, "", "falta la clave antes de «:» (una clave no puede estar vacía)", "the key before \":\" is missing (a key cannot be empty)")
		return nil
	}
	return n
}

// mergeSources resolves the value of a "<<" key: an object or a list of
// objects, usually aliases.
func (r *resolver) mergeSources(v *yaml.Node, depth int) []*rnode {
	one := func(n *yaml.Node) *rnode {
		rn := r.resolve(n, depth)
		if rn == nil {
			return nil
		}
		if rn.node.Kind != yaml.MappingNode {
			r.p.addf(n.Line, n.Column, "", "«<<» combina objetos, pero aquí hay %s", "\"<<\" merges objects, but here is %s", describeNode(rn.node, r.p.lang))
			return nil
		}
		return rn
	}
	target := v
	if v.Kind == yaml.AliasNode && v.Alias != nil {
		target = v.Alias
	}
	if target.Kind != yaml.SequenceNode {
		m := one(v)
		if m == nil {
			return nil
		}
		return []*rnode{m}
	}
	var out []*rnode
	for _, item := range target.Content {
		m := one(item)
		if m == nil {
			return nil
		}
		out = append(out, m)
	}
	return out
}

// describeNode says in words what a node is, for "found ..." messages.
func describeNode(n *yaml.Node, lang interface{ T(es, en string) string }) string {
	if n == nil {
		return lang.T("nada", "nothing")
	}
	switch n.Kind {
	case yaml.MappingNode:
		return lang.T("un objeto (clave: valor)", "an object (key: value)")
	case yaml.SequenceNode:
		return lang.T("una lista", "a list")
	case yaml.AliasNode:
		return lang.T("un alias", "an alias")
	case yaml.DocumentNode:
		return lang.T("un documento", "a document")
	}
	switch n.ShortTag() {
	case "!!null":
		return lang.T("un valor vacío", "an empty value")
	case "!!bool":
		return lang.T("el valor ", "the value ") + n.Value
	case "!!int", "!!float":
		return lang.T("el número ", "the number ") + clip(n.Value)
	}
	return lang.T("el texto ", "the text ") + strconv.Quote(clip(n.Value))
}
