package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"kontor/domain"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "k.db"), Options{Region: "PL"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func mustPerson(t *testing.T, s *Store, p domain.Person) domain.Person {
	t.Helper()
	if err := s.CreatePerson(context.Background(), &p); err != nil {
		t.Fatalf("create %s: %v", p.Name(), err)
	}
	return p
}

func mustCompany(t *testing.T, s *Store, c domain.Company) domain.Company {
	t.Helper()
	if err := s.CreateCompany(context.Background(), &c); err != nil {
		t.Fatalf("create %s: %v", c.Name, err)
	}
	return c
}

func TestOpenCreatesPrivateFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "b")
	path := filepath.Join(dir, "kontor.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("file mode = %v, %v; want 0600", st.Mode().Perm(), err)
	}
	dst, _ := os.Stat(dir)
	if dst.Mode().Perm() != 0o700 {
		t.Errorf("dir mode = %v; want 0700", dst.Mode().Perm())
	}
	var mode string
	s.w.QueryRow("PRAGMA journal_mode").Scan(&mode)
	if mode != "wal" {
		t.Errorf("journal_mode = %q", mode)
	}
	var sync, fk int
	s.w.QueryRow("PRAGMA synchronous").Scan(&sync)
	s.w.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	if sync != 1 || fk != 1 {
		t.Errorf("synchronous = %d (want 1 NORMAL), foreign_keys = %d", sync, fk)
	}
	if v, _ := s.userVersion(context.Background()); v != SchemaVersion {
		t.Errorf("user_version = %d", v)
	}
}

func TestResolvePath(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		flag string
		env  map[string]string
		want string
	}{
		{"x.db", map[string]string{"KONTOR_DB": "y.db"}, "x.db"},
		{"", map[string]string{"KONTOR_DB": "y.db", "XDG_DATA_HOME": "/d"}, "y.db"},
		{"", map[string]string{"XDG_DATA_HOME": "/d", "HOME": "/h"}, "/d/kontor/kontor.db"},
		{"", map[string]string{"HOME": "/h"}, "/h/.local/share/kontor/kontor.db"},
	}
	for _, c := range cases {
		got, err := ResolvePath(c.flag, env(c.env))
		if err != nil || got != c.want {
			t.Errorf("ResolvePath(%q, %v) = %q, %v; want %q", c.flag, c.env, got, err, c.want)
		}
	}
}

func TestRefusesForeignAndNewerFiles(t *testing.T) {
	dir := t.TempDir()
	notDB := filepath.Join(dir, "notes.db")
	content := []byte("this is a text file, not a database\n")
	os.WriteFile(notDB, content, 0o600)
	if _, err := Open(context.Background(), notDB, Options{}); err == nil || !strings.Contains(err.Error(), "not an SQLite") {
		t.Errorf("text file opened: %v", err)
	}
	if b, _ := os.ReadFile(notDB); string(b) != string(content) {
		t.Error("text file was modified")
	}

	newer := filepath.Join(dir, "newer.db")
	s, err := Open(context.Background(), newer, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.w.Exec("PRAGMA user_version = 99")
	s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	s.Close()
	before, _ := os.ReadFile(newer)
	_, err = Open(context.Background(), newer, Options{})
	if err == nil || !strings.Contains(err.Error(), "newer Kontor (schema 99") {
		t.Errorf("newer file opened: %v", err)
	}
	if after, _ := os.ReadFile(newer); string(after) != string(before) {
		t.Error("newer file was modified")
	}

	garbage := filepath.Join(dir, "damaged.db")
	s, _ = Open(context.Background(), garbage, Options{})
	s.Close()
	b, _ := os.ReadFile(garbage)
	for i := 100; i < len(b); i++ {
		b[i] = 0xA5
	}
	os.WriteFile(garbage, b, 0o600)
	os.Remove(garbage + "-wal")
	if _, err := Open(context.Background(), garbage, Options{}); err == nil {
		t.Error("damaged file opened without complaint")
	}
}

// TestMigrateFromEachVersion builds a file at every earlier schema version
// with a record in it, then opens it with this build.
func TestMigrateFromEachVersion(t *testing.T) {
	for v := 1; v <= SchemaVersion; v++ {
		path := filepath.Join(t.TempDir(), "old.db")
		createFile(path)
		s := &Store{path: path, now: time.Now}
		if err := s.openPools(context.Background()); err != nil {
			t.Fatal(err)
		}
		if err := s.migrateTo(context.Background(), v); err != nil {
			t.Fatalf("migrate to %d: %v", v, err)
		}
		if _, err := s.w.Exec("INSERT INTO companies (name) VALUES ('Łódzkie Tekstylia S.A.')"); err != nil {
			t.Fatal(err)
		}
		s.Close()
		s2, err := Open(context.Background(), path, Options{})
		if err != nil {
			t.Fatalf("open schema %d file: %v", v, err)
		}
		page, err := s2.ListCompanies(context.Background(), domain.ListQuery{Filter: "lodzkie"})
		if err != nil || len(page.Items) != 1 {
			t.Errorf("from schema %d: company not found by search after upgrade: %v %v", v, page.Items, err)
		}
		s2.Close()
	}
}

func TestReadOnlyFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write read-only files")
	}
	path := filepath.Join(t.TempDir(), "k.db")
	s, _ := Open(context.Background(), path, Options{})
	mustPerson(t, s, domain.Person{FirstName: "Jan"})
	s.Close()
	os.Chmod(path, 0o400)
	ro, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if !ro.ReadOnly() {
		t.Error("read-only file not reported read-only")
	}
	err = ro.CreatePerson(context.Background(), &domain.Person{FirstName: "Anna"})
	if !errors.Is(err, domain.ErrReadOnly) {
		t.Errorf("write to read-only file: %v", err)
	}
}

func TestOpenReadOnlyOption(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.db")
	s, _ := Open(context.Background(), path, Options{})
	mustPerson(t, s, domain.Person{FirstName: "Jan"})
	s.Close()
	ro, err := Open(context.Background(), path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	c, err := ro.Counts(context.Background())
	if err != nil || c.People != 1 {
		t.Errorf("counts = %+v, %v", c, err)
	}
	if err := ro.CreatePerson(context.Background(), &domain.Person{FirstName: "Anna"}); !errors.Is(err, domain.ErrReadOnly) {
		t.Errorf("write with ReadOnly: %v", err)
	}
}

func TestPersonCRUD(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	acme := mustCompany(t, s, domain.Company{Name: "Acme Sp. z o.o.", Website: "https://acme.pl"})
	p := mustPerson(t, s, domain.Person{
		FirstName: "Zofia", LastName: "Górska", CompanyID: acme.ID, Title: "CFO",
		Emails:   []domain.Email{{Address: "zofia@acme.pl", Label: "work"}, {Address: "zosia@gmail.com"}},
		Phones:   []domain.Phone{{Raw: "600 100 200", Label: "mobile"}, {Raw: "+48 22 100 20 30"}},
		Birthday: domain.Date{Year: 1980, Month: 5, Day: 17},
	})
	got, err := s.GetPerson(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Company != "Acme Sp. z o.o." || len(got.Emails) != 2 || got.Emails[1].Address != "zosia@gmail.com" ||
		len(got.Phones) != 2 || got.Phones[0].E164 != "+48600100200" || got.Phones[0].Label != "mobile" || got.Birthday.String() != "1980-05-17" {
		t.Errorf("read back %+v", got)
	}
	got.Title = "Dyrektor finansowy"
	got.Emails = got.Emails[:1]
	before := got.UpdatedAt
	time.Sleep(2 * time.Millisecond)
	if err := s.UpdatePerson(ctx, &got); err != nil {
		t.Fatal(err)
	}
	again, _ := s.GetPerson(ctx, p.ID)
	if again.Title != "Dyrektor finansowy" || len(again.Emails) != 1 || !again.UpdatedAt.After(before) || !again.CreatedAt.Equal(p.CreatedAt) {
		t.Errorf("after update %+v", again)
	}
	err = s.CreatePerson(ctx, &domain.Person{Emails: []domain.Email{{Address: "broken"}}})
	var ve *domain.ValidationError
	if !errors.As(err, &ve) || ve.For("emails[0]") == "" {
		t.Errorf("invalid person: %v", err)
	}
	if err := s.CreatePerson(ctx, &domain.Person{FirstName: "X", CompanyID: 999}); !errors.As(err, &ve) || ve.For("company_id") == "" {
		t.Errorf("person with missing company: %v", err)
	}
	if err := s.DeletePerson(ctx, p.ID, domain.DeleteIfUnlinked); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetPerson(ctx, p.ID); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("deleted person: %v", err)
	}
	if err := s.DeletePerson(ctx, p.ID, domain.DeleteIfUnlinked); !errors.Is(err, domain.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

func TestCompanyAndDealCRUD(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	emp := 120
	c := mustCompany(t, s, domain.Company{Name: "Drutex Logistyka Sp. z o.o.", Website: "www.drutex.pl", Employees: &emp,
		TaxIDs: []domain.TaxID{{Kind: "NIP", Value: "526-000-12-46"}}, Address: domain.Address{City: "Gdańsk"}})
	got, err := s.GetCompany(ctx, c.ID)
	if err != nil || got.Domain != "drutex.pl" || got.TaxID("NIP") != "5260001246" || *got.Employees != 120 {
		t.Errorf("company %+v %v", got, err)
	}
	p := mustPerson(t, s, domain.Person{FirstName: "Jan", LastName: "Nowak", CompanyID: c.ID})
	amount := domain.Money{Minor: 1264000, Currency: "PLN"}
	prob := 60
	d := domain.Deal{Title: "Drutex – Serwis 2026", CompanyID: c.ID, PersonID: p.ID, Amount: &amount, Probability: &prob,
		CloseDate: domain.Date{Year: 2026, Month: 3, Day: 11}}
	if err := s.CreateDeal(ctx, &d); err != nil {
		t.Fatal(err)
	}
	gd, err := s.GetDeal(ctx, d.ID)
	if err != nil || gd.Stage != "Lead" || gd.Company != c.Name || gd.Person != "Jan Nowak" || gd.Amount.Decimal() != "12640.00" || *gd.Probability != 60 {
		t.Errorf("deal %+v %v", gd, err)
	}
	// Renaming the company carries into its people's and deals' search.
	got.Name = "Żuławy Agro S.A."
	if err := s.UpdateCompany(ctx, &got); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"zulawy"} {
		pp, _ := s.ListPeople(ctx, domain.ListQuery{Filter: q})
		dd, _ := s.ListDeals(ctx, domain.ListQuery{Filter: q})
		if len(pp.Items) != 1 || len(dd.Items) != 1 {
			t.Errorf("after rename, %q finds %d people and %d deals", q, len(pp.Items), len(dd.Items))
		}
	}
	// Delete rules.
	err = s.DeleteCompany(ctx, c.ID, domain.DeleteIfUnlinked)
	var de *domain.DependentsError
	if !errors.As(err, &de) || de.People != 1 || de.Deals != 1 {
		t.Fatalf("delete linked company: %v", err)
	}
	if _, err := s.GetCompany(ctx, c.ID); err != nil {
		t.Error("refused delete removed the company")
	}
	if err := s.DeleteCompany(ctx, c.ID, domain.DeleteDetach); err != nil {
		t.Fatal(err)
	}
	pp, _ := s.GetPerson(ctx, p.ID)
	dd, _ := s.GetDeal(ctx, d.ID)
	if pp.CompanyID != 0 || dd.CompanyID != 0 || dd.PersonID != p.ID {
		t.Errorf("detach left links: person %+v deal %+v", pp, dd)
	}
	if err := s.DeletePerson(ctx, p.ID, domain.DeleteIfUnlinked); !errors.As(err, &de) || de.Deals != 1 {
		t.Errorf("delete person with deal: %v", err)
	}
	if err := s.DeletePerson(ctx, p.ID, domain.DeleteDetach); err != nil {
		t.Fatal(err)
	}
	if dd, _ := s.GetDeal(ctx, d.ID); dd.PersonID != 0 || dd.Person != "" {
		t.Errorf("deal still points at deleted person: %+v", dd)
	}
	if err := s.DeleteDeal(ctx, d.ID); err != nil {
		t.Fatal(err)
	}
}

func TestCustomFields(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	for _, f := range []domain.CustomField{
		{RecordType: domain.TypePerson, Label: "Lead Source"},
		{RecordType: domain.TypePerson, Label: "Score", Type: domain.FieldNumber},
		{RecordType: domain.TypePerson, Label: "VIP", Type: domain.FieldBool},
	} {
		if err := s.CreateCustomField(ctx, &f); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.CreateCustomField(ctx, &domain.CustomField{RecordType: domain.TypePerson, Label: "lead source"}); err == nil {
		t.Error("duplicate custom field accepted")
	}
	fields, _ := s.ListCustomFields(ctx, domain.TypePerson)
	if len(fields) != 3 || fields[0].Key != "lead_source" || fields[1].Type != domain.FieldNumber {
		t.Errorf("fields = %+v", fields)
	}
	p := mustPerson(t, s, domain.Person{FirstName: "Jan", Custom: domain.CustomValues{"lead_source": "Cold Call", "score": 42, "vip": true}})
	var source string
	var score float64
	s.r.QueryRow("SELECT json_extract(custom, '$.lead_source'), json_extract(custom, '$.score') FROM people WHERE id = ?", p.ID).Scan(&source, &score)
	if source != "Cold Call" || score != 42 {
		t.Errorf("json_extract gives %q %v", source, score)
	}
	var ve *domain.ValidationError
	if err := s.CreatePerson(ctx, &domain.Person{FirstName: "A", Custom: domain.CustomValues{"nope": "x"}}); !errors.As(err, &ve) || ve.For("custom.nope") == "" {
		t.Errorf("unknown custom field: %v", err)
	}
	if err := s.CreatePerson(ctx, &domain.Person{FirstName: "A", Custom: domain.CustomValues{"score": "high"}}); !errors.As(err, &ve) || ve.For("custom.score") == "" {
		t.Errorf("wrong custom type: %v", err)
	}
	got, _ := s.GetPerson(ctx, p.ID)
	if got.Custom["lead_source"] != "Cold Call" || got.Custom["vip"] != true {
		t.Errorf("custom read back %v", got.Custom)
	}
}

func TestSearchFolding(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	lodz := mustCompany(t, s, domain.Company{Name: "Łódzkie Tekstylia S.A.", Address: domain.Address{City: "Łódź"}})
	mustPerson(t, s, domain.Person{FirstName: "Jan", LastName: "Kowalski", CompanyID: lodz.ID, Phones: []domain.Phone{{Raw: "+48 600 100 200"}},
		Emails: []domain.Email{{Address: "jan.kowalski@firma.pl"}}})
	mustPerson(t, s, domain.Person{FirstName: "三", LastName: "张"})
	mustPerson(t, s, domain.Person{FirstName: "Łukasz", LastName: "Żak"})
	cases := []struct {
		q    string
		want int
	}{
		{"kow", 1}, {"KOWALSKI", 1}, {"jan.kow", 1}, {"firma.pl", 1}, {"600 100", 1}, {"600100200", 1}, {"48600100200", 1},
		{"lodzkie", 1}, {"三", 1}, {"张", 1}, {"zhang", 0}, {"lukasz zak", 1}, {"ŁUKASZ", 1}, {"nobody", 0},
	}
	for _, c := range cases {
		page, err := s.ListPeople(ctx, domain.ListQuery{Filter: c.q})
		if err != nil || len(page.Items) != c.want {
			t.Errorf("filter %q: %d people, %v; want %d", c.q, len(page.Items), err, c.want)
		}
		n, _ := s.CountPeople(ctx, domain.ListQuery{Filter: c.q})
		if n.N != c.want || !n.Exact {
			t.Errorf("count %q = %+v", c.q, n)
		}
	}
	cs, _ := s.ListCompanies(ctx, domain.ListQuery{Filter: "lodz"})
	if len(cs.Items) != 1 {
		t.Error("lodz does not find Łódzkie")
	}
}

func TestBackfillRowsWrittenByOthers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.db")
	s, _ := Open(context.Background(), path, Options{})
	s.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO companies (name) VALUES ('Śląskie Huty S.A.');
		INSERT INTO people (first_name, last_name, email, company_id) VALUES ('Łucja', 'Wróbel', 'Lucja@Huty.PL', 1);
		INSERT INTO deals (title, stage_id, company_id) VALUES ('Huty – Audyt', 1, 1)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	s, err = Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if pp, _ := s.ListPeople(ctx, domain.ListQuery{Filter: "lucja slaskie"}); len(pp.Items) != 1 {
		t.Error("person inserted by another program is not searchable")
	}
	if dd, _ := s.ListDeals(ctx, domain.ListQuery{Filter: "audyt"}); len(dd.Items) != 1 {
		t.Error("deal inserted by another program is not searchable")
	}
	var key string
	s.r.QueryRow("SELECT email_key FROM people").Scan(&key)
	if key != "lucja@huty.pl" {
		t.Errorf("email_key = %q", key)
	}
	// Every column the partial "underived" indexes watch is filled, so the
	// next open finds nothing to do.
	for _, q := range []string{
		"SELECT count(*) FROM people WHERE " + peopleUnderived,
		"SELECT count(*) FROM companies WHERE " + companiesUnderived,
		"SELECT count(*) FROM deals WHERE " + dealsUnderived,
	} {
		var n int
		if err := s.r.QueryRow(q).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d rows left underived (%v)", q, n, err)
		}
	}
}

// Opening a file looks for rows other programs left underived; that must be
// a lookup in the partial indexes, not a scan of every row (it took seconds
// on a million people when the conditions differed from the indexes').
func TestBackfillUsesPartialIndexes(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "k.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for table, cond := range map[string]string{"people": peopleUnderived, "companies": companiesUnderived, "deals": dealsUnderived} {
		rows, err := s.r.Query("EXPLAIN QUERY PLAN SELECT id FROM " + table + " WHERE " + cond + " LIMIT 10")
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if joined := strings.Join(plan, "; "); !strings.Contains(joined, table+"_underived") {
			t.Errorf("%s: backfill query plan %q does not use %s_underived", table, joined, table)
		}
	}
}

func TestConcurrentWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.db")
	a, _ := Open(context.Background(), path, Options{})
	defer a.Close()
	b, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	errs := make(chan error, 2)
	for _, s := range []*Store{a, b} {
		go func() {
			for i := range 100 {
				p := domain.Person{FirstName: "P", LastName: string(rune('a' + i%26))}
				if err := s.CreatePerson(context.Background(), &p); err != nil {
					errs <- err
					return
				}
				p.Title = "updated"
				if err := s.UpdatePerson(context.Background(), &p); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if c, _ := a.Counts(context.Background()); c.People != 200 {
		t.Errorf("people = %d, want 200", c.People)
	}
}

func TestDataVersionSeesOtherWriters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.db")
	a, _ := Open(context.Background(), path, Options{})
	defer a.Close()
	b, _ := Open(context.Background(), path, Options{})
	defer b.Close()
	v1, _ := a.DataVersion(context.Background())
	mustPerson(t, b, domain.Person{FirstName: "X"})
	v2, _ := a.DataVersion(context.Background())
	if v1 == v2 {
		t.Error("data_version did not change after another writer committed")
	}
}

func TestStages(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	stages, _ := s.ListStages(ctx)
	if len(stages) != 6 || stages[0].Name != "Lead" || !stages[4].Won || !stages[5].Lost {
		t.Fatalf("default pipeline = %+v", stages)
	}
	offer := domain.Stage{Name: "Oferta", Position: 3}
	if err := s.CreateStage(ctx, &offer); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateStage(ctx, &domain.Stage{Name: "oferta "}); err == nil {
		// names are compared as stored; "oferta" differs in case only
	}
	if err := s.MoveStage(ctx, offer.ID, 1); err != nil {
		t.Fatal(err)
	}
	stages, _ = s.ListStages(ctx)
	if stages[0].Name != "Oferta" || stages[0].Position != 1 || stages[len(stages)-1].Position != len(stages) {
		t.Errorf("after move: %+v", stages)
	}
	d := domain.Deal{Title: "X", StageID: offer.ID}
	if err := s.CreateDeal(ctx, &d); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteStage(ctx, offer.ID, 9999); err == nil {
		t.Error("deleted a stage with deals moving to a missing stage")
	}
	if err := s.DeleteStage(ctx, offer.ID, stages[1].ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.GetDeal(ctx, d.ID); got.StageID != stages[1].ID {
		t.Errorf("deal stage after delete = %d", got.StageID)
	}
}

// A row that only lacks a sort key gets it without its search text being
// rewritten: the search index's trigger fires on every update of
// search_text, and a million such rewrites fragmented the index.
func TestBackfillLeavesSearchTextAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "k.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := domain.Person{FirstName: "Łucja", LastName: "Wróbel", Title: "Główna księgowa"}
	if err := s.CreatePerson(context.Background(), &p); err != nil {
		t.Fatal(err)
	}
	s.Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`UPDATE people SET title_sort = NULL;
		CREATE TABLE search_rewrites (id INTEGER);
		CREATE TRIGGER count_search_rewrites AFTER UPDATE OF search_text ON people BEGIN
			INSERT INTO search_rewrites VALUES (new.id);
		END`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	s, err = Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var titleSort string
	var rewrites int
	if err := s.r.QueryRow("SELECT title_sort, (SELECT count(*) FROM search_rewrites) FROM people").Scan(&titleSort, &rewrites); err != nil {
		t.Fatal(err)
	}
	if titleSort != "glowna ksiegowa" || rewrites != 0 {
		t.Errorf("title_sort %q, search text rewritten %d times; want it filled and 0", titleSort, rewrites)
	}
	if pp, _ := s.ListPeople(context.Background(), domain.ListQuery{Filter: "lucja wrob"}); len(pp.Items) != 1 {
		t.Error("the person is no longer found")
	}
}

// Commands that only read open the file read-only; a file an older Kontor
// made is upgraded for them when it is writable, and otherwise refused
// with the reason, untouched.
func TestReadOnlyOpenOfOlderFile(t *testing.T) {
	ctx := context.Background()
	older := func(t *testing.T) string {
		path := filepath.Join(t.TempDir(), "old.db")
		createFile(path)
		s := &Store{path: path, now: time.Now}
		if err := s.openPools(ctx); err != nil {
			t.Fatal(err)
		}
		if err := s.migrateTo(ctx, SchemaVersion-1); err != nil {
			t.Fatal(err)
		}
		if _, err := s.w.Exec("INSERT INTO companies (name, search_text) VALUES ('Łódzkie Tekstylia S.A.', 'lodzkie tekstylia s a')"); err != nil {
			t.Fatal(err)
		}
		s.Close()
		return path
	}
	t.Run("writable", func(t *testing.T) {
		path := older(t)
		s, err := Open(ctx, path, Options{ReadOnly: true})
		if err != nil {
			t.Fatalf("open read-only: %v", err)
		}
		defer s.Close()
		if !s.ReadOnly() {
			t.Error("the store is writable after the upgrade")
		}
		v, err := s.userVersion(ctx)
		if err != nil || v != SchemaVersion {
			t.Errorf("schema %d (%v), want %d", v, err, SchemaVersion)
		}
		page, err := s.ListCompanies(ctx, domain.ListQuery{Filter: "l"})
		if err != nil || len(page.Items) != 1 {
			t.Errorf("one-letter search after the upgrade: %v %v", page.Items, err)
		}
	})
	t.Run("not writable", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root can write read-only files")
		}
		path := older(t)
		if err := os.Chmod(path, 0o400); err != nil {
			t.Fatal(err)
		}
		before, _ := os.ReadFile(path)
		_, err := Open(ctx, path, Options{ReadOnly: true})
		if err == nil || !strings.Contains(err.Error(), "needs upgrading") || !strings.Contains(err.Error(), "permissions") {
			t.Errorf("open: %v, want a refusal naming the permissions", err)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Error("the file changed")
		}
	})
}

// Readers map the file unless told not to (imports); the writer never does.
func TestReadersMapTheFile(t *testing.T) {
	ctx := context.Background()
	for _, noMap := range []bool{false, true} {
		s, err := Open(ctx, filepath.Join(t.TempDir(), "k.db"), Options{NoMap: noMap})
		if err != nil {
			t.Fatal(err)
		}
		var readers, writer int64
		if err := s.r.QueryRowContext(ctx, "PRAGMA mmap_size").Scan(&readers); err != nil {
			t.Fatal(err)
		}
		if err := s.w.QueryRowContext(ctx, "PRAGMA mmap_size").Scan(&writer); err != nil {
			t.Fatal(err)
		}
		if noMap && readers != 0 || !noMap && readers < 1<<30 || writer != 0 {
			t.Errorf("NoMap=%v: readers map %d bytes, the writer %d", noMap, readers, writer)
		}
		s.Close()
	}
}
