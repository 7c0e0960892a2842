package schemas_test

import (
	"fmt"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/schemas"
)

func ExampleDecode() {
	file := []byte(`kind: deployment
version: 1
name: Alcaldía de Ejemplo
country: AR
timezone: America/Bogota
colour: red
`)
	var cfg struct {
		Name    string `yaml:"name"`
		Country string `yaml:"country"`
	}
	_, err := schemas.Decode("deployment.yaml", file, relaciona.Spanish, &cfg)
	fmt.Println(err)

	_, err = schemas.Decode("deployment.yaml", file, relaciona.English, &cfg)
	fmt.Println(err)
	// Output:
	// deployment.yaml:4:10: country: valor "AR" no permitido; valores permitidos: CO, CL, UY
	// deployment.yaml:6:1: colour: clave desconocida "colour"; claves permitidas: audit, calendar, country, directory, kind, lang, log, name, notifications, personal_data, processes, require_checksum, serve, store, tickets, timezone, version
	// deployment.yaml:4:10: country: value "AR" is not allowed; allowed values: CO, CL, UY
	// deployment.yaml:6:1: colour: unknown key "colour"; allowed keys: audit, calendar, country, directory, kind, lang, log, name, notifications, personal_data, processes, require_checksum, serve, store, tickets, timezone, version
}

func ExampleDecode_valid() {
	file := []byte(`# yaml-language-server: $schema=https://raw.githubusercontent.com/relaciona/relaciona/main/schemas/deployment.json
kind: deployment
version: 1
name: Intendencia de Ejemplo
country: UY
calendar:
  working_holidays_stop: true
  closures:
    - date: 2026-10-05
      name: Aniversario
`)
	var cfg struct {
		Name     string `yaml:"name"`
		Calendar struct {
			Closures []struct {
				Date string `yaml:"date"`
			} `yaml:"closures"`
		} `yaml:"calendar"`
	}
	kind, err := schemas.Decode("deployment.yaml", file, relaciona.Spanish, &cfg)
	fmt.Println(kind, err, cfg.Name, cfg.Calendar.Closures[0].Date)
	// Output: deployment <nil> Intendencia de Ejemplo 2026-10-05
}
