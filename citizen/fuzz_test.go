package citizen

import (
	"os"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas/schemastest"
)

// FuzzParseConfig: any input is either a configuration that checks again
// and survives a YAML round trip, or an ErrInvalid whose every problem
// names the file with a position.
func FuzzParseConfig(f *testing.F) {
	good, err := os.ReadFile(examplePath)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add([]byte("kind: citizen\nversion: 1\n"))
	f.Add([]byte("kind: citizen\nversion: 1\nentity: E\nteam: [{id: a, name: A, roles: [citizen_service, relationship_lead, direction, system]}]\n"))
	f.Add([]byte("kind: citizen\nversion: 1\npqrsd: {terms: {peticion: -1}}\n"))
	f.Add([]byte("kind: citizen\nversion: 1\nentity: E\nchannels: [{id: web, name: W, type: web}]\nstrategy: {required_inputs: [furag, rumor]}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		c, err := ParseConfig("fuzz.yaml", data, relaciona.English)
		if err != nil {
			schemastest.Refused(t, err, "fuzz.yaml")
			return
		}
		if c == nil || c.Kind != Kind {
			t.Fatalf("accepted a config of kind %v", c)
		}
		// A checked configuration checks again (defaults are idempotent).
		if _, err := NewConfig(*c, relaciona.English); err != nil {
			t.Fatalf("an accepted config fails its own check: %v", err)
		}
		// What was accepted, written back as YAML, is accepted again.
		out, err := yaml.Marshal(c)
		if err != nil {
			t.Fatalf("an accepted config does not encode: %v", err)
		}
		if _, err := ParseConfig("again.yaml", out, relaciona.English); err != nil {
			t.Fatalf("an accepted config, written back, is refused: %v\n%s", err, out)
		}
	})
}
