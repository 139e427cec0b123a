package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kontor/domain"
)

// Golden tests of the record and stage commands: a scripted session against
// a fresh data file, each command's standard output, standard error and
// exit status compared with testdata/golden/<name>.golden. Timestamps are
// the only thing that changes between runs; the comparison replaces them
// with <TIME> (the product's own output is not faked). Run
//
//	go test ./cmd/kontor -run Golden -update
//
// to rewrite the files after a deliberate change, and review the diff.

var updateGolden = flag.Bool("update", false, "rewrite the golden files in cmd/kontor/testdata/golden")

var goldenTimes = []*regexp.Regexp{
	regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z`), // JSON
	regexp.MustCompile(`\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC`),     // human
}

// normalizeGolden replaces timestamps with <TIME>.
func normalizeGolden(s string) string {
	for _, re := range goldenTimes {
		s = re.ReplaceAllString(s, "<TIME>")
	}
	return s
}

// goldenStep is one command of a golden session.
type goldenStep struct {
	name  string // golden file name, without extension
	args  []string
	stdin string
	code  int
}

// kontorStdin runs a command line in-process with the given standard input.
func kontorStdin(t *testing.T, db, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := map[string]string{"HOME": t.TempDir()}
	code = run(context.Background(), append([]string{"--db", db}, args...), stdio{in: strings.NewReader(stdin), out: &out, err: &errb},
		func(k string) string { return env[k] })
	return out.String(), errb.String(), code
}

// checkGolden compares a session step with its golden file.
func checkGolden(t *testing.T, step goldenStep, stdout, stderr string, code int) {
	t.Helper()
	var b strings.Builder
	b.WriteString("$ kontor " + shellJoin(step.args) + "\n")
	if step.stdin != "" {
		b.WriteString("--- stdin\n" + step.stdin + "\n")
	}
	b.WriteString("--- stdout\n" + stdout)
	if stderr != "" {
		b.WriteString("--- stderr\n" + stderr)
	}
	b.WriteString("--- exit " + itoa(code) + "\n")
	got := normalizeGolden(b.String())
	path := filepath.Join("testdata", "golden", step.name+".golden")
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v (run with -update to create it)", step.name, err)
	}
	if got != string(want) {
		t.Errorf("%s: output differs from %s\n--- got\n%s\n--- want\n%s", step.name, path, got, want)
	}
}

func shellJoin(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n\"'$&|;<>()*?") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		out[i] = a
	}
	return strings.Join(out, " ")
}

// runGoldenSession runs the steps in order against db.
func runGoldenSession(t *testing.T, db string, steps []goldenStep) {
	t.Helper()
	for _, step := range steps {
		stdout, stderr, code := kontorStdin(t, db, step.stdin, step.args...)
		if code != step.code {
			t.Errorf("%s: kontor %s: exit %d, want %d\nstdout: %s\nstderr: %s", step.name, shellJoin(step.args), code, step.code, stdout, stderr)
		}
		checkGolden(t, step, stdout, stderr, code)
	}
}

// newGoldenDB makes a data file with custom fields defined (the command
// line does not define them; the UI and the import do).
func newGoldenDB(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "k.db")
	s := openDB(t, db)
	for _, f := range []domain.CustomField{
		{RecordType: domain.TypePerson, Label: "Lead source", Type: domain.FieldText},
		{RecordType: domain.TypePerson, Label: "VIP", Type: domain.FieldBool},
		{RecordType: domain.TypeCompany, Label: "Tier", Type: domain.FieldNumber},
		{RecordType: domain.TypeDeal, Label: "Renewal date", Type: domain.FieldDate},
	} {
		if err := s.CreateCustomField(context.Background(), &f); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func TestGoldenRecords(t *testing.T) {
	db := newGoldenDB(t)
	steps := []goldenStep{
		// companies add
		{name: "companies-add", code: 0, args: []string{"companies", "add", "--name", "Acme sp. z o.o.", "--tax-id", "NIP=526-025-02-74",
			"--city", "Kraków", "--phone", "12 345 67 89", "--website", "https://www.acme.pl/", "--employees", "120", "--industry", "Manufacturing",
			"--custom", "tier=2"}},
		{name: "companies-add-json", code: 0, args: []string{"companies", "add", "--name", "Globex", "--email", "Biuro@Globex.pl", "--json"}},
		{name: "companies-add-agrobex-sa", code: 0, args: []string{"companies", "add", "--name", "Agrobex S.A.", "--json"}},
		{name: "companies-add-agrobex-spzoo", code: 0, args: []string{"companies", "add", "--name", "Agrobex Sp. z o.o.", "--json"}},
		{name: "companies-add-bad", code: 2, args: []string{"companies", "add", "--name", "Bad", "--tax-id", "NIP=123", "--email", "x@", "--employees", "many"}},
		{name: "companies-add-no-kind", code: 2, args: []string{"companies", "add", "--name", "Bad", "--tax-id", "5260250274"}},
		// people add
		{name: "people-add", code: 0, args: []string{"people", "add", "--first-name", "Anna", "--last-name", "Nowak", "--email", "anna@acme.pl",
			"--email", "anna.nowak@gmail.com", "--phone", "600 100 200", "--company", "ACME Sp. z o.o.", "--birthday", "1985-03-02",
			"--custom", "lead_source=web", "--custom", "VIP=yes", "--notes", "Met at the fair\nCall in May", "--city", "Kraków"}},
		{name: "people-add-json", code: 0, args: []string{"people", "add", "--first-name", "Jan", "--last-name", "Kowalski", "--email", "jan@globex.pl",
			"--company", "2", "--title", "CTO", "--json"}},
		{name: "people-add-create-company", code: 0, args: []string{"people", "add", "--first-name", "伟", "--last-name", "李", "--company", "Initech Ltd",
			"--create-company", "--json"}},
		{name: "people-add-notes-stdin", code: 0, stdin: "Notes from a pipe\nsecond line", args: []string{"people", "add", "--email", "ops@example.com", "--notes", "-", "--json"}},
		{name: "people-add-bad-email", code: 2, args: []string{"people", "add", "--first-name", "X", "--email", "x@"}},
		{name: "people-add-no-company", code: 2, args: []string{"people", "add", "--first-name", "X", "--company", "Nowhere Inc"}},
		{name: "people-add-ambiguous-company", code: 2, args: []string{"people", "add", "--first-name", "X", "--company", "agrobex"}},
		{name: "people-add-bad-custom", code: 2, args: []string{"people", "add", "--first-name", "X", "--custom", "nosuch=1", "--custom", "vip=maybe"}},
		{name: "people-add-bad-date", code: 2, args: []string{"people", "add", "--first-name", "X", "--birthday", "2023-02-30", "--phone", "abc"}},
		{name: "people-add-empty", code: 2, args: []string{"people", "add"}},
		// deals add
		{name: "deals-add", code: 0, args: []string{"deals", "add", "--title", "Website redesign", "--company", "acme", "--person", "anna@acme.pl",
			"--amount", "12 500,00", "--close-date", "2025-06-30", "--probability", "40%", "--custom", "renewal_date=2026-01-01"}},
		{name: "deals-add-json", code: 0, args: []string{"deals", "add", "--title", "Support", "--person", "Kowalski Jan", "--stage", "won",
			"--amount", "1,200.50", "--currency", "eur", "--json"}},
		{name: "deals-add-bad-stage", code: 2, args: []string{"deals", "add", "--title", "X", "--stage", "Nope"}},
		{name: "deals-add-bad-amount", code: 2, args: []string{"deals", "add", "--title", "X", "--amount", "abc"}},
		{name: "deals-add-currency-clash", code: 2, args: []string{"deals", "add", "--title", "X", "--amount", "5 EUR", "--currency", "PLN"}},
		{name: "deals-add-bad-probability", code: 2, args: []string{"deals", "add", "--title", "X", "--probability", "140"}},
		// list
		{name: "people-list", code: 0, args: []string{"people", "list"}},
		{name: "people-list-json", code: 0, args: []string{"people", "list", "--json"}},
		{name: "people-list-jsonl", code: 0, args: []string{"people", "list", "--jsonl"}},
		{name: "people-list-csv", code: 0, args: []string{"people", "list", "--csv"}},
		{name: "people-list-filter", code: 0, args: []string{"people", "list", "--filter", "acme"}},
		{name: "people-list-sort-email-desc", code: 0, args: []string{"people", "list", "--sort", "email", "--desc", "--limit", "3"}},
		{name: "people-list-bad-sort", code: 2, args: []string{"people", "list", "--sort", "birthday"}},
		{name: "people-list-two-formats", code: 2, args: []string{"people", "list", "--json", "--csv"}},
		{name: "companies-list", code: 0, args: []string{"companies", "list"}},
		{name: "companies-list-json", code: 0, args: []string{"companies", "list", "--json"}},
		{name: "companies-list-csv", code: 0, args: []string{"companies", "list", "--csv"}},
		{name: "deals-list", code: 0, args: []string{"deals", "list"}},
		{name: "deals-list-json", code: 0, args: []string{"deals", "list", "--json"}},
		{name: "deals-list-sort-amount", code: 0, args: []string{"deals", "list", "--sort", "amount", "--desc", "--jsonl"}},
		{name: "deals-list-csv", code: 0, args: []string{"deals", "list", "--csv"}},
		// show
		{name: "people-show", code: 0, args: []string{"people", "show", "1"}},
		{name: "people-show-json", code: 0, args: []string{"people", "show", "1", "--json"}},
		{name: "companies-show", code: 0, args: []string{"companies", "show", "1"}},
		{name: "companies-show-json", code: 0, args: []string{"companies", "show", "1", "--json"}},
		{name: "deals-show", code: 0, args: []string{"deals", "show", "1"}},
		{name: "deals-show-json", code: 0, args: []string{"deals", "show", "1", "--json"}},
		{name: "people-show-missing", code: 4, args: []string{"people", "show", "999"}},
		{name: "deals-show-bad-id", code: 2, args: []string{"deals", "show", "x"}},
		// update
		{name: "people-update", code: 0, args: []string{"people", "update", "1", "--title", "CEO", "--phone", "+48 601 200 300", "--phone", "600 100 200"}},
		{name: "people-update-json", code: 0, args: []string{"people", "update", "1", "--custom", "vip=", "--company", "", "--json"}},
		{name: "people-update-bad", code: 2, args: []string{"people", "update", "1", "--email", "bad@", "--birthday", "2999-01-01"}},
		{name: "people-update-missing", code: 4, args: []string{"people", "update", "999", "--title", "X"}},
		{name: "people-update-nothing", code: 2, args: []string{"people", "update", "1"}},
		{name: "companies-update", code: 0, args: []string{"companies", "update", "1", "--tax-id", "REGON=012100784", "--employees", "", "--city", "Warszawa"}},
		{name: "companies-update-json", code: 0, args: []string{"companies", "update", "1", "--tax-id", "NIP=", "--website", "https://acme.com.pl", "--json"}},
		{name: "companies-update-missing", code: 4, args: []string{"companies", "update", "999", "--name", "X"}},
		{name: "deals-update", code: 0, args: []string{"deals", "update", "1", "--stage", "Won", "--amount", "9 900", "--currency", "EUR"}},
		{name: "deals-update-json", code: 0, args: []string{"deals", "update", "1", "--currency", "JPY", "--probability", "", "--person", "", "--json"}},
		{name: "deals-update-too-many-decimals", code: 2, args: []string{"deals", "update", "2", "--currency", "KWD", "--amount", "1.2345"}},
		{name: "deals-update-currency-only-fails", code: 2, args: []string{"deals", "update", "2", "--currency", "JPY"}},
		{name: "deals-update-missing", code: 4, args: []string{"deals", "update", "999", "--title", "X"}},
		// delete
		{name: "deals-add-globex", code: 0, args: []string{"deals", "add", "--title", "Globex licence", "--company", "globex", "--person", "jan@globex.pl", "--json"}},
		{name: "companies-delete-linked-both", code: 2, args: []string{"companies", "delete", "2", "--yes"}},
		{name: "companies-delete-linked", code: 2, args: []string{"companies", "delete", "1", "--yes"}},
		{name: "companies-delete-no-yes", code: 2, args: []string{"companies", "delete", "3"}},
		{name: "companies-delete-detach", code: 0, args: []string{"companies", "delete", "1", "--detach", "--yes"}},
		{name: "companies-delete-json", code: 0, args: []string{"companies", "delete", "3", "--yes", "--json"}},
		{name: "people-delete-linked", code: 2, args: []string{"people", "delete", "2", "--yes"}},
		{name: "people-delete-json", code: 0, args: []string{"people", "delete", "2", "--yes", "--detach", "--json"}},
		{name: "deals-delete", code: 0, args: []string{"deals", "delete", "2", "-y"}},
		{name: "deals-delete-missing", code: 4, args: []string{"deals", "delete", "2", "--yes"}},
		{name: "people-show-after-delete", code: 0, args: []string{"people", "show", "1"}},
		{name: "deals-list-after-delete", code: 0, args: []string{"deals", "list", "--json"}},
	}
	runGoldenSession(t, db, steps)
}

func TestGoldenStages(t *testing.T) {
	db := newGoldenDB(t)
	for _, args := range [][]string{
		{"deals", "add", "--title", "A", "--stage", "Lead"},
		{"deals", "add", "--title", "B", "--stage", "Lead"},
		{"deals", "add", "--title", "C", "--stage", "Proposal"},
	} {
		if _, errOut, code := kontorIn(t, db, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	steps := []goldenStep{
		{name: "stages-list", code: 0, args: []string{"stages", "list"}},
		{name: "stages-list-json", code: 0, args: []string{"stages", "list", "--json"}},
		{name: "stages-add", code: 0, args: []string{"stages", "add", "Demo", "--position", "2"}},
		{name: "stages-add-json", code: 0, args: []string{"stages", "add", "Cancelled", "--lost", "--json"}},
		{name: "stages-add-duplicate", code: 2, args: []string{"stages", "add", "demo "}},
		{name: "stages-add-bad-position", code: 2, args: []string{"stages", "add", "X", "--position", "99"}},
		{name: "stages-add-won-lost", code: 2, args: []string{"stages", "add", "X", "--won", "--lost"}},
		{name: "stages-rename", code: 0, args: []string{"stages", "rename", "demo", "Product demo"}},
		{name: "stages-rename-flags-json", code: 0, args: []string{"stages", "rename", "Cancelled", "--open", "--json"}},
		{name: "stages-rename-missing", code: 4, args: []string{"stages", "rename", "Nope", "X"}},
		{name: "stages-move", code: 0, args: []string{"stages", "move", "Product demo", "5"}},
		{name: "stages-move-json", code: 0, args: []string{"stages", "move", "8", "1", "--json"}},
		{name: "stages-move-bad", code: 2, args: []string{"stages", "move", "Lead", "0"}},
		{name: "stages-delete-needs-move-to", code: 2, args: []string{"stages", "delete", "Lead"}},
		{name: "stages-delete-move-to-missing", code: 4, args: []string{"stages", "delete", "Lead", "--move-to", "Nope"}},
		{name: "stages-delete-move-to-self", code: 2, args: []string{"stages", "delete", "Lead", "--move-to", "lead"}},
		{name: "stages-delete", code: 0, args: []string{"stages", "delete", "Lead", "--move-to", "Qualified"}},
		{name: "stages-delete-json", code: 0, args: []string{"stages", "delete", "Cancelled", "--json"}},
		{name: "stages-deals-after", code: 0, args: []string{"deals", "list"}},
	}
	runGoldenSession(t, db, steps)
}
