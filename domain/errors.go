package domain

import (
	"errors"
	"fmt"
	"strings"
)

// ErrNotFound is returned (wrapped) when a record does not exist.
var ErrNotFound = errors.New("not found")

// ErrReadOnly is returned (wrapped) when the data file cannot be written.
var ErrReadOnly = errors.New("the data file is read-only")

// FieldError is a problem with one field's value.
type FieldError struct {
	Field   string // the field's key, e.g. "email", "amount", "custom.lead_source"
	Message string
}

func (e FieldError) Error() string { return e.Field + ": " + e.Message }

// ValidationError collects the field problems of one record.
type ValidationError struct {
	Fields []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Error()
	}
	return "invalid " + strings.Join(parts, "; ")
}

// Add records a problem with a field.
func (e *ValidationError) Add(field, format string, args ...any) {
	e.Fields = append(e.Fields, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// For returns the message for a field, or "".
func (e *ValidationError) For(field string) string {
	if e == nil {
		return ""
	}
	for _, f := range e.Fields {
		if f.Field == field {
			return f.Message
		}
	}
	return ""
}

// Err returns e if it holds any problem, else nil.
func (e *ValidationError) Err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

// DependentsError is returned when a record cannot be deleted because other
// records still point at it and the caller did not say what to do with them.
type DependentsError struct {
	Type   RecordType
	ID     ID
	People int
	Deals  int
}

func (e *DependentsError) Error() string {
	var parts []string
	if e.People > 0 {
		parts = append(parts, plural(e.People, "person", "people"))
	}
	if e.Deals > 0 {
		parts = append(parts, plural(e.Deals, "deal", "deals"))
	}
	return fmt.Sprintf("%s %d still has %s linked to it", e.Type, e.ID, strings.Join(parts, " and "))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
