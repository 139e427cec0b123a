package tui

import (
	"maps"
	"strconv"
	"strings"

	"charm.land/huh/v2"

	"kontor/domain"
	"kontor/tui/termsafe"
)

// draft holds a form's values. Inputs show the sanitised text of the
// stored value; a field the user does not change keeps its stored value
// exactly (sanitising is for display and never rewrites data behind the
// user's back).
type draft struct {
	vals    map[string]*string
	initial map[string]string // the text the input started with
	orig    map[string]string // the stored value
	ids     map[string]*domain.ID
	initIDs map[string]domain.ID
}

func newDraft() *draft {
	return &draft{vals: map[string]*string{}, initial: map[string]string{}, orig: map[string]string{},
		ids: map[string]*domain.ID{}, initIDs: map[string]domain.ID{}}
}

// text registers a one-line value.
func (d *draft) text(key, stored string) *string {
	return d.put(key, stored, termsafe.Clean(stored))
}

// multiline registers a value that may hold line breaks (notes).
func (d *draft) multiline(key, stored string) *string {
	return d.put(key, stored, termsafe.Text(stored))
}

func (d *draft) put(key, stored, shown string) *string {
	v := shown
	d.vals[key], d.initial[key], d.orig[key] = &v, shown, stored
	return &v
}

// id registers a record reference (company, person, stage).
func (d *draft) id(key string, v domain.ID) *domain.ID {
	p := v
	d.ids[key], d.initIDs[key] = &p, v
	return &p
}

// get returns the field's value: the stored one when unchanged.
func (d *draft) get(key string) string {
	p, ok := d.vals[key]
	if !ok {
		return ""
	}
	if *p == d.initial[key] {
		return d.orig[key]
	}
	return *p
}

func (d *draft) changed(key string) bool {
	p, ok := d.vals[key]
	return ok && *p != d.initial[key]
}

func (d *draft) idOf(key string) domain.ID {
	if p, ok := d.ids[key]; ok {
		return *p
	}
	return 0
}

// dirty reports whether the user changed anything.
func (d *draft) dirty() bool {
	for k := range d.vals {
		if d.changed(k) {
			return true
		}
	}
	for k, p := range d.ids {
		if *p != d.initIDs[k] {
			return true
		}
	}
	return false
}

// Helpers shared by the record forms.

// splitList splits "a, b; c" into its trimmed, non-empty parts.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func problem(field, msg string) domain.FieldError {
	return domain.FieldError{Field: field, Message: msg}
}

// parseDate reads an optional YYYY-MM-DD field.
func parseDate(d *draft, key string, stored domain.Date, problems *[]domain.FieldError) domain.Date {
	if !d.changed(key) {
		return stored
	}
	v, err := domain.ParseISODate(strings.TrimSpace(d.get(key)))
	if err != nil {
		*problems = append(*problems, problem(key, err.Error()))
		return stored
	}
	return v
}

// parseInt reads an optional whole number.
func parseInt(d *draft, key string, stored *int, problems *[]domain.FieldError) *int {
	if !d.changed(key) {
		return stored
	}
	s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(d.get(key)), "%"))
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		*problems = append(*problems, problem(key, strconv.Quote(s)+" is not a whole number"))
		return stored
	}
	return &n
}

func intText(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

// customFields adds a text field for each custom field definition.
func customInputs(d *draft, defs []domain.CustomField, vals domain.CustomValues) []huh.Field {
	var out []huh.Field
	for _, def := range defs {
		k := "custom." + def.Key
		placeholder := ""
		switch def.Type {
		case domain.FieldDate:
			placeholder = "YYYY-MM-DD"
		case domain.FieldBool:
			placeholder = "yes / no"
		case domain.FieldNumber:
			placeholder = "a number"
		}
		out = append(out, newTextField(k, termsafe.Clean(def.Label), d.text(k, domain.FormatCustom(vals[def.Key])), placeholder))
	}
	return out
}

// buildCustom reads the custom fields the user changed into a copy of the
// stored values.
func buildCustom(d *draft, defs []domain.CustomField, stored domain.CustomValues, problems *[]domain.FieldError) domain.CustomValues {
	out := maps.Clone(stored)
	for _, def := range defs {
		k := "custom." + def.Key
		if !d.changed(k) {
			continue
		}
		v, err := domain.CoerceCustom(def.Type, d.get(k))
		switch {
		case err != nil:
			*problems = append(*problems, problem(k, err.Error()))
		case v == nil:
			delete(out, def.Key)
		default:
			if out == nil {
				out = domain.CustomValues{}
			}
			out[def.Key] = v
		}
	}
	return out
}

func notesField(d *draft, stored string) huh.Field {
	return newAreaField("notes", "Notes", d.multiline("notes", stored), 3)
}
