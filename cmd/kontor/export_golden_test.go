package main

import (
	"path/filepath"
	"testing"
)

// Golden tests of export and template output (see records_golden_test.go
// for the pattern; go test ./cmd/kontor -run Golden -update rewrites them).

// TestGoldenExport exports a small fixed data file in CSV, JSON and JSON
// Lines: the columns, their order, quoting, guards and custom columns.
func TestGoldenExport(t *testing.T) {
	db := newGoldenDB(t)
	for _, args := range [][]string{
		{"companies", "add", "--name", "Acme sp. z o.o.", "--tax-id", "NIP=526-025-02-74", "--tax-id", "REGON=012100784", "--tax-id", "EIN=12-3456789",
			"--city", "Kraków", "--phone", "12 345 67 89", "--website", "https://www.acme.pl/", "--employees", "120", "--custom", "tier=2"},
		{"companies", "add", "--name", "北京示例科技有限公司", "--tax-id", "USCC=91350100M000100Y43", "--notes", "=1+1"},
		{"people", "add", "--first-name", "Anna", "--last-name", "Nowak", "--email", "anna@acme.pl", "--email", "anna.nowak@gmail.com",
			"--phone", "600 100 200", "--phone", "+48 22 123 45 67", "--company", "acme", "--birthday", "1985-03-02", "--title", "-CFO-",
			"--custom", "lead_source=web", "--custom", "VIP=yes", "--notes", "Met at the fair\nSaid \"call in May\", then left"},
		{"people", "add", "--first-name", "伟", "--last-name", "王", "--company", "北京示例科技有限公司", "--email", "wang@example.cn"},
		{"deals", "add", "--title", "Website redesign", "--company", "acme", "--person", "anna@acme.pl", "--amount", "12 500,00",
			"--close-date", "2030-06-30", "--probability", "40%", "--custom", "renewal_date=2031-01-01"},
		{"deals", "add", "--title", "Licence", "--person", "王伟", "--stage", "won", "--amount", "1000", "--currency", "JPY"},
	} {
		mustKontor(t, db, args...)
	}
	out := filepath.Join(t.TempDir(), "people.csv")
	steps := []goldenStep{
		{name: "export-people-csv", args: []string{"export", "people"}},
		{name: "export-companies-csv", args: []string{"export", "companies"}},
		{name: "export-deals-csv", args: []string{"export", "deals"}},
		{name: "export-people-json", args: []string{"export", "people", "--format", "json"}},
		{name: "export-companies-json", args: []string{"export", "companies", "--format", "json"}},
		{name: "export-deals-jsonl", args: []string{"export", "deals", "--format", "jsonl"}},
		{name: "export-people-filter", args: []string{"export", "people", "--filter", "acme", "--format", "jsonl"}},
		{name: "export-bad-format", code: exitUsage, args: []string{"export", "people", "--format", "xls"}},
		{name: "export-unknown-type", code: exitUsage, args: []string{"export", "leads"}},
	}
	runGoldenSession(t, db, steps)
	// The message after a file export names the file, which is a temporary
	// path: checked here, not in a golden file.
	if _, errOut, code := kontorIn(t, db, "export", "people", "--out", out); code != 0 || errOut != "exported 2 people to "+out+"\n" {
		t.Errorf("export --out: exit %d, stderr %q", code, errOut)
	}
}

// TestGoldenTemplates keeps the CSV template of each type in each language.
func TestGoldenTemplates(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db") // no data file: the default pipeline, no custom fields
	var steps []goldenStep
	for _, typ := range recordTypeArgs {
		for _, lang := range templateLangs {
			steps = append(steps, goldenStep{name: "template-" + typ + "-" + lang, args: []string{"template", typ, "--lang", lang}})
		}
	}
	steps = append(steps, goldenStep{name: "template-bad-lang", code: exitUsage, args: []string{"template", "people", "--lang", "de"}})
	runGoldenSession(t, db, steps)
}
