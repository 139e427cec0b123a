// Package importing is Kontor's import engine, as pure Go: it reads nothing
// and writes nothing itself. Its steps are the ones the wizard shows and the
// `kontor import` command runs in one go:
//
//	read   → rows from a RowSource (storage/filesource implements it)
//	match  → Match / MatchAs turn headers and sample values into a Mapping
//	plan   → a Planner parses every row, links records and finds duplicates,
//	         asking the data file through the Existing port
//	decide → the Plan's duplicate groups get decisions (skip, fill,
//	         overwrite, create), one by one or a default for all
//	apply  → Apply streams the rows again and hands records to a Writer
//	         (storage implements it in one transaction)
//
// Every step can be revised without redoing the ones before it.
package importing

import (
	"fmt"
	"strings"

	"kontor/domain"
)

// Decision says what to do with a group of duplicate records.
type Decision string

const (
	// DecideSkip keeps the existing record as it is; the duplicate rows are
	// not imported. In a group found only within the file, the first row is
	// imported and the later ones skipped.
	DecideSkip Decision = "skip"
	// DecideFill fills the empty fields of the existing record (or of the
	// group's first row) from the duplicate rows, in file order.
	DecideFill Decision = "fill"
	// DecideOverwrite lets the rows' non-empty values replace the existing
	// ones, in file order (the last row wins).
	DecideOverwrite Decision = "overwrite"
	// DecideCreate imports every row as a record of its own.
	DecideCreate Decision = "create"
)

// Decisions lists the decisions in the order the UI offers them.
var Decisions = []Decision{DecideSkip, DecideFill, DecideOverwrite, DecideCreate}

// ParseDecision reads a decision name.
func ParseDecision(s string) (Decision, error) {
	d := Decision(strings.ToLower(strings.TrimSpace(s)))
	for _, known := range Decisions {
		if d == known {
			return d, nil
		}
	}
	return "", fmt.Errorf("unknown duplicate decision %q (want skip, fill, overwrite or create)", s)
}

// Options are the import's settings.
type Options struct {
	// Region is the default phone region (ISO 3166-1 alpha-2).
	Region string
	// DefaultCurrency is used for amounts without a currency ("PLN").
	DefaultCurrency string
	// CreateCompanies creates each company that a row names and the data
	// file lacks, once per company (on by default in the UI and CLI).
	CreateCompanies bool
	// CreateStages creates deal stages that the file names and the pipeline
	// lacks (otherwise such deals get the first stage and a warning).
	CreateStages bool
	// OnDuplicate is the default decision for every duplicate group.
	OnDuplicate Decision
	// Unattended plans are applied without anyone looking at their rows
	// (the import command): they keep no parsed rows for showing
	// duplicates side by side (Plan.Record), which on a large import is
	// tens of megabytes. Not stored with the import.
	Unattended bool `json:"-"`
}

// DefaultOptions returns the settings a user gets without choosing.
func DefaultOptions() Options {
	return Options{Region: "PL", DefaultCurrency: "PLN", CreateCompanies: true, CreateStages: true, OnDuplicate: DecideSkip}
}

// Mapping says what each source column becomes.
type Mapping struct {
	Type    domain.RecordType
	Columns []ColumnMapping
}

// ColumnMapping maps one source column.
type ColumnMapping struct {
	Index  int    // 0-based column in the source
	Header string // as in the file
	// Field is a catalogue key (see Catalog), "custom.<key>" for a custom
	// field, or "" to skip the column.
	Field string
	// NewCustom is set when the column creates a new custom field; Field is
	// then "custom." + NewCustom.Key.
	NewCustom *domain.CustomField
	// Format is the evidence for parsing the column's values (date order,
	// decimal separator), from AnalyzeColumn and possibly the user.
	Format ColumnFormat
	// Region reads the column's phone numbers that have no country code
	// ("" = the import's default region); see GuessPhoneRegions.
	Region string
}

// CustomPrefix starts the Field of a column mapped to a custom field.
const CustomPrefix = "custom."

// IsCustom reports whether the column feeds a custom field, and its key.
func (c ColumnMapping) IsCustom() (string, bool) {
	if strings.HasPrefix(c.Field, CustomPrefix) {
		return strings.TrimPrefix(c.Field, CustomPrefix), true
	}
	return "", false
}

// MappingFromMatch turns a MatchResult into a Mapping, with each column's
// format read from the sample values (see Analyze). A column headed the way
// Kontor's exports head custom fields ("Lead Source (custom.lead_source,
// text)", see CustomColumnHeader) feeds that custom field, created if the
// data file lacks it.
func MappingFromMatch(m MatchResult, samples [][]string) Mapping {
	out := Mapping{Type: m.Type}
	for _, c := range m.Columns {
		cm := ColumnMapping{Index: c.Index, Header: c.Header, Field: c.Field}
		if f, ok := ParseCustomColumnHeader(c.Header); ok {
			f.RecordType = m.Type
			cm.Field, cm.NewCustom = CustomPrefix+f.Key, &f
		}
		out.Columns = append(out.Columns, cm)
	}
	out.Analyze(samples)
	return out
}

// Kind returns the kind of value the column feeds ("" when skipped).
func (c ColumnMapping) Kind(t domain.RecordType, customTypes map[string]domain.FieldType) ValueKind {
	if key, ok := c.IsCustom(); ok {
		ft := customTypes[key]
		if c.NewCustom != nil {
			ft = c.NewCustom.Type
		}
		switch ft {
		case domain.FieldDate:
			return KindDate
		case domain.FieldNumber:
			return KindDecimal
		case domain.FieldBool:
			return KindBool
		}
		return KindText
	}
	if f, ok := FieldByKey(t, c.Field); ok {
		return f.Kind
	}
	return ""
}

// Analyze sets every column's format from the sample values, using the
// evidence the whole file gives (a date column that cannot tell 01/05 from
// 05/01 takes the order another column proves).
func (m *Mapping) Analyze(samples [][]string) {
	width := 0
	for _, c := range m.Columns {
		width = max(width, c.Index+1)
	}
	headers := make([]string, width)
	kinds := make([]ValueKind, width)
	for _, c := range m.Columns {
		headers[c.Index], kinds[c.Index] = c.Header, c.Kind(m.Type, nil)
	}
	formats := AnalyzeColumns(headers, kinds, samples)
	for i := range m.Columns {
		m.Columns[i].Format = formats[m.Columns[i].Index]
	}
}

// Severity grades a problem with a cell.
type Severity string

const (
	// SevError: the value was rejected and left out of the record.
	SevError Severity = "error"
	// SevWarning: the value was kept as text but not understood (a phone
	// number Kontor cannot parse), or something was assumed.
	SevWarning Severity = "warning"
)

// Issue is a problem found in one row.
type Issue struct {
	Row      int    // 1-based data row (1 = first row after the header)
	Line     int    // physical line (CSV) or sheet row (XLSX)
	Column   int    // 0-based source column; -1 when the problem is the row's
	Header   string // the column's header, "" for row problems
	Value    string // the offending text (cut to a readable length)
	Message  string
	Severity Severity
}

func (i Issue) String() string {
	where := fmt.Sprintf("row %d (line %d)", i.Row, i.Line)
	if i.Header != "" {
		where += fmt.Sprintf(", column %q", i.Header)
	}
	return where + ": " + i.Message
}

// phoneRegionCandidates are the regions tried for a phone column that the
// default region reads badly.
var phoneRegionCandidates = []string{"PL", "CN", "US", "GB", "DE", "FR", "UA", "CZ", "SK", "LT", "NL", "ES", "IT", "HK", "TW", "SG", "IN", "AU", "CA"}

// GuessPhoneRegions sets the region of each phone column whose sample
// numbers the default region cannot read but another region can: a
// DingTalk export's 11-digit mobiles are Chinese whatever Kontor's default.
func (m *Mapping) GuessPhoneRegions(samples [][]string, defaultRegion string) {
	for i := range m.Columns {
		c := &m.Columns[i]
		if c.Kind(m.Type, nil) != KindPhone {
			continue
		}
		var values []string
		for _, r := range samples {
			if c.Index < len(r) {
				values = append(values, SplitMulti(r[c.Index])...)
			}
		}
		parsed := func(region string) int {
			n := 0
			for _, v := range values {
				if _, err := domain.ParsePhone(v, region); err == nil {
					n++
				}
			}
			return n
		}
		base := parsed(defaultRegion)
		if len(values) == 0 || base*10 >= len(values)*9 {
			continue
		}
		best, bestN := "", base
		for _, r := range phoneRegionCandidates {
			if n := parsed(r); n > bestN {
				best, bestN = r, n
			}
		}
		if best != "" && bestN*10 >= len(values)*8 {
			c.Region = best
		}
	}
}
