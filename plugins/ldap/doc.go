// Package ldap is relaciona's directory backend over LDAP: OpenLDAP and
// Active Directory. Groups map to process roles, an attribute or a group to
// the SFIA level, and the manager attribute (a DN) to the id of the person
// above.
//
// Open it by URL through relaciona.OpenDirectory (or deployment.yaml's
// directory section); the URL names the server and the base DN, the
// settings the rest, and the bind password comes from the secret the
// deployment names (password_env or password_file), never from YAML:
//
//	directory:
//	  url: ldap://ldap.agency.example:389/dc=agency,dc=example
//	  password_env: RELACIONA_LDAP_PASSWORD
//	  settings:
//	    bind_dn: cn=relaciona,ou=services,dc=agency,dc=example
//	    start_tls: true
//	    ca_file: /etc/ssl/agency-ca.pem
//	    level_attribute: employeeType        # "sfia-5"
//	    level_groups:
//	      cn=sfia-4,ou=groups,dc=agency,dc=example: 4
//	    roles:
//	      - {group: "cn=pqrsd,ou=groups,dc=agency,dc=example", process: citizen, role: encargado_pqrsd}
//	      - {group: "cn=owners,ou=groups,dc=agency,dc=example", role: process_owner}
//
// For Active Directory: id_attribute: sAMAccountName, member_of_attribute:
// memberOf, user_filter: (&(objectCategory=person)(objectClass=user)),
// lang_attribute as the agency keeps it, and ldaps:// or start_tls.
//
// Settings (all optional but bind_dn for a directory that refuses
// anonymous reads): bind_dn; user_filter (default
// (objectClass=inetOrgPerson)); id_attribute (uid), name_attribute (cn),
// mail_attribute (mail), lang_attribute (preferredLanguage),
// manager_attribute (manager); level_attribute; level_groups (group DN ->
// 1-7); roles (list of {group, process, role}; no process: every
// process); member_of_attribute (groups listed on the person, as AD's
// memberOf) or member_attribute (default member: groups under group_base
// whose member holds the person's DN, as groupOfNames); group_base
// (default the base DN); digest_attribute and digest_value (default TRUE);
// start_tls; ca_file; insecure_skip_verify (tests only); timeout (10s);
// pool_size (4 idle connections); page_size (500 entries a page).
//
// A tour of what the adapter handles for you:
//
//   - An id is escaped before it goes into a filter (RFC 4515): "*" or
//     "x)(uid=*" match only a person with that very id, never everyone.
//   - Only entries the user filter selects are people: a group member, a
//     manager or an id that points elsewhere (a device, a service
//     account) is no one.
//   - A person's level is the highest the level attribute and the level
//     groups give; a level attribute with no number in 1-7 gives none
//     (fail closed). Roles come from mapped groups only; an unmapped
//     group gives nothing. Nested groups are not followed.
//   - A manager DN that names no person (left, or outside the filter)
//     leaves Manager empty: that person has no one above in the
//     directory. A group member that is not a person is skipped.
//   - Searches ask for pages (RFC 2696), so a group larger than the
//     server's size limit (Active Directory's MaxPageSize) is read whole.
//   - Connections are bound once and pooled; one the server dropped is
//     replaced and the lookup retried once. Every dial, bind and search is
//     bounded by the timeout and by the caller's context.
//   - Errors: a server that cannot be reached or does not answer in time
//     wraps driver.ErrUnavailable; a refused bind, driver.ErrAuth (the
//     password never appears in an error); an unknown id,
//     driver.ErrNotFound; a certificate the CAs do not sign, ErrInvalid.
//
// The tests run against a real slapd: testdata/start-slapd.sh starts one
// on loopback with testdata/tree.ldif and prints the LDAP_* variables the
// tests read; without LDAP_URL they skip. The plugin binary is
// cmd/relaciona-ldap.
package ldap
