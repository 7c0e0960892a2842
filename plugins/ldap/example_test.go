package ldap_test

import (
	"fmt"

	"github.com/relaciona/relaciona/plugins/ldap"
)

// Parse reads a deployment's directory URL and settings: an Active
// Directory over LDAPS whose groups give roles and SFIA levels. ldap.New
// (or relaciona.OpenDirectory with the URL) then connects, with the bind
// password from the deployment's password_env or password_file.
func ExampleParse() {
	o, err := ldap.Parse("ldaps://ad.agency.example/DC=agency,DC=example", map[string]any{
		"bind_dn":             "CN=relaciona,OU=Services,DC=agency,DC=example",
		"id_attribute":        "sAMAccountName",
		"member_of_attribute": "memberOf",
		"user_filter":         "(&(objectCategory=person)(objectClass=user))",
		"level_groups":        map[string]any{"CN=SFIA-5,OU=Groups,DC=agency,DC=example": 5},
		"roles": []any{
			map[string]any{"group": "CN=PQRSD,OU=Groups,DC=agency,DC=example", "process": "citizen", "role": "encargado_pqrsd"},
			map[string]any{"group": "CN=Owners,OU=Groups,DC=agency,DC=example", "role": "process_owner"},
		},
		"timeout": "5s",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(o.Addr, o.BaseDN, o.IDAttr, o.Timeout)
	for _, r := range o.Roles {
		fmt.Printf("%s -> %q/%s\n", r.Group, r.Process, r.Role)
	}
	_, err = ldap.Parse("ldap://reader:hunter2@ad.agency.example/DC=agency,DC=example", nil)
	fmt.Println(err)
	// Output:
	// ldaps://ad.agency.example DC=agency,DC=example sAMAccountName 5s
	// CN=PQRSD,OU=Groups,DC=agency,DC=example -> "citizen"/encargado_pqrsd
	// CN=Owners,OU=Groups,DC=agency,DC=example -> ""/process_owner
	// invalid: ldap: put no credentials in the URL; the bind DN is a setting and the password comes from password_env or password_file
}
