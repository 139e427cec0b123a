package filesource

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Canonical encoding names, as golang.org/x/text/encoding/htmlindex names
// them.
const (
	encUTF8    = "utf-8"
	encUTF16LE = "utf-16le"
	encUTF16BE = "utf-16be"
	enc1250    = "windows-1250"
	enc1252    = "windows-1252"
	encGB18030 = "gb18030"
)

// sampleSize is how much of a file detection looks at.
const sampleSize = 64 << 10

// textEncoding is the decision how to turn a file's bytes into UTF-8.
type textEncoding struct {
	name    string            // canonical name
	bom     int               // length of the byte order mark to skip
	guessed bool              // chosen by plausibility, not by a BOM or valid UTF-8
	enc     encoding.Encoding // nil: the bytes are UTF-8 already
}

// strict reports whether the encoding can encode U+FFFD, so that its
// decoder must mark bytes it cannot read (see strictDecoder) rather than
// turn them into U+FFFD.
func (t textEncoding) strict() bool {
	switch t.name {
	case encUTF16LE, encUTF16BE, encGB18030, "gbk":
		return t.enc != nil
	}
	return false
}

// decoder returns the transformer from the file's bytes to UTF-8 (nil for
// UTF-8). For a strict encoding, bytes it cannot decode come out as
// invalid UTF-8, and a U+FFFD in the file as U+FFFD.
func (t textEncoding) decoder() transform.Transformer {
	switch {
	case t.enc == nil:
		return nil
	case !t.strict():
		return t.enc.NewDecoder()
	}
	if t.name == encUTF16LE || t.name == encUTF16BE {
		return utf16Decoder{bigEndian: t.name == encUTF16BE}
	}
	d := &strictDecoder{dec: t.enc.NewDecoder(), width: gbWidth}
	d.replacement, _ = t.enc.NewEncoder().Bytes([]byte("\uFFFD"))
	return d
}

// display is the name reported in SourceInfo.Encoding.
func (t textEncoding) display() string {
	if t.bom > 0 {
		return t.name + " (BOM)"
	}
	return t.name
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

func utf16Encoding(name string) encoding.Encoding {
	if name == encUTF16BE {
		return xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM)
	}
	return xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM)
}

// lookupEncoding resolves a user's encoding name (any WHATWG label, e.g.
// "latin1", "cp1250", "gbk", optionally with the " (BOM)" suffix that
// SourceInfo reports). start is the beginning of the file, to skip a BOM
// that matches the chosen encoding.
func lookupEncoding(name string, start []byte) (textEncoding, error) {
	label := strings.ToLower(strings.TrimSpace(name))
	label = strings.TrimSpace(strings.TrimSuffix(label, "(bom)"))
	switch label {
	case "utf-8", "utf8":
		t := textEncoding{name: encUTF8}
		if bytes.HasPrefix(start, bomUTF8) {
			t.bom = len(bomUTF8)
		}
		return t, nil
	case "utf-16", "utf16", "ucs-2", "unicode":
		switch {
		case bytes.HasPrefix(start, bomUTF16BE):
			return textEncoding{name: encUTF16BE, bom: 2, enc: utf16Encoding(encUTF16BE)}, nil
		case bytes.HasPrefix(start, bomUTF16LE):
			return textEncoding{name: encUTF16LE, bom: 2, enc: utf16Encoding(encUTF16LE)}, nil
		}
		return textEncoding{name: encUTF16LE, enc: utf16Encoding(encUTF16LE)}, nil
	case "utf-16le", "utf16le", "utf-16be", "utf16be":
		canon := encUTF16LE
		bom := bomUTF16LE
		if strings.HasSuffix(label, "be") {
			canon, bom = encUTF16BE, bomUTF16BE
		}
		t := textEncoding{name: canon, enc: utf16Encoding(canon)}
		if bytes.HasPrefix(start, bom) {
			t.bom = 2
		}
		return t, nil
	case "cp936", "windows-936":
		label = "gbk"
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return textEncoding{}, fmt.Errorf("unknown encoding %q (try utf-8, utf-16le, windows-1250, windows-1252, gb18030)", name)
	}
	canon, err := htmlindex.Name(enc)
	if err != nil {
		canon = label
	}
	if canon == encUTF8 || canon == encUTF16LE || canon == encUTF16BE {
		return lookupEncoding(canon, start)
	}
	return textEncoding{name: canon, enc: enc}, nil
}

// DetectEncoding names the encoding of a file from its first bytes, as
// SourceInfo.Encoding reports it, and whether that is a guess. atEOF says
// the sample is the whole file (otherwise a multi-byte character cut at the
// end of the sample is not held against it).
func DetectEncoding(sample []byte, atEOF bool) (name string, guessed bool) {
	t := detectEncoding(sample, atEOF)
	return t.display(), t.guessed
}

// detectEncoding decides from the start of a file: a byte order mark, UTF-16
// without one, valid UTF-8, or else the most plausible legacy encoding.
func detectEncoding(sample []byte, atEOF bool) textEncoding {
	switch {
	case bytes.HasPrefix(sample, bomUTF8):
		return textEncoding{name: encUTF8, bom: 3}
	case bytes.HasPrefix(sample, bomUTF16LE):
		return textEncoding{name: encUTF16LE, bom: 2, enc: utf16Encoding(encUTF16LE)}
	case bytes.HasPrefix(sample, bomUTF16BE):
		return textEncoding{name: encUTF16BE, bom: 2, enc: utf16Encoding(encUTF16BE)}
	}
	if name, ok := utf16WithoutBOM(sample); ok {
		return textEncoding{name: name, guessed: true, enc: utf16Encoding(name)}
	}
	return guessTextEncoding(sample, atEOF)
}

// utf16WithoutBOM recognises UTF-16 text without a byte order mark by its
// zero bytes: ASCII characters leave a zero in every other byte.
func utf16WithoutBOM(sample []byte) (string, bool) {
	n := min(len(sample), 4096) &^ 1
	if n < 8 {
		return "", false
	}
	var zeroEven, zeroOdd int
	for i := 0; i < n; i += 2 {
		if sample[i] == 0 {
			zeroEven++
		}
		if sample[i+1] == 0 {
			zeroOdd++
		}
	}
	pairs := n / 2
	switch {
	case zeroOdd*10 >= pairs*4 && zeroEven*20 <= pairs:
		return encUTF16LE, true
	case zeroEven*10 >= pairs*4 && zeroOdd*20 <= pairs:
		return encUTF16BE, true
	}
	return "", false
}

// guessTextEncoding chooses between UTF-8 and the legacy encodings Kontor's
// users meet (Windows-1250 for Central Europe, Windows-1252 for Western
// Europe, GB18030/GBK for Chinese), for text without a BOM.
func guessTextEncoding(sample []byte, atEOF bool) textEncoding {
	valid, invalid := utf8Counts(sample, atEOF)
	if invalid == 0 || valid > invalid {
		// Valid UTF-8 (or plain ASCII, which is UTF-8). Legacy text almost
		// never forms valid multi-byte sequences, so a file that has more
		// of them than invalid bytes is damaged UTF-8: reading it then
		// fails at the first invalid byte with its line and column.
		return textEncoding{name: encUTF8, guessed: invalid > 0}
	}
	cands := []struct {
		name  string
		enc   encoding.Encoding
		score float64
	}{
		{enc1252, charmap.Windows1252, scoreSingleByte(sample, charmap.Windows1252, westernLanguages)},
		{enc1250, charmap.Windows1250, scoreSingleByte(sample, charmap.Windows1250, centralLanguages)},
		{encGB18030, simplifiedchinese.GB18030, scoreGB18030(sample, atEOF)},
	}
	best := 0 // ties keep the earlier candidate: windows-1252 first
	for i, c := range cands {
		if c.score > cands[best].score {
			best = i
		}
	}
	return textEncoding{name: cands[best].name, enc: cands[best].enc, guessed: true}
}

// utf8Counts counts valid multi-byte UTF-8 sequences and invalid bytes. A
// sequence cut by the end of a partial sample is neither.
func utf8Counts(p []byte, atEOF bool) (valid, invalid int) {
	for i := 0; i < len(p); {
		c := p[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		if !atEOF && !utf8.FullRune(p[i:]) {
			break
		}
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && size == 1 {
			invalid++
		} else {
			valid++
		}
		i += size
	}
	return valid, invalid
}

// The non-ASCII letters of the languages written in each code page. Text
// decoded with the right code page uses the letters of one language; the
// wrong code page turns them into a mix of several ("Crêperie à" read as
// Windows-1250 is "Cręperie ŕ": Polish ę next to Slovak ŕ).
var (
	centralLanguages = []string{
		"ąćęłńóśźż",         // Polish
		"áčďéěíňóřšťúůýž",   // Czech
		"áäčďéíĺľňóôŕšťúýž", // Slovak
		"áéíóöőúüű",         // Hungarian
		"ăâîşţ",             // Romanian
		"čćđšž",             // Croatian, Slovene, Bosnian
	}
	westernLanguages = []string{
		"äöüß",             // German
		"àâæçéèêëîïôœùûüÿ", // French
		"áéíñóúü",          // Spanish
		"áâãàçéêíóôõú",     // Portuguese
		"àèéìíîòóùú",       // Italian
		"áéèëïóöü",         // Dutch
		"åæøäöé",           // Danish, Norwegian, Swedish, Finnish
		"áéíóúýðþæö",       // Icelandic
	}
)

const (
	invalidPenalty = 20 // a byte sequence the encoding does not define
	inLanguage     = 3  // a letter of the text's language, inside a word
	notInLanguage  = -1 // a letter foreign to it
)

// afterDigit are symbols that plausibly follow a number: "5º", "25°", "m²".
const afterDigit = "ºª°²³¹½¼¾"

// commonPunct are typographic characters common in any Western or Central
// European text.
const commonPunct = "\u00a0–—„“”‘’‚…•€«»§©®™°·×"

func isLetter(r rune) bool { return r != utf8.RuneError && unicode.IsLetter(r) }

// scoreSingleByte weighs how plausible sample is as text in cm, written in
// one of languages: the letters' agreement with the best fitting language,
// plus the plausibility of the other characters in their context.
func scoreSingleByte(sample []byte, cm *charmap.Charmap, languages []string) float64 {
	decode := func(i int) rune {
		if i < 0 || i >= len(sample) {
			return ' '
		}
		if c := sample[i]; c < utf8.RuneSelf {
			return rune(c)
		}
		return cm.DecodeByte(sample[i])
	}
	var score float64
	type letter struct {
		r rune
		w float64
	}
	var letters []letter
	for i, c := range sample {
		if c < utf8.RuneSelf {
			continue
		}
		r, prev, next := decode(i), decode(i-1), decode(i+1)
		if r == utf8.RuneError {
			score -= invalidPenalty
			continue
		}
		if isLetter(r) && r != 'º' && r != 'ª' {
			w := 1.0
			if !isLetter(prev) && !isLetter(next) {
				w = 0.5 // a lone accented letter tells less than one in a word
			}
			letters = append(letters, letter{unicode.ToLower(r), w})
			if unicode.IsUpper(r) && unicode.IsLower(prev) {
				score -= 2 // "dŸ": upper case inside a lower case word
			}
			if unicode.IsLower(r) && next < utf8.RuneSelf && unicode.IsUpper(next) {
				score -= 2 // "żQ"
			}
			continue
		}
		score += symbolScore(r, prev, next)
	}
	best := 0.0
	for i, lang := range languages {
		s := 0.0
		for _, l := range letters {
			if strings.ContainsRune(lang, l.r) {
				s += inLanguage * l.w
			} else {
				s += notInLanguage * l.w
			}
		}
		if i == 0 || s > best {
			best = s
		}
	}
	return score + best
}

// symbolScore weighs a non-ASCII character that is not a letter.
func symbolScore(r, prev, next rune) float64 {
	prevL, nextL := isLetter(prev), isLetter(next)
	switch {
	case r >= 0x80 && r < 0xA0: // C1 control: never text
		return -5
	case strings.ContainsRune(afterDigit, r) && unicode.IsDigit(prev):
		return 1
	case (r == 'º' || r == 'ª') && (prev == 'N' || prev == 'n'):
		return 1 // "Nº 77"
	case (r == '¿' || r == '¡') && !prevL && nextL:
		return 1 // Spanish opening marks
	case strings.ContainsRune(commonPunct, r):
		return 0.2
	}
	// Other symbols (¹ ³ ¿ ¤ ¦ ¨ ¬ ± µ ¶ ˇ ˘ ˝ ...) are rare, and rarer still
	// inside words, where a mis-decoded letter usually lands.
	switch {
	case prevL && nextL:
		return -3
	case prevL || nextL:
		return -1
	}
	return -0.5
}

// scoreGB18030 weighs how plausible sample is as GB18030 (a superset of GBK
// and GB2312): common Hanzi and full-width punctuation from GB2312 count
// for, the rarely used extension areas and user-defined areas against, and
// invalid sequences heavily against.
func scoreGB18030(p []byte, atEOF bool) float64 {
	var score float64
	for i := 0; i < len(p); {
		l := p[i]
		if l < 0x80 {
			i++
			continue
		}
		if l == 0x80 || l == 0xFF {
			score -= invalidPenalty
			i++
			continue
		}
		if i+1 >= len(p) {
			if atEOF {
				score -= invalidPenalty
			}
			break
		}
		t := p[i+1]
		switch {
		case t >= 0x30 && t <= 0x39: // four-byte sequence
			if i+3 >= len(p) {
				if atEOF {
					score -= invalidPenalty
				}
				return score
			}
			if p[i+2] < 0x81 || p[i+2] > 0xFE || p[i+3] < 0x30 || p[i+3] > 0x39 {
				score -= invalidPenalty
				i++
				continue
			}
			i += 4
			continue
		case t < 0x40 || t == 0x7F || t == 0xFF:
			score -= invalidPenalty
			i++
			continue
		}
		switch {
		case t >= 0xA1 && l >= 0xB0 && l <= 0xD7: // GB2312 level 1: the 3,755 most common Hanzi
			score += 8
		case t >= 0xA1 && l >= 0xD8 && l <= 0xF7: // GB2312 level 2
			score += 4
		case t >= 0xA1 && l >= 0xA1 && l <= 0xA9: // full-width punctuation and symbols
			score += 4
		case t >= 0xA1 && (l >= 0xAA && l <= 0xAF || l >= 0xF8): // user-defined areas
			score -= 2
		case t < 0x80: // GBK extension with an ASCII-range trail byte: typical of mis-read Latin text
			score--
		default: // other GBK extension characters: real but rare
			score += 0.5
		}
		i += 2
	}
	return score
}
