package ldap

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	goldap "github.com/go-ldap/ldap/v3"

	"github.com/relaciona/relaciona/plugins/driver"
)

func init() {
	open := func(ctx context.Context, rawURL string, env driver.DirectoryEnv) (driver.Directory, error) {
		o, err := Parse(rawURL, env.Settings)
		if err != nil {
			return nil, err
		}
		o.Password = env.Secret
		return New(ctx, o)
	}
	driver.RegisterDirectory("ldap", open)
	driver.RegisterDirectory("ldaps", open)
}

// Directory is a driver.Directory over LDAP. It keeps a small pool of bound
// connections and is safe for concurrent use.
type Directory struct {
	o      Options
	tls    *tls.Config
	levels map[string]int           // normalized group DN -> level
	roles  map[string][]driver.Role // normalized group DN -> roles
	groups []string                 // normalized DNs of every mapped group
	attrs  []string                 // attributes read from a person's entry

	mu     sync.Mutex
	idle   []*goldap.Conn
	closed bool
}

// New checks o, connects and binds once (so a wrong address, certificate
// or password is an error here, not at the first lookup), and returns the
// directory. A server that cannot be reached gives an error wrapping
// driver.ErrUnavailable; a refused bind, driver.ErrAuth.
func New(ctx context.Context, o Options) (*Directory, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	o = o.withDefaults()
	d := &Directory{o: o, levels: map[string]int{}, roles: map[string][]driver.Role{}}
	u, _ := url.Parse(o.Addr)
	if u.Scheme == "ldaps" || o.StartTLS {
		host, _, err := net.SplitHostPort(u.Host)
		if err != nil {
			host = u.Host
		}
		d.tls = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12, InsecureSkipVerify: o.InsecureSkipVerify} //nolint:gosec // tests only, documented
		if o.CAFile != "" {
			pem, err := os.ReadFile(o.CAFile)
			if err != nil {
				return nil, driver.Errorf(driver.ErrInvalid, "ldap: ca_file: %v", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, driver.Errorf(driver.ErrInvalid, "ldap: ca_file %s holds no PEM certificate", o.CAFile)
			}
			d.tls.RootCAs = pool
		}
	}
	for dn, lv := range o.LevelGroups {
		n := normDN(dn)
		d.levels[n] = max(d.levels[n], lv)
		d.groups = append(d.groups, n)
	}
	for _, r := range o.Roles {
		n := normDN(r.Group)
		role := driver.Role{Process: r.Process, Name: r.Role}
		if !slices.Contains(d.roles[n], role) {
			d.roles[n] = append(d.roles[n], role)
		}
		d.groups = append(d.groups, n)
	}
	slices.Sort(d.groups)
	d.groups = slices.Compact(d.groups)
	for _, a := range []string{o.IDAttr, o.NameAttr, o.MailAttr, o.LangAttr, o.ManagerAttr, o.LevelAttr, o.MemberOfAttr, o.DigestAttr} {
		if a != "" && !slices.Contains(d.attrs, a) {
			d.attrs = append(d.attrs, a)
		}
	}
	c, err := d.dial(ctx)
	if err != nil {
		return nil, err
	}
	d.put(c)
	return d, nil
}

// Close closes the pooled connections; later calls fail with
// driver.ErrClosed.
func (d *Directory) Close() error {
	d.mu.Lock()
	idle := d.idle
	d.idle, d.closed = nil, true
	d.mu.Unlock()
	for _, c := range idle {
		c.Close()
	}
	return nil
}

// Person returns the person whose id attribute equals id (compared by the
// attribute's matching rule, as the server does), or an error wrapping
// driver.ErrNotFound. The id is escaped: "*" or "x)(uid=*" match only a
// person with that very id.
func (d *Directory) Person(ctx context.Context, id string) (driver.Person, error) {
	if id == "" {
		return driver.Person{}, driver.Errorf(driver.ErrNotFound, "ldap: the empty id names no one")
	}
	var p driver.Person
	err := d.do(ctx, func(ctx context.Context, c *goldap.Conn) error {
		filter := "(&" + d.o.UserFilter + "(" + d.o.IDAttr + "=" + goldap.EscapeFilter(id) + "))"
		es, err := d.search(ctx, c, d.o.BaseDN, goldap.ScopeWholeSubtree, filter, d.attrs, 2)
		if err != nil {
			return err
		}
		switch len(es) {
		case 0:
			return driver.Errorf(driver.ErrNotFound, "ldap: no person with %s %q", d.o.IDAttr, id)
		case 1:
		default:
			return driver.Errorf(driver.ErrInvalid, "ldap: %d entries have %s %q; an id must name one person", len(es), d.o.IDAttr, id)
		}
		p, err = d.person(ctx, c, es[0], id)
		return err
	})
	if err != nil {
		return driver.Person{}, err
	}
	return p, nil
}

// Holders returns the people who hold role in process (through a group
// mapped to it for process or for every process), ordered by id.
func (d *Directory) Holders(ctx context.Context, process, role string) ([]driver.Person, error) {
	var groups []string
	for g, rs := range d.roles {
		for _, r := range rs {
			if r.Name == role && (r.Process == "" || r.Process == process) {
				groups = append(groups, g)
				break
			}
		}
	}
	if len(groups) == 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := d.isOpen(); err != nil {
			return nil, err
		}
		return nil, nil
	}
	slices.Sort(groups)
	var out []driver.Person
	err := d.do(ctx, func(ctx context.Context, c *goldap.Conn) error {
		out = out[:0]
		var entries []*goldap.Entry
		if d.o.MemberOfAttr != "" {
			var f strings.Builder
			f.WriteString("(&" + d.o.UserFilter + "(|")
			for _, g := range groups {
				f.WriteString("(" + d.o.MemberOfAttr + "=" + goldap.EscapeFilter(g) + ")")
			}
			f.WriteString("))")
			es, err := d.search(ctx, c, d.o.BaseDN, goldap.ScopeWholeSubtree, f.String(), d.attrs, 0)
			if err != nil {
				return err
			}
			entries = es
		} else {
			seen := map[string]bool{}
			for _, g := range groups {
				ges, err := d.search(ctx, c, g, goldap.ScopeBaseObject, "(objectClass=*)", []string{d.o.MemberAttr}, 0)
				if err != nil && !gone(err) {
					return err
				}
				for _, ge := range ges {
					for _, m := range ge.GetAttributeValues(d.o.MemberAttr) {
						if seen[normDN(m)] {
							continue
						}
						seen[normDN(m)] = true
						es, err := d.search(ctx, c, m, goldap.ScopeBaseObject, d.o.UserFilter, d.attrs, 1)
						if err != nil && !gone(err) {
							return err
						}
						entries = append(entries, es...)
					}
				}
			}
		}
		for _, e := range entries {
			p, err := d.person(ctx, c, e, "")
			if err != nil {
				return err
			}
			if p.ID != "" && p.HasRole(process, role) {
				out = append(out, p)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b driver.Person) int { return strings.Compare(a.ID, b.ID) })
	out = slices.CompactFunc(out, func(a, b driver.Person) bool { return a.ID == b.ID })
	return out, nil
}

// person builds a Person from an entry: its groups give roles and level,
// its manager DN is read for the manager's id. asked is the id the caller
// looked up ("" for none): when the id attribute has several values, the
// one that matches asked is the person's ID.
func (d *Directory) person(ctx context.Context, c *goldap.Conn, e *goldap.Entry, asked string) (driver.Person, error) {
	ids := e.GetEqualFoldAttributeValues(d.o.IDAttr)
	p := driver.Person{
		Name:  e.GetEqualFoldAttributeValue(d.o.NameAttr),
		Email: e.GetEqualFoldAttributeValue(d.o.MailAttr),
		Lang:  primaryLang(e.GetEqualFoldAttributeValue(d.o.LangAttr)),
	}
	for _, id := range ids {
		if p.ID == "" || (asked != "" && strings.EqualFold(id, asked)) {
			p.ID = id
		}
	}
	if d.o.LevelAttr != "" {
		for _, v := range e.GetEqualFoldAttributeValues(d.o.LevelAttr) {
			p.Level = max(p.Level, parseLevel(v))
		}
	}
	if d.o.DigestAttr != "" {
		for _, v := range e.GetEqualFoldAttributeValues(d.o.DigestAttr) {
			if strings.EqualFold(v, d.o.DigestValue) {
				p.Digest = true
			}
		}
	}
	var groups []string
	if d.o.MemberOfAttr != "" {
		for _, g := range e.GetEqualFoldAttributeValues(d.o.MemberOfAttr) {
			groups = append(groups, normDN(g))
		}
	} else if len(d.groups) > 0 {
		filter := "(" + d.o.MemberAttr + "=" + goldap.EscapeFilter(e.DN) + ")"
		es, err := d.search(ctx, c, d.o.GroupBase, goldap.ScopeWholeSubtree, filter, []string{"1.1"}, 0)
		if err != nil {
			return driver.Person{}, err
		}
		for _, g := range es {
			groups = append(groups, normDN(g.DN))
		}
	}
	slices.Sort(groups)
	for _, g := range slices.Compact(groups) {
		p.Level = max(p.Level, d.levels[g])
		for _, r := range d.roles[g] {
			if !slices.Contains(p.Roles, r) {
				p.Roles = append(p.Roles, r)
			}
		}
	}
	slices.SortFunc(p.Roles, func(a, b driver.Role) int {
		if c := strings.Compare(a.Process, b.Process); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	if m := e.GetEqualFoldAttributeValue(d.o.ManagerAttr); m != "" {
		es, err := d.search(ctx, c, m, goldap.ScopeBaseObject, d.o.UserFilter, []string{d.o.IDAttr}, 1)
		if err != nil && !gone(err) {
			return driver.Person{}, err
		}
		if len(es) == 1 {
			p.Manager = es[0].GetEqualFoldAttributeValue(d.o.IDAttr)
		}
	}
	return p, nil
}

// primaryLang reads the language a person prefers from an attribute such
// as preferredLanguage ("es", "en-US", "es-CO, en;q=0.8"): the primary
// subtag of the first tag, lower-cased.
func primaryLang(v string) string {
	v, _, _ = strings.Cut(v, ",")
	v, _, _ = strings.Cut(v, ";")
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, "-_"); i >= 0 {
		v = v[:i]
	}
	return strings.ToLower(v)
}

var lastNumber = regexp.MustCompile(`(\d+)\D*$`)

// parseLevel reads the SFIA level from an attribute value: its last number
// when in 1-7 ("sfia-5", "5", "SFIA 5"), else 0.
func parseLevel(v string) int {
	m := lastNumber.FindStringSubmatch(v)
	if m == nil {
		return 0
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n < 1 || n > 7 {
		return 0
	}
	return n
}

// normDN is the form DNs are compared in: parsed, attribute types and
// values lower-cased. A string that is not a DN is only lower-cased.
func normDN(s string) string {
	dn, err := goldap.ParseDN(s)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(s))
	}
	return strings.ToLower(dn.String())
}

// bindName is who the directory binds as, for errors.
func (d *Directory) bindName() string {
	if d.o.BindDN == "" {
		return "an anonymous bind"
	}
	return d.o.BindDN
}

// search runs one search bounded by ctx, returning every entry; a
// referral is not followed. A search without a limit asks for pages of
// PageSize entries (RFC 2696), so a large group is read whole from a
// server with a size limit (Active Directory's MaxPageSize, 1000).
func (d *Directory) search(ctx context.Context, c *goldap.Conn, base string, scope int, filter string, attrs []string, limit int) ([]*goldap.Entry, error) {
	var paging *goldap.ControlPaging
	if limit == 0 {
		paging = goldap.NewControlPaging(uint32(d.o.PageSize))
	}
	var out []*goldap.Entry
	for {
		var controls []goldap.Control
		if paging != nil {
			controls = []goldap.Control{paging}
		}
		req := goldap.NewSearchRequest(base, scope, goldap.NeverDerefAliases, limit, int(d.o.Timeout.Seconds()), false, filter, attrs, controls)
		r := c.SearchAsync(ctx, req, 16)
		var got []goldap.Control
		for r.Next() {
			if e := r.Entry(); e != nil {
				out = append(out, e)
			}
			if cs := r.Controls(); len(cs) > 0 {
				got = cs
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := r.Err(); err != nil {
			if goldap.IsErrorWithCode(err, goldap.LDAPResultSizeLimitExceeded) && limit > 0 {
				return out, nil
			}
			if goldap.IsErrorWithCode(err, goldap.LDAPResultNoSuchObject) && (base == d.o.BaseDN || base == d.o.GroupBase) {
				return nil, driver.Errorf(driver.ErrInvalid, "ldap: the base DN %s does not exist, or %s may not read it", base, d.bindName())
			}
			return nil, fmt.Errorf("ldap: search under %s: %w", base, err)
		}
		if paging == nil {
			return out, nil
		}
		pc, ok := goldap.FindControl(got, goldap.ControlTypePaging).(*goldap.ControlPaging)
		if !ok || len(pc.Cookie) == 0 {
			return out, nil
		}
		paging.SetCookie(pc.Cookie)
	}
}

// gone reports whether a search failed because its base names no entry
// (or is not a DN at all): a member or manager DN that points nowhere.
func gone(err error) bool {
	return goldap.IsErrorAnyOf(err, goldap.LDAPResultNoSuchObject, goldap.LDAPResultInvalidDNSyntax)
}

// do runs op on a pooled connection within the timeout, mapping errors to
// the driver's sentinels. An idle connection the server dropped is
// replaced once.
func (d *Directory) do(ctx context.Context, op func(context.Context, *goldap.Conn) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for attempt := 0; ; attempt++ {
		c, reused, err := d.get(ctx)
		if err != nil {
			return err
		}
		octx, cancel := context.WithTimeout(ctx, d.o.Timeout)
		err = op(octx, c)
		timedOut := octx.Err() != nil && ctx.Err() == nil
		cancel()
		if err == nil {
			d.put(c)
			return nil
		}
		if errors.Is(err, driver.ErrNotFound) || errors.Is(err, driver.ErrInvalid) {
			d.put(c)
			return err
		}
		c.Close()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if timedOut {
			return driver.Errorf(driver.ErrUnavailable, "ldap: %s gave no answer within %s", d.o.Addr, d.o.Timeout)
		}
		if reused && attempt == 0 && isNetwork(err) {
			continue
		}
		if isNetwork(err) {
			return driver.Errorf(driver.ErrUnavailable, "ldap: %s: %v", d.o.Addr, err)
		}
		return driver.Errorf(driver.ErrUnavailable, "%v", err)
	}
}

// isNetwork reports whether err is the connection failing rather than
// the server answering.
func isNetwork(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) || goldap.IsErrorAnyOf(err, goldap.ErrorNetwork, goldap.LDAPResultServerDown, goldap.LDAPResultTimeout,
		goldap.LDAPResultUnavailable, goldap.LDAPResultBusy)
}

func (d *Directory) isOpen() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return driver.Errorf(driver.ErrClosed, "ldap: directory closed")
	}
	return nil
}

// get takes an idle connection, or dials a new one.
func (d *Directory) get(ctx context.Context) (*goldap.Conn, bool, error) {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return nil, false, driver.Errorf(driver.ErrClosed, "ldap: directory closed")
	}
	for len(d.idle) > 0 {
		c := d.idle[len(d.idle)-1]
		d.idle = d.idle[:len(d.idle)-1]
		if !c.IsClosing() {
			d.mu.Unlock()
			return c, true, nil
		}
		c.Close()
	}
	d.mu.Unlock()
	c, err := d.dial(ctx)
	return c, false, err
}

// put returns a healthy connection to the pool.
func (d *Directory) put(c *goldap.Conn) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed || c.IsClosing() || len(d.idle) >= d.o.PoolSize {
		c.Close()
		return
	}
	d.idle = append(d.idle, c)
}

// dial connects (TLS for ldaps, StartTLS when asked) and binds, within
// the timeout and ctx.
func (d *Directory) dial(ctx context.Context) (*goldap.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, d.o.Timeout)
	defer cancel()
	u, _ := url.Parse(d.o.Addr)
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), map[string]string{"ldap": "389", "ldaps": "636"}[u.Scheme])
	}
	unavailable := func(what string, err error) error {
		if ctx.Err() != nil {
			return driver.Errorf(driver.ErrUnavailable, "ldap: %s: %s: no answer within %s", d.o.Addr, what, d.o.Timeout)
		}
		return driver.Errorf(driver.ErrUnavailable, "ldap: %s: %s: %v", d.o.Addr, what, err)
	}
	var nd net.Dialer
	nc, err := nd.DialContext(ctx, "tcp", host)
	if err != nil {
		return nil, unavailable("connect", err)
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = nc.SetDeadline(dl) // bounds the TLS handshake; cleared below
	}
	isTLS := u.Scheme == "ldaps"
	if isTLS {
		tc := tls.Client(nc, d.tls)
		if err := tc.HandshakeContext(ctx); err != nil {
			nc.Close()
			return nil, tlsError(ctx, d.o.Addr, err)
		}
		nc = tc
	}
	_ = nc.SetDeadline(time.Time{})
	c := goldap.NewConn(nc, isTLS)
	c.Start()
	c.SetTimeout(d.o.Timeout)
	if d.o.StartTLS {
		if err := c.StartTLS(d.tls); err != nil {
			c.Close()
			return nil, tlsError(ctx, d.o.Addr, err)
		}
	}
	if d.o.BindDN != "" {
		pw := ""
		if d.o.Password != nil {
			if pw, err = d.o.Password(); err != nil {
				c.Close()
				return nil, fmt.Errorf("ldap: the bind password: %w", err)
			}
		}
		if pw == "" {
			c.Close() // an empty password is an unauthenticated bind: refuse it rather than read as anonymous
			return nil, driver.Errorf(driver.ErrAuth, "ldap: no bind password for %s (set password_env or password_file)", d.o.BindDN)
		}
		if err := c.Bind(d.o.BindDN, pw); err != nil {
			c.Close()
			if goldap.IsErrorWithCode(err, goldap.LDAPResultInvalidCredentials) {
				return nil, driver.Errorf(driver.ErrAuth, "ldap: %s refused the bind as %s: wrong DN or password", d.o.Addr, d.o.BindDN)
			}
			if ctx.Err() != nil || isNetwork(err) {
				return nil, unavailable("bind", err)
			}
			var le *goldap.Error
			if errors.As(err, &le) {
				return nil, driver.Errorf(driver.ErrAuth, "ldap: %s refused the bind as %s: %s", d.o.Addr, d.o.BindDN, goldap.LDAPResultCodeMap[le.ResultCode])
			}
			return nil, unavailable("bind", err)
		}
	}
	return c, nil
}

// tlsError says why TLS failed: a certificate the CAs do not sign is
// ErrInvalid (fix the configuration), anything else ErrUnavailable.
func tlsError(ctx context.Context, addr string, err error) error {
	var ua x509.UnknownAuthorityError
	var hn x509.HostnameError
	var ci x509.CertificateInvalidError
	// go-ldap's StartTLS keeps only the text of the handshake's error.
	if errors.As(err, &ua) || errors.As(err, &hn) || errors.As(err, &ci) || strings.Contains(err.Error(), "x509: ") {
		return driver.Errorf(driver.ErrInvalid, "ldap: %s: the server's certificate is not trusted (set ca_file): %v", addr, err)
	}
	if ctx.Err() != nil {
		return driver.Errorf(driver.ErrUnavailable, "ldap: %s: TLS: no answer in time", addr)
	}
	return driver.Errorf(driver.ErrUnavailable, "ldap: %s: TLS: %v", addr, err)
}
