package ldap_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/conformance"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/plugintest"
	"github.com/relaciona/relaciona/plugins/ldap"
)

const base = "dc=relaciona,dc=test"

// treeSettings are the settings that read testdata/tree.ldif; memberOf
// picks the Active Directory layout (groups on the person) over the
// groupOfNames member search.
func treeSettings(memberOf bool) map[string]any {
	s := map[string]any{
		"bind_dn":         os.Getenv("LDAP_BIND_DN"),
		"level_attribute": "employeeType",
		"level_groups": map[string]any{
			"cn=sfia-4,ou=groups," + base:  4,
			"CN=SFIA-3, OU=Groups," + base: 3, // DNs compare without case or spaces
		},
		"roles": []any{
			map[string]any{"group": "cn=process-owners,ou=groups," + base, "role": "process_owner"},
			map[string]any{"group": "cn=alliance-coordinators,ou=groups," + base, "process": "alliance", "role": "coordinador"},
			map[string]any{"group": "cn=citizen-clerks,ou=groups," + base, "process": "citizen", "role": "encargado_pqrsd"},
		},
		"digest_attribute": "businessCategory",
		"digest_value":     "digest",
		"start_tls":        true,
		"ca_file":          os.Getenv("LDAP_CA_FILE"),
		"timeout":          "5s",
	}
	if memberOf {
		s["member_of_attribute"] = "memberOf"
	} else {
		s["group_base"] = "ou=groups," + base
	}
	return s
}

// tree is what testdata/tree.ldif holds, as the directory gives it: the
// conformance suite's standard fixture.
var tree = conformance.StandardDirectory().People

// realLDAP opens the directory on the slapd named by LDAP_URL (start it
// with testdata/start-slapd.sh); without LDAP_URL the test skips.
func realLDAP(t testing.TB, settings map[string]any) *ldap.Directory {
	t.Helper()
	d, err := openReal(t, os.Getenv("LDAP_URL"), settings, os.Getenv("LDAP_PASSWORD"))
	require.NoError(t, err)
	t.Cleanup(func() { d.Close() })
	return d
}

func openReal(t testing.TB, url string, settings map[string]any, password string) (*ldap.Directory, error) {
	t.Helper()
	if os.Getenv("LDAP_URL") == "" {
		t.Skip("LDAP_URL is not set: start slapd with plugins/ldap/testdata/start-slapd.sh and export what it prints")
	}
	o, err := ldap.Parse(url, settings)
	require.NoError(t, err)
	o.Password = func() (string, error) { return password, nil }
	return ldap.New(context.Background(), o)
}

func TestRealLookups(t *testing.T) {
	for _, layout := range []struct {
		name     string
		memberOf bool
	}{{"groupOfNames member search", false}, {"memberOf on the person (AD layout)", true}} {
		t.Run(layout.name, func(t *testing.T) {
			d := realLDAP(t, treeSettings(layout.memberOf))
			ctx := context.Background()
			for _, want := range tree {
				got, err := d.Person(ctx, want.ID)
				require.NoError(t, err, want.ID)
				assert.Equal(t, want, got, "%s: roles from groups, level from attribute or group, manager's id", want.ID)
			}
			holders := func(process, role string) []string {
				ps, err := d.Holders(ctx, process, role)
				require.NoError(t, err)
				var ids []string
				for _, p := range ps {
					ids = append(ids, p.ID)
				}
				return ids
			}
			assert.Equal(t, []string{"beto", "carla"}, holders("alliance", "coordinador"))
			assert.Equal(t, []string{"carla", "eva"}, holders("citizen", "encargado_pqrsd"), "the printer in the group is not a person")
			assert.Equal(t, []string{"ana"}, holders("stakeholder", "process_owner"), "a role with no process is held in every process")
			assert.Empty(t, holders("citizen", "coordinador"), "coordinador is an alliance role")
			assert.Empty(t, holders("alliance", "nobody-has-this"))
		})
	}
}

// TestConformance: LDAP against the real slapd passes the directory
// suite with the standard fixture, in both group layouts.
func TestConformance(t *testing.T) {
	for name, memberOf := range map[string]bool{"member": false, "memberOf": true} {
		t.Run(name, func(t *testing.T) {
			conformance.RunDirectory(t, func(t *testing.T) driver.Directory { return realLDAP(t, treeSettings(memberOf)) }, conformance.StandardDirectory())
		})
	}
}

// TestRealPaging: with pages of one entry, groups and holders are read
// whole.
func TestRealPaging(t *testing.T) {
	for _, memberOf := range []bool{false, true} {
		s := treeSettings(memberOf)
		s["page_size"] = 1
		d := realLDAP(t, s)
		ps, err := d.Holders(context.Background(), "citizen", "encargado_pqrsd")
		require.NoError(t, err)
		require.Len(t, ps, 2)
		assert.Equal(t, "eva", ps[1].ID)
		p, err := d.Person(context.Background(), "carla")
		require.NoError(t, err)
		assert.Len(t, p.Roles, 2, "carla's two groups, each on its own page")
	}
}

// TestRealHostileIDs: an id is a value, never a filter.
func TestRealHostileIDs(t *testing.T) {
	d := realLDAP(t, treeSettings(false))
	for _, id := range []string{"zoe", "printer", "*", "*)(uid=*", "ana*", "a*", "*)(|(uid=*", "ana)(uid=beto", "ana\x00", `\2a`, "(uid=ana)", ""} {
		_, err := d.Person(context.Background(), id)
		assert.ErrorIs(t, err, driver.ErrNotFound, "id %q must match no one", id)
	}
}

func TestRealTLS(t *testing.T) {
	if os.Getenv("LDAP_URL") == "" {
		t.Skip("LDAP_URL is not set: start slapd with plugins/ldap/testdata/start-slapd.sh and export what it prints")
	}
	pw := os.Getenv("LDAP_PASSWORD")
	t.Run("StartTLS without the CA is refused", func(t *testing.T) {
		s := treeSettings(false)
		delete(s, "ca_file")
		_, err := openReal(t, os.Getenv("LDAP_URL"), s, pw)
		require.ErrorIs(t, err, driver.ErrInvalid)
		assert.Contains(t, err.Error(), "not trusted")
	})
	t.Run("insecure_skip_verify takes any certificate (tests only)", func(t *testing.T) {
		s := treeSettings(false)
		delete(s, "ca_file")
		s["insecure_skip_verify"] = true
		d, err := openReal(t, os.Getenv("LDAP_URL"), s, pw)
		require.NoError(t, err)
		defer d.Close()
		_, err = d.Person(context.Background(), "ana")
		require.NoError(t, err)
	})
	t.Run("ldaps with the CA", func(t *testing.T) {
		url := os.Getenv("LDAPS_URL")
		if url == "" {
			t.Skip("LDAPS_URL is not set: start-slapd.sh prints it")
		}
		s := treeSettings(true)
		delete(s, "start_tls")
		d, err := openReal(t, url, s, pw)
		require.NoError(t, err)
		defer d.Close()
		p, err := d.Person(context.Background(), "beto")
		require.NoError(t, err)
		assert.Equal(t, 5, p.Level)
	})
	t.Run("anonymous reads see nothing", func(t *testing.T) {
		s := treeSettings(false)
		delete(s, "bind_dn")
		d, err := openReal(t, os.Getenv("LDAP_URL"), s, "")
		require.NoError(t, err)
		defer d.Close()
		_, err = d.Person(context.Background(), "ana")
		require.ErrorIs(t, err, driver.ErrInvalid, "slapd's ACL hides the tree from anonymous binds: a setup error, not an unknown person")
		assert.Contains(t, err.Error(), "may not read it")
	})
}

// TestRealWrongPassword: a refused bind is ErrAuth at open, and no
// password is in the error.
func TestRealWrongPassword(t *testing.T) {
	if os.Getenv("LDAP_URL") == "" {
		t.Skip("LDAP_URL is not set: start slapd with plugins/ldap/testdata/start-slapd.sh and export what it prints")
	}
	wrong := "not-the-Password-4711"
	_, err := openReal(t, os.Getenv("LDAP_URL"), treeSettings(false), wrong)
	require.ErrorIs(t, err, driver.ErrAuth)
	assert.Contains(t, err.Error(), "wrong DN or password")
	assert.NotContains(t, err.Error(), wrong)
	assert.NotContains(t, err.Error(), os.Getenv("LDAP_PASSWORD"))

	_, err = openReal(t, os.Getenv("LDAP_URL"), treeSettings(false), "")
	require.ErrorIs(t, err, driver.ErrAuth, "an empty password would be an unauthenticated bind")
}

// TestRealServerStops: the directory reached through a proxy that then
// goes away answers ErrUnavailable, in bounded time, and recovers when the
// server is back.
func TestRealServerStops(t *testing.T) {
	if os.Getenv("LDAP_URL") == "" {
		t.Skip("LDAP_URL is not set: start slapd with plugins/ldap/testdata/start-slapd.sh and export what it prints")
	}
	target := strings.SplitN(strings.TrimPrefix(os.Getenv("LDAP_URL"), "ldap://"), "/", 2)[0]
	px := startProxy(t, target)
	s := treeSettings(false)
	s["timeout"] = "1s"
	d, err := openReal(t, "ldap://"+px.addr+"/"+base, s, os.Getenv("LDAP_PASSWORD"))
	require.NoError(t, err)
	defer d.Close()
	_, err = d.Person(context.Background(), "ana")
	require.NoError(t, err)

	px.stop()
	start := time.Now()
	_, err = d.Person(context.Background(), "ana")
	require.ErrorIs(t, err, driver.ErrUnavailable)
	_, err = d.Holders(context.Background(), "alliance", "coordinador")
	require.ErrorIs(t, err, driver.ErrUnavailable)
	assert.Less(t, time.Since(start), 5*time.Second, "a stopped server must not hang a lookup")

	px.restart(t)
	p, err := d.Person(context.Background(), "ana")
	require.NoError(t, err, "a new connection once the server is back")
	assert.Equal(t, 7, p.Level)
}

// TestRealConcurrent: many lookups at once share the pool.
func TestRealConcurrent(t *testing.T) {
	d := realLDAP(t, treeSettings(true))
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			want := tree[i%len(tree)]
			p, err := d.Person(context.Background(), want.ID)
			if err == nil && p.Level != want.Level {
				err = errors.New(want.ID + ": wrong level")
			}
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestRealCancelled(t *testing.T) {
	d := realLDAP(t, treeSettings(false))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := d.Person(ctx, "ana")
	assert.ErrorIs(t, err, context.Canceled)
	_, err = d.Holders(ctx, "alliance", "coordinador")
	assert.ErrorIs(t, err, context.Canceled)
}

// TestUnreachable: no server, or one that accepts and never answers:
// ErrUnavailable within the timeout (no slapd needed).
func TestUnreachable(t *testing.T) {
	closed, silent := plugintest.ClosedAddr(t), plugintest.SilentAddr(t)
	for name, addr := range map[string]string{"nothing listens": closed, "never answers": silent} {
		t.Run(name, func(t *testing.T) {
			for _, s := range []map[string]any{
				{"bind_dn": "cn=reader," + base, "timeout": "300ms"},
				{"bind_dn": "cn=reader," + base, "timeout": "300ms", "start_tls": true},
			} {
				o, err := ldap.Parse("ldap://"+addr+"/"+base, s)
				require.NoError(t, err)
				o.Password = func() (string, error) { return "secret-pw", nil }
				start := time.Now()
				_, err = ldap.New(context.Background(), o)
				require.ErrorIs(t, err, driver.ErrUnavailable)
				assert.Less(t, time.Since(start), 3*time.Second)
				assert.NotContains(t, err.Error(), "secret-pw")
			}
		})
	}
}

func TestParse(t *testing.T) {
	ok := "ldap://127.0.0.1:3389/" + base
	for _, c := range []struct {
		name     string
		url      string
		settings map[string]any
		want     string
	}{
		{"wrong scheme", "http://x/" + base, nil, "must look like"},
		{"no base DN", "ldap://127.0.0.1:3389/", nil, "no base DN"},
		{"bad base DN", "ldap://127.0.0.1:3389/notadn", nil, "base DN"},
		{"credentials in URL", "ldap://u:pw@127.0.0.1/" + base, nil, "no credentials"},
		{"query", ok + "?x=1", nil, "no query"},
		{"unknown setting", ok, map[string]any{"password": "x"}, `unknown setting "password"`},
		{"bad filter", ok, map[string]any{"user_filter": "(objectClass=person"}, "user_filter"},
		{"bad bind DN", ok, map[string]any{"bind_dn": "reader"}, "bind_dn"},
		{"level out of range", ok, map[string]any{"level_groups": map[string]any{"cn=x," + base: 9}}, "level 1-7"},
		{"role without name", ok, map[string]any{"roles": []any{map[string]any{"group": "cn=x," + base}}}, "names no role"},
		{"role group not a DN", ok, map[string]any{"roles": []any{map[string]any{"group": "x", "role": "r"}}}, "not a DN"},
		{"role unknown key", ok, map[string]any{"roles": []any{map[string]any{"group": "cn=x," + base, "role": "r", "level": "7"}}}, "unknown key"},
		{"bad attribute", ok, map[string]any{"id_attribute": "uid)(x"}, "not an attribute name"},
		{"bad timeout", ok, map[string]any{"timeout": "soon"}, "timeout"},
		{"bad bool", ok, map[string]any{"start_tls": "maybe"}, "true or false"},
		{"ldaps with start_tls", "ldaps://127.0.0.1/" + base, map[string]any{"start_tls": true}, "start_tls"},
		{"not a string", ok, map[string]any{"bind_dn": 7}, "must be a string"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ldap.Parse(c.url, c.settings)
			require.ErrorIs(t, err, driver.ErrInvalid)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	o, err := ldap.Parse("ldaps://ad.agency.example/DC=agency,DC=example", map[string]any{
		"id_attribute": "sAMAccountName", "member_of_attribute": "memberOf", "timeout": "3s", "pool_size": 2,
		"roles": []any{map[string]any{"group": "CN=PQRSD,OU=Groups,DC=agency,DC=example", "process": "citizen", "role": "encargado_pqrsd"}},
	})
	require.NoError(t, err)
	assert.Equal(t, "ldaps://ad.agency.example", o.Addr)
	assert.Equal(t, "DC=agency,DC=example", o.BaseDN)
	assert.Equal(t, 3*time.Second, o.Timeout)
	assert.Equal(t, []ldap.RoleGroup{{Group: "CN=PQRSD,OU=Groups,DC=agency,DC=example", Process: "citizen", Role: "encargado_pqrsd"}}, o.Roles)
}

// proxy forwards TCP to target until stopped; restart listens again on
// the same address.
type proxy struct {
	target, addr string
	mu           sync.Mutex
	l            net.Listener
	conns        []net.Conn
}

func startProxy(t *testing.T, target string) *proxy {
	p := &proxy{target: target}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p.addr = l.Addr().String()
	p.serve(l)
	t.Cleanup(p.stop)
	return p
}

func (p *proxy) serve(l net.Listener) {
	p.mu.Lock()
	p.l = l
	p.mu.Unlock()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, u)
			p.mu.Unlock()
			go func() { _, _ = io.Copy(u, c); u.Close() }()
			go func() { _, _ = io.Copy(c, u); c.Close() }()
		}
	}()
}

func (p *proxy) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.l != nil {
		p.l.Close()
		p.l = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *proxy) restart(t *testing.T) {
	l, err := net.Listen("tcp", p.addr)
	require.NoError(t, err)
	p.serve(l)
}

// TestSchemaNamesEverySetting: the deployment schema's LDAP settings are
// exactly those Parse reads, so an editor offers each and refuses others.
func TestSchemaNamesEverySetting(t *testing.T) {
	b, err := os.ReadFile("../../schemas/deployment.json")
	require.NoError(t, err)
	var schema struct {
		Defs map[string]struct {
			Properties map[string]any `json:"properties"`
		} `json:"$defs"`
	}
	require.NoError(t, json.Unmarshal(b, &schema))
	var inSchema []string
	for k := range schema.Defs["ldap_settings"].Properties {
		inSchema = append(inSchema, k)
	}
	assert.ElementsMatch(t, ldap.SettingKeys, inSchema)
}
