package sqlite

// Exported for the external tests' fuzzing of the attribute encoding.
var (
	EncodeAttrsForTest = encodeAttrs
	DecodeAttrsForTest = decodeAttrs
)
