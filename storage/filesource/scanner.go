package filesource

import (
	"errors"
	"io"

	"kontor/domain/importing"
)

// Why a scanner of our own rather than encoding/csv: the conformance suite
// expects a CRLF inside a quoted field to be kept (encoding/csv turns it
// into LF), classic Mac files end lines with a lone CR (encoding/csv does
// not split them), an unbalanced quote must be reported where it opened
// and must not make a reader swallow a whole file into memory, and limits
// on cells, rows and columns must hold while reading, not after a line has
// been buffered whole. The grammar is RFC 4180 plus what real exports need:
// any of CRLF, LF and CR ends a record; a quote that does not start a field
// is literal; text after a closing quote is kept (and reported). A record
// written by encoding/csv reads back identically (FuzzReadCSV checks it).

// limits bound the memory one record can take.
type limits struct {
	field   int // bytes in one cell
	record  int // bytes in one record
	columns int // cells in one record
}

// rawRecord is one record as scanned: the cells' bytes back to back.
type rawRecord struct {
	line int    // physical line where the record starts
	buf  []byte // every cell's bytes, one after the other
	ends []int  // end offset in buf of each cell
	// strayQuote lists 0-based cells that had text after their closing
	// quote (`"abc"def`), read as abcdef.
	strayQuote []int
}

// cell returns the bytes of cell i.
func (r *rawRecord) cell(i int) []byte {
	start := 0
	if i > 0 {
		start = r.ends[i-1]
	}
	return r.buf[start:r.ends[i]]
}

// line ending kinds counted outside quotes.
const (
	eolCRLF = iota
	eolLF
	eolCR
)

// scanner reads CSV records from decoded UTF-8 text.
type scanner struct {
	r        io.Reader
	file     string
	delim    byte
	lim      limits
	data     []byte
	pos, end int
	rerr     error // from r; io.EOF at the end
	line     int   // physical line of the next unread byte
	rec      rawRecord
	eol      [3]int
}

func newScanner(r io.Reader, file string, delim byte, lim limits) *scanner {
	return &scanner{r: r, file: file, delim: delim, lim: lim, data: make([]byte, 64<<10), line: 1}
}

// more makes at least one unread byte available; false at the end of the
// input (or on a read error, kept in rerr).
func (s *scanner) more() bool {
	if s.pos < s.end {
		return true
	}
	if s.rerr != nil {
		return false
	}
	s.pos, s.end = 0, 0
	for s.end == 0 && s.rerr == nil {
		n, err := s.r.Read(s.data)
		s.end = n
		if err != nil {
			s.rerr = err
		}
		if n == 0 && err == nil {
			// A reader that returns nothing forever would spin; treat
			// repeated empty reads like the standard library does.
			s.rerr = io.ErrNoProgress
		}
	}
	return s.pos < s.end
}

// readErr reports a read error other than the end of the input.
func (s *scanner) readErr() error {
	if s.rerr == nil || errors.Is(s.rerr, io.EOF) {
		return nil
	}
	var re *importing.ReadError
	if errors.As(s.rerr, &re) {
		return re
	}
	return ioErr(s.file, s.line, s.rerr)
}

// next returns the next record, skipping blank lines, or io.EOF. The record
// is reused by the following call.
func (s *scanner) next() (*rawRecord, error) {
	for {
		blank, err := s.scan()
		if err != nil {
			return nil, err
		}
		if !blank {
			return &s.rec, nil
		}
	}
}

// scan reads one record into s.rec; blank reports an empty or
// whitespace-only line, which is not a record.
func (s *scanner) scan() (blank bool, err error) {
	if !s.more() {
		if err := s.readErr(); err != nil {
			return false, err
		}
		return false, io.EOF
	}
	rec := &s.rec
	rec.line, rec.buf, rec.ends, rec.strayQuote = s.line, rec.buf[:0], rec.ends[:0], rec.strayQuote[:0]
	quoted := false
	for {
		col := len(rec.ends) + 1
		if col > s.lim.columns {
			return false, readErr(s.file, rec.line, 0, importing.ErrTooManyColumns,
				"more than %d columns in one row; is this really a table (or is the delimiter wrong)?", s.lim.columns)
		}
		start := len(rec.buf)
		fieldLine := s.line
		if s.more() && s.data[s.pos] == '"' {
			quoted = true
			s.pos++
			if err := s.quoted(start, fieldLine, col); err != nil {
				return false, err
			}
			if s.more() && !s.isEnd(s.data[s.pos]) {
				rec.strayQuote = append(rec.strayQuote, col-1)
			}
		}
		if err := s.unquoted(start, fieldLine, col); err != nil {
			return false, err
		}
		rec.ends = append(rec.ends, len(rec.buf))
		if !s.more() {
			if err := s.readErr(); err != nil {
				return false, err
			}
			break // the last record has no line break
		}
		c := s.data[s.pos]
		s.pos++
		if c == s.delim {
			continue
		}
		s.endLine(c)
		break
	}
	blank = !quoted && len(rec.ends) == 1 && isSpace(rec.buf)
	return blank, nil
}

func (s *scanner) isEnd(c byte) bool { return c == s.delim || c == '\n' || c == '\r' }

// endLine consumes a line break that starts with c (already consumed).
func (s *scanner) endLine(c byte) {
	s.line++
	if c == '\n' {
		s.eol[eolLF]++
		return
	}
	if s.more() && s.data[s.pos] == '\n' {
		s.pos++
		s.eol[eolCRLF]++
		return
	}
	s.eol[eolCR]++
}

// unquoted reads cell text up to a delimiter, a line break or the end. A
// quote here is an ordinary character.
func (s *scanner) unquoted(start, line, col int) error {
	for s.more() {
		chunk := s.data[s.pos:s.end]
		i := 0
		for i < len(chunk) && !s.isEnd(chunk[i]) {
			i++
		}
		s.rec.buf = append(s.rec.buf, chunk[:i]...)
		s.pos += i
		if err := s.checkSize(start, line, col, false); err != nil {
			return err
		}
		if i < len(chunk) {
			return nil
		}
	}
	return s.readErr()
}

// quoted reads a quoted cell after its opening quote, through the closing
// quote. Line breaks inside are kept as they are.
func (s *scanner) quoted(start, line, col int) error {
	for {
		if !s.more() {
			if err := s.readErr(); err != nil {
				return err
			}
			return readErr(s.file, line, col, importing.ErrUnbalancedQuote,
				"unbalanced quote: the quoted cell that opens here is never closed (the file ends inside it)")
		}
		chunk := s.data[s.pos:s.end]
		i := 0
		for i < len(chunk) && chunk[i] != '"' && chunk[i] != '\n' && chunk[i] != '\r' {
			i++
		}
		s.rec.buf = append(s.rec.buf, chunk[:i]...)
		s.pos += i
		if err := s.checkSize(start, line, col, true); err != nil {
			return err
		}
		if i == len(chunk) {
			continue
		}
		c := chunk[i]
		s.pos++
		switch c {
		case '\n':
			s.rec.buf = append(s.rec.buf, c)
			s.line++
		case '\r':
			s.rec.buf = append(s.rec.buf, c)
			if s.more() && s.data[s.pos] == '\n' {
				s.rec.buf = append(s.rec.buf, '\n')
				s.pos++
			}
			s.line++
		case '"':
			if s.more() && s.data[s.pos] == '"' {
				s.rec.buf = append(s.rec.buf, '"')
				s.pos++
				continue
			}
			return s.readErr()
		}
	}
}

func (s *scanner) checkSize(start, line, col int, quoted bool) error {
	if n := len(s.rec.buf) - start; n > s.lim.field {
		hint := ""
		if quoted {
			hint = " (is the quote that opens it unbalanced?)"
		}
		return readErr(s.file, line, col, importing.ErrTooLarge, "cell is longer than the %s limit%s", mib(s.lim.field), hint)
	}
	if len(s.rec.buf) > s.lim.record {
		return readErr(s.file, s.rec.line, 0, importing.ErrTooLarge, "row is longer than the %s limit", mib(s.lim.record))
	}
	return nil
}

// lineEnding names the most common line break seen outside quotes.
func (s *scanner) lineEnding() string {
	names := [3]string{"CRLF", "LF", "CR"}
	best, n := "", 0
	for k, c := range s.eol {
		if c > n {
			best, n = names[k], c
		}
	}
	return best
}

func isSpace(p []byte) bool {
	for _, c := range p {
		if c != ' ' && c != '\t' && c != '\v' && c != '\f' {
			return false
		}
	}
	return true
}
