package schemas

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
)

// The tests in this file drive tools nobody on this project wrote, from
// npm: ajv (the most used JSON Schema validator) and yaml-language-server
// (what editors run). .ci/services.d/npm-tools.sh installs them and sets
// RELACIONA_NODE_TOOLS to the folder that holds their node_modules.

const nodeToolsVar = "RELACIONA_NODE_TOOLS"

// nodeTools returns the tools folder, or skips the test, naming the
// variable, when it is not set. With the variable set, a missing tool fails.
func nodeTools(t *testing.T) string {
	t.Helper()
	dir := os.Getenv(nodeToolsVar)
	if dir == "" {
		t.Skipf("%s is not set: source .ci/services.d/npm-tools.sh (it installs ajv and yaml-language-server from npm) to run this test", nodeToolsVar)
	}
	_, err := exec.LookPath("node")
	require.NoError(t, err, "%s is set but node is not on PATH", nodeToolsVar)
	return dir
}

// yamlJSON converts a YAML configuration file to the JSON the validators
// see, as Decode does: aliases and merge keys expanded, dates kept as text.
func yamlJSON(t *testing.T, data []byte) json.RawMessage {
	t.Helper()
	p := &problems{file: "f.yaml", lang: relaciona.English}
	root := parseYAML(data, p)
	require.NotNil(t, root, "%v", p.err())
	res := resolveTree(root, p)
	require.NotNil(t, res, "%v", p.err())
	require.True(t, p.empty(), "%v", p.err())
	out, err := json.Marshal(res.val)
	require.NoError(t, err)
	return out
}

// TestAjvStrict compiles every embedded schema with ajv in strict mode
// (draft 2020-12, ajv-formats for "format") and validates every example,
// which must pass, and every broken example, which must fail. A schema with
// a keyword that is not JSON Schema is sent too, and must be refused, so the
// test shows ajv really runs strict.
func TestAjvStrict(t *testing.T) {
	dir := nodeTools(t)
	type doc struct {
		Name string          `json:"name"`
		Kind string          `json:"kind"`
		Data json.RawMessage `json:"data"`
	}
	req := struct {
		Schemas   map[string]json.RawMessage `json:"schemas"`
		Documents []doc                      `json:"documents"`
	}{Schemas: map[string]json.RawMessage{}}
	for _, k := range Kinds() {
		raw, err := Schema(k)
		require.NoError(t, err)
		req.Schemas[k] = raw
	}
	const strictProbe = "strict-probe"
	req.Schemas[strictProbe] = json.RawMessage(`{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string", "x-errors": {}}`)
	valid := map[string]bool{}
	for _, f := range exampleFiles(t) {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		kind, err := Decode(f, data, relaciona.English, nil)
		require.NoError(t, err)
		req.Documents = append(req.Documents, doc{Name: f, Kind: kind, Data: yamlJSON(t, data)})
		valid[f] = true
	}
	for _, b := range brokenExamples {
		_, data, _ := b.load(t)
		kind := filepath.Base(filepath.Dir(b.file))
		if strings.HasSuffix(b.file, "check.yaml") {
			kind = "plugin-check"
		}
		req.Documents = append(req.Documents, doc{Name: "broken: " + b.name, Kind: kind, Data: yamlJSON(t, data)})
	}
	in, err := json.Marshal(req)
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join("testdata", "tools", "ajv-check.js"))
	cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(dir, "node_modules"))
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "ajv-check.js: %s", stderr.String())
	var res struct {
		Schemas   map[string]string `json:"schemas"`
		Documents []struct {
			Name   string   `json:"name"`
			Valid  bool     `json:"valid"`
			Errors []string `json:"errors"`
		} `json:"documents"`
	}
	require.NoError(t, json.Unmarshal(out, &res), "%s", out)

	assert.Contains(t, res.Schemas[strictProbe], `unknown keyword: "x-errors"`, "ajv runs in strict mode")
	for _, k := range Kinds() {
		msg, ok := res.Schemas[k]
		assert.True(t, ok, "ajv answered for %s", k)
		assert.Empty(t, msg, "ajv (strict) compiles %s.json", k)
	}
	require.Len(t, res.Documents, len(req.Documents))
	for _, d := range res.Documents {
		if valid[d.Name] {
			assert.True(t, d.Valid, "ajv accepts %s: %v", d.Name, d.Errors)
		} else {
			assert.False(t, d.Valid, "ajv refuses %s", d.Name)
			assert.NotEmpty(t, d.Errors, d.Name)
		}
	}
}

// lspClient speaks the Language Server Protocol (JSON-RPC 2.0 framed by
// Content-Length headers) with a server over its stdin and stdout.
type lspClient struct {
	t      *testing.T
	w      io.Writer
	mu     sync.Mutex
	nextID int
	msgs   chan map[string]json.RawMessage
}

func (c *lspClient) send(msg map[string]any) {
	msg["jsonrpc"] = "2.0"
	body, err := json.Marshal(msg)
	require.NoError(c.t, err)
	c.mu.Lock()
	defer c.mu.Unlock()
	_, err = fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(body), body)
	require.NoError(c.t, err)
}

func (c *lspClient) notify(method string, params any) {
	c.send(map[string]any{"method": method, "params": params})
}

func (c *lspClient) request(method string, params any) int {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	c.mu.Unlock()
	c.send(map[string]any{"id": id, "method": method, "params": params})
	return id
}

// readLSP reads framed messages from r into msgs until r ends.
func readLSP(r io.Reader, msgs chan<- map[string]json.RawMessage) {
	defer close(msgs)
	br := bufio.NewReader(r)
	for {
		length := -1
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\r\n")
			if line == "" {
				break
			}
			if name, val, ok := strings.Cut(line, ":"); ok && strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
				if n, err := strconv.Atoi(strings.TrimSpace(val)); err == nil {
					length = n
				}
			}
		}
		if length < 0 || length > 64<<20 {
			return
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(br, body); err != nil {
			return
		}
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) == nil {
			msgs <- m
		}
	}
}

// yamlSettings are the editor settings sent to the server: validation on,
// and no schema store (it would be fetched from the network).
var yamlSettings = map[string]any{
	"validate": true, "hover": true, "completion": true,
	"schemaStore": map[string]any{"enable": false},
}

// next returns the next message that is not a request from the server,
// answering those on the way, or fails at the deadline.
func (c *lspClient) next(deadline <-chan time.Time) map[string]json.RawMessage {
	for {
		select {
		case m, ok := <-c.msgs:
			require.True(c.t, ok, "yaml-language-server ended")
			id, hasID := m["id"]
			method, hasMethod := m["method"]
			if !hasID || !hasMethod {
				return m
			}
			// A request from the server: answer it.
			var result any
			if string(method) == `"workspace/configuration"` {
				var p struct {
					Items []struct {
						Section string `json:"section"`
					} `json:"items"`
				}
				_ = json.Unmarshal(m["params"], &p)
				items := make([]any, len(p.Items))
				for i, it := range p.Items {
					if it.Section == "yaml" {
						items[i] = yamlSettings
					}
				}
				result = items
			}
			c.send(map[string]any{"id": id, "result": result})
		case <-deadline:
			c.t.Fatal("yaml-language-server did not answer in time")
			return nil
		}
	}
}

// diagnostic is the part of an LSP diagnostic the test reads.
type diagnostic struct {
	Range struct {
		Start struct {
			Line      int `json:"line"`
			Character int `json:"character"`
		} `json:"start"`
	} `json:"range"`
	Severity int    `json:"severity"`
	Message  string `json:"message"`
}

// diagnostics opens a document and returns the diagnostics the server
// publishes for it.
func (c *lspClient) diagnostics(uri, text string, deadline <-chan time.Time) []diagnostic {
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri, "languageId": "yaml", "version": 1, "text": text,
	}})
	for {
		m := c.next(deadline)
		if string(m["method"]) != `"textDocument/publishDiagnostics"` {
			continue
		}
		var p struct {
			URI         string       `json:"uri"`
			Diagnostics []diagnostic `json:"diagnostics"`
		}
		require.NoError(c.t, json.Unmarshal(m["params"], &p))
		if p.URI == uri {
			return p.Diagnostics
		}
	}
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// TestYAMLLanguageServer runs yaml-language-server as editors do (over
// stdio, offline, no schema store) and opens each example: the modeline's
// relative path must load the schema and the example must get no
// diagnostic. Each broken example, opened beside the original, must get
// its error on the line of the mistake and nothing anywhere else (a schema
// that did not load is reported at line 1). The modeline "schema write"
// prints for a file at the top of a repository is checked the same way.
func TestYAMLLanguageServer(t *testing.T) {
	dir := nodeTools(t)
	root, err := filepath.Abs("..")
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join(dir, "node_modules", "yaml-language-server", "bin", "yaml-language-server"), "--stdio")
	cmd.Dir = t.TempDir()
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.WaitDelay = 5 * time.Second
	require.NoError(t, cmd.Start())
	defer func() {
		_ = stdin.Close()
		cancel()
		_ = cmd.Wait()
		if t.Failed() && stderr.Len() > 0 {
			t.Logf("yaml-language-server stderr:\n%s", stderr.String())
		}
	}()
	c := &lspClient{t: t, w: stdin, msgs: make(chan map[string]json.RawMessage, 64)}
	go readLSP(stdout, c.msgs)
	deadline := time.After(2 * time.Minute)

	id := c.request("initialize", map[string]any{
		"processId": os.Getpid(),
		"rootUri":   fileURI(root),
		"capabilities": map[string]any{
			"workspace":    map[string]any{"configuration": true},
			"textDocument": map[string]any{"publishDiagnostics": map[string]any{}},
		},
	})
	for {
		m := c.next(deadline)
		if string(m["id"]) == strconv.Itoa(id) {
			require.Nil(t, m["error"], "initialize: %s", m["error"])
			break
		}
	}
	c.notify("initialized", map[string]any{})
	c.notify("workspace/didChangeConfiguration", map[string]any{"settings": map[string]any{"yaml": yamlSettings}})

	for _, f := range exampleFiles(t) {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		abs, err := filepath.Abs(f)
		require.NoError(t, err)
		diags := c.diagnostics(fileURI(abs), string(data), deadline)
		assert.Empty(t, diags, "%s: yaml-language-server finds nothing wrong (and loads the schema)", f)
	}

	type broken struct {
		name, path, text string
		line             int
	}
	var cases []broken
	for i, b := range brokenExamples {
		path, data, line := b.load(t)
		abs, err := filepath.Abs(path)
		require.NoError(t, err)
		// Unsaved buffers beside the original, one name each.
		name := fmt.Sprintf("broken-%d-%s", i, filepath.Base(abs))
		cases = append(cases, broken{b.name, filepath.Join(filepath.Dir(abs), name), string(data), line})
	}
	// A file at the top of the repository, with the line "schema write
	// schemas" prints, and a mistake on line 5.
	cases = append(cases, broken{"schema write modeline", filepath.Join(root, "agency-deployment.yaml"),
		Modeline("schemas/deployment.json") + "\nkind: deployment\nversion: 1\nname: Alcaldía\ncountry: Colombia\nstore: sqlite://x.db\ntickets:\n  url: desk://\n", 5})
	for _, b := range cases {
		diags := c.diagnostics(fileURI(b.path), b.text, deadline)
		if assert.NotEmpty(t, diags, "%s: yaml-language-server reports the mistake", b.name) {
			for _, d := range diags {
				assert.Equal(t, b.line-1, d.Range.Start.Line, "%s: diagnostic %q is on line %d (0-based %d)", b.name, d.Message, b.line, b.line-1)
			}
		}
		if testing.Verbose() {
			t.Logf("%s: %+v", b.name, diags)
		}
	}
	id = c.request("shutdown", nil)
	for {
		m := c.next(deadline)
		if string(m["id"]) == strconv.Itoa(id) {
			break
		}
	}
	c.notify("exit", nil)
}
