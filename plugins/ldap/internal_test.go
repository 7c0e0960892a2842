package ldap

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseLevel(t *testing.T) {
	for v, want := range map[string]int{"sfia-5": 5, "5": 5, "SFIA 7": 7, "sfia5 ": 5, "level 9": 0, "sfia-0": 0, "": 0, "senior": 0, "2-sfia": 2, "sfia-12": 0} {
		assert.Equal(t, want, parseLevel(v), "%q", v)
	}
}

func TestPrimaryLang(t *testing.T) {
	for v, want := range map[string]string{"es": "es", "EN": "en", "en-US": "en", "es_CO": "es", "es-CO, en;q=0.8": "es", " en ;q=1": "en", "": ""} {
		assert.Equal(t, want, primaryLang(v), "%q", v)
	}
}

func TestNormDN(t *testing.T) {
	assert.Equal(t, normDN("cn=SFIA-3,ou=groups,dc=relaciona,dc=test"), normDN("CN=sfia-3, OU=Groups,DC=relaciona,DC=test"))
	assert.NotEqual(t, normDN("cn=a,dc=x"), normDN("cn=b,dc=x"))
}
