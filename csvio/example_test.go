package csvio_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/relaciona/relaciona"
	"github.com/relaciona/relaciona/csvio"
)

// A register's file is read row by row; a bad row is reported with its
// line and column and the reading goes on.
func ExampleReader() {
	schema := csvio.Schema{Columns: []csvio.Column{
		{Name: "id", Required: true},
		{Name: "name", Aliases: []string{"nombre"}, Required: true, Personal: true},
		{Name: "since", Type: csvio.Date},
	}, Key: []string{"id"}}
	file := "\ufeffid;nombre;since\nc1;Junta de Acción Comunal;15/03/2026\nc2;=HYPERLINK(A1);2026-03-16\n"
	r := csvio.NewReader(strings.NewReader(file), schema, csvio.Options{File: "clients.csv", Lang: relaciona.English})
	for row, err := range r.Rows() {
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(row.Line, row.Text("id"), row.Text("name"), row.Date("since"))
	}
	// Output:
	// 2 c1 Junta de Acción Comunal 2026-03-15
	// clients.csv:3: name: the cell starts like a formula (= + - @, tab or return): write it with an apostrophe in front ('=...)
}

// A Writer neutralises what a spreadsheet would run.
func ExampleWriter() {
	schema := csvio.Schema{Columns: []csvio.Column{{Name: "id", Required: true}, {Name: "note"}, {Name: "delta", Type: csvio.Integer}}}
	w, _ := csvio.NewWriter(os.Stdout, schema, csvio.WriterOptions{})
	_ = w.Write([]string{"a", "=1+1", csvio.FormatInt(-3)})
	_ = w.Flush()
	// Output:
	// id,note,delta
	// a,'=1+1,-3
}
