// Package report is the public report model of relaciona and its
// renderers: every process package (stakeholder, alliance, satisfaction,
// citizen) builds a Document, and the CLI or an embedding application
// writes it with the renderers here (HTML, CSV, XLSX, Markdown), so all
// reports look and behave the same wherever they are shown. See
// stakeholder's ExampleService_Report for a process report rendered by an
// embedder.
//
// # The model
//
// A Document has a title, a language (relaciona.Lang: Spanish unless
// English is asked for) and Sections of Blocks:
//
//   - Paragraph: running text.
//   - KeyFigures: the cards at the top of a dashboard (label, value, a
//     status good / warn / bad, a short note).
//   - Table: typed columns and cells. Cells are built with Text, Int,
//     Float, Percent, Date and Empty, and formatted per language: "1.234,5"
//     and "45,2 %" in Spanish, "1,234.5" and "45.2%" in English; missing
//     values, NaN and infinities show as "—".
//   - Chart: a bar, horizontal bar, stacked bar, line, scatter (with the
//     four quadrants of a power / interest grid) or heat map, drawn as
//     inline SVG. A chart always carries its data as a Table (DataTable
//     builds one), shown under the picture and written by the data
//     renderers.
//   - List (items with an optional status) and Note (an info or warning
//     box).
//
// # The renderers
//
//   - HTML: one self-contained, accessible page (no script, no external
//     resource; responsive, printable). Site writes several pages that link
//     each other.
//   - CSV and WriteCSVs: RFC 4180 files, one per table, guarded against
//     formula injection, optionally with a BOM for Excel.
//   - XLSX: an Excel workbook with one sheet per table and typed cells.
//   - Markdown: tables as pipe tables, charts as their tables.
//
// Output is deterministic: the same Document gives the same bytes, so
// reports can be compared and cached. Charts are accessible: each SVG has
// role="img", a <title> and a generated <desc>, uses the Okabe-Ito
// colour-blind safe palette, and adds patterns, marker shapes, dash styles
// or printed values so that colour is never the only cue.
//
// All text from the model is escaped in every format: report data comes
// from users. Renderers never panic; a malformed document (a chart without
// its table, a row wider than its columns, two blocks with one ID) is an
// error wrapping relaciona.ErrInvalid.
package report
