package domain

// SortField names a column a list can be ordered by. Each record type
// supports the fields its Sorts function lists.
type SortField string

const (
	SortName      SortField = "name"  // people: last, first; companies: name; deals: title
	SortTitle     SortField = "title" // people: job title
	SortEmail     SortField = "email"
	SortCity      SortField = "city"
	SortIndustry  SortField = "industry"
	SortStage     SortField = "stage"  // deals: pipeline position
	SortAmount    SortField = "amount" // deals
	SortCloseDate SortField = "close_date"
	SortCreated   SortField = "created"
	SortUpdated   SortField = "updated"
)

// Sorts lists the sort fields a record type supports, default first.
func Sorts(t RecordType) []SortField {
	switch t {
	case TypePerson:
		return []SortField{SortName, SortEmail, SortTitle, SortCreated, SortUpdated}
	case TypeCompany:
		return []SortField{SortName, SortCity, SortIndustry, SortCreated, SortUpdated}
	case TypeDeal:
		return []SortField{SortName, SortStage, SortAmount, SortCloseDate, SortCreated, SortUpdated}
	}
	return nil
}

// SupportsSort reports whether t can be ordered by f.
func SupportsSort(t RecordType, f SortField) bool {
	for _, s := range Sorts(t) {
		if s == f {
			return true
		}
	}
	return false
}

// Cursor marks a position in a sorted list: the sort key of a row and its
// id (which breaks ties). Key is produced by the store and is opaque to
// callers; they only hand it back.
type Cursor struct {
	Key any
	ID  ID
}

// ListQuery asks for one page of records.
//
// Exactly one of After, Before and Last may be set: After asks for the rows
// following a cursor, Before for the rows preceding it (returned in display
// order), Last for the final page. With none set the first page is returned.
type ListQuery struct {
	Filter string    // free text, matched by the full-text index (prefix, folded)
	Sort   SortField // empty: the type's default
	Desc   bool
	After  *Cursor
	Before *Cursor
	Last   bool
	Limit  int // rows per page; the store caps it

	// Relation filters (zero: not filtered).
	CompanyID ID
	PersonID  ID
	ImportID  ID
}

// Page is one page of a list, in display order. Cursors[i] is the cursor of
// Items[i]. More reports whether rows exist beyond the page in the
// direction asked (after it for first/After queries, before it for
// Before/Last queries).
type Page[T any] struct {
	Items   []T
	Cursors []Cursor
	More    bool
}

// Count is a number of matching rows. When a count would be expensive the
// store may stop at a cap and report Exact=false ("10,000+").
type Count struct {
	N     int
	Exact bool
}

// Counts holds the number of records of each type.
type Counts struct {
	People, Companies, Deals int
}

// Of returns the count for a record type.
func (c Counts) Of(t RecordType) int {
	switch t {
	case TypePerson:
		return c.People
	case TypeCompany:
		return c.Companies
	case TypeDeal:
		return c.Deals
	}
	return 0
}
