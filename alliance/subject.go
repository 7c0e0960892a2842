package alliance

import (
	"github.com/relaciona/relaciona"
)

// PersonalKinds lists the record kinds of the process that hold personal
// data, for the subject-rights API (relaciona.Subjects): the contact
// person of each organisation of the territorial study. A subject is
// found by the contact's e-mail or phone, and only the contact is erased:
// the organisation, a legal person, keeps its name and its alliances.
// Nothing here runs a legal term, so nothing holds an erasure back.
func (p *Process) PersonalKinds() []relaciona.PersonalKind {
	return []relaciona.PersonalKind{
		{Process: Kind, Kind: KindOrganisation, New: func() any { return &Organisation{} },
			Label: [2]string{"Organizaciones del territorio (contactos)", "Organisations of the territory (contacts)"}},
	}
}
