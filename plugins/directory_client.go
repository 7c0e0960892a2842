package plugins

import (
	"context"
	"encoding/json"

	"google.golang.org/grpc"

	"github.com/relaciona/relaciona/plugins/driver"
	pb "github.com/relaciona/relaciona/plugins/proto"
)

// directoryClient is driver.Directory on the host side of a directory
// plugin.
type directoryClient struct{ c caller }

var _ driver.Directory = (*directoryClient)(nil)

// Person looks id up in the plugin's directory.
func (d *directoryClient) Person(ctx context.Context, id string) (driver.Person, error) {
	var resp *pb.Person
	err := d.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) (err error) {
		resp, err = pb.NewDirectoryClient(conn).GetPerson(ctx, &pb.PersonRequest{Id: id})
		return err
	})
	if err != nil {
		return driver.Person{}, err
	}
	return decPersonReply(resp)
}

// Holders lists the holders of role in process in the plugin's directory.
func (d *directoryClient) Holders(ctx context.Context, process, role string) ([]driver.Person, error) {
	var resp *pb.People
	err := d.c.do(ctx, func(ctx context.Context, conn grpc.ClientConnInterface) (err error) {
		resp, err = pb.NewDirectoryClient(conn).GetHolders(ctx, &pb.HoldersRequest{Process: process, Role: role})
		return err
	})
	if err != nil {
		return nil, err
	}
	if len(resp.People) == 0 {
		return nil, nil
	}
	out := make([]driver.Person, 0, len(resp.People))
	for _, p := range resp.People {
		dp, err := decPersonReply(p)
		if err != nil {
			return nil, err
		}
		out = append(out, dp)
	}
	return out, nil
}

// Close stops the plugin process and waits for it.
func (d *directoryClient) Close() error { return d.c.close() }

// decPersonReply decodes a person a plugin sent, refusing one that breaks
// the driver contract (no id, a level outside 0-7): the plugin is outside
// input like any other. The error names the id, never the name or e-mail.
func decPersonReply(p *pb.Person) (driver.Person, error) {
	if p == nil || p.Id == "" {
		return driver.Person{}, driver.Errorf(driver.ErrInvalid, "directory plugin replied with a person without an id")
	}
	if p.Level < 0 || p.Level > 7 {
		return driver.Person{}, driver.Errorf(driver.ErrInvalid, "directory plugin replied with person %q of SFIA level %d, outside 0-7", p.Id, p.Level)
	}
	out := driver.Person{ID: p.Id, Name: p.Name, Email: p.Email, Lang: p.Lang, Level: int(p.Level), Manager: p.Manager, Digest: p.Digest}
	for _, r := range p.Roles {
		if r == nil || r.Name == "" {
			return driver.Person{}, driver.Errorf(driver.ErrInvalid, "directory plugin replied with person %q holding a role without a name", p.Id)
		}
		out.Roles = append(out.Roles, driver.Role{Process: r.Process, Name: r.Name})
	}
	return out, nil
}

func directoryConfigure(ctx context.Context, conn grpc.ClientConnInterface, req *pb.ConfigureRequest) (*pb.ConfigureResponse, error) {
	return pb.NewDirectoryClient(conn).Configure(ctx, req)
}

// lendDirectory returns the supervisor hook that passes the directory's
// password and settings to a plugin at each (re)start: the password in
// the Configure request (over the mTLS connection), the settings as JSON.
func lendDirectory(env driver.DirectoryEnv, settings []byte) func(in *instance, req *pb.ConfigureRequest) {
	return func(_ *instance, req *pb.ConfigureRequest) {
		lendSecret(env.Secret, req)
		req.SettingsJson = settings
	}
}

// OpenDirectory opens the directory plugin a URL names, like OpenStore
// (plugin:///abs/path?sha256=HEX&SETTINGS):
//
//	plugin:///opt/relaciona/bin/relaciona-ldap?sha256=HEX&url=ldaps://ldap.agency.example/dc=agency,dc=example
//
// env.Settings (the deployment's directory.settings) travel to the plugin
// as JSON beside the URL's settings; env.Secret, when set, is read first
// (so an unset variable is an error here, naming it) and at each
// (re)start, and sent to the plugin over the mTLS connection.
func OpenDirectory(ctx context.Context, rawURL string, env driver.DirectoryEnv, opts ...Option) (driver.Directory, error) {
	cfg, err := hostConfigOf(rawURL, opts)
	if err != nil {
		return nil, err
	}
	return openDirectory(ctx, cfg, env)
}

func openDirectory(ctx context.Context, cfg hostConfig, env driver.DirectoryEnv) (driver.Directory, error) {
	if env.Secret != nil {
		if _, err := env.Secret(); err != nil {
			return nil, err
		}
	}
	var settings []byte
	if len(env.Settings) > 0 {
		b, err := json.Marshal(env.Settings)
		if err != nil {
			return nil, driver.Errorf(driver.ErrInvalid, "plugin %s: the directory settings cannot be sent as JSON (a key that is not text?): %v", cfg.path, err)
		}
		settings = b
	}
	s := &supervisor{cfg: cfg, kind: kindDirectory, configure: directoryConfigure, prepare: lendDirectory(env, settings)}
	if _, err := s.acquire(ctx); err != nil {
		return nil, err
	}
	return &directoryClient{c: s}, nil
}
