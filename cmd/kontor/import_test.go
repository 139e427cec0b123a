package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"kontor/domain"
	"kontor/storage/sqlstore"
)

// kontorIn runs the command line in-process against a data file.
func kontorIn(t *testing.T, db string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	env := map[string]string{"HOME": t.TempDir()}
	code = run(context.Background(), append([]string{"--db", db}, args...), stdio{in: strings.NewReader(""), out: &out, err: &errb},
		func(k string) string { return env[k] })
	return out.String(), errb.String(), code
}

type importJSONOut struct {
	ImportID         int               `json:"import_id"`
	Type             string            `json:"type"`
	Encoding         string            `json:"encoding"`
	Delimiter        string            `json:"delimiter"`
	Sheet            string            `json:"sheet"`
	Rows             int               `json:"rows"`
	Created          int               `json:"created"`
	Updated          int               `json:"updated"`
	Skipped          int               `json:"skipped"`
	Failed           int               `json:"failed"`
	Duplicates       int               `json:"duplicates"`
	CompaniesCreated int               `json:"companies_created"`
	Mapping          map[string]string `json:"mapping"`
	Errors           []struct {
		Row     int    `json:"row"`
		Column  string `json:"column"`
		Message string `json:"message"`
	} `json:"errors"`
}

func runImportJSON(t *testing.T, db, file string, wantCode int, extra ...string) importJSONOut {
	t.Helper()
	out, errOut, code := kontorIn(t, db, append([]string{"import", file, "--yes", "--json"}, extra...)...)
	if code != wantCode {
		t.Fatalf("import %s: exit %d, want %d\nstderr: %s", file, code, wantCode, errOut)
	}
	var res importJSONOut
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("import %s --json: %v\n%s", file, err, out)
	}
	return res
}

func openDB(t *testing.T, db string) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), db, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func allPeople(t *testing.T, s *sqlstore.Store) []domain.Person {
	t.Helper()
	var out []domain.Person
	q := domain.ListQuery{Limit: 1000}
	for {
		page, err := s.ListPeople(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Items...)
		if !page.More {
			return out
		}
		c := page.Cursors[len(page.Cursors)-1]
		q.After = &c
	}
}

func allDeals(t *testing.T, s *sqlstore.Store) []domain.Deal {
	t.Helper()
	var out []domain.Deal
	q := domain.ListQuery{Limit: 1000}
	for {
		page, err := s.ListDeals(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page.Items...)
		if !page.More {
			return out
		}
		c := page.Cursors[len(page.Cursors)-1]
		q.After = &c
	}
}

func TestImportZoho(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	acc := runImportJSON(t, db, "testdata/zoho/Accounts.csv", 0)
	if acc.Type != "company" || acc.Rows != 64 || acc.Created != 60 || acc.Skipped != 4 || acc.Failed != 0 || acc.Encoding != "utf-8" || acc.Delimiter != "," {
		t.Errorf("Accounts: %+v", acc)
	}
	if acc.Mapping["Account Name"] != "name" || acc.Mapping["Record Id"] != "source_id" {
		t.Errorf("Accounts mapping: %v", acc.Mapping)
	}
	con := runImportJSON(t, db, "testdata/zoho/Contacts.csv", 0, "--report", filepath.Join(t.TempDir(), "r.csv"))
	if con.Type != "person" || con.Rows != 316 || con.Created != 300 || con.Skipped != 16 || con.CompaniesCreated != 0 {
		t.Errorf("Contacts: %+v", con)
	}
	deals := runImportJSON(t, db, "testdata/zoho/Deals.csv", 0)
	if deals.Type != "deal" || deals.Rows != 150 || deals.Created != 150 || deals.CompaniesCreated != 0 {
		t.Errorf("Deals: %+v", deals)
	}
	s := openDB(t, db)
	c, _ := s.Counts(context.Background())
	if c.Companies != 60 || c.People != 300 || c.Deals != 150 {
		t.Errorf("counts %+v", c)
	}
	for _, p := range allPeople(t, s) {
		if p.CompanyID == 0 {
			t.Errorf("person %s not linked to a company", p.Name())
		}
	}
	for _, d := range allDeals(t, s) {
		if d.CompanyID == 0 || d.PersonID == 0 {
			t.Errorf("deal %q: company %d person %d", d.Title, d.CompanyID, d.PersonID)
		}
		if d.CreatedAt.Month() != 4 || d.CreatedAt.Day() != 1 {
			t.Errorf("deal %q created %v: Zoho's 04/01/2024 is April 1st", d.Title, d.CreatedAt)
		}
	}
}

// Every planted duplicate of duplicates-truth.json is skipped as a
// duplicate of its partner, and no other row is.
func TestZohoDuplicatesTruth(t *testing.T) {
	var truth struct {
		Pairs [][2]int `json:"pairs"`
	}
	b, _ := os.ReadFile("testdata/zoho/duplicates-truth.json")
	if err := json.Unmarshal(b, &truth); err != nil || len(truth.Pairs) != 16 {
		t.Fatalf("truth: %v (%d pairs)", err, len(truth.Pairs))
	}
	db := filepath.Join(t.TempDir(), "k.db")
	runImportJSON(t, db, "testdata/zoho/Accounts.csv", 0)
	report := filepath.Join(t.TempDir(), "report.csv")
	runImportJSON(t, db, "testdata/zoho/Contacts.csv", 0, "--report", report)
	rows := readCSV(t, report)
	head := rows[0]
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("report has no column %s", name)
		return -1
	}
	outcome, reason := col("kontor_outcome"), col("kontor_reason")
	want := map[int]int{}
	for _, p := range truth.Pairs {
		want[p[0]] = p[1]
	}
	for i, r := range rows[1:] {
		dataRow := i + 1
		partner, planted := want[dataRow]
		if planted {
			// line numbers are data row + 1 (the header is line 1)
			wantReason := "line " + itoa(partner+1) + " "
			if r[outcome] != "skipped-duplicate" || !strings.Contains(r[reason], wantReason) {
				t.Errorf("row %d: %s (%s), want duplicate of row %d", dataRow, r[outcome], r[reason], partner)
			}
		} else if r[outcome] != "created" {
			t.Errorf("row %d: %s (%s): distinct people merged", dataRow, r[outcome], r[reason])
		}
	}
}

func TestImportLivespacePolish(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	firmy := runImportJSON(t, db, "testdata/livespace-pl/firmy.csv", 0)
	if firmy.Encoding != "windows-1250" || firmy.Delimiter != ";" || firmy.Created != 20 || firmy.Type != "company" {
		t.Errorf("firmy: %+v", firmy)
	}
	osoby := runImportJSON(t, db, "testdata/livespace-pl/osoby.csv", 0)
	if osoby.Created != 91 || osoby.CompaniesCreated != 0 || osoby.Type != "person" {
		t.Errorf("osoby: %+v", osoby)
	}
	szanse := runImportJSON(t, db, "testdata/livespace-pl/szanse-sprzedazy.csv", 0)
	if szanse.Created != 45 || szanse.CompaniesCreated != 0 || szanse.Type != "deal" {
		t.Errorf("szanse: %+v", szanse)
	}
	s := openDB(t, db)
	for _, d := range allDeals(t, s) {
		if d.CompanyID == 0 || d.PersonID == 0 || d.Amount == nil || d.Amount.Currency != "PLN" {
			t.Errorf("deal %+v not fully linked", d)
		}
	}
	page, _ := s.ListPeople(context.Background(), domain.ListQuery{Filter: "zofia gorska"})
	if len(page.Items) == 0 || page.Items[0].LastName != "Górska" || page.Items[0].Birthday.String() != "1973-02-03" {
		t.Errorf("Zofia Górska read as %+v", page.Items)
	}
	found := false
	for _, d := range allDeals(t, s) {
		if d.Title == "Pomorska – Serwis 2026" {
			found = true
			if d.Amount.Decimal() != "12640.00" || d.CloseDate.String() != "2027-03-11" || d.Stage != "Oferta" {
				t.Errorf("deal read as %+v amount %s", d, d.Amount.Decimal())
			}
		}
	}
	if !found {
		t.Error("Pomorska – Serwis 2026 not imported")
	}
}

func TestImportDingTalkThreeWays(t *testing.T) {
	var names [][]string
	for _, f := range []string{"客户导入.csv", "客户导入-utf8-bom.csv", "客户导入.xlsx"} {
		db := filepath.Join(t.TempDir(), "k.db")
		res := runImportJSON(t, db, "testdata/dingtalk-zh/"+f, 0)
		if res.Type != "person" || res.Created != 102 || res.Failed != 0 {
			t.Errorf("%s: %+v", f, res)
		}
		switch f {
		case "客户导入.csv":
			if res.Encoding != "gb18030" {
				t.Errorf("GBK file read as %s", res.Encoding)
			}
		case "客户导入.xlsx":
			if res.Sheet == "" {
				t.Errorf("no sheet reported")
			}
		}
		s := openDB(t, db)
		var got []string
		for _, p := range allPeople(t, s) {
			phone := ""
			if len(p.Phones) > 0 {
				phone = p.Phones[0].E164
				if phone == "" {
					t.Errorf("%s: phone %q of %s not understood", f, p.Phones[0].Raw, p.Name())
				}
			}
			got = append(got, p.Name()+"|"+p.Company+"|"+phone)
		}
		names = append(names, got)
		if !strings.Contains(strings.Join(got, "\n"), "张三|") {
			t.Errorf("%s: 张三 missing", f)
		}
	}
	for i := 1; i < len(names); i++ {
		if strings.Join(names[i], "\n") != strings.Join(names[0], "\n") {
			t.Errorf("variant %d imports different people", i)
		}
	}
}

func TestImportBrokenFiles(t *testing.T) {
	cases := []struct {
		file string
		code int
		msg  string
	}{
		{"empty.csv", exitInput, "empty"},
		{"header-only.csv", exitInput, "no data rows"},
		{"binary.csv", exitInput, "empty.csv"},
		{"unbalanced-quote.csv", exitInput, "line 2"},
		{"duplicate-and-empty-headers.csv", exitInput, "Email"},
	}
	for _, c := range cases {
		db := filepath.Join(t.TempDir(), "k.db")
		_, errOut, code := kontorIn(t, db, "import", "testdata/broken/"+c.file, "--yes")
		if code != c.code || !strings.Contains(errOut, c.file) {
			t.Errorf("%s: exit %d, stderr %q", c.file, code, errOut)
		}
		if _, err := os.Stat(db); err == nil {
			s := openDB(t, db)
			if n, _ := s.Counts(context.Background()); n.People+n.Companies+n.Deals != 0 {
				t.Errorf("%s: something was written: %+v", c.file, n)
			}
		}
	}
}

func TestImportBadValuesKeepsGoodRows(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	res := runImportJSON(t, db, "testdata/broken/bad-values.csv", exitPartial)
	if res.Created < 2 || len(res.Errors) == 0 {
		t.Fatalf("bad-values: %+v", res)
	}
	cols := map[string]bool{}
	for _, e := range res.Errors {
		cols[e.Column] = true
	}
	for _, want := range []string{"Email", "Date of Birth"} {
		if !cols[want] {
			t.Errorf("no error in column %s: %+v", want, res.Errors)
		}
	}
	s := openDB(t, db)
	page, _ := s.ListPeople(context.Background(), domain.ListQuery{Filter: "ewa mazur"})
	if len(page.Items) != 1 {
		t.Error("the good row (Ewa Mazur) was lost")
	}
	// Anna (short row), Jan (extra cells) and Ewa are imported; the blank
	// row fails with its reason: nothing is dropped silently.
	ragged := runImportJSON(t, filepath.Join(t.TempDir(), "r.db"), "testdata/broken/ragged.csv", exitPartial)
	if ragged.Created != 3 || ragged.Failed != 1 || ragged.Rows != 4 {
		t.Errorf("ragged: %+v", ragged)
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	out, errOut, code := kontorIn(t, db, "import", "testdata/zoho/Accounts.csv", "--dry-run")
	if code != 0 || !strings.Contains(out, "nothing was written") {
		t.Fatalf("dry run: %d %s %s", code, out, errOut)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a dry run created the data file")
	}
	_, errOut, code = kontorIn(t, db, "import", "testdata/zoho/Accounts.csv")
	if code != exitUsage || !strings.Contains(errOut, "--yes") {
		t.Errorf("import without --yes off a terminal: %d %s", code, errOut)
	}
}

func TestUndoRestoresTheFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	runImportJSON(t, db, "testdata/zoho/Accounts.csv", 0)
	runImportJSON(t, db, "testdata/zoho/Contacts.csv", 0)
	before, _, _ := kontorIn(t, db, "people", "list", "--json")
	// A second import of the same contacts, overwriting.
	res := runImportJSON(t, db, "testdata/zoho/Contacts.csv", 0, "--on-duplicate", "overwrite")
	if res.Updated == 0 {
		t.Fatalf("re-import updated nothing: %+v", res)
	}
	out, errOut, code := kontorIn(t, db, "imports", "undo", itoa(res.ImportID), "--yes")
	if code != 0 {
		t.Fatalf("undo: %d %s %s", code, out, errOut)
	}
	after, _, _ := kontorIn(t, db, "people", "list", "--json")
	if before != after {
		t.Error("undo did not restore the people as they were")
	}
	// Undo of the first contacts import after an edit needs --force.
	s := openDB(t, db)
	p := allPeople(t, s)[0]
	p.Title = "Edited later"
	if err := s.UpdatePerson(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = kontorIn(t, db, "imports", "undo", "2", "--yes")
	if code != exitPartial || !strings.Contains(errOut, "changed after") {
		t.Errorf("undo of edited import: %d %s", code, errOut)
	}
	if _, _, code = kontorIn(t, db, "imports", "undo", "2", "--yes", "--force"); code != 0 {
		t.Errorf("forced undo failed: %d", code)
	}
	if c, _ := s.Counts(context.Background()); c.People != 0 || c.Companies != 60 {
		t.Errorf("after undoing the contacts: %+v", c)
	}
}

func TestImportPresets(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	mapping := filepath.Join(t.TempDir(), "m.json")
	os.WriteFile(mapping, []byte(`{"type":"people","columns":{"Imię":"first_name","Nazwisko":"last_name","E-mail":"email","Stanowisko":"new:Rola:text"}}`), 0o600)
	res := runImportJSON(t, db, "testdata/livespace-pl/osoby.csv", 0, "--map", mapping, "--save-map", "livespace-osoby")
	if res.Mapping["Firma"] != "" || res.Mapping["Stanowisko"] != "custom.rola" {
		t.Errorf("mapping from file: %v", res.Mapping)
	}
	// The same headers come back: the preset is applied without asking.
	_, errOut, _ := kontorIn(t, db, "import", "testdata/livespace-pl/osoby.csv", "--dry-run")
	if !strings.Contains(errOut, "saved mapping livespace-osoby") {
		t.Errorf("preset not offered again:\n%s", errOut)
	}
	s := openDB(t, db)
	people := allPeople(t, s)
	if len(people) != 91 || people[0].Custom["rola"] == nil || people[0].CompanyID != 0 {
		t.Errorf("custom field from mapping: %+v", people[0])
	}
}

func TestImportHostileFile(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	res := runImportJSON(t, db, "testdata/hostile/terminal-and-formula.csv", 0)
	if res.Created == 0 {
		t.Fatalf("hostile: %+v", res)
	}
	out, _, _ := kontorIn(t, db, "people", "list")
	for _, bad := range []string{"\x1b", "\x07", "\u202e"} {
		if strings.Contains(out, bad) {
			t.Errorf("people list prints %q raw", bad)
		}
	}
}

// A first import builds the data file beside where it goes and puts it in
// place complete: nothing else is left in the folder, and the file is in
// WAL mode like any other.
func TestFirstImportBuildsTheDataFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	res := runImportJSON(t, db, "testdata/zoho/Accounts.csv", 0)
	if res.Created == 0 {
		t.Fatalf("nothing imported: %+v", res)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "k.db" {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the folder holds %v, want only k.db", names)
	}
	if mode := queryString(t, db, "PRAGMA journal_mode"); mode != "wal" {
		t.Errorf("journal mode %q", mode)
	}
	if n := queryString(t, db, "SELECT count(*) FROM companies"); n != strconv.Itoa(res.Created) {
		t.Errorf("%s companies in the file, %d created", n, res.Created)
	}
}
