package relaciona

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"text/template"
	"text/template/parse"
)

// Audience is who a kind of notification is written for. Staff are the
// agency's people, found in the directory; the others are people outside
// it, reached only through a contact they gave on the record, and counted
// by the deployment's contact limits.
type Audience string

// The audiences of a notification kind.
const (
	AudienceStaff       Audience = "staff"
	AudienceCitizen     Audience = "citizen"
	AudienceClient      Audience = "client"
	AudienceStakeholder Audience = "stakeholder"
	AudiencePartner     Audience = "partner"
)

// Template is the text of one notification kind in one language: a subject
// and a body, each a Go text/template over the notification's fields
// ({{.due}}, {{.record}}, ...). Only the fields the kind lists (and
// CommonNoticeFields) may be named; CheckTemplate says which is not.
type Template struct {
	Subject string `json:"subject" yaml:"subject"`
	Body    string `json:"body" yaml:"body"`
}

// Templates are the overrides a process file gives under its
// notifications key: kind -> language -> template. A kind or language
// without an override is written with the kind's default.
type Templates map[string]map[Lang]Template

// CommonNoticeFields are the fields every notification's template may use
// besides its kind's own: the kind's title, the record it is about, the due
// date (as the reader's language writes dates), the process, and the
// recipient's name ("" when the recipient gave none).
var CommonNoticeFields = []string{"title", "record", "due", "process", "recipient"}

// NoticeKind describes a kind of notification a process writes: its name
// ("citizen.pqrsd.overdue"), the process, a title in both languages, who it
// is for, the fields the process fills in Notification.Fields (those a
// template may use, with CommonNoticeFields), and the default text in
// Spanish and English. Process packages register their kinds in init,
// from the message catalog each embeds (RegisterNoticeCatalog).
type NoticeKind struct {
	Kind     string
	Process  string
	Title    [2]string
	Audience Audience
	Fields   []string
	Default  map[Lang]Template
}

// TitleIn returns the kind's title in lang.
func (k NoticeKind) TitleIn(lang Lang) string { return lang.T(k.Title[0], k.Title[1]) }

// allowed reports whether a template of the kind may name field.
func (k NoticeKind) allowed(field string) bool {
	return slices.Contains(k.Fields, field) || slices.Contains(CommonNoticeFields, field)
}

var (
	noticeMu    sync.RWMutex
	noticeKinds = map[string]NoticeKind{}
)

// RegisterNoticeKind makes a notification kind known, with its default
// templates checked. A kind registered twice, a kind outside its process
// ("citizen.x" for process "citizen"), a missing default in Spanish or
// English, or a default naming a field the kind does not list is refused
// with an error wrapping ErrInvalid or ErrConflict.
func RegisterNoticeKind(k NoticeKind) error {
	if err := k.check(); err != nil {
		return err
	}
	noticeMu.Lock()
	defer noticeMu.Unlock()
	if _, dup := noticeKinds[k.Kind]; dup {
		return fmt.Errorf("%w: notification kind %q is registered twice", ErrConflict, k.Kind)
	}
	k.Fields = slices.Clone(k.Fields)
	noticeKinds[k.Kind] = k
	return nil
}

// check is RegisterNoticeKind's checks of k itself, before the registry is
// consulted.
func (k NoticeKind) check() error {
	switch {
	case k.Process == "" || !strings.HasPrefix(k.Kind, k.Process+".") || strings.ContainsAny(k.Kind, ": \t\r\n"):
		return Invalid("notice.kind", "notification kind %q must be \"<process>.<what>\" for process %q, without ':' or spaces", k.Kind, k.Process)
	case k.Audience == "":
		return Invalid("notice.audience", "notification kind %q needs an audience", k.Kind)
	}
	for _, l := range []Lang{Spanish, English} {
		t, ok := k.Default[l]
		if !ok {
			return Invalid("notice.default", "notification kind %q has no default text in %q", k.Kind, l)
		}
		if err := k.CheckTemplate(t); err != nil {
			return fmt.Errorf("notification kind %q, default in %q: %w", k.Kind, l, err)
		}
	}
	return nil
}

// MustRegisterNoticeKind is RegisterNoticeKind for a process package's
// init: it panics when the kind is refused, which is a bug in the package.
func MustRegisterNoticeKind(k NoticeKind) {
	if err := RegisterNoticeKind(k); err != nil {
		panic(err)
	}
}

// LookupNoticeKind returns the registered kind named kind.
func LookupNoticeKind(kind string) (NoticeKind, bool) {
	noticeMu.RLock()
	defer noticeMu.RUnlock()
	k, ok := noticeKinds[kind]
	return k, ok
}

// NoticeKinds lists the registered kinds of process ("" for every
// process), ordered by name.
func NoticeKinds(process string) []NoticeKind {
	noticeMu.RLock()
	defer noticeMu.RUnlock()
	var out []NoticeKind
	for _, k := range noticeKinds {
		if process == "" || k.Process == process {
			out = append(out, k)
		}
	}
	slices.SortFunc(out, func(a, b NoticeKind) int { return strings.Compare(a.Kind, b.Kind) })
	return out
}

// parseTemplate parses one text of a template, refusing a field the kind
// does not give; part names it in the error ("subject", "body").
func (k NoticeKind) parseTemplate(part, text string) (*template.Template, error) {
	t, err := template.New(part).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, Invalid(part, "the template does not parse: %v", cleanTemplateErr(err))
	}
	var bad error
	var walk func(n parse.Node)
	walk = func(n parse.Node) {
		if bad != nil || n == nil {
			return
		}
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n == nil {
				return
			}
			for _, c := range n.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.FieldNode:
			if f := n.Ident[0]; !k.allowed(f) {
				bad = Invalid(part, "the template names field %q, which %s does not give (it gives: %s)", f, k.Kind, strings.Join(k.fieldList(), ", "))
			}
		case *parse.ChainNode:
			walk(n.Node)
		case *parse.IfNode:
			walk(&n.BranchNode)
		case *parse.RangeNode:
			walk(&n.BranchNode)
		case *parse.WithNode:
			walk(&n.BranchNode)
		case *parse.BranchNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			bad = Invalid(part, "the template may not call other templates")
		}
	}
	walk(t.Tree.Root)
	if bad != nil {
		return nil, bad
	}
	return t, nil
}

func (k NoticeKind) fieldList() []string {
	out := append(slices.Clone(CommonNoticeFields), k.Fields...)
	slices.Sort(out)
	return slices.Compact(out)
}

// cleanTemplateErr drops the template name text/template puts first.
func cleanTemplateErr(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "template: ")
	return s
}

// CheckTemplate checks that t parses and names only fields the kind gives;
// the error names the part ("subject" or "body") and the field.
func (k NoticeKind) CheckTemplate(t Template) error {
	if strings.TrimSpace(t.Subject) == "" {
		return Invalid("subject", "a notification needs a subject")
	}
	if strings.ContainsAny(t.Subject, "\r\n") {
		return Invalid("subject", "a subject is one line")
	}
	if _, err := k.parseTemplate("subject", t.Subject); err != nil {
		return err
	}
	if strings.TrimSpace(t.Body) == "" {
		return Invalid("body", "a notification needs a body")
	}
	_, err := k.parseTemplate("body", t.Body)
	return err
}

// CheckTemplates checks a process file's overrides: each kind registered
// for process, each language es or en, each template as CheckTemplate
// says. The error's field is notifications.<kind>.<lang>.<part>.
func CheckTemplates(process string, ts Templates) error {
	kinds := make([]string, 0, len(ts))
	for kind := range ts {
		kinds = append(kinds, kind)
	}
	slices.Sort(kinds)
	for _, kind := range kinds {
		k, ok := LookupNoticeKind(kind)
		if !ok || k.Process != process {
			var names []string
			for _, k := range NoticeKinds(process) {
				names = append(names, k.Kind)
			}
			return Invalid("notifications."+kind, "unknown notification kind %q for %s (known: %s)", kind, process, strings.Join(names, ", "))
		}
		langs := make([]string, 0, len(ts[kind]))
		for l := range ts[kind] {
			langs = append(langs, string(l))
		}
		slices.Sort(langs)
		for _, l := range langs {
			at := "notifications." + kind + "." + l
			if Lang(l) != Spanish && Lang(l) != English {
				return Invalid(at, "unknown language %q: use es or en", l)
			}
			if err := k.CheckTemplate(ts[kind][Lang(l)]); err != nil {
				var ve *ValidationError
				if errors.As(err, &ve) {
					return Invalid(at+"."+ve.Field, "%s", ve.Msg)
				}
				return fmt.Errorf("%s: %w", at, err)
			}
		}
	}
	return nil
}

// TemplateFor returns the text of kind in lang: the override in ts when
// there is one, else the kind's default.
func (k NoticeKind) TemplateFor(ts Templates, lang Lang) Template {
	if lang != English {
		lang = Spanish
	}
	if t, ok := ts[k.Kind][lang]; ok {
		return t
	}
	return k.Default[lang]
}

// Render writes t with the notification's fields: fields holds the kind's
// own fields and the common ones (see CommonNoticeFields); a field the
// template names but fields lacks is written empty. The template must have
// passed CheckTemplate.
func (k NoticeKind) Render(t Template, fields map[string]string) (subject, body string, err error) {
	data := make(map[string]string, len(fields)+len(CommonNoticeFields)+len(k.Fields))
	for _, f := range k.fieldList() {
		data[f] = ""
	}
	for f, v := range fields {
		data[f] = v
	}
	out := make([]string, 2)
	for i, part := range []struct{ name, text string }{{"subject", t.Subject}, {"body", t.Body}} {
		tt, err := k.parseTemplate(part.name, part.text)
		if err != nil {
			return "", "", fmt.Errorf("notification %s: %w", k.Kind, err)
		}
		var b strings.Builder
		if err := tt.Execute(&b, data); err != nil {
			return "", "", fmt.Errorf("%w: notification %s: %s: %s", ErrInvalid, k.Kind, part.name, cleanTemplateErr(err))
		}
		out[i] = b.String()
	}
	return strings.TrimSpace(strings.ReplaceAll(out[0], "\n", " ")), out[1], nil
}
