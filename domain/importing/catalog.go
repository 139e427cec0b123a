package importing

// The field catalogue: every field a column of an import file can feed,
// per record type, with the header spellings (aliases) that name it in the
// exports users bring: English and Zoho labels and API names, HubSpot,
// Salesforce, Pipedrive, datablist and Atomic CRM headers, Polish and
// Chinese (and a few German, French and Spanish) words.

import (
	"fmt"
	"regexp"
	"strings"

	"kontor/domain"
)

// ValueKind says what a field's values are, and so how they are parsed and
// which values count as evidence for or against a column matching it.
type ValueKind string

const (
	KindText       ValueKind = "text"        // free text
	KindName       ValueKind = "name"        // a person's or a company's name: letters, not an e-mail or a number
	KindEmail      ValueKind = "email"       // an e-mail address (NormalizeEmail)
	KindPhone      ValueKind = "phone"       // a phone number (ParsePhone)
	KindDate       ValueKind = "date"        // a calendar date (ParseDate)
	KindDateTime   ValueKind = "datetime"    // a date and time of day (ParseDateTime)
	KindInteger    ValueKind = "integer"     // a whole number (ParseInt)
	KindDecimal    ValueKind = "decimal"     // a number (ParseDecimal)
	KindMoney      ValueKind = "money"       // an amount, maybe with its currency (ParseMoney)
	KindCurrency   ValueKind = "currency"    // an ISO 4217 code or symbol (domain.NormalizeCurrency)
	KindPercent    ValueKind = "percent"     // 0..100 (ParsePercent)
	KindBool       ValueKind = "bool"        // yes/no (ParseBool)
	KindURL        ValueKind = "url"         // a web address or domain (domain.DomainFromWebsite)
	KindTaxID      ValueKind = "taxid"       // a tax or registry number (domain.NormalizeTaxID)
	KindCompanyRef ValueKind = "company_ref" // a company's name, linked to a company record
	KindPersonRef  ValueKind = "person_ref"  // a person's name, linked to a person record
	KindStage      ValueKind = "stage"       // a deal stage's name, linked to a pipeline stage
)

// Field is one importable field of a record type.
type Field struct {
	Key   string            // catalogue key, unique per type: "first_name", "amount"...
	Type  domain.RecordType // the record type it belongs to
	Label string            // English name shown to the user
	Kind  ValueKind
	// Multi: one cell may hold several values ("a@x.pl; b@x.pl"), split
	// with SplitMulti.
	Multi bool
	// Aliases are header spellings that name the field. They are compared
	// in NormalizeHeader form (case, spacing, punctuation, diacritics and
	// word order do not matter), so each is listed once.
	Aliases []string
	// Overflow names the field that takes a further column matching this
	// one: a second "Phone" column goes to "phone_other", "Secondary Email"
	// beside "Email" to "email_other". Empty when there is none.
	Overflow string
	// Repeatable fields may be fed by any number of columns, whose values
	// are all kept (other e-mails and phones, notes). Every other field
	// takes at most one column.
	Repeatable bool

	// exactOnly: the header must be an alias (or a misspelling of one);
	// containing an alias among other words is not enough ("Company ID" in
	// a people file is not the person's record id).
	exactOnly bool
	// typeWeight is how strongly a column matching this field says that the
	// file holds records of its type (used to guess the type; see Match).
	typeWeight float64
}

// Catalog lists the importable fields of a record type, in the order the
// wizard shows them. The slice is the caller's to keep or change.
func Catalog(t domain.RecordType) []Field {
	var fields []Field
	switch t {
	case domain.TypePerson:
		fields = personFields()
	case domain.TypeCompany:
		fields = companyFields()
	case domain.TypeDeal:
		fields = dealFields()
	}
	for i := range fields {
		fields[i].Type = t
	}
	return fields
}

// FieldByKey returns the field of a record type with the key.
func FieldByKey(t domain.RecordType, key string) (Field, bool) {
	if key == "" {
		return Field{}, false
	}
	for _, f := range Catalog(t) {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// Aliases shared by the record types, one field a line. Functions, so that
// every Catalog call hands out slices of its own.
func streetAliases() []string {
	return []string{"Street", "Address", "Street Address", "Address Line 1", "Address 1", "Street 1", "Mailing Street", "Billing Street", "Ulica", "Adres", "Ulica i numer", "Straße", "Rue", "地址", "详细地址", "街道", "街道地址", "联系地址", "通讯地址", "公司地址"}
}

func cityAliases() []string {
	return []string{"City", "Town", "Locality", "Mailing City", "Billing City", "Miasto", "Miejscowość", "Stadt", "Ville", "Ciudad", "城市", "市", "所在城市"}
}

func postalCodeAliases() []string {
	return []string{"Postal Code", "Postcode", "Zip", "Zip Code", "Mailing Zip", "Mailing Postal Code", "Mailing Code", "Billing Code", "Billing Zip", "Billing Postal Code", "Kod pocztowy", "Kod", "PLZ", "Code postal", "邮编", "邮政编码"}
}

func regionAliases() []string {
	return []string{"Region", "State", "State/Region", "State/Province", "Province", "County", "State Abbr", "Mailing State", "Billing State", "Województwo", "Woj", "Bundesland", "省份", "省", "地区", "州", "所在省份"}
}

func countryAliases() []string {
	return []string{"Country", "Country/Region", "Nation", "Mailing Country", "Billing Country", "Kraj", "Państwo", "Land", "Pays", "País", "国家", "国家/地区", "国别"}
}

func notesAliases() []string {
	return []string{"Notes", "Note", "Description", "Comments", "Comment", "Remarks", "Details", "Background", "Notatki", "Notatka", "Opis", "Uwagi", "Komentarz", "Bemerkungen", "备注", "描述", "说明", "备注信息"}
}

func createdAliases() []string {
	return []string{"Created Time", "Created", "Created At", "Created Date", "Create Date", "Creation Date", "Date Created", "Created On", "Date Added", "Added On", "Data utworzenia", "Data dodania", "Utworzono", "创建时间", "创建日期", "添加时间"}
}

func personFields() []Field {
	return []Field{
		{Key: "first_name", Label: "First name", Kind: KindName, typeWeight: 3, Aliases: []string{"First Name", "Given Name", "Forename", "First", "FName", "Imię", "Imiona", "Vorname", "Prénom", "Nombre", "名", "名字"}},
		{Key: "last_name", Label: "Last name", Kind: KindName, typeWeight: 3, Aliases: []string{"Last Name", "Surname", "Family Name", "Last", "LName", "Nazwisko", "Nachname", "Nom", "Apellido", "Apellidos", "姓", "姓氏"}},
		{Key: "full_name", Label: "Full name (split into first and last)", Kind: KindName, typeWeight: 2, Aliases: []string{"Full Name", "Name", "Contact Name", "Contact", "Person", "Person Name", "Customer Name", "Client Name", "Lead Name", "Imię i nazwisko", "Imię nazwisko", "Osoba", "Klient", "Kontakt", "姓名", "客户姓名", "联系人", "联系人姓名"}},
		{Key: "email", Label: "E-mail", Kind: KindEmail, Multi: true, Overflow: "email_other", typeWeight: 1.5, Aliases: []string{"Email", "Email Address", "Mail", "Primary Email", "Work Email", "Business Email", "Adres e-mail", "E-mail służbowy", "Poczta", "邮箱", "电子邮箱", "邮件", "电子邮件", "邮箱地址"}},
		{Key: "email_other", Label: "Other e-mail", Kind: KindEmail, Multi: true, Repeatable: true, typeWeight: 1, Aliases: []string{"Secondary Email", "Other Email", "Other Emails", "Alternate Email", "Additional Email", "Personal Email", "Home Email", "Private Email", "Inny e-mail", "Drugi e-mail", "E-mail prywatny", "备用邮箱", "其他邮箱", "个人邮箱"}},
		{Key: "phone", Label: "Phone", Kind: KindPhone, Multi: true, Overflow: "phone_other", typeWeight: 0.5, Aliases: []string{"Phone", "Phone Number", "Telephone", "Tel", "Contact Number", "Work Phone", "Business Phone", "Office Phone", "Direct Phone", "Telefon", "Nr telefonu", "Numer telefonu", "Telefon stacjonarny", "Telefon służbowy", "Telefonnummer", "电话", "联系电话", "联系方式", "电话号码", "座机", "办公电话", "固定电话"}},
		{Key: "mobile", Label: "Mobile", Kind: KindPhone, Multi: true, Overflow: "phone_other", typeWeight: 1.5, Aliases: []string{"Mobile", "Mobile Phone", "Mobile Phone Number", "Mobile Number", "Cell", "Cell Phone", "Tel. kom.", "Telefon kom.", "Telefon komórkowy", "Komórka", "Kom.", "Handy", "手机", "手机号", "手机号码", "移动电话"}},
		{Key: "phone_other", Label: "Other phone", Kind: KindPhone, Multi: true, Repeatable: true, typeWeight: 0.5, Aliases: []string{"Other Phone", "Other Phones", "Home Phone", "Asst Phone", "Assistant Phone", "Secondary Phone", "Alternate Phone", "Additional Phone", "Private Phone", "Telefon domowy", "Telefon prywatny", "Inny telefon", "Drugi telefon", "其他电话", "备用电话", "家庭电话"}},
		{Key: "title", Label: "Job title", Kind: KindText, typeWeight: 1.5, Aliases: []string{"Title", "Job Title", "Position", "Job Position", "Role", "Job Role", "Designation", "Stanowisko", "Funkcja", "Berufsbezeichnung", "Poste", "Cargo", "职位", "职务", "职称", "头衔", "岗位"}},
		{Key: "company", Label: "Company (linked by name)", Kind: KindCompanyRef, typeWeight: 0.5, Aliases: []string{"Company", "Company Name", "Account Name", "Account", "Organization", "Organization Name", "Organisation", "Employer", "Firma", "Nazwa firmy", "Pracodawca", "Unternehmen", "Entreprise", "Empresa", "公司名称", "所属公司", "公司", "单位", "工作单位", "企业", "企业名称"}},
		{Key: "street", Label: "Street", Kind: KindText, typeWeight: 0.3, Aliases: streetAliases()},
		{Key: "city", Label: "City", Kind: KindText, typeWeight: 0.3, Aliases: cityAliases()},
		{Key: "postal_code", Label: "Postal code", Kind: KindText, typeWeight: 0.3, Aliases: postalCodeAliases()},
		{Key: "region", Label: "Region / state", Kind: KindText, typeWeight: 0.3, Aliases: regionAliases()},
		{Key: "country", Label: "Country", Kind: KindText, typeWeight: 0.3, Aliases: countryAliases()},
		{Key: "birthday", Label: "Birthday", Kind: KindDate, typeWeight: 2, Aliases: []string{"Birthday", "Date of Birth", "Birthdate", "DOB", "Data urodzenia", "Urodziny", "Geburtsdatum", "生日", "出生日期"}},
		{Key: "notes", Label: "Notes", Kind: KindText, Repeatable: true, Aliases: notesAliases()},
		{Key: "source_id", Label: "Id in the source system", Kind: KindText, exactOnly: true, Aliases: []string{"Record Id", "Id", "Contact Id", "Person Id", "Customer Id", "Client Id", "User Id", "Lead Id", "External Id", "Source Id", "Identyfikator", "编号", "客户编号", "联系人编号"}},
		{Key: "created_at", Label: "Created at", Kind: KindDateTime, exactOnly: true, Aliases: append([]string{"Subscription Date", "First Seen"}, createdAliases()...)},
	}
}

func companyFields() []Field {
	return []Field{
		{Key: "name", Label: "Company name", Kind: KindName, typeWeight: 2, Aliases: []string{"Name", "Company", "Company Name", "Account Name", "Account", "Organization", "Organization Name", "Organisation", "Business Name", "Legal Name", "Firma", "Nazwa", "Nazwa firmy", "Nazwa klienta", "Klient", "Unternehmen", "Entreprise", "Empresa", "公司名称", "公司", "企业名称", "客户名称", "单位名称", "单位", "名称"}},
		{Key: "website", Label: "Website", Kind: KindURL, typeWeight: 2, Aliases: []string{"Website", "Website URL", "URL", "Web", "Homepage", "WWW", "Adres WWW", "Strona www", "Strona internetowa", "Strona", "Webseite", "Site web", "网址", "官网", "网站", "公司网址", "主页"}},
		{Key: "domain", Label: "Web domain", Kind: KindURL, typeWeight: 2, Aliases: []string{"Domain", "Domain Name", "Web Domain", "Company Domain Name", "Email Domain", "Domena", "域名"}},
		{Key: "phone", Label: "Phone", Kind: KindPhone, Multi: true, typeWeight: 0.5, Aliases: []string{"Phone", "Phone Number", "Telephone", "Tel", "Main Phone", "Office Phone", "Company Phone", "Telefon", "Nr telefonu", "Numer telefonu", "Telefonnummer", "电话", "联系电话", "公司电话", "联系方式", "座机"}},
		{Key: "email", Label: "E-mail", Kind: KindEmail, Multi: true, typeWeight: 0.5, Aliases: []string{"Email", "Email Address", "Company Email", "General Email", "Adres e-mail", "邮箱", "电子邮箱", "公司邮箱", "邮件", "电子邮件"}},
		{Key: "nip", Label: "NIP (Polish tax number)", Kind: KindTaxID, typeWeight: 3, Aliases: []string{"NIP", "Numer NIP", "NIP firmy", "Tax ID (NIP)"}},
		{Key: "regon", Label: "REGON", Kind: KindTaxID, typeWeight: 3, Aliases: []string{"REGON", "Numer REGON"}},
		{Key: "krs", Label: "KRS", Kind: KindTaxID, typeWeight: 3, Aliases: []string{"KRS", "Numer KRS"}},
		{Key: "vat", Label: "EU VAT number", Kind: KindTaxID, typeWeight: 3, Aliases: []string{"VAT", "VAT ID", "VAT Number", "VAT No", "EU VAT", "VAT EU", "NIP UE", "USt-IdNr", "TVA intracommunautaire"}},
		{Key: "tax_id", Label: "Tax id (other)", Kind: KindTaxID, typeWeight: 3, Aliases: []string{"Tax ID", "Tax Number", "Tax Identifier", "TIN", "EIN", "USCC", "Registration Number", "统一社会信用代码", "社会信用代码", "信用代码", "税号", "纳税人识别号"}},
		{Key: "street", Label: "Street", Kind: KindText, typeWeight: 0.3, Aliases: streetAliases()},
		{Key: "city", Label: "City", Kind: KindText, typeWeight: 0.3, Aliases: cityAliases()},
		{Key: "postal_code", Label: "Postal code", Kind: KindText, typeWeight: 0.3, Aliases: postalCodeAliases()},
		{Key: "region", Label: "Region / state", Kind: KindText, typeWeight: 0.3, Aliases: regionAliases()},
		{Key: "country", Label: "Country", Kind: KindText, typeWeight: 0.3, Aliases: countryAliases()},
		{Key: "industry", Label: "Industry", Kind: KindText, typeWeight: 2, Aliases: []string{"Industry", "Sector", "Vertical", "Branża", "Sektor", "Branche", "Secteur", "行业", "所属行业"}},
		{Key: "employees", Label: "Employees", Kind: KindInteger, typeWeight: 2.5, Aliases: []string{"Employees", "Number of Employees", "No of Employees", "Employee Count", "Headcount", "Size", "Company Size", "Staff", "Liczba pracowników", "Zatrudnienie", "Wielkość firmy", "Mitarbeiter", "员工人数", "人员规模", "公司规模", "员工数"}},
		{Key: "notes", Label: "Notes", Kind: KindText, Repeatable: true, Aliases: notesAliases()},
		{Key: "source_id", Label: "Id in the source system", Kind: KindText, exactOnly: true, Aliases: []string{"Record Id", "Id", "Account Id", "Company Id", "Organization Id", "Org Id", "External Id", "Source Id", "Identyfikator", "编号", "客户编号", "公司编号"}},
		{Key: "created_at", Label: "Created at", Kind: KindDateTime, exactOnly: true, Aliases: createdAliases()},
	}
}

func dealFields() []Field {
	return []Field{
		{Key: "title", Label: "Deal title", Kind: KindText, typeWeight: 2, Aliases: []string{"Deal Name", "Deal", "Deal Title", "Opportunity Name", "Opportunity", "Name", "Title", "Subject", "Nazwa", "Nazwa szansy", "Szansa sprzedaży", "Szansa", "Tytuł", "Temat", "Transakcja", "Nazwa transakcji", "商机名称", "商机", "机会名称", "项目名称", "名称", "标题"}},
		{Key: "company", Label: "Company (linked by name)", Kind: KindCompanyRef, typeWeight: 0.5, Aliases: []string{"Company", "Company Name", "Account Name", "Account", "Organization", "Organization Name", "Organisation", "Associated Company", "Customer", "Client", "Firma", "Nazwa firmy", "Klient", "Unternehmen", "公司名称", "所属公司", "公司", "客户名称", "客户", "客户公司"}},
		{Key: "person", Label: "Contact person (linked by name)", Kind: KindPersonRef, typeWeight: 1.5, Aliases: []string{"Contact Name", "Contact", "Contact Person", "Person", "Person Name", "Associated Contact", "Primary Contact", "Osoba", "Osoba kontaktowa", "Kontakt", "Ansprechpartner", "联系人", "联系人姓名", "客户姓名"}},
		{Key: "person_email", Label: "Contact person's e-mail (links the person)", Kind: KindEmail, typeWeight: 0.5, Aliases: []string{"Contact Email", "Person Email", "Email", "Email Address", "Adres e-mail", "E-mail osoby", "E-mail kontaktu", "联系人邮箱", "邮箱", "电子邮箱"}},
		{Key: "stage", Label: "Stage", Kind: KindStage, typeWeight: 3, Aliases: []string{"Stage", "Deal Stage", "Stage Name", "Sales Stage", "Pipeline Stage", "Status", "Phase", "Etap", "Etap sprzedaży", "Faza", "Status szansy", "阶段", "销售阶段", "商机阶段"}},
		{Key: "amount", Label: "Amount", Kind: KindMoney, typeWeight: 3, Aliases: []string{"Amount", "Value", "Deal Value", "Deal Size", "Price", "Total", "Opportunity Amount", "Wartość", "Kwota", "Wartość szansy", "Budżet", "Betrag", "Montant", "金额", "商机金额", "预计金额", "销售金额", "合同金额", "成交金额"}},
		{Key: "currency", Label: "Currency", Kind: KindCurrency, typeWeight: 1, Aliases: []string{"Currency", "Currency Code", "Currency ISO Code", "Waluta", "Währung", "Devise", "币种", "货币"}},
		{Key: "close_date", Label: "Expected close date", Kind: KindDate, typeWeight: 3, Aliases: []string{"Closing Date", "Close Date", "Expected Close Date", "Expected Closing Date", "Data zamknięcia", "Planowana data zamknięcia", "Przewidywana data zamknięcia", "Termin", "预计成交日期", "成交日期", "结单日期", "预计结单日期", "关闭日期"}},
		{Key: "probability", Label: "Probability (%)", Kind: KindPercent, typeWeight: 3, Aliases: []string{"Probability", "Win Probability", "Chance", "Likelihood", "Prawdopodobieństwo", "Wahrscheinlichkeit", "赢率", "赢单率", "成交概率", "赢单概率"}},
		{Key: "notes", Label: "Notes", Kind: KindText, Repeatable: true, Aliases: notesAliases()},
		{Key: "source_id", Label: "Id in the source system", Kind: KindText, exactOnly: true, Aliases: []string{"Record Id", "Id", "Deal Id", "Opportunity Id", "External Id", "Source Id", "Identyfikator", "编号", "商机编号"}},
		{Key: "created_at", Label: "Created at", Kind: KindDateTime, exactOnly: true, Aliases: createdAliases()},
	}
}

// ownTypeWords name a record type itself. A header that starts with one of
// its own type's words is also read without it: in a deals file "Deal -
// Value" is "Value", in a people file "Contact Email" is "Email" (but in a
// people file "Company Name" stays the company's name).
func ownTypeWords(t domain.RecordType) []string {
	switch t {
	case domain.TypePerson:
		return []string{"person", "contact", "customer", "client", "lead", "osoba", "kontakt", "klient", "客户", "联系人"}
	case domain.TypeCompany:
		return []string{"company", "organization", "organisation", "org", "account", "firma", "firmy", "公司", "企业"}
	case domain.TypeDeal:
		return []string{"deal", "opportunity", "opp", "szansa", "transakcja", "商机"}
	}
	return nil
}

// isQualifier reports whether a word (in NormalizeHeader form) may stand
// around an alias without changing what the column holds: "Work Phone",
// "Billing City", "Contact Email Address", "Telefon służbowy".
func isQualifier(w string) bool {
	switch w {
	case "work", "home", "business", "office", "primary", "main", "other", "secondary", "alternate", "alt",
		"personal", "private", "direct", "billing", "mailing", "shipping", "contact", "company", "account",
		"customer", "client", "person", "organization", "organisation", "org", "lead", "address", "number",
		"no", "nr", "num", "full", "official", "current", "default", "registered", "legal", "corporate",
		"of", "the", "your", "line", "associated", "sluzbowy", "sluzbowa", "sluzbowe", "prywatny",
		"prywatna", "domowy", "domowa", "glowny", "glowna", "firmowy", "firmowa", "kontaktowy",
		"kontaktowa", "adres", "numer", "firmy", "klienta", "osoby", "kontaktu", "biura", "siedziby", "do":
		return true
	}
	return false
}

// Custom field columns. Kontor's exports and templates head a custom
// field's column with its label, key and type, "Lead Source
// (custom.lead_source, text)", so that importing the file feeds the column
// back to that field, creating the field in a data file that lacks it (see
// MappingFromMatch). The key keeps the values under the same JSON key
// whatever the label says; the type makes a new field read its values as
// they were written.

var customHeaderRe = regexp.MustCompile(`^(.*?)\s*\(\s*custom\.([a-z][a-z0-9_]{0,62})\s*(?:,\s*([A-Za-z]+)\s*)?\)\s*$`)

// CustomColumnHeader is the header of a custom field's column in Kontor's
// exports and templates.
func CustomColumnHeader(f domain.CustomField) string {
	t := f.Type
	if t == "" {
		t = domain.FieldText
	}
	return fmt.Sprintf("%s (%s%s, %s)", f.Label, CustomPrefix, f.Key, t)
}

// ParseCustomColumnHeader reads a header written by CustomColumnHeader
// (the type may be left out: text) and returns the field it names, with
// RecordType unset. A label left out is the key; a formula guard before
// the label (see StripFormulaGuard) is dropped.
func ParseCustomColumnHeader(h string) (domain.CustomField, bool) {
	m := customHeaderRe.FindStringSubmatch(strings.TrimSpace(h))
	if m == nil || !domain.ValidCustomFieldKey(m[2]) {
		return domain.CustomField{}, false
	}
	f := domain.CustomField{Label: strings.TrimSpace(StripFormulaGuard(m[1])), Key: m[2], Type: domain.FieldText}
	if m[3] != "" {
		t, err := domain.ParseFieldType(m[3])
		if err != nil {
			return domain.CustomField{}, false
		}
		f.Type = t
	}
	if f.Label == "" {
		f.Label = f.Key
	}
	return f, true
}
