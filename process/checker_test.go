package process_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
	"github.com/relaciona/relaciona/schemas"
)

func TestCheckerUniqueIDs(t *testing.T) {
	data := []byte("kind: x\nteam:\n  - id: ana\n  - id: \"\"\n  - id: ana\n  - id: luis\n")
	tests := []struct {
		name string
		lang relaciona.Lang
		want []string
	}{
		{"spanish", relaciona.Spanish, []string{
			`team.yaml:4:9: team[1].id: falta el identificador`,
			`team.yaml:5:9: team[2].id: el identificador "ana" está repetido`}},
		{"english", relaciona.English, []string{
			`team.yaml:4:9: team[1].id: the id is missing`,
			`team.yaml:5:9: team[2].id: id "ana" is repeated`}},
	}
	ids := []string{"ana", "", "ana", "luis"}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			k := &process.Checker{Loc: schemas.NewLocator("team.yaml", data), Lang: tc.lang}
			seen := k.UniqueIDs("team", len(ids), func(i int) string { return ids[i] })
			assert.Equal(t, map[string]bool{"ana": true, "": true, "luis": true}, seen)
			require.Len(t, k.Probs, len(tc.want))
			for i, p := range k.Probs {
				assert.Equal(t, tc.want[i], p.Error())
			}
		})
	}
}
