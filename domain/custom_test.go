package domain

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCustomFieldKey(t *testing.T) {
	tests := map[string]string{
		"Lead Source":              "lead_source",
		"  Lead   Source  ":        "lead_source",
		"Lead_Source":              "lead_source",
		"lead-source":              "lead_source",
		"Źródło":                   "zrodlo",
		"Źródło pozyskania":        "zrodlo_pozyskania",
		"Data ostatniego kontaktu": "data_ostatniego_kontaktu",
		"Probability (%)":          "probability",
		"2nd phone":                "f_2nd_phone",
		"2024":                     "f_2024",
		"Email Opt Out":            "email_opt_out",
		"Straße":                   "strasse",
		"客户等级":                     "field_e5aea2e688b7e7ad89e7baa7",
		"???":                      "field_3f3f3f",
	}
	for in, want := range tests {
		if got := CustomFieldKey(in); got != want || !ValidCustomFieldKey(got) {
			t.Errorf("CustomFieldKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCustomFieldKeyNeverCollides(t *testing.T) {
	// Labels that differ only in what the key cannot spell, or beyond its
	// 63 characters, still get different, valid keys.
	groups := [][]string{
		{"客户等级 A", "客户类型 A", "A"},
		{"Источник", "Источники"},
		{strings.Repeat("Customer satisfaction score ", 3) + "2024", strings.Repeat("Customer satisfaction score ", 3) + "2025"},
		{strings.Repeat("客户", 20) + "一", strings.Repeat("客户", 20) + "二"},
	}
	for _, g := range groups {
		seen := map[string]string{}
		for _, label := range g {
			k := CustomFieldKey(label)
			if !ValidCustomFieldKey(k) || len(k) > 63 {
				t.Errorf("CustomFieldKey(%q) = %q is not a valid key", label, k)
			}
			if other, dup := seen[k]; dup {
				t.Errorf("%q and %q share the key %q", label, other, k)
			}
			seen[k] = label
			if again := CustomFieldKey(label); again != k {
				t.Errorf("CustomFieldKey(%q) is not deterministic: %q, %q", label, k, again)
			}
		}
	}
}

func TestValidCustomFieldKey(t *testing.T) {
	for key, want := range map[string]bool{
		"lead_source": true, "f_2nd": true, "a": true, strings.Repeat("a", 63): true,
		"": false, "Lead": false, "2nd": false, "_x": false, "a-b": false, "zródło": false, strings.Repeat("a", 64): false,
	} {
		if got := ValidCustomFieldKey(key); got != want {
			t.Errorf("ValidCustomFieldKey(%q) = %v, want %v", key, got, want)
		}
	}
}

func TestCoerceCustom(t *testing.T) {
	tests := []struct {
		t    FieldType
		in   string
		want any
	}{
		{FieldText, " x ", "x"},
		{FieldText, "Zakład „Żabka”", "Zakład „Żabka”"},
		{FieldText, "  ", nil},
		{FieldBool, "tak", true}, {FieldBool, "TAK", true}, {FieldBool, "Yes", true}, {FieldBool, "true", true},
		{FieldBool, "1", true}, {FieldBool, "是", true}, {FieldBool, "prawda", true},
		{FieldBool, "nie", false}, {FieldBool, "false", false}, {FieldBool, "0", false}, {FieldBool, "否", false}, {FieldBool, "fałsz", false},
		{FieldBool, "", nil},
		{FieldDate, "2024-03-04", "2024-03-04"},
		{FieldDate, "", nil},
		{FieldNumber, "12", json.Number("12")},
		{FieldNumber, "-12.50", json.Number("-12.50")},
		{FieldNumber, "+5", json.Number("5")},
		{FieldNumber, "007", json.Number("7")},
		{FieldNumber, ".5", json.Number("0.5")},
		{FieldNumber, "-.5", json.Number("-0.5")},
		{FieldNumber, "5.", json.Number("5")},
		{FieldNumber, "0", json.Number("0")},
		{FieldNumber, "1e5", json.Number("1e5")},
		{FieldNumber, "1.5E-3", json.Number("1.5e-3")},
		{FieldNumber, "2e+10", json.Number("2e+10")},
	}
	for _, tc := range tests {
		got, err := CoerceCustom(tc.t, tc.in)
		if err != nil || got != tc.want {
			t.Errorf("CoerceCustom(%s, %q) = %#v, %v; want %#v", tc.t, tc.in, got, err, tc.want)
		}
		if n, ok := got.(json.Number); ok {
			if b, err := json.Marshal(map[string]any{"v": n}); err != nil {
				t.Errorf("CoerceCustom(%s, %q) = %q is not valid JSON: %v", tc.t, tc.in, n, err)
			} else if !json.Valid(b) {
				t.Errorf("invalid JSON %s", b)
			}
		}
	}
}

func TestCoerceCustomRejects(t *testing.T) {
	tests := []struct {
		t  FieldType
		in string
	}{
		{FieldBool, "maybe"}, {FieldBool, "2"},
		{FieldDate, "2024-02-30"}, {FieldDate, "04.03.2024"}, {FieldDate, "03/14/2024"},
		{FieldNumber, "12a"}, {FieldNumber, "abc"}, {FieldNumber, "NaN"}, {FieldNumber, "Inf"}, {FieldNumber, "-Infinity"},
		{FieldNumber, "0x1F"}, {FieldNumber, "0x1p3"}, {FieldNumber, "1_000"}, {FieldNumber, "1e"}, {FieldNumber, "1e+-5"},
		{FieldNumber, "."}, {FieldNumber, "-"}, {FieldNumber, "1,5"}, {FieldNumber, "12 500"}, {FieldNumber, "1e999"},
		{FieldNumber, "--1"}, {FieldNumber, "+-1"},
	}
	for _, tc := range tests {
		if got, err := CoerceCustom(tc.t, tc.in); err == nil {
			t.Errorf("CoerceCustom(%s, %q) = %#v, want an error", tc.t, tc.in, got)
		}
	}
}

func TestParseFieldType(t *testing.T) {
	for in, want := range map[string]FieldType{"": FieldText, "Text": FieldText, "string": FieldText, "number": FieldNumber,
		"integer": FieldNumber, "decimal": FieldNumber, "date": FieldDate, "bool": FieldBool, "checkbox": FieldBool} {
		if got, err := ParseFieldType(in); err != nil || got != want {
			t.Errorf("ParseFieldType(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseFieldType("currency"); err == nil {
		t.Error("ParseFieldType(currency) accepted")
	}
}

func TestFormatCustom(t *testing.T) {
	for _, tc := range []struct {
		v    any
		want string
	}{{nil, ""}, {"x", "x"}, {true, "yes"}, {false, "no"}, {json.Number("12.50"), "12.50"}, {float64(2.5), "2.5"}, {7, "7"}} {
		if got := FormatCustom(tc.v); got != tc.want {
			t.Errorf("FormatCustom(%#v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}
