package tui

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"kontor/domain"
	"kontor/domain/importing"
)

// Test doubles of the import engine's ports for the wizard's Update/View
// tests (the tui package may not use storage): csvFiles reads UTF-8 CSV
// with encoding/csv, memImports plans and imports against the memStore in
// a copy that replaces the data only when the import succeeds. The flows
// on the real readers and the real data file live in cmd/kontor.

type csvFiles struct{}

type csvSource struct {
	info importing.SourceInfo
	rows [][]string
	next int
}

func (s *csvSource) Info() importing.SourceInfo { return s.info }
func (s *csvSource) Close() error               { return nil }
func (s *csvSource) Next() (importing.Row, error) {
	if s.next >= len(s.rows) {
		return importing.Row{}, io.EOF
	}
	s.next++
	return importing.Row{Line: s.next + s.info.HeaderLine, Cells: s.rows[s.next-1]}, nil
}

func (csvFiles) Open(_ context.Context, path string, opts importing.ReadOptions) (importing.RowSource, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, &importing.ReadError{File: filepath.Base(path), Msg: err.Error(), Err: err}
	}
	b = bytes.TrimPrefix(b, []byte("\ufeff"))
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	r.LazyQuotes = false
	if opts.Delimiter != 0 {
		r.Comma = opts.Delimiter
	}
	recs, err := r.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &importing.ReadError{File: filepath.Base(path), Line: pe.Line, Column: pe.Column, Msg: pe.Err.Error(), Err: importing.ErrUnbalancedQuote}
		}
		return nil, err
	}
	header := max(1, opts.HeaderRow)
	if len(recs) < header {
		return nil, &importing.ReadError{File: filepath.Base(path), Msg: "the file is empty", Err: importing.ErrEmptyFile}
	}
	delim := r.Comma
	info := importing.SourceInfo{Format: importing.FormatCSV, Encoding: "utf-8", Delimiter: delim, HeaderLine: header, Headers: recs[header-1]}
	return &csvSource{info: info, rows: recs[header:]}, nil
}

func (csvFiles) Fingerprint(path string) (int64, string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, "", err
	}
	sum := sha256.Sum256(b)
	return int64(len(b)), hex.EncodeToString(sum[:]), nil
}

type csvReport struct {
	f    *os.File
	w    *csv.Writer
	path string
}

func (csvFiles) CreateReport(path string, headers []string) (importing.ReportWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	w := csv.NewWriter(f)
	if err := w.Write(append([]string{"line", "outcome", "record_id", "reason"}, headers...)); err != nil {
		return nil, err
	}
	return &csvReport{f: f, w: w, path: path}, nil
}

func (r *csvReport) Write(o importing.Outcome) error {
	return r.w.Write(append([]string{fmt.Sprint(o.Line), importing.OutcomeName(o), fmt.Sprint(o.RecordID), o.Reason}, o.Cells...))
}
func (r *csvReport) Close() error { r.w.Flush(); return errors.Join(r.w.Error(), r.f.Close()) }
func (r *csvReport) Discard()     { r.f.Close(); os.Remove(r.path) }

// memImports is importing.Store over a memStore.
type memImports struct {
	s       *memStore
	mu      sync.Mutex
	presets []importing.Preset
	imports []importing.ImportRecord
	// gate, when set, holds every created person until it is closed or the
	// import is cancelled (to test cancelling midway).
	gate chan struct{}
	// gateAfter lets this many people through before the gate holds.
	gateAfter int
}

func (m *memImports) personRef(p domain.Person) importing.PersonRef {
	r := importing.PersonRef{ID: p.ID, FirstName: p.FirstName, LastName: p.LastName, CompanyID: p.CompanyID}
	for _, e := range p.Emails {
		r.EmailKeys = append(r.EmailKeys, domain.EmailKey(e.Address))
	}
	for _, ph := range p.Phones {
		if ph.E164 != "" {
			r.Phones = append(r.Phones, ph.E164)
		}
	}
	return r
}

func (m *memImports) companyRef(c domain.Company) importing.CompanyRef {
	return importing.CompanyRef{ID: c.ID, Name: c.Name, NameKey: domain.CompanyKey(c.Name), Domain: c.Domain, TaxIDs: c.TaxIDs}
}

func (m *memImports) CompaniesByNameKey(_ context.Context, keys []string) (map[string][]importing.CompanyRef, error) {
	out := map[string][]importing.CompanyRef{}
	for _, k := range keys {
		for _, c := range m.s.companies {
			if domain.CompanyKey(c.Name) == k {
				out[k] = append(out[k], m.companyRef(c))
			}
		}
	}
	return out, nil
}

func (m *memImports) CompaniesByNameKeyPrefix(_ context.Context, prefix string, limit int) ([]importing.CompanyRef, error) {
	var out []importing.CompanyRef
	for _, c := range m.s.companies {
		if strings.HasPrefix(domain.CompanyKey(c.Name), prefix) && len(out) < limit {
			out = append(out, m.companyRef(c))
		}
	}
	return out, nil
}

func (m *memImports) CompaniesByDomain(_ context.Context, domains []string) (map[string][]importing.CompanyRef, error) {
	out := map[string][]importing.CompanyRef{}
	for _, d := range domains {
		for _, c := range m.s.companies {
			if c.Domain == d {
				out[d] = append(out[d], m.companyRef(c))
			}
		}
	}
	return out, nil
}

func (m *memImports) CompaniesByTaxID(context.Context, []domain.TaxID) (map[string][]importing.CompanyRef, error) {
	return map[string][]importing.CompanyRef{}, nil
}

func (m *memImports) PeopleByEmailKey(_ context.Context, keys []string) (map[string][]importing.PersonRef, error) {
	out := map[string][]importing.PersonRef{}
	for _, k := range keys {
		for _, p := range m.s.people {
			for _, e := range p.Emails {
				if domain.EmailKey(e.Address) == k {
					out[k] = append(out[k], m.personRef(p))
				}
			}
		}
	}
	return out, nil
}

func (m *memImports) PeopleByPhone(_ context.Context, e164 []string) (map[string][]importing.PersonRef, error) {
	out := map[string][]importing.PersonRef{}
	for _, k := range e164 {
		for _, p := range m.s.people {
			for _, ph := range p.Phones {
				if ph.E164 == k {
					out[k] = append(out[k], m.personRef(p))
				}
			}
		}
	}
	return out, nil
}

func (m *memImports) PeopleByNameAndCompany(_ context.Context, keys []importing.NameAtCompany) (map[importing.NameAtCompany][]importing.PersonRef, error) {
	out := map[importing.NameAtCompany][]importing.PersonRef{}
	for _, k := range keys {
		for _, p := range m.s.people {
			if p.CompanyID == k.CompanyID && domain.PersonNameKey(p.FirstName, p.LastName) == k.NameKey {
				out[k] = append(out[k], m.personRef(p))
			}
		}
	}
	return out, nil
}

func (m *memImports) PeopleByNameKey(_ context.Context, keys []string) (map[string][]importing.PersonRef, error) {
	out := map[string][]importing.PersonRef{}
	for _, k := range keys {
		for _, p := range m.s.people {
			if domain.PersonNameKey(p.FirstName, p.LastName) == k {
				out[k] = append(out[k], m.personRef(p))
			}
		}
	}
	return out, nil
}

func (m *memImports) PeopleOfCompanies(_ context.Context, ids []domain.ID, limit int) (map[domain.ID][]importing.PersonRef, error) {
	out := map[domain.ID][]importing.PersonRef{}
	for _, id := range ids {
		for _, p := range m.s.people {
			if p.CompanyID == id && len(out[id]) < limit {
				out[id] = append(out[id], m.personRef(p))
			}
		}
	}
	return out, nil
}

func (m *memImports) DealsByTitleKey(context.Context, []string) (map[string][]importing.DealRef, error) {
	return map[string][]importing.DealRef{}, nil
}

func (m *memImports) Stages(context.Context) ([]domain.Stage, error) { return m.s.stages, nil }

func (m *memImports) CustomFields(_ context.Context, t domain.RecordType) ([]domain.CustomField, error) {
	return m.s.fields[t], nil
}

func (m *memImports) SavePreset(_ context.Context, p importing.Preset) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.presets = append(m.presets, p)
	return nil
}

func (m *memImports) Preset(_ context.Context, name string) (importing.Preset, error) {
	for _, p := range m.presets {
		if p.Name == name {
			return p, nil
		}
	}
	return importing.Preset{}, domain.ErrNotFound
}

func (m *memImports) PresetForHeaders(_ context.Context, headers []string) (importing.Preset, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	sig := importing.HeaderSignature(headers)
	for i := len(m.presets) - 1; i >= 0; i-- {
		if m.presets[i].Signature == sig {
			return m.presets[i], true, nil
		}
	}
	return importing.Preset{}, false, nil
}

func (m *memImports) ListPresets(context.Context) ([]importing.Preset, error) { return m.presets, nil }
func (m *memImports) ListImports(context.Context) ([]importing.ImportRecord, error) {
	return m.imports, nil
}
func (m *memImports) GetImport(_ context.Context, id domain.ID) (importing.ImportRecord, error) {
	for _, r := range m.imports {
		if r.ID == id {
			return r, nil
		}
	}
	return importing.ImportRecord{}, domain.ErrNotFound
}
func (m *memImports) UndoImport(context.Context, domain.ID, bool) (importing.UndoReport, error) {
	return importing.UndoReport{}, errors.New("undo is not part of the wizard's tests")
}

// RunImport applies into copies of the maps and keeps them only on
// success: a transaction.
func (m *memImports) RunImport(ctx context.Context, meta importing.ImportMeta, fn func(w importing.Writer) (importing.Result, error)) (domain.ID, importing.Result, error) {
	s := m.s
	people, companies, fields := clone(s.people), clone(s.companies), clone(s.fields)
	next := s.nextID
	id := domain.ID(len(m.imports) + 1)
	w := &memWriter{m: m, id: id}
	res, err := fn(w)
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		s.people, s.companies, s.fields, s.nextID = people, companies, fields, next
		return 0, importing.Result{}, err
	}
	m.imports = append(m.imports, importing.ImportRecord{ID: id, FileName: meta.FileName, Type: meta.Type, Status: "applied", Result: res})
	s.touch()
	return id, res, nil
}

func clone[K comparable, V any](in map[K]V) map[K]V {
	out := make(map[K]V, len(in))
	for k, v := range in {
		out[k] = v
	}
	return out
}

type memWriter struct {
	m       *memImports
	id      domain.ID
	created int
}

func (w *memWriter) CreateCustomField(ctx context.Context, f *domain.CustomField) error {
	return w.m.s.CreateCustomField(ctx, f)
}
func (w *memWriter) CreateStage(context.Context, *domain.Stage) error {
	return errors.New("stages are not part of the wizard's tests")
}
func (w *memWriter) CreateCompany(_ context.Context, c *domain.Company) error {
	c.ImportID = w.id
	c.ID = w.m.addCompanyDirect(*c)
	return nil
}
func (w *memWriter) CreatePerson(ctx context.Context, p *domain.Person) error {
	if g := w.m.gate; g != nil && w.created >= w.m.gateAfter {
		select {
		case <-g:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	w.created++
	p.ImportID = w.id
	p.ID = w.m.s.addPerson(*p)
	return nil
}
func (w *memWriter) CreateDeal(context.Context, *domain.Deal) error {
	return errors.New("deals are not part of the wizard's tests")
}
func (w *memWriter) GetCompany(ctx context.Context, id domain.ID) (domain.Company, error) {
	return w.m.s.GetCompany(ctx, id)
}
func (w *memWriter) GetPerson(ctx context.Context, id domain.ID) (domain.Person, error) {
	return w.m.s.GetPerson(ctx, id)
}
func (w *memWriter) GetDeal(ctx context.Context, id domain.ID) (domain.Deal, error) {
	return w.m.s.GetDeal(ctx, id)
}
func (w *memWriter) UpdateCompany(_ context.Context, _, after domain.Company) error {
	w.m.s.companies[after.ID] = after
	return nil
}
func (w *memWriter) UpdatePerson(_ context.Context, _, after domain.Person) error {
	w.m.s.people[after.ID] = after
	return nil
}
func (w *memWriter) UpdateDeal(context.Context, domain.Deal, domain.Deal) error {
	return errors.New("deals are not part of the wizard's tests")
}

func (m *memImports) addCompanyDirect(c domain.Company) domain.ID { return m.s.addCompany(c) }
