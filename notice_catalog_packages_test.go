package relaciona_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/alliance"
	"github.com/relaciona/relaciona/citizen"
	"github.com/relaciona/relaciona/satisfaction"
	"github.com/relaciona/relaciona/stakeholder"
)

// TestEveryNoticeCatalogLoads checks that the notices.yaml of the root
// package and of each process package loaded at init (importing the
// package would have panicked otherwise) and registered exactly the kinds
// its Go constants name, each with a title and text in both languages.
func TestEveryNoticeCatalogLoads(t *testing.T) {
	for _, tc := range []struct {
		process string
		kinds   []string
	}{
		{"relaciona", []string{relaciona.NoticeCommitmentOverdue}},
		{alliance.Kind, []string{alliance.NoticeReviewDue, alliance.NoticeMeasurementDue, alliance.NoticeAgreementExpiring}},
		{citizen.Kind, []string{
			citizen.NotifyPQRSDDueSoon, citizen.NotifyPQRSDOverdue, citizen.NotifyCommitmentOverdue, citizen.NotifyExtension,
			citizen.NotifyForward, citizen.NotifyAnswer, citizen.NotifyPQRSDPriority, citizen.NotifyCompletionRequest,
			citizen.NotifyTacitWithdrawal, citizen.NotifyExOfficio, citizen.NotifyRationalisationPlanned,
			citizen.NotifySkillsOverdue, citizen.NotifyStrategyUnassigned, citizen.NotifyGuidelineDrafted,
		}},
		{stakeholder.Kind, []string{
			stakeholder.NoticeCommitmentDue, stakeholder.NoticeCommunicationOverdue, stakeholder.NoticeDecisionFeedbackDue,
			stakeholder.NoticeImprovementOverdue, stakeholder.NoticeIssueEscalated, stakeholder.NoticeIssueOverdueFinal,
			stakeholder.NoticeReviewMissing, stakeholder.NoticeMostImportantLapsed,
		}},
		{satisfaction.Kind, []string{
			satisfaction.NoticeCommitmentDueSoon, satisfaction.NoticeCommitmentOverdue, satisfaction.NoticeComplaintReported,
			satisfaction.NoticeDefinitionChanged, satisfaction.NoticeDirectionReviewMissing, satisfaction.NoticeDocumentReviewDue,
			satisfaction.NoticeNonConformityEscalated, satisfaction.NoticeSurveyInvitation,
		}},
	} {
		t.Run(tc.process, func(t *testing.T) {
			var registered []string
			for _, k := range relaciona.NoticeKinds(tc.process) {
				registered = append(registered, k.Kind)
				for _, l := range []relaciona.Lang{relaciona.Spanish, relaciona.English} {
					assert.NotEmpty(t, k.TitleIn(l), "%s title in %s", k.Kind, l)
					assert.NoError(t, k.CheckTemplate(k.Default[l]), "%s text in %s", k.Kind, l)
				}
			}
			assert.ElementsMatch(t, tc.kinds, registered)
		})
	}
}
