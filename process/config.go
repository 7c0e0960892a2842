package process

import (
	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas"
)

// LoadConfig reads the configuration file at path and gives it to parse, a
// process package's ParseConfig; a file that cannot be read is reported in
// lang. It is each process package's LoadConfig.
func LoadConfig[C any](path string, lang relaciona.Lang, parse func(file string, data []byte, lang relaciona.Lang) (*C, error)) (*C, error) {
	data, err := schemas.ReadConfig(path, lang)
	if err != nil {
		return nil, err
	}
	return parse(path, data, lang)
}

// DecodeConfig checks data (the file named file) against the JSON Schema of
// process kind and decodes it into a new C; every problem is reported with
// file:line:col in lang. The cross-references are left to the caller.
func DecodeConfig[C any](file string, data []byte, kind string, lang relaciona.Lang) (*C, error) {
	var c C
	if err := schemas.DecodeKind(file, data, kind, lang, &c); err != nil {
		return nil, err
	}
	return &c, nil
}
