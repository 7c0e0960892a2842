package deployment

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas/schemastest"
)

// FuzzLoad: any deployment file is either refused with an ErrInvalid whose
// every problem names the file with a position, or loaded into a
// deployment whose defaults are applied, whose paths are absolute and whose
// time zone and calendar can be used.
func FuzzLoad(f *testing.F) {
	for _, p := range []string{"../examples/deployment/deployment.yaml", "testdata/valid/deployment.yaml", "testdata/valid/minimal.yaml", "testdata/processes/deployment.yaml"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("kind: deployment\nversion: 1\nname: A\ncountry: UY\ntimezone: Mars/Olympus\n"))
	f.Add([]byte("kind: deployment\nversion: 1\nname: A\ncountry: CL\nstore: sqlite://../x/y.db\ntickets: {url: 'rt://h/', secret_file: tok}\ncalendar: {closures: [{date: '1999-01-01', name: n}]}\n"))
	schemastest.FuzzFile(f, "deployment.yaml", func(t *testing.T, path string) error {
		d, err := Load(path, relaciona.English)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		if !slices.Contains([]string{"CO", "CL", "UY"}, d.Country) {
			t.Fatalf("accepted country %q", d.Country)
		}
		if d.Lang != relaciona.Spanish && d.Lang != relaciona.English {
			t.Fatalf("accepted lang %q", d.Lang)
		}
		if d.Store == "" || d.Tickets.URL == "" || d.Log.Level == "" {
			t.Fatalf("defaults not applied: %+v", d)
		}
		if rest, ok := strings.CutPrefix(d.Store, "sqlite://"); ok && rest != "" && !strings.HasPrefix(rest, ":") && !filepath.IsAbs(filepath.FromSlash(rest)) {
			t.Fatalf("relative sqlite store %q", d.Store)
		}
		if d.Dir != dir {
			t.Fatalf("Dir %q, want %q", d.Dir, dir)
		}
		if d.Tickets.SecretFile != "" && !filepath.IsAbs(d.Tickets.SecretFile) {
			t.Fatalf("relative secret file %q", d.Tickets.SecretFile)
		}
		for _, k := range d.ProcessKinds() {
			if p, ok := d.ProcessPath(k); !ok || !filepath.IsAbs(p) {
				t.Fatalf("process %s path %q", k, p)
			}
		}
		if _, err := d.Location(); err != nil {
			t.Fatalf("accepted a time zone that does not load: %v", err)
		}
		if _, err := d.NewCalendar(); err != nil {
			t.Fatalf("accepted a calendar that cannot be built: %v", err)
		}
		return nil
	})
}
