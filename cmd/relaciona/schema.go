package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas"
)

func init() {
	register(command{
		name:    "schema",
		summary: [2]string{"lista los tipos de archivo, muestra sus esquemas JSON y los escribe para los editores", "lists the file kinds, prints their JSON Schemas and writes them for editors"},
		run:     runSchema,
	})
}

// runSchema runs "schema list" (one kind per line), "schema show KIND"
// (the kind's JSON Schema, as embedded) and "schema write DIR" (every
// schema into DIR, then the modeline for each kind). Exit status: 0 on
// success, 1 for an unknown kind or a write that failed, 2 on bad usage.
func runSchema(_ context.Context, e *env, args []string) int {
	w, code := e.stderr, 2
	if slices.ContainsFunc(args, isHelp) {
		w, code = e.stdout, 0
	}
	usage := func() int {
		fmt.Fprintln(w, e.lang.T("Uso: relaciona schema list | relaciona schema show TIPO | relaciona schema write DIRECTORIO",
			"Usage: relaciona schema list | relaciona schema show KIND | relaciona schema write DIR"))
		fmt.Fprintf(w, "\n%s\n", e.lang.T("lista los tipos de archivo, muestra sus esquemas JSON o los escribe en una carpeta",
			"lists the file kinds, prints their JSON Schemas or writes them into a folder"))
		return code
	}
	if len(args) == 0 {
		return usage()
	}
	switch args[0] {
	case "list":
		if len(args) != 1 {
			return usage()
		}
		for _, k := range schemas.Kinds() {
			fmt.Fprintln(e.stdout, k)
		}
		return 0
	case "show":
		if len(args) != 2 {
			return usage()
		}
		raw, err := schemas.Schema(args[1])
		if errors.Is(err, relaciona.ErrNotFound) {
			fmt.Fprintln(e.stderr, e.lang.Tf("relaciona schema: tipo desconocido %q; tipos conocidos: %s",
				"relaciona schema: unknown kind %q; known kinds: %s", args[1], strings.Join(schemas.Kinds(), ", ")))
			return 1
		}
		if err != nil {
			fmt.Fprintln(e.stderr, "relaciona schema:", relaciona.ErrorText(err, e.lang))
			return 1
		}
		e.stdout.Write(raw)
		if len(raw) > 0 && raw[len(raw)-1] != '\n' {
			fmt.Fprintln(e.stdout)
		}
		return 0
	case "write":
		if len(args) != 2 || args[1] == "" {
			return usage()
		}
		return writeSchemas(e, args[1])
	}
	return usage()
}

// writeSchemas writes every schema into dir and prints, for each kind, the
// first line that makes an editor validate a file of that kind offline.
func writeSchemas(e *env, dir string) int {
	kinds, err := schemas.WriteFiles(dir)
	if err != nil {
		fmt.Fprintln(e.stderr, e.lang.Tf("relaciona schema: no se pudieron escribir los esquemas: %v",
			"relaciona schema: could not write the schemas: %v", err))
		return 1
	}
	ref := filepath.ToSlash(filepath.Clean(dir))
	fmt.Fprintln(e.stdout, e.lang.Tf("%d esquemas escritos en %s.", "%d schemas written to %s.", len(kinds), ref))
	fmt.Fprintln(e.stdout, e.lang.T(
		"Ponga como primera línea de cada archivo YAML la de su tipo (kind). La ruta va desde el archivo hasta el esquema:\nlas de abajo valen para un archivo en el directorio actual; en un subdirectorio, anteponga ../",
		"Make the line of its kind the first line of each YAML file. The path goes from the file to the schema:\nthe lines below are for a file in the current directory; in a subdirectory, prefix ../"))
	for _, k := range kinds {
		fmt.Fprintf(e.stdout, "%s\n  %s\n", k, schemas.Modeline(ref+"/"+k+".json"))
	}
	return 0
}
