package citizen

import (
	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/process"
)

// Type is a PQRSD type: petición, queja, reclamo, sugerencia or denuncia
// (DOMAIN.md "citizen": Peticiones, Quejas, Reclamos, Sugerencias y
// Denuncias).
type Type string

// The PQRSD types.
const (
	Peticion   Type = "peticion"
	Queja      Type = "queja"
	Reclamo    Type = "reclamo"
	Sugerencia Type = "sugerencia"
	Denuncia   Type = "denuncia"
)

// Types lists the PQRSD types in the order of the acronym.
func Types() []Type { return []Type{Peticion, Queja, Reclamo, Sugerencia, Denuncia} }

// ParseType accepts a PQRSD type name; anything else is a
// *relaciona.ValidationError on field "type" (in Spanish; the service's
// methods word it in their language).
func ParseType(s string) (Type, error) {
	for _, t := range Types() {
		if string(t) == s {
			return t, nil
		}
	}
	return "", invalid(relaciona.Spanish, "type", "tipo de PQRSD desconocido %q (%s)", "unknown PQRSD type %q (%s)", s, typeList())
}

// Label is the type's name for a reader.
func (t Type) Label(l relaciona.Lang) string {
	return process.Labels[Type]{
		Peticion:   {"Petición", "Request"},
		Queja:      {"Queja", "Complaint"},
		Reclamo:    {"Reclamo", "Claim"},
		Sugerencia: {"Sugerencia", "Suggestion"},
		Denuncia:   {"Denuncia", "Report of wrongdoing"},
	}.Of(l, t)
}

// RequestKind is the kind of a petición that sets its legal term (Ley 1755
// de 2015, art. 14): a general request (15 business days), a request of
// documents or information (numeral 1: 10), or a consultation to an
// authority on matters in its charge (numeral 2: 30). Both special kinds
// are peticiones by the article's words; a queja, reclamo, sugerencia or
// denuncia is always of the general kind (see Config.TermDays).
type RequestKind string

// The request kinds.
const (
	KindGeneral      RequestKind = "general"
	KindDocuments    RequestKind = "documents"
	KindConsultation RequestKind = "consultation"
)

// RequestKinds lists the request kinds.
func RequestKinds() []RequestKind { return []RequestKind{KindGeneral, KindDocuments, KindConsultation} }

// ParseRequestKind accepts a request kind name ("" is general).
func ParseRequestKind(s string) (RequestKind, error) {
	switch RequestKind(s) {
	case "", KindGeneral:
		return KindGeneral, nil
	case KindDocuments, KindConsultation:
		return RequestKind(s), nil
	}
	return "", invalid(relaciona.Spanish, "kind", "tipo de solicitud desconocido %q (general, documents, consultation)", "unknown request kind %q (general, documents, consultation)", s)
}

// Label is the kind's name for a reader.
func (k RequestKind) Label(l relaciona.Lang) string {
	return process.Labels[RequestKind]{
		KindDocuments:    {"Documentos e información", "Documents and information"},
		KindConsultation: {"Consulta", "Consultation"},
	}.Or(l, k, [2]string{"General", "General"})
}

// Status is where a PQRSD is in its life.
type Status string

// The PQRSD statuses. Open is the only one with a running term.
const (
	// StatusOpen: filed (radicada) and waiting for an answer.
	StatusOpen Status = "open"
	// StatusForwarded: sent to the competent authority (Ley 1755 de 2015,
	// art. 21); the agency's term ends.
	StatusForwarded Status = "forwarded"
	// StatusAnswered: answered; may still be closed.
	StatusAnswered Status = "answered"
	// StatusClosed: closed after the answer, the forwarding or the
	// withdrawal.
	StatusClosed Status = "closed"
	// StatusIncomplete: the petitioner was asked to complete the petition
	// (Ley 1755 de 2015, art. 17); its term is suspended until they do.
	StatusIncomplete Status = "incomplete"
	// StatusWithdrawn: the petitioner withdrew it, expressly (art. 18) or
	// tacitly by not completing it in time (art. 17); no term runs.
	StatusWithdrawn Status = "withdrawn"
)

// Label is the status's name for a reader.
func (s Status) Label(l relaciona.Lang) string {
	return process.Labels[Status]{
		StatusOpen:       {"En trámite", "Open"},
		StatusForwarded:  {"Trasladada", "Forwarded"},
		StatusAnswered:   {"Respondida", "Answered"},
		StatusClosed:     {"Cerrada", "Closed"},
		StatusIncomplete: {"Incompleta (término suspendido)", "Incomplete (term suspended)"},
		StatusWithdrawn:  {"Desistida", "Withdrawn"},
	}.Of(l, s)
}
