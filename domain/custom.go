package domain

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"regexp"
	"strconv"
	"strings"
	"unicode"
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
// "lead_source", "Źródło" -> "zrodlo", "2nd phone" -> "f_2nd_phone").
// Labels with no Latin letters or digits (e.g. Chinese "客户等级") get
// "field_" plus a hex form of the label. So that different labels never
// share a key, a label whose folded form has letters the key cannot hold
// ("客户等级 A") or that is too long for 63 characters gets a short hash of
// the label appended.
func CustomFieldKey(label string) string {
	var b strings.Builder
	lastUnderscore, lossy := true, false
	for _, r := range FoldRunes(label) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			lastUnderscore = false
		default:
			lossy = lossy || unicode.IsLetter(r) || unicode.IsDigit(r)
			if !lastUnderscore {
				b.WriteByte('_')
				lastUnderscore = true
			}
		}
	}
	key := strings.Trim(b.String(), "_")
	switch {
	case key == "":
		key, lossy = fmt.Sprintf("field_%x", []byte(label)), false
	case key[0] >= '0' && key[0] <= '9':
		key = "f_" + key
	}
	if lossy || len(key) > 63 {
		h := fnv.New32a()
		h.Write([]byte(label))
		suffix := fmt.Sprintf("_%08x", h.Sum32())
		key = strings.TrimRight(key[:min(len(key), 63-len(suffix))], "_") + suffix
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
		n, ok := jsonNumber(s)
		if !ok {
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
		case "true", "yes", "1", "tak", "prawda", "是", "y", "t", "on":
			return true, nil
		case "false", "no", "0", "nie", "fałsz", "falsz", "否", "n", "f", "off":
			return false, nil
		}
		return nil, fmt.Errorf("%q is not yes/no", text)
	}
	return s, nil
}

// MaxNumberExponent bounds the exponent of a number written in scientific
// notation ("1.5e300"): float64 reaches 1.8e308 and 4.9e-324, so no number
// a custom field holds needs more, and the importer, which writes numbers
// out in plain digits, accepts as much (and no more: "1e-1000000000" would
// be a billion digits).
const MaxNumberExponent = 400

// jsonNumber returns s as a JSON number literal: an optional minus, digits,
// an optional fraction and exponent. A leading "+", leading zeros, a bare
// leading or trailing dot are tidied ("+05." → "5", ".5" → "0.5");
// hexadecimal, "NaN", "Inf", digit separators, values beyond float64 and
// exponents beyond MaxNumberExponent are refused, as JSON cannot hold them
// (or the importer could not read them back).
func jsonNumber(s string) (json.Number, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	mant, exp, hasExp := strings.Cut(s, "e")
	if !hasExp {
		mant, exp, hasExp = strings.Cut(s, "E")
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	if intPart == "" && frac == "" || intPart != "" && !allDigits(intPart) || frac != "" && !allDigits(frac) {
		return "", false
	}
	if hasExp {
		digits := strings.TrimLeft(exp, "+-")
		if !allDigits(digits) || len(exp)-len(digits) > 1 {
			return "", false
		}
		if e, err := strconv.Atoi(strings.TrimPrefix(exp, "+")); err != nil || e > MaxNumberExponent || e < -MaxNumberExponent {
			return "", false
		}
	}
	out := strings.TrimLeft(intPart, "0")
	if out == "" {
		out = "0"
	}
	if frac != "" {
		out += "." + frac
	}
	if hasExp {
		out += "e" + exp
	}
	if neg {
		out = "-" + out
	}
	n := json.Number(out)
	if _, err := n.Float64(); err != nil {
		return "", false
	}
	return n, true
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
