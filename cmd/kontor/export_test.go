package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kontor/domain"
	"kontor/domain/importing"
	"kontor/storage/sqlstore"
)

// Tests of `kontor export`: what an export holds, that Kontor's import reads
// it back as the same records, formula neutralisation, output handling and
// exit codes.

// exportCustomFields are the custom fields of the round-trip fixture: one
// of each type for each record type, and a Chinese label.
var exportCustomFields = []domain.CustomField{
	{RecordType: domain.TypePerson, Label: "Lead source", Type: domain.FieldText},
	{RecordType: domain.TypePerson, Label: "Score", Type: domain.FieldNumber},
	{RecordType: domain.TypePerson, Label: "Next call", Type: domain.FieldDate},
	{RecordType: domain.TypePerson, Label: "VIP", Type: domain.FieldBool},
	{RecordType: domain.TypePerson, Label: "客户等级", Type: domain.FieldText},
	{RecordType: domain.TypeCompany, Label: "Segment", Type: domain.FieldText},
	{RecordType: domain.TypeCompany, Label: "Tier", Type: domain.FieldNumber},
	{RecordType: domain.TypeCompany, Label: "Renewal", Type: domain.FieldDate},
	{RecordType: domain.TypeCompany, Label: "Audited", Type: domain.FieldBool},
	{RecordType: domain.TypeDeal, Label: "Budget code", Type: domain.FieldText},
	{RecordType: domain.TypeDeal, Label: "Weight", Type: domain.FieldNumber},
	{RecordType: domain.TypeDeal, Label: "Kickoff", Type: domain.FieldDate},
	{RecordType: domain.TypeDeal, Label: "Signed", Type: domain.FieldBool},
}

func intPtr(n int) *int { return &n }

func mustDate(t *testing.T, s string) domain.Date {
	t.Helper()
	d, err := domain.ParseISODate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// exportFixture makes a data file with records that exercise every column:
// several e-mails and phones, every tax id column and others, addresses,
// multi-line notes with quotes and commas, values a spreadsheet would take
// for formulas, CJK names, amounts in currencies with 0, 2 and 3 decimals,
// links by name and by e-mail, and a value for every custom field type.
func exportFixture(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "source.db")
	s := openDB(t, db)
	keys := map[string]string{}
	for _, f := range exportCustomFields {
		if err := s.CreateCustomField(ctx, &f); err != nil {
			t.Fatal(err)
		}
		keys[f.Label] = f.Key
	}
	stages, err := s.ListStages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stage := map[string]domain.ID{}
	for _, st := range stages {
		stage[st.Name] = st.ID
	}

	acme := domain.Company{Name: "Acme sp. z o.o.", Website: "https://www.acme.pl/", Phone: domain.Phone{Raw: "+48 12 345 67 89"},
		Email: "biuro@acme.pl", TaxIDs: []domain.TaxID{{Kind: "NIP", Value: "5260250274"}, {Kind: "REGON", Value: "012100784"},
			{Kind: "KRS", Value: "0000012345"}, {Kind: "VAT", Value: "PL5260250274"}, {Kind: "EIN", Value: "123456789"}},
		Address:  domain.Address{Street: "ul. Długa 5", City: "Kraków", PostalCode: "31-147", Region: "małopolskie", Country: "Polska"},
		Industry: "Manufacturing", Employees: intPtr(1200), Notes: "Line one\nLine \"two\", with a comma",
		Custom: domain.CustomValues{keys["Segment"]: "=SUM(A1:A9)", keys["Tier"]: json.Number("2"), keys["Renewal"]: "2027-01-31", keys["Audited"]: true}}
	beijing := domain.Company{Name: "北京示例科技有限公司", TaxIDs: []domain.TaxID{{Kind: "USCC", Value: "91350100M000100Y43"}},
		Address: domain.Address{City: "北京", Country: "中国"}, Industry: "软件",
		Custom: domain.CustomValues{keys["Segment"]: "企业", keys["Tier"]: json.Number("-1.5"), keys["Audited"]: false}}
	globex := domain.Company{Name: "Globex", Meta: domain.Meta{SourceID: "ACC-3"}}
	for _, c := range []*domain.Company{&acme, &beijing, &globex} {
		if err := s.CreateCompany(ctx, c); err != nil {
			t.Fatalf("company %s: %v", c.Name, err)
		}
	}

	anna := domain.Person{FirstName: "Anna", LastName: "Nowak", CompanyID: acme.ID, Title: "CFO",
		Emails:   []domain.Email{{Address: "anna@acme.pl", Label: "work"}, {Address: "anna.nowak@gmail.com"}},
		Phones:   []domain.Phone{{Raw: "+48 600 100 200", Label: "mobile"}, {Raw: "+48 22 123 45 67"}, {Raw: "+44 20 7946 0958"}},
		Address:  domain.Address{Street: "ul. Krótka 1", City: "Kraków", PostalCode: "30-001", Country: "Polska"},
		Birthday: mustDate(t, "1985-03-02"), Notes: "Met at the fair\nCall in May", Meta: domain.Meta{SourceID: "C-1"},
		Custom: domain.CustomValues{keys["Lead source"]: "web", keys["Score"]: json.Number("1.5"), keys["Next call"]: "2027-02-03",
			keys["VIP"]: true, keys["客户等级"]: "A"}}
	wang := domain.Person{FirstName: "伟", LastName: "王", CompanyID: beijing.ID, Title: "销售经理",
		Emails: []domain.Email{{Address: "wang.wei@example.cn"}}, Phones: []domain.Phone{{Raw: "+86 138 0013 8000"}},
		Custom: domain.CustomValues{keys["VIP"]: false, keys["Score"]: json.Number("-3")}}
	jan := domain.Person{FirstName: "Jan", LastName: "Kowalski", Title: "=HYPERLINK(\"http://x\",\"click\")", Notes: "-5 points\t@later",
		Phones: []domain.Phone{{Raw: "+48 601 200 300"}}}
	ops := domain.Person{Emails: []domain.Email{{Address: "ops@globex.example"}}, CompanyID: globex.ID}
	for _, p := range []*domain.Person{&anna, &wang, &jan, &ops} {
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatalf("person %s: %v", p.Name(), err)
		}
	}

	money := func(minor int64, cur string) *domain.Money { return &domain.Money{Minor: minor, Currency: cur} }
	deals := []domain.Deal{
		{Title: "Website redesign", CompanyID: acme.ID, PersonID: anna.ID, StageID: stage["Proposal"], Amount: money(1250050, "PLN"),
			CloseDate: mustDate(t, "2027-06-30"), Probability: intPtr(40), Notes: "Offer sent\n\"v2\"",
			Custom: domain.CustomValues{keys["Budget code"]: "=B2", keys["Weight"]: json.Number("0.75"), keys["Kickoff"]: "2027-01-02", keys["Signed"]: true}},
		{Title: "软件许可", CompanyID: beijing.ID, PersonID: wang.ID, StageID: stage["Won"], Amount: money(1000, "JPY"), Probability: intPtr(100),
			Custom: domain.CustomValues{keys["Signed"]: false}},
		{Title: "Consulting", PersonID: jan.ID, StageID: stage["Lead"], Amount: money(250125, "KWD"), Probability: intPtr(0), Meta: domain.Meta{SourceID: "D-9"}},
		{Title: "Globex licence", CompanyID: globex.ID, StageID: stage["Qualified"]},
	}
	for i := range deals {
		if err := s.CreateDeal(ctx, &deals[i]); err != nil {
			t.Fatalf("deal %s: %v", deals[i].Title, err)
		}
	}
	return db
}

// Views of records with what an export carries (no ids, update times or
// labels), for comparing records of two data files.

type personView struct {
	FirstName, LastName, Title, Company, Birthday, Notes, SourceID, Created, Custom string
	Emails, Phones                                                                  []string
	Address                                                                         domain.Address
}

type companyView struct {
	Name, Domain, Website, Phone, Email, Industry, Notes, SourceID, Created, Custom string
	TaxIDs                                                                          []domain.TaxID
	Employees                                                                       string
	Address                                                                         domain.Address
}

type dealView struct {
	Title, Company, Person, PersonEmail, Stage, Amount, Currency, CloseDate, Probability, Notes, SourceID, Created, Custom string
}

func customText(t *testing.T, c domain.CustomValues) string {
	t.Helper()
	if len(c) == 0 {
		return "{}"
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// views reads every record of a data file as views keyed by name.
func views(t *testing.T, db string) (map[string]personView, map[string]companyView, map[string]dealView) {
	t.Helper()
	ctx := context.Background()
	s := openDB(t, db)
	people := map[string]personView{}
	emailOf := map[domain.ID]string{}
	for _, p := range allPeople(t, s) {
		v := personView{FirstName: p.FirstName, LastName: p.LastName, Title: p.Title, Company: p.Company, Birthday: p.Birthday.String(),
			Notes: p.Notes, SourceID: p.SourceID, Created: jsonTime(p.CreatedAt), Custom: customText(t, p.Custom), Address: p.Address}
		for _, e := range p.Emails {
			v.Emails = append(v.Emails, e.Address)
		}
		for _, ph := range p.Phones {
			v.Phones = append(v.Phones, ph.Display())
		}
		key := p.Name() + "|" + p.PrimaryEmail()
		if _, dup := people[key]; dup {
			t.Fatalf("%s: two people %q", db, key)
		}
		people[key] = v
		emailOf[p.ID] = p.PrimaryEmail()
	}
	companies := map[string]companyView{}
	q := domain.ListQuery{Limit: 1000}
	page, err := s.ListCompanies(ctx, q)
	if err != nil || page.More {
		t.Fatalf("companies: %v (more: %v)", err, page.More)
	}
	for _, c := range page.Items {
		v := companyView{Name: c.Name, Domain: c.Domain, Website: c.Website, Phone: c.Phone.Display(), Email: c.Email, Industry: c.Industry,
			Notes: c.Notes, SourceID: c.SourceID, Created: jsonTime(c.CreatedAt), Custom: customText(t, c.Custom), TaxIDs: c.TaxIDs,
			Employees: optInt(c.Employees), Address: c.Address}
		companies[c.Name] = v
	}
	deals := map[string]dealView{}
	for _, d := range allDeals(t, s) {
		v := dealView{Title: d.Title, Company: d.Company, Person: d.Person, PersonEmail: emailOf[d.PersonID], Stage: d.Stage,
			CloseDate: d.CloseDate.String(), Probability: optInt(d.Probability), Notes: d.Notes, SourceID: d.SourceID,
			Created: jsonTime(d.CreatedAt), Custom: customText(t, d.Custom)}
		if d.Amount != nil {
			v.Amount, v.Currency = d.Amount.Decimal(), d.Amount.Currency
		}
		deals[d.Title] = v
	}
	return people, companies, deals
}

// importOutcome is the part of `kontor import --json` the tests check.
type importOutcome struct {
	Type     string            `json:"type"`
	Rows     int               `json:"rows"`
	Created  int               `json:"created"`
	Failed   int               `json:"failed"`
	Mapping  map[string]string `json:"mapping"`
	Errors   []issueJSON       `json:"errors"`
	Warnings []issueJSON       `json:"warnings"`
	Created0 int               `json:"companies_created"`
	Stages   int               `json:"stages_created"`
}

// importClean imports a file and requires every row to become a record
// with no warnings or errors.
func importClean(t *testing.T, db, file string, rows int, wantType domain.RecordType) importOutcome {
	t.Helper()
	out, errOut, code := kontorIn(t, db, "import", file, "--yes", "--json")
	if code != 0 {
		t.Fatalf("import %s: exit %d\n%s\n%s", file, code, errOut, out)
	}
	var res importOutcome
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("import %s --json: %v\n%s", file, err, out)
	}
	if res.Type != string(wantType) || res.Rows != rows || res.Created != rows || res.Failed != 0 || len(res.Errors) != 0 || len(res.Warnings) != 0 {
		t.Errorf("import %s: type %s, %d rows, %d created, %d failed, errors %+v, warnings %+v; want %s, %d created",
			filepath.Base(file), res.Type, res.Rows, res.Created, res.Failed, res.Errors, res.Warnings, wantType, rows)
	}
	for h, f := range res.Mapping {
		if f == "" {
			t.Errorf("import %s: column %q was not matched", filepath.Base(file), h)
		}
	}
	return res
}

// Export → import into an empty data file reproduces the records, for
// every record type in CSV and XLSX.
func TestExportImportRoundTrip(t *testing.T) {
	src := exportFixture(t)
	wantPeople, wantCompanies, wantDeals := views(t, src)
	for _, format := range []string{"csv", "xlsx"} {
		t.Run(format, func(t *testing.T) {
			dir := t.TempDir()
			dst := filepath.Join(dir, "empty.db")
			for _, typ := range []struct {
				name string
				t    domain.RecordType
				n    int
			}{{"companies", domain.TypeCompany, len(wantCompanies)}, {"people", domain.TypePerson, len(wantPeople)}, {"deals", domain.TypeDeal, len(wantDeals)}} {
				file := filepath.Join(dir, typ.name+"."+format)
				_, errOut, code := kontorIn(t, src, "export", typ.name, "--out", file)
				if code != 0 {
					t.Fatalf("export %s: exit %d: %s", typ.name, code, errOut)
				}
				if want := fmt.Sprintf("exported %d %s to %s\n", typ.n, typ.name, file); errOut != want {
					t.Errorf("stderr %q, want %q", errOut, want)
				}
				importClean(t, dst, file, typ.n, typ.t)
			}
			gotPeople, gotCompanies, gotDeals := views(t, dst)
			compareViews(t, "person", wantPeople, gotPeople)
			compareViews(t, "company", wantCompanies, gotCompanies)
			compareViews(t, "deal", wantDeals, gotDeals)
		})
	}
}

func compareViews[V any](t *testing.T, what string, want, got map[string]V) {
	t.Helper()
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			t.Errorf("%s %q was not imported back", what, k)
			continue
		}
		wv, gv := reflect.ValueOf(w), reflect.ValueOf(g)
		for i := range wv.NumField() {
			if !reflect.DeepEqual(wv.Field(i).Interface(), gv.Field(i).Interface()) {
				t.Errorf("%s %q: %s = %#v, want %#v", what, k, wv.Type().Field(i).Name, gv.Field(i).Interface(), wv.Field(i).Interface())
			}
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s %q appeared in the import", what, k)
		}
	}
}

// Every CSV and XLSX header is matched by the import to the field the
// column holds (custom columns to their field), and the type is guessed
// right, with the fixture's rows as samples.
func TestExportHeadersMatchImport(t *testing.T) {
	src := exportFixture(t)
	dir := t.TempDir()
	for _, typ := range []struct {
		name   string
		t      domain.RecordType
		fields []string
	}{
		{"people", domain.TypePerson, fieldsOf(personColumns())},
		{"companies", domain.TypeCompany, fieldsOf(companyColumns())},
		{"deals", domain.TypeDeal, fieldsOf(dealColumns())},
	} {
		file := filepath.Join(dir, typ.name+".csv")
		mustKontor(t, src, "export", typ.name, "--out", file)
		rows := readCSV(t, file)
		var samples [][]string
		for _, r := range rows[1:] {
			samples = append(samples, r)
		}
		m := importing.Match(rows[0], samples)
		if m.Type != typ.t {
			t.Errorf("%s: import takes the export for %s (%s)", typ.name, m.Type, m.TypeReason)
		}
		// Match proposes the catalogue fields; MappingFromMatch adds the
		// custom field columns, as the import does.
		mapping := importing.MappingFromMatch(m, samples)
		customs := 0
		for _, f := range exportCustomFields {
			if f.RecordType == typ.t {
				customs++
			}
		}
		if len(rows[0]) != len(typ.fields)+customs {
			t.Fatalf("%s: %d columns, want %d fields and %d custom fields", typ.name, len(rows[0]), len(typ.fields), customs)
		}
		for i, h := range rows[0] {
			want := ""
			if i < len(typ.fields) {
				want = typ.fields[i]
			} else if f, ok := importing.ParseCustomColumnHeader(h); ok {
				want = importing.CustomPrefix + f.Key
			}
			if got := mapping.Columns[i].Field; got != want || want == "" {
				t.Errorf("%s: column %q matched to %q, want %q", typ.name, h, got, want)
			}
		}
	}
}

func fieldsOf[T any](cols []exportColumn[T]) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.field
	}
	return out
}

// JSON and JSON Lines exports hold exactly what list --json and --jsonl
// print in the same order (oldest first), filtered or not.
func TestExportJSONEqualsList(t *testing.T) {
	src := exportFixture(t)
	for _, typ := range recordTypeArgs {
		for _, filter := range []string{"", "acme"} {
			args := []string{"--sort", "created"}
			exp := []string{"export", typ}
			if filter != "" {
				args = append(args, "--filter", filter)
				exp = append(exp, "--filter", filter)
			}
			list := mustKontor(t, src, append([]string{typ, "list", "--json"}, args...)...)
			got := mustKontor(t, src, append(exp, "--format", "json")...)
			if got != list {
				t.Errorf("export %s --format json (filter %q) differs from list --json:\n%s\nwant\n%s", typ, filter, got, list)
			}
			var objs []map[string]any
			if err := json.Unmarshal([]byte(got), &objs); err != nil || len(objs) == 0 {
				t.Errorf("export %s json: %d objects, %v", typ, len(objs), err)
			}
			listL := mustKontor(t, src, append([]string{typ, "list", "--jsonl"}, args...)...)
			gotL := mustKontor(t, src, append(exp, "--format", "jsonl")...)
			if gotL != listL {
				t.Errorf("export %s --format jsonl (filter %q) differs from list --jsonl:\n%s\nwant\n%s", typ, filter, gotL, listL)
			}
			if n := strings.Count(gotL, "\n"); n != len(objs) {
				t.Errorf("export %s jsonl: %d lines, json has %d objects", typ, n, len(objs))
			}
		}
	}
	// The format from the extension; an empty result is an empty array.
	dir := t.TempDir()
	mustKontor(t, src, "export", "deals", "--out", filepath.Join(dir, "d.jsonl"))
	mustKontor(t, src, "export", "people", "--filter", "nobodyhere", "--out", filepath.Join(dir, "none.json"))
	if b, _ := os.ReadFile(filepath.Join(dir, "d.jsonl")); strings.Count(string(b), "\n") != 4 || b[0] != '{' {
		t.Errorf("d.jsonl:\n%s", b)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "none.json")); string(b) != "[]\n" {
		t.Errorf("empty export: %q", b)
	}
}

// spreadsheetFormula reports whether a spreadsheet would run a cell.
func spreadsheetFormula(s string) bool {
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

// The hostile fixture imported, then exported: no CSV or XLSX cell starts
// like a formula, the dangerous ones carry the guard, and importing the
// export gives back the values without it.
func TestExportNeutralisesFormulas(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	importClean(t, db, "testdata/hostile/terminal-and-formula.csv", 6, domain.TypePerson)
	want, _, _ := views(t, db)
	guarded := []string{`'=HYPERLINK("http://x","click")`, "'+1+1", "'-2+3", "'@SUM(A1)", "'=1+1" /* the import trims the tab */, `'=cmd|' /C calc'!A0`}

	check := func(format string, rows [][]string) {
		t.Helper()
		notes := -1
		for i, h := range rows[0] {
			if h == "Notes" {
				notes = i
			}
		}
		if notes < 0 {
			t.Fatalf("%s: no Notes column in %q", format, rows[0])
		}
		var got []string
		for r, row := range rows {
			for c, cell := range row {
				if spreadsheetFormula(cell) {
					t.Errorf("%s row %d column %d: %q would run as a formula", format, r+1, c+1, cell)
				}
			}
			if r > 0 && notes < len(row) {
				got = append(got, row[notes])
			}
		}
		if !reflect.DeepEqual(got, guarded) {
			t.Errorf("%s notes cells %q, want %q", format, got, guarded)
		}
	}

	csvFile := filepath.Join(dir, "people.csv")
	mustKontor(t, db, "export", "people", "--out", csvFile)
	check("csv", readCSV(t, csvFile))

	xlsxFile := filepath.Join(dir, "people.xlsx")
	mustKontor(t, db, "export", "people", "--out", xlsxFile)
	f, err := excelize.OpenFile(xlsxFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) != 1 || sheets[0] != "People" {
		t.Errorf("sheets %q", sheets)
	}
	rows, err := f.GetRows("People")
	if err != nil {
		t.Fatal(err)
	}
	check("xlsx", rows)
	// No cell is a formula or a number: all are strings.
	for r := range rows {
		for c := range rows[r] {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if fm, _ := f.GetCellFormula("People", cell); fm != "" {
				t.Errorf("xlsx %s is a formula: %q", cell, fm)
			}
			if ct, _ := f.GetCellType("People", cell); ct != excelize.CellTypeInlineString && ct != excelize.CellTypeUnset {
				t.Errorf("xlsx %s has type %v, want an inline string", cell, ct)
			}
		}
	}

	// Imported back, the guard is gone again. (XLSX cannot hold control
	// characters: excelize writes U+FFFD for ESC and BEL, so only CSV
	// brings the hostile last names back byte for byte.)
	byEmail := func(m map[string]personView) map[string]personView {
		out := map[string]personView{}
		for _, v := range m {
			out[v.Emails[0]] = v
		}
		return out
	}
	wantByEmail := byEmail(want)
	for _, file := range []string{csvFile, xlsxFile} {
		db2 := filepath.Join(t.TempDir(), "back.db")
		importClean(t, db2, file, 6, domain.TypePerson)
		got, _, _ := views(t, db2)
		gotByEmail := byEmail(got)
		for k, w := range wantByEmail {
			g := gotByEmail[k]
			if g.Notes != w.Notes {
				t.Errorf("%s: %s came back with notes %q, want %q", filepath.Ext(file), k, g.Notes, w.Notes)
			}
			if filepath.Ext(file) == ".csv" && g.LastName != w.LastName {
				t.Errorf("csv: %s came back with last name %q, want %q", k, g.LastName, w.LastName)
			}
		}
	}
}

// Output: standard output by default and for "-", a file otherwise
// written whole with mode 0600 or not at all; the BOM; exit codes.
func TestExportOutputAndExitCodes(t *testing.T) {
	src := exportFixture(t)
	dir := t.TempDir()

	def := mustKontor(t, src, "export", "companies")
	dash := mustKontor(t, src, "export", "companies", "--out", "-")
	if def != dash || !strings.HasPrefix(def, "Company Name,Website,") || strings.Count(def, "\n") < 4 {
		t.Errorf("stdout exports differ or are wrong:\n%s\n---\n%s", def, dash)
	}
	bom := mustKontor(t, src, "export", "companies", "--bom")
	if bom != "\ufeff"+def {
		t.Errorf("--bom: %q…", bom[:min(len(bom), 20)])
	}

	file := filepath.Join(dir, "companies.csv")
	if err := os.WriteFile(file, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustKontor(t, src, "export", "companies", "--out", file)
	b, err := os.ReadFile(file)
	if err != nil || string(b) != def {
		t.Errorf("--out file holds %q (%v), want the stdout export", b, err)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("--out file mode %v (%v), want 0600", st.Mode().Perm(), err)
	}

	// A failure half-way (a note longer than an XLSX cell holds) leaves the
	// existing file as it was and no temporary file behind.
	s := openDB(t, src)
	long := domain.Person{FirstName: "Long", LastName: "Notes", Notes: strings.Repeat("x", 40_000)}
	if err := s.CreatePerson(context.Background(), &long); err != nil {
		t.Fatal(err)
	}
	s.Close()
	old := filepath.Join(dir, "people.xlsx")
	if err := os.WriteFile(old, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := kontorIn(t, src, "export", "people", "--out", old)
	if code != exitPartial || !strings.Contains(errOut, fmt.Sprintf("person %d", long.ID)) || !strings.Contains(errOut, "--format csv") {
		t.Errorf("too long a cell: exit %d: %s", code, errOut)
	}
	if b, _ := os.ReadFile(old); string(b) != "old" {
		t.Errorf("a failed export changed %s", old)
	}
	// As CSV the long note is exported whole.
	if out := mustKontor(t, src, "export", "people", "--filter", "long notes"); !strings.Contains(out, strings.Repeat("x", 40_000)) {
		t.Errorf("CSV lost the long note")
	}

	devNull, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer devNull.Close()
	tests := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"bad format", []string{"export", "people", "--format", "xml"}, exitUsage, `--format "xml": want csv, json, jsonl, xlsx`},
		{"unknown type", []string{"export", "pets"}, exitUsage, `unknown record type "pets"`},
		{"no type", []string{"export"}, exitUsage, "accepts 1 arg"},
		{"two types", []string{"export", "people", "deals"}, exitUsage, "accepts 1 arg"},
		{"bom with json", []string{"export", "people", "--format", "json", "--bom"}, exitUsage, "--bom applies to CSV only"},
		{"unknown flag", []string{"export", "people", "--colour"}, exitUsage, "unknown flag"},
		{"directory missing", []string{"export", "people", "--out", filepath.Join(dir, "no", "such", "dir", "p.csv")}, exitPartial, "no such file or directory"},
		{"out is a directory", []string{"export", "people", "--out", dir}, exitPartial, "is a directory"},
		{"no data file", []string{"--db", filepath.Join(dir, "missing.db"), "export", "people"}, exitPartial, "does not exist"},
		{"out is the data file", []string{"export", "people", "--out", src}, exitUsage, "is the data file"},
		{"out is the WAL", []string{"export", "people", "--format", "csv", "--out", src + "-wal"}, exitUsage, "is the data file"},
		{"template over the data file", []string{"template", "people", "--out", src}, exitUsage, "is the data file"},
	}
	for _, tt := range tests {
		out, errOut, code := kontorIn(t, src, tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) || !strings.HasPrefix(errOut, "kontor: ") {
			t.Errorf("%s: exit %d, want %d; stderr %q, want %q", tt.name, code, tt.code, errOut, tt.msg)
		}
		if out != "" {
			t.Errorf("%s: printed %q", tt.name, out)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("export created a data file")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}

	// XLSX is refused on a terminal (a character device) and written to a
	// pipe or file.
	var errb bytes.Buffer
	code = run(context.Background(), []string{"--db", src, "export", "people", "--format", "xlsx"}, stdio{in: strings.NewReader(""), out: devNull, err: &errb},
		func(string) string { return "" })
	if code != exitUsage || !strings.Contains(errb.String(), "XLSX is binary") {
		t.Errorf("xlsx to a terminal: exit %d: %s", code, errb.String())
	}
	xlsxOut := mustKontor(t, src, "export", "people", "--format", "xlsx", "--filter", "anna")
	x, err := excelize.OpenReader(strings.NewReader(xlsxOut))
	if err != nil {
		t.Fatalf("xlsx on stdout: %v", err)
	}
	rows, _ := x.GetRows("People")
	x.Close()
	if len(rows) != 2 || rows[1][0] != "Anna" {
		t.Errorf("xlsx on stdout: rows %q", rows)
	}
}

// On a terminal, the control characters of hostile records are shown as
// symbols in every format but XLSX.
func TestExportToTerminalIsInert(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	importClean(t, db, "testdata/hostile/terminal-and-formula.csv", 6, domain.TypePerson)
	spec := exportSpec{terminal: true}
	s, err := sqlstore.Open(context.Background(), db, sqlstore.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, f := range []exportFormat{formatCSVFile, formatJSONFile, formatJSONLFile} {
		spec.format = f
		var b bytes.Buffer
		n, err := exportRecords(context.Background(), s, domain.TypePerson, spec, &b, func(int) {})
		if err != nil || n != 6 {
			t.Fatalf("%s: %d records, %v", f, n, err)
		}
		for _, bad := range []string{"\x1b", "\x07", "\u202e", "\u200b", "\u009b"} {
			if strings.Contains(b.String(), bad) {
				t.Errorf("%s on a terminal prints %q raw", f, bad)
			}
		}
		shown := "Escape␛[2J" // CSV: control pictures
		if f != formatCSVFile {
			shown = `Escape\u001b[2J` // JSON escapes C0 controls itself
		}
		if !strings.Contains(b.String(), shown) {
			t.Errorf("%s on a terminal does not show ESC as %q:\n%s", f, shown, b.String())
		}
	}
	// Not on a terminal, the bytes are the records' own.
	var b bytes.Buffer
	if _, err := exportRecords(context.Background(), s, domain.TypePerson, exportSpec{format: formatCSVFile}, &b, func(int) {}); err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(&b)
	rows, err := r.ReadAll()
	if err != nil || rows[1][1] != "Escape\x1b[2J\x1b[H" {
		t.Errorf("csv to a file: %q, %v", rows[1], err)
	}
}

// Paging: an export spanning several pages holds every record once, in
// creation order.
func TestExportPages(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	s := openDB(t, db)
	const n = 23
	for i := range n {
		p := domain.Person{FirstName: "P", LastName: fmt.Sprintf("%02d", n-i), Emails: []domain.Email{{Address: fmt.Sprintf("p%d@x.pl", i)}}}
		if err := s.CreatePerson(context.Background(), &p); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []exportFormat{formatCSVFile, formatJSONLFile} {
		var b bytes.Buffer
		pages := 0
		got, err := exportRecords(context.Background(), s, domain.TypePerson, exportSpec{format: f, pageSize: 5}, &b, func(int) { pages++ })
		if err != nil || got != n || pages != 5 {
			t.Fatalf("%s: %d records in %d pages, %v", f, got, pages, err)
		}
		for i := range n {
			if !strings.Contains(b.String(), fmt.Sprintf("p%d@x.pl", i)) {
				t.Errorf("%s: p%d missing", f, i)
			}
			if i > 0 && strings.Index(b.String(), fmt.Sprintf("p%d@", i)) < strings.Index(b.String(), fmt.Sprintf("p%d@", i-1)) {
				t.Errorf("%s: p%d before p%d", f, i, i-1)
			}
		}
	}
}

func TestExportHelpAndCompletion(t *testing.T) {
	db := filepath.Join(t.TempDir(), "k.db")
	for _, args := range [][]string{{"export", "--help"}, {"template", "--help"}} {
		out, _, code := kontorIn(t, db, args...)
		if code != 0 || !strings.Contains(out, "Examples:") || !strings.Contains(out, "kontor "+args[0]+" ") || !strings.Contains(out, "--out") {
			t.Errorf("%v: exit %d\n%s", args, code, out)
		}
	}
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"__complete", "export", ""}, []string{"people\n", "companies\n", "deals\n"}},
		{[]string{"__complete", "template", ""}, []string{"people\n", "companies\n", "deals\n"}},
		{[]string{"__complete", "export", "people", "--format", ""}, []string{"csv\n", "json\n", "jsonl\n", "xlsx\n"}},
		{[]string{"__complete", "template", "deals", "--lang", ""}, []string{"en\n", "pl\n", "zh\n"}},
		{[]string{"__complete", "template", "deals", "--format", ""}, []string{"csv\n", "xlsx\n"}},
		{[]string{"__complete", "export", "people", "--"}, []string{"--format", "--out", "--filter", "--bom"}},
		{[]string{"__complete", "template", "people", "--"}, []string{"--lang", "--format", "--out"}},
		{[]string{"__complete", "ex"}, []string{"export"}},
	}
	for _, tt := range tests {
		out, errOut, code := kontorIn(t, db, tt.args...)
		if code != 0 {
			t.Errorf("%v: exit %d: %s", tt.args, code, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v: no %q in\n%s", tt.args, w, out)
			}
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("help or completion created the data file")
	}
}
