package domain

import (
	"fmt"
	"strings"
	"time"
)

// ID identifies a record in the data file. Zero means "no record".
type ID int64

// RecordType names one of the three kinds of records Kontor keeps.
type RecordType string

const (
	TypePerson  RecordType = "person"
	TypeCompany RecordType = "company"
	TypeDeal    RecordType = "deal"
)

// RecordTypes lists the record types in tab order.
var RecordTypes = []RecordType{TypePerson, TypeCompany, TypeDeal}

// ParseRecordType accepts singular and plural spellings ("people", "person",
// "companies", "deal"...).
func ParseRecordType(s string) (RecordType, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "person", "people", "persons", "contact", "contacts":
		return TypePerson, nil
	case "company", "companies", "account", "accounts", "organization", "organizations":
		return TypeCompany, nil
	case "deal", "deals", "opportunity", "opportunities":
		return TypeDeal, nil
	}
	return "", fmt.Errorf("unknown record type %q (want people, companies or deals)", s)
}

// Plural returns the user-facing plural ("people", "companies", "deals").
func (t RecordType) Plural() string {
	switch t {
	case TypePerson:
		return "people"
	case TypeCompany:
		return "companies"
	case TypeDeal:
		return "deals"
	}
	return string(t)
}

// Meta is the bookkeeping every record carries.
type Meta struct {
	// SourceID is the id the record had in the system it was imported from
	// (e.g. Zoho's "zcrm_…" Record Id). Empty for records made in Kontor.
	SourceID string
	// ImportID is the import that created the record; zero if none.
	ImportID  ID
	CreatedAt time.Time
	UpdatedAt time.Time
}
