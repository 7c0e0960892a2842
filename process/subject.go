package process

import (
	"github.com/relaciona/relaciona"
)

// SubjectHolder is the optional interface of an Instance whose process
// keeps personal data: it lists the record kinds that hold some, with the
// Go types their bodies decode into (fields tagged personal:"…", see
// relaciona.PersonalTag) and the legal terms that hold a record back from
// erasure. A tool finds it by type assertion, without a switch per
// process, and hands the kinds to relaciona.NewSubjects:
//
//	var kinds []relaciona.PersonalKind
//	for _, inst := range instances {
//		if h, ok := inst.(process.SubjectHolder); ok {
//			kinds = append(kinds, h.PersonalKinds()...)
//		}
//	}
//	subjects := relaciona.NewSubjects(store, dir, kinds, retention)
//
// Each of the four process packages implements it.
type SubjectHolder interface {
	relaciona.Personal
}

// PersonalKinds offers the kinds of a Runner made by Define when it is a
// relaciona.Personal, and none otherwise: Define's wrapping must not hide
// them from the subject-rights API.
func (s summarized[S]) PersonalKinds() []relaciona.PersonalKind {
	if p, ok := s.r.(relaciona.Personal); ok {
		return p.PersonalKinds()
	}
	return nil
}

// PersonalKinds gathers the personal kinds of every instance that is a
// SubjectHolder, in the instances' order.
func PersonalKinds(instances ...Instance) []relaciona.PersonalKind {
	var out []relaciona.PersonalKind
	for _, inst := range instances {
		if h, ok := inst.(SubjectHolder); ok {
			out = append(out, h.PersonalKinds()...)
		}
	}
	return out
}
