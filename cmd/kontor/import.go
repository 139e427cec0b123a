package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"kontor/domain"
	"kontor/domain/importing"
	"kontor/storage/filesource"
	"kontor/storage/sqlstore"
)

type importFlags struct {
	typ             string
	sheet           string
	encoding        string
	delimiter       string
	mapping         string
	saveMap         string
	onDuplicate     string
	noCreateCompany bool
	currency        string
	dryRun          bool
	report          string
	jsonOut         bool
	yes             bool
}

func (a *app) importCmd() *cobra.Command {
	var f importFlags
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import people, companies or deals from a CSV or XLSX file",
		Long: `Import a CSV or XLSX export from another CRM (Zoho, Livespace, HubSpot, Salesforce,
Pipedrive, DingTalk, Excel...). Kontor detects the encoding, delimiter, sheet, header
row and record type, matches the columns to its fields, links people and deals to
companies, finds duplicates (in the file and in the data file) and shows the plan.
Nothing is written until you confirm (or pass --yes); the import then runs as one
transaction and can be undone with 'kontor imports undo ID'.

FILE may be "-" to read standard input.`,
		Example: `  kontor import Accounts.csv
  kontor import Contacts.csv --on-duplicate fill --report contacts-report.csv
  kontor import osoby.csv --encoding windows-1250 --region PL --dry-run
  kontor import 客户导入.xlsx --sheet 客户 --type people --yes --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return a.runImport(cmd.Context(), args[0], f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.typ, "type", "", "record type: people, companies or deals (default: guessed from the headers)")
	fl.StringVar(&f.sheet, "sheet", "", "XLSX sheet `NAME` (default: the first sheet that holds data)")
	fl.StringVar(&f.encoding, "encoding", "", "text encoding, e.g. utf-8, windows-1250, gb18030 (default: detected)")
	fl.StringVar(&f.delimiter, "delimiter", "", "CSV delimiter: , ; | or tab (default: detected)")
	fl.StringVar(&f.mapping, "map", "", "use a saved mapping `PRESET` or a mapping.json file")
	fl.StringVar(&f.saveMap, "save-map", "", "save the mapping used as preset `NAME`")
	fl.StringVar(&f.onDuplicate, "on-duplicate", "skip", "what to do with duplicates: skip, fill, overwrite or create")
	fl.StringVar(&f.currency, "currency", "PLN", "currency of amounts written without one (ISO code)")
	fl.BoolVar(&f.noCreateCompany, "no-create-companies", false, "do not create companies that rows name but the data file lacks")
	fl.BoolVar(&f.dryRun, "dry-run", false, "plan and report, write nothing")
	fl.StringVar(&f.report, "report", "", "write a per-row report to `OUT.csv` (outcome and reason per row)")
	fl.BoolVar(&f.jsonOut, "json", false, "print the result as one JSON object")
	fl.BoolVar(&f.yes, "yes", false, "do not ask for confirmation")
	return cmd
}

func parseDelimiter(s string) (rune, error) {
	switch strings.ToLower(s) {
	case "":
		return 0, nil
	case "tab", `\t`, "\t":
		return '\t', nil
	case ",", ";", "|":
		return rune(s[0]), nil
	case "comma":
		return ',', nil
	case "semicolon":
		return ';', nil
	case "pipe":
		return '|', nil
	}
	return 0, usageErr("--delimiter %q: want , ; | or tab", s)
}

func inputErr(err error) error { return &exitError{code: exitInput, err: err} }

func (a *app) runImport(ctx context.Context, path string, f importFlags) error {
	var forced domain.RecordType
	if f.typ != "" {
		t, err := domain.ParseRecordType(f.typ)
		if err != nil {
			return usageErr("--type: %v", err)
		}
		forced = t
	}
	decision, err := importing.ParseDecision(f.onDuplicate)
	if err != nil {
		return usageErr("--on-duplicate: %v", err)
	}
	delim, err := parseDelimiter(f.delimiter)
	if err != nil {
		return err
	}
	interactive := isTerminal(a.io.in) && isTerminal(a.io.err)
	if !f.yes && !f.dryRun && (!interactive || path == "-") {
		return usageErr("not on a terminal: pass --yes to import or --dry-run to only plan")
	}
	if path == "-" {
		spooled, cleanup, err := spool(a.io.in)
		if err != nil {
			return inputErr(fmt.Errorf("read standard input: %w", err))
		}
		defer cleanup()
		path = spooled
	}
	size, sum, err := filesource.Opener{}.Fingerprint(path)
	if err != nil {
		return inputErr(err)
	}
	in := importInput{path: path, size: size, sum: sum, forced: forced, decision: decision, delim: delim}
	if dbPath, err := sqlstore.ResolvePath(a.dbFlag, a.getenv); err == nil && !f.dryRun {
		if _, statErr := os.Lstat(dbPath); errors.Is(statErr, os.ErrNotExist) {
			return a.firstImport(ctx, dbPath, in, f)
		}
	}
	store, closeStore, err := a.importStore(ctx, f.dryRun)
	if err != nil {
		return err
	}
	defer closeStore()
	return a.importInto(ctx, store, in, f, nil)
}

// firstImport imports into a data file that does not exist yet: the file
// is built whole and put in place once the import committed (every page
// written once; no data file at all when nothing was imported), and only
// then are the summary printed and the report kept.
func (a *app) firstImport(ctx context.Context, dbPath string, in importInput, f importFlags) error {
	var out importFinish
	var result error
	err := sqlstore.BuildNew(ctx, dbPath, a.importOptions(false), func(store *sqlstore.Store) error {
		result = a.importInto(ctx, store, in, f, &out)
		if out.finish == nil {
			return errNothingImported // declined, or failed: leave no file
		}
		return nil // imported (some rows may have failed): keep the file
	})
	switch {
	case out.finish == nil && (err == nil || errors.Is(err, errNothingImported)):
		return result
	case out.finish == nil:
		return err
	case err != nil:
		out.discard()
		return fmt.Errorf("nothing was imported: the new data file could not be put in place: %w", err)
	}
	return out.finish()
}

// errNothingImported tells BuildNew that a first import wrote nothing.
var errNothingImported = errors.New("nothing imported")

// importInput is what runImport learned before opening the data file.
type importInput struct {
	path     string
	size     int64
	sum      string
	forced   domain.RecordType
	decision importing.Decision
	delim    rune
}

// importFinish, given to importInto, receives what finishes a committed
// import (prints its summary, keeps its report) and what discards its
// report, instead of importInto finishing it at once.
type importFinish struct {
	finish  func() error
	discard func()
}

// importOptions are the data file's options for an import: reads go
// without the file mapping (Options.NoMap), since checking for duplicates
// touches most of a large file once.
func (a *app) importOptions(readOnly bool) sqlstore.Options {
	opts := a.storeOptions(readOnly)
	opts.NoMap = true
	return opts
}

// importInto plans the import and, confirmed, runs it against store. With
// out, a committed import is left for out.finish to finish.
func (a *app) importInto(ctx context.Context, store *sqlstore.Store, in importInput, f importFlags, out *importFinish) error {
	path, size, sum, forced, decision, delim := in.path, in.size, in.sum, in.forced, in.decision, in.delim
	opener := filesource.Opener{}
	job := importing.Job{Opener: opener, Path: path, Read: importing.ReadOptions{Encoding: f.encoding, Delimiter: delim, Sheet: f.sheet}}
	pv, err := job.Look(ctx)
	if err != nil {
		return inputErr(err)
	}
	job = job.Pinned(pv)
	prop, err := a.mappingFor(ctx, store, pv, f.mapping, forced)
	if err != nil {
		return err
	}
	opts := importing.DefaultOptions()
	opts.Region, opts.CreateCompanies, opts.OnDuplicate = a.phoneRegion(), !f.noCreateCompany, decision
	opts.Unattended = true // no one reviews the rows here: the plan keeps none of them
	if opts.DefaultCurrency, err = domain.NormalizeCurrency(f.currency); err != nil {
		return usageErr("--currency: %v", err)
	}

	plan, err := job.Plan(ctx, prop.Mapping, opts, store, a.progressFunc("planning"))
	a.progress("")
	if err != nil {
		var re *importing.ReadError
		if errors.As(err, &re) {
			return inputErr(err)
		}
		return err
	}
	plan.SetDefault(decision, false)
	if f.saveMap != "" && !f.dryRun {
		p := importing.Preset{Name: f.saveMap, Type: prop.Mapping.Type, Signature: importing.HeaderSignature(pv.Info.Headers), Mapping: prop.Mapping}
		if err := store.SavePreset(ctx, p); err != nil {
			return err
		}
	}
	if !f.jsonOut || !f.yes {
		a.printPlan(pv, prop, plan)
	}
	var report importing.ReportWriter
	if f.report != "" {
		if report, err = opener.CreateReport(f.report, pv.Info.Headers); err != nil {
			return err
		}
		defer report.Close()
	}
	summary := importSummary{Type: plan.Mapping.Type, File: filepath.Base(path), Info: pv.Info, Preset: prop.Preset, Plan: plan, DryRun: f.dryRun}
	if f.dryRun {
		if report != nil {
			if err := job.Outcomes(ctx, plan, nil, report.Write); err != nil {
				var re *importing.ReadError
				if errors.As(err, &re) {
					return inputErr(err)
				}
				return err
			}
		}
		summary.fromPlan(plan)
		return a.finishImport(summary, report, f.jsonOut)
	}
	if !f.yes {
		ok, err := a.confirm("Import now? [y/N] ")
		if err != nil {
			return err
		}
		if !ok {
			fmt.Fprintln(a.io.err, "nothing imported")
			return nil
		}
	}
	meta := job.Meta(filepath.Base(path), size, sum, pv.Info, plan)
	start := time.Now()
	var onRow func(importing.Outcome) error
	if report != nil {
		onRow = report.Write
	}
	applied, err := job.Run(ctx, store, meta, plan, onRow, a.progressFunc("importing"))
	a.progress("")
	if err != nil {
		if report != nil {
			report.Discard()
		}
		var re *importing.ReadError
		if errors.As(err, &re) {
			return inputErr(fmt.Errorf("nothing was imported: %w", err))
		}
		return fmt.Errorf("nothing was imported: %w", err)
	}
	summary.ImportID, summary.Result, summary.Seconds = applied.ID, applied.Result, time.Since(start).Seconds()
	summary.fromResult(plan, applied.Result)
	if out != nil {
		out.finish = func() error { return a.finishImport(summary, report, f.jsonOut) }
		out.discard = func() {
			if report != nil {
				report.Discard()
			}
		}
		return nil
	}
	return a.finishImport(summary, report, f.jsonOut)
}

// importStore opens the data file; a dry run against a data file that does
// not exist yet plans against an empty one in a temporary directory, so it
// creates nothing where the user looks.
func (a *app) importStore(ctx context.Context, dryRun bool) (*sqlstore.Store, func(), error) {
	path, err := sqlstore.ResolvePath(a.dbFlag, a.getenv)
	if err != nil {
		return nil, nil, err
	}
	if _, statErr := os.Stat(path); dryRun && errors.Is(statErr, os.ErrNotExist) {
		dir, err := os.MkdirTemp("", "kontor-dry-run-*")
		if err != nil {
			return nil, nil, err
		}
		s, err := sqlstore.Open(ctx, filepath.Join(dir, "empty.db"), a.importOptions(false))
		if err != nil {
			os.RemoveAll(dir)
			return nil, nil, err
		}
		return s, func() { s.Close(); os.RemoveAll(dir) }, nil
	}
	s, err := sqlstore.Open(ctx, path, a.importOptions(dryRun))
	if err != nil {
		return nil, nil, err
	}
	return s, func() { s.Close() }, nil
}

// mappingFor picks the mapping: --map (preset name or JSON file), else a
// preset saved for these headers, else the matcher's proposal.
func (a *app) mappingFor(ctx context.Context, store *sqlstore.Store, pv importing.Preview, spec string, forced domain.RecordType) (importing.Proposal, error) {
	if spec == "" {
		return importing.Propose(ctx, pv, store, forced, a.phoneRegion())
	}
	if strings.HasSuffix(strings.ToLower(spec), ".json") {
		b, err := os.ReadFile(spec)
		if err != nil {
			return importing.Proposal{}, inputErr(fmt.Errorf("--map: %w", err))
		}
		m, err := mappingFromJSON(b, pv, forced)
		if err != nil {
			return importing.Proposal{}, usageErr("--map %s: %v", spec, err)
		}
		return importing.Proposal{Mapping: m, Preset: filepath.Base(spec)}, nil
	}
	p, err := store.Preset(ctx, spec)
	if err != nil {
		return importing.Proposal{}, usageErr("--map: %v", err)
	}
	return importing.Proposal{Mapping: p.Adapt(pv.Info.Headers), Preset: p.Name}, nil
}

// mappingFromJSON reads {"type": "people", "columns": {"Header": "field", ...}}.
// Headers not listed are skipped; "custom.key" fields go to custom fields,
// "new:Label:type" creates one.
func mappingFromJSON(b []byte, pv importing.Preview, forced domain.RecordType) (importing.Mapping, error) {
	var spec struct {
		Type    string            `json:"type"`
		Columns map[string]string `json:"columns"`
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		return importing.Mapping{}, err
	}
	t := forced
	if t == "" {
		var err error
		if t, err = domain.ParseRecordType(spec.Type); err != nil {
			return importing.Mapping{}, err
		}
	}
	byHeader := map[string]string{}
	for h, field := range spec.Columns {
		byHeader[importing.NormalizeHeader(h)] = field
	}
	m := importing.Mapping{Type: t}
	used := map[string]bool{}
	for i, h := range pv.Info.Headers {
		cm := importing.ColumnMapping{Index: i, Header: h}
		field, ok := byHeader[importing.NormalizeHeader(h)]
		if ok {
			used[importing.NormalizeHeader(h)] = true
			switch {
			case strings.HasPrefix(field, "new:"):
				parts := strings.SplitN(strings.TrimPrefix(field, "new:"), ":", 2)
				ft := domain.FieldText
				if len(parts) == 2 {
					var err error
					if ft, err = domain.ParseFieldType(parts[1]); err != nil {
						return m, fmt.Errorf("column %q: %v", h, err)
					}
				}
				nc := domain.CustomField{RecordType: t, Label: parts[0], Key: domain.CustomFieldKey(parts[0]), Type: ft}
				cm.NewCustom, cm.Field = &nc, importing.CustomPrefix+nc.Key
			case strings.HasPrefix(field, importing.CustomPrefix), field == "":
				cm.Field = field
			default:
				fd, ok := importing.FieldByKey(t, field)
				if !ok {
					return m, fmt.Errorf("column %q: %s have no field %q", h, t.Plural(), field)
				}
				cm.Field = fd.Key
			}
		}
		m.Columns = append(m.Columns, cm)
	}
	for h := range byHeader {
		if !used[h] {
			return m, fmt.Errorf("the file has no column %q", h)
		}
	}
	m.Analyze(pv.Cells())
	return m, nil
}

// spool copies a stream to a temporary file (readers need to seek).
func spool(r io.Reader) (string, func(), error) {
	f, err := os.CreateTemp("", "kontor-stdin-*")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.Remove(f.Name()) }
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		cleanup()
		return "", nil, err
	}
	if err := f.Close(); err != nil {
		cleanup()
		return "", nil, err
	}
	return f.Name(), cleanup, nil
}

func (a *app) confirm(prompt string) (bool, error) {
	fmt.Fprint(a.io.err, prompt)
	line, err := bufio.NewReader(a.io.in).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	answer := strings.ToLower(strings.TrimSpace(line))
	return answer == "y" || answer == "yes" || answer == "t" || answer == "tak", nil
}

// progressFunc reports rows done with the rate, on a terminal.
func (a *app) progressFunc(what string) func(int) {
	start := time.Now()
	return func(n int) {
		if n == 0 {
			return
		}
		rate := float64(n) / time.Since(start).Seconds()
		a.progress("%s: %d rows (%.0f rows/s)", what, n, rate)
	}
}
