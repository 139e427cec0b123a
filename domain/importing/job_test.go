package importing

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"kontor/domain"
)

// memSource serves rows from memory as a file would: header first.
type memSource struct {
	info SourceInfo
	rows [][]string
	next int
	// onRow, when set, runs before each row is handed out (to cancel
	// midway).
	onRow func(n int)
}

func (s *memSource) Info() SourceInfo { return s.info }
func (s *memSource) Close() error     { return nil }
func (s *memSource) Next() (Row, error) {
	if s.next >= len(s.rows) {
		return Row{}, io.EOF
	}
	if s.onRow != nil {
		s.onRow(s.next + 1)
	}
	r := Row{Line: s.next + 2, Cells: append([]string(nil), s.rows[s.next]...)}
	s.next++
	return r, nil
}

// memOpener opens in-memory files by path; opened records the options of
// each Open.
type memOpener struct {
	files  map[string][][]string
	opened []ReadOptions
	onRow  func(n int)
}

func (o *memOpener) Open(_ context.Context, path string, opts ReadOptions) (RowSource, error) {
	f, ok := o.files[path]
	if !ok {
		return nil, &ReadError{File: path, Msg: "no such file", Err: ErrEmptyFile}
	}
	o.opened = append(o.opened, opts)
	delim := opts.Delimiter
	if delim == 0 {
		delim = ';'
	}
	info := SourceInfo{Format: FormatCSV, Encoding: "utf-8", Delimiter: delim, HeaderLine: 1, Headers: f[0]}
	return &memSource{info: info, rows: f[1:], onRow: o.onRow}, nil
}

// memRunner runs an import against a memExisting: the records go to a
// copy that replaces the data only when fn succeeds (a transaction).
type memRunner struct {
	ex     *memExisting
	nextID domain.ID
	runs   int
}

type memWriter struct {
	r  *memRunner
	tx memExisting
}

func (r *memRunner) RunImport(ctx context.Context, meta ImportMeta, fn func(w Writer) (Result, error)) (domain.ID, Result, error) {
	w := &memWriter{r: r, tx: *r.ex}
	w.tx.people = append([]domain.Person(nil), r.ex.people...)
	w.tx.companies = append([]domain.Company(nil), r.ex.companies...)
	saved := r.nextID
	res, err := fn(w)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		r.nextID = saved
		return 0, Result{}, err
	}
	*r.ex = w.tx
	r.runs++
	return domain.ID(100 + r.runs), res, nil
}

func (w *memWriter) id() domain.ID { w.r.nextID++; return w.r.nextID }
func (w *memWriter) CreateCustomField(_ context.Context, f *domain.CustomField) error {
	f.ID = w.id()
	w.tx.fields = append(w.tx.fields, *f)
	return nil
}
func (w *memWriter) CreateStage(_ context.Context, s *domain.Stage) error {
	s.ID = w.id()
	w.tx.stages = append(w.tx.stages, *s)
	return nil
}
func (w *memWriter) CreateCompany(_ context.Context, c *domain.Company) error {
	c.ID = w.id()
	w.tx.companies = append(w.tx.companies, *c)
	return nil
}
func (w *memWriter) CreatePerson(_ context.Context, p *domain.Person) error {
	p.ID = w.id()
	w.tx.people = append(w.tx.people, *p)
	return nil
}
func (w *memWriter) CreateDeal(_ context.Context, d *domain.Deal) error {
	d.ID = w.id()
	w.tx.deals = append(w.tx.deals, *d)
	return nil
}
func (w *memWriter) GetCompany(_ context.Context, id domain.ID) (domain.Company, error) {
	for _, c := range w.tx.companies {
		if c.ID == id {
			return c, nil
		}
	}
	return domain.Company{}, domain.ErrNotFound
}
func (w *memWriter) GetPerson(_ context.Context, id domain.ID) (domain.Person, error) {
	for _, p := range w.tx.people {
		if p.ID == id {
			return p, nil
		}
	}
	return domain.Person{}, domain.ErrNotFound
}
func (w *memWriter) GetDeal(_ context.Context, id domain.ID) (domain.Deal, error) {
	return domain.Deal{}, domain.ErrNotFound
}
func (w *memWriter) UpdateCompany(_ context.Context, _, after domain.Company) error {
	for i, c := range w.tx.companies {
		if c.ID == after.ID {
			w.tx.companies[i] = after
		}
	}
	return nil
}
func (w *memWriter) UpdatePerson(_ context.Context, _, after domain.Person) error {
	for i, p := range w.tx.people {
		if p.ID == after.ID {
			w.tx.people[i] = after
		}
	}
	return nil
}
func (w *memWriter) UpdateDeal(context.Context, domain.Deal, domain.Deal) error { return nil }

var jobPeople = [][]string{
	{"Imię", "Nazwisko", "E-mail", "Telefon", "Firma"},
	{"Anna", "Kowalska", "anna@acme.pl", "600 100 200", "Acme"},
	{"Jan", "Nowak", "jan@acme.pl", "600 100 201", "Acme"},
	{"Anna", "Kowalska", "ANNA@acme.pl", "", "Acme"}, // duplicate of row 1 (same e-mail)
	{"Piotr", "Zieliński", "piotr@existing.pl", "", "Globex"},
	{"", "", "", "", "Nobody"}, // fails: no name, no e-mail
}

func newJobFixture() (*memOpener, *memExisting, *memRunner) {
	ex := newMemExisting()
	ex.companies = []domain.Company{{ID: 1, Name: "Globex"}}
	ex.people = []domain.Person{{ID: 2, FirstName: "Piotr", LastName: "Zieliński", CompanyID: 1, Emails: []domain.Email{{Address: "piotr@existing.pl"}}}}
	op := &memOpener{files: map[string][][]string{"osoby.csv": jobPeople}}
	return op, ex, &memRunner{ex: ex, nextID: 10}
}

func TestJobLookPlanRunReport(t *testing.T) {
	ctx := context.Background()
	op, ex, runner := newJobFixture()
	job := Job{Opener: op, Path: "osoby.csv", Read: ReadOptions{Encoding: "utf-8"}}
	pv, err := job.Look(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pv.Rows) != 5 || pv.More {
		t.Fatalf("preview: %d rows, more %v", len(pv.Rows), pv.More)
	}
	job = job.Pinned(pv)
	if job.Read.Delimiter != ';' || job.Read.HeaderRow != 1 || job.Read.Encoding != "utf-8" {
		t.Fatalf("pinned read options: %+v", job.Read)
	}
	prop, err := Propose(ctx, pv, nil, "", "PL")
	if err != nil {
		t.Fatal(err)
	}
	if prop.Mapping.Type != domain.TypePerson {
		t.Fatalf("type %s", prop.Mapping.Type)
	}
	plan, err := job.Plan(ctx, prop.Mapping, DefaultOptions(), ex, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := plan.Counts()
	if c.Rows != 5 || c.Failed != 1 || c.Groups != 2 || c.NewCompanies != 1 {
		t.Fatalf("counts before deciding: %+v", c)
	}
	// Skip by default; overwrite the existing Piotr.
	for _, g := range plan.Groups {
		if len(g.Existing) > 0 {
			plan.SetDecision(g.ID, DecideOverwrite)
		}
	}
	c = plan.Counts()
	if c.Create != 2 || c.Update != 1 || c.Skip != 1 {
		t.Fatalf("counts after deciding: %+v", c)
	}
	var done []int
	applied, err := job.Run(ctx, runner, job.Meta("osoby.csv", 10, "abc", pv.Info, plan), plan, nil, func(n int) { done = append(done, n) })
	if err != nil {
		t.Fatal(err)
	}
	if applied.ID == 0 || applied.Result.Created != 2 || applied.Result.Updated != 1 || applied.Result.Skipped != 1 || applied.Result.Failed != 1 || applied.Result.CompaniesCreated != 1 {
		t.Fatalf("applied: %+v", applied)
	}
	if len(ex.people) != 3 || len(ex.companies) != 2 {
		t.Fatalf("data file after the import: %d people, %d companies", len(ex.people), len(ex.companies))
	}
	// Every pass read the file the way the preview did.
	for _, o := range op.opened[1:] {
		if o != job.Read {
			t.Fatalf("a later pass read with %+v, not %+v", o, job.Read)
		}
	}
	// The report after the fact names the records made.
	var outs []Outcome
	if err := job.Outcomes(ctx, plan, applied, func(o Outcome) error { outs = append(outs, o); return nil }); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name string
		id   domain.ID
	}{{"created", applied.RecordOf(1)}, {"created", applied.RecordOf(2)}, {"skipped-duplicate", 0}, {"updated", 2}, {"failed", 0}}
	if len(outs) != len(want) {
		t.Fatalf("%d outcomes", len(outs))
	}
	for i, w := range want {
		if OutcomeName(outs[i]) != w.name || outs[i].RecordID != w.id {
			t.Errorf("row %d: %s %d, want %s %d", i+1, OutcomeName(outs[i]), outs[i].RecordID, w.name, w.id)
		}
	}
	if applied.RecordOf(1) == 0 || applied.RecordOf(1) == applied.RecordOf(2) {
		t.Errorf("record ids of rows 1 and 2: %d %d", applied.RecordOf(1), applied.RecordOf(2))
	}
	if !strings.Contains(outs[2].Reason, "same e-mail") {
		t.Errorf("skip reason %q", outs[2].Reason)
	}
	// Before running, the report says what would happen, without ids.
	var dry []Outcome
	if err := job.Outcomes(ctx, plan, nil, func(o Outcome) error { dry = append(dry, o); return nil }); err != nil {
		t.Fatal(err)
	}
	if dry[0].RecordID != 0 || dry[3].RecordID != 2 {
		t.Errorf("dry outcomes: %+v %+v", dry[0], dry[3])
	}
}

// runCancelled plans osoby.csv and runs it through the runner wrap makes
// of the fixture's, cancelling after the third row.
func runCancelled(t *testing.T, wrap func(*memRunner) Runner) (*memExisting, *memRunner, error) {
	t.Helper()
	op, ex, runner := newJobFixture()
	job := Job{Opener: op, Path: "osoby.csv"}
	ctx := context.Background()
	pv, err := job.Look(ctx)
	if err != nil {
		t.Fatal(err)
	}
	job = job.Pinned(pv)
	prop, err := Propose(ctx, pv, nil, "", "PL")
	if err != nil {
		t.Fatal(err)
	}
	plan, err := job.Plan(ctx, prop.Mapping, DefaultOptions(), ex, nil)
	if err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	op.onRow = func(n int) {
		if n == 3 {
			cancel()
		}
	}
	_, err = job.Run(cctx, wrap(runner), job.Meta("osoby.csv", 1, "x", pv.Info, plan), plan, nil, nil)
	return ex, runner, err
}

func TestJobRunCancelledWritesNothing(t *testing.T) {
	ex, runner, err := runCancelled(t, func(r *memRunner) Runner { return r })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("run: %v, want context.Canceled", err)
	}
	if len(ex.people) != 1 || len(ex.companies) != 1 || runner.runs != 0 {
		t.Fatalf("a cancelled import wrote: %d people, %d companies", len(ex.people), len(ex.companies))
	}
}

func TestJobMissingFile(t *testing.T) {
	op, _, _ := newJobFixture()
	_, err := Job{Opener: op, Path: "nope.csv"}.Look(context.Background())
	var re *ReadError
	if !errors.As(err, &re) || re.File != "nope.csv" {
		t.Fatalf("look at a missing file: %v", err)
	}
}

func TestReadSample(t *testing.T) {
	opts := DefaultOptions()
	dateCol := ColumnMapping{Index: 0, Header: "Closing Date", Field: "close_date", Format: ColumnFormat{DateOrder: MDY}}
	tests := []struct {
		name    string
		typ     domain.RecordType
		cols    []ColumnMapping
		col     int
		cells   []string
		want    string
		wantErr string
	}{
		{"date month first", domain.TypeDeal, []ColumnMapping{dateCol}, 0, []string{"03/04/2024"}, "2024-03-04", ""},
		{"date day first", domain.TypeDeal, []ColumnMapping{{Index: 0, Field: "close_date", Format: ColumnFormat{DateOrder: DMY}}}, 0, []string{"03/04/2024"}, "2024-04-03", ""},
		{"bad date", domain.TypeDeal, []ColumnMapping{dateCol}, 0, []string{"02/31/2024"}, "", "02/31/2024"},
		{"phone in the default region", domain.TypePerson, []ColumnMapping{{Index: 0, Field: "phone"}}, 0, []string{"600 100 200"}, "+48 600 100 200", ""},
		{"phone read by the row's country", domain.TypePerson, []ColumnMapping{{Index: 0, Field: "phone"}, {Index: 1, Field: "country"}}, 0, []string{"(202) 456-1111", "United States"}, "+1 202-456-1111", ""},
		{"two e-mails", domain.TypePerson, []ColumnMapping{{Index: 0, Field: "email"}}, 0, []string{"A@x.pl; b@x.pl"}, "A@x.pl; b@x.pl", ""},
		{"bad e-mail", domain.TypePerson, []ColumnMapping{{Index: 0, Field: "email"}}, 0, []string{"not-an-address"}, "", "not-an-address"},
		{"amount with the default currency", domain.TypeDeal, []ColumnMapping{{Index: 0, Field: "amount", Format: ColumnFormat{DecimalSep: ',', GroupSep: ' '}}}, 0, []string{"12 500,00"}, "12 500.00 PLN", ""},
		{"amount in the row's currency", domain.TypeDeal, []ColumnMapping{{Index: 0, Field: "amount"}, {Index: 1, Field: "currency"}}, 0, []string{"1500", "eur"}, "1 500.00 EUR", ""},
		{"probability", domain.TypeDeal, []ColumnMapping{{Index: 0, Field: "probability"}}, 0, []string{"60 %"}, "60%", ""},
		{"full name", domain.TypePerson, []ColumnMapping{{Index: 0, Field: "full_name"}}, 0, []string{"Anna Kowalska"}, "first: Anna, last: Kowalska", ""},
		{"new number field", domain.TypeCompany, []ColumnMapping{{Index: 0, Field: "custom.score", NewCustom: &domain.CustomField{Key: "score", Type: domain.FieldNumber}}}, 0, []string{"1,5"}, "1.5", ""},
		{"tax id", domain.TypeCompany, []ColumnMapping{{Index: 0, Field: "nip"}}, 0, []string{"123-456-32-18"}, "NIP 1234563218", ""},
		{"skipped column", domain.TypePerson, []ColumnMapping{{Index: 0, Field: ""}}, 0, []string{"x"}, "", ""},
		{"empty cell", domain.TypePerson, []ColumnMapping{{Index: 0, Field: "email"}}, 0, []string{"  "}, "", ""},
		{"formula guard dropped", domain.TypePerson, []ColumnMapping{{Index: 0, Field: "phone"}}, 0, []string{"'+48 600 100 200"}, "+48 600 100 200", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Mapping{Type: tt.typ, Columns: tt.cols}
			got, issues := ReadSample(m, tt.col, opts, nil, tt.cells)
			if got != tt.want {
				t.Errorf("shown %q, want %q", got, tt.want)
			}
			var errs []string
			for _, is := range issues {
				if is.Severity == SevError {
					errs = append(errs, is.Value)
				}
			}
			if tt.wantErr == "" && len(errs) > 0 || tt.wantErr != "" && (len(errs) != 1 || errs[0] != tt.wantErr) {
				t.Errorf("errors %q, want %q", errs, tt.wantErr)
			}
		})
	}
}

func TestDescribeFormat(t *testing.T) {
	tests := []struct {
		kind ValueKind
		f    ColumnFormat
		want string
	}{
		{KindDate, ColumnFormat{DateOrder: MDY}, "month/day/year"},
		{KindDate, ColumnFormat{DateOrder: DMY, DateAmbiguous: true}, "day/month/year?"},
		{KindDate, ColumnFormat{}, ""},
		{KindMoney, ColumnFormat{DecimalSep: ',', Currency: "PLN"}, `decimal ',', PLN`},
		{KindText, ColumnFormat{DateOrder: MDY}, ""},
	}
	for _, tt := range tests {
		if got := DescribeFormat(tt.kind, tt.f); got != tt.want {
			t.Errorf("DescribeFormat(%s, %+v) = %q, want %q", tt.kind, tt.f, got, tt.want)
		}
	}
}

// interruptingRunner answers a cancellation the way SQLite does: with an
// error of its own ("interrupted") that does not wrap the context's.
type interruptingRunner struct{ *memRunner }

func (r interruptingRunner) RunImport(ctx context.Context, meta ImportMeta, fn func(w Writer) (Result, error)) (domain.ID, Result, error) {
	id, res, err := r.memRunner.RunImport(ctx, meta, fn)
	if err != nil && ctx.Err() != nil {
		return 0, Result{}, errors.New("interrupted (9)")
	}
	return id, res, err
}

// A cancelled import is reported as cancelled whatever error the store
// gave when it was interrupted (the wizard says "Import cancelled", not
// "Import failed").
func TestJobRunCancelledInsideTheStore(t *testing.T) {
	_, _, err := runCancelled(t, func(r *memRunner) Runner { return interruptingRunner{r} })
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "interrupted") {
		t.Fatalf("run: %v, want context.Canceled with the store's error", err)
	}
}
