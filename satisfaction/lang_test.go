package satisfaction

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/calendar"
	"github.com/relaciona/relaciona/internal/proctest"
	"github.com/relaciona/relaciona/process"
)

// TestRefusalsInTheDeploymentLanguage checks that the process's refusals a
// clerk reads are Spanish by default and English with WithLang(English),
// word for word, and stay ErrInvalid / ErrNotFound / ErrConflict.
func TestRefusalsInTheDeploymentLanguage(t *testing.T) {
	cases := []struct {
		name   string
		call   func(f *fixture) error
		is     error
		es, en string
	}{
		{
			name: "unknown information source",
			call: func(f *fixture) error {
				_, err := f.p.AddInfo(f.ctx, f.owner, InfoItem{Client: "salud", Source: "rumor", Title: "x", At: ts("2026-03-02T10:00:00Z")})
				return err
			},
			is: relaciona.ErrInvalid,
			es: `source: fuente desconocida "rumor" (own, survey, team, interview, meeting)`,
			en: `source: unknown source "rumor" (own, survey, team, interview, meeting)`,
		},
		{
			name: "blank title",
			call: func(f *fixture) error {
				_, err := f.p.AddInfo(f.ctx, f.owner, InfoItem{Client: "salud", Source: "own", At: ts("2026-03-02T10:00:00Z")})
				return err
			},
			is: relaciona.ErrInvalid,
			es: `title: title es obligatorio`,
			en: `title: title is required`,
		},
		{
			name: "unknown complaint channel",
			call: func(f *fixture) error {
				_, err := f.p.ReportComplaint(f.ctx, f.mgr, NewComplaint{Client: "salud", Channel: "fax", Scope: ScopeOther, Summary: "x"}, ts("2026-03-02T10:00:00Z"))
				return err
			},
			is: relaciona.ErrInvalid,
			es: `channel: canal desconocido "fax" (ticket, phone)`,
			en: `channel: unknown channel "fax" (ticket, phone)`,
		},
		{
			name: "interview against an unapproved design",
			call: func(f *fixture) error {
				_, err := f.p.DesignInterview(f.ctx, f.owner, testDesign(2026), ts("2026-01-10T10:00:00Z"))
				require.NoError(t, err)
				_, err = f.p.RecordInterview(f.ctx, f.mgr, testInterview("salud", "2026-03-02"), ts("2026-03-02T10:00:00Z"))
				return err
			},
			is: relaciona.ErrInvalid,
			es: `design: el diseño de entrevista interview-2026 no está aprobado por Dirección: no se puede registrar nada con él`,
			en: `design: interview design interview-2026 is not approved by Dirección: nothing can be recorded against it`,
		},
		{
			name: "file of an unknown client",
			call: func(f *fixture) error {
				_, err := f.p.ClientFile(f.ctx, f.owner, "nadie")
				return err
			},
			is: relaciona.ErrNotFound,
			es: `cliente "nadie": not found`,
			en: `client "nadie": not found`,
		},
	}
	for _, c := range cases {
		for _, lang := range []relaciona.Lang{relaciona.Spanish, relaciona.English} {
			t.Run(c.name+"/"+string(lang), func(t *testing.T) {
				var f *fixture
				if lang == relaciona.Spanish {
					f = newFixture(t) // Spanish is the default
				} else {
					f = newFixture(t, WithLang(lang))
				}
				err := c.call(f)
				require.ErrorIs(t, err, c.is)
				assert.Equal(t, lang.T(c.es, c.en), err.Error())
			})
		}
	}
}

// TestRegistryOpensInTheDeploymentLanguage checks that the process registry
// passes the deployment's language to the process it opens, so a tool (the
// CLI's --lang) shows the process's refusals in it.
func TestRegistryOpensInTheDeploymentLanguage(t *testing.T) {
	def, ok := process.Lookup(Kind)
	require.True(t, ok)
	cal, err := calendar.New(calendar.Uruguay, calendar.Options{})
	require.NoError(t, err)
	system := relaciona.SystemActor()
	for lang, want := range map[relaciona.Lang]string{
		relaciona.Spanish: "date: la fecha es obligatoria",
		relaciona.English: "date: the date is required",
	} {
		t.Run(string(lang), func(t *testing.T) {
			store := proctest.MemoryStore(t)
			in, err := def.Open("../examples/satisfaction/satisfaction.yaml", process.Env{Store: store, Calendar: cal, Lang: lang})
			require.NoError(t, err)
			_, err = in.Run(context.Background(), system, calendar.Date{})
			require.ErrorIs(t, err, relaciona.ErrInvalid)
			assert.Equal(t, want, err.Error())
		})
	}
}
