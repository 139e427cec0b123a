package filesource

import (
	"bytes"
	"math"
)

// fileKind is what the first bytes of a file say it is.
type fileKind int

const (
	kindText   fileKind = iota
	kindXLSX            // a ZIP archive; excelize decides whether it is a workbook
	kindBinary          // something else, named by binaryKind
)

// magic numbers of binary formats people upload by mistake.
var magics = []struct {
	prefix string
	what   string
}{
	{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "a legacy Excel .xls workbook or a password-protected Office file; save it as .xlsx (without a password) or CSV"},
	{"\x89PNG\r\n\x1a\n", "a PNG image"},
	{"\xFF\xD8\xFF", "a JPEG image"},
	{"GIF87a", "a GIF image"},
	{"GIF89a", "a GIF image"},
	{"%PDF-", "a PDF document"},
	{"\x1F\x8B", "a gzip archive"},
	{"BZh", "a bzip2 archive"},
	{"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"},
	{"Rar!\x1A\x07", "a RAR archive"},
	{"\x7FELF", "an executable program"},
	{"MZ", "a Windows executable"},
	{"SQLite format 3\x00", "an SQLite database"},
}

// sniffKind classifies a file by its first bytes. what describes a binary
// file for the error message.
func sniffKind(head []byte) (kind fileKind, what string) {
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		if bytes.Contains(head[:min(len(head), 128)], []byte("application/vnd.oasis.opendocument")) {
			return kindBinary, "an OpenDocument file (.ods); save it as .xlsx or CSV"
		}
		return kindXLSX, ""
	}
	if bytes.HasPrefix(head, []byte("PK\x05\x06")) {
		return kindBinary, "an empty ZIP archive"
	}
	for _, m := range magics {
		if bytes.HasPrefix(head, []byte(m.prefix)) {
			if m.prefix == "MZ" && !looksBinary(head) {
				continue // a text file that starts with "MZ"
			}
			return kindBinary, m.what
		}
	}
	return kindText, ""
}

// looksBinary reports whether an ASCII-compatible sample holds too many
// control bytes to be text. Tab, line breaks, form feed, ESC and BEL are
// allowed (files with terminal escapes are hostile, not binary; the UI
// neutralises them), as is the odd NUL byte (see csvSource on NUL).
func looksBinary(sample []byte) bool {
	var ctl int
	for _, c := range sample {
		switch {
		case c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' || c == 0x1B || c == 0x07:
		case c < 0x20 || c == 0x7F:
			ctl++
		}
	}
	return ctl >= 8 && ctl*20 >= len(sample)
}

// delimiters sniffed, in order of preference on a tie.
var delimiters = []byte{',', ';', '\t', '|'}

// sniffDelimiter picks the delimiter that splits the sample's records most
// consistently into the most columns, respecting quotes. preferTab favours
// tab on a tie (a .tsv file). The sample is decoded UTF-8; complete says it
// is the whole file (otherwise its last record may be cut short and is not
// counted).
//
// Equal scores go to the delimiter under which more records have the
// common field count: a line of tabs only is a row of empty cells in a
// tab-separated file but a blank line (no record) for the other
// delimiters, which must not make them look as good.
func sniffDelimiter(sample []byte, complete, preferTab bool) byte {
	best, bestScore, bestFreq := byte(','), 0.0, 0
	if preferTab {
		best = '\t'
	}
	for _, d := range delimiters {
		score, freq := delimiterScore(sample, d, complete)
		better := score > bestScore || score == bestScore && score > 0 && freq > bestFreq
		if better || (score == bestScore && freq == bestFreq && score > 0 && preferTab && d == '\t') {
			best, bestScore, bestFreq = d, score, freq
		}
	}
	return best
}

// delimiterScore: the share of records that have the most common field
// count, times log2 of that count; 0 when records do not split at all.
// freq is the number of records with that count.
func delimiterScore(sample []byte, d byte, complete bool) (score float64, freq int) {
	sc := newScanner(bytes.NewReader(sample), "", d, limits{field: len(sample) + 1, record: len(sample) + 1, columns: 1 << 20})
	var ns []int
	cut := false
	for len(ns) < 100 {
		rec, err := sc.next()
		if err != nil {
			cut = !complete // the last record read may be cut short by the sample's end
			break
		}
		ns = append(ns, len(rec.ends))
	}
	if cut && len(ns) > 1 {
		ns = ns[:len(ns)-1]
	}
	if len(ns) == 0 {
		return 0, 0
	}
	counts := map[int]int{}
	mode := 1
	for _, n := range ns {
		counts[n]++
		if f := counts[n]; f > freq || (f == freq && n > mode) {
			mode, freq = n, f
		}
	}
	if mode < 2 {
		return 0, 0
	}
	return float64(freq) / float64(len(ns)) * math.Log2(float64(mode)), freq
}
