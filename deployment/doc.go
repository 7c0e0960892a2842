// Package deployment reads an agency's deployment file (kind: deployment):
// who the agency is, its country and time zone, where its data and tickets
// live, its own closure days, and which process files it runs.
//
//	# yaml-language-server: $schema=https://raw.githubusercontent.com/relaciona/relaciona/main/schemas/deployment.json
//	kind: deployment
//	version: 1
//	name: Alcaldía de Ejemplo
//	country: CO                      # CO, CL or UY
//	timezone: America/Bogota         # default: the country's
//	lang: es                         # es (default) or en
//	store: sqlite://relaciona.db     # default; relative to this file's folder
//	tickets:
//	  url: plugin:///opt/relaciona/bin/redmine?endpoint=https://soporte.ejemplo.gov.co
//	  secret_env: REDMINE_TOKEN      # or secret_file: path; never the token itself
//	  status_map: {Nuevo: new, En curso: open, Resuelto: resolved, Cerrado: closed}
//	calendar:
//	  closures:
//	    - {date: 2026-12-24, name: Nochebuena}
//	  working_holidays_stop: false   # Uruguay only
//	log: {level: warn}
//	audit:
//	  head_file: relaciona-head.json # default; the verified audit head, outside the store
//	  key_env: RELACIONA_AUDIT_KEY   # or key_file: path; the chain's HMAC key, never in the file
//	  verify: incremental            # default; or full
//	processes:                       # paths relative to this file's folder
//	  citizen: citizen.yaml
//	serve:                           # relaciona serve; every key optional
//	  address: 127.0.0.1:8311        # default
//	  tls: {cert_file: tls/cert.pem, key_file: tls/key.pem}
//	  api_keys: {env: RELACIONA_OPEN311_KEYS}  # or file: path; never the keys
//	  open311: {mount: /open311/v2, require_key_for_get: false, service_type: realtime}
//	  reports: {enabled: true, dir: reports}
//	  limits: {max_body_bytes: 65536, requests_per_minute: 120, burst: 30, read_header_timeout: 5s}
//	notifications:                   # how the outbox is delivered; every key optional
//	  channels:
//	    email: {url: "smtp://correo.example.gov:587?from=pqrsd@example.gov", user: relaciona, password_env: SMTP_PASSWORD}
//	    webhook: {url: https://example.gov/hooks/relaciona, secret_env: WEBHOOK_KEY}
//	    ticket: true                 # default: reply on the ticket an item came from
//	  limits: [{max: 2, period: 30d}] # people outside the agency, across the processes
//	  retry: {max_attempts: 5, backoff: 5m}
//	  lease: 10m
//
// Load validates the file against schemas' deployment.json (every problem
// names file:line:col), applies the defaults, and checks what a schema cannot:
// that the time zone exists (the IANA database is embedded, so the answer
// does not depend on the host). ValidateProcesses then checks each process
// file it names; "relaciona validate deployment.yaml" does both.
//
// The access token of the ticket system is never in the file: secret_env
// names an environment variable and secret_file a file that holds it, and
// TicketsConfig.Secret reads it when needed. The schema also refuses URLs
// that carry a password. Likewise the audit chain's HMAC key: key_env or
// key_file names where it is, and Deployment.AuditKey reads it (at least
// MinAuditKeyBytes; a key file must be a regular file). The Open311 API
// keys too: serve.api_keys names a variable or a file, and
// ServeConfig.APIKeys reads them. The notification channels' secrets too
// (password_env or password_file, secret_env or secret_file), read by
// NotifyConfig.OpenChannels when it opens them.
package deployment
