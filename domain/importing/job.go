package importing

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"

	"kontor/domain"
)

// Job is one import of one file, as `kontor import` runs it in one go and
// the wizard one screen at a time: look at the start of the file, pin how
// it is read, plan every row, run the plan in one transaction, report what
// happened to each row. A Job is a small value; each step returns its
// result rather than keeping it, so the wizard can run steps in the
// background and drop the results it no longer wants.
type Job struct {
	Opener SourceOpener
	Path   string
	// Read is how the file is read: the user's choices (zero fields
	// detect), and after Pinned everything that was detected, so that every
	// later pass reads exactly the rows the preview showed.
	Read ReadOptions
}

// Look reads the first rows of the file.
func (j Job) Look(ctx context.Context) (Preview, error) {
	return Look(ctx, j.Opener, j.Path, j.Read)
}

// Pinned returns the job reading the file exactly as pv was read.
func (j Job) Pinned(pv Preview) Job {
	j.Read = pv.Info.Pin(j.Read)
	return j
}

// Plan reads every row of the file and plans it under m and opts against
// the data file (ex). progress, when not nil, gets the rows read so far.
func (j Job) Plan(ctx context.Context, m Mapping, opts Options, ex Existing, progress func(rows int)) (*Plan, error) {
	src, err := j.Opener.Open(ctx, j.Path, j.Read)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	return BuildPlan(ctx, src, m, opts, ex, progress)
}

// Meta describes the import for the data file's import record.
func (j Job) Meta(name string, size int64, sha256 string, info SourceInfo, plan *Plan) ImportMeta {
	return ImportMeta{FileName: name, FileSize: size, SHA256: sha256, Type: plan.Mapping.Type, Info: info, Mapping: plan.Mapping, Options: plan.Options}
}

// Applied is what running a job did: the import's id in the data file, the
// counts, and the record each row created or updated (for the per-row
// report written afterwards).
type Applied struct {
	ID      domain.ID
	Result  Result
	records []domain.ID // by data row - 1
	merged  []int32     // by data row - 1: the earlier row merged into
}

// RecordOf returns the record a data row (1-based) created or updated, 0
// when it was skipped or failed.
func (a *Applied) RecordOf(row int) domain.ID {
	if a == nil || row < 1 || row > len(a.records) {
		return 0
	}
	return a.records[row-1]
}

// Run applies plan in one transaction of the data file, recorded under
// meta: nothing is written unless every row went through, and cancelling
// ctx rolls everything back. onRow, when not nil, receives each row's
// outcome; progress the rows done.
func (j Job) Run(ctx context.Context, r Runner, meta ImportMeta, plan *Plan, onRow func(Outcome) error, progress func(done int)) (*Applied, error) {
	records := make([]domain.ID, plan.Rows())
	merged := make([]int32, plan.Rows())
	meta.Planned = plan.Counts()
	id, res, err := r.RunImport(ctx, meta, func(w Writer) (Result, error) {
		src, err := j.Opener.Open(ctx, j.Path, j.Read)
		if err != nil {
			return Result{}, err
		}
		defer src.Close()
		return Apply(ctx, plan, src, w, func(o Outcome) error {
			if o.Row >= 1 && o.Row <= len(records) {
				records[o.Row-1], merged[o.Row-1] = o.RecordID, int32(o.IntoRow)
			}
			if onRow != nil {
				return onRow(o)
			}
			return nil
		}, progress)
	})
	if err != nil {
		if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
			// Cancelled while the store was at work: its error ("interrupted")
			// says less than the cancellation that caused it.
			err = fmt.Errorf("%w (%w)", cerr, err)
		}
		return nil, err
	}
	return &Applied{ID: id, Result: res, records: records, merged: merged}, nil
}

// Outcomes reads the file again and reports every row: what the import
// did when applied is set (with the records it created), else what it
// would do. It writes nothing to the data file.
func (j Job) Outcomes(ctx context.Context, plan *Plan, applied *Applied, onRow func(Outcome) error) error {
	src, err := j.Opener.Open(ctx, j.Path, j.Read)
	if err != nil {
		return err
	}
	defer src.Close()
	return Outcomes(ctx, plan, src, func(o Outcome) error {
		if applied != nil && o.Row >= 1 && o.Row <= len(applied.records) {
			o.RecordID, o.IntoRow = applied.records[o.Row-1], int(applied.merged[o.Row-1])
		}
		return onRow(o)
	})
}

// ReadSample reads the value of one column of a sample row the way the
// import will (the column's field, format and phone region, the row's
// country and currency), and returns it as the record would hold it,
// written for people: a date as 2024-03-04, a phone as +48 600 100 200, an
// amount as 12 500.00 PLN. Problems with the value come back as issues
// (an empty shown text with an error means the value is rejected). A
// skipped column or an empty cell gives "", nil.
func ReadSample(m Mapping, col int, opts Options, customTypes map[string]domain.FieldType, cells []string) (shown string, issues []Issue) {
	var c ColumnMapping
	found := false
	one := Mapping{Type: m.Type}
	for _, mc := range m.Columns {
		switch {
		case mc.Index == col:
			c, found = mc, true
			one.Columns = append(one.Columns, mc)
		case mc.Field == "country" || mc.Field == "currency":
			one.Columns = append(one.Columns, mc) // context: phone region, currency
		}
	}
	if !found || c.Field == "" || cell(cells, col) == "" {
		return "", nil
	}
	types := map[string]domain.FieldType{}
	for k, v := range customTypes {
		types[k] = v
	}
	if key, ok := c.IsCustom(); ok && c.NewCustom != nil {
		types[key] = c.NewCustom.Type
	}
	rec := ParseRow(one, opts, types, 1, 0, cells)
	for _, is := range rec.Issues {
		if is.Column == col {
			issues = append(issues, is)
		}
	}
	return fieldText(&rec, c, cell(cells, col)), issues
}

// fieldText is the value a column's field holds in a parsed record.
func fieldText(r *Record, c ColumnMapping, raw string) string {
	if key, ok := c.IsCustom(); ok {
		var cv domain.CustomValues
		switch r.Type {
		case domain.TypePerson:
			cv = r.Person.Custom
		case domain.TypeCompany:
			cv = r.Company.Custom
		default:
			cv = r.Deal.Custom
		}
		return domain.FormatCustom(cv[key])
	}
	created := func(m domain.Meta) string {
		if m.CreatedAt.IsZero() {
			return ""
		}
		return m.CreatedAt.Format("2006-01-02 15:04:05")
	}
	switch r.Type {
	case domain.TypePerson:
		p := &r.Person
		switch c.Field {
		case "first_name":
			return p.FirstName
		case "last_name":
			return p.LastName
		case "full_name":
			first, last := domain.SplitFullName(collapse(raw))
			return strings.TrimSpace("first: " + first + ", last: " + last)
		case "email", "email_other":
			var out []string
			for _, e := range p.Emails {
				out = append(out, e.Address)
			}
			return strings.Join(out, "; ")
		case "phone", "mobile", "phone_other":
			var out []string
			for _, ph := range p.Phones {
				out = append(out, DisplayPhone(ph))
			}
			return strings.Join(out, "; ")
		case "title":
			return p.Title
		case "company":
			return r.CompanyRef
		case "street", "city", "postal_code", "region", "country":
			return addressPart(p.Address, c.Field)
		case "birthday":
			if p.Birthday.IsZero() {
				return ""
			}
			return p.Birthday.String()
		case "notes":
			return p.Notes
		case "source_id":
			return p.SourceID
		case "created_at":
			return created(p.Meta)
		}
	case domain.TypeCompany:
		co := &r.Company
		switch c.Field {
		case "name":
			return co.Name
		case "website":
			return co.Website
		case "domain":
			return co.Domain
		case "phone":
			if co.Phone == (domain.Phone{}) {
				return ""
			}
			return DisplayPhone(co.Phone)
		case "email":
			return co.Email
		case "nip", "regon", "krs", "vat", "tax_id":
			var out []string
			for _, t := range co.TaxIDs {
				out = append(out, t.Kind+" "+t.Value)
			}
			return strings.Join(out, "; ")
		case "street", "city", "postal_code", "region", "country":
			return addressPart(co.Address, c.Field)
		case "industry":
			return co.Industry
		case "employees":
			if co.Employees == nil {
				return ""
			}
			return strconv.Itoa(*co.Employees)
		case "notes":
			return co.Notes
		case "source_id":
			return co.SourceID
		case "created_at":
			return created(co.Meta)
		}
	case domain.TypeDeal:
		d := &r.Deal
		switch c.Field {
		case "title":
			return d.Title
		case "company":
			return r.CompanyRef
		case "person":
			return r.PersonRef
		case "person_email":
			return r.PersonEmailRef
		case "stage":
			return r.StageRef
		case "amount":
			if d.Amount == nil {
				return ""
			}
			return d.Amount.String()
		case "currency":
			cur, err := domain.NormalizeCurrency(raw)
			if err != nil {
				return ""
			}
			return cur
		case "probability":
			if d.Probability == nil {
				return ""
			}
			return strconv.Itoa(*d.Probability) + "%"
		case "close_date":
			if d.CloseDate.IsZero() {
				return ""
			}
			return d.CloseDate.String()
		case "notes":
			return d.Notes
		case "source_id":
			return d.SourceID
		case "created_at":
			return created(d.Meta)
		}
	}
	return ""
}

func addressPart(a domain.Address, field string) string {
	switch field {
	case "street":
		return a.Street
	case "city":
		return a.City
	case "postal_code":
		return a.PostalCode
	case "region":
		return a.Region
	}
	return a.Country
}

// DisplayPhone writes a phone number for people: in international format
// with spaces (+48 600 100 200) when it was understood, else as written.
func DisplayPhone(ph domain.Phone) string {
	if ph.E164 == "" {
		return ph.Raw
	}
	num, err := phonenumbers.Parse(ph.E164, "")
	if err != nil {
		return ph.E164
	}
	return phonenumbers.Format(num, phonenumbers.INTERNATIONAL)
}

// DescribeFormat says how a column's values are read, for the wizard's
// field list: the date order (and whether it is a guess), the decimal
// separator, the currency of amounts. "" when nothing needs saying.
func DescribeFormat(kind ValueKind, f ColumnFormat) string {
	var parts []string
	switch kind {
	case KindDate, KindDateTime:
		if f.DateOrder != DateAuto {
			s := f.DateOrder.String()
			if f.DateAmbiguous {
				s += "?"
			}
			parts = append(parts, s)
		}
	case KindDecimal, KindMoney, KindInteger:
		if f.DecimalSep != 0 {
			parts = append(parts, fmt.Sprintf("decimal %q", f.DecimalSep))
		}
		if f.Currency != "" {
			parts = append(parts, f.Currency)
		}
	}
	return strings.Join(parts, ", ")
}
