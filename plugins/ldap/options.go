package ldap

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"

	goldap "github.com/go-ldap/ldap/v3"

	"github.com/relaciona/relaciona/plugins/driver"
)

// RoleGroup maps an LDAP group onto a process role: every member of Group
// holds Role in Process ("" for every process).
type RoleGroup struct {
	// Group is the group's DN.
	Group string
	// Process is the process kind ("alliance", "citizen", ...), or "" for
	// a role held in every process.
	Process string
	// Role is the role's name as the process file configures it.
	Role string
}

// Options configure a directory over LDAP. Parse builds them from a URL
// and the deployment's settings; the zero values of the optional fields
// are the defaults Parse fills in.
type Options struct {
	// Addr is scheme://host:port, the scheme ldap or ldaps.
	Addr string
	// BaseDN is where people (and, unless GroupBase says otherwise,
	// groups) are searched, subtree.
	BaseDN string
	// BindDN is the account the adapter binds as; "" binds anonymously.
	BindDN string
	// Password returns the bind password. It is read at each bind and
	// never logged nor put in an error.
	Password func() (string, error)

	// UserFilter selects the entries that are people; default
	// (objectClass=inetOrgPerson). For Active Directory:
	// (&(objectCategory=person)(objectClass=user)).
	UserFilter string
	// IDAttr holds the id the host application authenticates: uid
	// (OpenLDAP, the default) or sAMAccountName (Active Directory).
	IDAttr string
	// NameAttr (default cn), MailAttr (default mail), LangAttr (default
	// preferredLanguage) and ManagerAttr (default manager, a DN) give a
	// person's name, e-mail, language and manager.
	NameAttr, MailAttr, LangAttr, ManagerAttr string
	// LevelAttr, when set, gives the SFIA level: the last number in its
	// value ("sfia-5", "5", "SFIA 5"). A value with no number in 1-7
	// gives no level (fail closed).
	LevelAttr string
	// LevelGroups gives a level to the members of a group (group DN ->
	// level). A person's level is the highest the attribute and the
	// groups give.
	LevelGroups map[string]int
	// Roles map groups onto process roles.
	Roles []RoleGroup
	// MemberOfAttr, when set (memberOf: Active Directory, or OpenLDAP's
	// memberof overlay), lists a person's groups on the person's own
	// entry. Unset, a person's groups are those under GroupBase whose
	// MemberAttr holds the person's DN (groupOfNames).
	MemberOfAttr string
	// MemberAttr is the group attribute that lists member DNs; default
	// member (uniqueMember for groupOfUniqueNames).
	MemberAttr string
	// GroupBase is where groups are searched; default BaseDN.
	GroupBase string
	// DigestAttr, when set, marks the people who want one daily digest:
	// those whose DigestAttr has the value DigestValue (default TRUE,
	// compared without case).
	DigestAttr, DigestValue string

	// StartTLS upgrades an ldap:// connection before binding.
	StartTLS bool
	// CAFile is a PEM file of the CAs that sign the server's certificate;
	// default the system's.
	CAFile string
	// InsecureSkipVerify accepts any server certificate: for tests only.
	InsecureSkipVerify bool
	// Timeout bounds each dial, bind and search; default 10 s.
	Timeout time.Duration
	// PoolSize is how many idle bound connections are kept; default 4.
	PoolSize int
	// PageSize is how many entries a search asks for at a time (the paged
	// results control); default 500.
	PageSize int
}

// settingKeys are the settings Parse reads.
var settingKeys = []string{
	"bind_dn", "user_filter", "id_attribute", "name_attribute", "mail_attribute", "lang_attribute",
	"manager_attribute", "level_attribute", "level_groups", "roles", "member_of_attribute",
	"member_attribute", "group_base", "digest_attribute", "digest_value", "start_tls", "ca_file",
	"insecure_skip_verify", "timeout", "pool_size", "page_size",
}

// Parse reads a directory URL, ldap://HOST:PORT/BASE-DN or
// ldaps://HOST:PORT/BASE-DN, and the deployment's settings for it (decoded
// YAML; see the package doc for the keys). It checks every DN and filter,
// and refuses unknown keys and credentials in the URL.
func Parse(rawURL string, settings map[string]any) (Options, error) {
	var o Options
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "ldap" && u.Scheme != "ldaps") || u.Host == "" {
		return o, driver.Errorf(driver.ErrInvalid, "ldap: directory URL must look like ldap://host:389/dc=agency,dc=example")
	}
	if u.User != nil {
		return o, driver.Errorf(driver.ErrInvalid, "ldap: put no credentials in the URL; the bind DN is a setting and the password comes from password_env or password_file")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return o, driver.Errorf(driver.ErrInvalid, "ldap: the URL takes no query; put options in the directory's settings")
	}
	o.Addr = u.Scheme + "://" + u.Host
	o.BaseDN = strings.TrimPrefix(u.Path, "/")
	if o.BaseDN == "" {
		return o, driver.Errorf(driver.ErrInvalid, "ldap: the URL names no base DN (ldap://host:389/dc=agency,dc=example)")
	}
	if _, err := goldap.ParseDN(o.BaseDN); err != nil {
		return o, driver.Errorf(driver.ErrInvalid, "ldap: base DN %q: %v", o.BaseDN, err)
	}
	s := setting{m: settings}
	for k := range settings {
		if !slices.Contains(settingKeys, k) {
			known := slices.Clone(settingKeys)
			sort.Strings(known)
			return o, driver.Errorf(driver.ErrInvalid, "ldap: unknown setting %q (known: %s)", k, strings.Join(known, ", "))
		}
	}
	o.BindDN = s.str("bind_dn")
	o.UserFilter = s.str("user_filter")
	o.IDAttr, o.NameAttr, o.MailAttr = s.str("id_attribute"), s.str("name_attribute"), s.str("mail_attribute")
	o.LangAttr, o.ManagerAttr, o.LevelAttr = s.str("lang_attribute"), s.str("manager_attribute"), s.str("level_attribute")
	o.MemberOfAttr, o.MemberAttr, o.GroupBase = s.str("member_of_attribute"), s.str("member_attribute"), s.str("group_base")
	o.DigestAttr, o.DigestValue = s.str("digest_attribute"), s.str("digest_value")
	o.StartTLS, o.InsecureSkipVerify = s.boolean("start_tls"), s.boolean("insecure_skip_verify")
	o.CAFile = s.str("ca_file")
	if v := s.str("timeout"); v != "" && s.err == nil {
		if o.Timeout, err = time.ParseDuration(v); err != nil || o.Timeout <= 0 {
			return o, driver.Errorf(driver.ErrInvalid, "ldap: setting timeout %q is not a duration such as 10s", v)
		}
	}
	o.PoolSize = s.integer("pool_size")
	o.PageSize = s.integer("page_size")
	if v, ok := settings["level_groups"]; ok {
		m, ok := v.(map[string]any)
		if !ok {
			return o, driver.Errorf(driver.ErrInvalid, "ldap: setting level_groups must map group DNs to levels 1-7")
		}
		o.LevelGroups = make(map[string]int, len(m))
		for dn, lv := range m {
			n, ok := toInt(lv)
			if !ok || n < 1 || n > 7 {
				return o, driver.Errorf(driver.ErrInvalid, "ldap: setting level_groups[%q]: want a level 1-7", dn)
			}
			o.LevelGroups[dn] = n
		}
	}
	if v, ok := settings["roles"]; ok {
		list, ok := v.([]any)
		if !ok {
			return o, driver.Errorf(driver.ErrInvalid, "ldap: setting roles must be a list of {group, process, role}")
		}
		for i, it := range list {
			m, ok := it.(map[string]any)
			if !ok {
				return o, driver.Errorf(driver.ErrInvalid, "ldap: setting roles[%d] must be {group, process, role}", i)
			}
			var rg RoleGroup
			for k, v := range m {
				sv, ok := v.(string)
				if !ok {
					return o, driver.Errorf(driver.ErrInvalid, "ldap: setting roles[%d].%s must be a string", i, k)
				}
				switch k {
				case "group":
					rg.Group = sv
				case "process":
					rg.Process = sv
				case "role":
					rg.Role = sv
				default:
					return o, driver.Errorf(driver.ErrInvalid, "ldap: setting roles[%d]: unknown key %q (group, process, role)", i, k)
				}
			}
			o.Roles = append(o.Roles, rg)
		}
	}
	if s.err != nil {
		return o, s.err
	}
	return o, o.check()
}

// withDefaults returns o with the defaults filled in.
func (o Options) withDefaults() Options {
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	def(&o.UserFilter, "(objectClass=inetOrgPerson)")
	def(&o.IDAttr, "uid")
	def(&o.NameAttr, "cn")
	def(&o.MailAttr, "mail")
	def(&o.LangAttr, "preferredLanguage")
	def(&o.ManagerAttr, "manager")
	def(&o.MemberAttr, "member")
	def(&o.GroupBase, o.BaseDN)
	def(&o.DigestValue, "TRUE")
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.PoolSize <= 0 {
		o.PoolSize = 4
	}
	if o.PageSize <= 0 {
		o.PageSize = 500
	}
	return o
}

// check validates every DN and the filter.
func (o Options) check() error {
	bad := func(format string, args ...any) error {
		return driver.Errorf(driver.ErrInvalid, "ldap: "+format, args...)
	}
	u, err := url.Parse(o.Addr)
	if err != nil || (u.Scheme != "ldap" && u.Scheme != "ldaps") || u.Host == "" {
		return bad("address %q: want ldap://host:port or ldaps://host:port", o.Addr)
	}
	if u.Scheme == "ldaps" && o.StartTLS {
		return bad("start_tls is for ldap:// URLs; ldaps:// is TLS from the start")
	}
	for _, d := range []struct{ what, dn string }{{"base DN", o.BaseDN}, {"bind_dn", o.BindDN}, {"group_base", o.GroupBase}} {
		if d.dn == "" {
			continue
		}
		if _, err := goldap.ParseDN(d.dn); err != nil {
			return bad("%s %q: %v", d.what, d.dn, err)
		}
	}
	if o.BaseDN == "" {
		return bad("no base DN")
	}
	if o.UserFilter != "" {
		if _, err := goldap.CompileFilter(o.UserFilter); err != nil {
			return bad("user_filter %q: %v", o.UserFilter, err)
		}
	}
	for dn := range o.LevelGroups {
		if _, err := goldap.ParseDN(dn); err != nil || dn == "" {
			return bad("level_groups: group %q is not a DN", dn)
		}
	}
	for i, r := range o.Roles {
		if _, err := goldap.ParseDN(r.Group); err != nil || r.Group == "" {
			return bad("roles[%d].group %q is not a DN", i, r.Group)
		}
		if r.Role == "" {
			return bad("roles[%d] (group %q) names no role", i, r.Group)
		}
	}
	for _, a := range []struct{ what, v string }{{"id_attribute", o.IDAttr}, {"name_attribute", o.NameAttr}, {"mail_attribute", o.MailAttr},
		{"lang_attribute", o.LangAttr}, {"manager_attribute", o.ManagerAttr}, {"level_attribute", o.LevelAttr},
		{"member_of_attribute", o.MemberOfAttr}, {"member_attribute", o.MemberAttr}, {"digest_attribute", o.DigestAttr}} {
		if a.v != "" && !isAttrName(a.v) {
			return bad("%s %q is not an attribute name", a.what, a.v)
		}
	}
	if o.PoolSize < 0 || o.PoolSize > 64 {
		return bad("pool_size %d: want 1-64", o.PoolSize)
	}
	if o.PageSize < 0 || o.PageSize > 100000 {
		return bad("page_size %d: want 1-100000", o.PageSize)
	}
	return nil
}

// isAttrName reports whether s is an attribute description (a name or an
// OID, letters, digits, '-', '.', ';').
func isAttrName(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == ';') {
			return false
		}
	}
	return s != ""
}

// setting reads typed values from decoded YAML, keeping the first error.
type setting struct {
	m   map[string]any
	err error
}

func (s *setting) str(k string) string {
	v, ok := s.m[k]
	if !ok || v == nil {
		return ""
	}
	sv, ok := v.(string)
	if !ok && s.err == nil {
		s.err = driver.Errorf(driver.ErrInvalid, "ldap: setting %s must be a string", k)
	}
	return sv
}

func (s *setting) boolean(k string) bool {
	v, ok := s.m[k]
	if !ok || v == nil {
		return false
	}
	switch b := v.(type) {
	case bool:
		return b
	case string: // a setting that came through a plugin URL's query
		switch b {
		case "true", "1":
			return true
		case "false", "0", "":
			return false
		}
	}
	if s.err == nil {
		s.err = driver.Errorf(driver.ErrInvalid, "ldap: setting %s must be true or false", k)
	}
	return false
}

func (s *setting) integer(k string) int {
	v, ok := s.m[k]
	if !ok || v == nil {
		return 0
	}
	n, ok := toInt(v)
	if !ok && s.err == nil {
		s.err = driver.Errorf(driver.ErrInvalid, "ldap: setting %s must be a whole number", k)
	}
	return n
}

func toInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int64:
		return int(n), true
	case uint64:
		return int(n), n < 1<<31
	case float64:
		return int(n), n == float64(int(n))
	case string:
		var i int
		if _, err := fmt.Sscanf(n, "%d", &i); err == nil && fmt.Sprint(i) == n {
			return i, true
		}
	}
	return 0, false
}
