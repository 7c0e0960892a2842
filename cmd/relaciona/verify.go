package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/deployment"
	"github.com/relaciona/relaciona/report"
)

func init() {
	register(command{
		name:    "verify",
		summary: [2]string{"verifica toda la auditoría y todos los registros del almacenamiento", "verifies the whole audit log and every record of the store"},
		run:     runVerify,
	})
}

// runVerify is `relaciona verify`: the full check `run` makes only on its
// first day or with audit.verify: full. It walks the whole audit log and
// compares every record with it, proves the store has not gone back from
// the head file, and writes the verified head. An agency runs it from time
// to time (weekly, say): a record changed behind the store's back and
// untouched since the last verified point is found only by this check.
// Exit status: 0 when everything matches, 1 when not or on failure, 2 on
// bad usage.
func runVerify(ctx context.Context, e *env, args []string) int {
	fs := e.flags("verify", "--config deployment.yaml")
	cfgPath := fs.String("config", "", e.lang.T("archivo de despliegue (obligatorio)", "deployment file (required)"))
	if code, ok := fs.parse(args); !ok {
		return code
	}
	if *cfgPath == "" || fs.NArg() > 0 {
		return fs.usageError("")
	}
	fail := func(err error) int {
		e.log.Error("verify failed", "error", err)
		fmt.Fprintln(e.stderr, "relaciona verify:", relaciona.ErrorText(err, e.lang))
		return 1
	}
	d, err := openDeployment(ctx, e, *cfgPath)
	if err != nil {
		return fail(err)
	}
	defer d.Close()
	_, lines, err := verifyStore(ctx, e, d, true)
	if err != nil {
		return fail(err)
	}
	for _, l := range lines {
		fmt.Fprintln(e.stdout, l)
	}
	return 0
}

// verifyStore checks the store against its audit log from the deployment's
// head file, and writes the new verified head there. The check is
// incremental (the changes since the verified point) unless full is set,
// the deployment says audit.verify: full, or there is no head yet. In
// every case it proves the store has not gone back from the head file. It
// returns the new head and one line per result for the person who reads
// the output; a difference is an error wrapping ErrAuditBroken, in
// words a clerk can act on.
func verifyStore(ctx context.Context, e *env, d *deployed, full bool) (relaciona.AuditHead, []string, error) {
	L := e.lang
	path := d.dep.Audit.HeadFile
	head, err := relaciona.ReadAuditHead(path)
	if err != nil {
		return relaciona.AuditHead{}, nil, err
	}
	from := head
	if full || d.dep.Audit.Verify == deployment.VerifyFull {
		// Every record again, still pinned to what the head saw.
		from.Verified = relaciona.AuditCheckpoint{}
	}
	next, st, err := d.store.VerifyHead(ctx, from)
	if err != nil {
		var rm *relaciona.RecordMismatch
		var he *relaciona.HeadError
		switch {
		case errors.As(err, &rm):
			return relaciona.AuditHead{}, nil, fmt.Errorf("%w: %s", relaciona.ErrAuditBroken, L.Tf(
				"el registro %s/%s no es el que escribió la auditoría (%s): no se ejecuta nada sobre datos alterados",
				"record %s/%s is not the one the audit log wrote (%s): nothing runs on altered data", rm.Kind, rm.ID, rm.Problem(L)))
		case errors.As(err, &he):
			return relaciona.AuditHead{}, nil, fmt.Errorf("%w: %s", relaciona.ErrAuditBroken, L.Tf(
				"%s, según la cabeza guardada en %s: no se ejecuta nada. Si el almacenamiento se restauró a propósito desde una copia, compruébelo con «relaciona verify» tras apartar ese archivo",
				"%s, according to the head kept in %s: nothing runs. If the store was restored from a backup on purpose, check it with \"relaciona verify\" after moving that file away", he.Problem(L), path))
		}
		return relaciona.AuditHead{}, nil, err
	}
	if err := writeHeadIfNewer(path, next); err != nil {
		return relaciona.AuditHead{}, nil, err
	}
	e.log.Info("audit verified", "full", st.Full, "entries", st.Entries, "records", st.Records, "head", next.Verified.Seq)
	v := next.Verified
	headText := L.T("ninguna (auditoría vacía)", "none (empty log)")
	if !v.IsZero() {
		headText = fmt.Sprintf("%d (%s)", v.Seq, v.ShortHash())
	}
	var lines []string
	if st.Full {
		lines = append(lines,
			L.Tf("auditoría: verificación completa, %d entradas, cadena verificada; cabeza %s", "audit: full check, %d entries, chain verified; head %s", st.Entries, headText),
			L.Tf("registros: %d, coinciden con la auditoría", "records: %d, matching the audit log", st.Records))
	} else {
		lines = append(lines,
			L.Tf("auditoría: %d entradas nuevas desde la cabeza verificada, cadena verificada; cabeza %s", "audit: %d new entries since the verified head, chain verified; head %s", st.Entries, headText),
			L.Tf("registros cambiados desde entonces: %d, coinciden con la auditoría", "records changed since: %d, matching the audit log", st.Records))
	}
	return next, lines, nil
}

// advanceHead moves the head file's Seen point to the log's end after a
// job's own writes, so that removing them before the next check is found.
func advanceHead(ctx context.Context, d *deployed, head relaciona.AuditHead) error {
	next, err := d.store.AdvanceHead(ctx, head)
	if err != nil {
		return err
	}
	return writeHeadIfNewer(d.dep.Audit.HeadFile, next)
}

// writeHeadIfNewer writes h to the head file unless the file already holds
// a head that saw further (written meanwhile by another command), so that
// the point the store must not go back from never moves back.
func writeHeadIfNewer(path string, h relaciona.AuditHead) error {
	cur, err := relaciona.ReadAuditHead(path)
	if err != nil {
		return err
	}
	if cur.Seen.Seq > h.Seen.Seq {
		return nil
	}
	return relaciona.WriteAuditHead(path, h)
}

// auditHeadSection is the part of the monthly reports' index that
// publishes the verified audit head, so that a copy of the reports kept
// elsewhere also proves later whether the store went back.
func auditHeadSection(d *deployed, L relaciona.Lang) (report.Section, error) {
	h, err := relaciona.ReadAuditHead(d.dep.Audit.HeadFile)
	if err != nil {
		return report.Section{}, err
	}
	v := h.Verified
	return report.Section{ID: "auditoria", Title: L.T("Auditoría", "Audit"), Blocks: []report.Block{
		report.KeyFigures{Items: []report.KeyFigure{
			{Label: L.T("Última entrada verificada", "Last verified entry"), Value: report.Int(v.Seq)},
			{Label: L.T("Su hash", "Its hash"), Value: report.Text(fmt.Sprintf("%x", v.Hash))},
		}},
		report.Paragraph{Text: L.T(
			"La auditoría y los registros que escribió se verificaron hasta esta entrada. Si más adelante el almacenamiento no tiene esta entrada con este hash, se quitaron o reescribieron entradas.",
			"The audit log and the records it wrote were verified up to this entry. If later the store lacks this entry with this hash, entries were removed or rewritten.")},
	}}, nil
}
