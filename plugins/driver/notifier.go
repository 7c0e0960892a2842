package driver

import (
	"context"
)

// Message is one notification rendered for delivery on a channel.
//
// ID is the notification's idempotency key: the same ID is given on every
// attempt to deliver the same notification, so a channel passes it on (as
// the e-mail Message-ID, the webhook's Idempotency-Key header) and a
// receiver can drop a repeat. To, Subject and Body are personal data: a
// channel never logs them.
type Message struct {
	ID      string
	Kind    string // the notification kind ("citizen.pqrsd.overdue")
	To      Address
	Lang    string
	Subject string
	Body    string
	// Ticket is the ticket to reply on, for the ticket channel.
	Ticket string
	// Data holds the notification's fields for channels that send data
	// rather than text (a webhook); may be nil.
	Data map[string]string
}

// Address is a recipient: a name and an e-mail address (either may be ""
// on channels that do not use them).
type Address struct {
	Name  string
	Email string
}

// Notifier is the driver interface of a notification channel (e-mail over
// SMTP, a webhook, a ticket reply). Send delivers one message. Its error
// says whether a retry can help: one wrapping ErrInvalid (a bad address, a
// 4xx refusal of this message) is permanent; any other (ErrUnavailable: the
// server down, a 5xx, a timeout) is retried with backoff. A Notifier is
// safe for concurrent use.
type Notifier interface {
	Send(ctx context.Context, m Message) error
	Close() error
}

// NotifierEnv is what a channel opener may use besides its URL: the secret
// the deployment names (SMTP password, webhook signing key), read from the
// environment or a file, never from YAML.
type NotifierEnv struct {
	Secret func() (string, error)
}

// NotifierOpener opens a channel from a URL such as
// smtp://127.0.0.1:1025?from=pqrsd@agency.example or
// https://agency.example/hooks/relaciona.
type NotifierOpener func(ctx context.Context, rawURL string, env NotifierEnv) (Notifier, error)
