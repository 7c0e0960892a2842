package stakeholder

import (
	"github.com/relaciona/relaciona"
)

// PersonalKinds lists the record kinds of the process that hold personal
// data, for the subject-rights API (relaciona.Subjects): the register
// (a person's name, the contacts of an organisation), the interaction
// log, issues, feedback and assessments. A subject is found by the
// stakeholder id (a person registered as a stakeholder) or by a contact's
// e-mail or phone; a contact found so is erased alone, leaving the
// organisation's other contacts. Nothing here runs a legal term, so
// nothing holds an erasure back.
func (s *Process) PersonalKinds() []relaciona.PersonalKind {
	return []relaciona.PersonalKind{
		{Process: Kind, Kind: kindStakeholder, New: func() any { return &Stakeholder{} },
			Label: [2]string{"Registro de partes interesadas", "Stakeholder register"}},
		{Process: Kind, Kind: kindInteraction, New: func() any { return &Interaction{} },
			Label: [2]string{"Interacciones", "Interactions"}},
		{Process: Kind, Kind: kindIssue, New: func() any { return &Issue{} },
			Label: [2]string{"Asuntos", "Issues"}},
		{Process: Kind, Kind: kindFeedback, New: func() any { return &Feedback{} },
			Label: [2]string{"Retroalimentación", "Feedback"}},
		{Process: Kind, Kind: kindAssessment, New: func() any { return &Assessment{} },
			Label: [2]string{"Valoraciones", "Assessments"}},
		{Process: Kind, Kind: kindDecision, New: func() any { return &Decision{} },
			Label: [2]string{"Decisiones", "Decisions"}},
		{Process: Kind, Kind: kindInformation, New: func() any { return &Information{} },
			Label: [2]string{"Información recopilada", "Information gathered"}},
	}
}
