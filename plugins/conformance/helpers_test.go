package conformance_test

import (
	"testing"

	"github.com/relaciona/relaciona/plugins/conformance"
)

// storeCheck is the store check called name.
func storeCheck(t *testing.T, name string) conformance.StoreCheck {
	t.Helper()
	for _, c := range conformance.StoreChecks() {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no %s check", name)
	return conformance.StoreCheck{}
}
