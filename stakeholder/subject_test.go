package stakeholder

import (
	"testing"

	"github.com/relaciona/relaciona/internal/proctest"
)

// TestPersonalDataMarked: every contact-looking field of a stored type is
// tagged personal, and every stored type with personal fields is reached
// by a PersonalKind, so that an erasure clears it (DOMAIN.md "Personal
// data").
func TestPersonalDataMarked(t *testing.T) {
	var p Process
	proctest.PersonalDataMarked(t, "github.com/relaciona/relaciona/stakeholder", p.PersonalKinds())
}
