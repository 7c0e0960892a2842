package schemas

// text is one message in both languages.
type text struct{ es, en string }

// messages are the schemas' own error texts, used instead of the generic
// explanation of a failed keyword where that would not help a clerk (a
// pattern nobody reads, a rule only the schema knows). They live here, not
// in the schema files, so that every schema holds only standard JSON Schema
// keywords: ajv in strict mode and editors take the files as they are.
//
// The map is by kind, then by the JSON pointer, within KIND.json, of the
// keyword whose failure the text explains. TestMessagesNameKeywords checks
// that every pointer names a keyword of its schema, so a text cannot be
// left behind when a schema changes. A text never echoes the value, which
// may be a secret.
var messages = map[string]map[string]text{
	"alliance": {
		"/$defs/date/pattern": {
			es: "debe ser una fecha AAAA-MM-DD, p. ej. 2026-03-01",
			en: "must be a date YYYY-MM-DD, e.g. 2026-03-01",
		},
		"/$defs/id/pattern": {
			es: "debe usar solo minúsculas sin tilde, cifras, - o _ (p. ej. convenio-sence)",
			en: "must use only lower-case letters, digits, - or _ (e.g. convenio-sence)",
		},
		"/properties/review/properties/due/pattern": {
			es: "debe ser mes y día MM-DD, p. ej. 12-01",
			en: "must be month and day MM-DD, e.g. 12-01",
		},
	},
	"citizen": {
		"/$defs/id/pattern": {
			es: "use minúsculas, cifras, punto, guion o guion bajo (p. ej. licencia-construccion)",
			en: "use lower-case letters, digits, dot, hyphen or underscore (e.g. building-permit)",
		},
	},
	"deployment": {
		"/properties/directory/not": {
			es: "use password_env o password_file, no ambos",
			en: "use password_env or password_file, not both",
		},
		"/properties/directory/dependentSchemas/people/not": {
			es: "use people (la lista de personas) o url (LDAP o un complemento), no ambos",
			en: "use people (the list of people) or url (LDAP or a plugin), not both",
		},
		"/properties/directory/minProperties": {
			es: "indique people (la lista de personas) o url (LDAP o un complemento)",
			en: "give people (the list of people) or url (LDAP or a plugin)",
		},
		"/properties/directory/properties/password_env/pattern": {
			es: "debe ser el nombre de una variable de entorno (letras, dígitos y _, sin empezar por dígito), no la contraseña",
			en: "must be the name of an environment variable (letters, digits and _, not starting with a digit), not the password",
		},
		"/properties/directory/properties/people/items/properties/email/pattern": {
			es: "debe ser una dirección de correo, p. ej. nombre@entidad.gov.co",
			en: "must be an e-mail address, e.g. name@agency.gov",
		},
		"/properties/directory/properties/url/not": {
			es: "no ponga credenciales en la URL: la contraseña va en password_env o password_file",
			en: "put no credentials in the URL: the password goes in password_env or password_file",
		},
		"/properties/directory/properties/url/pattern": {
			es: "debe empezar por ldap://, ldaps:// o plugin://",
			en: "must start with ldap://, ldaps:// or plugin://",
		},
		"/properties/audit/not": {
			es: "use key_env o key_file, no ambos",
			en: "use key_env or key_file, not both",
		},
		"/properties/audit/properties/key_env/pattern": {
			es: "debe ser el nombre de una variable de entorno (letras, dígitos y _, sin empezar por dígito), no la clave",
			en: "must be the name of an environment variable (letters, digits and _, not starting with a digit), not the key",
		},
		"/properties/notifications/properties/channels/properties/email/not": {
			es: "use password_env o password_file, no ambos",
			en: "use password_env or password_file, not both",
		},
		"/properties/notifications/properties/channels/properties/email/properties/password_env/pattern": {
			es: "debe ser el nombre de una variable de entorno (letras, dígitos y _, sin empezar por dígito), no el secreto",
			en: "must be the name of an environment variable (letters, digits and _, not starting with a digit), not the secret",
		},
		"/properties/notifications/properties/channels/properties/email/properties/url/not": {
			es: "la URL lleva una contraseña: quítela y use password_env o password_file",
			en: "the URL carries a password: remove it and use password_env or password_file",
		},
		"/properties/notifications/properties/channels/properties/email/properties/url/pattern": {
			es: "debe ser smtp:// o smtps://, p. ej. smtp://correo.ejemplo.gov.co:587?from=pqrsd@ejemplo.gov.co",
			en: "must be smtp:// or smtps://, e.g. smtp://mail.example.gov:587?from=pqrsd@example.gov",
		},
		"/properties/notifications/properties/channels/properties/webhook/not": {
			es: "use secret_env o secret_file, no ambos",
			en: "use secret_env or secret_file, not both",
		},
		"/properties/notifications/properties/channels/properties/webhook/properties/secret_env/pattern": {
			es: "debe ser el nombre de una variable de entorno (letras, dígitos y _, sin empezar por dígito), no el secreto",
			en: "must be the name of an environment variable (letters, digits and _, not starting with a digit), not the secret",
		},
		"/properties/notifications/properties/channels/properties/webhook/properties/url/not": {
			es: "la URL lleva una contraseña: quítela y use secret_env o secret_file",
			en: "the URL carries a password: remove it and use secret_env or secret_file",
		},
		"/properties/notifications/properties/channels/properties/webhook/properties/url/pattern": {
			es: "debe ser http:// o https://, p. ej. https://sistema.ejemplo.gov.co/avisos",
			en: "must be http:// or https://, e.g. https://system.example.gov/notices",
		},
		"/properties/notifications/properties/lease/pattern": {
			es: "debe ser una duración con unidad, p. ej. 30s, 5m, 1h o 30d",
			en: "must be a duration with a unit, e.g. 30s, 5m, 1h or 30d",
		},
		"/properties/notifications/properties/limits/items/properties/period/pattern": {
			es: "debe ser una duración con unidad, p. ej. 30s, 5m, 1h o 30d",
			en: "must be a duration with a unit, e.g. 30s, 5m, 1h or 30d",
		},
		"/properties/notifications/properties/retry/properties/backoff/pattern": {
			es: "debe ser una duración con unidad, p. ej. 30s, 5m, 1h o 30d",
			en: "must be a duration with a unit, e.g. 30s, 5m, 1h or 30d",
		},
		"/properties/serve/properties/address/pattern": {
			es: "debe ser host:puerto, p. ej. 127.0.0.1:8311 o :8311",
			en: "must be host:port, e.g. 127.0.0.1:8311 or :8311",
		},
		"/properties/serve/properties/api_keys/not": {
			es: "use env o file, no ambos",
			en: "use env or file, not both",
		},
		"/properties/serve/properties/api_keys/properties/env/pattern": {
			es: "debe ser el nombre de una variable de entorno (letras, dígitos y _, sin empezar por dígito), no las claves",
			en: "must be the name of an environment variable (letters, digits and _, not starting with a digit), not the keys",
		},
		"/properties/serve/properties/limits/properties/idle_timeout/pattern": {
			es: "debe ser una duración con unidad, p. ej. 5s, 2m o 1h",
			en: "must be a duration with its unit, e.g. 5s, 2m or 1h",
		},
		"/properties/serve/properties/limits/properties/read_header_timeout/pattern": {
			es: "debe ser una duración con unidad, p. ej. 5s, 2m o 1h",
			en: "must be a duration with its unit, e.g. 5s, 2m or 1h",
		},
		"/properties/serve/properties/limits/properties/read_timeout/pattern": {
			es: "debe ser una duración con unidad, p. ej. 5s, 2m o 1h",
			en: "must be a duration with its unit, e.g. 5s, 2m or 1h",
		},
		"/properties/serve/properties/limits/properties/shutdown_timeout/pattern": {
			es: "debe ser una duración con unidad, p. ej. 5s, 2m o 1h",
			en: "must be a duration with its unit, e.g. 5s, 2m or 1h",
		},
		"/properties/serve/properties/limits/properties/write_timeout/pattern": {
			es: "debe ser una duración con unidad, p. ej. 5s, 2m o 1h",
			en: "must be a duration with its unit, e.g. 5s, 2m or 1h",
		},
		"/properties/serve/properties/open311/properties/mount/pattern": {
			es: "debe ser una ruta que empiece por /, p. ej. /open311/v2",
			en: "must be a path starting with /, e.g. /open311/v2",
		},
		"/properties/serve/properties/public_url/pattern": {
			es: "debe ser una URL http o https sin consulta, p. ej. https://pqrsd.ejemplo.gov.co/open311/v2",
			en: "must be an http or https URL without a query, e.g. https://pqrsd.example.gov.co/open311/v2",
		},
		"/properties/store/not": {
			es: "la URL lleva una contraseña: quítela y entréguela por el entorno del servidor (p. ej. PGPASSWORD)",
			en: "the URL carries a password: remove it and supply it through the server's environment (e.g. PGPASSWORD)",
		},
		"/properties/store/pattern": {
			es: "debe ser una URL con esquema, p. ej. sqlite://relaciona.db o postgres://servidor/base",
			en: "must be a URL with a scheme, e.g. sqlite://relaciona.db or postgres://host/db",
		},
		"/properties/tickets/not": {
			es: "use secret_env o secret_file, no ambos",
			en: "use secret_env or secret_file, not both",
		},
		"/properties/tickets/properties/secret_env/pattern": {
			es: "debe ser el nombre de una variable de entorno (letras, dígitos y _, sin empezar por dígito), no el token",
			en: "must be the name of an environment variable (letters, digits and _, not starting with a digit), not the token",
		},
		"/properties/tickets/properties/url/not": {
			es: "la URL lleva una contraseña: quítela y use secret_env o secret_file",
			en: "the URL carries a password: remove it and use secret_env or secret_file",
		},
		"/properties/tickets/properties/url/pattern": {
			es: "debe ser una URL con esquema, p. ej. desk:// o plugin:///opt/relaciona/bin/redmine",
			en: "must be a URL with a scheme, e.g. desk:// or plugin:///opt/relaciona/bin/redmine",
		},
		"/properties/timezone/pattern": {
			es: "no es un nombre de zona horaria IANA (p. ej. America/Bogota)",
			en: "is not an IANA time zone name (e.g. America/Bogota)",
		},
		"/then/properties/calendar/properties/working_holidays_stop/const": {
			es: "solo se aplica en Uruguay (country: UY), donde existen feriados laborables",
			en: "applies only in Uruguay (country: UY), where working holidays exist",
		},
	},
	"plugin-check": {
		"/properties/sha256/pattern": {
			es: "debe ser la suma SHA-256 del binario: 64 dígitos hexadecimales",
			en: "must be the binary's SHA-256: 64 hexadecimal digits",
		},
		"/properties/start_timeout/pattern": {
			es: "debe ser una duración de Go, p. ej. 30s, 1m o 500ms",
			en: "must be a Go duration, e.g. 30s, 1m or 500ms",
		},
		"/properties/tickets/properties/resolution/pattern": {
			es: "debe ser una duración de Go, p. ej. 30s, 1m o 500ms",
			en: "must be a Go duration, e.g. 30s, 1m or 500ms",
		},
		"/properties/tickets/properties/timeout/pattern": {
			es: "debe ser una duración de Go, p. ej. 30s, 1m o 500ms",
			en: "must be a Go duration, e.g. 30s, 1m or 500ms",
		},
		"/properties/tickets/properties/changes_lag/pattern": {
			es: "debe ser una duración de Go, p. ej. 30s, 1m o 500ms",
			en: "must be a Go duration, e.g. 30s, 1m or 500ms",
		},
		"/properties/tickets/properties/secret_env/pattern": {
			es: "debe ser el nombre de una variable de entorno (letras, dígitos y _)",
			en: "must be an environment variable name (letters, digits and _)",
		},
	},
	"satisfaction": {
		"/properties/clients/items/properties/id/pattern": {
			es: "use minúsculas, cifras, punto, guion o guion bajo (p. ej. correo-web)",
			en: "use lower-case letters, digits, dot, hyphen or underscore (e.g. web-mail)",
		},
		"/properties/divisions/items/properties/id/pattern": {
			es: "use minúsculas, cifras, punto, guion o guion bajo (p. ej. correo-web)",
			en: "use lower-case letters, digits, dot, hyphen or underscore (e.g. web-mail)",
		},
		"/properties/services/items/properties/id/pattern": {
			es: "use minúsculas, cifras, punto, guion o guion bajo (p. ej. correo-web)",
			en: "use lower-case letters, digits, dot, hyphen or underscore (e.g. web-mail)",
		},
		"/properties/team/items/properties/id/pattern": {
			es: "use minúsculas, cifras, punto, guion o guion bajo (p. ej. correo-web)",
			en: "use lower-case letters, digits, dot, hyphen or underscore (e.g. web-mail)",
		},
		"/properties/topics/items/properties/id/pattern": {
			es: "use minúsculas, cifras, punto, guion o guion bajo (p. ej. correo-web)",
			en: "use lower-case letters, digits, dot, hyphen or underscore (e.g. web-mail)",
		},
	},
	"stakeholder": {
		"/$defs/id/pattern": {
			es: "identificador no válido: use letras, dígitos, «.», «-» o «_» (hasta 64, empezando por letra o dígito)",
			en: "invalid id: use letters, digits, \".\", \"-\" or \"_\" (up to 64, starting with a letter or digit)",
		},
		"/properties/plan_items/items/properties/frequency/pattern": {
			es: "frecuencia no reconocida: use once, daily, weekly, biweekly, monthly, bimonthly, quarterly, semiannual, yearly o «every N days|weeks|months|business_days»",
			en: "unknown frequency: use once, daily, weekly, biweekly, monthly, bimonthly, quarterly, semiannual, yearly or \"every N days|weeks|months|business_days\"",
		},
		"/properties/stakeholders/items/properties/contacts/items/properties/phone/pattern": {
			es: "no parece un teléfono: use dígitos, espacios, paréntesis, guiones y un + inicial",
			en: "does not look like a phone number: use digits, spaces, brackets, dashes and a leading +",
		},
	},
}
