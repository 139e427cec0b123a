package main

import (
	"testing"

	"kontor/domain/importing"
)

func TestSpreadsheetSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Acme", "Acme"},
		{"=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"},
		{"+48600100200", "'+48600100200"},
		{"-12.50", "'-12.50"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\tcmd", "'\tcmd"},
		{"\rcmd", "'\rcmd"},
		{"a=b", "a=b"},
		{"'til dawn", "'til dawn"},
		{" =1+1", " =1+1"},
		{"Łódź", "Łódź"},
	}
	for _, tt := range tests {
		got := spreadsheetSafe(tt.in)
		if got != tt.want {
			t.Errorf("spreadsheetSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
		// The import's guard stripping gives the original value back.
		if back := importing.StripFormulaGuard(got); back != tt.in {
			t.Errorf("StripFormulaGuard(spreadsheetSafe(%q)) = %q", tt.in, back)
		}
	}
	row := spreadsheetSafeRow([]string{"=1", "x", "-"})
	if row[0] != "'=1" || row[1] != "x" || row[2] != "'-" {
		t.Errorf("spreadsheetSafeRow: %q", row)
	}
}
