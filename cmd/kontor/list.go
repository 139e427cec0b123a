package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"kontor/domain"
	"kontor/tui/termsafe"
)

// recordCmd builds `kontor people|companies|deals` and its subcommands.
func (a *app) recordCmd(t domain.RecordType) *cobra.Command {
	cmd := &cobra.Command{
		Use:   t.Plural(),
		Short: fmt.Sprintf("Work with %s from the command line", t.Plural()),
	}
	cmd.AddCommand(a.listCmd(t))
	return cmd
}

type listOptions struct {
	limit    int
	jsonOut  bool
	pageSize int
}

func (a *app) listCmd(t domain.RecordType) *cobra.Command {
	opts := listOptions{pageSize: 500}
	cmd := &cobra.Command{
		Use:   "list",
		Short: fmt.Sprintf("List %s as a table or as JSON", t.Plural()),
		Long: fmt.Sprintf(`List %s, in name order. Without --limit every record is printed; the output is
streamed page by page, so memory stays small however large the data file is.`, t.Plural()),
		Example: fmt.Sprintf("  kontor %[1]s list --limit 20\n  kontor %[1]s list --json | jq '.[0]'", t.Plural()),
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.limit < 0 {
				return usageErr("--limit must not be negative")
			}
			store, err := a.openStore(cmd.Context(), true)
			if err != nil {
				return err
			}
			defer store.Close()
			return writeList(cmd.Context(), a.io.out, store, t, opts, terminalWidth(a.io.out, a.getenv))
		},
	}
	cmd.Flags().IntVar(&opts.limit, "limit", 0, "print at most `N` records (0: all)")
	cmd.Flags().BoolVar(&opts.jsonOut, "json", false, "print one JSON array of objects")
	return cmd
}

// recordOut receives records one at a time.
type recordOut interface {
	begin() error
	record(v any, cells []string) error
	end() error
}

func writeList(ctx context.Context, w io.Writer, store domain.Store, t domain.RecordType, opts listOptions, width int) error {
	var out recordOut
	if opts.jsonOut {
		out = &jsonArrayOut{w: w}
	} else {
		out = newTableOut(w, columnsFor(t), width)
	}
	if err := out.begin(); err != nil {
		return err
	}
	q := domain.ListQuery{Limit: opts.pageSize}
	var err error
	switch t {
	case domain.TypePerson:
		err = streamAll(ctx, store.ListPeople, q, opts.limit, func(p domain.Person) error {
			return out.record(personToJSON(p), []string{strconv.FormatInt(int64(p.ID), 10), p.Name(), p.Company, p.Title, p.PrimaryEmail(), p.PrimaryPhone()})
		})
	case domain.TypeCompany:
		err = streamAll(ctx, store.ListCompanies, q, opts.limit, func(c domain.Company) error {
			return out.record(companyToJSON(c), []string{strconv.FormatInt(int64(c.ID), 10), c.Name, c.Domain, c.Address.City, c.Industry, c.Phone.Display()})
		})
	case domain.TypeDeal:
		err = streamAll(ctx, store.ListDeals, q, opts.limit, func(d domain.Deal) error {
			amount := ""
			if d.Amount != nil {
				amount = d.Amount.String()
			}
			return out.record(dealToJSON(d), []string{strconv.FormatInt(int64(d.ID), 10), d.Title, d.Company, d.Stage, amount, d.CloseDate.String()})
		})
	}
	if err != nil {
		return err
	}
	return out.end()
}

// streamAll walks a list page by page with keyset cursors.
func streamAll[T any](ctx context.Context, list func(context.Context, domain.ListQuery) (domain.Page[T], error), q domain.ListQuery, limit int, emit func(T) error) error {
	n := 0
	for {
		if limit > 0 && limit-n < q.Limit {
			q.Limit = limit - n
		}
		page, err := list(ctx, q)
		if err != nil {
			return err
		}
		for _, item := range page.Items {
			if err := emit(item); err != nil {
				return err
			}
			n++
		}
		if !page.More || len(page.Items) == 0 || (limit > 0 && n >= limit) {
			return nil
		}
		last := page.Cursors[len(page.Cursors)-1]
		q.After = &last
	}
}

type jsonArrayOut struct {
	w     io.Writer
	count int
}

func (o *jsonArrayOut) begin() error { _, err := io.WriteString(o.w, "["); return err }

func (o *jsonArrayOut) record(v any, _ []string) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	sep := ",\n"
	if o.count == 0 {
		sep = "\n"
	}
	o.count++
	_, err = fmt.Fprintf(o.w, "%s%s", sep, b)
	return err
}

func (o *jsonArrayOut) end() error {
	if o.count == 0 {
		_, err := io.WriteString(o.w, "]\n")
		return err
	}
	_, err := io.WriteString(o.w, "\n]\n")
	return err
}

// column is one column of the human table: a header and its share of the
// width left over after the fixed columns.
type column struct {
	header string
	weight int // 0: fixed width = min
	min    int
}

func columnsFor(t domain.RecordType) []column {
	switch t {
	case domain.TypePerson:
		return []column{{"ID", 0, 7}, {"NAME", 3, 12}, {"COMPANY", 3, 10}, {"TITLE", 2, 8}, {"E-MAIL", 3, 12}, {"PHONE", 0, 16}}
	case domain.TypeCompany:
		return []column{{"ID", 0, 7}, {"NAME", 4, 14}, {"DOMAIN", 2, 10}, {"CITY", 1, 8}, {"INDUSTRY", 1, 8}, {"PHONE", 0, 16}}
	}
	return []column{{"ID", 0, 7}, {"TITLE", 4, 14}, {"COMPANY", 3, 10}, {"STAGE", 0, 11}, {"AMOUNT", 0, 18}, {"CLOSE", 0, 10}}
}

// tableOut prints aligned columns whose widths depend only on the terminal
// width, not on the data, so rows can be streamed. Cells are cleaned of
// control characters and cut to their column's display width (CJK counts
// double).
type tableOut struct {
	w      io.Writer
	cols   []column
	widths []int
}

func newTableOut(w io.Writer, cols []column, width int) *tableOut {
	widths := make([]int, len(cols))
	fixed, weights := len(cols)-1, 0 // one space between columns
	for i, c := range cols {
		widths[i] = c.min
		fixed += c.min
		weights += c.weight
	}
	if spare := width - fixed; spare > 0 && weights > 0 {
		for i, c := range cols {
			widths[i] += spare * c.weight / weights
		}
	}
	return &tableOut{w: w, cols: cols, widths: widths}
}

func (o *tableOut) begin() error {
	cells := make([]string, len(o.cols))
	for i, c := range o.cols {
		cells[i] = c.header
	}
	return o.line(cells)
}

func (o *tableOut) record(_ any, cells []string) error { return o.line(cells) }

func (o *tableOut) end() error { return nil }

func (o *tableOut) line(cells []string) error {
	var b strings.Builder
	for i, c := range cells {
		cell := ansi.Truncate(termsafe.Clean(c), o.widths[i], "…")
		b.WriteString(cell)
		if i < len(cells)-1 {
			b.WriteString(strings.Repeat(" ", o.widths[i]-ansi.StringWidth(cell)+1))
		}
	}
	b.WriteByte('\n')
	_, err := io.WriteString(o.w, strings.TrimRight(b.String(), " \n")+"\n")
	return err
}

// terminalWidth is the width of w when it is a terminal, else $COLUMNS,
// else 120.
func terminalWidth(w io.Writer, getenv func(string) string) int {
	if n := ttyWidth(w); n > 0 {
		return n
	}
	if n, err := strconv.Atoi(getenv("COLUMNS")); err == nil && n > 20 {
		return n
	}
	return 120
}
