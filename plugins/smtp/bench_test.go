package smtp

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/relaciona/relaciona/plugins/driver"
	"github.com/relaciona/relaciona/plugins/internal/mailmsg"
)

// benchURL returns SMTP_URL with maxidle set, or skips.
func benchURL(b *testing.B, maxIdle int) (string, driver.NotifierEnv) {
	u := os.Getenv("SMTP_URL")
	if u == "" {
		b.Skip("SMTP_URL not set: start mailpit with eval \"$(bash plugins/smtp/testdata/start-mailpit.sh)\"")
	}
	pu, err := url.Parse(u)
	if err != nil {
		b.Fatal(err)
	}
	q := pu.Query()
	q.Set("maxidle", fmt.Sprint(maxIdle))
	pu.RawQuery = q.Encode()
	pw := os.Getenv("SMTP_PASSWORD")
	return pu.String(), driver.NotifierEnv{Secret: func() (string, error) { return pw, nil }}
}

func benchMessage(i int64) driver.Message {
	m := msg(fmt.Sprintf("bench-%d-%d", time.Now().UnixNano(), i))
	m.To.Email = "bench@agency.example"
	return m
}

// BenchmarkSMTPSend sends b.N messages to the real mailpit (SMTP_URL:
// STARTTLS and AUTH) from N concurrent senders sharing one Notifier, with
// sessions reused (maxidle = N) and, for comparison, a new session per
// message (reuse=false). It reports msgs/s. The figure for the issue:
//
//	go test -run '^$' -bench SMTPSend -benchtime 10000x -count 5 ./plugins/smtp/
func BenchmarkSMTPSend(b *testing.B) {
	for _, reuse := range []bool{true, false} {
		for _, senders := range []int{1, 4, 8} {
			b.Run(fmt.Sprintf("reuse=%v/senders=%d", reuse, senders), func(b *testing.B) {
				idle := senders
				if !reuse {
					idle = 0
				}
				u, env := benchURL(b, idle)
				n, err := Open(context.Background(), u, env)
				if err != nil {
					b.Fatal(err)
				}
				defer n.Close()
				var next atomic.Int64
				var wg sync.WaitGroup
				errs := make(chan error, senders)
				b.ResetTimer()
				start := time.Now()
				for range senders {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for {
							i := next.Add(1)
							if i > int64(b.N) {
								return
							}
							if err := n.Send(context.Background(), benchMessage(i)); err != nil {
								errs <- err
								return
							}
						}
					}()
				}
				wg.Wait()
				elapsed := time.Since(start)
				b.StopTimer()
				close(errs)
				for err := range errs {
					b.Fatal(err)
				}
				b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
			})
		}
	}
}

// BenchmarkSMTPPhases splits one message's cost on a new session into the
// session's setup (TCP connect, greeting, EHLO, STARTTLS with its TLS
// handshake, EHLO again, AUTH PLAIN) and the mail transaction (MAIL FROM,
// RCPT TO, DATA with the message, the server's 250), and the message's
// rendering, reporting each in µs/msg.
func BenchmarkSMTPPhases(b *testing.B) {
	u, env := benchURL(b, 0)
	n, err := Open(context.Background(), u, env)
	if err != nil {
		b.Fatal(err)
	}
	defer n.Close()
	var build, setup, tx, quit time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m := benchMessage(int64(i))
		t0 := time.Now()
		to, err := mailmsg.Check("smtp", m)
		if err != nil {
			b.Fatal(err)
		}
		raw, err := buildMessage(n.cfg.from, to, n.MessageID(m.ID), time.Now(), m)
		if err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		c, err := n.dial(context.Background(), time.Now().Add(time.Minute))
		if err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if err := n.transact(c, to.Address, raw); err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		_ = c.sc.Quit()
		c.close()
		t4 := time.Now()
		build += t1.Sub(t0)
		setup += t2.Sub(t1)
		tx += t3.Sub(t2)
		quit += t4.Sub(t3)
	}
	per := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(b.N) }
	b.ReportMetric(per(build), "µs-build/msg")
	b.ReportMetric(per(setup), "µs-setup/msg")
	b.ReportMetric(per(tx), "µs-transaction/msg")
	b.ReportMetric(per(quit), "µs-quit/msg")
}
