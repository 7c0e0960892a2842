// Package maildir is relaciona's file notification channel: a
// driver.Notifier, registered for the URL scheme "file", that writes each
// e-mail notification as an RFC 5322 message (a .eml file any mail reader
// opens) into a folder instead of sending it. It needs no server, so an
// agency trying a deployment out (and `relaciona demo`) sees what the
// e-mail channel would deliver:
//
//	notifications:
//	  channels:
//	    email:
//	      url: file://correo               # a folder beside deployment.yaml
//	      # url: file:///var/lib/relaciona/correo?from=pqrsd@agency.example
//
// # Files
//
// Each message is one file named by a hash of the notification's ID (its
// idempotency key), FileName(id): the first 16 bytes of SHA-256(id) in hex
// plus ".eml". A message is written to a temporary file in the folder,
// synced, and then linked to its name, which never replaces a file: a
// second Send of the same ID (a retry, a second run, two concurrent runs)
// finds the name taken and writes nothing, so a notification is in the
// folder once. The Message-ID header is built from the same hash.
//
// # Errors
//
// A message without an ID or a valid recipient address, or with text that
// is not UTF-8, is refused with driver.ErrInvalid (a retry cannot help); a
// folder that cannot be written (read-only, full, removed) gives
// driver.ErrUnavailable, so the dispatcher retries it later. No error names
// the recipient, the subject or the body.
package maildir
