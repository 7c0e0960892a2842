// Package migrate reads a store plugin's embedded SQL migrations
// (plugins/postgres, plugins/sqlite): the files of a folder, applied in
// name order, the n-th taking the schema to version n.
package migrate

import (
	"io/fs"
	"path"
	"sort"
)

// Step is one migration to apply.
type Step struct {
	Version int    // the schema version it reaches
	Name    string // its file name
	SQL     string // its text
}

// Count is how many migrations dir of fsys holds: the schema version they
// reach.
func Count(fsys fs.FS, dir string) int {
	n, _ := names(fsys, dir)
	return len(n)
}

// Plan lists the migrations of dir in fsys that a schema at version cur
// has not applied yet, and how many there are in all (known). A schema
// newer than the migrations (cur > known) gets no steps: the caller
// refuses it.
func Plan(fsys fs.FS, dir string, cur int) (steps []Step, known int, err error) {
	all, err := names(fsys, dir)
	if err != nil || cur > len(all) {
		return nil, len(all), err
	}
	for i := cur; i < len(all); i++ {
		q, err := fs.ReadFile(fsys, path.Join(dir, all[i]))
		if err != nil {
			return nil, len(all), err
		}
		steps = append(steps, Step{Version: i + 1, Name: all[i], SQL: string(q)})
	}
	return steps, len(all), nil
}

func names(fsys fs.FS, dir string) ([]string, error) {
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	sort.Strings(out)
	return out, nil
}
