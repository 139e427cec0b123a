package main

import (
	"bufio"
	"context"
	"encoding/csv"
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
		Short: fmt.Sprintf("List, show, add, update and delete %s", t.Plural()),
		Long: fmt.Sprintf(`Work with %s from the command line and from scripts. Every command
validates and normalises records the way the terminal UI does; --json output has
stable snake_case keys (the same as the %s_view view of the data file).`, t.Plural(), t.Plural()),
		Example: recordExamples(t),
		// An unknown subcommand is a usage error, not a help page.
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.listCmd(t), a.showCmd(t), a.addCmd(t), a.updateCmd(t), a.deleteCmd(t))
	return cmd
}

func recordExamples(t domain.RecordType) string {
	switch t {
	case domain.TypePerson:
		return `  kontor people list --filter krakow --sort email --limit 20
  kontor people add --first-name Anna --last-name Nowak --email anna@acme.pl --company "Acme"
  kontor people update 12 --title CEO --custom lead_source=web
  kontor people delete 12 --yes`
	case domain.TypeCompany:
		return `  kontor companies list --csv > companies.csv
  kontor companies add --name "Acme sp. z o.o." --tax-id NIP=5260250274 --city Kraków
  kontor companies show 3
  kontor companies delete 3 --detach --yes`
	}
	return `  kontor deals list --sort amount --desc --jsonl | jq -r .title
  kontor deals add --title "Website" --company Acme --amount "12 500,00" --currency PLN
  kontor deals update 7 --stage Won
  kontor deals delete 7 --yes`
}

// listFormat is the output of a list.
type listFormat int

const (
	formatTable listFormat = iota
	formatJSON
	formatJSONL
	formatCSV
)

type listOptions struct {
	limit    int
	format   listFormat
	filter   string
	sort     domain.SortField
	desc     bool
	pageSize int
}

func (a *app) listCmd(t domain.RecordType) *cobra.Command {
	opts := listOptions{pageSize: 500}
	var jsonOut, jsonlOut, csvOut bool
	var sortName string
	cmd := &cobra.Command{
		Use:   "list",
		Short: fmt.Sprintf("List %s as a table, JSON, JSON Lines or CSV", t.Plural()),
		Long: fmt.Sprintf(`List %[1]s, in name order unless --sort says otherwise. Without --limit every
record is printed; the output is streamed page by page, so memory stays small
however large the data file is.

--filter finds records as / does in the UI: every word must start a word of the
record (names, e-mails, phones, company...), case and accents ignored.
--sort takes one of: %[2]s.

Output: an aligned table that fits the terminal (control characters in the data
are shown as symbols), or --json (one array), --jsonl (one object a line) or
--csv (a header row, then one row a record; a cell starting with = + - @ tab or CR
gets an apostrophe in front so that spreadsheets do not run it as a formula).`, t.Plural(), sortNames(t)),
		Example: fmt.Sprintf(`  kontor %[1]s list --limit 20
  kontor %[1]s list --filter "krakow" --sort %[2]s --desc
  kontor %[1]s list --json | jq '.[0]'
  kontor %[1]s list --jsonl | jq -r .id
  kontor %[1]s list --csv > %[1]s.csv`, t.Plural(), domain.Sorts(t)[len(domain.Sorts(t))-2]),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.limit < 0 {
				return usageErr("--limit must not be negative")
			}
			n := 0
			for _, f := range []struct {
				on     bool
				format listFormat
			}{{jsonOut, formatJSON}, {jsonlOut, formatJSONL}, {csvOut, formatCSV}} {
				if f.on {
					opts.format = f.format
					n++
				}
			}
			if n > 1 {
				return usageErr("--json, --jsonl and --csv exclude each other")
			}
			if sortName != "" {
				f, err := parseSort(t, sortName)
				if err != nil {
					return err
				}
				opts.sort = f
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
	cmd.Flags().StringVar(&opts.filter, "filter", "", "only records the search `TEXT` finds (as / in the UI)")
	cmd.Flags().StringVar(&sortName, "sort", "", "order by `FIELD`: "+sortNames(t))
	cmd.Flags().BoolVar(&opts.desc, "desc", false, "reverse the order (records without a value stay last)")
	cmd.Flags().BoolVar(&jsonOut, "json", false, "print one JSON array of objects")
	cmd.Flags().BoolVar(&jsonlOut, "jsonl", false, "print JSON Lines: one object a line")
	cmd.Flags().BoolVar(&csvOut, "csv", false, "print CSV with a header row")
	_ = cmd.RegisterFlagCompletionFunc("sort", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		var out []string
		for _, f := range domain.Sorts(t) {
			out = append(out, string(f))
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// sortNames lists the sort fields of a type, for help and errors.
func sortNames(t domain.RecordType) string {
	var names []string
	for _, f := range domain.Sorts(t) {
		names = append(names, string(f))
	}
	return strings.Join(names, ", ")
}

// parseSort reads a --sort value: a field name of domain.Sorts(t), in any
// case, with '-' or '_' ("close-date"), or the JSON key of the column
// ("created_at", for deals "title").
func parseSort(t domain.RecordType, s string) (domain.SortField, error) {
	name := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_")
	aliases := map[string]domain.SortField{"created_at": domain.SortCreated, "updated_at": domain.SortUpdated}
	if t == domain.TypeDeal {
		aliases["title"] = domain.SortName
	}
	f := domain.SortField(name)
	if alias, ok := aliases[name]; ok {
		f = alias
	}
	if !domain.SupportsSort(t, f) {
		return "", usageErr("--sort: %s cannot be sorted by %q; valid fields: %s", t.Plural(), s, sortNames(t))
	}
	return f, nil
}

// recordOut receives records one at a time.
type recordOut interface {
	begin() error
	record(v any, cells []string) error
	end() error
}

func writeList(ctx context.Context, w io.Writer, store domain.Store, t domain.RecordType, opts listOptions, width int) error {
	buf := bufio.NewWriterSize(w, 64<<10)
	var out recordOut
	switch opts.format {
	case formatJSON:
		out = &jsonArrayOut{w: buf}
	case formatJSONL:
		out = &jsonLinesOut{w: buf}
	case formatCSV:
		defs, err := store.ListCustomFields(ctx, t)
		if err != nil {
			return fmt.Errorf("read the custom fields of %s: %w", t.Plural(), err)
		}
		out = &csvOut{w: csv.NewWriter(buf), t: t, defs: defs}
	default:
		out = newTableOut(buf, columnsFor(t), width)
	}
	if err := out.begin(); err != nil {
		return err
	}
	q := domain.ListQuery{Limit: opts.pageSize, Filter: opts.filter, Sort: opts.sort, Desc: opts.desc}
	var err error
	switch t {
	case domain.TypePerson:
		err = streamAll(ctx, store.ListPeople, q, opts.limit, func(p domain.Person) error {
			return out.record(personToJSON(p), tableCells(p))
		})
	case domain.TypeCompany:
		err = streamAll(ctx, store.ListCompanies, q, opts.limit, func(c domain.Company) error {
			return out.record(companyToJSON(c), tableCells(c))
		})
	case domain.TypeDeal:
		err = streamAll(ctx, store.ListDeals, q, opts.limit, func(d domain.Deal) error {
			return out.record(dealToJSON(d), tableCells(d))
		})
	}
	if err != nil {
		buf.Flush()
		return fmt.Errorf("list %s: %w", t.Plural(), err)
	}
	if err := out.end(); err != nil {
		return err
	}
	return buf.Flush()
}

// tableCells are a record's cells in the human table (columnsFor).
func tableCells(v any) []string {
	switch r := v.(type) {
	case domain.Person:
		return []string{strconv.FormatInt(int64(r.ID), 10), r.Name(), r.Company, r.Title, r.PrimaryEmail(), r.PrimaryPhone()}
	case domain.Company:
		return []string{strconv.FormatInt(int64(r.ID), 10), r.Name, r.Domain, r.Address.City, r.Industry, r.Phone.Display()}
	case domain.Deal:
		amount := ""
		if r.Amount != nil {
			amount = r.Amount.String()
		}
		return []string{strconv.FormatInt(int64(r.ID), 10), r.Title, r.Company, r.Stage, amount, r.CloseDate.String()}
	}
	return nil
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

// jsonLinesOut prints one JSON object a line (JSON Lines).
type jsonLinesOut struct{ w io.Writer }

func (o *jsonLinesOut) begin() error { return nil }

func (o *jsonLinesOut) record(v any, _ []string) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = o.w.Write(b)
	return err
}

func (o *jsonLinesOut) end() error { return nil }

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
