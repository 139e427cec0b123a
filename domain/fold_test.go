package domain

import (
	"slices"
	"testing"
	"unicode"
)

func TestFold(t *testing.T) {
	tests := map[string]string{
		"Łódź":              "lodz",
		"ŻÓŁĆ GĘŚLĄ JAŹŃ":   "zolc gesla jazn",
		"zażółć gęślą jaźń": "zazolc gesla jazn",
		"Straße":            "strasse",
		"STRASSE":           "strasse",
		"Ørsted":            "orsted",
		"Æsir Œuvre":        "aesir oeuvre",
		"Đorđe Þór":         "dorde thor",
		"Crème Brûlée":      "creme brulee",
		"Škoda Čeněk":       "skoda cenek",
		"İstanbul":          "istanbul",
		"ＡＢＣ１":              "abc1",
		"Ｇｌｏｂｅｘ　Ｌｔｄ":        "globex ltd",
		"a\u200bb":          "ab",  // zero-width space
		"a\u200db":          "ab",  // zero-width joiner
		"x\u202ey\u202c":    "xy",  // bidi override
		"\u2066x\u2069":     "x",   // bidi isolate
		"\ufeffBOM":         "bom", // byte-order mark
		"soft\u00adhyphen":  "softhyphen",
		"e\u0301":           "e", // combining accent
		"tab\there":         "tab here",
		"line\nbreak\r\n":   "line break  ",
		"no\u00a0break":     "no break",
		"esc\x1b[31m":       "esc[31m",
		"bell\a\x00":        "bell",
		"c1\u0085\u009b":    "c1 ",
		"张三":                "张三",
		"ＺＨＡＮＧ 张三":          "zhang 张三",
		"Ωμέγα":             "ωμεγα",
		"Москва":            "москва",
		"":                  "",
	}
	for in, want := range tests {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFoldTableMatchesSlowPath(t *testing.T) {
	for r := rune(0); r < latinFoldEnd; r++ {
		var want []rune
		if r < 0x80 {
			want = []rune{unicode.ToLower(r)}
			if unicode.IsControl(r) {
				want = foldControl(nil, r)
			}
		} else {
			want = foldRune(nil, r)
		}
		if got := FoldRunes(string(r)); string(got) != string(want) {
			t.Errorf("fold %U: %q vs %q", r, string(got), string(want))
		}
	}
}

func TestFoldIdeographFastPath(t *testing.T) {
	for r := rune(0x3400); r <= 0x9FFF; r++ {
		if isUnifiedIdeograph(r) {
			if got := foldRune(nil, r); len(got) != 1 || got[0] != r {
				t.Fatalf("fold %U = %q, the fast path keeps it unchanged", r, string(got))
			}
		}
	}
}

func TestSearchTokens(t *testing.T) {
	tests := map[string][]string{
		"张三 Kowalski-Nowak":     {"张", "三", "kowalski", "nowak"},
		"Zakład Mięsny Żabka":   {"zaklad", "miesny", "zabka"},
		"jan.kowalski@firma.pl": {"jan", "kowalski", "firma", "pl"},
		"+48 600 100 200":       {"48", "600", "100", "200"},
		"上海东方贸易（北京）有限公司":        {"上", "海", "东", "方", "贸", "易", "北", "京", "有", "限", "公", "司"},
		"ＡＢＣ公司":                 {"abc", "公", "司"},
		"O'Brien & Co.":         {"o", "brien", "co"},
		"a\u200bb":              {"ab"},
		"Москва 2024":           {"москва", "2024"},
		"  ":                    nil,
	}
	for in, want := range tests {
		if got := SearchTokens(in); !slices.Equal(got, want) {
			t.Errorf("SearchTokens(%q) = %q, want %q", in, got, want)
		}
	}
}
