// Command mutate is the ticket suite's mutation test: it puts faults into
// the example adapter (examples/custom-ticket-adapter/adapter/adapter.go)
// one at a time, runs the conformance suite on each (TestConformance, the
// adapter against an in-process tiny server) and reports which faults the
// suite catches and with which checks.
//
// The faults go in through the go command's -overlay, so no file in the
// tree changes. Run it from the module's root:
//
//	go run ./plugins/conformance/mutate          # every mutant
//	go run ./plugins/conformance/mutate -run id  # mutants whose name has "id"
//
// Each mutant says whether it breaks a rule the contract states
// (driver.Tickets' documentation) in a way the suite can observe; the
// command exits 1 when such a mutant survives, or when a mutation no
// longer applies to the adapter's source.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
)

// mutant is one fault: every Old in the source replaced by New.
type mutant struct {
	name  string
	rule  string // the contract rule it breaks
	must  bool   // the suite can observe it and must catch it
	edits []edit
}

type edit struct{ old, new string }

const adapterFile = "examples/custom-ticket-adapter/adapter/adapter.go"

var mutants = []mutant{
	{"priority-not-nearest", "writing a priority picks the nearest level", true, []edit{
		{"if abs(x.value-p) < abs(best.value-p) {", "if x.value <= p {"}}},
	{"token-in-auth-error", "no error text contains the secret", true, []edit{
		{`return driver.Errorf(driver.ErrAuth, "tiny: %s %s: %s", method, path, e.Error)`,
			`return driver.Errorf(driver.ErrAuth, "tiny: %s %s with token %s: %s", method, path, token, e.Error)`}}},
	{"token-in-not-found", "no error text contains the secret", true, []edit{
		{`return driver.Errorf(driver.ErrNotFound, "tiny: %s %s: %s", method, path, e.Error)`,
			`return driver.Errorf(driver.ErrNotFound, "tiny: %s %s (Bearer %s): %s", method, path, token, e.Error)`}}},
	{"cleared-field-as-empty", "a cleared field is absent from Fields", true, []edit{
		{"Requester: w.Requester, Fields: w.Fields,",
			`Requester: w.Requester, Fields: func() map[string]string { m := map[string]string{"external_ref": ""}; for k, v := range w.Fields { m[k] = v }; return m }(),`}}},
	{"comment-does-not-bump-updated", "a comment moves Updated forward", true, []edit{
		{"	Updated   time.Time         `json:\"updated\"`\n}",
			"	Updated   time.Time         `json:\"updated\"`\n	Comments  []struct{ At time.Time `json:\"at\"` } `json:\"comments\"`\n}"},
		{"Created: w.Created, Updated: w.Updated}",
			"Created: w.Created, Updated: func() time.Time { if n := len(w.Comments); n > 0 && w.Comments[n-1].At.Equal(w.Updated) { return w.Created }; return w.Updated }()}"}}},
	{"empty-update-bumps-updated", "an empty update changes nothing, Updated included", true, []edit{
		{"	if len(in) == 0 {\n		return a.Get(ctx, id)\n	}\n", ""}}},
	{"changes-paged-by-offset", "Changes pages by key, never skips a ticket", true, []edit{
		{`		q := url.Values{"since": {since.UTC().Format(time.RFC3339Nano)}, "limit": {"200"}}
		if after > 0 {
			q.Set("after", strconv.FormatInt(after, 10))
		}`, `		q := url.Values{"since": {since.UTC().Format(time.RFC3339Nano)}, "limit": {strconv.FormatInt(after+200, 10)}}`},
		{`		for _, w := range page.Tickets {
			if err := fn(w.ticket()); err != nil {`, `		page.Tickets = page.Tickets[min(int(after), len(page.Tickets)):]
		for _, w := range page.Tickets {
			if err := fn(w.ticket()); err != nil {`},
		{"		last := page.Tickets[len(page.Tickets)-1]\n		since, after = last.Updated, last.ID\n", "		after += 200\n"}}},
	{"ids-sent-unchecked", "ids that are not the system's are refused, never sent", true, []edit{
		{`	if n, err := strconv.ParseInt(id, 10, 64); err != nil || n <= 0 || strconv.FormatInt(n, 10) != id {
		return "", driver.Errorf(driver.ErrNotFound, "tiny: no ticket %q", id)
	}`, ""}}},
	{"ids-with-leading-zeros", "ids that are not the system's are refused, never sent", true, []edit{
		{" || strconv.FormatInt(n, 10) != id {", " {"}}},
	{"empty-comment-sent", "an empty comment is ErrInvalid", false, []edit{ // tiny refuses it too: equivalent
		{"	if strings.TrimSpace(c.Body) == \"\" {\n		return driver.Errorf(driver.ErrInvalid, \"tiny: an empty comment\")\n	}\n", ""}}},
	{"update-priority-clamped", "a priority outside 0-100 is ErrInvalid, not clamped", true, []edit{
		{`		if *u.Priority < 0 || *u.Priority > 100 {
			return driver.Ticket{}, driver.Errorf(driver.ErrInvalid, "tiny: priority %d is outside 0-100", *u.Priority)
		}`, `		*u.Priority = min(max(*u.Priority, 0), 100)`}}},
	{"create-priority-unchecked", "a priority outside 0-100 is ErrInvalid, not clamped", true, []edit{
		{`	if n.Priority < 0 || n.Priority > 100 {
		return driver.Ticket{}, driver.Errorf(driver.ErrInvalid, "tiny: priority %d is outside 0-100", n.Priority)
	}`, ""}}},
	{"not-found-as-unavailable", "an unknown ticket is ErrNotFound", true, []edit{
		{`return driver.Errorf(driver.ErrNotFound, "tiny: %s %s: %s", method, path, e.Error)`,
			`return driver.Errorf(driver.ErrUnavailable, "tiny: %s %s: %s", method, path, e.Error)`}}},
	{"auth-as-unavailable", "refused credentials are ErrAuth", true, []edit{
		{`return driver.Errorf(driver.ErrAuth, "tiny: %s %s: %s", method, path, e.Error)`,
			`return driver.Errorf(driver.ErrUnavailable, "tiny: %s %s: %s", method, path, e.Error)`}}},
	{"changes-ignores-fn-error", "Changes stops at fn's first error and returns it", true, []edit{
		{"			if err := fn(w.ticket()); err != nil {\n				return err\n			}", "			_ = fn(w.ticket())"}}},
	{"changes-first-page-only", "Changes lists every ticket in the window", true, []edit{
		{"		if len(page.Tickets) < 200 {\n			return nil\n		}", "		return nil"}}},
	{"create-status-dropped", "Create honours a status", true, []edit{
		{"	if n.Status != \"\" {\n		in[\"status\"] = n.Status\n	}\n", ""}}},
	{"update-fields-dropped", "custom fields merge on Update", true, []edit{
		{"		in[\"fields\"] = u.Fields\n", ""}}},
	{"context-not-passed", "every method honours its context", true, []edit{
		{"http.NewRequestWithContext(ctx, method", "http.NewRequestWithContext(context.Background(), method"}}},
	{"unassign-ignored", "an empty assignee unassigns", true, []edit{
		{"	if u.Assignee != nil {", "	if u.Assignee != nil && *u.Assignee != \"\" {"}}},
	{"changes-since-ignored", "Changes lists tickets updated at or after since only", true, []edit{
		{`"since": {since.UTC().Format(time.RFC3339Nano)}`, `"since": {time.Time{}.Format(time.RFC3339Nano)}`}}},
	{"body-dropped", "the body round-trips", true, []edit{
		{`"subject": n.Subject, "body": n.Body,`, `"subject": n.Subject,`}}},
	{"default-priority-not-default", "NewTicket.Priority 0 is the system's default", false, []edit{ // the suite cannot know the system's default
		{"	if n.Priority != driver.PriorityDefault { // 0: tiny's default (\"normal\")\n", "	{\n"}}},
}

var failLine = regexp.MustCompile(`^\s*--- FAIL: TestConformance/(\S+)`)

func main() {
	only := flag.String("run", "", "run only the mutants whose name contains this")
	flag.Parse()
	src, err := os.ReadFile(adapterFile)
	if err != nil {
		fmt.Fprintf(os.Stderr, "mutate: run me from the module's root: %v\n", err)
		os.Exit(2)
	}
	abs, _ := filepath.Abs(adapterFile)
	tmp, err := os.MkdirTemp("", "relaciona-mutate-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "mutate:", err)
		os.Exit(2)
	}
	defer os.RemoveAll(tmp)

	bad := 0
	caught, must, mustCaught, total := 0, 0, 0, 0
	for i, m := range mutants {
		if *only != "" && !strings.Contains(m.name, *only) {
			continue
		}
		total++
		code := string(src)
		for _, e := range m.edits {
			if !strings.Contains(code, e.old) {
				fmt.Printf("%-32s NO LONGER APPLIES: %q is not in %s\n", m.name, firstLine(e.old), adapterFile)
				bad++
				code = ""
				break
			}
			code = strings.ReplaceAll(code, e.old, e.new)
		}
		if code == "" {
			continue
		}
		file := filepath.Join(tmp, fmt.Sprintf("adapter_%d.go", i))
		overlay := filepath.Join(tmp, fmt.Sprintf("overlay_%d.json", i))
		if err := os.WriteFile(file, []byte(code), 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "mutate:", err)
			os.Exit(2)
		}
		ov, _ := json.Marshal(map[string]map[string]string{"Replace": {abs: file}})
		if err := os.WriteFile(overlay, ov, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "mutate:", err)
			os.Exit(2)
		}
		cmd := exec.Command("go", "test", "-overlay="+overlay, "-count=1", "-run", "^TestConformance$", "./examples/custom-ticket-adapter/adapter/")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		runErr := cmd.Run()
		var checks []string
		sc := bufio.NewScanner(&out)
		for sc.Scan() {
			if mm := failLine.FindStringSubmatch(sc.Text()); mm != nil {
				checks = append(checks, mm[1])
			}
		}
		if m.must {
			must++
		}
		switch {
		case runErr == nil:
			verdict := "survived (not observable: " + m.rule + ")"
			if m.must {
				verdict = "SURVIVED, breaks: " + m.rule
				bad++
			}
			fmt.Printf("%-32s %s\n", m.name, verdict)
		case len(checks) == 0:
			fmt.Printf("%-32s DOES NOT BUILD OR RUN:\n%s\n", m.name, out.String())
			bad++
		default:
			caught++
			if m.must {
				mustCaught++
			}
			fmt.Printf("%-32s caught by %s\n", m.name, strings.Join(checks, ", "))
		}
	}
	fmt.Printf("\n%d of %d mutants caught; %d of %d that break an observable rule of the contract.\n", caught, total, mustCaught, must)
	if bad > 0 {
		os.Exit(1)
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
