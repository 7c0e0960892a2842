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
//     Float, Percent, Date (or Day, from a calendar day) and Empty, and
//     formatted per language: "1.234,5" and "45,2 %" in Spanish, "1,234.5"
//     and "45.2%" in English; missing values, NaN and infinities show as
//     "—". An optional Total row closes the table.
//   - Chart: a bar, horizontal bar, stacked bar, line, scatter (with the
//     four quadrants of a power / interest grid) or heat map, drawn as
//     inline SVG. A chart always carries its data as a Table (DataTable
//     builds one), shown under the picture and written by the data
//     renderers.
//   - List (items with an optional status) and Note (an info or warning
//     box).
//
// # Pages a director reads
//
// The HTML page stays short whatever the data: a table shows its first
// Table.PageRows rows (DefaultPageRows, ten, unless set) and its Total row,
// the rest folded in a closed <details>; a Section marked Folded shows only
// its title until opened; charts that follow each other sit two by two on
// a wide screen; every chart scales to its box (viewBox, width 100%), down
// to a phone's width. Site's index shows one headline chart of each page
// (Page.Headline). So a page opens with its key figures and charts: put
// the KeyFigures and the charts first, and sort each table so its first
// rows are the ones that matter. The exports always carry every row.
//
// # The renderers
//
//   - HTML: one self-contained, accessible page (no script, no external
//     resource; responsive, printable). Site writes several pages that link
//     each other, and the index.
//   - CSV and WriteCSVs: RFC 4180 files, one per table, numbers rounded as
//     the page shows them, guarded against formula injection, optionally
//     with a BOM for Excel; WithDialect(DialectES) writes ';' and a decimal
//     comma, which spreadsheets in Spanish locales read as numbers.
//   - XLSX: an Excel workbook with one sheet per table and typed cells:
//     numbers are numbers with a number format, dates are dates.
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
