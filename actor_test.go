package relaciona

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestActorPermissions(t *testing.T) {
	tests := []struct {
		name    string
		actor   Actor
		role    string
		level   int
		wantErr error
	}{
		{"role held", Actor{ID: "a", Roles: []string{"owner"}}, "owner", 0, nil},
		{"role missing", Actor{ID: "a", Roles: []string{"executor"}}, "owner", 0, ErrForbidden},
		{"level reached", Actor{ID: "a", Level: 6}, "", 6, nil},
		{"level below", Actor{ID: "a", Level: 5}, "", 6, ErrForbidden},
		{"no id", Actor{Level: 7}, "", 4, ErrInvalid},
		{"level out of range", Actor{ID: "a", Level: 8}, "", 4, ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			if tc.role != "" {
				err = tc.actor.RequireRole("act", tc.role)
			} else {
				err = tc.actor.RequireLevel("act", tc.level)
			}
			if tc.wantErr == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
		})
	}
}

func TestForbiddenErrorNamesWhatIsNeeded(t *testing.T) {
	err := Actor{ID: "luis", Roles: []string{"executor"}}.RequireRole("approve the interview design", "direccion")
	var fe *ForbiddenError
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, []string{"direccion"}, fe.NeedRoles)
	assert.Contains(t, err.Error(), "role direccion")
	assert.Contains(t, err.Error(), `"luis"`)
}

func TestValidationErrorFormat(t *testing.T) {
	e := &ValidationError{File: "a.yaml", Line: 3, Column: 5, Field: "stakeholders[0].power", Msg: "debe estar entre 1 y 5"}
	assert.Equal(t, "a.yaml:3:5: stakeholders[0].power: debe estar entre 1 y 5", e.Error())
	assert.ErrorIs(t, e, ErrInvalid)
	assert.Equal(t, "x: y", Invalid("x", "y").Error())
}

func TestActorStringHasNoName(t *testing.T) {
	assert.Equal(t, "actor:u1", Actor{ID: "u1", Name: "María Pérez"}.String())
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"": Spanish, "es": Spanish, "en": English} {
		got, err := ParseLang(in)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	}
	_, err := ParseLang("fr")
	assert.ErrorIs(t, err, ErrInvalid)
	assert.Equal(t, "hola", Spanish.T("hola", "hello"))
	assert.Equal(t, "hello 2", English.Tf("hola %d", "hello %d", 2))
}

func TestRedactURL(t *testing.T) {
	assert.Equal(t, "postgres://…@db:5432/x?…", redactURL("postgres://u:secret@db:5432/x?sslmode=disable"))
	assert.Equal(t, "sqlite:///var/a.db", redactURL("sqlite:///var/a.db"))
	assert.Equal(t, "plugin:///opt/p?…", redactURL("plugin:///opt/p?sha256=ab&token=zz"))
}
