package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas"
)

func init() {
	register(command{
		name:    "schema",
		summary: [2]string{"lista los tipos de archivo y muestra sus esquemas JSON", "lists the file kinds and prints their JSON Schemas"},
		run:     runSchema,
	})
}

// runSchema runs "schema list" (one kind per line) and "schema show KIND"
// (the kind's JSON Schema, as embedded). Exit status: 0 on success, 1 for
// an unknown kind, 2 on bad usage.
func runSchema(_ context.Context, e *env, args []string) int {
	w, code := e.stderr, 2
	if slices.ContainsFunc(args, isHelp) {
		w, code = e.stdout, 0
	}
	usage := func() int {
		fmt.Fprintln(w, e.lang.T("Uso: relaciona schema list | relaciona schema show TIPO", "Usage: relaciona schema list | relaciona schema show KIND"))
		fmt.Fprintf(w, "\n%s\n", e.lang.T("lista los tipos de archivo y muestra sus esquemas JSON", "lists the file kinds and prints their JSON Schemas"))
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
	}
	return usage()
}
