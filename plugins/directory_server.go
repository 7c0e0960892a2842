package plugins

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"sync"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"

	"github.com/relaciona/relaciona/plugins/driver"
	pb "github.com/relaciona/relaciona/plugins/proto"
)

// DirectoryConfig is what a directory plugin's opener receives when the
// host configures it.
type DirectoryConfig struct {
	// Env is what the host lends the plugin: the bind password the
	// deployment names (Secret), and the settings: the deployment's
	// directory.settings (decoded YAML, through JSON: numbers are float64)
	// with the plugin:// URL's driver settings (strings) beside them. A
	// key given in both places is refused before the opener is called.
	Env driver.DirectoryEnv
	// Logger writes into the host's log. Never log personal data or
	// secrets.
	Logger hclog.Logger
}

// DirectoryOpener opens the directory a plugin serves, once the host has
// sent its settings and secret.
type DirectoryOpener func(ctx context.Context, c DirectoryConfig) (driver.Directory, error)

// directoryServer serves a driver.Directory over the Directory service.
type directoryServer struct {
	pb.UnimplementedDirectoryServer
	open DirectoryOpener
	log  hclog.Logger

	mu   sync.Mutex
	impl driver.Directory
}

func newDirectoryServer(open DirectoryOpener, log hclog.Logger) *directoryServer {
	return &directoryServer{open: open, log: log}
}

func (s *directoryServer) directory() (driver.Directory, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return configured(s.impl, "directory")
}

func (s *directoryServer) close() error {
	s.mu.Lock()
	impl := s.impl
	s.impl = nil
	s.mu.Unlock()
	if impl != nil {
		return impl.Close()
	}
	return nil
}

// directorySettings merges the URL's settings with the deployment's
// (settings_json), refusing a key given in both.
func directorySettings(url map[string]string, js []byte) (map[string]any, error) {
	out := map[string]any{}
	if len(js) > 0 {
		if err := json.Unmarshal(js, &out); err != nil {
			return nil, driver.Errorf(driver.ErrInvalid, "the directory settings the host sent are not a JSON object: %v", err)
		}
	}
	var both []string
	for k, v := range url {
		if _, ok := out[k]; ok {
			both = append(both, k)
			continue
		}
		out[k] = v
	}
	if len(both) > 0 {
		sort.Strings(both)
		return nil, driver.Errorf(driver.ErrInvalid, "directory setting %s is given both in the plugin URL and in the deployment's settings: give it once", strings.Join(both, ", "))
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

func (s *directoryServer) Configure(ctx context.Context, req *pb.ConfigureRequest) (*pb.ConfigureResponse, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.impl != nil {
		return &pb.ConfigureResponse{}, nil
	}
	settings, err := directorySettings(req.Settings, req.SettingsJson)
	if err != nil {
		return nil, toStatus(err)
	}
	env := driver.DirectoryEnv{Settings: settings,
		Secret: lentSecret(req, "the host configured no password for this directory (password_env or password_file)")}
	impl, err := s.open(ctx, DirectoryConfig{Env: env, Logger: s.log})
	if impl, err = opened(impl, err, "directory"); err != nil {
		return nil, toStatus(err)
	}
	s.impl = impl
	return &pb.ConfigureResponse{}, nil
}

func (s *directoryServer) GetPerson(ctx context.Context, req *pb.PersonRequest) (*pb.Person, error) {
	d, err := s.directory()
	if err != nil {
		return nil, toStatus(err)
	}
	p, err := d.Person(ctx, req.Id)
	if err != nil {
		return nil, toStatus(err)
	}
	return encPerson(p), nil
}

func (s *directoryServer) GetHolders(ctx context.Context, req *pb.HoldersRequest) (*pb.People, error) {
	d, err := s.directory()
	if err != nil {
		return nil, toStatus(err)
	}
	ps, err := d.Holders(ctx, req.Process, req.Role)
	if err != nil {
		return nil, toStatus(err)
	}
	out := &pb.People{People: make([]*pb.Person, 0, len(ps))}
	for _, p := range ps {
		out.People = append(out.People, encPerson(p))
	}
	return out, nil
}

func encPerson(p driver.Person) *pb.Person {
	out := &pb.Person{Id: p.ID, Name: p.Name, Email: p.Email, Lang: p.Lang, Level: int32(p.Level), Manager: p.Manager, Digest: p.Digest}
	for _, r := range p.Roles {
		out.Roles = append(out.Roles, &pb.Role{Process: r.Process, Name: r.Name})
	}
	return out
}

func directoryPlugin(srv *directoryServer) *grpcPlugin {
	return &grpcPlugin{register: func(_ *plugin.GRPCBroker, s *grpc.Server) { pb.RegisterDirectoryServer(s, srv) }}
}

// ServeDirectory serves impl as a directory plugin and returns when the
// host is done with it. impl is closed then. A plugin served this way
// takes no settings and ignores the password the host lends; use
// ServeDirectoryOpener for one that needs them (plugins/ldap's
// cmd/relaciona-ldap does).
func ServeDirectory(impl driver.Directory) {
	ServeDirectoryOpener(fixedDirectory(impl))
}

func fixedDirectory(impl driver.Directory) DirectoryOpener {
	return func(_ context.Context, c DirectoryConfig) (driver.Directory, error) {
		if err := noSettings(c.Env.Settings); err != nil {
			return nil, err
		}
		return impl, nil
	}
}

// ServeDirectoryOpener serves the directory that open returns once the
// host has sent its settings and the bind password. It returns when the
// host is done with the plugin, after closing the directory.
func ServeDirectoryOpener(open DirectoryOpener) {
	log := pluginLogger()
	srv := newDirectoryServer(open, log)
	serve(log, kindDirectory, directoryPlugin(srv), "directory", srv.close)
}
