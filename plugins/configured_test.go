package plugins

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
	pb "github.com/relaciona/relaciona/plugins/proto"
)

// TestServedBeforeConfigure: a served store, directory or ticket system
// is refused (ErrInvalid, naming it) until the host has configured it; an
// opener that fails or opens nothing fails Configure (its error, or
// ErrUnavailable naming what it did not open).
func TestServedBeforeConfigure(t *testing.T) {
	_, err := newStoreServer(nil, nil).store()
	require.ErrorIs(t, err, driver.ErrInvalid)
	assert.Contains(t, err.Error(), "plugin store not configured")
	_, err = newDirectoryServer(nil, nil).directory()
	require.ErrorIs(t, err, driver.ErrInvalid)
	assert.Contains(t, err.Error(), "plugin directory not configured")
	_, err = newTicketsServer(nil, nil).tickets()
	require.ErrorIs(t, err, driver.ErrInvalid)
	assert.Contains(t, err.Error(), "plugin ticket system not configured")

	boom := errors.New("boom")
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{name: "opener fails", err: boom, want: "boom"},
		{name: "opener opens nothing", want: "plugin opener returned no store"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newStoreServer(func(context.Context, StoreConfig) (driver.Store, error) { return nil, c.err }, nil)
			_, err := s.Configure(context.Background(), &pb.ConfigureRequest{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
			d := newDirectoryServer(func(context.Context, DirectoryConfig) (driver.Directory, error) { return nil, c.err }, nil)
			_, err = d.Configure(context.Background(), &pb.ConfigureRequest{})
			require.Error(t, err)
			if c.err == nil {
				assert.Contains(t, err.Error(), "plugin opener returned no directory")
			}
		})
	}
}
