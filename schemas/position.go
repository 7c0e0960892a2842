package schemas

// Position is a 1-based line and column in a YAML file. A Go type that needs
// to report a problem after validation (a rule the schema cannot express)
// keeps the Position of its node from its UnmarshalYAML method:
//
//	func (v *myValue) UnmarshalYAML(n *yaml.Node) error {
//		v.Position = schemas.Position{Line: n.Line, Column: n.Column}
//		return n.Decode(&v.Text)
//	}
type Position struct {
	Line, Column int
}
