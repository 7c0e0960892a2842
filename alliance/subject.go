package alliance

import (
	"github.com/relaciona/relaciona"
)

// PersonalKinds lists the record kinds of the process that hold personal
// data, for the subject-rights API (relaciona.Subjects): the contact
// person of each organisation of the territorial study and the free text
// that can name them (the organisation's notes, the negotiation and
// review notes of its alliances and of the searches that ranked it). A
// subject is found by the contact's e-mail or phone; the alliances and
// searches of that organisation are linked to it. Only personal data are
// erased: the organisation, a legal person, keeps its name and its
// alliances, and their notes keep their dates and authors. A search ranks
// several organisations in one record, so the erasure of one contact
// clears the notes of every candidate of the searches that ranked it (the
// text of one candidate's notes can name another's people). Nothing here
// runs a legal term, so nothing holds an erasure back.
func (p *Process) PersonalKinds() []relaciona.PersonalKind {
	return []relaciona.PersonalKind{
		{Process: Kind, Kind: KindOrganisation, New: func() any { return &Organisation{} },
			Refs:  func(v any) []string { return []string{relaciona.RecordRef(KindOrganisation, v.(*Organisation).ID)} },
			Label: [2]string{"Organizaciones del territorio (contactos)", "Organisations of the territory (contacts)"}},
		{Process: Kind, Kind: KindAlliance, New: func() any { return &Alliance{} },
			LinkedBy: func(v any) []string {
				return []string{relaciona.RecordRef(KindOrganisation, v.(*Alliance).Organisation)}
			},
			Label: [2]string{"Alianzas (notas de negociación)", "Alliances (negotiation notes)"}},
		{Process: Kind, Kind: KindSearch, New: func() any { return &Search{} },
			LinkedBy: func(v any) []string {
				s := v.(*Search)
				refs := make([]string, len(s.Candidates))
				for i, c := range s.Candidates {
					refs[i] = relaciona.RecordRef(KindOrganisation, c.Organisation)
				}
				return refs
			},
			Label: [2]string{"Búsquedas de socios (notas de negociación)", "Partner searches (negotiation notes)"}},
	}
}
