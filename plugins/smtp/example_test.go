package smtp_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/relaciona/relaciona/plugins/driver"
	_ "github.com/relaciona/relaciona/plugins/smtp" // registers smtp:// and smtps://
)

// A dispatcher opens the channel by URL, with the password from the
// environment, and tells a permanent failure from one to retry.
func Example() {
	ctx := context.Background()
	open, _ := driver.LookupNotifier("smtp")
	n, err := open(ctx, "smtp://relaciona@mail.agency.example:587?from=pqrsd@agency.example&starttls=required",
		driver.NotifierEnv{Secret: func() (string, error) {
			if pw := os.Getenv("SMTP_PASSWORD"); pw != "" {
				return pw, nil
			}
			return "", errors.New("SMTP_PASSWORD is not set")
		}})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer n.Close()
	err = n.Send(ctx, driver.Message{
		ID: "notif-2026-000123", Kind: "citizen.pqrsd.extension", Lang: "es",
		To:      driver.Address{Name: "José Núñez", Email: "jose.nunez@example.org"},
		Subject: "Ampliación del término de su petición",
		Body:    "Señor Núñez: …",
	})
	switch {
	case err == nil:
		// delivered: record it as sent
	case errors.Is(err, driver.ErrInvalid):
		// permanent (bad address, 550): record it as failed, do not retry
	default:
		// retry later with backoff (server down, 4xx, refused login)
	}
}
