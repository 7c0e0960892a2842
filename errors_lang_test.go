package relaciona_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/relaciona/relaciona"
)

func TestErrorTextSaysTheErrorInTheLanguage(t *testing.T) {
	forbidden := fmt.Errorf("stakeholder: import: %w", &relaciona.ForbiddenError{ActorID: "ana", Action: "approve", NeedLevel: 6})
	role := &relaciona.ForbiddenError{ActorID: "bob", Action: "alliance.run", NeedRoles: []string{"encargado_omil", "system"}}
	cases := []struct {
		name string
		err  error
		lang relaciona.Lang
		want string
	}{
		{"level es", forbidden, relaciona.Spanish, `stakeholder: import: prohibido: "ana" no puede approve: necesita el nivel SFIA 6 o superior`},
		{"level en", forbidden, relaciona.English, `stakeholder: import: forbidden: actor "ana" may not approve: needs SFIA level 6 or higher`},
		{"roles es", role, relaciona.Spanish, `prohibido: "bob" no puede alliance.run: necesita el rol encargado_omil o system`},
		{"sentinel first", fmt.Errorf("%w: the period needs a start", relaciona.ErrInvalid), relaciona.Spanish, "no válido: the period needs a start"},
		{"sentinel last", fmt.Errorf("stakeholder %q: %w", "s-1", relaciona.ErrNotFound), relaciona.Spanish, `stakeholder "s-1": no encontrado`},
		{"sentinel inside", fmt.Errorf("open: %w", fmt.Errorf("%w: x", relaciona.ErrConflict)), relaciona.Spanish, "open: conflicto: el registro cambió desde que se leyó: x"},
		{"english unchanged", fmt.Errorf("open: %w", relaciona.ErrNotFound), relaciona.English, "open: not found"},
		{"other error kept", errors.New("disk full"), relaciona.Spanish, "disk full"},
		{"nil", nil, relaciona.Spanish, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, relaciona.ErrorText(c.err, c.lang))
		})
	}
	assert.ErrorIs(t, forbidden, relaciona.ErrForbidden, "the error itself is unchanged")
}
