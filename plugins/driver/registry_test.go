package driver

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSchemeRegistry(t *testing.T) {
	var r schemeRegistry[string]
	_, ok := r.lookup("sqlite")
	assert.False(t, ok, "an empty registry knows no scheme")
	assert.Empty(t, r.schemes())

	r.register("sqlite", "first")
	r.register("postgres", "pg")
	r.register("sqlite", "second")
	o, ok := r.lookup("sqlite")
	require.True(t, ok)
	assert.Equal(t, "second", o, "registering a scheme twice replaces the earlier opener")
	assert.Equal(t, []string{"postgres", "sqlite"}, r.schemes())
}

func TestSchemeRegistryConcurrent(t *testing.T) {
	var r schemeRegistry[int]
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				r.register(fmt.Sprintf("s%d-%d", g, i), i)
				r.lookup("s0-0")
				r.schemes()
			}
		}()
	}
	wg.Wait()
	assert.Len(t, r.schemes(), 100)
}
