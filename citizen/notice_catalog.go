package citizen

import (
	_ "embed"

	"github.com/relaciona/relaciona"
)

// noticeCatalog is the default text of the process's notification kinds
// (notices.yaml): translators edit it, not Go code.
//
//go:embed notices.yaml
var noticeCatalog []byte

func init() { relaciona.MustRegisterNoticeCatalog("citizen/notices.yaml", noticeCatalog) }
