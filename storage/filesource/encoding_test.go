package filesource

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"

	"kontor/domain/importing"
)

func mustEncode(t testing.TB, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

// Texts in the languages each legacy encoding serves, as CRM exports hold
// them: the guess must decode them back to the same text.
func TestGuessLegacyEncoding(t *testing.T) {
	tests := []struct {
		lang string
		enc  encoding.Encoding
		want string // "" when both single-byte code pages decode the text the same
		text string
	}{
		{"Polish", charmap.Windows1250, enc1250, "Imię;Nazwisko;Miasto\nŁukasz;Wójcik;Łódź\nMałgorzata;Szczęsna;Kraków\nGrzegorz;Żółkiewski;Gdańsk\nZofia;Ścibor;Wrocław\n"},
		{"Polish, one word", charmap.Windows1250, enc1250, "Nazwa,Miasto\nAgrobex,Białystok\n"},
		{"Polish company names", charmap.Windows1250, enc1250, "Firma\nZakład Usług Leśnych\nPrzedsiębiorstwo Handlowe Żuraw\nSpółdzielnia Mleczarska\n"},
		{"Czech", charmap.Windows1250, enc1250, "Jméno;Příjmení;Město\nJiří;Dvořák;Plzeň\nTomáš;Novák;Brno\nKateřina;Černá;Ústí nad Labem\n"},
		{"Slovak", charmap.Windows1250, enc1250, "Meno,Mesto\nĽubomír Ďurček,Žilina\nJozef Kráľ,Prešov\n"},
		{"Romanian", charmap.Windows1250, enc1250, "Nume,Oraş\nŞtefan Mureşan,Braşov\nIoana Tănase,Bacău\nŢurcan Ştefănescu,Constanţa\n"},
		{"French", charmap.Windows1252, enc1252, "Prénom,Nom,Ville,Société\nFrançois,Lefèvre,Besançon,Crêperie à la Gare\nHélène,Dupré,Orléans,Bâtiments Généraux\nJérôme,Bézier,Nîmes,Château d'Eau\n"},
		{"French, accents on e and a", charmap.Windows1252, enc1252, "Nom,Remarque\nMarie,Rappeler à 15h\nLéa,Très intéressée\n"},
		{"Spanish", charmap.Windows1252, enc1252, "Nombre,Ciudad,Notas\nJosé Muñoz,Málaga,¿Llamar mañana?\nMaría Ibáñez,Logroño,Año nuevo ¡feliz!\n"},
		{"Portuguese", charmap.Windows1252, enc1252, "Nome,Cidade,Observação\nJoão Conceição,São Paulo,Ligação às três\nInês Gonçalves,Brasília,Informações pendentes\n"},
		{"Danish", charmap.Windows1252, enc1252, "Navn,By\nSøren Kjær,Århus\nBjørn Ødegård,Aalborg\n"},
		{"Italian", charmap.Windows1252, enc1252, "Nome,Città\nNiccolò Ferrà,Forlì\nPerché sì,Cantù\n"},
		{"Dutch", charmap.Windows1252, enc1252, "Naam,Plaats\nRené Hoëlle,Zoë Brüggen\nCoördinatie,België\n"},
		{"Swedish", charmap.Windows1252, enc1252, "Namn,Ort\nÅsa Lindström,Göteborg\nOlle Åkesson,Malmö\n"},
		{"Hungarian", charmap.Windows1250, enc1250, "Név,Város\nKovács Péter,Győr\nSzabó Éva,Pécs\nTóth Ödön,Székesfehérvár\nLőrinc Gyűrű,Debrecen\n"},
		{"Croatian", charmap.Windows1250, enc1250, "Ime,Grad\nIvan Horvat,Čakovec\nMarija Kovačić,Đakovo\nŽeljko Šimić,Split\n"},
		{"Polish, a single city", charmap.Windows1250, enc1250, "Miasto\nŁódź\n"},
		{"Polish, upper case", charmap.Windows1250, enc1250, "Nazwisko\nWÓJCIK\nŁUKASIEWICZ\nŻAK\n"},
		{"Polish, letters that pair into Hanzi in GBK", charmap.Windows1250, enc1250, "a;b\nx;żółw\n"},
		{"German", charmap.Windows1252, "", "Name,Straße,Ort\nJürgen Müller,Hauptstraße 5,München\nSören Groß,Königsallee 1,Düsseldorf\n"},
		{"Western symbols", charmap.Windows1252, enc1252, "Produkt;Preis;Hinweis\nLizenz®;1.200 €;5° Rabatt\nService™;„gratis“;© 2024\n"},
		{"Chinese", simplifiedchinese.GBK, encGB18030, "姓名,公司,城市\n王伟,北京华为技术有限公司,北京\n李娜,上海汽车集团股份有限公司,上海\n"},
		{"Chinese with full-width punctuation", simplifiedchinese.GBK, encGB18030, "客户,备注\n张三（销售部）,请尽快联系，谢谢！\n"},
		{"Chinese, rare characters", simplifiedchinese.GB18030, encGB18030, "姓名\n王喆\n张珺\n李昊\n"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			raw := mustEncode(t, tt.enc, tt.text)
			got := guessTextEncoding(raw, true)
			if !got.guessed || got.bom != 0 {
				t.Errorf("guessed %v bom %d", got.guessed, got.bom)
			}
			if tt.want != "" && got.name != tt.want {
				t.Errorf("guessed %s, want %s", got.name, tt.want)
			}
			if got.enc == nil {
				t.Fatalf("guessed %s", got.name)
			}
			dec, err := got.enc.NewDecoder().Bytes(raw)
			if err != nil || string(dec) != tt.text {
				t.Errorf("decoded as %s: %q", got.name, dec)
			}
		})
	}
}

func TestDetectEncoding(t *testing.T) {
	pl := mustEncode(t, charmap.Windows1250, "Imię,Miasto\nŁukasz,Łódź\n")
	utf16le := mustEncode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), "Name\tCity\nŁukasz\tŁódź\n")
	utf16be := mustEncode(t, xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), "Name\tCity\nŁukasz\tŁódź\n")
	tests := []struct {
		name    string
		sample  []byte
		atEOF   bool
		want    string
		guessed bool
	}{
		{"empty", nil, true, "utf-8", false},
		{"ASCII", []byte("a,b\n1,2\n"), true, "utf-8", false},
		{"UTF-8", []byte("Imię,Miasto\nŁukasz,Łódź\n"), true, "utf-8", false},
		{"UTF-8 cut mid-character by the sample's end", []byte("Imię,Miasto\nŁukasz,Ł")[:21], false, "utf-8", false},
		{"UTF-8 with one bad byte", []byte("Imię,Miasto\nŁukasz,Łódź\xff\n"), true, "utf-8", true},
		{"UTF-8 BOM", []byte("\xEF\xBB\xBFa,b\n"), true, "utf-8 (BOM)", false},
		{"UTF-16LE BOM", append([]byte{0xFF, 0xFE}, utf16le...), true, "utf-16le (BOM)", false},
		{"UTF-16BE BOM", append([]byte{0xFE, 0xFF}, utf16be...), true, "utf-16be (BOM)", false},
		{"UTF-16LE without BOM", utf16le, true, "utf-16le", true},
		{"UTF-16BE without BOM", utf16be, true, "utf-16be", true},
		{"Windows-1250", pl, true, "windows-1250", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, guessed := DetectEncoding(tt.sample, tt.atEOF)
			if name != tt.want || guessed != tt.guessed {
				t.Errorf("got %q guessed %v, want %q %v", name, guessed, tt.want, tt.guessed)
			}
		})
	}
}

func TestLookupEncoding(t *testing.T) {
	for _, tt := range []struct{ label, want string }{
		{"UTF-8", "utf-8"}, {"utf8", "utf-8"}, {"utf-8 (BOM)", "utf-8"}, {"utf-16le (BOM)", "utf-16le"}, {"UTF-16BE", "utf-16be"},
		{"utf-16", "utf-16le"}, {"windows-1250", "windows-1250"}, {"cp1250", "windows-1250"}, {"latin1", "windows-1252"},
		{"ISO-8859-1", "windows-1252"}, {"cp1252", "windows-1252"}, {"iso-8859-2", "iso-8859-2"}, {"gbk", "gbk"}, {"GB2312", "gbk"},
		{"cp936", "gbk"}, {"gb18030", "gb18030"}, {"shift_jis", "shift_jis"},
	} {
		got, err := lookupEncoding(tt.label, nil)
		if err != nil || got.name != tt.want {
			t.Errorf("%q: %q %v, want %q", tt.label, got.name, err, tt.want)
		}
	}
	if _, err := lookupEncoding("klingon", nil); err == nil {
		t.Error("unknown encoding accepted")
	}
	if got, _ := lookupEncoding("utf-16", []byte{0xFE, 0xFF, 0, 'a'}); got.name != "utf-16be" || got.bom != 2 {
		t.Errorf("utf-16 with a big-endian BOM: %+v", got)
	}
}

// writeTemp writes content to a file in a temporary directory.
func writeTemp(t testing.TB, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, content, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func openPath(t testing.TB, path string, opts importing.ReadOptions) (importing.RowSource, error) {
	t.Helper()
	src, err := Opener{}.Open(t.Context(), path, opts)
	if err == nil {
		t.Cleanup(func() { src.Close() })
	}
	return src, err
}

// A file that is ASCII for its first megabyte and Windows-1250 after it is
// detected as Windows-1250, not read as UTF-8 until it breaks.
func TestLegacyTextPastTheSample(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("Name;City\r\n")
	for i := 0; b.Len() < 1<<20; i++ {
		b.WriteString("Jan Kowalski;Warszawa\r\n")
	}
	b.Write(mustEncode(t, charmap.Windows1250, "Łukasz Wójcik;Łódź\r\nZofia Żak;Gdańsk\r\n"))
	src, err := openPath(t, writeTemp(t, "late.csv", b.Bytes()), importing.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rows := readAll(t, src)
	if src.Info().Encoding != "windows-1250" || !slices.Equal(rows[len(rows)-1].Cells, []string{"Zofia Żak", "Gdańsk"}) {
		t.Errorf("%s: last row %q", src.Info().Encoding, rows[len(rows)-1].Cells)
	}
}

// Bytes that are not text in the chosen encoding stop reading with the
// line and column, never turning into U+FFFD silently.
func TestInvalidBytesAreLocated(t *testing.T) {
	tests := []struct {
		name    string
		content []byte
		opts    importing.ReadOptions
		line    int
		col     int
		msg     string
	}{
		{"invalid UTF-8 in a UTF-8 file", []byte("a,b,c\nŁukasz,Łódź,3\nx,\"multi\nline \xc3\x28\",z\n"), importing.ReadOptions{}, 4, 2, "byte 0xC3 is not valid utf-8 text (the encoding utf-8 was guessed"},
		{"a byte Windows-1250 leaves undefined", append(mustEncode(t, charmap.Windows1250, "Imię;Miasto\nŁukasz;Łódź\nJan;Kraków\n"), []byte("Ewa;Pozna\x98\n")...), importing.ReadOptions{Encoding: "windows-1250"}, 4, 2, "bytes that are not valid windows-1250 text (choose the file's encoding"},
		{"GBK read as UTF-8", mustEncode(t, simplifiedchinese.GBK, "姓名,城市\n王伟,北京\n"), importing.ReadOptions{Encoding: "utf-8"}, 1, 1, "byte 0xD0 is not valid utf-8 text"},
		{"broken GBK", append(mustEncode(t, simplifiedchinese.GBK, "姓名,城市\n王伟,北京\n李娜,上海\n"), []byte("x,\xd5\n")...), importing.ReadOptions{}, 4, 2, "bytes that are not valid gb18030 text (the encoding gb18030 was guessed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, err := openPath(t, writeTemp(t, "bad.csv", tt.content), tt.opts)
			for err == nil {
				_, err = src.Next()
			}
			var re *importing.ReadError
			if !errors.As(err, &re) || !errors.Is(err, importing.ErrEncoding) || re.Line != tt.line || re.Column != tt.col || !strings.Contains(re.Msg, tt.msg) {
				t.Errorf("got %v", err)
			}
		})
	}
}

func TestEncodingOverride(t *testing.T) {
	src := open(t, "public/encodings/latin1/csv-spectrum_latin1.csv", importing.ReadOptions{Encoding: "latin1"})
	rows := readAll(t, src)
	if src.Info().Encoding != "windows-1252" || src.Info().EncodingGuessed || rows[1].Cells[2] != "©" {
		t.Errorf("%+v %q", src.Info(), rows[1].Cells)
	}
	// Any WHATWG label works: the GBK file read as "gbk".
	src = open(t, "kontor/dingtalk-zh/客户导入.csv", importing.ReadOptions{Encoding: "gbk"})
	if src.Info().Encoding != "gbk" || src.Info().Headers[0] != "客户姓名" {
		t.Errorf("%+v", src.Info())
	}
	re := openErr(t, "kontor/zoho/Products.csv", importing.ReadOptions{Encoding: "klingon"})
	if !errors.Is(re, importing.ErrBadOptions) || !strings.Contains(re.Msg, `unknown encoding "klingon"`) {
		t.Errorf("%v", re)
	}
}

func FuzzDetectEncoding(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/*/*.csv")
	more, _ := filepath.Glob("testdata/*/*/*/*.csv")
	for _, p := range append(files, more...) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b[:min(len(b), 4096)], true)
		}
	}
	known := []string{encUTF8, encUTF16LE, encUTF16BE, enc1250, enc1252, encGB18030}
	f.Fuzz(func(t *testing.T, sample []byte, atEOF bool) {
		name, guessed := DetectEncoding(sample, atEOF)
		again, guessedAgain := DetectEncoding(sample, atEOF)
		if name != again || guessed != guessedAgain {
			t.Fatalf("not deterministic: %q %v, then %q %v", name, guessed, again, guessedAgain)
		}
		if !slices.Contains(known, strings.TrimSuffix(name, " (BOM)")) {
			t.Fatalf("unknown encoding %q", name)
		}
		if utf8.Valid(sample) && !strings.HasPrefix(name, "utf-16") && name != "utf-8 (BOM)" && (name != encUTF8 || guessed) {
			t.Fatalf("valid UTF-8 detected as %q (guessed %v)", name, guessed)
		}
	})
}

// Detection that reads far into a big ASCII file stops when cancelled.
func TestDetectionCancelled(t *testing.T) {
	content := "a,b\n" + strings.Repeat("1,2\n", 100_000)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := OpenReader(ctx, "big.csv", strings.NewReader(content), int64(len(content)), importing.ReadOptions{})
	var re *importing.ReadError
	if !errors.As(err, &re) || !errors.Is(err, context.Canceled) {
		t.Errorf("%v", err)
	}
}
