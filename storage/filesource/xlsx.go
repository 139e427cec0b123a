package filesource

import (
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"github.com/xuri/nfp"

	"kontor/domain/importing"
)

const (
	// maxXLSXBytes: excelize reads the whole (compressed) workbook into
	// memory, so bigger files are refused rather than risked.
	maxXLSXBytes = 1 << 30
	// unzipLimit caps what a workbook may expand to (zip bombs); worksheets
	// over excelize's XML size limit stream from temporary files.
	unzipLimit = 4 << 30
)

// xlsxSource streams the rows of one worksheet.
type xlsxSource struct {
	file   string
	info   importing.SourceInfo
	f      *excelize.File
	rows   *excelize.Rows
	rowNum int // sheet row number of the row last read
	// raw reads the same sheet without number formats, a step behind
	// rows, opened at the first cell that looks like a number in
	// exponent form (see numberCells).
	raw     *excelize.Rows
	rawNum  int
	lim     limits
	width   int
	pending []importing.Row
	err     error
}

func (s *xlsxSource) Info() importing.SourceInfo { return s.info }

func (s *xlsxSource) Close() error {
	s.err = io.EOF
	s.pending = nil
	var errs []error
	if s.rows != nil {
		errs = append(errs, s.rows.Close())
		s.rows = nil
	}
	if s.raw != nil {
		errs = append(errs, s.raw.Close())
		s.raw = nil
	}
	if s.f != nil {
		errs = append(errs, s.f.Close())
		s.f = nil
	}
	return errors.Join(errs...)
}

func (s *xlsxSource) Next() (importing.Row, error) {
	if len(s.pending) > 0 {
		r := s.pending[0]
		s.pending[0] = importing.Row{}
		s.pending = s.pending[1:]
		return r, nil
	}
	if s.err != nil {
		return importing.Row{}, s.err
	}
	lr, err := s.next()
	if err != nil {
		s.err = err
		return importing.Row{}, err
	}
	return s.shape(lr), nil
}

func (s *xlsxSource) shape(lr lookRow) importing.Row {
	cells, issues := shapeRow(lr.line, lr.cells, s.width, false)
	return importing.Row{Line: lr.line, Cells: cells, Issues: issues}
}

// next reads the next non-empty row of the sheet.
func (s *xlsxSource) next() (lookRow, error) {
	for s.rows.Next() {
		s.rowNum++
		cells, err := s.rows.Columns()
		if err != nil {
			return lookRow{}, ioErr(s.file, s.rowNum, err)
		}
		if width(cells) == 0 {
			continue // an empty row is no row
		}
		if len(cells) > s.lim.columns {
			return lookRow{}, readErr(s.file, s.rowNum, 0, importing.ErrTooManyColumns, "more than %d columns in one row", s.lim.columns)
		}
		size := 0
		exponent := false
		for i, c := range cells {
			if len(c) > s.lim.field {
				return lookRow{}, readErr(s.file, s.rowNum, i+1, importing.ErrTooLarge, "cell is longer than the %s limit", mib(s.lim.field))
			}
			size += len(c)
			exponent = exponent || plainNumber(c) != c
		}
		if size > s.lim.record {
			return lookRow{}, readErr(s.file, s.rowNum, 0, importing.ErrTooLarge, "row is longer than the %s limit", mib(s.lim.record))
		}
		if exponent {
			if err := s.numberCells(cells); err != nil {
				return lookRow{}, err
			}
		}
		return lookRow{line: s.rowNum, cells: cells}, nil
	}
	if err := s.rows.Error(); err != nil {
		return lookRow{}, ioErr(s.file, s.rowNum, err)
	}
	return lookRow{}, io.EOF
}

// lookahead reads the first non-empty rows, from headerRow on when given.
func (s *xlsxSource) lookahead(headerRow int) ([]lookRow, error) {
	var look []lookRow
	size := 0
	for len(look) < lookaheadRows && size < lookaheadBytes {
		lr, err := s.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if headerRow > 0 && len(look) == 0 {
			if lr.line < headerRow {
				continue
			}
			if lr.line > headerRow {
				return nil, readErr(s.file, headerRow, 0, importing.ErrBadOptions, "the header row %d of sheet %q is empty", headerRow, s.info.Sheet)
			}
		}
		for _, c := range lr.cells {
			size += len(c)
		}
		look = append(look, lr)
	}
	return look, nil
}

// openXLSX opens a workbook and its sheet (the one named, or the first that
// looks like data), and finds the header.
func openXLSX(file string, r io.ReadSeeker, size int64, opts importing.ReadOptions) (*xlsxSource, error) {
	if size > maxXLSXBytes {
		return nil, readErr(file, 0, 0, importing.ErrTooLarge, "the workbook is larger than %s; save the sheet as CSV instead", mib(maxXLSXBytes))
	}
	if _, err := r.Seek(0, io.SeekStart); err != nil {
		return nil, ioErr(file, 0, err)
	}
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: unzipLimit, ShortDatePattern: isoDate, LongTimePattern: isoTime})
	if err != nil {
		return nil, readErr(file, 0, 0, importing.ErrUnsupportedFormat, "this is a ZIP archive but not a readable Excel workbook (.xlsx): %v", err)
	}
	o := opts.WithDefaults()
	s := &xlsxSource{file: file, f: f, lim: limits{field: o.MaxFieldBytes, record: o.MaxRecordBytes, columns: o.MaxColumns}}
	ok := false
	defer func() {
		if !ok {
			s.Close()
		}
	}()
	isoDates(f)
	sheets := f.GetSheetList()
	s.info = importing.SourceInfo{Format: importing.FormatXLSX, Encoding: encUTF8, Sheets: sheets}
	if len(sheets) == 0 {
		return nil, readErr(file, 0, 0, importing.ErrNoDataRows, "the workbook has no sheets")
	}

	var look []lookRow
	h := 0
	if opts.Sheet != "" {
		sheet, found := findSheet(sheets, opts.Sheet)
		if !found {
			return nil, readErr(file, 0, 0, importing.ErrNoSuchSheet, "no sheet is named %q; the sheets are %s", opts.Sheet, quoteList(sheets))
		}
		if look, err = s.probe(sheet, opts.HeaderRow); err != nil {
			return nil, err
		}
		if len(look) == 0 {
			if opts.HeaderRow > 0 {
				return nil, readErr(file, opts.HeaderRow, 0, importing.ErrBadOptions, "the header row %d of sheet %q is past the end of the sheet", opts.HeaderRow, sheet)
			}
			return nil, readErr(file, 0, 0, importing.ErrEmptyFile, "the sheet %q is empty", sheet)
		}
		if opts.HeaderRow == 0 {
			h = detectHeader(look)
		}
	} else {
		if look, h, err = s.chooseSheet(sheets, opts.HeaderRow); err != nil {
			return nil, err
		}
	}
	headers, err := buildHeader(file, look[h], look[h+1:])
	if err != nil {
		return nil, err
	}
	s.width = len(headers)
	s.info.Headers = headers
	s.info.HeaderLine = look[h].line
	for _, lr := range look[h+1:] {
		s.pending = append(s.pending, s.shape(lr))
	}
	if len(s.pending) == 0 {
		lr, err := s.next()
		switch {
		case err == io.EOF:
			return nil, readErr(file, s.info.HeaderLine, 0, importing.ErrNoDataRows, "no data rows: the sheet %q ends after the header", s.info.Sheet)
		case err != nil:
			return nil, err
		}
		s.pending = append(s.pending, s.shape(lr))
	}
	ok = true
	return s, nil
}

// numberCells rewrites the cells of the current row that excelize shows
// in exponent form ("1.23456789012346E+15") as plain digits (see
// plainNumber), but only number cells: text that merely looks like a
// number in exponent form ("1E+5", a product code) is kept as written. A
// number cell is one whose stored value differs from the shown value; the
// stored values come from a second reader of the sheet, opened only for
// sheets that have such cells.
func (s *xlsxSource) numberCells(cells []string) error {
	if s.raw == nil {
		rows, err := s.f.Rows(s.info.Sheet)
		if err != nil {
			return ioErr(s.file, s.rowNum, err)
		}
		s.raw, s.rawNum = rows, 0
	}
	for s.rawNum < s.rowNum {
		if !s.raw.Next() {
			if err := s.raw.Error(); err != nil {
				return ioErr(s.file, s.rowNum, err)
			}
			return ioErr(s.file, s.rowNum, errors.New("the sheet ended early on a second reading"))
		}
		s.rawNum++
	}
	raw, err := s.raw.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return ioErr(s.file, s.rowNum, err)
	}
	for i, c := range cells {
		if i < len(raw) && raw[i] != c {
			cells[i] = plainNumber(c)
		}
	}
	return nil
}

// probe starts reading sheet and reads its first rows.
func (s *xlsxSource) probe(sheet string, headerRow int) ([]lookRow, error) {
	if s.rows != nil {
		s.rows.Close()
	}
	if s.raw != nil {
		s.raw.Close()
		s.raw = nil
	}
	rows, err := s.f.Rows(sheet)
	if err != nil {
		return nil, readErr(s.file, 0, 0, importing.ErrUnsupportedFormat, "cannot read the sheet %q: %v", sheet, err)
	}
	s.rows, s.rowNum, s.info.Sheet = rows, 0, sheet
	return s.lookahead(headerRow)
}

// chooseSheet picks the first visible sheet that looks like data: a header
// with at least two names followed by at least one row. Instruction sheets
// (a column of sentences) and empty sheets are passed over. When no sheet
// qualifies, the first sheet with any rows is read.
func (s *xlsxSource) chooseSheet(sheets []string, headerRow int) ([]lookRow, int, error) {
	fallback := ""
	for _, sheet := range sheets {
		if visible, err := s.f.GetSheetVisible(sheet); err == nil && !visible {
			continue
		}
		look, err := s.probe(sheet, headerRow)
		if err != nil {
			return nil, 0, err
		}
		if len(look) == 0 {
			continue
		}
		if fallback == "" {
			fallback = sheet
		}
		h := 0
		if headerRow == 0 {
			h = detectHeader(look)
		}
		if h+1 < len(look) && width(look[h].cells) >= 2 {
			return look, h, nil
		}
	}
	if fallback == "" {
		return nil, 0, readErr(s.file, 0, 0, importing.ErrEmptyFile, "no sheet holds any data (sheets: %s)", quoteList(sheets))
	}
	look, err := s.probe(fallback, headerRow)
	if err != nil {
		return nil, 0, err
	}
	h := 0
	if headerRow == 0 {
		h = detectHeader(look)
	}
	return look, h, nil
}

func findSheet(sheets []string, name string) (string, bool) {
	for _, s := range sheets {
		if s == name {
			return s, true
		}
	}
	for _, s := range sheets {
		if strings.EqualFold(strings.TrimSpace(s), strings.TrimSpace(name)) {
			return s, true
		}
	}
	return "", false
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// plainNumber undoes the exponent form excelize gives numbers with more
// than 15 significant digits ("1.23456789012346E+15"): long digit strings
// such as phone or account numbers stored as numbers read as digits.
func plainNumber(c string) string {
	e := strings.Index(c, "E+")
	if e < 0 {
		e = strings.Index(c, "E-")
	}
	if e < 1 || len(c) > 24 {
		return c
	}
	if _, err := strconv.Atoi(c[e+1:]); err != nil {
		return c
	}
	for i, r := range c[:e] {
		if !(r >= '0' && r <= '9' || r == '.' || r == '-' && i == 0) {
			return c
		}
	}
	v, err := strconv.ParseFloat(c, 64)
	if err != nil {
		return c
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// ISO renderings of date and time cells.
const (
	isoDate     = "yyyy-mm-dd"
	isoDateTime = "yyyy-mm-dd hh:mm:ss"
	isoTime     = "hh:mm:ss"
	// Built-in formats: 14 is the short date, which excelize renders with
	// Options.ShortDatePattern (and 22 as that pattern plus " hh:mm");
	// 21 is "hh:mm:ss".
	builtinShortDate = 14
	builtinTime      = 21
)

type dateKind int

const (
	notDate dateKind = iota
	kindDate
	kindDateTime
	kindTime
)

// isoDates makes date and time cells read as ISO 8601 text, unambiguous
// whatever the workbook's display format ("03-04-24" could be either of two
// days). Cells are read as displayed, so, in memory only (nothing is
// saved): the short date pattern is ISO (excelize.Options, set at open),
// custom formats that show a date or time are rewritten to ISO ones, and
// cell styles using other built-in date and time formats are pointed at
// the short date or "hh:mm:ss". Durations ([h]:mm, mm:ss) keep their
// format.
func isoDates(f *excelize.File) {
	if _, err := f.GetStyle(0); err != nil || f.Styles == nil {
		return // no usable styles: every cell reads as stored
	}
	if f.Styles.NumFmts != nil {
		for _, nf := range f.Styles.NumFmts.NumFmt {
			if nf == nil {
				continue
			}
			code := nf.FormatCode
			if nf.FormatCode16 != "" {
				code = nf.FormatCode16
			}
			iso := map[dateKind]string{kindDate: isoDate, kindDateTime: isoDateTime, kindTime: isoTime}[classifyFormat(code)]
			if iso != "" {
				nf.FormatCode, nf.FormatCode16 = iso, ""
			}
		}
	}
	if f.Styles.CellXfs == nil {
		return
	}
	custom := map[int]bool{}
	if f.Styles.NumFmts != nil {
		for _, nf := range f.Styles.NumFmts.NumFmt {
			if nf != nil {
				custom[nf.NumFmtID] = true
			}
		}
	}
	for i := range f.Styles.CellXfs.Xf {
		xf := &f.Styles.CellXfs.Xf[i]
		if xf.NumFmtID == nil || custom[*xf.NumFmtID] {
			continue
		}
		id := *xf.NumFmtID
		switch builtinDateKind(id) {
		case kindDate:
			id = builtinShortDate
		case kindTime:
			id = builtinTime
		}
		xf.NumFmtID = &id
	}
}

// builtinDateKind classifies Excel's built-in number formats (ECMA-376
// 18.8.30, and the East Asian date formats 27-36 and 50-58).
func builtinDateKind(id int) dateKind {
	switch {
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id == 36, id >= 50 && id <= 58:
		return kindDate
	case id >= 18 && id <= 21, id >= 32 && id <= 35:
		return kindTime
	case id == 22:
		return kindDateTime
	}
	return notDate // 45-47 are minutes:seconds and durations
}

// classifyFormat tells whether a custom number format shows a date, a time
// or both, from its first section's tokens.
func classifyFormat(code string) dateKind {
	ps := nfp.NumberFormatParser()
	sections := ps.Parse(code)
	if len(sections) == 0 {
		return notDate
	}
	var date, clock, monthOrMinute, elapsed bool
	for _, t := range sections[0].Items {
		switch t.TType {
		case nfp.TokenTypeElapsedDateTimes:
			elapsed = true
		case nfp.TokenTypeDateTimes:
			v := strings.ToLower(t.TValue)
			switch {
			case strings.ContainsAny(v, "yde") || strings.HasPrefix(v, "mmm"):
				date = true
			case strings.ContainsAny(v, "hs") || strings.Contains(v, "am/pm") || strings.Contains(v, "a/p"):
				clock = true
			case strings.Trim(v, "m") == "":
				monthOrMinute = true
			}
		}
	}
	if elapsed {
		return notDate
	}
	if monthOrMinute && !clock {
		date = true // "m" and "mm" are months unless hours or seconds are near
	}
	switch {
	case date && clock:
		return kindDateTime
	case date:
		return kindDate
	case clock:
		return kindTime
	}
	return notDate
}
