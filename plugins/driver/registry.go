package driver

import (
	"sort"
	"sync"
)

// schemeRegistry maps URL schemes to the openers registered for them; it
// is safe for concurrent use. The four kinds of backend (stores,
// directories, channels, ticket adapters) each keep one.
type schemeRegistry[O any] struct {
	mu      sync.RWMutex
	openers map[string]O
}

// register makes open available under scheme, replacing an earlier opener.
func (r *schemeRegistry[O]) register(scheme string, open O) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.openers == nil {
		r.openers = map[string]O{}
	}
	r.openers[scheme] = open
}

// lookup returns the opener registered for scheme.
func (r *schemeRegistry[O]) lookup(scheme string) (O, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	o, ok := r.openers[scheme]
	return o, ok
}

// schemes lists the registered schemes, sorted.
func (r *schemeRegistry[O]) schemes() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, 0, len(r.openers))
	for s := range r.openers {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
