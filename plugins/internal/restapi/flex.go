package restapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// FlexString decodes a JSON string, number or null as a string: REST APIs
// send ids as strings in one answer and as numbers in another (RT, Redmine).
type FlexString string

// UnmarshalJSON implements json.Unmarshaler.
func (f *FlexString) UnmarshalJSON(b []byte) error {
	s, err := flex(b, false)
	*f = FlexString(s)
	return err
}

// FlexList is a FlexString that also takes an array of such values (a
// multiple-value custom field), joined with ", ".
type FlexList string

// UnmarshalJSON implements json.Unmarshaler.
func (f *FlexList) UnmarshalJSON(b []byte) error {
	s, err := flex(b, true)
	*f = FlexList(s)
	return err
}

func flex(b []byte, list bool) (string, error) {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		return "", nil
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return "", err
		}
		return s, nil
	case list && b[0] == '[':
		var vs []FlexList
		if err := json.Unmarshal(b, &vs); err != nil {
			return "", err
		}
		parts := make([]string, len(vs))
		for i, v := range vs {
			parts[i] = string(v)
		}
		return strings.Join(parts, ", "), nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return "", fmt.Errorf("want a string or a number, got %.20s", b)
	}
	return n.String(), nil
}
