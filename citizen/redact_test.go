package citizen

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// personalNames are field names that hold personal data wherever they
// appear in the package's types.
var personalNames = map[string]bool{"Name": true, "DocumentID": true, "Email": true, "Phone": true, "Address": true, "Account": true,
	"Subject": true, "Description": true, "Values": true, "Summary": true, "Text": true, "AddressID": true}

// TestPersonalDataFieldsAreTagged walks the stored types: every field that
// holds personal data carries personal:"true" or personal:"key".
func TestPersonalDataFieldsAreTagged(t *testing.T) {
	exempt := map[string]bool{"Citizen.Subject": true} // person or organisation
	for _, v := range []any{PQRSD{}, Requester{}, Location{}, Answer{}, Citizen{}, Notice{}, Member{}, Person{}, NewPQRSD{}} {
		typ := reflect.TypeOf(v)
		for i := range typ.NumField() {
			f := typ.Field(i)
			key := typ.Name() + "." + f.Name
			if personalNames[f.Name] && !exempt[key] {
				assert.Contains(t, []string{"true", "key"}, f.Tag.Get("personal"), "%s holds personal data", key)
			}
		}
	}
}

func TestRedactClearsPersonalDataAndLeavesTheOriginal(t *testing.T) {
	lat := 4.6
	p := PQRSD{ID: "PQRSD-2026-000001", Type: Queja, Subject: "Mi vecino", Description: "Carmen Ruiz vive en la Calle 5",
		Requester: Requester{Name: "Carmen Ruiz", Email: "carmen@example.co", Phone: "300", DocumentID: "52.123.456"},
		Location:  Location{Lat: &lat, Long: &lat, Address: "Calle 5 # 3-20"}, Answer: &Answer{Summary: "Respuesta a Carmen", BusinessDays: 3}}
	r := Redact(p)
	raw, err := json.Marshal(r)
	require.NoError(t, err)
	for _, s := range []string{"Carmen", "carmen@", "52.123.456", "Calle 5", "Mi vecino"} {
		assert.NotContains(t, string(raw), s)
	}
	assert.Equal(t, "PQRSD-2026-000001", r.ID)
	assert.Equal(t, 3, r.Answer.BusinessDays, "the rest stays")
	assert.Equal(t, "Carmen Ruiz", p.Requester.Name, "the original is untouched")
	assert.Equal(t, "Respuesta a Carmen", p.Answer.Summary)
	c := Redact(Citizen{ID: "c1", Name: "Ana", Values: map[string]string{"edad": "70"}, Segment: "mayores-rurales"})
	assert.Empty(t, c.Name)
	assert.Nil(t, c.Values)
	assert.Equal(t, "mayores-rurales", c.Segment)
}

// TestPersonalDataIsNeverLogged runs the PQRSD life with a debug logger
// and a failing ticket system and looks for the personal data in the log.
func TestPersonalDataIsNeverLogged(t *testing.T) {
	var buf bytes.Buffer
	log := hclog.New(&hclog.LoggerOptions{Output: &buf, Level: hclog.Trace})
	now := at("2026-03-13")
	f, rec, tk := withDesk(t, &now)
	s, err := New(f.store, f.cfg, f.cal, WithLocation(bogota), WithTickets(tk), WithLogger(log))
	require.NoError(t, err)
	f.s = s
	p := f.file(t, at("2026-03-13"), func(n *NewPQRSD) {
		n.Requester = Requester{Name: "Carmen Ruiz", Email: "carmen@example.co"}
		n.Description = "Vivo en la Calle 5"
	})
	_, q := fileTicket(t, f, tk, relacionaTicket("Queja de Carmen Ruiz"), at("2026-03-16"))
	rec.down = true
	_, err = f.s.Extend(f.ctx, clerk, q.ID, ExtendInput{NewDue: d("2026-04-20"), Reason: "Consulta con Carmen Ruiz"}, at("2026-03-20"))
	require.NoError(t, err)
	_, err = f.s.Answer(f.ctx, clerk, p.ID, "Carmen Ruiz: respuesta", at("2026-03-20"))
	require.NoError(t, err)
	_, err = f.s.Run(f.ctx, job, d("2026-03-21"))
	require.NoError(t, err)
	out := buf.String()
	require.NotEmpty(t, out, "the logger was used")
	for _, s := range []string{"Carmen", "carmen@", "Calle 5"} {
		assert.False(t, strings.Contains(out, s), "%q in the log:\n%s", s, out)
	}
}
