package domain

// Email is one e-mail address of a person. The first address in a list is
// the primary one.
type Email struct {
	Address string // as entered, trimmed
	Label   string // "work", "home", "other", or empty
}

// Phone is one phone number. Raw keeps what the user or the source file had;
// E164 is the parsed form ("+48600100200") or empty when the text could not
// be parsed (kept anyway: the original is never thrown away).
type Phone struct {
	Raw   string
	E164  string
	Label string // "work", "mobile", "home", "fax", "other", or empty
}

// Address is a postal address.
type Address struct {
	Street     string
	City       string
	PostalCode string
	Region     string
	Country    string
}

// IsZero reports whether no part of the address is set.
func (a Address) IsZero() bool { return a == Address{} }

// Person is a contact.
type Person struct {
	ID        ID
	FirstName string
	LastName  string
	CompanyID ID     // zero: no company
	Company   string // the company's name; filled on read, ignored on write
	Title     string
	Emails    []Email // first is primary
	Phones    []Phone // first is primary
	Address   Address
	Birthday  Date
	Notes     string
	Custom    CustomValues
	Meta
}

// Name returns "First Last", or whichever part is set.
func (p Person) Name() string { return JoinName(p.FirstName, p.LastName) }

// PrimaryEmail returns the primary e-mail address or "".
func (p Person) PrimaryEmail() string {
	if len(p.Emails) == 0 {
		return ""
	}
	return p.Emails[0].Address
}

// PrimaryPhone returns the primary phone (display form) or "".
func (p Person) PrimaryPhone() string {
	if len(p.Phones) == 0 {
		return ""
	}
	return p.Phones[0].Display()
}

// Display returns the E.164 form when known, else the raw text.
func (ph Phone) Display() string {
	if ph.E164 != "" {
		return ph.E164
	}
	return ph.Raw
}

// JoinName joins a first and last name for display: "First Last", or,
// for Chinese names, surname first without a space ("林杰").
func JoinName(first, last string) string {
	switch {
	case first == "":
		return last
	case last == "":
		return first
	case allHan(first) && allHan(last):
		return last + first
	}
	return first + " " + last
}

// TaxID is a company's tax or registry identifier.
type TaxID struct {
	Kind  string // "NIP", "REGON", "KRS", "VAT", "EIN", "USCC"...; upper case
	Value string // normalised: no spaces or dashes
}

// Company is an organisation (Zoho's "Account").
type Company struct {
	ID        ID
	Name      string
	Domain    string // bare domain, e.g. "acme.pl"; derived from Website when empty
	Website   string
	Phone     Phone
	Email     string
	TaxIDs    []TaxID
	Address   Address
	Industry  string
	Employees *int
	Notes     string
	Custom    CustomValues
	Meta
}

// TaxID returns the value of the first tax id of the kind, or "".
func (c Company) TaxID(kind string) string {
	for _, t := range c.TaxIDs {
		if t.Kind == kind {
			return t.Value
		}
	}
	return ""
}

// Deal is a sales opportunity.
type Deal struct {
	ID          ID
	Title       string
	CompanyID   ID     // zero: none
	Company     string // filled on read
	PersonID    ID     // zero: none
	Person      string // filled on read ("First Last")
	StageID     ID     // zero: the pipeline's first stage is used on create
	Stage       string // filled on read
	Amount      *Money // nil: no amount
	CloseDate   Date
	Probability *int // 0..100; nil: not set
	Notes       string
	Custom      CustomValues
	Meta
}

// Stage is one step of the deal pipeline.
type Stage struct {
	ID       ID
	Name     string
	Position int // 1-based order in the pipeline
	Won      bool
	Lost     bool
}
