package main

// spreadsheetSafe neutralises a cell that a spreadsheet would run as a
// formula when the file is opened (CSV injection): a value starting with
// '=', '+', '-', '@', a tab or a carriage return gets an apostrophe in
// front ("+48600100200" → "'+48600100200", "=HYPERLINK(...)" →
// "'=HYPERLINK(...)"). Spreadsheets show such a cell as text, without the
// apostrophe; Kontor's import removes it again (importing.StripFormulaGuard),
// so the value comes back as it was. Every other value is returned as it is.
//
// It is used for CSV output of `kontor ... list --csv` and of
// `kontor export`, where files are made to be opened in spreadsheets.
func spreadsheetSafe(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// spreadsheetSafeRow applies spreadsheetSafe to every cell of a row, in
// place, and returns the row.
func spreadsheetSafeRow(cells []string) []string {
	for i, c := range cells {
		cells[i] = spreadsheetSafe(c)
	}
	return cells
}
