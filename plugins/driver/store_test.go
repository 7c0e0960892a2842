package driver_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/relaciona/relaciona/plugins/driver"
)

// namedStore is a driver.Store that only knows its name.
type namedStore struct {
	driver.Store
	name string
}

func TestURLOpener(t *testing.T) {
	errParse, errOpen := errors.New("bad url"), errors.New("cannot open")
	parse := func(raw string) (string, error) {
		name, ok := strings.CutPrefix(raw, "fake://")
		if !ok {
			return "", errParse
		}
		return name, nil
	}
	opened := []string{}
	open := func(_ context.Context, name string) (*namedStore, error) {
		opened = append(opened, name)
		if name == "broken" {
			return nil, errOpen
		}
		return &namedStore{name: name}, nil
	}
	opener := driver.URLOpener(parse, open)
	for _, c := range []struct {
		url    string
		store  string // the opened store's name ("": none)
		err    error
		opened []string
	}{
		{url: "fake://a", store: "a", opened: []string{"a"}},
		{url: "other://a", err: errParse, opened: []string{}},
		{url: "fake://broken", err: errOpen, opened: []string{"broken"}},
	} {
		opened = []string{}
		s, err := opener(context.Background(), c.url)
		assert.ErrorIs(t, err, c.err, c.url)
		assert.Equal(t, c.opened, opened, "%s: what was opened", c.url)
		if c.store == "" {
			assert.Nil(t, s, "%s: a failure gives a nil Store", c.url)
			continue
		}
		if assert.IsType(t, &namedStore{}, s, c.url) {
			assert.Equal(t, c.store, s.(*namedStore).name, c.url)
		}
	}
}
