package relaciona

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona/plugins/desk"
)

// RoleDataProtection is the role that answers data subjects' requests
// (access, rectification, suppression) and runs the retention sweep: the
// agency's data-protection officer (Colombia: the "responsable" or
// "encargado del tratamiento" area of Ley 1581 de 2012; Chile, Ley 21.719:
// the "delegado de protección de datos"). The directory grants it, either
// for every process (a role with no process) or for SubjectProcess.
const RoleDataProtection = "data_protection"

// SubjectProcess is the process name the directory is asked about for
// RoleDataProtection.
const SubjectProcess = "personal_data"

// The audit actions of the subject-rights API.
const (
	ActionSubjectExport = "subject.export"
	ActionSubjectErase  = "subject.erase"
	ActionSubjectSweep  = "subject.sweep"
)

// SubjectHold is a record under a legal term that keeps its subject's data
// from being erased: an open PQRSD within its term.
type SubjectHold struct {
	Process string `json:"process"`
	Kind    string `json:"kind"`
	ID      string `json:"id"`
	// What names the record for a reader ("PQRSD PQRSD-2026-000001").
	What string `json:"what"`
	// Due is the date the term ends (YYYY-MM-DD).
	Due string `json:"due"`
}

// HoldError refuses an erasure: the subject has records under a legal
// term. Nothing was changed. Its text names the records and their due
// dates, not the subject, so that it may be logged. It wraps ErrConflict.
type HoldError struct {
	Subject string
	Holds   []SubjectHold
}

// Error says the refusal in English.
func (e *HoldError) Error() string { return e.Text(English) }

// Text says the refusal in lang, naming each record and its due date.
func (e *HoldError) Text(l Lang) string {
	parts := make([]string, len(e.Holds))
	for i, h := range e.Holds {
		parts[i] = l.Tf("%s (vence el %s)", "%s (due %s)", h.What, h.Due)
	}
	return l.Tf("no se pueden suprimir los datos del titular: tiene trámites abiertos dentro de su término legal: %s; nada se cambió",
		"cannot erase the subject's data: open requests inside their legal term: %s; nothing was changed", strings.Join(parts, ", "))
}

// Unwrap makes errors.Is(err, ErrConflict) true.
func (e *HoldError) Unwrap() error { return ErrConflict }

// Retention is how long the personal data of one record kind is kept, and
// what of it a public record keeps for good.
type Retention struct {
	// Kind is the record kind ("citizen.pqrsd").
	Kind string
	// Years, Months and Days after the record's time, the sweep
	// anonymises it. All zero: the kind is never swept.
	Years, Months, Days int
	// Keep lists the fields (JSON paths such as "requester.name") that an
	// archive law makes the agency keep: neither the sweep nor an erasure
	// clears them.
	Keep []string
	// Default marks a rule the configuration did not write (a documented
	// default): Sweep skips it when no process declares its kind, where
	// it refuses a written rule for an unknown kind (a typo would
	// otherwise keep data forever).
	Default bool
}

// cutoff is the time before which a record's retention has passed on
// today, and whether the kind is swept at all.
func (r Retention) cutoff(today time.Time) (time.Time, bool) {
	if r.Years == 0 && r.Months == 0 && r.Days == 0 {
		return time.Time{}, false
	}
	return today.AddDate(-r.Years, -r.Months, -r.Days), true
}

// Subjects answers data subjects' requests over a store: it finds every
// record that names a person (by the fields tagged personal:"subject" or
// personal:"key", see PersonalTag) across the kinds the processes declare,
// the notification outbox, the built-in desk's tickets and comments, and
// the quarantine; it exports them, rectifies a personal field, erases them
// and sweeps what is past its retention. Every change is an audited write
// of a new version (actions ActionSubjectRectify, ActionSubjectErase and
// ActionSubjectSweep): history is never edited, so VerifyAudit and
// VerifyRecords still pass afterwards.
//
// A request reads every record of every personal kind (no index holds
// personal data): BenchmarkSubjectExport measures it. Records of a type
// with personal data that a Collection wrote carry a random salt
// (SaltField), so the log's digests of the versions an erasure replaced
// cannot be checked against guessed values; see the package doc.
//
// Every call but Sweep by the scheduled job needs an actor the directory
// gives RoleDataProtection.
type Subjects struct {
	s         *Store
	dir       *Directory
	kinds     []PersonalKind
	retention map[string]Retention
	// at, when set, stamps the writes (WithTime).
	at time.Time
}

// WithTime returns a copy of x whose writes (Erase, Sweep, Rectify) are
// stamped at: the scheduled job stamps its sweep within the date it runs
// for, as its other changes, so the audit log never runs ahead of it.
func (x *Subjects) WithTime(at time.Time) *Subjects {
	c := *x
	c.at = at
	return &c
}

// stamp stamps b with x's time, when set.
func (x *Subjects) stamp(b *Batch) {
	if !x.at.IsZero() {
		b.At(x.at)
	}
}

// NewSubjects returns the subject-rights API of s over the kinds the
// processes declare (their Personal interface), plus the root's own: the
// notification outbox and the built-in desk's tickets and comments. dir
// decides who holds RoleDataProtection; retention gives each kind's rule
// (kinds not listed are kept and fully erasable).
func NewSubjects(s *Store, dir *Directory, kinds []PersonalKind, retention []Retention) *Subjects {
	x := &Subjects{s: s, dir: dir, retention: map[string]Retention{}}
	x.kinds = append(append(x.kinds, kinds...), rootPersonalKinds()...)
	for _, r := range retention {
		x.retention[r.Kind] = r
	}
	return x
}

// Kinds lists the kinds the API searches, in search order.
func (x *Subjects) Kinds() []PersonalKind { return slices.Clone(x.kinds) }

// deskTicketView is a ticket of the built-in desk (plugins/desk) as the
// subject API reads it.
type deskTicketView struct {
	ID        string            `json:"id"`
	Queue     string            `json:"queue"`
	Subject   string            `json:"subject" personal:"true"`
	Body      string            `json:"body,omitempty" personal:"true"`
	Status    string            `json:"status"`
	Priority  int               `json:"priority"`
	Assignee  string            `json:"assignee,omitempty"`
	Requester string            `json:"requester,omitempty" personal:"key"`
	Fields    map[string]string `json:"fields,omitempty" personal:"true"`
	Created   time.Time         `json:"created"`
	Updated   time.Time         `json:"updated"`
	Comments  int               `json:"comments,omitempty"`
}

// deskCommentView is a reply or note on a desk ticket.
type deskCommentView struct {
	Ticket string    `json:"ticket"`
	Public bool      `json:"public"`
	Body   string    `json:"body" personal:"true"`
	At     time.Time `json:"at"`
}

// rootPersonalKinds are the kinds of the root and the built-in desk that
// hold personal data, and the quarantine, which holds none but lists the
// subject's tickets set aside.
func rootPersonalKinds() []PersonalKind {
	return []PersonalKind{
		{Process: "relaciona", Kind: NotificationKind, New: func() any { return &Notification{} },
			Refs: func(v any) []string { return ticketRefs(v.(*Notification).To.Ticket) },
			LinkedBy: func(v any) []string {
				n := v.(*Notification)
				return append(ticketRefs(n.To.Ticket), RecordRef(n.About.Kind, n.About.ID))
			},
			Label: [2]string{"Notificaciones", "Notifications"}},
		{Process: "relaciona", Kind: DigestKind, New: func() any { return &digest{} },
			Label: [2]string{"Resúmenes diarios de notificaciones", "Daily notification digests"}},
		{Process: "desk", Kind: desk.KindTicket, New: func() any { return &deskTicketView{} },
			Refs:     func(v any) []string { return ticketRefs(v.(*deskTicketView).ID) },
			LinkedBy: func(v any) []string { return ticketRefs(v.(*deskTicketView).ID) },
			Label:    [2]string{"Tickets de la mesa de ayuda", "Help-desk tickets"}},
		{Process: "desk", Kind: desk.KindComment, New: func() any { return &deskCommentView{} },
			LinkedBy: func(v any) []string { return ticketRefs(v.(*deskCommentView).Ticket) },
			Label:    [2]string{"Respuestas y notas de tickets", "Ticket replies and notes"}},
		{Process: "relaciona", Kind: CommitmentKind, New: func() any { return &Commitment{} },
			LinkedBy: func(v any) []string {
				c := v.(*Commitment)
				return []string{RecordRef(c.Source.Kind, c.Source.ID)}
			},
			Label: [2]string{"Compromisos", "Commitments"}},
		{Process: "relaciona", Kind: LessonKind, New: func() any { return &Lesson{} },
			LinkedBy: func(v any) []string {
				l := v.(*Lesson)
				return []string{RecordRef(l.Source.Kind, l.Source.ID)}
			},
			Label: [2]string{"Lecciones aprendidas", "Lessons learned"}},
		{Process: "relaciona", Kind: QuarantineKind, New: func() any { return &Quarantined{} },
			LinkedBy: func(v any) []string { return ticketRefs(v.(*Quarantined).ItemID) },
			Label:    [2]string{"Cuarentena", "Quarantine"}},
	}
}

// SubjectRecord is one record that names the subject, as an export shows
// it: where it is, its current body, and which of its fields are personal
// data.
type SubjectRecord struct {
	Process string    `json:"process"`
	Kind    string    `json:"kind"`
	ID      string    `json:"id"`
	Version int64     `json:"version"`
	Time    time.Time `json:"time,omitzero"`
	// Personal lists the JSON paths of the personal data the record holds.
	Personal []string        `json:"personal,omitempty"`
	Body     json.RawMessage `json:"body"`
}

// SubjectExport is everything the store holds about one data subject: the
// answer to an access request (Ley 1581 de 2012, art. 8 and 14; Ley 18.331,
// art. 14; Ley 19.628, art. 12) and the portable copy (Ley 21.719).
type SubjectExport struct {
	Subject   string          `json:"subject"`
	Generated time.Time       `json:"generated"`
	Records   []SubjectRecord `json:"records"`
	// Holds are the records under a legal term that an erasure would
	// refuse to touch now.
	Holds []SubjectHold `json:"holds,omitempty"`
}

// found is one record found for a subject, decoded.
type found struct {
	kind PersonalKind
	rec  Record
	v    any
}

// authorize checks in the directory that actor holds RoleDataProtection
// (or, where system is set, is the scheduled job).
func (x *Subjects) authorize(ctx context.Context, actor Actor, action string, system bool) (Actor, error) {
	if system && actor.ID == SystemActor().ID {
		return SystemActor(), nil
	}
	if x.dir == nil {
		return Actor{}, &ForbiddenError{ActorID: actor.ID, Action: action, NeedRoles: []string{RoleDataProtection}}
	}
	need := Need{Roles: []string{RoleDataProtection}}
	if system {
		need.Roles = append(need.Roles, RoleSystem)
	}
	return x.dir.Authorize(ctx, SubjectProcess, actor, action, need)
}

// find returns every record naming subject id: those a kind's tagged
// fields match, then those linked to them (PersonalKind.LinkedBy).
func (x *Subjects) find(ctx context.Context, id string) ([]found, error) {
	var out []found
	refs := map[string]bool{}
	got := map[[2]string]bool{}
	// An id of plain ASCII is in the body, as JSON writes it, of every
	// record that names it: a byte search skips the others undecoded.
	var needle []byte
	if plainASCII(id) {
		needle = []byte(strings.ToLower(id))
	}
	for _, k := range x.kinds {
		for r, err := range x.s.Scan(ctx, k.Kind, Filter{}) {
			if err != nil {
				return nil, fmt.Errorf("subject: read %s: %w", k.Kind, err)
			}
			if needle != nil && !bytes.Contains(bytes.ToLower(r.Body), needle) {
				continue
			}
			v, err := k.decode(r.Body)
			if err != nil {
				return nil, err
			}
			if !MatchesSubject(v, id) {
				continue
			}
			out = append(out, found{kind: k, rec: r, v: v})
			got[[2]string{r.Kind, r.ID}] = true
			if k.Refs != nil {
				for _, ref := range k.Refs(v) {
					refs[ref] = true
				}
			}
		}
	}
	if len(refs) == 0 {
		return out, nil
	}
	for _, k := range x.kinds {
		if k.LinkedBy == nil {
			continue
		}
		for r, err := range x.s.Scan(ctx, k.Kind, Filter{}) {
			if err != nil {
				return nil, fmt.Errorf("subject: read %s: %w", k.Kind, err)
			}
			if got[[2]string{r.Kind, r.ID}] {
				continue
			}
			v, err := k.decode(r.Body)
			if err != nil {
				return nil, err
			}
			if slices.ContainsFunc(k.LinkedBy(v), func(ref string) bool { return refs[ref] }) {
				out = append(out, found{kind: k, rec: r, v: v})
			}
		}
	}
	return out, nil
}

// plainASCII reports whether id holds only letters, digits and the
// punctuation of e-mail addresses and ids, which JSON writes as they are
// and whose case folds byte by byte.
func plainASCII(id string) bool {
	for _, c := range []byte(id) {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("@._+-:/", c) >= 0) {
			return false
		}
	}
	return id != ""
}

// TicketRef is the reference (PersonalKind.Refs, LinkedBy) of a ticket;
// RecordRef that of a record.
func TicketRef(id string) string { return "ticket:" + id }

// RecordRef is the reference of the record kind/id.
func RecordRef(kind, id string) string { return kind + ":" + id }

// refs returns the references of the non-empty ticket ids and records.
func ticketRefs(ids ...string) []string {
	var out []string
	for _, id := range ids {
		if id != "" {
			out = append(out, TicketRef(id))
		}
	}
	return out
}

// holds lists the records of fs under a legal term on today.
func holdsOf(fs []found, today time.Time) []SubjectHold {
	var hs []SubjectHold
	day := today.Format(time.DateOnly)
	for _, f := range fs {
		if f.kind.Hold == nil {
			continue
		}
		if h, ok := f.kind.Hold(f.v, day); ok {
			h.Process, h.Kind, h.ID = f.kind.Process, f.kind.Kind, f.rec.ID
			hs = append(hs, h)
		}
	}
	return hs
}

// personalPaths lists the JSON paths of the personal data v holds, by
// erasing a copy.
func personalPaths(k PersonalKind, body []byte) []string {
	v, err := k.decode(body)
	if err != nil {
		return nil
	}
	return ErasePersonal(v, nil)
}

// Export gathers everything the store holds about subject id, as actor
// (who must hold RoleDataProtection). It writes nothing. An id no record
// names is an error wrapping ErrNotFound.
func (x *Subjects) Export(ctx context.Context, actor Actor, id string, today time.Time) (SubjectExport, error) {
	if _, err := x.authorize(ctx, actor, ActionSubjectExport, false); err != nil {
		return SubjectExport{}, err
	}
	id, err := subjectID(id)
	if err != nil {
		return SubjectExport{}, err
	}
	fs, err := x.find(ctx, id)
	if err != nil {
		return SubjectExport{}, err
	}
	if len(fs) == 0 {
		return SubjectExport{}, unknownSubject(id)
	}
	out := SubjectExport{Subject: id, Generated: x.s.now().UTC(), Holds: holdsOf(fs, today)}
	for _, f := range fs {
		out.Records = append(out.Records, SubjectRecord{Process: f.kind.Process, Kind: f.kind.Kind, ID: f.rec.ID,
			Version: f.rec.Version, Time: f.rec.Time, Personal: personalPaths(f.kind, f.rec.Body), Body: unsalted(f.rec.Body)})
	}
	return out, nil
}

func subjectID(id string) (string, error) {
	id = strings.TrimSpace(id)
	if id == "" {
		return "", Invalid("id", "a data subject's id is required")
	}
	return id, nil
}

// unknownSubject is the error for an id no record names.
func unknownSubject(id string) error {
	return &SubjectNotFoundError{Subject: id}
}

// SubjectNotFoundError says that no record names the subject. Its text
// does not repeat the id (personal data), so that it may be logged. It
// wraps ErrNotFound.
type SubjectNotFoundError struct{ Subject string }

// Error says it in English.
func (e *SubjectNotFoundError) Error() string { return e.Text(English) }

// Text says it in lang.
func (e *SubjectNotFoundError) Text(l Lang) string {
	return l.T("ningún registro nombra al titular buscado (se busca por id, correo, documento, teléfono o cuenta, tal como se escribieron)",
		"no record names the subject asked for (searched by id, e-mail, document, phone or account, as written)")
}

// Unwrap makes errors.Is(err, ErrNotFound) true.
func (e *SubjectNotFoundError) Unwrap() error { return ErrNotFound }

// Erasure is what an erasure or a sweep did.
type Erasure struct {
	// Records is the number of records given a new, anonymised version.
	Records int `json:"records"`
	// Fields counts the fields cleared, by JSON path.
	Fields map[string]int `json:"fields,omitempty"`
	// Kept counts the fields an archive rule kept, by JSON path.
	Kept map[string]int `json:"kept,omitempty"`
	// Held counts the records a legal term kept from the sweep.
	Held int `json:"held,omitempty"`
}

func (e *Erasure) add(erased, kept []string) {
	if len(erased) > 0 {
		e.Records++
	}
	for _, p := range erased {
		if e.Fields == nil {
			e.Fields = map[string]int{}
		}
		e.Fields[p]++
	}
	for _, p := range kept {
		if e.Kept == nil {
			e.Kept = map[string]int{}
		}
		e.Kept[p]++
	}
}

// anonymise clears the personal data of a record of kind k: the subject
// id's (EraseSubject), or all of it when id is "" (a sweep), keeping what
// the kind's Retention keeps. It returns the new body (nil when nothing
// was cleared), the paths cleared and the kept paths that hold data.
func (x *Subjects) anonymise(k PersonalKind, body []byte, id string) (out []byte, erased, kept []string, err error) {
	keepList := x.retention[k.Kind].Keep
	keep := func(p string) bool { return slices.Contains(keepList, p) }
	v, err := k.decode(body)
	if err != nil {
		return nil, nil, nil, err
	}
	if id == "" {
		erased = ErasePersonal(v, keep)
	} else {
		erased = EraseSubject(v, id, keep)
	}
	if len(keepList) > 0 {
		for _, p := range personalPathsOf(v) {
			if keep(p) {
				kept = append(kept, p)
			}
		}
	}
	if len(erased) == 0 {
		return nil, nil, kept, nil
	}
	out, err = json.Marshal(v)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w: encode anonymised %s: %v", ErrInvalid, k.Kind, err)
	}
	if len(personalPathsOf(v)) > 0 {
		// Personal data stay (kept, or other people's): salt them.
		out = salted(out)
	}
	return out, erased, kept, nil
}

// personalPathsOf lists the paths of the personal data v (a decoded
// record) still holds, without changing it.
func personalPathsOf(v any) []string {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	c := reflect.New(reflect.TypeOf(v).Elem()).Interface()
	if json.Unmarshal(b, c) != nil {
		return nil
	}
	return ErasePersonal(c, nil)
}

// Erase suppresses subject id's personal data (the right of suppression:
// Ley 1581 de 2012, art. 8 e and 15; Ley 18.331, art. 15; Ley 19.628,
// art. 12; Ley 21.719), as actor, who must hold RoleDataProtection, for
// reason (written to the audit log: say why, never who). Every record that
// names the subject gets a new version with its personal fields cleared,
// but those its kind's Retention keeps; the opaque subject ids
// (personal:"subject") stay, so the records still count. All in one
// audited batch: nothing or everything.
//
// It refuses, changing nothing, with a *HoldError (ErrConflict) when a
// record of the subject is under a legal term on today (an open PQRSD
// within its term), with an error wrapping ErrNotFound when no record
// names id, and with a *ForbiddenError when the directory does not give
// actor the role.
func (x *Subjects) Erase(ctx context.Context, actor Actor, id, reason string, today time.Time) (Erasure, error) {
	a, err := x.authorize(ctx, actor, ActionSubjectErase, false)
	if err != nil {
		return Erasure{}, err
	}
	id, err = subjectID(id)
	if err != nil {
		return Erasure{}, err
	}
	if strings.TrimSpace(reason) == "" {
		return Erasure{}, Invalid("reason", "an erasure needs a reason for the audit log (the request's filing number, say)")
	}
	var res Erasure
	err = x.s.Update(ctx, a, ActionSubjectErase, reason, 3, func(b *Batch) error {
		x.stamp(b)
		res = Erasure{}
		fs, err := x.find(ctx, id)
		if err != nil {
			return err
		}
		if len(fs) == 0 {
			return unknownSubject(id)
		}
		if hs := holdsOf(fs, today); len(hs) > 0 {
			return &HoldError{Subject: id, Holds: hs}
		}
		for _, f := range fs {
			body, erased, kept, err := x.anonymise(f.kind, f.rec.Body, id)
			if err != nil {
				return err
			}
			res.add(erased, kept)
			if body != nil {
				b.Put(Record{Kind: f.rec.Kind, ID: f.rec.ID, Attrs: f.rec.Attrs, Time: f.rec.Time, Body: body}, f.rec.Version)
			}
		}
		return nil
	})
	if err != nil {
		return Erasure{}, err
	}
	x.s.log.Info("subject erased", "actor", a.ID, "records", res.Records)
	return res, nil
}

// sweepBatch is the most records one sweep batch rewrites.
const sweepBatch = 500

// Sweep anonymises, as of today, every record whose kind's retention has
// passed (its time is before today less the retention), but those under a
// legal term, keeping the fields the kind's Retention keeps. actor is the
// scheduled job (SystemActor) or holds RoleDataProtection. Records are
// rewritten in audited batches of a few hundred (action
// ActionSubjectSweep); a sweep run again finds nothing left to do. A
// record changed while its page is swept fails the sweep with an error
// wrapping ErrConflict, the pages before it kept: run it again.
func (x *Subjects) Sweep(ctx context.Context, actor Actor, today time.Time) (Erasure, error) {
	a, err := x.authorize(ctx, actor, ActionSubjectSweep, true)
	if err != nil {
		return Erasure{}, err
	}
	var res Erasure
	day := today.Format(time.DateOnly)
	for _, kind := range slices.Sorted(maps.Keys(x.retention)) {
		r := x.retention[kind]
		cut, ok := r.cutoff(today)
		if !ok {
			continue
		}
		i := slices.IndexFunc(x.kinds, func(k PersonalKind) bool { return k.Kind == kind })
		if i < 0 && r.Default {
			continue
		}
		if i < 0 {
			return res, Invalid("personal_data.retention", "record kind %q holds no personal data this deployment knows of", kind)
		}
		k := x.kinds[i]
		reason := fmt.Sprintf("retention of %s passed (records before %s)", kind, cut.Format(time.DateOnly))
		after := ""
		for {
			// A page of candidates is read whole before its batch is
			// written, so no scan is open while the store writes.
			b := x.s.Begin(a, ActionSubjectSweep, reason)
			x.stamp(b)
			n := 0
			for rec, err := range x.s.Scan(ctx, kind, Filter{To: cut, After: after, Limit: sweepBatch}) {
				if err != nil {
					return res, fmt.Errorf("sweep %s: %w", kind, err)
				}
				n++
				after = rec.Cursor()
				if rec.Time.IsZero() {
					continue
				}
				if k.Hold != nil {
					v, err := k.decode(rec.Body)
					if err != nil {
						return res, err
					}
					if _, held := k.Hold(v, day); held {
						res.Held++
						continue
					}
				}
				body, erased, kept, err := x.anonymise(k, rec.Body, "")
				if err != nil {
					return res, err
				}
				if body == nil {
					continue
				}
				res.add(erased, kept)
				b.Put(Record{Kind: rec.Kind, ID: rec.ID, Attrs: rec.Attrs, Time: rec.Time, Body: body}, rec.Version)
			}
			if _, err := b.Commit(ctx); err != nil {
				return res, err
			}
			if n < sweepBatch {
				break
			}
		}
	}
	x.s.log.Info("retention sweep", "records", res.Records, "held", res.Held)
	return res, nil
}

// ActionSubjectRectify is the audit action of Rectify.
const ActionSubjectRectify = "subject.rectify"

// Rectify corrects one personal field of one record on a data subject's
// request (Ley 1581 de 2012, art. 8 a; Ley 18.331, art. 15; Ley 19.628,
// art. 12), as actor, who must hold RoleDataProtection: the field at path
// (JSON names joined by dots, "requester.email") of record kind/id, which
// must be a text field tagged personal:"true" or personal:"key", is set
// to value in a new, audited version (action ActionSubjectRectify, with
// reason). It is for the personal fields no process call updates (a
// PQRSD's requester, a complaint's summary); the process calls that
// update a record (citizen.RegisterCitizens, stakeholder.Register,
// alliance's organisation registry) rectify through their own rules.
// A field that is not personal text, or a path that names none, is
// ErrInvalid; a record that is not there, ErrNotFound; a record changed
// meanwhile is read again.
func (x *Subjects) Rectify(ctx context.Context, actor Actor, kind, id, path, value, reason string) error {
	a, err := x.authorize(ctx, actor, ActionSubjectRectify, false)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(x.kinds, func(k PersonalKind) bool { return k.Kind == kind })
	if i < 0 {
		return Invalid("kind", "record kind %q holds no personal data this API knows of", kind)
	}
	if strings.TrimSpace(reason) == "" {
		return Invalid("reason", "a rectification needs a reason for the audit log")
	}
	k := x.kinds[i]
	return x.s.Update(ctx, a, ActionSubjectRectify, reason, 3, func(b *Batch) error {
		x.stamp(b)
		r, err := x.s.Get(ctx, kind, id)
		if err != nil {
			return err
		}
		v, err := k.decode(r.Body)
		if err != nil {
			return err
		}
		f, err := personalField(reflect.ValueOf(v).Elem(), path)
		if err != nil {
			return err
		}
		f.SetString(value)
		body, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("%w: encode %s/%s: %v", ErrInvalid, kind, id, err)
		}
		b.Put(Record{Kind: kind, ID: id, Attrs: r.Attrs, Time: r.Time, Body: salted(body)}, r.Version)
		return nil
	})
}

// personalField finds the settable text field at a JSON path, which must
// be tagged personal:"true" or personal:"key".
func personalField(v reflect.Value, path string) (reflect.Value, error) {
	parts := strings.Split(path, ".")
	for n, name := range parts {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return reflect.Value{}, Invalid("path", "%q: %s is not a record of fields", path, strings.Join(parts[:n], "."))
		}
		t := v.Type()
		j := -1
		for i := range t.NumField() {
			if t.Field(i).IsExported() && jsonName(t.Field(i)) == name {
				j = i
				break
			}
		}
		if j < 0 {
			return reflect.Value{}, Invalid("path", "%q: no field %q", path, name)
		}
		if n == len(parts)-1 {
			f := v.Field(j)
			if !erasable(personalOf(t.Field(j))) || f.Kind() != reflect.String {
				return reflect.Value{}, Invalid("path", "%q is not a personal text field: rectify it through its process", path)
			}
			return f, nil
		}
		v = v.Field(j)
	}
	return reflect.Value{}, Invalid("path", "an empty field path")
}
