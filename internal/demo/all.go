package demo

// All returns the demo processes of every package, in the order their pages
// appear in the report.
func All() []Process {
	return []Process{
		NewStakeholder(),
		NewAlliance(),
		NewSatisfaction(),
		NewCitizen(),
	}
}
