// Package schemas holds the JSON Schemas (draft 2020-12) of every relaciona
// YAML file and validates files against them before anything uses them.
//
// # Files
//
// Every configuration file is one YAML document that states its kind and
// the format version:
//
//	# yaml-language-server: $schema=schemas/deployment.json
//	kind: deployment
//	version: 1
//	name: Alcaldía de Ejemplo
//	country: CO
//
// The first line is optional: it is the modeline of yaml-language-server
// (used by the YAML extensions of VS Code, Neovim, Helix, JetBrains and
// others), which makes the editor check the file and show each field's title
// and description while typing. Point it at a copy of the schema kept in the
// agency's repository, by a path relative to the YAML file: "relaciona
// schema write schemas" writes every kind's schema into schemas/ and prints
// the line for each kind. A local path works offline and wins over any
// mapping in the editor's settings; URL(kind) works only with network.
// The examples in this repository point at the files in this directory
// ("$schema=../../schemas/KIND.json").
//
// # Validating
//
// Decode, DecodeKind, LoadFile and LoadFileKind check a file and, only when
// it is valid, decode it into a Go value with yaml.v3:
//
//	var cfg myConfig
//	kind, err := schemas.LoadFile("deployment.yaml", relaciona.Spanish, &cfg)
//
// On failure the error is an *Error listing every problem as
// "FILE:LINE:COL: field: message", in Spanish or English. The line and
// column are those of the offending YAML node: the key itself for an
// unknown key, the object for a missing field, the value otherwise.
// File-level problems (empty, too big, unreadable) are at 1:1; bad bytes
// (NUL, invalid UTF-8, control characters) at their own position; a YAML
// syntax error at its line, column 1, since yaml.v3 does not report
// columns. (yaml.v3 gives some lines 0-based, and names the start of the
// enclosing block for an indentation error; Decode corrects both, finding
// the first line that breaks the block.)
// Nothing is decoded from an invalid file.
//
// Beyond the schema, every file is checked for: size (MaxSize), UTF-8 text
// (no NUL, no control characters), exactly one YAML document, repeated
// keys, keys that are not text, unsupported tags, and aliases that expand
// past MaxNodes values or MaxDepth levels ("billion laughs"). Aliases and
// merge keys ("<<: *defaults") are allowed: they are expanded before
// validation, so the schema sees exactly what the program decodes. Dates
// stay text ("2026-03-19"): schemas check them with a pattern and
// "format": "date", and Go code decodes them into string fields or types
// with an UnmarshalYAML method. An UnmarshalYAML method that rejects a value
// may return a *relaciona.ValidationError with Line and Column set: it is
// reported like a schema problem.
//
// # Adding a kind
//
// A kind is a file KIND.json in this directory; Kinds discovers it from the
// embedded files, so adding the file is all it takes. The schema must:
//
//   - declare "$schema": "https://json-schema.org/draft/2020-12/schema" and
//     "$id": the value of URL(KIND);
//   - be an object schema requiring "kind" (with "const": "KIND") and
//     "version" (with "const": 1);
//   - reject unknown keys: "additionalProperties": false on every object
//     (or "unevaluatedProperties": false where allOf/if-then combine parts);
//   - give every property a "title" and a "description", written
//     "Spanish / English", which editors show as help;
//   - keep dates as strings with "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
//     and "format": "date".
//
// TestSchemasFollowTheRules checks all of this for every embedded file, and
// that a schema uses only JSON Schema 2020-12 keywords, so that validators
// in strict mode (ajv) and editors take it as it is. A schema's own message
// for a failed keyword, where the generic one ("does not match pattern
// ^...$") would not help a clerk, goes in messages.go, keyed by the
// keyword's JSON pointer: {"/$defs/id/pattern": {es: "...", en: "..."}}. A
// message never echoes a value that may be a secret.
//
// The compiled schemas are built once, on first use, from the embedded
// files, and never change afterwards.
package schemas
