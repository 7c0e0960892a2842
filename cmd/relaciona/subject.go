package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/report"
)

func init() {
	register(command{
		name:    "subject",
		summary: [2]string{"derechos del titular de datos personales: exportar, suprimir y anonimizar lo vencido", "data subjects' rights: export, erase, and anonymise what is past its retention"},
		run:     runSubject,
	})
}

// runSubject is `relaciona subject SUBCOMMAND`.
func runSubject(ctx context.Context, e *env, args []string) int {
	L := e.lang
	return e.dispatch("subject", []sub{
		{name: "export", synopsis: L.T("--config deployment.yaml --actor ID --id TITULAR [--format json|html] [--out ARCHIVO]", "--config deployment.yaml --actor ID --id SUBJECT [--format json|html] [--out FILE]"),
			summary: [2]string{"todo lo que se guarda de una persona (JSON, o HTML legible)", "everything held about a person (JSON, or readable HTML)"},
			run:     func(a []string) int { return runSubjectExport(ctx, e, a) }},
		{name: "erase", synopsis: L.T("--config deployment.yaml --actor ID --id TITULAR --reason MOTIVO [--date AAAA-MM-DD]", "--config deployment.yaml --actor ID --id SUBJECT --reason REASON [--date YYYY-MM-DD]"),
			summary: [2]string{"suprime los datos personales de una persona (nuevas versiones auditadas)", "erases a person's personal data (new audited versions)"},
			run:     func(a []string) int { return runSubjectErase(ctx, e, a) }},
		{name: "rectify", synopsis: L.T("--config deployment.yaml --actor ID --kind TIPO --record ID --field RUTA --value VALOR --reason MOTIVO", "--config deployment.yaml --actor ID --kind KIND --record ID --field PATH --value VALUE --reason REASON"),
			summary: [2]string{"corrige un dato personal de un registro (nueva versión auditada)", "corrects a personal field of a record (a new audited version)"},
			run:     func(a []string) int { return runSubjectRectify(ctx, e, a) }},
		{name: "sweep", synopsis: L.T("--config deployment.yaml [--actor ID] [--date AAAA-MM-DD]", "--config deployment.yaml [--actor ID] [--date YYYY-MM-DD]"),
			summary: [2]string{"anonimiza los registros cuyo plazo de conservación venció (personal_data)", "anonymises the records past their retention (personal_data)"},
			run:     func(a []string) int { return runSubjectSweep(ctx, e, a) }},
	}, args)
}

// subjectFlags are the flags every subject subcommand takes.
type subjectFlags struct {
	*cmdFlags
	config, actor, date *string
}

func (e *env) subjectFlags(name, synopsis string) subjectFlags {
	fs := e.flags("subject "+name, synopsis)
	L := e.lang
	return subjectFlags{cmdFlags: fs,
		config: fs.String("config", "", L.T("archivo de despliegue (obligatorio)", "deployment file (required)")),
		actor:  fs.String("actor", "", L.T("quién actúa: el directorio debe darle el rol data_protection", "who acts: the directory must give them the data_protection role")),
		date:   fs.String("date", "", L.T("fecha AAAA-MM-DD (por omisión, hoy en la zona horaria del despliegue)", "date YYYY-MM-DD (default: today in the deployment's time zone)")),
	}
}

// withSubjects runs fn with the subject-rights API of the deployment
// --config names (openSubjects) and the day --date means, and closes the
// deployment after; a failure to open it or an error from fn is the
// subcommand's failure (exit status 1).
func (fs subjectFlags) withSubjects(ctx context.Context, e *env, fn func(subj *relaciona.Subjects, today time.Time) error) int {
	d, subj, today, err := openSubjects(ctx, e, *fs.config, *fs.date)
	if err == nil {
		defer d.Close()
		err = fn(subj, today)
	}
	if err != nil {
		return e.fail(fs.Name(), err)
	}
	return 0
}

// openSubjects opens the deployment and its processes, and returns the
// subject-rights API over every process's personal kinds, with the
// deployment's retention, and the day date means (today by default).
func openSubjects(ctx context.Context, e *env, cfgPath, date string) (*deployed, *relaciona.Subjects, time.Time, error) {
	d, err := openDeployment(ctx, e, cfgPath)
	if err != nil {
		return nil, nil, time.Time{}, err
	}
	loc, err := d.dep.Location()
	if err != nil {
		d.Close()
		return nil, nil, time.Time{}, err
	}
	day := calendar.DateOf(time.Now().In(loc))
	if date != "" {
		if day, err = calendar.ParseDate(date); err != nil {
			d.Close()
			return nil, nil, time.Time{}, fmt.Errorf("--date: %w", err)
		}
	}
	jobs, err := openJobs(d, e.lang)
	if err != nil {
		d.Close()
		return nil, nil, time.Time{}, err
	}
	return d, subjectsOf(d, jobs), sweepDay(day), nil
}

// subjectsOf is the subject-rights API over the personal kinds of the
// deployment's processes (jobs), with the deployment's retention.
func subjectsOf(d *deployed, jobs []processJob) *relaciona.Subjects {
	instances := make([]process.Instance, len(jobs))
	for i, j := range jobs {
		instances[i] = j.Instance
	}
	return relaciona.NewSubjects(d.store, d.dir, process.PersonalKinds(instances...), d.dep.PersonalData.Retention)
}

// sweepDay is the "today" Subjects takes for a date: its midnight, UTC.
func sweepDay(day calendar.Date) time.Time {
	return time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, time.UTC)
}

// sweepRetention is the retention step of `relaciona run`: when the
// deployment's personal_data section writes a retention rule, it runs
// the sweep for date as the scheduled job (SystemActor), its writes
// stamped at (the run's stamp, within date). It reports
// whether it ran. The sweep commits page by page and finds nothing left
// where a sweep already passed, so a run killed mid-sweep is finished by
// the next run of the date, and a second run of the date anonymises
// nothing.
func sweepRetention(ctx context.Context, d *deployed, jobs []processJob, date calendar.Date, at time.Time) (relaciona.Erasure, bool, error) {
	if !slices.ContainsFunc(d.dep.PersonalData.Retention, func(r relaciona.Retention) bool { return !r.Default }) {
		return relaciona.Erasure{}, false, nil
	}
	res, err := subjectsOf(d, jobs).WithTime(at).Sweep(ctx, relaciona.SystemActor(), sweepDay(date))
	if err != nil {
		return relaciona.Erasure{}, true, fmt.Errorf("personal_data: %w", err)
	}
	return res, true, nil
}

// sweepLine is the run's summary line of a sweep: how many records were
// anonymised, how many a legal term held, and which fields were cleared
// (field paths and counts: never a value).
func sweepLine(r relaciona.Erasure, L relaciona.Lang) string {
	line := L.Tf("conservación de datos personales: %d registros anonimizados, %d retenidos por un término legal",
		"personal-data retention: %d records anonymised, %d held by a legal term", r.Records, r.Held)
	if len(r.Fields) == 0 {
		return line
	}
	fields := make([]string, 0, len(r.Fields))
	for _, p := range slices.Sorted(maps.Keys(r.Fields)) {
		fields = append(fields, fmt.Sprintf("%s %d", p, r.Fields[p]))
	}
	return line + L.T(" (campos borrados: ", " (fields cleared: ") + strings.Join(fields, ", ") + ")"
}

func runSubjectExport(ctx context.Context, e *env, args []string) int {
	L := e.lang
	fs := e.subjectFlags("export", L.T("--config deployment.yaml --actor ID --id TITULAR [--format json|html] [--out ARCHIVO]", "--config deployment.yaml --actor ID --id SUBJECT [--format json|html] [--out FILE]"))
	id := fs.String("id", "", L.T("el titular: su id, correo, documento o cuenta", "the subject: their id, e-mail, document or account"))
	format := fs.String("format", "json", L.T("formato: json o html", "format: json or html"))
	out := fs.String("out", "", L.T("archivo de salida (por omisión, la salida estándar); se crea legible solo por su dueño", "output file (default: standard output); created readable by its owner only"))
	if code, ok := fs.parse(args); !ok {
		return code
	}
	switch {
	case *fs.config == "" || fs.NArg() > 0:
		return fs.usageError("")
	case *fs.actor == "" || *id == "":
		return fs.usageError(L.T("faltan --actor o --id", "--actor or --id is missing"))
	case *format != "json" && *format != "html":
		return fs.usageError(L.Tf("formato desconocido %q: json o html", "unknown format %q: json or html", *format))
	}
	return fs.withSubjects(ctx, e, func(subj *relaciona.Subjects, today time.Time) error {
		x, err := subj.Export(ctx, relaciona.Actor{ID: *fs.actor}, *id, today)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if *format == "html" {
			err = report.HTML(&buf, subjectDocument(x, subj.Kinds(), L))
		} else {
			enc := json.NewEncoder(&buf)
			enc.SetIndent("", "  ")
			err = enc.Encode(x)
		}
		if err != nil {
			return err
		}
		e.log.Info("subject exported", "records", len(x.Records))
		if *out == "" {
			_, err = io.Copy(e.stdout, &buf)
			return err
		}
		return os.WriteFile(*out, buf.Bytes(), 0o600)
	})
}

func runSubjectErase(ctx context.Context, e *env, args []string) int {
	L := e.lang
	fs := e.subjectFlags("erase", L.T("--config deployment.yaml --actor ID --id TITULAR --reason MOTIVO [--date AAAA-MM-DD]", "--config deployment.yaml --actor ID --id SUBJECT --reason REASON [--date YYYY-MM-DD]"))
	id := fs.String("id", "", L.T("el titular: su id, correo, documento o cuenta", "the subject: their id, e-mail, document or account"))
	reason := fs.String("reason", "", L.T("motivo, para la auditoría (el radicado de la solicitud; nunca datos del titular)", "reason, for the audit log (the request's filing number; never the subject's data)"))
	if code, ok := fs.parse(args); !ok {
		return code
	}
	switch {
	case *fs.config == "" || fs.NArg() > 0:
		return fs.usageError("")
	case *fs.actor == "" || *id == "" || *reason == "":
		return fs.usageError(L.T("faltan --actor, --id o --reason", "--actor, --id or --reason is missing"))
	}
	return fs.withSubjects(ctx, e, func(subj *relaciona.Subjects, today time.Time) error {
		res, err := subj.Erase(ctx, relaciona.Actor{ID: *fs.actor}, *id, *reason, today)
		if err != nil {
			return err
		}
		for _, l := range erasureLines(res, L) {
			fmt.Fprintln(e.stdout, l)
		}
		return nil
	})
}

func runSubjectRectify(ctx context.Context, e *env, args []string) int {
	L := e.lang
	fs := e.subjectFlags("rectify", L.T("--config deployment.yaml --actor ID --kind TIPO --record ID --field RUTA --value VALOR --reason MOTIVO", "--config deployment.yaml --actor ID --kind KIND --record ID --field PATH --value VALUE --reason REASON"))
	kind := fs.String("kind", "", L.T("tipo de registro, p. ej. citizen.pqrsd", "record kind, e.g. citizen.pqrsd"))
	record := fs.String("record", "", L.T("id del registro", "record id"))
	field := fs.String("field", "", L.T("campo personal (ruta JSON, p. ej. requester.email)", "personal field (JSON path, e.g. requester.email)"))
	value := fs.String("value", "", L.T("valor correcto (vacío lo borra)", "correct value (empty clears it)"))
	reason := fs.String("reason", "", L.T("motivo, para la auditoría (el radicado de la solicitud)", "reason, for the audit log (the request's filing number)"))
	if code, ok := fs.parse(args); !ok {
		return code
	}
	switch {
	case *fs.config == "" || fs.NArg() > 0:
		return fs.usageError("")
	case *fs.actor == "" || *kind == "" || *record == "" || *field == "" || *reason == "":
		return fs.usageError(L.T("faltan --actor, --kind, --record, --field o --reason", "--actor, --kind, --record, --field or --reason is missing"))
	}
	return fs.withSubjects(ctx, e, func(subj *relaciona.Subjects, _ time.Time) error {
		if err := subj.Rectify(ctx, relaciona.Actor{ID: *fs.actor}, *kind, *record, *field, *value, *reason); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, L.Tf("%s/%s: %s corregido (nueva versión auditada)", "%s/%s: %s corrected (a new audited version)", *kind, *record, *field))
		return nil
	})
}

func runSubjectSweep(ctx context.Context, e *env, args []string) int {
	L := e.lang
	fs := e.subjectFlags("sweep", L.T("--config deployment.yaml [--actor ID] [--date AAAA-MM-DD]", "--config deployment.yaml [--actor ID] [--date YYYY-MM-DD]"))
	if code, ok := fs.parse(args); !ok {
		return code
	}
	if *fs.config == "" || fs.NArg() > 0 {
		return fs.usageError("")
	}
	actor := relaciona.SystemActor()
	if *fs.actor != "" {
		actor = relaciona.Actor{ID: *fs.actor}
	}
	return fs.withSubjects(ctx, e, func(subj *relaciona.Subjects, today time.Time) error {
		res, err := subj.Sweep(ctx, actor, today)
		if err != nil {
			return err
		}
		for _, l := range erasureLines(res, L) {
			fmt.Fprintln(e.stdout, l)
		}
		if res.Held > 0 {
			fmt.Fprintln(e.stdout, L.Tf("%d registros con un término legal en curso se conservan", "%d records under a running legal term are kept", res.Held))
		}
		return nil
	})
}

// erasureLines says what an erasure or sweep did, one line per field.
func erasureLines(r relaciona.Erasure, L relaciona.Lang) []string {
	lines := []string{L.Tf("%d registros anonimizados (nuevas versiones auditadas)", "%d records anonymised (new audited versions)", r.Records)}
	for _, p := range slices.Sorted(maps.Keys(r.Fields)) {
		lines = append(lines, L.Tf("  borrado %s: %d", "  cleared %s: %d", p, r.Fields[p]))
	}
	for _, p := range slices.Sorted(maps.Keys(r.Kept)) {
		lines = append(lines, L.Tf("  conservado por la regla de archivo %s: %d", "  kept by the archive rule %s: %d", p, r.Kept[p]))
	}
	return lines
}

// subjectDocument is the readable export: a summary, the legal terms that
// hold an erasure back, and one section per record kind with a table per
// record of its fields, personal ones marked.
func subjectDocument(x relaciona.SubjectExport, kinds []relaciona.PersonalKind, L relaciona.Lang) report.Document {
	label := map[string]string{}
	for _, k := range kinds {
		if k.Label[0] != "" {
			label[k.Kind] = L.T(k.Label[0], k.Label[1])
		}
	}
	doc := report.Document{
		Title:     L.Tf("Datos personales del titular %s", "Personal data of subject %s", x.Subject),
		Subtitle:  L.T("Respuesta a una solicitud de acceso (Ley 1581 de 2012, Ley 18.331, Ley 19.628 / Ley 21.719)", "Answer to an access request (Ley 1581 de 2012, Ley 18.331, Ley 19.628 / Ley 21.719)"),
		Lang:      L,
		Generated: x.Generated,
	}
	byKind := map[string][]relaciona.SubjectRecord{}
	var order []string
	for _, r := range x.Records {
		if _, ok := byKind[r.Kind]; !ok {
			order = append(order, r.Kind)
		}
		byKind[r.Kind] = append(byKind[r.Kind], r)
	}
	summary := report.Table{ID: "records-by-kind", Caption: L.T("Registros por tipo", "Records by kind"),
		Columns: []report.Column{{Name: L.T("Tipo", "Kind")}, {Name: L.T("Registros", "Records"), Kind: report.KindInt}}}
	for _, k := range order {
		name := k
		if l, ok := label[k]; ok {
			name = l + " (" + k + ")"
		}
		summary.Rows = append(summary.Rows, []report.Cell{report.Text(name), report.Int(int64(len(byKind[k])))})
	}
	sec := report.Section{ID: "summary", Title: L.T("Resumen", "Summary"), Blocks: []report.Block{summary}}
	if len(x.Holds) > 0 {
		l := report.List{}
		for _, h := range x.Holds {
			l.Items = append(l.Items, report.ListItem{Text: L.Tf("%s: término legal hasta el %s; no se puede suprimir antes", "%s: legal term until %s; cannot be erased before", h.What, h.Due), Status: report.StatusWarn})
		}
		sec.Blocks = append(sec.Blocks, l)
	}
	doc.Sections = append(doc.Sections, sec)
	n := 0
	for _, k := range order {
		title := k
		if l, ok := label[k]; ok {
			title = l
		}
		s := report.Section{ID: "kind-" + k, Title: title}
		for _, r := range byKind[k] {
			n++
			t := report.Table{ID: fmt.Sprintf("record-%d", n), Caption: L.Tf("%s, versión %d", "%s, version %d", r.ID, r.Version), PageRows: -1,
				Columns: []report.Column{{Name: L.T("Campo", "Field")}, {Name: L.T("Valor", "Value")}, {Name: L.T("Dato personal", "Personal data")}}}
			for _, f := range flatten(r.Body) {
				personal := ""
				if isPersonalPath(f[0], r.Personal) {
					personal = L.T("sí", "yes")
				}
				t.Rows = append(t.Rows, []report.Cell{report.Text(f[0]), report.Text(f[1]), report.Text(personal)})
			}
			s.Blocks = append(s.Blocks, t)
		}
		doc.Sections = append(doc.Sections, s)
	}
	return doc
}

// isPersonalPath reports whether a flattened field path (with indexes,
// "contacts[1].email") is one of the personal paths ("contacts.email").
func isPersonalPath(path string, personal []string) bool {
	var b strings.Builder
	skip := false
	for _, r := range path {
		switch {
		case r == '[':
			skip = true
		case r == ']':
			skip = false
		case !skip:
			b.WriteRune(r)
		}
	}
	p := b.String()
	for _, q := range personal {
		if p == q || strings.HasPrefix(p, q+".") {
			return true
		}
	}
	return false
}

// flatten turns a JSON body into (path, value) pairs in a stable order.
func flatten(body json.RawMessage) [][2]string {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return [][2]string{{"", string(body)}}
	}
	var out [][2]string
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch t := v.(type) {
		case map[string]any:
			keys := slices.Sorted(maps.Keys(t))
			for _, k := range keys {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				walk(p, t[k])
			}
		case []any:
			for i, e := range t {
				walk(fmt.Sprintf("%s[%d]", prefix, i), e)
			}
		case nil:
		default:
			out = append(out, [2]string{prefix, fmt.Sprint(t)})
		}
	}
	walk("", v)
	return out
}
