package importing

import (
	"context"
	"fmt"
)

// Outcomes walks the rows of a planned file and reports what Apply would do
// with each, writing nothing: the per-row report of a dry run.
func Outcomes(ctx context.Context, plan *Plan, src RowSource, onRow func(Outcome) error) error {
	return eachParsed(ctx, src, plan.Mapping, plan.Options, plan.customTypes, func(row int, pr *parsedRow) error {
		r, rec := pr.row, pr.rec
		if row > plan.Rows() || r.Line != plan.Line(row) {
			return fmt.Errorf("%w (row %d)", ErrSourceChanged, row)
		}
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
		return onRow(out)
	})
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
