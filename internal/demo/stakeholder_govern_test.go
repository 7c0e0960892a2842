package demo

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/stakeholder"
)

// TestStakeholderDemoGovernance runs the stakeholder year and checks the
// governance story (seed 000, levels 6 and 7): the approach approved at
// level 7, three most important stakeholders owned by the general manager
// and met through the year, three monitoring reviews (the third quarter's
// missing, which Run told the level-6 owner), five improvement actions of
// which one is overdue and told to its owner, a lapsed most important
// relationship told once, and the governance page showing all of it.
func TestStakeholderDemoGovernance(t *testing.T) {
	skipIfShort(t)
	dir := t.TempDir()
	sum, err := Run(context.Background(), Options{Dir: dir, Seed: 2026, Lang: relaciona.Spanish}, NewStakeholder())
	require.NoError(t, err)
	c := sum.Counts["stakeholder"]
	assert.Equal(t, 1, c["approach_approved"])
	assert.Equal(t, 3, c["most_important"])
	assert.Greater(t, c["most_important_meetings"], 10)
	assert.Equal(t, 3, c["monitoring_reviews"])
	assert.Equal(t, 5, c["improvement_actions"])
	assert.Equal(t, 4, c["improvement_actions_done"])

	site := productSite(t, dir, 2026, relaciona.Spanish)
	page, err := os.ReadFile(filepath.Join(site, stakeholder.GovernanceSlug+".html"))
	require.NoError(t, err)
	html := string(page)
	for _, w := range []string{"versión 1", "2026-Q1", "2026-Q2", "2026-Q4", "sin revisión", "vencida", "sin interacción a tiempo"} {
		assert.Contains(t, html, w)
	}

	kinds := map[string]int{}
	for _, n := range shOutbox(t, dir) {
		kinds[n.Kind]++
	}
	assert.Equal(t, 1, kinds[stakeholder.NoticeReviewMissing], "the third quarter's review")
	assert.Equal(t, 2, kinds[stakeholder.NoticeImprovementOverdue], "owner and director of the open action")
	assert.Equal(t, 1, kinds[stakeholder.NoticeMostImportantLapsed], "the autumn without the owner's meeting, told once")
}

// shOutbox reads the notifications of the demo's store.
func shOutbox(t *testing.T, dir string) []relaciona.Notification {
	t.Helper()
	store, err := relaciona.OpenStore(context.Background(), "sqlite://"+filepath.Join(dir, "demo.db"))
	require.NoError(t, err)
	defer store.Close()
	var out []relaciona.Notification
	for r, err := range store.Scan(context.Background(), relaciona.NotificationKind, relaciona.Filter{}) {
		require.NoError(t, err)
		var n relaciona.Notification
		require.NoError(t, json.Unmarshal(r.Body, &n))
		if strings.HasPrefix(n.Kind, "stakeholder.") {
			out = append(out, n)
		}
	}
	return out
}
