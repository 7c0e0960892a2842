// Package csvio reads and writes the header-mapped CSV files that clerks
// keep registers in (a spreadsheet saved as CSV), for the bulk import and
// export of every process's registers (issue #18, item 5).
//
// It is a top-level package, beside package report, because an embedding
// application imports and exports the same files with it: it is public,
// reusable and knows nothing of the processes. Its name is csvio and not
// csv so that it does not shadow encoding/csv, on which it is built.
//
// A Schema lists a register's columns (name, Spanish or other aliases,
// type, required, personal) and its natural key. A Reader streams the rows
// of a file (an iterator, constant memory whatever the size of the file)
// and checks, in the language asked for:
//
//   - the encoding: UTF-8 with or without a byte-order mark; a UTF-16 or
//     UTF-32 mark, NUL bytes (UTF-16 without a mark) or bytes that are not
//     UTF-8 (a file saved as Latin-1) are refused, saying how to save it;
//   - the separator: comma or semicolon, sniffed from the header (the one
//     that appears more often outside quotes) or forced;
//   - the header: a column named twice, a column the schema does not know
//     (refused, unless Options.IgnoreUnknown: a misspelt column silently
//     ignored would lose data) and a missing required column are each one
//     error naming the column;
//   - each row, by its columns' types (Text, Date as YYYY-MM-DD or
//     dd/mm/yyyy, Integer, Decimal with comma or point, Enum, Bool, List
//     separated by "|"), with errors "FILE:LINE: column: problem";
//   - formula-looking cells: a cell that starts with = + - @, a tab or a
//     carriage return is refused (OWASP, CSV injection), except a number in
//     a numeric column; a cell escaped with a leading apostrophe ('=x) is
//     read as the text after it.
//
// A Writer writes the same files, neutralising formula-looking cells with
// a leading apostrophe (OWASP's advice), so that what it writes a Reader
// reads back unchanged.
//
// There is no row limit unless Options.MaxRows sets one; a single record
// is limited to Options.MaxRecordBytes (1 MiB by default) so that a
// malformed file (an unclosed quote) cannot fill the memory.
package csvio
