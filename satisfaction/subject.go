package satisfaction

import (
	"github.com/relaciona/relaciona"
)

// PersonalKinds lists the record kinds of the process that hold personal
// data, for the subject-rights API (relaciona.Subjects). The data subject
// of this process is an internal client's contact person, whose words the
// records keep: complaints and their responses, interviews, work-plan
// briefings, the client information repository, survey comments, the
// notes of meetings about the client and the confirmations of
// commitments. A subject is found by the client id (the opaque id the
// process file gives the client). Nothing here runs a legal term, so
// nothing holds an erasure back.
func (p *Process) PersonalKinds() []relaciona.PersonalKind {
	return []relaciona.PersonalKind{
		{Process: Kind, Kind: kindComplaint, New: func() any { return &Complaint{} },
			Refs: func(v any) []string {
				c := v.(*Complaint)
				refs := []string{relaciona.RecordRef(kindComplaint, c.ID)}
				if c.TicketID != "" {
					refs = append(refs, relaciona.TicketRef(c.TicketID))
				}
				return refs
			},
			Label: [2]string{"Reclamos", "Complaints"}},
		{Process: Kind, Kind: kindInterview, New: func() any { return &Interview{} },
			Label: [2]string{"Entrevistas", "Interviews"}},
		{Process: Kind, Kind: kindPlan, New: func() any { return &WorkPlan{} },
			Label: [2]string{"Planes de trabajo", "Work plans"}},
		{Process: Kind, Kind: kindInfo, New: func() any { return &InfoItem{} },
			Label: [2]string{"Repositorio de información del cliente", "Client information repository"}},
		{Process: Kind, Kind: kindSurvey, New: func() any { return &Survey{} },
			Refs:  func(v any) []string { return []string{relaciona.TicketRef(v.(*Survey).Ticket)} },
			Label: [2]string{"Encuestas", "Surveys"}},
		{Process: Kind, Kind: kindMeeting, New: func() any { return &Meeting{} },
			Label: [2]string{"Reuniones de trabajo", "Work meetings"}},
		{Process: Kind, Kind: kindNonConformity, New: func() any { return &NonConformity{} },
			Label: [2]string{"No conformidades", "Non-conformities"}},
		{Process: Kind, Kind: kindOpportunity, New: func() any { return &Opportunity{} },
			Label: [2]string{"Oportunidades de mejora", "Improvement opportunities"}},
		{Process: Kind, Kind: kindIssued, New: func() any { return &IssuedReport{} },
			Label: [2]string{"Informes emitidos", "Issued reports"}},
		{Process: Kind, Kind: kindClient, New: func() any { return &ClientRecord{} },
			Label: [2]string{"Registro de clientes", "Client register"}},
	}
}
