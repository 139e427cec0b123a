package domain

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeTaxID(t *testing.T) {
	tests := []struct {
		kind, in, wantKind, want string
	}{
		{"NIP", "526-000-12-46", "NIP", "5260001246"},
		{"nip", "PL 526 000 12 46", "NIP", "5260001246"},
		{"NIP", "PL5260001246", "NIP", "5260001246"},
		{"NIP", " 526 00 01 246 ", "NIP", "5260001246"},
		{"NIP", "５２６０００１２４６", "NIP", "5260001246"},
		{"NIP", "558-441-29-47", "NIP", "5584412947"}, // from livespace-pl/firmy.csv
		{"NIP", "1132191233", "NIP", "1132191233"},
		{"REGON", "012100784", "REGON", "012100784"},
		{"regon", "63-01-89-857", "REGON", "630189857"},
		{"REGON", "01210078400019", "REGON", "01210078400019"},
		{"REGON", "63018985700010", "REGON", "63018985700010"},
		{"KRS", "0000012345", "KRS", "0000012345"},
		{"krs", "12345", "KRS", "0000012345"},
		{"VAT", "pl 5260001246", "VAT", "PL5260001246"},
		{"VAT", "DE123456789", "VAT", "DE123456789"},
		{"vat-ue", "PL-526-000-12-46", "VAT", "PL5260001246"},
		{"NIP UE", "PL5260001246", "VAT", "PL5260001246"},
		{"VAT", "NL123456789B01", "VAT", "NL123456789B01"},
		{"VAT", "gb 123 4567 89", "VAT", "GB123456789"},
		{"EIN", "12-3456789", "EIN", "123456789"},
		{"EIN", "123456789", "EIN", "123456789"},
		{"USCC", "91350100M000100Y43", "USCC", "91350100M000100Y43"},
		{"uscc", "91110000802100433b", "USCC", "91110000802100433B"},
		{"统一社会信用代码", "914403001922038216", "USCC", "914403001922038216"},
		{"USCC", "9131 0000 MA1F L4T5 X6", "USCC", "91310000MA1FL4T5X6"},
		// unknown kinds: kind upper-cased, value only without spaces and dashes
		{"eori", "pl-123.45", "EORI", "pl123.45"},
		{"SIRET", "732 829 320 00074", "SIRET", "73282932000074"},
		{"CNPJ", "12.345.678/0001-95", "CNPJ", "12.345.678/000195"},
		{"", "X-1", "TAX", "X1"},
	}
	for _, tc := range tests {
		got, err := NormalizeTaxID(tc.kind, tc.in)
		if err != nil || got != (TaxID{tc.wantKind, tc.want}) {
			t.Errorf("NormalizeTaxID(%q, %q) = %+v, %v; want %s %s", tc.kind, tc.in, got, err, tc.wantKind, tc.want)
		}
	}
}

func TestNormalizeTaxIDRejects(t *testing.T) {
	tests := []struct {
		kind, in, want, err string
		checksum            bool
	}{
		{"NIP", "5260001247", "5260001247", "NIP 5260001247: checksum does not match", true},
		{"NIP", "123-456-78-91", "1234567891", "NIP 1234567891: checksum does not match", true},
		{"NIP", "389-876-90-52", "3898769052", "checksum does not match", true},
		{"NIP", "1234567890", "1234567890", "checksum does not match", true}, // check digit would be 10
		{"NIP", "12345", "12345", "NIP 12345: must be 10 digits", false},
		{"NIP", "52600012466", "52600012466", "must be 10 digits", false},
		{"NIP", "DE5260001246", "DE5260001246", "must be 10 digits", false},
		{"NIP", "526O001246", "526O001246", "must be 10 digits", false},
		{"NIP", "  ", "", "NIP is empty", false},
		{"REGON", "012100785", "012100785", "checksum does not match", true},
		{"REGON", "01210078400018", "01210078400018", "checksum does not match", true},
		{"REGON", "01210078500019", "01210078500019", "checksum does not match", true},
		{"REGON", "1234567", "1234567", "must be 9 or 14 digits", false},
		{"REGON", "01210078A", "01210078A", "must be digits", false},
		{"KRS", "00000123456", "00000123456", "must be 10 digits", false},
		{"KRS", "KRS12345", "KRS12345", "must be 10 digits", false},
		{"VAT", "123", "123", "two-letter country code", false},
		{"VAT", "5260001246", "5260001246", "two-letter country code", false},
		{"VAT", "PL5260001247", "PL5260001247", "checksum does not match", true},
		{"VAT", "DE12345_789", "DE12345_789", `the character '_' is not allowed`, false},
		{"VAT", "DE1234567890123456", "DE1234567890123456", "longer than 16", false},
		{"EIN", "12-345678", "12345678", "must be 9 digits", false},
		{"USCC", "91350100M000100Y44", "91350100M000100Y44", "USCC 91350100M000100Y44: checksum does not match", true},
		{"USCC", "91350100M000100Y4", "91350100M000100Y4", "must be 18 characters", false},
		{"USCC", "91350100I000100Y43", "91350100I000100Y43", `the character 'I' is not allowed`, false},
		{"USCC", "9135010０中000100Y43", "91350100中000100Y43", `the character '中' is not allowed`, false},
		{"SIRET", " - ", "", "SIRET is empty", false},
	}
	for _, tc := range tests {
		got, err := NormalizeTaxID(tc.kind, tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("NormalizeTaxID(%q, %q) error = %v, want one mentioning %q", tc.kind, tc.in, err, tc.err)
			continue
		}
		if errors.Is(err, ErrChecksum) != tc.checksum {
			t.Errorf("NormalizeTaxID(%q, %q): errors.Is(ErrChecksum) = %v, want %v", tc.kind, tc.in, !tc.checksum, tc.checksum)
		}
		if got.Value != tc.want {
			t.Errorf("NormalizeTaxID(%q, %q) value with the error = %q, want %q", tc.kind, tc.in, got.Value, tc.want)
		}
	}
}

func TestNormalizeTaxKind(t *testing.T) {
	tests := map[string]string{
		"nip": "NIP", " NIP ": "NIP", "Regon": "REGON", "VAT-UE": "VAT", "vat eu": "VAT", "NIP UE": "VAT",
		"fein": "EIN", "统一社会信用代码": "USCC", "usci": "USCC", "eori": "EORI", "": "TAX",
	}
	for in, want := range tests {
		if got := NormalizeTaxKind(in); got != want {
			t.Errorf("NormalizeTaxKind(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeTaxIDIsIdempotent(t *testing.T) {
	for _, c := range [][2]string{{"nip", "PL 526-000-12-46"}, {"krs", "12345"}, {"VAT-UE", "pl 5260001246"}, {"uscc", "9131 0000 MA1F L4T5 X6"}, {"cnpj", "12.345.678/0001-95"}} {
		once, err := NormalizeTaxID(c[0], c[1])
		if err != nil {
			t.Fatal(err)
		}
		if twice, err := NormalizeTaxID(once.Kind, once.Value); err != nil || twice != once {
			t.Errorf("NormalizeTaxID(%q, %q) = %+v, again %+v, %v", c[0], c[1], once, twice, err)
		}
	}
}
