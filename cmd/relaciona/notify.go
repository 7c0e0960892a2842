package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/process"
)

func init() {
	register(command{
		name: "notify",
		summary: [2]string{"entrega los avisos pendientes (correo, webhook, respuesta en el ticket), una vez cada uno; con --dry-run solo los lista",
			"delivers the pending notices (e-mail, webhook, ticket reply), each once; with --dry-run only lists them"},
		run: runNotify,
	})
}

// runNotify is `relaciona notify`: it takes the run lock as run does,
// then lists (--dry-run) or delivers the due notifications and prints the
// result: counts, then each item not sent with its reason, recipients
// redacted unless --personal. Legal notices unsent on or after their due
// date are listed on stderr under a warning line.
//
// Exit status: 0 when the dispatch did its work, whatever items failed,
// were held or wait for a retry (they are listed, and a later run retries
// what can be retried); 1 when it could not work: the deployment or a
// channel is misconfigured (a secret not set, a scheme no channel
// registered) or the store fails; 2 on bad usage.
func runNotify(ctx context.Context, e *env, args []string) int {
	L := e.lang
	fs := e.flags("notify", L.T("--config deployment.yaml [--dry-run] [--personal] [--at AAAA-MM-DD]", "--config deployment.yaml [--dry-run] [--personal] [--at YYYY-MM-DD]"))
	cfgPath := fs.String("config", "", L.T("archivo de despliegue (obligatorio)", "deployment file (required)"))
	dry := fs.Bool("dry-run", false, L.T("solo listar lo que se enviaría, sin enviar ni escribir nada", "only list what would be sent, sending and writing nothing"))
	personal := fs.Bool("personal", false, L.T("mostrar los correos completos de los destinatarios (datos personales); por omisión se ocultan", "show recipients' full e-mail addresses (personal data); hidden by default"))
	atFlag := fs.String("at", "", L.T("fecha AAAA-MM-DD de la entrega (por omisión, ahora en la zona horaria del despliegue)", "date YYYY-MM-DD of the dispatch (default: now in the deployment's time zone)"))
	waitFlag := fs.Duration("wait", 0, L.T("si otra ejecución está en curso, esperar hasta este tiempo a que termine", "if another run is in progress, wait up to this long for it to end"))
	if code, ok := fs.parse(args); !ok {
		return code
	}
	L = e.lang
	if *cfgPath == "" || fs.NArg() > 0 {
		return fs.usageError("")
	}
	if *waitFlag < 0 {
		return fs.usageError(L.T("--wait no puede ser negativo", "--wait cannot be negative"))
	}
	var date calendar.Date
	if *atFlag != "" {
		var err error
		if date, err = calendar.ParseDate(*atFlag); err != nil {
			return fs.usageError("--at: " + err.Error())
		}
	}
	d, loc, done, busy, err := openLocked(ctx, e, *cfgPath, *waitFlag)
	if err != nil {
		return e.fail("notify", err)
	}
	if busy {
		return 0
	}
	defer done()
	if date.IsZero() {
		date = calendar.DateOf(time.Now().In(loc))
	}
	disp, closeChannels, err := openDispatcher(ctx, e, d, date, loc)
	if err != nil {
		return e.fail("notify", err)
	}
	defer closeChannels()
	if *dry {
		plan, res, err := disp.Plan(ctx)
		if err != nil {
			return e.fail("notify", err)
		}
		printPlan(e.stdout, plan, *personal, L)
		fmt.Fprintln(e.stdout, L.Tf("se enviarían %d avisos (%d en resúmenes diarios); %d fallarían, %d se retendrían, %d esperan",
			"would send %d notices (%d in daily digests); %d would fail, %d would be held, %d wait",
			res.Sent, countOutcome(plan, relaciona.OutcomeDigest), res.Failed, res.Held, res.Waiting))
		printLate(e.stderr, res.Late, L)
		return 0
	}
	res, err := disp.Dispatch(ctx)
	if err != nil {
		return e.fail("notify", err)
	}
	fmt.Fprintln(e.stdout, dispatchLine(res, L))
	printItems(e.stdout, res.Items, *personal, L)
	printLate(e.stderr, res.Late, L)
	return 0
}

// openDispatcher opens the deployment's channels and returns the
// dispatcher of its outbox for date: its clock is now when date is today,
// else the last instant of date (as a run's stamp), so a run of a past date
// writes within it.
func openDispatcher(ctx context.Context, e *env, d *deployed, date calendar.Date, loc *time.Location) (*relaciona.Dispatcher, func(), error) {
	channels, err := d.dep.Notifications.OpenChannels(ctx, d.tickets)
	if err != nil {
		return nil, nil, err
	}
	closeAll := func() {
		for name, c := range channels {
			if err := c.Close(); err != nil {
				e.log.Warn("closing a channel failed", "channel", name)
			}
		}
	}
	opts := d.dep.Notifications.Options()
	opts.Location = loc
	opts.Logger = e.log.Named("notify")
	opts.Now = func() time.Time { return runStamp(date, loc) }
	templates, err := processTemplates(d, e.lang)
	if err != nil {
		closeAll()
		return nil, nil, err
	}
	opts.Templates = func(process string) relaciona.Templates { return templates[process] }
	return relaciona.NewDispatcher(d.store, d.dir, channels, opts), closeAll, nil
}

// templater is what a process instance offers when its file overrides
// notification templates (the notifications key of a process file).
type templater interface {
	Templates() relaciona.Templates
}

// processTemplates reads the template overrides of each process the
// deployment names, from the processes that offer them.
func processTemplates(d *deployed, L relaciona.Lang) (map[string]relaciona.Templates, error) {
	jobs, err := openJobs(d, L)
	if err != nil {
		return nil, err
	}
	out := map[string]relaciona.Templates{}
	for _, j := range jobs {
		if t, ok := j.Instance.(templater); ok {
			out[j.kind] = t.Templates()
		}
	}
	return out, nil
}

// dispatchLine is the one line of counts `relaciona run` and `relaciona
// notify` print.
func dispatchLine(r relaciona.DispatchResult, L relaciona.Lang) string {
	return L.Tf("avisos: %d enviados (%d resúmenes diarios), %d fallidos, %d retenidos, %d en reintento, %d en espera",
		"notices: %d sent (%d daily digests), %d failed, %d held, %d retrying, %d waiting",
		r.Sent, r.Digests, r.Failed, r.Held, r.Retrying, r.Waiting)
}

func countOutcome(items []relaciona.DispatchItem, o relaciona.Outcome) int {
	n := 0
	for _, it := range items {
		if it.Outcome == o {
			n++
		}
	}
	return n
}

// outcomeNames names each dispatch outcome in words, in both languages.
var outcomeNames = process.Labels[relaciona.Outcome]{
	relaciona.OutcomeSent:                            {"enviar", "send"},
	relaciona.OutcomeDigest:                          {"resumen", "digest"},
	relaciona.OutcomeFailed:                          {"fallido", "failed"},
	relaciona.OutcomeHeld:                            {"retenido", "held"},
	relaciona.OutcomeRetrying:                        {"reintento", "retrying"},
	relaciona.OutcomeWaiting:                         {"en espera", "waiting"},
	relaciona.Outcome(relaciona.NotificationPending): {"pendiente", "pending"},
}

// outcomeText is an outcome in words (as written when it has no name).
func outcomeText(o relaciona.Outcome, L relaciona.Lang) string {
	return outcomeNames.Of(L, o)
}

// recipientText is an item's recipient: redacted, or with --personal the
// address the dispatcher found.
func recipientText(it relaciona.DispatchItem, personal bool) string {
	if personal && it.Contact.Email != "" {
		return it.Contact.Email
	}
	if it.To == "" {
		return "-"
	}
	return it.To
}

func itemLine(it relaciona.DispatchItem, personal bool, L relaciona.Lang) string {
	due := it.Due
	if due == "" {
		due = "-"
	}
	line := fmt.Sprintf("  %-10s %s  %s  %s  %s  %s", outcomeText(it.Outcome, L), it.Kind, it.About, due, it.Channel, recipientText(it, personal))
	if it.Reason != "" {
		line += ": " + it.Reason
	}
	return line
}

// printPlan lists a dry run: kind, record, due date, channel, recipient,
// and the reason of what would not be sent.
func printPlan(w io.Writer, plan []relaciona.DispatchItem, personal bool, L relaciona.Lang) {
	if len(plan) == 0 {
		fmt.Fprintln(w, L.T("no hay avisos por enviar", "no notices to send"))
		return
	}
	fmt.Fprintln(w, L.T("  acción     tipo  registro  vence  canal  destinatario", "  action     kind  record  due  channel  recipient"))
	for _, it := range plan {
		fmt.Fprintln(w, itemLine(it, personal, L))
	}
}

// printItems lists the items a dispatch did not send.
func printItems(w io.Writer, items []relaciona.DispatchItem, personal bool, L relaciona.Lang) {
	for _, it := range items {
		fmt.Fprintln(w, itemLine(it, personal, L))
	}
}

// printLate writes, on stderr, a warning line and the legal notices unsent
// on or after their due date. The run still succeeds (exit 0): the notices
// wait in the outbox and are retried, and the warning is for the person
// who reads the job's output (cron mails stderr) to act today.
func printLate(w io.Writer, late []relaciona.DispatchItem, L relaciona.Lang) {
	if len(late) == 0 {
		return
	}
	fmt.Fprintln(w, L.Tf("AVISO: %d avisos legales siguen sin enviar en o después de su fecha (Ley 1755 de 2015 art. 14): actúe hoy",
		"WARNING: %d legal notices are still unsent on or after their due date (Ley 1755 de 2015 art. 14): act today", len(late)))
	for _, it := range late {
		fmt.Fprintln(w, itemLine(it, false, L))
	}
}
