package deployment

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/schemas"
)

// maxPasswordFile is the largest directory password file read.
const maxPasswordFile = 4096

// DirectoryConfig is the directory section: who each person is, their
// roles and SFIA level, contact and manager. Either People (the roster
// kept in the deployment file) or URL (ldap://, ldaps:// or plugin://)
// with its settings; neither when the file has no directory section. The
// bind password itself is never in the file.
type DirectoryConfig struct {
	// People is the roster, checked as relaciona.NewRoster checks it.
	People []relaciona.Person
	// URL is the directory's URL when it is not the roster.
	URL string
	// PasswordEnv names the environment variable that holds the bind
	// password.
	PasswordEnv string
	// PasswordFile is the absolute path of the file that holds it.
	PasswordFile string
	// Settings are the backend's settings, as decoded YAML (see
	// plugins/ldap for LDAP's).
	Settings map[string]any
}

// Configured reports whether the deployment names a directory.
func (c DirectoryConfig) Configured() bool { return c.People != nil || c.URL != "" }

// Password returns the bind password from PasswordEnv or PasswordFile,
// with surrounding white space removed, or "" when the deployment names
// neither. Its errors name the variable or file, never the password.
func (c DirectoryConfig) Password() (string, error) {
	switch {
	case c.PasswordEnv != "":
		return envSecret(c.PasswordEnv, "the directory's bind password (directory.password_env)")
	case c.PasswordFile != "":
		f, err := schemas.OpenRegular(c.PasswordFile)
		if err != nil {
			return "", fmt.Errorf("deployment: the directory's password file (directory.password_file): %w", err)
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxPasswordFile+1))
		if err != nil {
			return "", fmt.Errorf("deployment: reading the directory's password file %s: %w", c.PasswordFile, err)
		}
		if len(b) > maxPasswordFile {
			return "", fmt.Errorf("deployment: the directory's password file %s is larger than %d bytes: %w", c.PasswordFile, maxPasswordFile, relaciona.ErrInvalid)
		}
		if strings.TrimSpace(string(b)) == "" {
			return "", fmt.Errorf("deployment: the directory's password file %s is empty: %w", c.PasswordFile, relaciona.ErrInvalid)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return "", nil
}

// OpenDirectory opens the deployment's directory: the roster when the
// file lists people, else the directory at its URL (ldap:// and ldaps://
// need plugins/ldap linked in; plugin:// the plugins package), with the
// bind password from password_env or password_file. A deployment with no
// directory section gives a nil Directory and no error: the processes then
// use their own teams.
func (d *Deployment) OpenDirectory(ctx context.Context) (*relaciona.Directory, error) {
	c := d.Directory
	switch {
	case c.People != nil:
		dir, err := relaciona.NewRoster(c.People...)
		if err != nil {
			return nil, fmt.Errorf("deployment: %w", err)
		}
		return dir, nil
	case c.URL != "":
		return relaciona.OpenDirectory(ctx, c.URL, driver.DirectoryEnv{Secret: c.Password, Settings: c.Settings})
	}
	return nil, nil
}

// directoryShape is the YAML shape of the directory section.
type directoryShape struct {
	People       []personShape  `yaml:"people"`
	URL          located        `yaml:"url"`
	PasswordEnv  string         `yaml:"password_env"`
	PasswordFile string         `yaml:"password_file"`
	Settings     map[string]any `yaml:"settings"`
}

// personShape is one person of the roster, with where each key is.
type personShape struct {
	relaciona.Person
	at   schemas.Position
	keys map[string]schemas.Position
}

// UnmarshalYAML decodes a person and keeps where it and its keys are.
func (p *personShape) UnmarshalYAML(n *yaml.Node) error {
	if err := n.Decode(&p.Person); err != nil {
		return err
	}
	p.at = schemas.Position{Line: n.Line, Column: n.Column}
	p.keys = map[string]schemas.Position{}
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			p.keys[k.Value] = schemas.Position{Line: k.Line, Column: k.Column}
		}
	}
	return nil
}

// rosterField reads "directory.people[3].manager" into 3 and "manager".
var rosterField = regexp.MustCompile(`^directory\.people\[(\d+)\]\.?([a-z_]*)`)

// directoryConfig builds the directory section; a roster that breaks a
// rule NewRoster checks (an id listed twice, a manager not listed, someone
// above themselves) goes to p at the line of the person or key.
func (d *Deployment) directoryConfig(f *directoryShape, p *problemList, lang relaciona.Lang) DirectoryConfig {
	if f == nil {
		return DirectoryConfig{}
	}
	c := DirectoryConfig{URL: f.URL.Value, PasswordEnv: f.PasswordEnv, Settings: f.Settings}
	if f.PasswordFile != "" {
		c.PasswordFile = d.abs(f.PasswordFile)
	}
	if d.RequireChecksum && Unpinned(c.URL) {
		p.add(f.URL.Position, "directory.url", lang.T("URL plugin:// sin sha256, y require_checksum: true exige fijar el binario: agregue sha256=HEX (la salida de sha256sum RUTA)",
			"plugin:// URL without sha256, and require_checksum: true requires pinning the binary: add sha256=HEX (the output of sha256sum PATH)"))
	}
	if f.People == nil {
		return c
	}
	c.People = make([]relaciona.Person, 0, len(f.People))
	for _, ps := range f.People {
		c.People = append(c.People, ps.Person)
	}
	_, err := relaciona.NewRoster(c.People...)
	var ve *relaciona.ValidationError
	if err == nil || !errors.As(err, &ve) {
		if err != nil {
			p.add(schemas.Position{}, "directory.people", err.Error())
		}
		return c
	}
	at, msg := schemas.Position{}, ve.Msg
	if m := rosterField.FindStringSubmatch(ve.Field); m != nil {
		if i, _ := strconv.Atoi(m[1]); i < len(f.People) {
			at = f.People[i].at
			if pos, ok := f.People[i].keys[m[2]]; ok {
				at = pos
			}
		}
	}
	switch {
	case strings.Contains(ve.Msg, "listed twice"):
		msg = lang.Tf("la persona %q está dos veces en la lista", "person %q is listed twice", at2id(ve.Field, c.People))
	case strings.Contains(ve.Msg, "is not listed"):
		msg = lang.Tf("el superior %q no está en la lista", "manager %q is not listed", managerOf(ve.Field, c.People))
	case strings.Contains(ve.Msg, "above themselves"):
		msg = lang.Tf("%q queda por encima de sí mismo a través de sus superiores", "%q stands above themselves through their managers", at2id(ve.Field, c.People))
	}
	p.add(at, ve.Field, msg)
	return c
}

// at2id returns the id of the person a roster field names.
func at2id(field string, people []relaciona.Person) string {
	if m := rosterField.FindStringSubmatch(field); m != nil {
		if i, _ := strconv.Atoi(m[1]); i < len(people) {
			return people[i].ID
		}
	}
	return ""
}

// managerOf returns the manager of the person a roster field names.
func managerOf(field string, people []relaciona.Person) string {
	if m := rosterField.FindStringSubmatch(field); m != nil {
		if i, _ := strconv.Atoi(m[1]); i < len(people) {
			return people[i].Manager
		}
	}
	return ""
}
