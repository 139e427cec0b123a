package filesource

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/transform"

	"kontor/domain/importing"
)

// csvSource streams the rows of a delimited text file.
type csvSource struct {
	file    string
	info    importing.SourceInfo
	enc     textEncoding
	sc      *scanner
	width   int
	pending []importing.Row // rows read ahead of the header decision
	err     error           // sticky: io.EOF or the error that ended reading
	closer  io.Closer
}

func (s *csvSource) Info() importing.SourceInfo { return s.info }

func (s *csvSource) Close() error {
	s.err = io.EOF
	s.pending = nil
	if s.closer != nil {
		c := s.closer
		s.closer = nil
		return c.Close()
	}
	return nil
}

func (s *csvSource) Next() (importing.Row, error) {
	if len(s.pending) > 0 {
		r := s.pending[0]
		s.pending[0] = importing.Row{}
		s.pending = s.pending[1:]
		return r, nil
	}
	if s.err != nil {
		return importing.Row{}, s.err
	}
	rec, err := s.sc.next()
	if err != nil {
		s.err = err
		return importing.Row{}, err
	}
	lr, err := s.toRow(rec)
	if err != nil {
		s.err = err
		return importing.Row{}, err
	}
	return s.shape(lr), nil
}

func (s *csvSource) shape(lr lookRow) importing.Row {
	cells, issues := shapeRow(lr.line, lr.cells, s.width, true)
	if len(lr.issues) > 0 {
		issues = append(lr.issues, issues...)
	}
	return importing.Row{Line: lr.line, Cells: cells, Issues: issues}
}

// toRow turns a scanned record into strings, checking the text against the
// encoding and taking NUL bytes out.
//
// NUL bytes: a NUL in a text file is an artefact (of a database export or
// a broken conversion), it would truncate values in C-based tools reading
// the data file, and it cannot be typed or seen; so it is removed and the
// row gets an issue naming the column.
func (s *csvSource) toRow(rec *rawRecord) (lookRow, error) {
	if err := s.checkText(rec); err != nil {
		return lookRow{}, err
	}
	lr := lookRow{line: rec.line, cells: make([]string, len(rec.ends))}
	all := string(rec.buf)
	start := 0
	for i, end := range rec.ends {
		lr.cells[i] = all[start:end]
		start = end
	}
	if bytes.IndexByte(rec.buf, 0) >= 0 {
		for i, c := range lr.cells {
			if strings.IndexByte(c, 0) >= 0 {
				lr.cells[i] = strings.ReplaceAll(c, "\x00", "")
				lr.issues = append(lr.issues, importing.RowIssue{Line: rec.line, Column: i + 1, Message: "NUL bytes removed from the cell"})
			}
		}
	}
	for _, i := range rec.strayQuote {
		lr.issues = append(lr.issues, importing.RowIssue{Line: rec.line, Column: i + 1, Message: fmt.Sprintf(
			"text follows the closing quote of a quoted cell; read as %q", clip(lr.cells[i]))})
	}
	return lr, nil
}

// checkText finds bytes that are not text in the file's encoding: invalid
// UTF-8, or (for other encodings) bytes the decoder could not map, which it
// marks with U+FFFD, or, for the encodings that can encode U+FFFD itself
// (UTF-16, GB18030), with a byte that is not valid UTF-8 (see
// strictDecoder). A U+FFFD really written in a UTF-8, UTF-16 or GB18030
// file is kept.
func (s *csvSource) checkText(rec *rawRecord) error {
	bad := -1
	if s.enc.enc == nil || s.enc.strict() {
		if utf8.Valid(rec.buf) {
			return nil
		}
		for i := 0; i < len(rec.buf); {
			r, size := utf8.DecodeRune(rec.buf[i:])
			if r == utf8.RuneError && size == 1 {
				bad = i
				break
			}
			i += size
		}
	} else {
		bad = bytes.Index(rec.buf, []byte("\uFFFD"))
	}
	if bad < 0 {
		return nil
	}
	col := 1
	for col <= len(rec.ends) && rec.ends[col-1] <= bad {
		col++
	}
	line := rec.line + lineBreaks(rec.buf[:bad])
	hint := "choose the file's encoding with the encoding option"
	if s.enc.guessed {
		hint = fmt.Sprintf("the encoding %s was guessed; choose another with the encoding option", s.enc.name)
	}
	if s.enc.enc == nil {
		return readErr(s.file, line, col, importing.ErrEncoding, "byte 0x%02X is not valid %s text (%s)", rec.buf[bad], s.enc.name, hint)
	}
	return readErr(s.file, line, col, importing.ErrEncoding, "bytes that are not valid %s text (%s)", s.enc.name, hint)
}

// lineBreaks counts CRLF, LF and CR line breaks.
func lineBreaks(p []byte) int {
	n := 0
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '\n':
			n++
		case '\r':
			n++
			if i+1 < len(p) && p[i+1] == '\n' {
				i++
			}
		}
	}
	return n
}

// openCSV prepares a csvSource: encoding, delimiter, header. head is the
// start of the file (up to sampleSize bytes); r is positioned anywhere.
func openCSV(ctx context.Context, file string, r io.ReadSeeker, head []byte, opts importing.ReadOptions, preferTab bool) (*csvSource, error) {
	if len(head) == 0 {
		return nil, readErr(file, 0, 0, importing.ErrEmptyFile, "the file is empty")
	}
	enc, err := chooseEncoding(ctx, file, r, head, opts)
	if err != nil {
		return nil, err
	}
	if len(head) == enc.bom && len(head) < sampleSize {
		return nil, readErr(file, 0, 0, importing.ErrEmptyFile, "the file is empty (it holds only a byte order mark)")
	}
	if _, err := r.Seek(int64(enc.bom), io.SeekStart); err != nil {
		return nil, ioErr(file, 0, err)
	}
	var text io.Reader = r
	if dec := enc.decoder(); dec != nil {
		text = transform.NewReader(r, dec)
	}
	// The decoded start of the file, for sniffing; the scanner then reads
	// it again before the rest.
	sample := make([]byte, sampleSize)
	n, err := io.ReadFull(text, sample)
	sample = sample[:n]
	complete := err == io.EOF || err == io.ErrUnexpectedEOF
	if err != nil && !complete {
		return nil, ioErr(file, 0, err)
	}

	o := opts.WithDefaults()
	delim := byte(0)
	switch {
	case opts.Delimiter == 0:
		delim = sniffDelimiter(sample, complete, preferTab)
	case opts.Delimiter < utf8.RuneSelf && opts.Delimiter != '"' && opts.Delimiter != '\r' && opts.Delimiter != '\n' && opts.Delimiter != 0:
		delim = byte(opts.Delimiter)
	default:
		return nil, readErr(file, 0, 0, importing.ErrBadOptions, "the delimiter %q is not supported: use one ASCII character other than a quote or a line break", opts.Delimiter)
	}
	src := &csvSource{file: file, enc: enc}
	src.sc = newScanner(io.MultiReader(bytes.NewReader(sample), text), file, delim, limits{field: o.MaxFieldBytes, record: o.MaxRecordBytes, columns: o.MaxColumns})
	src.info = importing.SourceInfo{Format: importing.FormatCSV, Encoding: enc.display(), EncodingGuessed: enc.guessed, Delimiter: rune(delim)}

	look, err := src.lookahead(opts.HeaderRow)
	if err != nil {
		return nil, err
	}
	h := 0
	if opts.HeaderRow == 0 {
		h = detectHeader(look)
	}
	headers, err := buildHeader(file, look[h], look[h+1:])
	if err != nil {
		return nil, err
	}
	src.width = len(headers)
	src.info.Headers = headers
	src.info.HeaderLine = look[h].line
	for _, lr := range look[h+1:] {
		src.pending = append(src.pending, src.shape(lr))
	}
	if len(src.pending) == 0 {
		rec, err := src.sc.next()
		switch {
		case err == io.EOF:
			return nil, readErr(file, src.info.HeaderLine, 0, importing.ErrNoDataRows, "no data rows: the file ends after the header")
		case err != nil:
			return nil, err
		}
		lr, err := src.toRow(rec)
		if err != nil {
			return nil, err
		}
		src.pending = append(src.pending, src.shape(lr))
	}
	// Line endings seen so far (the sample and the rows read ahead).
	src.info.LineEnding = src.sc.lineEnding()
	return src, nil
}

// lookahead reads the first rows, from the header row on when it is given.
func (s *csvSource) lookahead(headerRow int) ([]lookRow, error) {
	var look []lookRow
	size := 0
	for len(look) < lookaheadRows && size < lookaheadBytes {
		rec, err := s.sc.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if headerRow > 0 && len(look) == 0 {
			if rec.line < headerRow {
				if lastLine := rec.line + lineBreaks(rec.buf); lastLine >= headerRow {
					return nil, readErr(s.file, headerRow, 0, importing.ErrBadOptions,
						"the header row %d is inside a quoted cell of the row that starts on line %d", headerRow, rec.line)
				}
				continue
			}
			if rec.line > headerRow {
				return nil, readErr(s.file, headerRow, 0, importing.ErrBadOptions, "the header row %d is blank", headerRow)
			}
		}
		lr, err := s.toRow(rec)
		if err != nil {
			return nil, err
		}
		size += len(rec.buf)
		look = append(look, lr)
	}
	if len(look) == 0 {
		if headerRow > 0 {
			return nil, readErr(s.file, headerRow, 0, importing.ErrBadOptions, "the header row %d is past the end of the file", headerRow)
		}
		return nil, readErr(s.file, 0, 0, importing.ErrEmptyFile, "the file is empty (it holds only blank lines)")
	}
	return look, nil
}

// chooseEncoding applies the user's choice or detects the encoding. A file
// whose first 64 KiB are plain ASCII is searched further for its first
// non-ASCII byte, so that a Windows-1252 "é" deep in the file is not read
// as broken UTF-8.
func chooseEncoding(ctx context.Context, file string, r io.ReadSeeker, head []byte, opts importing.ReadOptions) (textEncoding, error) {
	if opts.Encoding != "" {
		t, err := lookupEncoding(opts.Encoding, head)
		if err != nil {
			return t, readErr(file, 0, 0, importing.ErrBadOptions, "%v", err)
		}
		return t, nil
	}
	atEOF := len(head) < sampleSize
	t := detectEncoding(head, atEOF)
	if t.bom > 0 || t.enc != nil && (t.name == encUTF16LE || t.name == encUTF16BE) {
		return t, nil
	}
	if looksBinary(head) {
		return t, readErr(file, 0, 0, importing.ErrBinaryFile, "not a CSV or XLSX file: this is binary data (control and NUL bytes)")
	}
	if atEOF || !isASCII(head) {
		return t, nil
	}
	// Refuse a file whose first rows are already too wide before reading
	// the rest of it.
	if err := preflight(file, head, opts); err != nil {
		return t, err
	}
	off, found, err := findNonASCII(ctx, r, int64(len(head)))
	if ctxErr := ctx.Err(); ctxErr != nil {
		return t, readErr(file, 0, 0, ctxErr, "stopped while detecting the encoding: %v", ctxErr)
	}
	if err != nil {
		return t, ioErr(file, 0, err)
	}
	if !found {
		return t, nil // ASCII throughout: UTF-8
	}
	from := max(0, off-256)
	if _, err := r.Seek(from, io.SeekStart); err != nil {
		return t, ioErr(file, 0, err)
	}
	window := make([]byte, sampleSize)
	n, err := io.ReadFull(r, window)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return t, ioErr(file, 0, err)
	}
	return guessTextEncoding(window[:n], n < sampleSize), nil
}

// preflight scans the records of an ASCII start of a file for a limit
// they already break (a 10,000-column header).
func preflight(file string, head []byte, opts importing.ReadOptions) error {
	o := opts.WithDefaults()
	delim := byte(opts.Delimiter)
	if opts.Delimiter == 0 || opts.Delimiter >= utf8.RuneSelf {
		delim = sniffDelimiter(head, false, false)
	}
	sc := newScanner(bytes.NewReader(head), file, delim, limits{field: o.MaxFieldBytes, record: o.MaxRecordBytes, columns: o.MaxColumns})
	for {
		_, err := sc.next()
		if err == nil {
			continue
		}
		if errors.Is(err, importing.ErrTooManyColumns) || errors.Is(err, importing.ErrTooLarge) {
			return err
		}
		return nil // the end of the sample, or a quote that may close past it
	}
}

func isASCII(p []byte) bool {
	for len(p) >= 8 {
		if binary.LittleEndian.Uint64(p)&0x8080808080808080 != 0 {
			return false
		}
		p = p[8:]
	}
	for _, c := range p {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// findNonASCII returns the offset of the first byte >= 0x80 at or after
// from.
func findNonASCII(ctx context.Context, r io.ReadSeeker, from int64) (int64, bool, error) {
	if _, err := r.Seek(from, io.SeekStart); err != nil {
		return 0, false, err
	}
	buf := make([]byte, 1<<20)
	off := from
	for {
		if err := ctx.Err(); err != nil {
			return 0, false, err
		}
		n, err := io.ReadFull(r, buf)
		if n > 0 && !isASCII(buf[:n]) {
			for i, c := range buf[:n] {
				if c >= utf8.RuneSelf {
					return off + int64(i), true, nil
				}
			}
		}
		off += int64(n)
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return 0, false, nil
		}
		if err != nil {
			return 0, false, err
		}
	}
}
