package citizen

import (
	"github.com/relaciona/relaciona"
)

// PersonalKinds lists the record kinds of the process that hold personal
// data, for the subject-rights API (relaciona.Subjects): the
// characterisation's citizens, the PQRSD (held back from erasure while
// open within their legal term: Ley 1755 de 2015 obliges the agency to
// answer, and the answer needs the requester's contact) and the notices
// sent to their requesters, and the participation spaces (their summary,
// free text that can name who took part; their commitments' texts and
// follow-up notes live in the commitments register, linked to the
// space). A subject is found by the citizen id, or by the requester's
// document id, e-mail or ticket-system account; a space's participants by
// the space's id. A person named only inside free text is found by no
// field: the retention sweep (a rule for citizen.space and
// relaciona.commitment) is what clears that text.
func (s *Process) PersonalKinds() []relaciona.PersonalKind {
	return []relaciona.PersonalKind{
		{Process: Kind, Kind: kindCitizen, New: func() any { return &Citizen{} },
			Label: [2]string{"Caracterización de ciudadanos", "Citizen characterisation"}},
		{Process: Kind, Kind: kindPQRSD, New: func() any { return &PQRSD{} },
			Refs: func(v any) []string {
				p := v.(*PQRSD)
				refs := []string{relaciona.RecordRef(kindPQRSD, p.ID)}
				if p.TicketID != "" {
					refs = append(refs, relaciona.TicketRef(p.TicketID))
				}
				return refs
			},
			Hold:  pqrsdHold,
			Label: [2]string{"PQRSD", "PQRSD"}},
		{Process: Kind, Kind: kindSpace, New: func() any { return &Space{} },
			Refs:  func(v any) []string { return []string{relaciona.RecordRef(kindSpace, v.(*Space).ID)} },
			Label: [2]string{"Espacios de participación (resumen)", "Participation spaces (summary)"}},
		{Process: Kind, Kind: kindNotice, New: func() any { return &Notice{} },
			LinkedBy: func(v any) []string { return []string{relaciona.RecordRef(kindPQRSD, v.(*Notice).PQRSD)} },
			Label:    [2]string{"Comunicaciones al peticionario", "Notices to the requester"}},
	}
}

// pqrsdHold holds an open PQRSD whose due date is today or later: the
// agency still owes its requester an answer. An open PQRSD past its due
// date is overdue, not under its term: it does not hold an erasure back,
// the data subject's request wins.
func pqrsdHold(v any, today string) (relaciona.SubjectHold, bool) {
	p := v.(*PQRSD)
	if p.Status != StatusOpen || p.Due.String() < today {
		return relaciona.SubjectHold{}, false
	}
	return relaciona.SubjectHold{What: "PQRSD " + p.ID, Due: p.Due.String()}, true
}

// PersonalKinds offers the process's personal kinds through the
// process.Instance (see process.SubjectHolder).
func (i instance) PersonalKinds() []relaciona.PersonalKind { return i.p.PersonalKinds() }
