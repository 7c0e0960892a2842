package relaciona

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"time"
	"unicode/utf8"
)

// QuarantineKind is the record kind of the quarantine register.
const QuarantineKind = "relaciona.quarantine"

// maxRule bounds the stored rule message, in characters: a rule names a
// field and what is wrong with it, never the item's content.
const maxRule = 300

// Quarantined is an outside item (a ticket, a row of an import) set aside
// because it broke a rule, waiting to be fixed at its source and retried.
// It holds no personal data: the source, the item's id, the field and the
// rule it broke, never the item's content.
type Quarantined struct {
	// Source names where the item came from ("citizen.tickets").
	Source string `json:"source"`
	// ItemID is the item's id at its source (the ticket id).
	ItemID string `json:"item"`
	// Field is the field that broke the rule, as the source calls it
	// ("body", "pqrsd_type"); empty when the rule is about the whole item.
	Field string `json:"field,omitempty"`
	// Code is the language-neutral class of the rule broken: "invalid",
	// "conflict", "not_found" or "error".
	Code string `json:"code"`
	// Rule is what is wrong, in the deployment's language, in words a clerk
	// can act on.
	Rule string `json:"rule"`
	// First and Last are when the item was first and last tried.
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
	// Attempts is how many times the item was tried and set aside.
	Attempts int `json:"attempts"`
}

// Quarantine is the register of set-aside items, kept in the store: one
// entry per source and item however often it is tried, removed when the
// item is processed. Jobs that read outside data set bad items aside here
// and go on with the rest (DESIGN.md "Quarantine, not abort").
type Quarantine struct {
	c *Collection[Quarantined]
}

// NewQuarantine returns the quarantine register of s.
func NewQuarantine(s *Store) *Quarantine {
	return &Quarantine{c: NewCollection(s, QuarantineKind, func(q *Quarantined) Key {
		return Key{ID: quarantineID(q.Source, q.ItemID), Attrs: map[string]string{"source": q.Source}, Time: q.First}
	})}
}

func quarantineID(source, item string) string { return source + "|" + item }

// Get returns the entry of item from source; an error wraps ErrNotFound
// when the item is not waiting.
func (q *Quarantine) Get(ctx context.Context, source, item string) (Quarantined, error) {
	d, err := q.c.Get(ctx, quarantineID(source, item))
	return d.Value, err
}

// Hold adds to b the setting aside of item from source at time at for the
// rule err broke: a new entry, or for an item already waiting one more
// attempt (Attempts and Last updated, the rule replaced). An attempt is
// counted only when at is after the entry's Last, and a Hold that neither
// counts an attempt nor changes the rule adds nothing: a job run twice for
// a date, or for an earlier date again, writes nothing. It reports whether
// it added a write to b.
func (q *Quarantine) Hold(ctx context.Context, b *Batch, source, item string, err error, at time.Time) (bool, error) {
	if source == "" || item == "" {
		return false, Invalid("quarantine", "an item set aside needs a source and an id (got %q, %q)", source, item)
	}
	if err == nil {
		return false, Invalid("quarantine", "item %s of %s is set aside without a rule", item, source)
	}
	if at.IsZero() {
		return false, Invalid("quarantine", "item %s of %s is set aside without a time", item, source)
	}
	field, code, rule := ruleOf(err)
	e := Quarantined{Source: source, ItemID: item, Field: field, Code: code, Rule: rule, First: at.UTC(), Last: at.UTC(), Attempts: 1}
	d, gerr := q.c.Get(ctx, quarantineID(source, item))
	switch {
	case errors.Is(gerr, ErrNotFound):
		q.c.Put(b, &e, 0)
		return true, nil
	case gerr != nil:
		return false, gerr
	}
	old := d.Value
	later := e.Last.After(old.Last)
	if !later && old.Field == e.Field && old.Code == e.Code && old.Rule == e.Rule {
		return false, nil
	}
	e.First, e.Attempts = old.First, old.Attempts
	if later {
		e.Attempts++
	} else {
		e.Last = old.Last
	}
	q.c.Put(b, &e, d.Version)
	return true, nil
}

// Release adds to b the removal of item from source, processed at last,
// and reports whether it was waiting.
func (q *Quarantine) Release(ctx context.Context, b *Batch, source, item string) (bool, error) {
	d, err := q.c.Get(ctx, quarantineID(source, item))
	switch {
	case errors.Is(err, ErrNotFound):
		return false, nil
	case err != nil:
		return false, err
	}
	q.c.Delete(b, d.ID, d.Version)
	return true, nil
}

// Add sets one item aside in a batch of its own made by actor at time at
// (see Hold).
func (q *Quarantine) Add(ctx context.Context, actor Actor, source, item string, rule error, at time.Time) error {
	return q.c.Store().Update(ctx, actor, "relaciona.quarantine", "item set aside: "+source, 5, func(b *Batch) error {
		b.At(at)
		_, err := q.Hold(ctx, b, source, item, rule, at)
		return err
	})
}

// Waiting streams the items waiting in quarantine, of one source or of
// all when source is "", oldest first.
func (q *Quarantine) Waiting(ctx context.Context, source string) iter.Seq2[Quarantined, error] {
	f := Filter{}
	if source != "" {
		f.Attrs = map[string]string{"source": source}
	}
	return func(yield func(Quarantined, error) bool) {
		for d, err := range q.c.Scan(ctx, f) {
			if !yield(d.Value, err) || err != nil {
				return
			}
		}
	}
}

// ruleOf turns the error an item failed with into the field, the code and
// the message of its entry. A *ValidationError gives its field and message;
// any other error its text, bounded.
func ruleOf(err error) (field, code, rule string) {
	switch {
	case errors.Is(err, ErrInvalid):
		code = "invalid"
	case errors.Is(err, ErrConflict):
		code = "conflict"
	case errors.Is(err, ErrNotFound):
		code = "not_found"
	default:
		code = "error"
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		field, rule = ve.Field, ve.Msg
	} else {
		rule = err.Error()
	}
	if utf8.RuneCountInString(rule) > maxRule {
		r := []rune(rule)
		rule = string(r[:maxRule]) + "…"
	}
	return field, code, rule
}

// String is the entry in one line: source, item, field and rule.
func (e Quarantined) String() string {
	if e.Field == "" {
		return fmt.Sprintf("%s %s: %s", e.Source, e.ItemID, e.Rule)
	}
	return fmt.Sprintf("%s %s: %s: %s", e.Source, e.ItemID, e.Field, e.Rule)
}
