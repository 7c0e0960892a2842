package demo

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/deployment"
	"github.com/relaciona/relaciona/stakeholder"
)

// claimProbe is the stakeholder demo whose January first tries actions on
// claims the directory does not back, in the demo's own store.
type claimProbe struct {
	*stakeholderDemo
	errs    []error
	moved   []bool // whether the audit log grew across each refused try
	allowed error  // what the directory-only person's action returned
}

// Setup lists one more person, whom only the shared directory knows (not
// stakeholder.yaml), so an action of theirs shows the process asks it.
func (c *claimProbe) Setup(ctx context.Context, env *Env) error {
	if err := env.AddPeople(relaciona.Person{ID: "auditora", Name: "Auditora Externa", Email: staffEmail("auditora"), Level: 4, Manager: "gerente-general"}); err != nil {
		return err
	}
	return c.stakeholderDemo.Setup(ctx, env)
}

func (c *claimProbe) Month(ctx context.Context, env *Env, m time.Month) error {
	if m == time.January {
		at := env.At(env.Day(time.January, 20), 10)
		try := func(f func() error) {
			before, err := env.Store.VerifyAudit(ctx)
			if err != nil {
				c.errs = append(c.errs, err)
				return
			}
			c.errs = append(c.errs, f())
			after, err := env.Store.VerifyAudit(ctx)
			c.moved = append(c.moved, err != nil || after.Entries != before.Entries)
		}
		// Someone the directory does not list, claiming the top level.
		try(func() error {
			_, err := c.svc.Register(ctx, relaciona.Actor{ID: "visitante", Level: 7}, at, stakeholder.Stakeholder{ID: "nuevo", Name: "Nuevo", Type: c.sts[0].typ})
			return err
		})
		// A level-4 professional claiming level 7 to assess (level 5).
		try(func() error {
			_, err := c.svc.Assess(ctx, relaciona.Actor{ID: "prof-social-01", Level: 7}, at, stakeholder.Assessment{Stakeholder: c.sts[0].id})
			return err
		})
		// Whom only the directory lists may do what their level allows.
		c.allowed = func() error {
			_, err := c.svc.Register(ctx, relaciona.Actor{ID: "auditora"}, at, stakeholder.Stakeholder{ID: "veeduria-nueva", Name: "Veeduría nueva", Type: c.sts[0].typ})
			return err
		}()
	}
	return nil // the rest of the year is not needed here
}

// TestDemoActsThroughItsDirectory checks that the demo's processes ask the
// one directory the deployment lists: the deployment validates with the
// people, their levels, e-mails at the example domain and managers, and a
// claim beyond the roster is refused in the demo's store with nothing
// written.
func TestDemoActsThroughItsDirectory(t *testing.T) {
	dir := t.TempDir()
	probe := &claimProbe{stakeholderDemo: NewStakeholder().(*stakeholderDemo)}
	sum, err := Run(context.Background(), Options{Dir: dir, Seed: 1}, probe)
	require.NoError(t, err)

	require.Len(t, probe.errs, 2)
	for i, err := range probe.errs {
		require.ErrorIs(t, err, relaciona.ErrForbidden, "try %d", i)
		assert.False(t, probe.moved[i], "try %d: nothing written", i)
	}
	var fe *relaciona.ForbiddenError
	require.ErrorAs(t, probe.errs[0], &fe)
	assert.True(t, fe.NotListed, "not in the directory")
	require.ErrorAs(t, probe.errs[1], &fe)
	assert.Equal(t, 4, fe.HaveLevel, "the directory's level, not the claimed 7")
	assert.Equal(t, 5, fe.NeedLevel)
	require.NoError(t, probe.allowed, "the process asks the demo's directory, not its own file")

	dep, err := deployment.Load(sum.Deployment, relaciona.Spanish)
	require.NoError(t, err, "the demo's deployment, with its directory, validates")
	people := dep.Directory.People
	require.Len(t, people, len(shDirectory)+1)
	managers, digests := 0, 0
	for _, p := range people {
		assert.Regexp(t, `^[a-z0-9.-]+@agency\.example$`, p.Email, p.ID)
		assert.Positive(t, p.Level, p.ID)
		if p.Manager != "" {
			managers++
		}
		if p.Digest {
			digests++
		}
	}
	assert.Equal(t, len(people)-1, managers, "everyone but the general manager has one")
	assert.Positive(t, digests, "some read a daily digest")
	d, err := dep.OpenDirectory(context.Background())
	require.NoError(t, err)
	boss, err := d.Manager(context.Background(), "prof-social-01")
	require.NoError(t, err)
	assert.Equal(t, "coord-social-norte", boss.ID, "an escalation reaches a person")
}
