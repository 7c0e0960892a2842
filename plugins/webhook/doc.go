// Package webhook is relaciona's webhook notification channel: a
// driver.Notifier that POSTs each notification as signed JSON to the
// agency's own systems, registered for the URL schemes http and https.
//
// A deployment opens it by URL through driver.LookupNotifier; the signing
// secret (at least MinSecretLen bytes) comes from the secret the
// deployment names (an environment variable or a file), never from YAML or
// the URL, and a URL with a user or password in it is refused:
//
//	https://sistemas.agency.example/hooks/relaciona
//
// # The request
//
// Each notification is one POST with Content-Type: application/json and
// the body a Payload:
//
//	{"id":"…","kind":"citizen.pqrsd.overdue","lang":"es","subject":"…",
//	 "body":"…","ticket":"…","data":{"due":"2026-12-20"},"sent_at":"2026-12-06T20:00:00Z"}
//
// and three headers:
//
//	Idempotency-Key: <the notification's ID, the same on every retry>
//	X-Relaciona-Timestamp: <Unix seconds when this attempt was signed>
//	X-Relaciona-Signature: sha256=<hex(HMAC-SHA256(secret, timestamp + "." + body))>
//
// # Verifying a request (the receiver's side)
//
// As with Stripe's and GitHub's webhooks: take the raw body as received
// (before decoding the JSON), the two headers, and call Verify with the
// shared secret and a tolerance (DefaultTolerance, five minutes, when 0).
// Verify recomputes the HMAC over timestamp + "." + body, compares it in
// constant time with each sha256= entry of the signature header (several,
// separated by commas, may be sent while a secret is rotated), and refuses
// a timestamp too far from the receiver's clock, so a captured request
// cannot be replayed later. Then drop a request whose Idempotency-Key was
// already handled, answering 2xx: a retry after a lost answer is normal.
// Receivers in other languages do the same with their HMAC library.
//
// # Answers
//
// A 2xx answer is delivery. A 4xx other than 408 and 429 is permanent
// (driver.ErrInvalid: the receiver refused this request, sending it again
// cannot help). 408, 429 (its Retry-After is given in the error and in
// StatusError.RetryAfter), 5xx, a 3xx (redirects are never followed: the
// signed body goes only to the configured URL), timeouts and refused
// connections are driver.ErrUnavailable, retried by the dispatcher. At
// most 64 KiB of an answer's body is read, and none of it is quoted. No
// error names the URL's path or query (they may hold a token), the
// message's text or the secret. The package logs nothing.
package webhook
