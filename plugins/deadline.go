package plugins

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"google.golang.org/grpc"
)

// DefaultCallTimeout bounds each call to a plugin (for a streamed read:
// each wait for its next chunk) when the URL gives no call_timeout.
const DefaultCallTimeout = 2 * time.Minute

// WithCallTimeout sets how long one call may wait for the plugin (for a
// streamed read, how long it may wait for each chunk); it overrides the
// URL's call_timeout.
func WithCallTimeout(d time.Duration) Option {
	return func(c *hostConfig) {
		if d > 0 {
			c.callTimeout = d
		}
	}
}

// errCallTimeout is the cause a call is cancelled with when the plugin
// does not answer within the call timeout.
var errCallTimeout = errors.New("plugins: call timeout")

// watchdog cancels a call whose plugin stays silent for longer than its
// timeout. A unary call is watched from start to end. A streamed read
// rearms it before each Recv and disarms it after (recvWatched), so the
// time the caller's callback takes does not count: only waiting for the
// plugin does. A call that may rightly wait long once the plugin has
// answered (Lock, bounded by its caller's context) stops it.
type watchdog struct {
	mu      sync.Mutex
	timeout time.Duration
	cancel  context.CancelCauseFunc
	timer   *time.Timer
	off     bool
}

type watchdogKey struct{}

// watch returns ctx with a watchdog armed for timeout, and the function
// that ends it (call it when the call returns).
func watch(ctx context.Context, timeout time.Duration) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	w := &watchdog{timeout: timeout, cancel: cancel}
	w.timer = time.AfterFunc(timeout, func() { cancel(errCallTimeout) })
	ctx = context.WithValue(ctx, watchdogKey{}, w)
	return ctx, func() {
		w.stop()
		cancel(nil)
	}
}

func watchdogOf(ctx context.Context) *watchdog {
	w, _ := ctx.Value(watchdogKey{}).(*watchdog)
	return w
}

// arm restarts the countdown.
func (w *watchdog) arm() {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.off {
		w.timer.Reset(w.timeout)
	}
}

// disarm pauses the countdown until the next arm.
func (w *watchdog) disarm() {
	if w != nil {
		w.timer.Stop()
	}
}

// stop ends the countdown for good.
func (w *watchdog) stop() {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.off = true
	w.timer.Stop()
}

// timedOut reports whether ctx's call was cancelled by its watchdog.
func timedOut(ctx context.Context) bool {
	return errors.Is(context.Cause(ctx), errCallTimeout)
}

// recvWatched waits for a stream's next message with the call's watchdog
// armed, and pauses it once the message is in.
func recvWatched[T any](ctx context.Context, recv func() (T, error)) (T, error) {
	w := watchdogOf(ctx)
	w.arm()
	m, err := recv()
	w.disarm()
	return m, err
}

// recvEach calls open for a server stream, under a context that ends when
// recvEach returns, and hands each of its chunks to each (every receive
// watched by the call deadline), until the stream ends (nil) or fails or
// each fails (that error).
func recvEach[T any](ctx context.Context, open func(context.Context) (grpc.ServerStreamingClient[T], error), each func(*T) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := open(ctx)
	if err != nil {
		return err
	}
	for {
		chunk, err := recvWatched(ctx, stream.Recv)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := each(chunk); err != nil {
			return err
		}
	}
}
