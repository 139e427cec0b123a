package importing

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"kontor/domain"
)

// Writer is the port Apply writes through. Storage implements it inside
// one transaction under an import record: every record it creates carries
// the import's id, and every update keeps the record's previous values so
// the import can be undone. Apply never commits; its caller does, after
// Apply returned without error.
type Writer interface {
	CreateCustomField(ctx context.Context, f *domain.CustomField) error
	// CreateStage adds a stage before the pipeline's won and lost stages.
	CreateStage(ctx context.Context, s *domain.Stage) error

	CreateCompany(ctx context.Context, c *domain.Company) error
	CreatePerson(ctx context.Context, p *domain.Person) error
	CreateDeal(ctx context.Context, d *domain.Deal) error

	GetCompany(ctx context.Context, id domain.ID) (domain.Company, error)
	GetPerson(ctx context.Context, id domain.ID) (domain.Person, error)
	GetDeal(ctx context.Context, id domain.ID) (domain.Deal, error)

	// Update* store after over before (same id), remembering before.
	UpdateCompany(ctx context.Context, before, after domain.Company) error
	UpdatePerson(ctx context.Context, before, after domain.Person) error
	UpdateDeal(ctx context.Context, before, after domain.Deal) error
}

// Outcome is what happened to one row, for the per-row report.
type Outcome struct {
	Row    int
	Line   int
	Cells  []string
	Action Action
	// RecordID is the record created or updated (zero when skipped/failed).
	RecordID domain.ID
	// IntoRow is the earlier row whose new record this row was merged
	// into (fill/overwrite within the file), else 0.
	IntoRow int
	// Reason explains skips and failures ("duplicate of person 12: same
	// e-mail", "a person needs a name or an e-mail address").
	Reason string
	Issues []Issue
}

// Result counts what Apply did.
type Result struct {
	Rows             int `json:"rows"`
	Created          int `json:"created"`
	Updated          int `json:"updated"`
	Merged           int `json:"merged"`
	Skipped          int `json:"skipped"`
	Failed           int `json:"failed"`
	WithErrors       int `json:"with_errors"`
	CompaniesCreated int `json:"companies_created"`
	StagesCreated    int `json:"stages_created"`
	FieldsCreated    int `json:"custom_fields_created"`
}

// ErrSourceChanged means the rows read while applying differ from those
// planned (the file changed in between).
var ErrSourceChanged = errors.New("the file changed since the import was planned; plan it again")

// Apply writes a plan: new custom fields, stages and companies first, then
// each row as the plan decided, reading the rows again from src (the same
// file, opened with the same options). onRow, when not nil, receives every
// row's outcome in file order; progress the number of rows done.
func Apply(ctx context.Context, plan *Plan, src RowSource, w Writer, onRow func(Outcome) error, progress func(done int)) (Result, error) {
	a := &applier{ctx: ctx, plan: plan, w: w, created: map[int]domain.ID{}}
	if err := a.prepare(); err != nil {
		return a.res, err
	}
	read := 0
	err := eachParsed(ctx, src, plan.Mapping, plan.Options, plan.customTypes, func(row int, pr *parsedRow) error {
		read = row
		if row > plan.Rows() || pr.row.Line != plan.Line(row) {
			return fmt.Errorf("%w (row %d)", ErrSourceChanged, row)
		}
		out, err := a.row(row, pr.row, pr.rec)
		if err != nil {
			return fmt.Errorf("row %d (line %d): %w", row, pr.row.Line, err)
		}
		if onRow != nil {
			if err := onRow(out); err != nil {
				return err
			}
		}
		if progress != nil && row%1000 == 0 {
			progress(row)
		}
		return nil
	})
	if err != nil {
		return a.res, err
	}
	if read != plan.Rows() {
		return a.res, fmt.Errorf("%w: %d rows planned, %d read", ErrSourceChanged, plan.Rows(), read)
	}
	return a.res, nil
}

type applier struct {
	ctx  context.Context
	plan *Plan
	w    Writer
	res  Result

	companyIDs []domain.ID // of plan.NewCompanies
	stageIDs   []domain.ID // of plan.NewStages
	// created maps a group's first row to the record created from it, for
	// later rows merged into it.
	created map[int]domain.ID
}

func (a *applier) prepare() error {
	for i := range a.plan.NewCustomFields {
		f := a.plan.NewCustomFields[i]
		if err := a.w.CreateCustomField(a.ctx, &f); err != nil {
			return fmt.Errorf("create custom field %q: %w", f.Label, err)
		}
		a.res.FieldsCreated++
	}
	for _, s := range a.plan.NewStages {
		st := domain.Stage{Name: s.Name}
		if err := a.w.CreateStage(a.ctx, &st); err != nil {
			return fmt.Errorf("create stage %q: %w", s.Name, err)
		}
		a.stageIDs = append(a.stageIDs, st.ID)
		a.res.StagesCreated++
	}
	for _, nc := range a.plan.NewCompanies {
		c := domain.Company{Name: nc.Name}
		if err := a.w.CreateCompany(a.ctx, &c); err != nil {
			return fmt.Errorf("create company %q: %w", nc.Name, err)
		}
		a.companyIDs = append(a.companyIDs, c.ID)
		a.res.CompaniesCreated++
	}
	return nil
}

func (a *applier) row(row int, r Row, rec Record) (Outcome, error) {
	p := a.plan
	out := Outcome{Row: row, Line: r.Line, Cells: r.Cells, Issues: rec.Issues}
	a.res.Rows++
	if rec.HasErrors() {
		a.res.WithErrors++
	}
	a.link(row, &rec)
	act, decision, existing, intoRow := p.RowAction(row)
	out.Action = act
	switch act {
	case ActFail:
		a.res.Failed++
		out.Reason = failReason(rec)
		return out, nil
	case ActSkip:
		a.res.Skipped++
		out.Reason = a.duplicateReason(row)
		return out, nil
	case ActCreate:
		id, err := a.create(&rec)
		if err != nil {
			return out, err
		}
		if _, inGroup := p.GroupOf(row); inGroup {
			a.created[row] = id
		}
		a.res.Created++
		out.RecordID = id
		if g, ok := p.GroupOf(row); ok && g.Possible {
			out.Reason = a.duplicateReason(row) + "; imported as new"
		}
		return out, nil
	}
	target := existing
	if target == 0 {
		target = a.created[intoRow]
		out.IntoRow = intoRow
		a.res.Merged++
	} else {
		a.res.Updated++
	}
	if target == 0 {
		return out, fmt.Errorf("row %d should merge into row %d, which was not created", row, intoRow)
	}
	if err := a.update(target, &rec, decision == DecideOverwrite); err != nil {
		return out, err
	}
	out.RecordID = target
	out.Reason = a.duplicateReason(row)
	return out, nil
}

// link sets the record's resolved links from the plan.
func (a *applier) link(row int, rec *Record) {
	companyID, newCompany, personID, stageID, newStage := a.plan.Links(row)
	if newCompany >= 0 {
		companyID = a.companyIDs[newCompany]
	}
	if newStage >= 0 {
		stageID = a.stageIDs[newStage]
	}
	switch rec.Type {
	case domain.TypePerson:
		rec.Person.CompanyID = companyID
	case domain.TypeDeal:
		rec.Deal.CompanyID, rec.Deal.PersonID, rec.Deal.StageID = companyID, personID, stageID
	}
}

func (a *applier) create(rec *Record) (domain.ID, error) {
	switch rec.Type {
	case domain.TypePerson:
		err := a.w.CreatePerson(a.ctx, &rec.Person)
		return rec.Person.ID, err
	case domain.TypeCompany:
		err := a.w.CreateCompany(a.ctx, &rec.Company)
		return rec.Company.ID, err
	}
	err := a.w.CreateDeal(a.ctx, &rec.Deal)
	return rec.Deal.ID, err
}

func (a *applier) update(id domain.ID, rec *Record, overwrite bool) error {
	switch rec.Type {
	case domain.TypePerson:
		before, err := a.w.GetPerson(a.ctx, id)
		if err != nil {
			return err
		}
		return a.w.UpdatePerson(a.ctx, before, MergePerson(before, rec.Person, overwrite))
	case domain.TypeCompany:
		before, err := a.w.GetCompany(a.ctx, id)
		if err != nil {
			return err
		}
		return a.w.UpdateCompany(a.ctx, before, MergeCompany(before, rec.Company, overwrite))
	}
	before, err := a.w.GetDeal(a.ctx, id)
	if err != nil {
		return err
	}
	return a.w.UpdateDeal(a.ctx, before, MergeDeal(before, rec.Deal, overwrite))
}

func failReason(rec Record) string {
	var msgs []string
	for _, is := range rec.Issues {
		if is.Column < 0 {
			msgs = append(msgs, is.Message)
		}
	}
	return strings.Join(msgs, "; ")
}

// duplicateReason explains a row's group in words.
func (a *applier) duplicateReason(row int) string {
	g, ok := a.plan.GroupOf(row)
	if !ok {
		return ""
	}
	return a.plan.Describe(g, row)
}

// Describe says in words what a row of a group duplicates and why:
// "duplicate of person 12 (same e-mail)", "duplicate of line 3 (same
// phone)". Lines are the file's own line numbers, as a spreadsheet shows
// them.
func (p *Plan) Describe(g *Group, row int) string {
	t := p.Mapping.Type
	var reasons []string
	for _, k := range g.Reasons {
		reasons = append(reasons, k.String())
	}
	why := strings.Join(reasons, ", ")
	if g.Possible {
		why = fmt.Sprintf("%s, score %.2f", why, g.Score)
	}
	kind := "duplicate of"
	if g.Possible {
		kind = "possible duplicate of"
	}
	if len(g.Existing) > 0 {
		return fmt.Sprintf("%s %s %d (%s)", kind, t, g.Existing[0], why)
	}
	other := g.Rows[0]
	if other == row && len(g.Rows) > 1 {
		other = g.Rows[1]
	}
	if other == row && g.Related > 0 {
		other = g.Related
	}
	return fmt.Sprintf("%s line %d (%s)", kind, p.Line(other), why)
}
