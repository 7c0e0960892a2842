// Command relaciona-ldap serves the LDAP directory as a relaciona
// directory plugin:
//
//	directory:
//	  url: plugin:///opt/relaciona/bin/relaciona-ldap?sha256=HEX&url=ldaps://ldap.agency.example/dc=agency,dc=example
//	  password_env: RELACIONA_LDAP_PASSWORD
//	  settings:
//	    bind_dn: cn=relaciona,ou=services,dc=agency,dc=example
//	    roles:
//	      - {group: "cn=pqrsd,ou=groups,dc=agency,dc=example", process: citizen, role: encargado_pqrsd}
//
// Settings: url (the ldap:// or ldaps:// URL with the base DN, required,
// in the plugin URL or in the settings) and every setting of package
// plugins/ldap. The bind password is the secret the host lends.
package main

import (
	"context"

	"github.com/relaciona/relaciona/plugins"
	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/ldap"
)

func main() { plugins.ServeDirectoryOpener(open) }

func open(ctx context.Context, c plugins.DirectoryConfig) (driver.Directory, error) {
	settings := make(map[string]any, len(c.Env.Settings))
	for k, v := range c.Env.Settings {
		settings[k] = v
	}
	u, _ := settings["url"].(string)
	delete(settings, "url")
	if u == "" {
		return nil, driver.Errorf(driver.ErrInvalid, "relaciona-ldap: the plugin URL needs url=ldap://HOST:PORT/BASE-DN (or ldaps://)")
	}
	o, err := ldap.Parse(u, settings)
	if err != nil {
		return nil, err
	}
	o.Password = c.Env.Secret
	return ldap.New(ctx, o)
}
