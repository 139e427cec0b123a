package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"kontor/domain"
	"kontor/domain/importing"
)

// Tests of `kontor template`: every header is an alias the import
// catalogue matches to the intended field, and every template imports as
// it is, one record with the example's values and no warnings.

// templateWant is what the example row of a template imports as.
type templateWant struct {
	person  personView
	company companyView
	deal    dealView
}

func templateExpectations() map[templateLang]templateWant {
	return map[templateLang]templateWant{
		langEN: {
			person: personView{FirstName: "John", LastName: "Smith", Title: "Sales Manager", Company: "Example Trading Ltd", Birthday: "1985-03-14",
				Notes: "Met at the trade fair", Emails: []string{"john.smith@example.com"}, Phones: []string{"+442079460958", "+447700900123"},
				Address: domain.Address{Street: "221B Baker Street", City: "London", PostalCode: "NW1 6XE", Region: "Greater London", Country: "United Kingdom"}},
			company: companyView{Name: "Example Trading Ltd", Website: "www.example.com", Domain: "example.com", Phone: "+442079460000", Email: "info@example.com",
				TaxIDs: []domain.TaxID{{Kind: "VAT", Value: "GB980780684"}}, Industry: "Wholesale", Employees: "1200", Notes: "Key account",
				Address: domain.Address{Street: "1 Example Road", City: "Manchester", PostalCode: "M1 1AA", Region: "Greater Manchester", Country: "United Kingdom"}},
			deal: dealView{Title: "Website redesign", Company: "Example Trading Ltd", Stage: "Qualified", Amount: "12500.00", Currency: "USD",
				CloseDate: "2030-06-30", Probability: "40", Notes: "Send the offer by Friday"},
		},
		langPL: {
			person: personView{FirstName: "Anna", LastName: "Nowak", Title: "Kierownik sprzedaży", Company: "Przykładowa Firma sp. z o.o.", Birthday: "1985-03-14",
				Notes: "Poznana na targach", Emails: []string{"anna.nowak@example.pl"}, Phones: []string{"+48221234567", "+48600100200"},
				Address: domain.Address{Street: "ul. Długa 5", City: "Kraków", PostalCode: "31-147", Region: "małopolskie", Country: "Polska"}},
			company: companyView{Name: "Przykładowa Firma sp. z o.o.", Website: "www.przyklad.pl", Domain: "przyklad.pl", Phone: "+48123456789", Email: "biuro@przyklad.pl",
				TaxIDs:   []domain.TaxID{{Kind: "KRS", Value: "0000012345"}, {Kind: "NIP", Value: "5260250274"}, {Kind: "REGON", Value: "012100784"}}, // the store orders them by kind
				Industry: "Produkcja", Employees: "1200", Notes: "Kluczowy klient",
				Address: domain.Address{Street: "ul. Przemysłowa 12", City: "Kraków", PostalCode: "30-702", Region: "małopolskie", Country: "Polska"}},
			deal: dealView{Title: "Nowa strona internetowa", Company: "Przykładowa Firma sp. z o.o.", Stage: "Qualified", Amount: "12500.00", Currency: "PLN",
				CloseDate: "2030-06-30", Probability: "40", Notes: "Wysłać ofertę do piątku"},
		},
		langZH: {
			person: personView{FirstName: "伟", LastName: "王", Title: "销售经理", Company: "示例科技有限公司", Birthday: "1985-03-14",
				Notes: "展会上认识", Emails: []string{"wang.wei@example.cn"}, Phones: []string{"+861065529988", "+8613800138000"},
				Address: domain.Address{Street: "建国路88号", City: "北京", PostalCode: "100022", Region: "北京市", Country: "中国"}},
			company: companyView{Name: "示例科技有限公司", Website: "www.example.cn", Domain: "example.cn", Phone: "+861065520000", Email: "info@example.cn",
				TaxIDs: []domain.TaxID{{Kind: "USCC", Value: "91350100M000100Y43"}}, Industry: "软件", Employees: "1200", Notes: "重点客户",
				Address: domain.Address{Street: "建国路88号", City: "北京", PostalCode: "100022", Region: "北京市", Country: "中国"}},
			deal: dealView{Title: "网站改版", Company: "示例科技有限公司", Stage: "Qualified", Amount: "12500.00", Currency: "CNY",
				CloseDate: "2030-06-30", Probability: "40", Notes: "周五前发送报价"},
		},
	}
}

// Every header of every template is an alias of its field in the import
// catalogue, and Match maps it to that field with or without the example
// row, guessing the record type right.
func TestTemplateHeadersAreCatalogueAliases(t *testing.T) {
	for _, lang := range []templateLang{langEN, langPL, langZH} {
		for _, typ := range domain.RecordTypes {
			var fields []string
			for _, c := range templateColumns(typ) {
				cell := c.in(lang)
				if cell.header == "" {
					continue
				}
				fields = append(fields, c.field)
				fd, ok := importing.FieldByKey(typ, c.field)
				if !ok {
					t.Fatalf("%s %s: no field %q", lang, typ, c.field)
				}
				if !slices.ContainsFunc(fd.Aliases, func(a string) bool { return importing.NormalizeHeader(a) == importing.NormalizeHeader(cell.header) }) {
					t.Errorf("%s %s: header %q is not an alias of %s", lang, typ, cell.header, c.field)
				}
			}
			header, example := templateRows(typ, lang, "Qualified", nil)
			for _, samples := range [][][]string{{example}, nil} {
				m := importing.Match(header, samples)
				if m.Type != typ {
					t.Errorf("%s %s (%d sample rows): taken for %s: %s", lang, typ, len(samples), m.Type, m.TypeReason)
					continue
				}
				for i, h := range header {
					if m.Field(i) != fields[i] {
						t.Errorf("%s %s (%d sample rows): %q matched to %q, want %q", lang, typ, len(samples), h, m.Field(i), fields[i])
					}
				}
			}
		}
	}
}

// Each template, in each language and format, imports into an empty data
// file as one record with the example's values and no warnings; making the
// template does not create the data file.
func TestTemplateImportsCleanly(t *testing.T) {
	want := templateExpectations()
	for _, lang := range []templateLang{langEN, langPL, langZH} {
		for _, format := range []string{"csv", "xlsx"} {
			for _, typ := range recordTypeArgs {
				t.Run(string(lang)+"/"+format+"/"+typ, func(t *testing.T) {
					dir := t.TempDir()
					db := filepath.Join(dir, "k.db")
					file := filepath.Join(dir, "template."+format)
					_, errOut, code := kontorIn(t, db, "template", typ, "--lang", string(lang), "--out", file)
					if code != 0 || !strings.Contains(errOut, "kontor import "+file) {
						t.Fatalf("template: exit %d: %s", code, errOut)
					}
					if _, err := os.Stat(db); err == nil {
						t.Fatal("template created the data file")
					}
					rt, _ := domain.ParseRecordType(typ)
					importClean(t, db, file, 1, rt)
					people, companies, deals := views(t, db)
					w := want[lang]
					switch rt {
					case domain.TypePerson:
						checkOne(t, people, w.person)
					case domain.TypeCompany:
						checkOne(t, companies, w.company)
					case domain.TypeDeal:
						checkOne(t, deals, w.deal)
					}
				})
			}
		}
	}
}

// checkOne compares the only record of a map with want, ignoring the
// fields the template leaves to the import (creation time, custom).
func checkOne[V any](t *testing.T, got map[string]V, want V) {
	t.Helper()
	if len(got) != 1 {
		t.Fatalf("%d records, want 1: %+v", len(got), got)
	}
	for _, g := range got {
		blank := func(v *V) {
			if p, ok := any(v).(*personView); ok {
				p.Created, p.Custom = "", ""
			}
			if c, ok := any(v).(*companyView); ok {
				c.Created, c.Custom = "", ""
			}
			if d, ok := any(v).(*dealView); ok {
				d.Created, d.Custom = "", ""
			}
		}
		blank(&g)
		compareViews(t, "template record", map[string]V{"": want}, map[string]V{"": g})
	}
}

// With a data file, the template has a column per custom field of the type
// and the example deal's stage is one of its pipeline; it imports back into
// that data file cleanly, creating no stage or field.
func TestTemplateUsesDataFile(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "k.db")
	s := openDB(t, db)
	for _, f := range exportCustomFields {
		if err := s.CreateCustomField(ctx, &f); err != nil {
			t.Fatal(err)
		}
	}
	stages, err := s.ListStages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"Nowy", "Rozmowa", "Oferta"} {
		stages[i].Name = name
		if err := s.UpdateStage(ctx, &stages[i]); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	wantCustom := map[templateLang]map[domain.RecordType]string{
		langEN: {domain.TypePerson: `{"field_e5aea2e688b7e7ad89e7baa7":"example","lead_source":"example","next_call":"2030-06-30","score":12.5,"vip":true}`},
		langPL: {domain.TypeCompany: `{"audited":true,"renewal":"2030-06-30","segment":"przykład","tier":12.5}`},
		langZH: {domain.TypeDeal: `{"budget_code":"示例","kickoff":"2030-06-30","signed":true,"weight":12.5}`},
	}
	for lang, byType := range wantCustom {
		for rt, want := range byType {
			file := filepath.Join(t.TempDir(), "t.csv")
			mustKontor(t, db, "template", rt.Plural(), "--lang", string(lang), "--out", file)
			rows := readCSV(t, file)
			n := 0
			for _, f := range exportCustomFields {
				if f.RecordType == rt {
					n++
					if !slices.Contains(rows[0], importing.CustomColumnHeader(domain.CustomField{Label: f.Label, Key: domain.CustomFieldKey(f.Label), Type: f.Type})) {
						t.Errorf("%s %s: no column for %s in %q", lang, rt, f.Label, rows[0])
					}
				}
			}
			if len(rows) != 2 || len(rows[0]) != len(rows[1]) {
				t.Fatalf("%s %s: rows %q", lang, rt, rows)
			}
			res := importClean(t, db, file, 1, rt)
			if res.Stages != 0 {
				t.Errorf("%s %s: the import created %d stages", lang, rt, res.Stages)
			}
			out := mustKontor(t, db, rt.Plural(), "list", "--json", "--sort", "created", "--desc", "--limit", "1")
			var objs []map[string]any
			if err := json.Unmarshal([]byte(out), &objs); err != nil || len(objs) != 1 {
				t.Fatalf("%v %s", err, out)
			}
			custom, _ := json.Marshal(objs[0]["custom"])
			if string(custom) != want {
				t.Errorf("%s %s: custom %s, want %s", lang, rt, custom, want)
			}
			if rt == domain.TypeDeal && objs[0]["stage"] != "Rozmowa" {
				t.Errorf("example deal stage %v, want the pipeline's second open stage", objs[0]["stage"])
			}
		}
	}
}

func TestTemplateOutput(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "k.db")
	out := mustKontor(t, db, "template", "people", "--lang", "pl")
	if !strings.HasPrefix(out, "\ufeffImię,Nazwisko,Firma,") || strings.Count(out, "\n") != 2 || !strings.Contains(out, ",'+48 600 100 200,") {
		t.Errorf("pl people CSV:\n%s", out)
	}
	file := filepath.Join(dir, "商机.xlsx")
	mustKontor(t, db, "template", "deals", "--lang", "zh", "--out", file)
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("商机")
	f.Close()
	if err != nil || len(rows) != 2 || rows[0][0] != "商机名称" || rows[1][0] != "网站改版" {
		t.Errorf("zh deals xlsx: %q %v", rows, err)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("template file mode: %v", err)
	}
	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"template", "people", "--lang", "fr"}, `--lang "fr": want en, pl or zh`},
		{[]string{"template", "people", "--format", "json"}, `--format "json": want csv, xlsx`},
		{[]string{"template", "pets"}, `unknown record type "pets"`},
		{[]string{"template"}, "accepts 1 arg"},
		{[]string{"template", "people", "--out", filepath.Join(dir, "missing", "t.csv")}, "no such file or directory"},
	} {
		out, errOut, code := kontorIn(t, db, tt.args...)
		want := exitUsage
		if strings.Contains(tt.msg, "no such file") {
			want = exitPartial
		}
		if code != want || !strings.Contains(errOut, tt.msg) || out != "" {
			t.Errorf("%v: exit %d, want %d; stderr %q", tt.args, code, want, errOut)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("template created the data file")
	}
}
