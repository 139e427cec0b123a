package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kontor/domain"
	"kontor/domain/demo"
)

// SCHEMA.md at the repository root documents the data file. These tests
// keep it honest: every table, column, index, trigger and view of the real
// schema must be named in it, every table or view it gives a section must
// exist, and every ```sql example in it must run on a demo data file and do
// what the text around it says.

const schemaDoc = "../../SCHEMA.md"

func readSchemaDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(schemaDoc)
	if err != nil {
		t.Fatalf("read %s: %v", schemaDoc, err)
	}
	return string(b)
}

// docSections splits the document at its headings: heading line → text up
// to the next heading.
func docSections(doc string) map[string]string {
	out := map[string]string{}
	var head string
	var body strings.Builder
	flush := func() {
		if head != "" {
			out[head] = body.String()
		}
		body.Reset()
	}
	inFence := false
	for _, line := range strings.Split(doc, "\n") {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
		}
		if !inFence && strings.HasPrefix(line, "#") {
			flush()
			head = line
			continue
		}
		body.WriteString(line + "\n")
	}
	flush()
	return out
}

var backticked = regexp.MustCompile("`([a-z0-9_]+)`")

type schemaObject struct{ typ, name, table string }

func schemaObjects(t *testing.T, db *sql.DB) []schemaObject {
	t.Helper()
	rows, err := db.Query("SELECT type, name, tbl_name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []schemaObject
	for rows.Next() {
		var o schemaObject
		if err := rows.Scan(&o.typ, &o.name, &o.table); err != nil {
			t.Fatal(err)
		}
		out = append(out, o)
	}
	return out
}

func columnsOf(t *testing.T, db *sql.DB, table string) []string {
	t.Helper()
	rows, err := db.Query("SELECT name FROM pragma_table_xinfo(?)", table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	if len(cols) == 0 {
		t.Fatalf("no columns for %s", table)
	}
	return cols
}

// isFTSShadow reports whether a table is one FTS5 keeps for an index
// (people_fts_data...): named in the document, its columns are FTS5's own.
func isFTSShadow(name string) bool {
	for _, suffix := range []string{"_fts_data", "_fts_idx", "_fts_config", "_fts_docsize", "_fts_content"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

func TestSchemaDocCoversSchema(t *testing.T) {
	doc := readSchemaDoc(t)
	sections := docSections(doc)
	s := openTest(t)
	objects := schemaObjects(t, s.r)
	if len(objects) < 50 {
		t.Fatalf("only %d schema objects found", len(objects))
	}
	mentioned := map[string]bool{}
	for _, m := range backticked.FindAllStringSubmatch(doc, -1) {
		mentioned[m[1]] = true
	}
	real := map[string]bool{}
	for _, o := range objects {
		real[o.name] = true
		switch {
		case !mentioned[o.name]:
			t.Errorf("SCHEMA.md does not name %s `%s`", o.typ, o.name)
		case (o.typ == "table" || o.typ == "view") && !isFTSShadow(o.name):
			var section string
			for head, body := range sections {
				if strings.HasPrefix(head, "### ") && strings.Contains(head, "`"+o.name+"`") {
					section = body
				}
			}
			if section == "" {
				t.Errorf("SCHEMA.md has no ### section for %s `%s`", o.typ, o.name)
				continue
			}
			for _, col := range columnsOf(t, s.r, o.name) {
				if !strings.Contains(section, "`"+col+"`") && !strings.Contains(section, "`"+col+"`,") {
					t.Errorf("SCHEMA.md section of %s does not name column `%s`", o.name, col)
				}
			}
		}
	}
	for head := range sections {
		if !strings.HasPrefix(head, "### ") {
			continue
		}
		for _, m := range backticked.FindAllStringSubmatch(head, -1) {
			if !real[m[1]] {
				t.Errorf("SCHEMA.md has a section for %q, which the schema does not have", m[1])
			}
		}
	}
	if !strings.Contains(doc, fmt.Sprintf("(currently %d)", SchemaVersion)) {
		t.Errorf("SCHEMA.md should give the current schema version %d", SchemaVersion)
	}
}

// sqlBlocks returns the ```sql blocks of the document in order.
func sqlBlocks(doc string) []string {
	var out []string
	var cur []string
	in := false
	for _, line := range strings.Split(doc, "\n") {
		switch {
		case !in && strings.TrimSpace(line) == "```sql":
			in, cur = true, nil
		case in && strings.TrimSpace(line) == "```":
			in = false
			out = append(out, strings.Join(cur, "\n"))
		case in:
			cur = append(cur, line)
		}
	}
	return out
}

// isQuery reports whether a block is a single statement that returns rows.
func isQuery(block string) bool {
	var code []string
	for _, line := range strings.Split(block, "\n") {
		if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "--") {
			code = append(code, l)
		}
	}
	text := strings.TrimSuffix(strings.Join(code, " "), ";")
	upper := strings.ToUpper(text)
	return (strings.HasPrefix(upper, "SELECT") || strings.HasPrefix(upper, "WITH")) && !strings.Contains(text, ";")
}

// schemaDemoFile builds the data file the examples run on: demo records,
// custom fields with values, and a person without an e-mail address at a
// company in Kraków.
func schemaDemoFile(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "demo.db")
	s, err := Open(ctx, path, Options{Region: "PL"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := loadDemo(ctx, s, demo.Config{People: 300, Companies: 40, Deals: 120, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []domain.CustomField{
		{RecordType: domain.TypePerson, Label: "Lead Source"},
		{RecordType: domain.TypePerson, Label: "Score", Type: domain.FieldNumber},
	} {
		if err := s.CreateCustomField(ctx, &f); err != nil {
			t.Fatal(err)
		}
	}
	krk := mustCompany(t, s, domain.Company{Name: "Wawelskie Smaki Sp. z o.o.", Address: domain.Address{City: "Kraków"}})
	mustPerson(t, s, domain.Person{FirstName: "Bogdan", LastName: "Bezmailowy", CompanyID: krk.ID, Phones: []domain.Phone{{Raw: "12 345 67 89"}},
		Custom: domain.CustomValues{"lead_source": "Targi", "score": 14}})
	mustPerson(t, s, domain.Person{FirstName: "Celina", LastName: "Zmailem", CompanyID: krk.ID, Emails: []domain.Email{{Address: "celina@wawelskie.pl"}},
		Custom: domain.CustomValues{"score": 3}})
	if err := s.CreateDeal(ctx, &domain.Deal{Title: "Catering na Wawelu", CompanyID: krk.ID}); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSchemaDocExamplesRun(t *testing.T) {
	doc := readSchemaDoc(t)
	blocks := sqlBlocks(doc)
	if len(blocks) < 10 {
		t.Fatalf("SCHEMA.md has %d sql examples; expected at least 10", len(blocks))
	}
	path := schemaDemoFile(t)
	ctx := context.Background()
	// A plain connection, as another program would open the file.
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	results := make([][][]string, len(blocks))
	for i, block := range blocks {
		if !isQuery(block) {
			if _, err := conn.ExecContext(ctx, block); err != nil {
				t.Errorf("SCHEMA.md example %d fails: %v\n%s", i+1, err, block)
			}
			continue
		}
		rows, err := conn.QueryContext(ctx, block)
		if err != nil {
			t.Errorf("SCHEMA.md example %d fails: %v\n%s", i+1, err, block)
			continue
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for j := range vals {
				ptrs[j] = &vals[j]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			row := make([]string, len(cols))
			for j, v := range vals {
				row[j] = v.String
			}
			results[i] = append(results[i], row)
		}
		if err := rows.Err(); err != nil {
			t.Errorf("SCHEMA.md example %d fails: %v\n%s", i+1, err, block)
		}
		rows.Close()
	}
	conn.Close()
	db.Close()

	find := func(words ...string) int {
		for i, b := range blocks {
			all := true
			for _, w := range words {
				all = all && strings.Contains(b, w)
			}
			if all {
				return i
			}
		}
		t.Fatalf("no SCHEMA.md example contains %q", words)
		return -1
	}
	// The Kraków example finds the planted person, and only people without
	// an address.
	krakow := results[find("Kraków", "emails = '[]'")]
	if len(krakow) != 1 || krakow[0][2] != "Bezmailowy" {
		t.Errorf("people without e-mail in Kraków: %v, want Bogdan Bezmailowy only", krakow)
	}
	// The custom field example reads values by key.
	if got := results[find("json_extract(custom, '$.score') > 10")]; len(got) != 2 || got[0][3] != "Targi" || got[0][4] != "14" {
		t.Errorf("custom field example: %v", got)
	}
	// Rows written by "another program" wait for Kontor...
	waiting := results[find("Rows still waiting")]
	if len(waiting) != 3 || waiting[0][1] == "0" || waiting[1][1] == "0" || waiting[2][1] == "0" {
		t.Errorf("before Kontor opens the file, rows written by others should wait for their derived columns: %v", waiting)
	}
	// ...which fills them in when it opens the file, as the text says.
	s, err := Open(ctx, path, Options{Region: "PL"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var left int
	if err := s.r.QueryRow(`SELECT (SELECT count(*) FROM people WHERE search_text IS NULL OR sort_key IS NULL OR name_key IS NULL OR email_key IS NULL)
		+ (SELECT count(*) FROM companies WHERE search_text IS NULL OR sort_key IS NULL OR name_key IS NULL)
		+ (SELECT count(*) FROM deals WHERE search_text IS NULL OR sort_key IS NULL OR title_key IS NULL)
		+ (SELECT count(*) FROM person_emails WHERE email_key IS NULL)`).Scan(&left); err != nil || left != 0 {
		t.Errorf("after open, %d rows still lack derived columns (%v)", left, err)
	}
	ola, err := s.ListPeople(ctx, domain.ListQuery{Filter: "nowacka ola"})
	if err != nil || len(ola.Items) != 1 || len(ola.Items[0].Emails) != 2 || ola.Items[0].Company == "" {
		t.Fatalf("person inserted by another program: %+v %v", ola.Items, err)
	}
	if p := ola.Items[0]; p.Emails[1].Address != "ola@prywatna.pl" {
		t.Errorf("second e-mail: %+v", p.Emails)
	}
	if byMail, _ := s.ListPeople(ctx, domain.ListQuery{Filter: "ola@prywatna"}); len(byMail.Items) != 1 {
		t.Error("the second e-mail written by another program is not searchable")
	}
	renamed, err := s.ListCompanies(ctx, domain.ListQuery{Filter: "zurawie polnoc"})
	if err != nil || len(renamed.Items) != 1 {
		t.Fatalf("renamed company not found by its new name: %v %v", renamed.Items, err)
	}
	if old, _ := s.ListCompanies(ctx, domain.ListQuery{Filter: "wawelskie"}); len(old.Items) != 0 {
		t.Errorf("renamed company still found by its old name: %v", old.Items)
	}
	if deals, _ := s.ListDeals(ctx, domain.ListQuery{Filter: "zurawie catering"}); len(deals.Items) != 1 {
		t.Errorf("the renamed company's deal is not found by the company's new name: %v", deals.Items)
	}
	if people, _ := s.ListPeople(ctx, domain.ListQuery{Filter: "zurawie"}); len(people.Items) != 2 {
		t.Errorf("the renamed company's people are not found by its new name: %v", people.Items)
	}
	fields, _ := s.ListCustomFields(ctx, domain.TypePerson)
	if len(fields) != 3 || fields[2].Key != "newsletter" || fields[2].Type != domain.FieldBool {
		t.Errorf("custom field defined by SQL: %+v", fields)
	}
	first, err := s.ListPeople(ctx, domain.ListQuery{Sort: domain.SortCreated, Limit: 1})
	if err != nil || len(first.Items) != 1 {
		t.Fatal(err)
	}
	if p := first.Items[0]; p.Custom["newsletter"] != true || p.Title != "Head of Sales" {
		t.Errorf("person changed by the examples: custom %v, title %q", p.Custom, p.Title)
	}
	// The record Kontor reads back from SQL writes still saves (custom
	// values have their fields' types).
	p := first.Items[0]
	if err := s.UpdatePerson(ctx, &p); err != nil {
		t.Errorf("saving a person changed by SQL: %v", err)
	}
}
