package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"kontor/domain"
	"kontor/domain/importing"
	"kontor/tui/termsafe"
)

// importSummary is what `kontor import` reports, and its --json shape.
type importSummary struct {
	ImportID domain.ID            `json:"import_id"`
	DryRun   bool                 `json:"dry_run"`
	Type     domain.RecordType    `json:"type"`
	File     string               `json:"file"`
	Info     importing.SourceInfo `json:"-"`
	Preset   string               `json:"preset"`
	Plan     *importing.Plan      `json:"-"`
	Result   importing.Result     `json:"-"`
	Seconds  float64              `json:"seconds"`

	Encoding         string            `json:"encoding"`
	Delimiter        string            `json:"delimiter"`
	Sheet            string            `json:"sheet"`
	HeaderLine       int               `json:"header_line"`
	Rows             int               `json:"rows"`
	Created          int               `json:"created"`
	Updated          int               `json:"updated"`
	Merged           int               `json:"merged"`
	Skipped          int               `json:"skipped"`
	Failed           int               `json:"failed"`
	Duplicates       int               `json:"duplicates"`
	Possible         int               `json:"possible_duplicates"`
	CompaniesCreated int               `json:"companies_created"`
	StagesCreated    int               `json:"stages_created"`
	FieldsCreated    int               `json:"custom_fields_created"`
	Mapping          map[string]string `json:"mapping"`
	Errors           []issueJSON       `json:"errors"`
	Warnings         []issueJSON       `json:"warnings"`
	Ambiguous        []ambiguousJSON   `json:"ambiguous_links"`
}

type issueJSON struct {
	Row     int    `json:"row"`
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Value   string `json:"value"`
	Message string `json:"message"`
}

type ambiguousJSON struct {
	Row        int         `json:"row"`
	Field      string      `json:"field"`
	Text       string      `json:"text"`
	Candidates []domain.ID `json:"candidates"`
}

func (s *importSummary) common(plan *importing.Plan) {
	s.Encoding, s.Sheet, s.HeaderLine = s.Info.Encoding, s.Info.Sheet, s.Info.HeaderLine
	if s.Info.Delimiter != 0 {
		s.Delimiter = string(s.Info.Delimiter)
	}
	s.Mapping = map[string]string{}
	for _, c := range plan.Mapping.Columns {
		s.Mapping[c.Header] = c.Field
	}
	s.Errors, s.Warnings = []issueJSON{}, []issueJSON{}
	for _, is := range plan.Issues {
		j := issueJSON{Row: is.Row, Line: is.Line, Column: is.Header, Value: is.Value, Message: is.Message}
		if is.Severity == importing.SevError {
			s.Errors = append(s.Errors, j)
		} else {
			s.Warnings = append(s.Warnings, j)
		}
	}
	s.Ambiguous = []ambiguousJSON{}
	for _, am := range plan.Ambiguous {
		s.Ambiguous = append(s.Ambiguous, ambiguousJSON{Row: am.Row, Field: am.Field, Text: am.Text, Candidates: am.Candidates})
	}
	c := plan.Counts()
	s.Rows, s.Duplicates, s.Possible = c.Rows, c.Groups, c.Possible
}

func (s *importSummary) fromPlan(plan *importing.Plan) {
	s.common(plan)
	c := plan.Counts()
	s.Created, s.Updated, s.Merged, s.Skipped, s.Failed = c.Create, c.Update, c.Merged, c.Skip, c.Failed
	s.CompaniesCreated, s.StagesCreated, s.FieldsCreated = c.NewCompanies, c.NewStages, c.NewCustomFields
}

func (s *importSummary) fromResult(plan *importing.Plan, r importing.Result) {
	s.common(plan)
	s.Rows, s.Created, s.Updated, s.Merged, s.Skipped, s.Failed = r.Rows, r.Created, r.Updated, r.Merged, r.Skipped, r.Failed
	s.CompaniesCreated, s.StagesCreated, s.FieldsCreated = r.CompaniesCreated, r.StagesCreated, r.FieldsCreated
}

// printPlan shows on stderr what the import will do.
func (a *app) printPlan(pv importing.Preview, prop importing.Proposal, plan *importing.Plan) {
	w := a.io.err
	info := pv.Info
	fmt.Fprintf(w, "%s: %s", termsafe.Clean(pv.Path), info.Format)
	if info.Format == importing.FormatCSV {
		fmt.Fprintf(w, ", %s, delimiter %s", info.Encoding, delimiterName(info.Delimiter))
		if info.EncodingGuessed {
			fmt.Fprint(w, " (encoding guessed; override with --encoding)")
		}
	} else {
		fmt.Fprintf(w, ", sheet %q of %d", termsafe.Clean(info.Sheet), len(info.Sheets))
	}
	fmt.Fprintf(w, ", header on line %d\n", info.HeaderLine)
	how := "matched by header and values"
	if prop.Preset != "" {
		how = "saved mapping " + termsafe.Clean(prop.Preset)
	}
	fmt.Fprintf(w, "importing %s (%s)\n", plan.Mapping.Type.Plural(), how)
	for _, c := range plan.Mapping.Columns {
		field := c.Field
		if field == "" {
			field = "(skipped)"
		}
		fmt.Fprintf(w, "  %-28s → %s\n", termsafe.Clean(c.Header), field)
	}
	c := plan.Counts()
	fmt.Fprintf(w, "%d rows: %d to create, %d to update, %d merged within the file, %d duplicates skipped, %d failed\n",
		c.Rows, c.Create, c.Update, c.Merged, c.Skip, c.Failed)
	if c.Groups+c.Possible > 0 {
		fmt.Fprintf(w, "duplicates: %d groups (decision: %s), %d possible duplicates (imported as new; review them in the UI)\n",
			c.Groups, plan.Options.OnDuplicate, c.Possible)
	}
	if c.NewCompanies > 0 {
		fmt.Fprintf(w, "%d new companies will be created\n", c.NewCompanies)
	}
	if c.NewStages > 0 {
		names := make([]string, 0, len(plan.NewStages))
		for _, s := range plan.NewStages {
			names = append(names, termsafe.Clean(s.Name))
		}
		fmt.Fprintf(w, "%d new pipeline stages: %s\n", c.NewStages, strings.Join(names, ", "))
	}
	if c.Ambiguous > 0 {
		fmt.Fprintf(w, "%d links are ambiguous and were left empty\n", c.Ambiguous)
	}
	for i, is := range plan.Issues {
		if i == 20 {
			fmt.Fprintf(w, "  … and %d more (see --report)\n", plan.IssueCount-20)
			break
		}
		fmt.Fprintf(w, "  %s: %s\n", is.Severity, termsafe.Clean(is.String()))
	}
}

func delimiterName(r rune) string {
	switch r {
	case '\t':
		return "tab"
	case 0:
		return "none"
	}
	return string(r)
}

func (a *app) finishImport(s importSummary, report importing.ReportWriter, jsonOut bool) error {
	if report != nil {
		if err := report.Close(); err != nil {
			return fmt.Errorf("write the report: %w", err)
		}
	}
	if jsonOut {
		if err := writeJSON(a.io.out, s); err != nil {
			return err
		}
	} else if s.DryRun {
		fmt.Fprintln(a.io.out, "dry run: nothing was written")
	} else {
		fmt.Fprintf(a.io.out, "import %d: %d created, %d updated, %d merged, %d skipped, %d failed, %d companies created (%.1fs)\n",
			s.ImportID, s.Created, s.Updated, s.Merged, s.Skipped, s.Failed, s.CompaniesCreated, s.Seconds)
		fmt.Fprintf(a.io.out, "undo with: kontor imports undo %d\n", s.ImportID)
	}
	if s.Failed > 0 || len(s.Errors) > 0 {
		return &exitError{code: exitPartial, err: fmt.Errorf("%d rows failed, %d values were rejected", s.Failed, len(s.Errors))}
	}
	return nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
