package driver

import (
	"maps"
	"slices"
	"sync"
)

// The registries of the four kinds of backend, and their Register, Lookup
// and Schemes functions, side by side: a backend package registers its
// opener from its init function; the host looks an opener up by the URL's
// scheme.

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
	out := slices.Sorted(maps.Keys(r.openers))
	return out
}

var storeRegistry schemeRegistry[Opener]

// RegisterStore makes a driver available under a URL scheme. It is meant to
// be called from a driver package's init function; registering a scheme
// twice replaces the earlier opener.
func RegisterStore(scheme string, open Opener) {
	storeRegistry.register(scheme, open)
}

// LookupStore returns the opener registered for scheme.
func LookupStore(scheme string) (Opener, bool) {
	return storeRegistry.lookup(scheme)
}

// StoreSchemes lists the registered URL schemes, sorted.
func StoreSchemes() []string {
	return storeRegistry.schemes()
}

var directoryRegistry schemeRegistry[DirectoryOpener]

// RegisterDirectory makes a directory backend available under a URL
// scheme; call it from the backend package's init function.
func RegisterDirectory(scheme string, open DirectoryOpener) {
	directoryRegistry.register(scheme, open)
}

// LookupDirectory returns the opener registered for scheme.
func LookupDirectory(scheme string) (DirectoryOpener, bool) {
	return directoryRegistry.lookup(scheme)
}

// DirectorySchemes lists the registered directory URL schemes, sorted.
func DirectorySchemes() []string {
	return directoryRegistry.schemes()
}

var notifierRegistry schemeRegistry[NotifierOpener]

// RegisterNotifier makes a channel available under a URL scheme; call it
// from the channel package's init function.
func RegisterNotifier(scheme string, open NotifierOpener) {
	notifierRegistry.register(scheme, open)
}

// LookupNotifier returns the opener registered for scheme.
func LookupNotifier(scheme string) (NotifierOpener, bool) {
	return notifierRegistry.lookup(scheme)
}

// NotifierSchemes lists the registered channel URL schemes, sorted.
func NotifierSchemes() []string {
	return notifierRegistry.schemes()
}

var ticketsRegistry schemeRegistry[TicketsOpener]

// RegisterTickets makes a ticket adapter available under a URL scheme; call
// it from the adapter package's init function.
func RegisterTickets(scheme string, open TicketsOpener) {
	ticketsRegistry.register(scheme, open)
}

// LookupTickets returns the opener registered for scheme.
func LookupTickets(scheme string) (TicketsOpener, bool) {
	return ticketsRegistry.lookup(scheme)
}

// TicketsSchemes lists the registered ticket URL schemes, sorted.
func TicketsSchemes() []string {
	return ticketsRegistry.schemes()
}
