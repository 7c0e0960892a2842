package schemas

import (
	"testing"

	"github.com/relaciona/relaciona"
)

const benchFile = `kind: deployment
version: 1
name: Alcaldía de Ejemplo
country: CO
timezone: America/Bogota
lang: es
store: sqlite://relaciona.db
tickets:
  url: plugin:///opt/relaciona/bin/redmine?endpoint=https://soporte.ejemplo.gov.co
  secret_env: REDMINE_TOKEN
  status_map: {Nuevo: new, "En curso": open, "En espera": pending, Resuelto: resolved, Cerrado: closed, Rechazado: rejected}
calendar:
  closures:
    - {date: 2026-12-24, name: Nochebuena}
    - {date: 2026-12-31, name: Fin de año}
log: {level: info}
processes:
  citizen: citizen.yaml
  stakeholder: stakeholder.yaml
`

// BenchmarkDecode measures validating and decoding a typical deployment file.
func BenchmarkDecode(b *testing.B) {
	data := []byte(benchFile)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		var d testDeployment
		if _, err := Decode("f.yaml", data, relaciona.Spanish, &d); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeInvalid measures a file with several problems.
func BenchmarkDecodeInvalid(b *testing.B) {
	data := []byte(benchFile + "colour: red\nlog2: x\n")
	for b.Loop() {
		if _, err := Decode("f.yaml", data, relaciona.Spanish, nil); err == nil {
			b.Fatal("want an error")
		}
	}
}
