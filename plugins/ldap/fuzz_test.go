package ldap_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/ldap"
)

// FuzzParse: any URL and settings give Options or an error wrapping
// ErrInvalid, never a panic; no password-looking user info survives.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"ldap://127.0.0.1:389/dc=agency,dc=example", "ldaps://ad.example/DC=a,DC=b", "ldap://u:pw@h/dc=x",
		"ldap://h/dc=x?x=1", "ldap:///dc=x", "ldap://h/", "ldap://h/cn=a\\,b,dc=x", "ldap://[::1]:389/dc=x", "ldap://h/%zz",
	} {
		f.Add(s, "(objectClass=person)", "uid", "cn=g,dc=x", "role")
	}
	f.Fuzz(func(t *testing.T, rawURL, filter, attr, group, role string) {
		o, err := ldap.Parse(rawURL, map[string]any{
			"user_filter": filter, "id_attribute": attr,
			"roles":        []any{map[string]any{"group": group, "role": role}},
			"level_groups": map[string]any{group: 3},
		})
		if err != nil {
			if !errors.Is(err, driver.ErrInvalid) {
				t.Fatalf("Parse error does not wrap ErrInvalid: %v", err)
			}
			return
		}
		if strings.Contains(o.Addr, "@") {
			t.Fatalf("credentials kept in %q", o.Addr)
		}
		if o.BaseDN == "" {
			t.Fatal("options without a base DN")
		}
	})
}
