package importing

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"kontor/domain"
)

// planRows plans rows (header + data) mapped column by column to fields.
func planRows(t *testing.T, ex Existing, typ domain.RecordType, fields []string, rows [][]string, opts Options) *Plan {
	t.Helper()
	return planRowsWith(t, ex, typ, fields, rows, opts, nil)
}

// planRowsWith is planRows with setup run on the planner first.
func planRowsWith(t *testing.T, ex Existing, typ domain.RecordType, fields []string, rows [][]string, opts Options, setup func(*Planner)) *Plan {
	t.Helper()
	m := Mapping{Type: typ}
	for i, f := range fields {
		cm := ColumnMapping{Index: i, Header: f, Field: f}
		if fd, ok := FieldByKey(typ, f); ok {
			var col []string
			for _, r := range rows {
				col = append(col, r[i])
			}
			cm.Format = AnalyzeColumn(fd.Kind, col)
		}
		m.Columns = append(m.Columns, cm)
	}
	p, err := NewPlanner(context.Background(), m, opts, ex)
	if err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		setup(p)
	}
	for i, r := range rows {
		if err := p.Add(Row{Line: i + 2, Cells: r}); err != nil {
			t.Fatal(err)
		}
	}
	plan, err := p.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func groupRows(p *Plan) [][]int {
	var out [][]int
	for _, g := range p.Groups {
		if !g.Possible {
			out = append(out, g.Rows)
		}
	}
	return out
}

func TestPeopleDuplicatesWithinFile(t *testing.T) {
	ex := newMemExisting()
	fields := []string{"first_name", "last_name", "company", "email", "phone"}
	rows := [][]string{
		{"Zofia", "Górska", "Drutex Sp. z o.o.", "zofia.gorska@drutex.pl", "+48 600 100 200"}, // 1
		{"Tomasz", "Nowak", "Drutex Sp. z o.o.", "TOMASZ.NOWAK@DRUTEX.PL", ""},                // 2
		{"tomasz", " Nowak ", "Drutex sp. z o. o.", "tomasz.nowak@drutex.pl", ""},             // 3: same e-mail as 2
		{"Zofia", "Gorska", "DRUTEX SP. Z O.O.", "", ""},                                      // 4: same name at same company as 1
		{"Anna", "Kowalska", "Budimex S.A.", "anna@budimex.pl", "(+48) 600100200"},            // 5: phone of 1, other e-mail: possible only
		{"Jan", "Kowalski", "Budimex S.A.", "", "600 100 300"},                                // 6
		{"Kowalski", "Jan", "Budimex S.A.", "", ""},                                           // 7: swapped name of 6
		{"Jan", "Kowalsky", "Budimex S.A.", "", ""},                                           // 8: typo of 6: possible
		{"Jan", "Kowalski", "Agrobex S.A.", "", ""},                                           // 9: same name, other company
	}
	plan := planRows(t, ex, domain.TypePerson, fields, rows, DefaultOptions())
	got := groupRows(plan)
	want := [][]int{{1, 4}, {2, 3}, {6, 7}}
	if !slices.EqualFunc(got, want, slices.Equal[[]int]) {
		t.Errorf("definite groups = %v, want %v", got, want)
	}
	possible := map[int]bool{}
	for _, g := range plan.Groups {
		if g.Possible {
			for _, r := range g.Rows {
				possible[r] = true
			}
		}
	}
	if !possible[8] {
		t.Error("typo'd name at the same company not reported as possible duplicate")
	}
	if g, ok := plan.GroupOf(9); ok {
		t.Errorf("row 9 (another company) grouped: %+v", g)
	}
	if g, ok := plan.GroupOf(5); ok && !g.Possible {
		t.Errorf("row 5 shares only a phone with a different e-mail, but is a definite duplicate: %+v", g)
	}
	// Default skip: the later rows of each group are skipped, the first created.
	c := plan.Counts()
	if c.Rows != 9 || c.Skip != 3 || c.Create != 6 {
		t.Errorf("counts %+v", c)
	}
	if len(plan.NewCompanies) != 3 {
		t.Errorf("new companies = %+v, want Drutex, Budimex, Agrobex once each", plan.NewCompanies)
	}
	for _, nc := range plan.NewCompanies {
		if nc.Name == "Drutex Sp. z o.o." && nc.Rows != 4 {
			t.Errorf("Drutex linked from %d rows, want 4", nc.Rows)
		}
	}
}

func TestPeopleAgainstExisting(t *testing.T) {
	ex := newMemExisting()
	ex.companies = []domain.Company{{ID: 10, Name: "ACME Sp. z o.o."}, {ID: 11, Name: "Agrobex S.A."}, {ID: 12, Name: "Agrobex Sp. z o.o."}}
	ex.people = []domain.Person{
		{ID: 100, FirstName: "Jan", LastName: "Kowalski", CompanyID: 10, Emails: []domain.Email{{Address: "jan@acme.pl"}}},
		{ID: 101, FirstName: "Anna", LastName: "Nowak", CompanyID: 10, Phones: []domain.Phone{{Raw: "600 100 200", E164: "+48600100200"}}},
	}
	fields := []string{"first_name", "last_name", "company", "email", "phone", "title"}
	rows := [][]string{
		{"Jan", "Kowalski", "Acme sp. z o. o.", "JAN@ACME.PL", "", "CEO"}, // 1: e-mail of 100
		{"Anna", "Nowak", "acme", "", "+48 600-100-200", ""},              // 2: phone of 101
		{"Piotr", "Wiśniewski", "Acme", "piotr@acme.pl", "", ""},          // 3: new, links to 10
		{"Ewa", "Zielińska", "Agrobex", "", "", ""},                       // 4: ambiguous company
		{"Ewa", "Zielińska", "Agrobex S.A.", "", "", ""},                  // 5: links to 11
		{"Janek", "Kowalski", "ACME", "", "", ""},                         // 6: similar to 100: possible
	}
	opts := DefaultOptions()
	opts.OnDuplicate = DecideFill
	plan := planRows(t, ex, domain.TypePerson, fields, rows, opts)
	for row, want := range map[int]domain.ID{1: 100, 2: 101} {
		g, ok := plan.GroupOf(row)
		if !ok || len(g.Existing) == 0 || g.Existing[0] != want || g.Possible {
			t.Errorf("row %d: group %+v, want definite match with %d", row, g, want)
			continue
		}
		act, d, id, _ := plan.RowAction(row)
		if act != ActUpdate || d != DecideFill || id != want {
			t.Errorf("row %d action = %v %v %d", row, act, d, id)
		}
	}
	if cid, nc, _, _, _ := plan.Links(3); cid != 10 || nc != -1 {
		t.Errorf("row 3 company = %d/%d, want existing 10", cid, nc)
	}
	if cid, _, _, _, _ := plan.Links(5); cid != 11 {
		t.Errorf("row 5 company = %d, want 11 (Agrobex S.A.)", cid)
	}
	if len(plan.Ambiguous) != 1 || plan.Ambiguous[0].Row != 4 || len(plan.Ambiguous[0].Candidates) != 2 {
		t.Errorf("ambiguous = %+v", plan.Ambiguous)
	}
	if g, ok := plan.GroupOf(6); !ok || !g.Possible || g.Existing[0] != 100 || g.Decision != DecideCreate {
		t.Errorf("row 6: %+v, want a possible duplicate of 100 defaulting to create", g)
	}
	if len(plan.NewCompanies) != 0 {
		t.Errorf("new companies = %+v", plan.NewCompanies)
	}
}

// A plan keeps its parsed rows for the wizard's side-by-side view; an
// unattended one (the import command) keeps none, and plans the same.
func TestUnattendedPlanKeepsNoRows(t *testing.T) {
	ex := newMemExisting()
	ex.people = []domain.Person{{ID: 100, FirstName: "Jan", LastName: "Kowalski", Emails: []domain.Email{{Address: "jan@acme.pl"}}}}
	fields := []string{"first_name", "last_name", "email"}
	rows := [][]string{{"Jan", "Kowalski", "jan@acme.pl"}, {"Anna", "Nowak", "anna@acme.pl"}, {"Anna", "Nowak", "ANNA@acme.pl"}}
	attended := planRows(t, ex, domain.TypePerson, fields, rows, DefaultOptions())
	opts := DefaultOptions()
	opts.Unattended = true
	unattended := planRows(t, ex, domain.TypePerson, fields, rows, opts)
	for row := 1; row <= len(rows); row++ {
		if rec, ok := attended.Record(row); !ok || rec.Person.LastName == "" {
			t.Errorf("row %d not kept in an attended plan", row)
		}
		if _, ok := unattended.Record(row); ok {
			t.Errorf("row %d kept in an unattended plan", row)
		}
		a1, d1, id1, _ := attended.RowAction(row)
		a2, d2, id2, _ := unattended.RowAction(row)
		if a1 != a2 || d1 != d2 || id1 != id2 {
			t.Errorf("row %d: %v %v %d attended, %v %v %d unattended", row, a1, d1, id1, a2, d2, id2)
		}
	}
	if attended.Counts() != unattended.Counts() {
		t.Errorf("counts %+v attended, %+v unattended", attended.Counts(), unattended.Counts())
	}
}

func TestCompaniesWithinFileByLegalForm(t *testing.T) {
	ex := newMemExisting()
	rows := [][]string{
		{"Agrobex S.A."},                          // 1
		{"Agrobex Sp. z o.o."},                    // 2: another company
		{"Zakład Mięsny Żabka Sp. z o.o. sp.k."},  // 3
		{"ZAKŁAD MIĘSNY ŻABKA sp. z o. o. SP.K."}, // 4: = 3
		{"上海东方贸易（北京）有限公司"},                        // 5
		{"上海东方贸易有限公司"},                            // 6: another company
		{"上海东方贸易（北京）"},                            // 7: = 5
		{"Cyberdyne Systems LLC"},                 // 8
		{"CYBERDYNE SYSTEMS LLC"},                 // 9: = 8
	}
	plan := planRows(t, ex, domain.TypeCompany, []string{"name"}, rows, DefaultOptions())
	want := [][]int{{3, 4}, {5, 7}, {8, 9}}
	if got := groupRows(plan); !slices.EqualFunc(got, want, slices.Equal[[]int]) {
		t.Errorf("groups = %v, want %v", got, want)
	}
	for _, g := range plan.Groups {
		if g.Possible && slices.Contains(g.Rows, 1) && slices.Contains(g.Rows, 2) {
			t.Errorf("Agrobex S.A. and Sp. z o.o. reported as possible duplicates: %+v", g)
		}
	}
}

func TestDealsLinkAndDedupe(t *testing.T) {
	ex := newMemExisting()
	ex.companies = []domain.Company{{ID: 1, Name: "Pomorska Energia sp. j."}}
	ex.people = []domain.Person{
		{ID: 5, FirstName: "Małgorzata", LastName: "Mazur", CompanyID: 1},
		{ID: 6, FirstName: "敏", LastName: "朱"},
		{ID: 7, FirstName: "Jan", LastName: "Nowak", CompanyID: 1},
		{ID: 8, FirstName: "Jan", LastName: "Nowak"},
	}
	ex.deals = []domain.Deal{{ID: 50, Title: "Pomorska – Serwis 2026", CompanyID: 1}}
	fields := []string{"title", "company", "person", "amount", "currency", "close_date", "stage"}
	rows := [][]string{
		{"Pomorska – Serwis 2026", "Pomorska Energia sp. j.", "Małgorzata Mazur", "12 640,00", "PLN", "11.03.2027", "Oferta"}, // dup of 50
		{"Pomorska – Audyt", "Pomorska Energia", "Mazur Małgorzata", "1 000,50", "PLN", "01.02.2026", "Closed Won"},
		{"朱 – 软件许可", "", "敏 朱", "8000", "CNY", "02.02.2026", "Oferta"},
		{"Nowak deal", "Pomorska Energia", "Jan Nowak", "", "", "", ""}, // two Jan Nowaks, one at the company
		{"Other Nowak deal", "", "Jan Nowak", "", "", "", ""},           // ambiguous
		{"Bad amount", "", "", "12a", "PLN", "31.02.2026", ""},
	}
	plan := planRows(t, ex, domain.TypeDeal, fields, rows, DefaultOptions())
	if g, ok := plan.GroupOf(1); !ok || g.Existing[0] != 50 {
		t.Errorf("row 1 not matched with deal 50: %+v", g)
	}
	for row, want := range map[int]domain.ID{1: 5, 2: 5, 3: 6, 4: 7} {
		if _, _, pid, _, _ := plan.Links(row); pid != want {
			t.Errorf("row %d person = %d, want %d", row, pid, want)
		}
	}
	if _, _, _, sid, _ := plan.Links(2); sid != 5 {
		t.Errorf("Closed Won mapped to stage %d, want Won (5)", sid)
	}
	if len(plan.NewStages) != 1 || plan.NewStages[0].Name != "Oferta" || plan.NewStages[0].Rows != 2 {
		t.Errorf("new stages = %+v", plan.NewStages)
	}
	amb := false
	for _, a := range plan.Ambiguous {
		if a.Row == 5 && a.Field == "person" {
			amb = true
		}
	}
	if !amb {
		t.Errorf("row 5's person not reported ambiguous: %+v", plan.Ambiguous)
	}
	var cols []string
	for _, is := range plan.Issues {
		if is.Row == 6 && is.Severity == SevError {
			cols = append(cols, is.Header)
		}
	}
	if !slices.Contains(cols, "amount") || !slices.Contains(cols, "close_date") {
		t.Errorf("row 6 errors in columns %v, want amount and close_date", cols)
	}
	if act, _, _, _ := plan.RowAction(6); act != ActCreate {
		t.Errorf("row 6 with bad values but a title should still be created, got %v", act)
	}
}

func TestFailedRowsKeptInPlan(t *testing.T) {
	plan := planRows(t, newMemExisting(), domain.TypePerson, []string{"first_name", "email"}, [][]string{
		{"", "not-an-email"},
		{"Jan", "jan@x.pl"},
	}, DefaultOptions())
	if act, _, _, _ := plan.RowAction(1); act != ActFail {
		t.Errorf("row without name or valid e-mail: %v", act)
	}
	if c := plan.Counts(); c.Failed != 1 || c.Create != 1 || c.WithErrors != 1 {
		t.Errorf("counts %+v", c)
	}
}

func TestDecisionsChangeCounts(t *testing.T) {
	ex := newMemExisting()
	ex.people = []domain.Person{{ID: 1, FirstName: "Jan", Emails: []domain.Email{{Address: "jan@x.pl"}}}}
	rows := [][]string{{"Jan", "jan@x.pl"}, {"Janek", "JAN@x.pl"}, {"Ola", "ola@x.pl"}, {"Ola", "ola@x.pl"}}
	plan := planRows(t, ex, domain.TypePerson, []string{"first_name", "email"}, rows, DefaultOptions())
	cases := []struct {
		d                            Decision
		create, update, merged, skip int
	}{
		{DecideSkip, 1, 0, 0, 3},
		{DecideFill, 1, 1, 1, 0},
		{DecideOverwrite, 1, 1, 1, 0},
		{DecideCreate, 4, 0, 0, 0},
	}
	for _, c := range cases {
		plan.SetDefault(c.d, true)
		got := plan.Counts()
		if got.Create != c.create || got.Update != c.update || got.Merged != c.merged || got.Skip != c.skip {
			t.Errorf("%s: %+v", c.d, got)
		}
	}
}

func TestMerge(t *testing.T) {
	stored := domain.Person{ID: 1, FirstName: "Jan", Title: "", Emails: []domain.Email{{Address: "jan@x.pl"}}}
	row := domain.Person{FirstName: "Janek", Title: "CEO", Emails: []domain.Email{{Address: "jan@y.pl"}, {Address: "JAN@x.pl"}}}
	fill := MergePerson(stored, row, false)
	if fill.FirstName != "Jan" || fill.Title != "CEO" || len(fill.Emails) != 2 || fill.Emails[0].Address != "jan@x.pl" || fill.ID != 1 {
		t.Errorf("fill = %+v", fill)
	}
	over := MergePerson(stored, row, true)
	if over.FirstName != "Janek" || over.Emails[0].Address != "jan@y.pl" || len(over.Emails) != 2 {
		t.Errorf("overwrite = %+v", over)
	}
}

// The near search compares every row with its company's people also when
// its cache of them starts again empty (a large file): a company cached by
// an earlier batch and dropped while the batch loaded others was skipped.
func TestNearSearchAcrossCacheResets(t *testing.T) {
	const companies = 1500
	ex := newMemExisting()
	for c := range companies {
		id := domain.ID(10 + c)
		ex.companies = append(ex.companies, domain.Company{ID: id, Name: fmt.Sprintf("Firma %d", c)})
		ex.people = append(ex.people,
			domain.Person{ID: domain.ID(100_000 + 2*c), FirstName: "Jan", LastName: "Kowalski", CompanyID: id},
			domain.Person{ID: domain.ID(100_001 + 2*c), FirstName: "Anna", LastName: "Nowakowska", CompanyID: id})
	}
	fields := []string{"first_name", "last_name", "company"}
	var rows [][]string
	for c := range companies { // the first batches: one row per company
		rows = append(rows, []string{"Janek", "Kowalski", fmt.Sprintf("Firma %d", c)})
	}
	for c := range companies { // the same companies again, later
		rows = append(rows, []string{"Ana", "Nowakowska", fmt.Sprintf("Firma %d", c)})
	}
	for _, budget := range []int{nearCacheBytes, 1} {
		plan := planRowsWith(t, ex, domain.TypePerson, fields, rows, DefaultOptions(), func(p *Planner) { p.nearBudget = budget })
		for row := 1; row <= len(rows); row++ {
			c := (row - 1) % companies
			want := domain.ID(100_000 + 2*c)
			if row > companies {
				want++
			}
			if g, ok := plan.GroupOf(row); !ok || !g.Possible || !slices.Contains(g.Existing, want) {
				t.Errorf("cache of %d bytes: row %d: %+v, want a possible duplicate of %d", budget, row, g, want)
				break
			}
		}
	}
}
