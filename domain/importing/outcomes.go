package importing

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Outcomes walks the rows of a planned file and reports what Apply would do
// with each, writing nothing: the per-row report of a dry run.
func Outcomes(ctx context.Context, plan *Plan, src RowSource, onRow func(Outcome) error) error {
	for row := 1; ; row++ {
		r, err := src.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if row > plan.Rows() || r.Line != plan.Line(row) {
			return fmt.Errorf("%w (row %d)", ErrSourceChanged, row)
		}
		rec := ParseRow(plan.Mapping, plan.Options, plan.customTypes, row, r.Line, r.Cells)
		rec.Issues = append(readIssues(row, r), rec.Issues...)
		act, _, existing, into := plan.RowAction(row)
		out := Outcome{Row: row, Line: r.Line, Cells: r.Cells, Action: act, Issues: rec.Issues, RecordID: existing, IntoRow: into}
		switch act {
		case ActFail:
			out.Reason = failReason(rec)
		case ActSkip, ActUpdate:
			if g, ok := plan.GroupOf(row); ok {
				out.Reason = plan.Describe(g, row)
			}
		case ActCreate:
			if g, ok := plan.GroupOf(row); ok && g.Possible {
				out.Reason = plan.Describe(g, row) + "; imported as new"
			}
		}
		if err := onRow(out); err != nil {
			return err
		}
		if row%1000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
	}
}

// OutcomeName is the word the per-row report uses for an outcome.
func OutcomeName(o Outcome) string {
	switch o.Action {
	case ActCreate:
		return "created"
	case ActUpdate:
		if o.IntoRow > 0 {
			return "merged"
		}
		return "updated"
	case ActSkip:
		return "skipped-duplicate"
	}
	return "failed"
}
