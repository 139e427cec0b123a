package domain

import (
	"strings"
	"testing"
)

func TestParsePhone(t *testing.T) {
	tests := []struct {
		raw, region, want string
	}{
		// Zoho and Livespace exports
		{"(+48) 924746655", "PL", "+48924746655"},
		{"+48 416 635 111", "PL", "+48416635111"},
		{"498805657", "PL", "+48498805657"},
		{"+48 236 180 207", "", "+48236180207"},
		{"(191) 915-6833", "US", "+11919156833"},
		{"+1-607-192-0236", "PL", "+16071920236"},
		{"+44 20 5753 1380", "PL", "+442057531380"},
		{"+86 18179624897", "PL", "+8618179624897"},
		{"17797296301", "CN", "+8617797296301"},
		{"154-9525-0831", "CN", "+8615495250831"},
		// other ways of writing the same thing
		{"0048 600 100 200", "PL", "+48600100200"},
		{"0048 600 100 200", "US", "+48600100200"},
		{"0048600100200", "", "+48600100200"},
		{"+48 (22) 100-20-30", "", "+48221002030"},
		{"(22) 100 20 30", "PL", "+48221002030"},
		{"22 100 20 30", "pl", "+48221002030"},
		{"+48600100200", "US", "+48600100200"},
		{"48600100200", "", "+48600100200"},
		{"19155062969", "PL", "+19155062969"},
		{"+44 (0)20 3227 0703", "PL", "+442032270703"},
		{"138 0013 8000", "CN", "+8613800138000"},
		{"180-7406-6738", "CN", "+8618074066738"},
		{"021-6888 8888", "CN", "+862168888888"},
		{"１３８ ００１３ ８０００", "CN", "+8613800138000"},
		{"＋４８ ６００ １００ ２００", "", "+48600100200"},
		{"+٤٨٦٠٠١٠٠٢٠٠", "", "+48600100200"},
		{"\ufeff+48 600 100 200\u200b", "", "+48600100200"},
		// labels before the number
		{"tel. 22 100 20 30", "PL", "+48221002030"},
		{"Tel: +48 600 100 200", "", "+48600100200"},
		{"kom. 600 100 200", "PL", "+48600100200"},
		{"tel:+48600100200", "", "+48600100200"},
		{"手机：138 0013 8000", "CN", "+8613800138000"},
		// extensions: kept in Raw, not in E164
		{"+48 600 100 200 ext. 12", "PL", "+48600100200"},
		{"+48 22 100 20 30 wew. 12", "PL", "+48221002030"},
		{"22 100 20 30, wewn. 112", "PL", "+48221002030"},
		{"+1 (607) 192-0236 ext 5", "", "+16071920236"},
		{"600-100-200 x12", "PL", "+48600100200"},
		{"600100200#3", "PL", "+48600100200"},
		{"010-12345678转123", "CN", "+861012345678"},
		{"010-12345678 分机 8", "CN", "+861012345678"},
	}
	for _, tc := range tests {
		got, err := ParsePhone(tc.raw, tc.region)
		if err != nil || got.E164 != tc.want {
			t.Errorf("ParsePhone(%q, %q) = %+v, %v; want %q", tc.raw, tc.region, got, err, tc.want)
		}
		if got.Raw != trimInvisible(tc.raw) {
			t.Errorf("ParsePhone(%q) Raw = %q, want the trimmed text", tc.raw, got.Raw)
		}
	}
}

func TestParsePhoneRejects(t *testing.T) {
	tests := []struct {
		raw, region, err string
	}{
		{"", "PL", "empty"},
		{"   ", "PL", "empty"},
		{"123", "PL", "too short"},
		{"12", "PL", "too short"},
		{"+48", "PL", "too short"},
		{"call me", "PL", "letters"},
		{"600 abc 200", "PL", "letters"},
		{"1-800-FLOWERS", "US", "letters"},
		{"48 600 100 200 300 400 500", "PL", "too long"},
		{"600100200", "", "no country code"},
		{"(22) 100 20 30", "", "no country code"},
		{"600 100 200", "XX", "unknown phone region"},
		{"600 100 200", "Poland", "unknown phone region"},
		{"+999 600 100 200", "PL", "not a valid phone number"},
		{"13021187662", "PL", "not a valid phone number"}, // a Chinese mobile without +86 is not guessed to be American
		{"600 100 200 / 600 100 201", "PL", "too long"},
		{"1234567", "US", "not a valid phone number"},
	}
	for _, tc := range tests {
		got, err := ParsePhone(tc.raw, tc.region)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("ParsePhone(%q, %q) = %+v, %v; want an error mentioning %q", tc.raw, tc.region, got, err, tc.err)
		}
		if got.E164 != "" || got.Raw != strings.TrimSpace(tc.raw) {
			t.Errorf("ParsePhone(%q) on failure = %+v, want only the trimmed text", tc.raw, got)
		}
	}
}

func TestParsePhoneIsStable(t *testing.T) {
	// Parsing an E.164 form again gives the same number, whatever the region.
	for _, raw := range []string{"(+48) 924746655", "(191) 915-6833", "138 0013 8000", "+44 20 5753 1380"} {
		first, err := ParsePhone(raw, map[bool]string{true: "CN", false: "US"}[strings.HasPrefix(raw, "138")])
		if err != nil {
			t.Fatalf("ParsePhone(%q): %v", raw, err)
		}
		for _, region := range []string{"", "PL", "US", "CN"} {
			again, err := ParsePhone(first.E164, region)
			if err != nil || again.E164 != first.E164 {
				t.Errorf("ParsePhone(%q, %q) = %+v, %v; want %s", first.E164, region, again, err, first.E164)
			}
		}
	}
}

func TestPhoneDigits(t *testing.T) {
	tests := map[string]string{
		"+48 (600) 100-２００":      "48600100200",
		"(191) 915-6833":         "1919156833",
		"+٤٨ ٦٠٠":                "48600",
		"+९१ ९८":                 "9198", // Devanagari
		"tel. 600 100 200 ext 5": "6001002005",
		"no digits":              "",
		"":                       "",
	}
	for in, want := range tests {
		if got := PhoneDigits(in); got != want {
			t.Errorf("PhoneDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNationalDigits(t *testing.T) {
	tests := map[string]string{
		"+48600100200":   "600100200",
		"+16071920236":   "6071920236",
		"+8613800138000": "13800138000",
		"+442032270703":  "2032270703",
		"+353851234567":  "851234567",
		"600":            "",
		"+999123":        "",
		"":               "",
	}
	for in, want := range tests {
		if got := NationalDigits(in); got != want {
			t.Errorf("NationalDigits(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStripExtension(t *testing.T) {
	tests := map[string]string{
		"+48 600 100 200 ext. 12":  "+48 600 100 200",
		"+48 600 100 200 EXT 12":   "+48 600 100 200",
		"22 100 20 30 wew. 12":     "22 100 20 30",
		"22 100 20 30, wewn. 12":   "22 100 20 30",
		"600100200 x 7":            "600100200",
		"010-12345678转123":         "010-12345678",
		"+48 600 100 200":          "+48 600 100 200",
		"x12":                      "x12",
		"İstanbul 212 555 1234 x9": "İstanbul 212 555 1234",
	}
	for in, want := range tests {
		if got := stripExtension(in); got != want {
			t.Errorf("stripExtension(%q) = %q, want %q", in, got, want)
		}
	}
}

// An E.164 form Kontor stores reads back as itself in any region (found by
// FuzzValuesPrintedBack: "+86010000000" read back as "+8610000000").
func TestParsePhoneE164IsAFixedPoint(t *testing.T) {
	for _, tc := range []struct{ raw, region string }{
		{"1100 0010 000 000X000", "CN"},
		{"1100 0010 000 000", "CN"},
		{"600 100 200", "PL"},
		{"(212) 555-0100", "US"},
		{"010 1234 5678", "CN"},
	} {
		ph, err := ParsePhone(tc.raw, tc.region)
		if err != nil {
			continue // refusing is fine; a wrong number is not
		}
		for _, region := range []string{"PL", "US", "CN", ""} {
			again, err := ParsePhone(ph.E164, region)
			if err != nil || again.E164 != ph.E164 {
				t.Errorf("ParsePhone(%q, %s) = %s, which reads back in %q as %q (%v)", tc.raw, tc.region, ph.E164, region, again.E164, err)
			}
		}
	}
}
