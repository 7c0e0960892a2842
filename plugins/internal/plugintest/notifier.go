package plugintest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona/plugins/driver"
)

// OpenCase is a case of a channel's URL checks: the URL, the environment
// it is opened with, and a part of the error opening it must give (""
// when it must open).
type OpenCase struct {
	Name, URL string
	Env       driver.NotifierEnv
	WantErr   string
}

// CheckNotifierOpen runs each case as a subtest of t, opening its URL with
// open: a case without WantErr must open, and close, without error; any
// other must fail with driver.ErrInvalid, saying WantErr and never secret.
func CheckNotifierOpen[N driver.Notifier](t *testing.T, open func(context.Context, string, driver.NotifierEnv) (N, error), secret string, cases []OpenCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.Name, func(t *testing.T) {
			n, err := open(context.Background(), tt.URL, tt.Env)
			if tt.WantErr == "" {
				require.NoError(t, err)
				require.NoError(t, n.Close())
				return
			}
			require.ErrorIs(t, err, driver.ErrInvalid)
			assert.Contains(t, err.Error(), tt.WantErr)
			assert.NotContains(t, err.Error(), secret)
		})
	}
}
