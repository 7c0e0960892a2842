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

const (
	docBegin = "// The ticket checks, in the order they run, each with the rule it verifies"
	docEnd   = "// (End of the generated list.)"
)

// ticketsDocList renders the ticket checks as a doc comment list, wrapped
// at 78 columns.
func ticketsDocList() string {
	var b strings.Builder
	b.WriteString(docBegin + "\n// (generated from the check table by go generate; do not edit):\n//\n")
	for _, c := range conformance.TicketsCheckDocs() {
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
	b.WriteString("//\n" + docEnd + "\n")
	return b.String()
}

// TestDocListsTicketsChecks: the package documentation lists every ticket
// check with its rule, exactly as the table says. With
// CONFORMANCE_WRITE_DOC=1 (go generate) it rewrites the list instead.
func TestDocListsTicketsChecks(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	doc := string(src)
	i, j := strings.Index(doc, docBegin), strings.Index(doc, docEnd)
	require.True(t, i >= 0 && j > i, "doc.go holds the generated list between its markers")
	cur := doc[i : j+len(docEnd)+1]
	want := ticketsDocList()
	if os.Getenv("CONFORMANCE_WRITE_DOC") == "1" {
		require.NoError(t, os.WriteFile("doc.go", []byte(doc[:i]+want+doc[j+len(docEnd)+1:]), 0o644))
		return
	}
	assert.Equal(t, want, cur, "doc.go's list of ticket checks is stale: run go generate ./plugins/conformance/")
	for _, c := range conformance.TicketsChecks() {
		assert.Contains(t, cur, "  - "+c.Name+": ", "doc.go lists %s", c.Name)
	}
}

const (
	dirDocBegin = "// The directory checks, in the order they run, each with the rule it verifies"
	dirDocEnd   = "// (End of the generated directory list.)"
)

// directoryDocList renders the directory checks as a doc comment list,
// wrapped at 78 columns.
func directoryDocList() string {
	var b strings.Builder
	b.WriteString(dirDocBegin + "\n// (generated from the check table by go generate; do not edit):\n//\n")
	for _, c := range conformance.DirectoryCheckDocs() {
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
	b.WriteString("//\n" + dirDocEnd + "\n")
	return b.String()
}

// TestDocListsDirectoryChecks: the package documentation lists every
// directory check with its rule, exactly as the table says. With
// CONFORMANCE_WRITE_DOC=1 (go generate) it rewrites the list instead.
func TestDocListsDirectoryChecks(t *testing.T) {
	src, err := os.ReadFile("doc.go")
	require.NoError(t, err)
	doc := string(src)
	i, j := strings.Index(doc, dirDocBegin), strings.Index(doc, dirDocEnd)
	require.True(t, i >= 0 && j > i, "doc.go holds the generated directory list between its markers")
	cur := doc[i : j+len(dirDocEnd)+1]
	want := directoryDocList()
	if os.Getenv("CONFORMANCE_WRITE_DOC") == "1" {
		require.NoError(t, os.WriteFile("doc.go", []byte(doc[:i]+want+doc[j+len(dirDocEnd)+1:]), 0o644))
		return
	}
	assert.Equal(t, want, cur, "doc.go's list of directory checks is stale: run go generate ./plugins/conformance/")
	for _, c := range conformance.DirectoryChecks() {
		assert.Contains(t, cur, "  - "+c.Name+": ", "doc.go lists %s", c.Name)
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
