package conformance_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/conformance"
)

//go:generate env CONFORMANCE_WRITE_DOC=1 go test -run TestDocLists .

// docList is a list of checks doc.go holds between two markers,
// generated from a check table.
type docList struct {
	what       string // "ticket", "directory"
	begin, end string // the markers
	docs       []conformance.CheckDoc
	names      []string // the checks that run
}

func docLists() []docList {
	var tickets, dirs []string
	for _, c := range conformance.TicketsChecks() {
		tickets = append(tickets, c.Name)
	}
	for _, c := range conformance.DirectoryChecks() {
		dirs = append(dirs, c.Name)
	}
	return []docList{
		{what: "ticket", begin: "// The ticket checks, in the order they run, each with the rule it verifies",
			end: "// (End of the generated list.)", docs: conformance.TicketsCheckDocs(), names: tickets},
		{what: "directory", begin: "// The directory checks, in the order they run, each with the rule it verifies",
			end: "// (End of the generated directory list.)", docs: conformance.DirectoryCheckDocs(), names: dirs},
	}
}

// render renders the checks as a doc comment list, wrapped at 78 columns.
func (l docList) render() string {
	var b strings.Builder
	b.WriteString(l.begin + "\n// (generated from the check table by go generate; do not edit):\n//\n")
	for _, c := range l.docs {
		line := "//   - " + c.Name + ": "
		for i, w := range strings.Fields(c.Rule) {
			if i > 0 && len(line)+1+len(w) > 78 {
				b.WriteString(line + "\n")
				line = "//     " + w
				continue
			}
			if i > 0 {
				line += " "
			}
			line += w
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("//\n" + l.end + "\n")
	return b.String()
}

// TestDocLists: the package documentation lists every ticket check and
// every directory check with its rule, exactly as the tables say. With
// CONFORMANCE_WRITE_DOC=1 (go generate) it rewrites the lists instead.
func TestDocLists(t *testing.T) {
	for _, l := range docLists() {
		t.Run(l.what, func(t *testing.T) {
			src, err := os.ReadFile("doc.go")
			require.NoError(t, err)
			doc := string(src)
			i, j := strings.Index(doc, l.begin), strings.Index(doc, l.end)
			require.True(t, i >= 0 && j > i, "doc.go holds the generated %s list between its markers", l.what)
			cur := doc[i : j+len(l.end)+1]
			want := l.render()
			if os.Getenv("CONFORMANCE_WRITE_DOC") == "1" {
				require.NoError(t, os.WriteFile("doc.go", []byte(doc[:i]+want+doc[j+len(l.end)+1:]), 0o644))
				return
			}
			assert.Equal(t, want, cur, "doc.go's list of %s checks is stale: run go generate ./plugins/conformance/", l.what)
			for _, n := range l.names {
				assert.Contains(t, cur, "  - "+n+": ", "doc.go lists %s", n)
			}
		})
	}
}

// TestDocListsNotifierChecks: the package documentation lists every
// notification-channel check, in the order they run.
func TestDocListsNotifierChecks(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	doc := string(src)
	i := strings.Index(doc, "// # The notification-channel contract")
	require.GreaterOrEqual(t, i, 0)
	last := i
	for _, c := range conformance.NotifierChecks() {
		j := strings.Index(doc[i:], "//   - "+c.Name+": ")
		require.GreaterOrEqual(t, j, 0, "doc.go lists %s", c.Name)
		assert.Greater(t, i+j, last, "%s in the order they run", c.Name)
		last = i + j
	}
}
