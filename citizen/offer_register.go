package citizen

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

// The institutional offer as audited records (issue #19, item 1; seed 002
// "Identificar, consolidar y actualizar la oferta de bienes y servicios por
// procesos" and "Generar la propuesta de ajuste a la oferta
// institucional"). The YAML's offer key is the initial inventory:
// ImportOffer (called by Setup) stores it once, each item as revision 1 of
// an OfferRecord. From then on an item changes only when the direction
// approves an adjustment proposal that carries the change
// (ProposeOfferChanges, then ApproveAdjustment, which applies the changes
// in its own batch); every applied change keeps the item's previous state
// and the proposal's id in an OfferChangeRecord. The API offers no other
// way to change an item. Readers (Assess, AnalyseOffer, the reports) read
// the stored offer, and the YAML only while nothing is stored.

// Record kinds of the offer register.
const (
	kindOfferItem   = "citizen.offer_item"
	kindOfferChange = "citizen.offer_change"
)

// OfferOp is what a change does to an offer item.
type OfferOp string

// The offer changes.
const (
	// OfferImport is the item's first revision, from the YAML inventory.
	OfferImport OfferOp = "import"
	// OfferAdd adds an item to the offer.
	OfferAdd OfferOp = "add"
	// OfferUpdate replaces an item's description, channels, segments and
	// the rest.
	OfferUpdate OfferOp = "update"
	// OfferWithdraw takes an item out of the offer (a procedure
	// suppressed by rationalisation, for instance); its history stays.
	OfferWithdraw OfferOp = "withdraw"
)

// Label is the change's name for a reader.
func (o OfferOp) Label(l relaciona.Lang) string {
	return process.Labels[OfferOp]{
		OfferImport:   {"Inventario inicial", "Initial inventory"},
		OfferAdd:      {"Incorporación", "Addition"},
		OfferUpdate:   {"Actualización", "Update"},
		OfferWithdraw: {"Retiro", "Withdrawal"},
	}.Of(l, o)
}

// OfferRecord is an offer item as the store keeps it: the item, its
// revision (1 from the inventory, one more per applied change), whether it
// was withdrawn, and the date and proposal of its last change.
type OfferRecord struct {
	Item      OfferItem     `json:"item"`
	Revision  int           `json:"revision"`
	Withdrawn bool          `json:"withdrawn,omitempty"`
	Since     calendar.Date `json:"since"`
	Proposal  string        `json:"proposal,omitempty"`
	// Order keeps the inventory's order in lists; added items follow.
	Order int `json:"order"`
}

// OfferChange is one change an adjustment proposal carries: add an item,
// update it (Item is the item as it will be) or withdraw it (only Item.ID
// counts), with the reason.
type OfferChange struct {
	Op     OfferOp   `json:"op"`
	Item   OfferItem `json:"item"`
	Reason string    `json:"reason"`
}

// OfferChangeRecord is an applied change of an item, kept for its
// history: the revision it made, the item before (absent for an import or
// an addition) and after (absent for a withdrawal), the proposal approved
// and who approved it.
type OfferChangeRecord struct {
	ID       string        `json:"id"`
	ItemID   string        `json:"item_id"`
	Revision int           `json:"revision"`
	Op       OfferOp       `json:"op"`
	Date     calendar.Date `json:"date"`
	Proposal string        `json:"proposal,omitempty"`
	Reason   string        `json:"reason,omitempty"`
	Before   *OfferItem    `json:"before,omitempty"`
	After    *OfferItem    `json:"after,omitempty"`
	By       string        `json:"by"`
}

func (s *Process) offerItems() *relaciona.Collection[OfferRecord] {
	return relaciona.NewCollection(s.store, kindOfferItem, func(v *OfferRecord) relaciona.Key {
		st := "active"
		if v.Withdrawn {
			st = "withdrawn"
		}
		return relaciona.Key{ID: v.Item.ID, Attrs: map[string]string{"status": st}, Time: process.DateTime(v.Since)}
	})
}

func (s *Process) offerChanges() *relaciona.Collection[OfferChangeRecord] {
	return relaciona.NewCollection(s.store, kindOfferChange, func(v *OfferChangeRecord) relaciona.Key {
		return relaciona.Key{ID: v.ID, Attrs: map[string]string{"item": v.ItemID, "proposal": v.Proposal}, Time: process.DateTime(v.Date)}
	})
}

func offerChangeID(item string, rev int) string { return fmt.Sprintf("%s/r%04d", item, rev) }

// storedOffer reads the stored offer records by id; the map is empty
// before the import.
func (s *Process) storedOffer(ctx context.Context) (map[string]relaciona.Doc[OfferRecord], error) {
	out := map[string]relaciona.Doc[OfferRecord]{}
	for d, err := range s.offerItems().Scan(ctx, relaciona.Filter{}) {
		if err != nil {
			return nil, err
		}
		out[d.Value.Item.ID] = d
	}
	return out, nil
}

// Offer returns the institutional offer in force: the stored items not
// withdrawn, in the inventory's order, then those added; before the
// import, the YAML's inventory.
func (s *Process) Offer(ctx context.Context) ([]OfferItem, error) {
	recs, err := s.OfferRecords(ctx)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return slices.Clone(s.cfg.Offer), nil
	}
	var out []OfferItem
	for _, r := range recs {
		if !r.Withdrawn {
			out = append(out, r.Item)
		}
	}
	return out, nil
}

// OfferRecords returns every stored offer record, withdrawn ones
// included, in order; nil before the import.
func (s *Process) OfferRecords(ctx context.Context) ([]OfferRecord, error) {
	m, err := s.storedOffer(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]OfferRecord, 0, len(m))
	for _, d := range m {
		out = append(out, d.Value)
	}
	slices.SortFunc(out, func(a, b OfferRecord) int {
		if a.Order != b.Order {
			return a.Order - b.Order
		}
		return strings.Compare(a.Item.ID, b.Item.ID)
	})
	return out, nil
}

// offerIndex is the offer in force by id (see Offer).
func (s *Process) offerIndex(ctx context.Context) (map[string]*OfferItem, error) {
	items, err := s.Offer(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*OfferItem, len(items))
	for i := range items {
		out[items[i].ID] = &items[i]
	}
	return out, nil
}

// OfferItem returns the offer item id in force (see Offer); ok is false
// for an unknown or withdrawn item.
func (s *Process) OfferItem(ctx context.Context, id string) (OfferItem, bool, error) {
	d, err := s.offerItems().Get(ctx, id)
	switch {
	case err == nil:
		return d.Value.Item, !d.Value.Withdrawn, nil
	case !errors.Is(err, relaciona.ErrNotFound):
		return OfferItem{}, false, err
	}
	n, err := s.offerItems().Count(ctx, relaciona.Filter{})
	if err != nil || n > 0 {
		return OfferItem{}, false, err
	}
	it, ok := s.cfg.items[id]
	if !ok {
		return OfferItem{}, false, nil
	}
	return *it, true, nil
}

// OfferHistory returns the applied changes of an item, oldest first.
func (s *Process) OfferHistory(ctx context.Context, item string) ([]OfferChangeRecord, error) {
	return process.SortedValues(ctx, s.offerChanges(), relaciona.Filter{Attrs: map[string]string{"item": item}}, func(a, b OfferChangeRecord) int { return a.Revision - b.Revision })
}

// ImportOffer stores the YAML's offer as the initial inventory, each item
// at revision 1, unless an offer is stored already: the inventory is
// imported once, and a later edit of the YAML's offer changes nothing
// stored (the offer then changes only through approved adjustment
// proposals). Two imports at once store it once: both write the items
// as new records, and the store refuses the second batch. Setup calls it.
// The actor needs the relationship_lead role.
func (s *Process) ImportOffer(ctx context.Context, a relaciona.Actor, date calendar.Date) (int, error) {
	a, err := s.authorizeOn(ctx, a, "citizen.offer.import", date, RoleLead)
	if err != nil {
		return 0, err
	}
	if len(s.cfg.Offer) == 0 {
		return 0, nil
	}
	n := 0
	err = s.store.Update(ctx, a, "citizen.offer.import", "initial offer inventory imported", 3, func(b *relaciona.Batch) error {
		b.At(s.stamp(date))
		n = 0
		c, err := s.offerItems().Count(ctx, relaciona.Filter{})
		if err != nil || c > 0 {
			return err
		}
		n = s.importInventory(b, a, date)
		return nil
	})
	return n, err
}

// importInventory adds the YAML's inventory to b as revision 1 of each
// item, each with its history entry.
func (s *Process) importInventory(b *relaciona.Batch, a relaciona.Actor, date calendar.Date) int {
	for i := range s.cfg.Offer {
		it := s.cfg.Offer[i]
		rec := OfferRecord{Item: it, Revision: 1, Since: date, Order: i}
		s.offerItems().Put(b, &rec, 0)
		ch := OfferChangeRecord{ID: offerChangeID(it.ID, 1), ItemID: it.ID, Revision: 1, Op: OfferImport, Date: date, After: &it, By: a.ID}
		s.offerChanges().Put(b, &ch, 0)
	}
	return len(s.cfg.Offer)
}

// ProposeOfferChanges sets the changes to the offer that a draft
// adjustment proposal carries (replacing those it had). They are checked
// against the offer in force: an addition names a new id, an update or a
// withdrawal an item in force, references name known dependencies,
// channels, segments and objectives, and an item's description, which the
// agency publishes, reads plainly enough (CheckPlainLanguage). Nothing
// changes in the offer until the direction approves the proposal. The
// actor needs the relationship_lead role.
func (s *Process) ProposeOfferChanges(ctx context.Context, a relaciona.Actor, proposal string, changes []OfferChange, date calendar.Date) (AdjustmentProposal, error) {
	a, err := s.authorizeOn(ctx, a, "citizen.offer.propose", date, RoleLead)
	if err != nil {
		return AdjustmentProposal{}, err
	}
	cur, err := s.offerIndex(ctx)
	if err != nil {
		return AdjustmentProposal{}, err
	}
	changes = slices.Clone(changes)
	for i := range changes {
		if err := s.checkOfferChange(&changes[i], i, cur); err != nil {
			return AdjustmentProposal{}, err
		}
	}
	return changeRecord(ctx, s, a, s.proposals, "citizen.offer.propose", "offer changes proposed", s.stamp(date), "proposal", proposal, func(_ *relaciona.Batch, p *AdjustmentProposal) error {
		if p.Status != ProposalDraft {
			return invalid(s.lang, "status", "la propuesta %s está en estado %s: solo un borrador recibe cambios", "proposal %s is %s: only a draft takes changes", proposal, p.Status)
		}
		p.Changes = changes
		return nil
	})
}

// checkOfferChange validates change i against the offer in force cur and
// fills the item's defaults.
func (s *Process) checkOfferChange(ch *OfferChange, i int, cur map[string]*OfferItem) error {
	p := fmt.Sprintf("changes[%d]", i)
	id := strings.TrimSpace(ch.Item.ID)
	if id == "" {
		return invalid(s.lang, p+".item.id", "falta el identificador del elemento", "the item's id is missing")
	}
	if strings.TrimSpace(ch.Reason) == "" {
		return invalid(s.lang, p+".reason", "diga por qué se ajusta el elemento", "say why the item is adjusted")
	}
	switch ch.Op {
	case OfferAdd:
		if cur[id] != nil {
			return invalid(s.lang, p+".item.id", "el elemento %q ya está en la oferta", "item %q is in the offer already", id)
		}
	case OfferUpdate, OfferWithdraw:
		if cur[id] == nil {
			return invalid(s.lang, p+".item.id", "el elemento %q no está en la oferta vigente", "item %q is not in the offer in force", id)
		}
	default:
		return invalid(s.lang, p+".op", "cambio desconocido %q (add, update, withdraw)", "unknown change %q (add, update, withdraw)", ch.Op)
	}
	if ch.Op == OfferWithdraw {
		ch.Item = OfferItem{ID: id}
		return nil
	}
	it := &ch.Item
	if strings.TrimSpace(it.Name) == "" {
		return invalid(s.lang, p+".item.name", "el elemento necesita un nombre", "the item needs a name")
	}
	if !slices.Contains([]string{OfferProcedure, OfferOther, OfferInformation}, it.Kind) {
		return invalid(s.lang, p+".item.kind", "clase desconocida %q (procedure, other_procedure, information_request)", "unknown kind %q (procedure, other_procedure, information_request)", it.Kind)
	}
	if _, ok := s.cfg.deps[it.Dependency]; it.Dependency != "" && !ok {
		return invalid(s.lang, p+".item.dependency", "dependencia desconocida %q", "unknown dependency %q", it.Dependency)
	}
	if i := firstUnknown(it.Channels, s.cfg.chans); i >= 0 {
		return invalid(s.lang, p+".item.channels", "canal desconocido %q", "unknown channel %q", it.Channels[i])
	}
	if i := firstUnknown(it.Segments, s.cfg.segs); i >= 0 {
		return invalid(s.lang, p+".item.segments", "segmento desconocido %q", "unknown segment %q", it.Segments[i])
	}
	if i := firstUnknown(it.Objectives, s.cfg.objs); i >= 0 {
		return invalid(s.lang, p+".item.objectives", "objetivo desconocido %q", "unknown objective %q", it.Objectives[i])
	}
	if it.RequestKind == "" {
		it.RequestKind = string(KindGeneral)
		if it.Kind == OfferInformation {
			it.RequestKind = string(KindDocuments)
		}
	}
	if _, err := ParseRequestKind(it.RequestKind); err != nil {
		return invalid(s.lang, p+".item.request_kind", "tipo de solicitud desconocido %q (general, documents, consultation)", "unknown request kind %q (general, documents, consultation)", it.RequestKind)
	}
	it.Group = or(it.Group, it.Dependency)
	if err := s.CheckPlainLanguage(p+".item.description", it.Description); err != nil {
		return err
	}
	return nil
}

// applyOfferChanges writes, in the approval's batch b, the changes the
// approved proposal p carries: each item's new revision, naming the
// proposal, and its history entry. An offer not imported yet is imported
// first in the same batch, so the history starts at the inventory. A
// change that no longer fits the offer in force (another approval
// withdrew the item meanwhile) refuses the whole approval.
func (s *Process) applyOfferChanges(ctx context.Context, b *relaciona.Batch, a relaciona.Actor, p *AdjustmentProposal, date calendar.Date) error {
	if len(p.Changes) == 0 {
		return nil
	}
	stored, err := s.storedOffer(ctx)
	if err != nil {
		return err
	}
	type pending struct {
		rec    OfferRecord
		expect int64
	}
	work := map[string]*pending{}
	var order []string
	if len(stored) == 0 {
		for i, it := range s.cfg.Offer {
			work[it.ID] = &pending{rec: OfferRecord{Item: it, Revision: 1, Since: date, Order: i}}
			order = append(order, it.ID)
			ch := OfferChangeRecord{ID: offerChangeID(it.ID, 1), ItemID: it.ID, Revision: 1, Op: OfferImport, Date: date, After: &it, By: a.ID}
			s.offerChanges().Put(b, &ch, 0)
		}
	} else {
		for id, d := range stored {
			work[id] = &pending{rec: d.Value, expect: d.Version}
		}
	}
	next := len(work)
	changed := map[string]bool{}
	for i, ch := range p.Changes {
		w := work[ch.Item.ID]
		inForce := w != nil && !w.rec.Withdrawn
		if ch.Op == OfferAdd && inForce || ch.Op != OfferAdd && !inForce {
			return invalid(s.lang, fmt.Sprintf("changes[%d].item.id", i), "el cambio de %q ya no corresponde a la oferta vigente", "the change of %q no longer fits the offer in force", ch.Item.ID)
		}
		hist := OfferChangeRecord{ItemID: ch.Item.ID, Op: ch.Op, Date: date, Proposal: p.ID, Reason: ch.Reason, By: a.ID}
		if w == nil {
			w = &pending{rec: OfferRecord{Item: ch.Item, Order: next}}
			next++
			work[ch.Item.ID] = w
			order = append(order, ch.Item.ID)
		} else {
			before := w.rec.Item
			hist.Before = &before
		}
		w.rec.Revision++
		w.rec.Since, w.rec.Proposal = date, p.ID
		if ch.Op == OfferWithdraw {
			w.rec.Withdrawn = true
		} else {
			w.rec.Item, w.rec.Withdrawn = ch.Item, false
			after := ch.Item
			hist.After = &after
		}
		hist.Revision, hist.ID = w.rec.Revision, offerChangeID(ch.Item.ID, w.rec.Revision)
		s.offerChanges().Put(b, &hist, 0)
		if !slices.Contains(order, ch.Item.ID) {
			order = append(order, ch.Item.ID)
		}
		changed[ch.Item.ID] = true
	}
	for _, id := range order {
		if w := work[id]; changed[id] || len(stored) == 0 {
			s.offerItems().Put(b, &w.rec, w.expect)
		}
	}
	return nil
}

// offerCatalogue is every offer item the reports may name, in order: the
// stored ones, withdrawn included (a PQRSD or a feedback may name one),
// or the YAML's before the import.
func (s *Process) offerCatalogue(ctx context.Context) ([]OfferItem, map[string]*OfferItem, error) {
	recs, err := s.OfferRecords(ctx)
	if err != nil {
		return nil, nil, err
	}
	items := slices.Clone(s.cfg.Offer)
	if len(recs) > 0 {
		items = make([]OfferItem, len(recs))
		for i, r := range recs {
			items[i] = r.Item
		}
	}
	byID := make(map[string]*OfferItem, len(items))
	for i := range items {
		byID[items[i].ID] = &items[i]
	}
	return items, byID, nil
}
