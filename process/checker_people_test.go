package process_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
)

func TestCheckerManager(t *testing.T) {
	// ana ← luis ← eva ← ana loops; paz stands under ana's loop too;
	// sol answers to nobody.
	managers := map[string]string{"ana": "eva", "luis": "ana", "eva": "luis", "paz": "ana", "sol": "", "rut": "sol"}
	known := map[string]bool{}
	for id := range managers {
		known[id] = true
	}
	up := func(id string) string { return managers[id] }
	unknown := [2]string{"%q no está en el equipo", "%q is not on the team"}
	tests := []struct {
		name, id, manager string
		es, en            string
	}{
		{"no manager", "sol", "", "", ""},
		{"a chain that ends", "rut", "sol", "", ""},
		{"themselves", "sol", "sol", "team[3].manager: nadie está por encima de sí mismo", "team[3].manager: no one stands above themselves"},
		{"unknown", "sol", "leo", `team[3].manager: "leo" no está en el equipo`, `team[3].manager: "leo" is not on the team`},
		{"a loop through them", "luis", "ana", `team[3].manager: la cadena de personas por encima de "luis" da una vuelta en "luis"`,
			`team[3].manager: the chain of people above "luis" loops at "luis"`},
		{"a loop above them", "paz", "ana", `team[3].manager: la cadena de personas por encima de "paz" da una vuelta en "ana"`,
			`team[3].manager: the chain of people above "paz" loops at "ana"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for lang, want := range map[relaciona.Lang]string{relaciona.Spanish: tc.es, relaciona.English: tc.en} {
				k := &process.Checker{Lang: lang}
				k.Manager("team", 3, tc.id, tc.manager, known, unknown, up)
				if want == "" {
					assert.Empty(t, k.Probs)
					continue
				}
				if assert.Len(t, k.Probs, 1) {
					assert.Equal(t, want, k.Probs[0].Error())
				}
			}
		})
	}
}

func TestCheckerRoles(t *testing.T) {
	known := []string{"direction", "process_owner"}
	tests := []struct {
		name   string
		held   []string
		es, en []string
	}{
		{"none", nil, nil, nil},
		{"known", []string{"process_owner", "direction"}, nil, nil},
		{"one unknown", []string{"direction", "jefe"},
			[]string{`people[2].roles[1]: rol desconocido "jefe" (use direction, process_owner)`},
			[]string{`people[2].roles[1]: unknown role "jefe" (use direction, process_owner)`}},
		{"each unknown", []string{"a", "b"},
			[]string{`people[2].roles[0]: rol desconocido "a" (use direction, process_owner)`, `people[2].roles[1]: rol desconocido "b" (use direction, process_owner)`},
			[]string{`people[2].roles[0]: unknown role "a" (use direction, process_owner)`, `people[2].roles[1]: unknown role "b" (use direction, process_owner)`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for lang, want := range map[relaciona.Lang][]string{relaciona.Spanish: tc.es, relaciona.English: tc.en} {
				k := &process.Checker{Lang: lang}
				k.Roles("people", 2, tc.held, known)
				var got []string
				for _, p := range k.Probs {
					got = append(got, p.Error())
				}
				assert.Equal(t, want, got)
			}
		})
	}
}
