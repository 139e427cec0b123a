package domain

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// FieldType is the type of a custom field.
type FieldType string

const (
	FieldText   FieldType = "text"
	FieldNumber FieldType = "number"
	FieldDate   FieldType = "date"
	FieldBool   FieldType = "bool"
)

// ParseFieldType reads a field type name.
func ParseFieldType(s string) (FieldType, error) {
	switch FieldType(strings.ToLower(strings.TrimSpace(s))) {
	case FieldText, "string", "":
		return FieldText, nil
	case FieldNumber, "int", "integer", "decimal", "float":
		return FieldNumber, nil
	case FieldDate:
		return FieldDate, nil
	case FieldBool, "boolean", "checkbox":
		return FieldBool, nil
	}
	return "", fmt.Errorf("unknown field type %q (want text, number, date or bool)", s)
}

// CustomField defines a user field on one record type.
type CustomField struct {
	ID         ID
	RecordType RecordType
	Key        string // snake_case, unique per record type; the JSON key
	Label      string // as the user named it
	Type       FieldType
	Position   int
}

// CustomValues holds a record's custom field values by field key. Values
// are string (text and dates as YYYY-MM-DD), json.Number (numbers) or bool.
// Stored as one JSON object per record, readable with json_extract.
type CustomValues map[string]any

var keyRe = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// CustomFieldKey derives a snake_case key from a label ("Lead Source" ->
// "lead_source", "Źródło" -> "zrodlo"). Labels with no Latin letters or
// digits (e.g. Chinese) get "field_" plus a hex form of the label.
func CustomFieldKey(label string) string {
	var b strings.Builder
	lastUnderscore := true
	for _, r := range FoldRunes(label) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			lastUnderscore = false
		default:
			if !lastUnderscore {
				b.WriteByte('_')
				lastUnderscore = true
			}
		}
	}
	key := strings.Trim(b.String(), "_")
	if key == "" {
		key = fmt.Sprintf("field_%x", []byte(label))
	}
	if key[0] >= '0' && key[0] <= '9' {
		key = "f_" + key
	}
	if len(key) > 63 {
		key = strings.TrimRight(key[:63], "_")
	}
	return key
}

// ValidCustomFieldKey reports whether key is a valid custom field key.
func ValidCustomFieldKey(key string) bool { return keyRe.MatchString(key) }

// CoerceCustom converts text to the canonical value of a custom field type.
// Empty text yields nil (no value).
func CoerceCustom(t FieldType, text string) (any, error) {
	s := strings.TrimSpace(text)
	if s == "" {
		return nil, nil
	}
	switch t {
	case FieldNumber:
		n := json.Number(s)
		if _, err := n.Float64(); err != nil || strings.ContainsAny(s, "xXeEpP_") && !strings.ContainsAny(s, "eE") {
			return nil, fmt.Errorf("%q is not a number", text)
		}
		return n, nil
	case FieldDate:
		d, err := ParseISODate(s)
		if err != nil {
			return nil, err
		}
		return d.String(), nil
	case FieldBool:
		switch strings.ToLower(s) {
		case "true", "yes", "1", "tak", "是", "y", "t":
			return true, nil
		case "false", "no", "0", "nie", "否", "n", "f":
			return false, nil
		}
		return nil, fmt.Errorf("%q is not yes/no", text)
	}
	return s, nil
}

// FormatCustom renders a custom value as text.
func FormatCustom(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case json.Number:
		return x.String()
	case float64:
		return json.Number(fmt.Sprint(x)).String()
	}
	return fmt.Sprint(v)
}
