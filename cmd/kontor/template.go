package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"kontor/domain"
	"kontor/domain/importing"
	"kontor/tui/termsafe"
)

// `kontor template people|companies|deals`: a file to fill in for
// `kontor import`, with the columns Kontor reads headed in English, Polish
// or Chinese and one example row written the way people write dates and
// amounts in that language. Every header is an alias of its field in the
// import catalogue (template_test.go checks each with importing.Match), and
// the file imports as it is: one record, no warnings.

// templateLang is a language of template headers and examples.
type templateLang string

const (
	langEN templateLang = "en"
	langPL templateLang = "pl"
	langZH templateLang = "zh"
)

var templateLangs = []string{"en", "pl", "zh"}

// templateFormats are the --format values of template.
var templateFormats = []string{"csv", "xlsx"}

// templateCell is one column of a template in one language: the header
// and the example value.
type templateCell struct{ header, example string }

// templateColumn is one column of a template: the catalogue field it feeds
// and its header and example in each language.
type templateColumn struct {
	field string
	en    templateCell
	pl    templateCell
	zh    templateCell
}

func (c templateColumn) in(lang templateLang) templateCell {
	switch lang {
	case langPL:
		return c.pl
	case langZH:
		return c.zh
	}
	return c.en
}

// Dates of the examples, as each language writes them: US English month
// first (a day above 12, so the order is plain), Polish day first with
// dots, Chinese year first with 年月日.
var templateDates = map[templateLang][2]string{
	// birthday, close date
	langEN: {"03/14/1985", "06/30/2030"},
	langPL: {"14.03.1985", "30.06.2030"},
	langZH: {"1985年3月14日", "2030年6月30日"},
}

func templateColumns(t domain.RecordType) []templateColumn {
	switch t {
	case domain.TypePerson:
		return []templateColumn{
			{"first_name", templateCell{"First Name", "John"}, templateCell{"Imię", "Anna"}, templateCell{}},
			{"last_name", templateCell{"Last Name", "Smith"}, templateCell{"Nazwisko", "Nowak"}, templateCell{}},
			{"full_name", templateCell{}, templateCell{}, templateCell{"姓名", "王伟"}},
			{"company", templateCell{"Company", "Example Trading Ltd"}, templateCell{"Firma", "Przykładowa Firma sp. z o.o."}, templateCell{"公司名称", "示例科技有限公司"}},
			{"title", templateCell{"Job Title", "Sales Manager"}, templateCell{"Stanowisko", "Kierownik sprzedaży"}, templateCell{"职位", "销售经理"}},
			{"email", templateCell{"Email", "john.smith@example.com"}, templateCell{"E-mail", "anna.nowak@example.pl"}, templateCell{"邮箱", "wang.wei@example.cn"}},
			{"phone", templateCell{"Phone", "+44 20 7946 0958"}, templateCell{"Telefon", "+48 22 123 45 67"}, templateCell{"电话", "+86 10 6552 9988"}},
			{"mobile", templateCell{"Mobile", "+44 7700 900123"}, templateCell{"Telefon komórkowy", "+48 600 100 200"}, templateCell{"手机", "+86 138 0013 8000"}},
			{"street", templateCell{"Street", "221B Baker Street"}, templateCell{"Ulica", "ul. Długa 5"}, templateCell{"地址", "建国路88号"}},
			{"city", templateCell{"City", "London"}, templateCell{"Miasto", "Kraków"}, templateCell{"城市", "北京"}},
			{"postal_code", templateCell{"Postal Code", "NW1 6XE"}, templateCell{"Kod pocztowy", "31-147"}, templateCell{"邮编", "100022"}},
			{"region", templateCell{"Region", "Greater London"}, templateCell{"Województwo", "małopolskie"}, templateCell{"省份", "北京市"}},
			{"country", templateCell{"Country", "United Kingdom"}, templateCell{"Kraj", "Polska"}, templateCell{"国家", "中国"}},
			{"birthday", templateCell{"Birthday", templateDates[langEN][0]}, templateCell{"Data urodzenia", templateDates[langPL][0]}, templateCell{"生日", templateDates[langZH][0]}},
			{"notes", templateCell{"Notes", "Met at the trade fair"}, templateCell{"Notatki", "Poznana na targach"}, templateCell{"备注", "展会上认识"}},
		}
	case domain.TypeCompany:
		return []templateColumn{
			{"name", templateCell{"Company Name", "Example Trading Ltd"}, templateCell{"Nazwa firmy", "Przykładowa Firma sp. z o.o."}, templateCell{"公司名称", "示例科技有限公司"}},
			{"website", templateCell{"Website", "www.example.com"}, templateCell{"Strona www", "www.przyklad.pl"}, templateCell{"网址", "www.example.cn"}},
			{"phone", templateCell{"Phone", "+44 20 7946 0000"}, templateCell{"Telefon", "+48 12 345 67 89"}, templateCell{"电话", "+86 10 6552 0000"}},
			{"email", templateCell{"Email", "info@example.com"}, templateCell{"E-mail", "biuro@przyklad.pl"}, templateCell{"邮箱", "info@example.cn"}},
			{"nip", templateCell{}, templateCell{"NIP", "526-025-02-74"}, templateCell{}},
			{"regon", templateCell{}, templateCell{"REGON", "012100784"}, templateCell{}},
			{"krs", templateCell{}, templateCell{"KRS", "0000012345"}, templateCell{}},
			{"vat", templateCell{"VAT Number", "GB980780684"}, templateCell{}, templateCell{}},
			{"tax_id", templateCell{}, templateCell{}, templateCell{"统一社会信用代码", "91350100M000100Y43"}},
			{"street", templateCell{"Street", "1 Example Road"}, templateCell{"Ulica", "ul. Przemysłowa 12"}, templateCell{"地址", "建国路88号"}},
			{"city", templateCell{"City", "Manchester"}, templateCell{"Miasto", "Kraków"}, templateCell{"城市", "北京"}},
			{"postal_code", templateCell{"Postal Code", "M1 1AA"}, templateCell{"Kod pocztowy", "30-702"}, templateCell{"邮编", "100022"}},
			{"region", templateCell{"Region", "Greater Manchester"}, templateCell{"Województwo", "małopolskie"}, templateCell{"省份", "北京市"}},
			{"country", templateCell{"Country", "United Kingdom"}, templateCell{"Kraj", "Polska"}, templateCell{"国家", "中国"}},
			{"industry", templateCell{"Industry", "Wholesale"}, templateCell{"Branża", "Produkcja"}, templateCell{"行业", "软件"}},
			{"employees", templateCell{"Employees", "1,200"}, templateCell{"Liczba pracowników", "1 200"}, templateCell{"员工人数", "1200"}},
			{"notes", templateCell{"Notes", "Key account"}, templateCell{"Notatki", "Kluczowy klient"}, templateCell{"备注", "重点客户"}},
		}
	}
	return []templateColumn{
		{"title", templateCell{"Deal Name", "Website redesign"}, templateCell{"Nazwa szansy", "Nowa strona internetowa"}, templateCell{"商机名称", "网站改版"}},
		{"company", templateCell{"Company", "Example Trading Ltd"}, templateCell{"Firma", "Przykładowa Firma sp. z o.o."}, templateCell{"公司名称", "示例科技有限公司"}},
		// The contact person must already be in the data file (the import
		// links deals to people, it does not create them), so the example
		// leaves these empty rather than warn that no such person exists.
		{"person", templateCell{"Contact Person", ""}, templateCell{"Osoba kontaktowa", ""}, templateCell{"联系人", ""}},
		{"person_email", templateCell{"Contact Email", ""}, templateCell{"E-mail kontaktu", ""}, templateCell{"联系人邮箱", ""}},
		{"stage", templateCell{"Stage", ""}, templateCell{"Etap", ""}, templateCell{"阶段", ""}}, // a stage of the pipeline
		{"amount", templateCell{"Amount", "12,500.00"}, templateCell{"Kwota", "12 500,00"}, templateCell{"金额", "12,500.00"}},
		{"currency", templateCell{"Currency", "USD"}, templateCell{"Waluta", "PLN"}, templateCell{"币种", "人民币"}},
		{"close_date", templateCell{"Close Date", templateDates[langEN][1]}, templateCell{"Data zamknięcia", templateDates[langPL][1]}, templateCell{"预计成交日期", templateDates[langZH][1]}},
		{"probability", templateCell{"Probability", "40%"}, templateCell{"Prawdopodobieństwo", "40%"}, templateCell{"赢率", "40%"}},
		{"notes", templateCell{"Notes", "Send the offer by Friday"}, templateCell{"Notatki", "Wysłać ofertę do piątku"}, templateCell{"备注", "周五前发送报价"}},
	}
}

// templateCustomExample is the example value of a custom field of a type.
func templateCustomExample(ft domain.FieldType, lang templateLang) string {
	switch ft {
	case domain.FieldNumber:
		if lang == langPL {
			return "12,5"
		}
		return "12.5"
	case domain.FieldBool:
		return map[templateLang]string{langEN: "yes", langPL: "tak", langZH: "是"}[lang]
	case domain.FieldDate:
		return templateDates[lang][1]
	}
	return map[templateLang]string{langEN: "example", langPL: "przykład", langZH: "示例"}[lang]
}

// templateSheetNames name the XLSX worksheet in each language.
var templateSheetNames = map[templateLang]map[domain.RecordType]string{
	langEN: {domain.TypePerson: "People", domain.TypeCompany: "Companies", domain.TypeDeal: "Deals"},
	langPL: {domain.TypePerson: "Osoby", domain.TypeCompany: "Firmy", domain.TypeDeal: "Szanse"},
	langZH: {domain.TypePerson: "联系人", domain.TypeCompany: "公司", domain.TypeDeal: "商机"},
}

// templateRows returns the header row and the example row of a template.
// stage is the example deal's stage; custom the data file's custom fields
// of the type, each of which gets a column.
func templateRows(t domain.RecordType, lang templateLang, stage string, custom []domain.CustomField) (header, example []string) {
	for _, c := range templateColumns(t) {
		cell := c.in(lang)
		if cell.header == "" {
			continue
		}
		if c.field == "stage" {
			cell.example = stage
		}
		header = append(header, cell.header)
		example = append(example, cell.example)
	}
	for _, f := range custom {
		header = append(header, importing.CustomColumnHeader(f))
		example = append(example, templateCustomExample(f.Type, lang))
	}
	return header, example
}

// exampleStage picks the example deal's stage: the second open stage of
// the pipeline ("Qualified" in a new data file), else the first stage.
func exampleStage(stages []domain.Stage) string {
	var open []string
	for _, s := range stages {
		if !s.Won && !s.Lost {
			open = append(open, s.Name)
		}
	}
	switch {
	case len(open) > 1:
		return open[1]
	case len(open) == 1:
		return open[0]
	case len(stages) > 0:
		return stages[0].Name
	}
	return ""
}

type templateOptions struct {
	lang   string
	format string
	out    string
}

func (a *app) templateCmd() *cobra.Command {
	var opts templateOptions
	cmd := &cobra.Command{
		Use:   "template people|companies|deals",
		Short: "Write an import template: the columns Kontor reads and an example row",
		Long: `Write a file to fill in for 'kontor import': the columns Kontor reads for the record
type, headed in English, Polish or Chinese (--lang), and one example row written
the way people write dates and amounts in that language (03/14/1985 and 12,500.00;
14.03.1985 and 12 500,00; 1985年3月14日). The template imports as it is — one record,
no warnings — so replace the example with your records.

If the data file exists, each of its custom fields of the type gets a column
("Label (custom.key, type)") and the example deal uses a stage of its pipeline.
The data file is only read.

The format is --format (csv or xlsx), else the extension of --out, else CSV. CSV
templates start with a UTF-8 byte-order mark so that Excel shows Polish and
Chinese text correctly. XLSX needs --out or a redirected standard output.

Exit status: 0 done, 1 the file could not be written, 2 bad arguments or flags.`,
		Example: `  kontor template people --out people.csv
  kontor template people --lang pl --out osoby.csv
  kontor template companies --lang pl --format xlsx --out firmy.xlsx
  kontor template deals --lang zh --format xlsx --out 商机.xlsx
  kontor template deals --lang zh > 商机.csv`,
		ValidArgs: recordTypeArgs,
		Args:      cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runTemplate(cmd.Context(), args[0], opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.lang, "lang", "en", "language of the headers and the example: en, pl or zh")
	fl.StringVar(&opts.format, "format", "", "file format: csv or xlsx (default: from the --out extension, else csv)")
	fl.StringVarP(&opts.out, "out", "o", "", "write to `FILE` instead of standard output (\"-\": standard output)")
	_ = cmd.RegisterFlagCompletionFunc("lang", cobra.FixedCompletions(templateLangs, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(templateFormats, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.MarkFlagFilename("out", "csv", "xlsx")
	return cmd
}

func parseTemplateLang(s string) (templateLang, error) {
	l := strings.ToLower(strings.TrimSpace(s))
	switch {
	case l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_") || l == "english":
		return langEN, nil
	case l == "pl" || strings.HasPrefix(l, "pl-") || strings.HasPrefix(l, "pl_") || l == "polish" || l == "polski":
		return langPL, nil
	case l == "zh" || strings.HasPrefix(l, "zh-") || strings.HasPrefix(l, "zh_") || l == "chinese" || l == "中文":
		return langZH, nil
	}
	return "", usageErr("--lang %q: want en, pl or zh", s)
}

func (a *app) runTemplate(ctx context.Context, typeArg string, opts templateOptions) error {
	t, err := parseTypeArg(typeArg)
	if err != nil {
		return err
	}
	lang, err := parseTemplateLang(opts.lang)
	if err != nil {
		return err
	}
	format, err := formatFor(opts.format, opts.out, templateFormats)
	if err != nil {
		return err
	}
	toStdout := opts.out == "" || opts.out == "-"
	if format == formatXLSXFile && toStdout && isTerminal(a.io.out) {
		return usageErr("XLSX is binary: write it to a file with --out FILE or redirect standard output")
	}
	if err := a.notTheDataFile(opts.out); err != nil {
		return err
	}
	// The data file's custom fields and pipeline; a data file that does
	// not exist is not created (importStore plans against an empty one).
	store, closeStore, err := a.importStore(ctx, true)
	if err != nil {
		return err
	}
	defer closeStore()
	custom, err := store.ListCustomFields(ctx, t)
	if err != nil {
		return fmt.Errorf("read the custom fields of %s: %w", t.Plural(), err)
	}
	stages, err := store.ListStages(ctx)
	if err != nil {
		return fmt.Errorf("read the pipeline: %w", err)
	}
	header, example := templateRows(t, lang, exampleStage(stages), custom)

	out, err := createOutput(opts.out, a.io.out)
	if err != nil {
		return err
	}
	defer out.abort()
	terminal := toStdout && isTerminal(a.io.out)
	if err := writeTemplate(out.w, format, templateSheetNames[lang][t], header, example, terminal); err != nil {
		return fmt.Errorf("template %s: %w", t.Plural(), err)
	}
	if err := out.commit(); err != nil {
		return err
	}
	if !toStdout {
		fmt.Fprintf(a.io.err, "wrote a %s template (%s) to %s; import it with: kontor import %s\n",
			t.Plural(), lang, termsafe.Clean(opts.out), termsafe.Clean(shellJoinArg(opts.out)))
	}
	return nil
}

// writeTemplate writes the header and example rows as CSV (after a UTF-8
// byte-order mark) or XLSX. Cells get the formula guard, as in exports
// (the example phone numbers start with +).
func writeTemplate(w io.Writer, format exportFormat, sheet string, header, example []string, terminal bool) error {
	filter := cellFilter(spreadsheetSafe)
	if terminal {
		filter = func(s string) string { return termsafe.Text(spreadsheetSafe(s)) }
	}
	var sw sheetWriter
	var err error
	if format == formatXLSXFile {
		sw, err = newXLSXSheet(w, sheet, filter)
	} else {
		sw, err = newCSVSheet(w, true, filter)
	}
	if err != nil {
		return err
	}
	err = sw.header(header)
	if err == nil {
		err = sw.row(example)
	}
	if err != nil {
		if xs, ok := sw.(*xlsxSheet); ok {
			xs.f.Close() // removes excelize's temporary files
		}
		return err
	}
	return sw.close()
}

// shellJoinArg quotes a file name for a command the user may paste.
func shellJoinArg(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n\"'$&|;<>()*?`\\") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
