package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"kontor/domain"
	"kontor/domain/importing"
)

// mustKontor runs a command that must succeed and returns its output.
func mustKontor(t *testing.T, db string, args ...string) string {
	t.Helper()
	out, errOut, code := kontorIn(t, db, args...)
	if code != 0 {
		t.Fatalf("kontor %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
	}
	return out
}

func jsonObject(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, s)
	}
	return m
}

// An update changes the fields given and updated_at, nothing else.
func TestUpdateChangesOnlyGivenFields(t *testing.T) {
	db := newGoldenDB(t)
	mustKontor(t, db, "companies", "add", "--name", "Acme sp. z o.o.", "--tax-id", "NIP=5260250274", "--tax-id", "REGON=012100784",
		"--city", "Kraków", "--phone", "12 345 67 89", "--website", "acme.pl", "--employees", "12", "--industry", "Steel", "--notes", "n",
		"--custom", "tier=1")
	mustKontor(t, db, "companies", "add", "--name", "Globex")
	mustKontor(t, db, "people", "add", "--first-name", "Anna", "--last-name", "Nowak", "--email", "anna@acme.pl", "--email", "a@b.pl",
		"--phone", "600 100 200", "--title", "CFO", "--company", "acme", "--birthday", "1990-01-02", "--street", "Długa 1", "--city", "Kraków",
		"--postal-code", "30-001", "--state", "małopolskie", "--country", "Polska", "--notes", "x", "--custom", "lead_source=web", "--custom", "vip=no")
	mustKontor(t, db, "deals", "add", "--title", "Deal", "--company", "acme", "--person", "1", "--stage", "Qualified", "--amount", "100",
		"--close-date", "2030-01-01", "--probability", "10", "--notes", "d", "--custom", "renewal_date=2031-01-01")

	tests := []struct {
		typ     string
		args    []string
		changed map[string]any // key → value after
	}{
		{"people", []string{"--title", "CEO"}, map[string]any{"title": "CEO"}},
		{"people", []string{"--first-name", "Ania"}, map[string]any{"first_name": "Ania"}},
		{"people", []string{"--email", "new@acme.pl"}, map[string]any{"emails": []any{"new@acme.pl"}}},
		{"people", []string{"--phone", "+48 601 200 300"}, map[string]any{"phones": []any{"+48601200300"}}},
		{"people", []string{"--company", "Globex"}, map[string]any{"company_id": 2.0, "company": "Globex"}},
		{"people", []string{"--birthday", ""}, map[string]any{"birthday": nil}},
		{"people", []string{"--city", "Łódź"}, map[string]any{"city": "Łódź"}},
		{"people", []string{"--custom", "vip=yes"}, map[string]any{"custom": map[string]any{"lead_source": "web", "vip": true}}},
		{"people", []string{"--notes", ""}, map[string]any{"notes": ""}},
		{"companies", []string{"--industry", "Retail"}, map[string]any{"industry": "Retail"}},
		{"companies", []string{"--employees", "1 200"}, map[string]any{"employees": 1200.0}},
		{"companies", []string{"--tax-id", "KRS=0000012345"}, map[string]any{"tax_ids": map[string]any{"NIP": "5260250274", "REGON": "012100784", "KRS": "0000012345"}}},
		{"companies", []string{"--tax-id", "regon="}, map[string]any{"tax_ids": map[string]any{"NIP": "5260250274", "KRS": "0000012345"}}},
		{"companies", []string{"--domain", "acme.com"}, map[string]any{"domain": "acme.com"}},
		{"companies", []string{"--custom", "Tier=3"}, map[string]any{"custom": map[string]any{"tier": 3.0}}},
		{"deals", []string{"--stage", "proposal"}, map[string]any{"stage": "Proposal"}},
		{"deals", []string{"--amount", "2.500,50"}, map[string]any{"amount": "2500.50"}},
		{"deals", []string{"--currency", "eur"}, map[string]any{"currency": "EUR"}},
		{"deals", []string{"--probability", "55 %"}, map[string]any{"probability": 55.0}},
		{"deals", []string{"--person", "Nowak Ania"}, map[string]any{}}, // the same person, by name
		{"deals", []string{"--company", ""}, map[string]any{"company_id": nil, "company": ""}},
		{"deals", []string{"--close-date", "2030-02-03"}, map[string]any{"close_date": "2030-02-03"}},
	}
	for _, tt := range tests {
		t.Run(tt.typ+" "+strings.Join(tt.args, " "), func(t *testing.T) {
			before := jsonObject(t, mustKontor(t, db, tt.typ, "show", "1", "--json"))
			after := jsonObject(t, mustKontor(t, db, append([]string{tt.typ, "update", "1", "--json"}, tt.args...)...))
			shown := jsonObject(t, mustKontor(t, db, tt.typ, "show", "1", "--json"))
			if !reflect.DeepEqual(after, shown) {
				t.Errorf("update printed %v\nshow prints %v", after, shown)
			}
			for k, v := range before {
				want, isChanged := tt.changed[k]
				switch {
				case k == "updated_at":
				case isChanged:
					if !reflect.DeepEqual(after[k], want) {
						t.Errorf("%s = %#v, want %#v", k, after[k], want)
					}
				case !reflect.DeepEqual(after[k], v):
					t.Errorf("%s changed from %#v to %#v", k, v, after[k])
				}
			}
		})
	}
}

// --csv has the columns of --json, in the same order, then the custom
// fields; --jsonl holds the objects of --json, one a line.
func TestListFormatsAgree(t *testing.T) {
	db := newGoldenDB(t)
	mustKontor(t, db, "companies", "add", "--name", "Acme", "--tax-id", "NIP=5260250274", "--custom", "tier=2")
	mustKontor(t, db, "people", "add", "--first-name", "Anna", "--email", "a@acme.pl", "--phone", "600100200", "--company", "acme", "--custom", "vip=yes")
	mustKontor(t, db, "people", "add", "--first-name", "Jan", "--notes", "two\nlines, \"quoted\"")
	mustKontor(t, db, "deals", "add", "--title", "D", "--amount", "5", "--person", "Anna")
	jsonTypes := map[string]reflect.Type{"people": reflect.TypeFor[personJSON](), "companies": reflect.TypeFor[companyJSON](), "deals": reflect.TypeFor[dealJSON]()}
	for _, typ := range []string{"people", "companies", "deals"} {
		t.Run(typ, func(t *testing.T) {
			var arr []map[string]any
			if err := json.Unmarshal([]byte(mustKontor(t, db, typ, "list", "--json")), &arr); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(mustKontor(t, db, typ, "list", "--jsonl"), "\n"), "\n")
			if len(lines) != len(arr) {
				t.Fatalf("--jsonl has %d lines, --json %d objects", len(lines), len(arr))
			}
			for i, l := range lines {
				if !reflect.DeepEqual(jsonObject(t, l), arr[i]) {
					t.Errorf("line %d: %s differs from %v", i, l, arr[i])
				}
			}
			rows, err := csv.NewReader(strings.NewReader(mustKontor(t, db, typ, "list", "--csv"))).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			var keys []string
			jt := jsonTypes[typ]
			for i := range jt.NumField() {
				if k := strings.Split(jt.Field(i).Tag.Get("json"), ",")[0]; k != "custom" {
					keys = append(keys, k)
				}
			}
			if !reflect.DeepEqual(rows[0][:len(keys)], keys) {
				t.Errorf("CSV headers %v\nJSON keys   %v", rows[0], keys)
			}
			if len(rows) != len(arr)+1 {
				t.Fatalf("%d CSV rows for %d records", len(rows)-1, len(arr))
			}
			for i, obj := range arr {
				for j, h := range rows[0] {
					cell := importing.StripFormulaGuard(rows[i+1][j])
					var want string
					if k, ok := strings.CutPrefix(h, "custom."); ok {
						want = domain.FormatCustom(obj["custom"].(map[string]any)[k])
					} else {
						want = jsonCellText(obj[h])
					}
					if cell != want {
						t.Errorf("record %d %s: CSV %q, JSON %q", i, h, cell, want)
					}
				}
			}
		})
	}
}

// jsonCellText is how CSV writes a JSON value.
func jsonCellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = p.(string)
		}
		return strings.Join(parts, "; ")
	case map[string]any:
		return taxIDsText(func() map[string]string {
			m := map[string]string{}
			for k, v := range x {
				m[k] = v.(string)
			}
			return m
		}())
	}
	return "?"
}

// Records imported from the hostile fixture: --csv cells never start a
// formula, and give the stored values back once the guard is stripped;
// the human list and show print no control characters.
func TestListHostileRecords(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	if res := runImportJSON(t, db, "testdata/hostile/terminal-and-formula.csv", 0); res.Created != 6 {
		t.Fatalf("import: %+v", res)
	}
	var people []personJSON
	if err := json.Unmarshal([]byte(mustKontor(t, db, "people", "list", "--json")), &people); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(mustKontor(t, db, "people", "list", "--csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	notes := -1
	for i, h := range rows[0] {
		if h == "notes" {
			notes = i
		}
	}
	formulas := 0
	for r, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("row %d: cell %q starts a formula", r+1, cell)
			}
		}
		if got := importing.StripFormulaGuard(row[notes]); got != people[r].Notes {
			t.Errorf("row %d notes: %q, stored %q", r+1, got, people[r].Notes)
		}
		if row[notes] != people[r].Notes {
			formulas++
		}
	}
	if formulas != 6 {
		t.Errorf("%d notes neutralised, want the fixture's 6 formulas", formulas)
	}
	human := mustKontor(t, db, "people", "list")
	for _, p := range people {
		human += mustKontor(t, db, "people", "show", idText(p.ID))
	}
	for _, r := range human {
		if r == 0x1b || r == 0x07 || (r >= 0x80 && r < 0xa0) || r == '\u202e' || r == '\u200b' || (r < 0x20 && r != '\n') {
			t.Errorf("human output has %U", r)
		}
	}
}

// Lists read page by page give the same output as one page, for every
// sort, with filters and limits.
func TestListPaging(t *testing.T) {
	db := newGoldenDB(t)
	s := openDB(t, db)
	ctx := context.Background()
	cities := []string{"Kraków", "", "Łódź", "Gdańsk", "kraków"}
	for i := range 23 {
		c := domain.Company{Name: "Firma " + itoa(i%7) + " " + itoa(i), Address: domain.Address{City: cities[i%len(cities)]}}
		if err := s.CreateCompany(ctx, &c); err != nil {
			t.Fatal(err)
		}
		p := domain.Person{FirstName: "Jan" + itoa(i%3), LastName: "Nowak" + itoa(i%4), CompanyID: c.ID}
		if i%5 != 0 {
			p.Emails = []domain.Email{{Address: "jan" + itoa(23-i) + "@x.pl"}}
		}
		if err := s.CreatePerson(ctx, &p); err != nil {
			t.Fatal(err)
		}
		d := domain.Deal{Title: "Deal " + itoa(i%6), CompanyID: c.ID}
		if i%4 != 0 {
			d.Amount = &domain.Money{Minor: int64(i%5) * 1000, Currency: "PLN"}
		}
		if err := s.CreateDeal(ctx, &d); err != nil {
			t.Fatal(err)
		}
	}
	for _, typ := range domain.RecordTypes {
		for _, sort := range domain.Sorts(typ) {
			for _, opts := range []listOptions{{}, {desc: true}, {filter: "firma 3"}, {limit: 7}, {desc: true, limit: 11, filter: "nowak"}} {
				opts.sort = sort
				for _, format := range []listFormat{formatJSON, formatTable} {
					opts.format = format
					var small, big bytes.Buffer
					opts.pageSize = 2
					if err := writeList(ctx, &small, s, typ, opts, 100); err != nil {
						t.Fatal(err)
					}
					opts.pageSize = 1000
					if err := writeList(ctx, &big, s, typ, opts, 100); err != nil {
						t.Fatal(err)
					}
					if small.String() != big.String() {
						t.Errorf("%s %+v: pages of 2 give\n%s\none page gives\n%s", typ, opts, small.String(), big.String())
					}
					if opts.limit > 0 && format == formatJSON {
						var arr []any
						json.Unmarshal(big.Bytes(), &arr)
						if len(arr) > opts.limit {
							t.Errorf("%s %+v: %d records", typ, opts, len(arr))
						}
					}
				}
			}
		}
	}
}

func TestParseSort(t *testing.T) {
	tests := []struct {
		typ  domain.RecordType
		in   string
		want domain.SortField
		ok   bool
	}{
		{domain.TypePerson, "name", domain.SortName, true},
		{domain.TypePerson, "EMAIL", domain.SortEmail, true},
		{domain.TypePerson, "created_at", domain.SortCreated, true},
		{domain.TypePerson, "title", domain.SortTitle, true},
		{domain.TypePerson, "amount", "", false},
		{domain.TypeDeal, "close-date", domain.SortCloseDate, true},
		{domain.TypeDeal, "title", domain.SortName, true},
		{domain.TypeDeal, "stage", domain.SortStage, true},
		{domain.TypeCompany, "city", domain.SortCity, true},
		{domain.TypeCompany, "email", "", false},
		{domain.TypeCompany, "", "", false},
	}
	for _, tt := range tests {
		got, err := parseSort(tt.typ, tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("parseSort(%s, %q) = %q, %v", tt.typ, tt.in, got, err)
		}
		if err != nil && !strings.Contains(err.Error(), sortNames(tt.typ)) {
			t.Errorf("error %q does not list the valid fields", err)
		}
	}
}

// Deals name people by e-mail and by name; a name several people share is
// settled by the deal's company, else refused.
func TestDealPersonResolution(t *testing.T) {
	db := newGoldenDB(t)
	mustKontor(t, db, "companies", "add", "--name", "Acme")
	mustKontor(t, db, "companies", "add", "--name", "Globex")
	mustKontor(t, db, "people", "add", "--first-name", "Jan", "--last-name", "Nowak", "--company", "acme", "--email", "jan@acme.pl")
	mustKontor(t, db, "people", "add", "--first-name", "Jan", "--last-name", "Nowak", "--company", "globex", "--email", "JAN@globex.pl", "--email", "jn@home.pl")
	tests := []struct {
		args       []string
		code       int
		wantPerson float64
		wantErr    string
	}{
		{[]string{"--person", "jn@home.pl"}, 0, 2, ""},
		{[]string{"--person", "jan@GLOBEX.pl"}, 0, 2, ""},
		{[]string{"--person", "1"}, 0, 1, ""},
		{[]string{"--person", "Jan Nowak", "--company", "globex"}, 0, 2, ""},
		{[]string{"--person", "nowak jan", "--company", "1"}, 0, 1, ""},
		{[]string{"--person", "Jan Nowak"}, 2, 0, `matches 2 people (1 Jan Nowak, 2 Jan Nowak): give the id`},
		{[]string{"--person", "99"}, 2, 0, "--person: there is no person 99"},
		{[]string{"--person", "nobody@x.pl"}, 2, 0, `--person: there is no person "nobody@x.pl"`},
		{[]string{"--person", "x@"}, 2, 0, `--person: e-mail address "x@"`},
	}
	for _, tt := range tests {
		out, errOut, code := kontorIn(t, db, append([]string{"deals", "add", "--title", "T", "--json"}, tt.args...)...)
		if code != tt.code || !strings.Contains(errOut, tt.wantErr) {
			t.Errorf("%v: exit %d, stderr %q; want %d, %q", tt.args, code, errOut, tt.code, tt.wantErr)
			continue
		}
		if code == 0 {
			if got := jsonObject(t, out)["person_id"]; got != tt.wantPerson {
				t.Errorf("%v: person_id %v, want %v", tt.args, got, tt.wantPerson)
			}
		}
	}
}

// --create-company makes the company and the record in one transaction:
// when the record is refused, no company is left behind; an existing
// company of that name is linked, not duplicated.
func TestCreateCompanyWithRecord(t *testing.T) {
	db := newGoldenDB(t)
	_, errOut, code := kontorIn(t, db, "people", "add", "--company", "Initech", "--create-company", "--birthday", "2999-01-01", "--first-name", "X")
	if code != 2 || !strings.Contains(errOut, "--birthday") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if out := mustKontor(t, db, "companies", "list", "--jsonl"); out != "" {
		t.Errorf("a refused person left a company behind: %s", out)
	}
	p := jsonObject(t, mustKontor(t, db, "people", "add", "--first-name", "A", "--company", "Initech", "--create-company", "--json"))
	d := jsonObject(t, mustKontor(t, db, "deals", "add", "--title", "T", "--company", "INITECH", "--create-company", "--json"))
	if p["company_id"] != d["company_id"] || p["company_id"] == nil {
		t.Errorf("person company %v, deal company %v", p["company_id"], d["company_id"])
	}
	u := jsonObject(t, mustKontor(t, db, "deals", "update", "1", "--company", "Hooli", "--create-company", "--json"))
	if u["company"] != "Hooli" || u["company_id"] != 2.0 {
		t.Errorf("update with a new company: %v", u)
	}
	if _, errOut, code := kontorIn(t, db, "people", "add", "--first-name", "B", "--create-company"); code != 2 || !strings.Contains(errOut, "--create-company: needs --company") {
		t.Errorf("--create-company alone: exit %d %s", code, errOut)
	}
}

// Every command of the scripting interface has an example in its help.
func TestHelpExamples(t *testing.T) {
	a := &app{io: stdio{in: strings.NewReader(""), out: &bytes.Buffer{}, err: &bytes.Buffer{}}, getenv: func(string) string { return "" }}
	root := a.rootCmd()
	mine := map[string]bool{"people": true, "companies": true, "deals": true, "stages": true, "completion": true}
	var walk func(c *cobra.Command)
	checked := 0
	walk = func(c *cobra.Command) {
		if c.Example == "" {
			t.Errorf("%q has no example", c.CommandPath())
		}
		checked++
		for _, sub := range c.Commands() {
			if !sub.Hidden && sub.Name() != "help" {
				walk(sub)
			}
		}
	}
	for _, c := range root.Commands() {
		if mine[c.Name()] {
			walk(c)
		}
	}
	if checked != 5+3*5+5 {
		t.Errorf("checked %d commands", checked)
	}
	for _, args := range [][]string{{"people", "add", "--help"}, {"stages", "delete", "--help"}, {"completion", "--help"}} {
		out, _, code := kontorIn(t, filepath.Join(t.TempDir(), "k.db"), args...)
		if code != 0 || !strings.Contains(out, "Examples:") {
			t.Errorf("%v: exit %d\n%s", args, code, out)
		}
	}
}

func TestCompletion(t *testing.T) {
	db := newGoldenDB(t)
	mustKontor(t, db, "stages", "add", "Demo call")
	tests := []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"completion", "bash"}, 0, []string{"__start_kontor", "complete -o default -F __start_kontor kontor"}},
		{[]string{"completion", "zsh"}, 0, []string{"#compdef kontor", "_kontor"}},
		{[]string{"completion", "fish"}, 0, []string{"complete -c kontor"}},
		{[]string{"completion", "powershell"}, 2, nil},
		{[]string{"completion"}, 2, nil},
		{[]string{"__complete", "stages", "delete", ""}, 0, []string{"Lead\n", "Demo call\n", "Won\n"}},
		{[]string{"__complete", "stages", "delete", "Lead", "--move-to", ""}, 0, []string{"Proposal\n"}},
		{[]string{"__complete", "deals", "add", "--stage", ""}, 0, []string{"Qualified\n"}},
		{[]string{"__complete", "people", "list", "--sort", ""}, 0, []string{"name\n", "email\n", "updated\n"}},
		{[]string{"__complete", "deals", "list", "--sort", ""}, 0, []string{"amount\n", "close_date\n"}},
		{[]string{"__complete", "people", ""}, 0, []string{"list", "show", "add", "update", "delete"}},
	}
	for _, tt := range tests {
		out, errOut, code := kontorIn(t, db, tt.args...)
		if code != tt.code {
			t.Errorf("%v: exit %d, want %d: %s", tt.args, code, tt.code, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: no %q in\n%.600s", tt.args, w, out)
			}
		}
	}
}

// failingReader is standard input that cannot be read.
type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("input/output error") }

func TestExitCodes(t *testing.T) {
	db := newGoldenDB(t)
	mustKontor(t, db, "companies", "add", "--name", "Acme")
	notADB := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(notADB, []byte("just text, not SQLite"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		db   string
		args []string
		code int
	}{
		{"list", db, []string{"companies", "list"}, exitOK},
		{"show", db, []string{"companies", "show", "1"}, exitOK},
		{"not a data file", notADB, []string{"people", "list"}, exitPartial},
		{"unknown flag", db, []string{"people", "list", "--colour"}, exitUsage},
		{"unknown subcommand", db, []string{"people", "frobnicate"}, exitUsage},
		{"unknown stages subcommand", db, []string{"stages", "reorder"}, exitUsage},
		{"group alone prints help", db, []string{"deals"}, exitOK},
		{"extra argument", db, []string{"people", "list", "x"}, exitUsage},
		{"missing id", db, []string{"deals", "show"}, exitUsage},
		{"bad id", db, []string{"companies", "update", "-3", "--name", "X"}, exitUsage},
		{"negative limit", db, []string{"deals", "list", "--limit", "-1"}, exitUsage},
		{"bad sort", db, []string{"companies", "list", "--sort", "amount"}, exitUsage},
		{"invalid field", db, []string{"companies", "add", "--name", ""}, exitUsage},
		{"unknown custom field", db, []string{"deals", "add", "--title", "T", "--custom", "x=1"}, exitUsage},
		{"delete without --yes", db, []string{"companies", "delete", "1"}, exitUsage},
		{"stage flags clash", db, []string{"stages", "rename", "Lead", "--won", "--lost"}, exitUsage},
		{"show missing person", db, []string{"people", "show", "42"}, exitNotFound},
		{"update missing company", db, []string{"companies", "update", "42", "--name", "X"}, exitNotFound},
		{"delete missing deal", db, []string{"deals", "delete", "42", "--yes"}, exitNotFound},
		{"delete missing person", db, []string{"people", "delete", "42", "--yes"}, exitNotFound},
		{"missing stage", db, []string{"stages", "move", "Nope", "1"}, exitNotFound},
	}
	for _, tt := range tests {
		_, errOut, code := kontorIn(t, tt.db, tt.args...)
		if code != tt.code {
			t.Errorf("%s: kontor %s: exit %d, want %d (%s)", tt.name, strings.Join(tt.args, " "), code, tt.code, errOut)
		}
		if code != 0 && !strings.HasPrefix(errOut, "kontor: ") {
			t.Errorf("%s: no message on standard error: %q", tt.name, errOut)
		}
	}
	// Standard input that cannot be read: exit 3, nothing written.
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"--db", db, "companies", "update", "1", "--notes", "-"},
		stdio{in: failingReader{}, out: &out, err: &errb}, func(string) string { return "" })
	if code != exitInput || !strings.Contains(errb.String(), "--notes -: read standard input") {
		t.Errorf("unreadable stdin: exit %d: %s", code, errb.String())
	}
}
