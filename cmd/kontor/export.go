package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"kontor/domain"
	"kontor/storage/sqlstore"
	"kontor/tui/termsafe"
)

// `kontor export people|companies|deals`: every record of a type (or those
// --filter finds), oldest first, as CSV, XLSX, JSON or JSON Lines, streamed
// a page at a time. The CSV and XLSX columns (export_columns.go) are headed
// so that `kontor import` reads the file back as the same records; JSON
// holds the objects of `list --json`.

// exportFormat is the file format of an export or a template.
type exportFormat string

const (
	formatCSVFile   exportFormat = "csv"
	formatXLSXFile  exportFormat = "xlsx"
	formatJSONFile  exportFormat = "json"
	formatJSONLFile exportFormat = "jsonl"
)

// exportFormats are the --format values of export, in help order.
var exportFormats = []string{"csv", "json", "jsonl", "xlsx"}

// recordTypeArgs are the record type arguments of export and template.
var recordTypeArgs = []string{"people", "companies", "deals"}

// formatFor picks the format: the flag when given (one of allowed), else
// the extension of the output file, else CSV.
func formatFor(flag, out string, allowed []string) (exportFormat, error) {
	if flag != "" {
		f := strings.ToLower(strings.TrimSpace(flag))
		if f == "ndjson" {
			f = "jsonl"
		}
		for _, a := range allowed {
			if f == a {
				return exportFormat(f), nil
			}
		}
		return "", usageErr("--format %q: want %s", flag, strings.Join(allowed, ", "))
	}
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
	if ext == "ndjson" {
		ext = "jsonl"
	}
	for _, a := range allowed {
		if ext == a {
			return exportFormat(ext), nil
		}
	}
	return formatCSVFile, nil
}

// parseTypeArg reads the record type argument of export and template.
func parseTypeArg(s string) (domain.RecordType, error) {
	t, err := domain.ParseRecordType(s)
	if err != nil {
		return "", usageErr("%v", err)
	}
	return t, nil
}

type exportOptions struct {
	format string
	out    string
	filter string
	bom    bool
}

func (a *app) exportCmd() *cobra.Command {
	var opts exportOptions
	cmd := &cobra.Command{
		Use:   "export people|companies|deals",
		Short: "Export people, companies or deals as CSV, XLSX, JSON or JSON Lines",
		Long: `Write every record of a type (or those --filter finds, as / does in the UI),
oldest first, to standard output or to --out FILE ("-" is standard output).
The format is --format, else the extension of FILE, else CSV. Records are
streamed a page at a time, so memory stays small however many there are. A
file is written under a temporary name and renamed when complete (mode 0600);
nothing is left behind when the export fails.

CSV and XLSX have one column per field and one per custom field, headed so that
'kontor import' reads them back as the same records (import companies first,
then people, then deals). Custom field columns are headed
"Label (custom.key, type)". A cell a spreadsheet would run as a formula
(starting with = + - @ tab or CR) gets an apostrophe in front, which Kontor's
import removes again. CSV is UTF-8 (--bom adds a byte-order mark for Excel);
XLSX cells are all text, and XLSX needs --out or a redirected standard output.

JSON (one array) and JSON Lines (one object a line) hold the objects that
'kontor ... list --json' prints.

Exit status: 0 done, 1 the export failed (nothing is left at --out), 2 bad
arguments or flags.`,
		Example: `  kontor export people > people.csv
  kontor export companies --out companies.xlsx
  kontor export deals --format jsonl | jq -r 'select(.stage == "Won") | .title'
  kontor export people --filter krakow --format json --out krakow.json
  kontor export people --bom --out people-for-excel.csv`,
		ValidArgs: recordTypeArgs,
		Args:      cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runExport(cmd.Context(), args[0], opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.format, "format", "", "output format: csv, json, jsonl or xlsx (default: from the --out extension, else csv)")
	fl.StringVarP(&opts.out, "out", "o", "", "write to `FILE` instead of standard output (\"-\": standard output)")
	fl.StringVar(&opts.filter, "filter", "", "only records the search `TEXT` finds (as / in the UI)")
	fl.BoolVar(&opts.bom, "bom", false, "start CSV output with a UTF-8 byte-order mark (for Excel)")
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(exportFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.MarkFlagFilename("out", "csv", "xlsx", "json", "jsonl")
	return cmd
}

func (a *app) runExport(ctx context.Context, typeArg string, opts exportOptions) error {
	t, err := parseTypeArg(typeArg)
	if err != nil {
		return err
	}
	format, err := formatFor(opts.format, opts.out, exportFormats)
	if err != nil {
		return err
	}
	if opts.bom && format != formatCSVFile {
		return usageErr("--bom applies to CSV only, not %s", format)
	}
	toStdout := opts.out == "" || opts.out == "-"
	if format == formatXLSXFile && toStdout && isTerminal(a.io.out) {
		return usageErr("XLSX is binary: write it to a file with --out FILE or redirect standard output")
	}
	if err := a.notTheDataFile(opts.out); err != nil {
		return err
	}
	store, err := a.openStore(ctx, true)
	if err != nil {
		return err
	}
	defer store.Close()
	out, err := createOutput(opts.out, a.io.out)
	if err != nil {
		return err
	}
	defer out.abort()

	terminal := toStdout && isTerminal(a.io.out)
	progress := func(n int) { a.progress("exporting %s: %d", t.Plural(), n) }
	n, err := exportRecords(ctx, store, t, exportSpec{format: format, filter: opts.filter, bom: opts.bom, terminal: terminal}, out.w, progress)
	a.progress("")
	if err != nil {
		return fmt.Errorf("export %s: %w", t.Plural(), err)
	}
	if err := out.commit(); err != nil {
		return err
	}
	if !toStdout {
		fmt.Fprintf(a.io.err, "exported %d %s to %s\n", n, pluralOf(t, n), termsafe.Clean(opts.out))
	}
	return nil
}

func pluralOf(t domain.RecordType, n int) string {
	if n == 1 {
		return string(t)
	}
	return t.Plural()
}

// exportSpec says how records are written.
type exportSpec struct {
	format   exportFormat
	filter   string
	bom      bool
	terminal bool // standard output is a terminal: control characters are shown as symbols
	pageSize int  // records read at a time (0: 500)
}

// exportStore is what an export reads.
type exportStore interface {
	ListPeople(ctx context.Context, q domain.ListQuery) (domain.Page[domain.Person], error)
	ListCompanies(ctx context.Context, q domain.ListQuery) (domain.Page[domain.Company], error)
	ListDeals(ctx context.Context, q domain.ListQuery) (domain.Page[domain.Deal], error)
	GetPerson(ctx context.Context, id domain.ID) (domain.Person, error)
	ListCustomFields(ctx context.Context, t domain.RecordType) ([]domain.CustomField, error)
}

// exportRecords writes the records of type t to w and returns how many it
// wrote. progress is called after each page.
func exportRecords(ctx context.Context, store exportStore, t domain.RecordType, spec exportSpec, w io.Writer, progress func(int)) (int, error) {
	pageSize := spec.pageSize
	if pageSize <= 0 {
		pageSize = 500
	}
	q := domain.ListQuery{Filter: spec.filter, Sort: domain.SortCreated, Limit: pageSize}
	if spec.format == formatJSONFile || spec.format == formatJSONLFile {
		return exportObjects(ctx, store, t, q, spec, w, progress)
	}
	defs, err := store.ListCustomFields(ctx, t)
	if err != nil {
		return 0, fmt.Errorf("read the custom fields of %s: %w", t.Plural(), err)
	}
	var current domain.ID
	filter := cellFilter(spreadsheetSafe)
	if spec.terminal {
		filter = func(s string) string { return termsafe.Text(spreadsheetSafe(s)) }
	}
	var sheet sheetWriter
	switch spec.format {
	case formatXLSXFile:
		xs, err := newXLSXSheet(w, sheetName(t), filter)
		if err != nil {
			return 0, err
		}
		xs.what = func() string { return fmt.Sprintf("%s %d", t, current) }
		sheet = xs
	default:
		cs, err := newCSVSheet(w, spec.bom, filter)
		if err != nil {
			return 0, err
		}
		sheet = cs
	}
	var n int
	switch t {
	case domain.TypePerson:
		cols := withCustom(personColumns(), defs, func(p *domain.Person) domain.CustomValues { return p.Custom })
		n, err = writeSheet(ctx, sheet, cols, store.ListPeople, q, progress, func(p domain.Person) (domain.Person, error) {
			current = p.ID
			return p, nil
		})
	case domain.TypeCompany:
		cols := withCustom(companyColumns(), defs, func(c *domain.Company) domain.CustomValues { return c.Custom })
		n, err = writeSheet(ctx, sheet, cols, store.ListCompanies, q, progress, func(c domain.Company) (domain.Company, error) {
			current = c.ID
			return c, nil
		})
	default:
		emails := newPersonEmails(store)
		cols := withCustom(dealColumns(), defs, func(d *dealRow) domain.CustomValues { return d.Custom })
		n, err = writeSheet(ctx, sheet, cols, store.ListDeals, q, progress, func(d domain.Deal) (dealRow, error) {
			current = d.ID
			email, err := emails.of(ctx, d.PersonID)
			return dealRow{Deal: d, personEmail: email}, err
		})
	}
	if err != nil {
		if xs, ok := sheet.(*xlsxSheet); ok {
			xs.f.Close()
		}
		return n, err
	}
	return n, sheet.close()
}

// sheetName is the XLSX worksheet of an export: "People", "Companies",
// "Deals".
func sheetName(t domain.RecordType) string {
	p := t.Plural()
	return strings.ToUpper(p[:1]) + p[1:]
}

// writeSheet writes the header row, then one row per record, page by page.
func writeSheet[R, T any](ctx context.Context, sheet sheetWriter, cols []exportColumn[R],
	list func(context.Context, domain.ListQuery) (domain.Page[T], error), q domain.ListQuery,
	progress func(int), row func(T) (R, error)) (int, error) {
	if err := sheet.header(headersOf(cols)); err != nil {
		return 0, err
	}
	cells := make([]string, len(cols))
	n := 0
	err := streamPages(ctx, list, q, func(item T) error {
		r, err := row(item)
		if err != nil {
			return err
		}
		for i, c := range cols {
			cells[i] = c.value(&r)
		}
		if err := sheet.row(cells); err != nil {
			return err
		}
		n++
		return nil
	}, func() { progress(n) })
	return n, err
}

// streamPages walks a list page by page with keyset cursors, calling emit
// for every item and page after every page.
func streamPages[T any](ctx context.Context, list func(context.Context, domain.ListQuery) (domain.Page[T], error), q domain.ListQuery,
	emit func(T) error, page func()) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		p, err := list(ctx, q)
		if err != nil {
			return err
		}
		for _, item := range p.Items {
			if err := emit(item); err != nil {
				return err
			}
		}
		page()
		if !p.More || len(p.Items) == 0 {
			return nil
		}
		last := p.Cursors[len(p.Cursors)-1]
		q.After = &last
	}
}

// exportObjects writes JSON or JSON Lines: the objects of list --json.
func exportObjects(ctx context.Context, store exportStore, t domain.RecordType, q domain.ListQuery, spec exportSpec, w io.Writer, progress func(int)) (int, error) {
	var filter cellFilter
	if spec.terminal {
		filter = termsafe.Clean
	}
	var out objectWriter
	if spec.format == formatJSONFile {
		out = newJSONArray(w, filter)
	} else {
		out = newJSONLines(w, filter)
	}
	n := 0
	page := func() { progress(n) }
	var err error
	switch t {
	case domain.TypePerson:
		err = streamPages(ctx, store.ListPeople, q, func(p domain.Person) error { n++; return out.object(personToJSON(p)) }, page)
	case domain.TypeCompany:
		err = streamPages(ctx, store.ListCompanies, q, func(c domain.Company) error { n++; return out.object(companyToJSON(c)) }, page)
	default:
		err = streamPages(ctx, store.ListDeals, q, func(d domain.Deal) error { n++; return out.object(dealToJSON(d)) }, page)
	}
	if err != nil {
		return n, err
	}
	return n, out.close()
}

// personEmails finds the primary e-mail of deals' contact people, keeping
// the most recent ones (a bounded cache, so memory stays flat).
type personEmails struct {
	store exportStore
	cache map[domain.ID]string
}

const personEmailsCached = 4096

func newPersonEmails(store exportStore) *personEmails {
	return &personEmails{store: store, cache: make(map[domain.ID]string)}
}

func (pe *personEmails) of(ctx context.Context, id domain.ID) (string, error) {
	if id == 0 {
		return "", nil
	}
	if e, ok := pe.cache[id]; ok {
		return e, nil
	}
	p, err := pe.store.GetPerson(ctx, id)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		// Deleted by another process since the deal was read: the deal's
		// row still names the person.
	case err != nil:
		return "", fmt.Errorf("read person %d of a deal: %w", id, err)
	}
	if len(pe.cache) >= personEmailsCached {
		clear(pe.cache)
	}
	pe.cache[id] = p.PrimaryEmail()
	return pe.cache[id], nil
}

// notTheDataFile refuses an --out that is the data file (or its WAL or
// shared-memory file): renaming the output over it would destroy it.
func (a *app) notTheDataFile(out string) error {
	if out == "" || out == "-" {
		return nil
	}
	db, err := sqlstore.ResolvePath(a.dbFlag, a.getenv)
	if err != nil {
		return nil // no data file to protect; opening it reports the problem
	}
	outAbs, err1 := filepath.Abs(out)
	dbAbs, err2 := filepath.Abs(db)
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		same := err1 == nil && err2 == nil && outAbs == dbAbs+suffix
		if !same {
			st1, e1 := os.Stat(out)
			st2, e2 := os.Stat(db + suffix)
			same = e1 == nil && e2 == nil && os.SameFile(st1, st2)
		}
		if same {
			return usageErr("--out %s is the data file; write the export somewhere else", out)
		}
	}
	return nil
}

// outputFile is where an export or a template goes: standard output, or a
// temporary file beside the target that commit renames over it, so that
// the target is either the complete new file or untouched.
type outputFile struct {
	w    io.Writer
	tmp  *os.File
	path string
	done bool
}

func createOutput(path string, stdout io.Writer) (*outputFile, error) {
	if path == "" || path == "-" {
		return &outputFile{w: stdout}, nil
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil, fmt.Errorf("write %s: it is a directory", path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the temporary name means nothing to the user
		}
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return &outputFile{w: f, tmp: f, path: path}, nil
}

// commit makes the written file the target.
func (o *outputFile) commit() error {
	if o.tmp == nil || o.done {
		return nil
	}
	o.done = true
	name := o.tmp.Name()
	err := o.tmp.Sync()
	if cerr := o.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(name, o.path)
	}
	if err != nil {
		os.Remove(name)
		return fmt.Errorf("write %s: %w", o.path, err)
	}
	return nil
}

// abort removes the temporary file unless commit ran.
func (o *outputFile) abort() {
	if o.tmp == nil || o.done {
		return
	}
	o.done = true
	o.tmp.Close()
	os.Remove(o.tmp.Name())
}
