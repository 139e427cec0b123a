package importing

import (
	"context"
	"errors"
	"io"

	"kontor/domain"
)

// The first two steps of an import, shared by `kontor import` and the
// wizard: look at the file (Preview), then propose a mapping (Propose).

// SampleRows is how many rows a preview reads: enough for matching by
// values and for date-order evidence, small enough to be instant.
const SampleRows = 200

// Preview is what Kontor read at the start of a file.
type Preview struct {
	Path string
	Info SourceInfo
	// Rows are the first data rows (up to SampleRows).
	Rows []Row
	// More is set when the file has rows beyond the sample.
	More bool
}

// Cells returns the sample's cells.
func (p Preview) Cells() [][]string {
	out := make([][]string, len(p.Rows))
	for i, r := range p.Rows {
		out[i] = r.Cells
	}
	return out
}

// Look opens a file and reads its first rows.
func Look(ctx context.Context, opener SourceOpener, path string, opts ReadOptions) (Preview, error) {
	src, err := opener.Open(ctx, path, opts)
	if err != nil {
		return Preview{}, err
	}
	defer src.Close()
	pv := Preview{Path: path, Info: src.Info()}
	for len(pv.Rows) < SampleRows {
		row, err := src.Next()
		if errors.Is(err, io.EOF) {
			return pv, nil
		}
		if err != nil {
			return pv, err
		}
		pv.Rows = append(pv.Rows, row)
	}
	if _, err := src.Next(); err == nil {
		pv.More = true
	}
	return pv, nil
}

// Proposal is a mapping with where it came from.
type Proposal struct {
	Mapping Mapping
	Match   MatchResult
	// Preset names the saved mapping applied, "" when matched afresh.
	Preset string
}

// Propose maps a previewed file: a saved preset for the same header set
// when there is one (and no type is forced that differs), else the
// matcher's best guess. A forced type (from --type or the user) overrides
// the guessed one.
func Propose(ctx context.Context, pv Preview, presets Presets, forced domain.RecordType, region string) (Proposal, error) {
	samples := pv.Cells()
	if presets != nil {
		p, ok, err := presets.PresetForHeaders(ctx, pv.Info.Headers)
		if err != nil {
			return Proposal{}, err
		}
		if ok && (forced == "" || forced == p.Mapping.Type) {
			m := p.Adapt(pv.Info.Headers)
			m.GuessPhoneRegions(samples, region)
			return Proposal{Mapping: m, Match: MatchAs(m.Type, pv.Info.Headers, samples), Preset: p.Name}, nil
		}
	}
	var mr MatchResult
	if forced != "" {
		mr = MatchAs(forced, pv.Info.Headers, samples)
	} else {
		mr = Match(pv.Info.Headers, samples)
	}
	m := MappingFromMatch(mr, samples)
	m.GuessPhoneRegions(samples, region)
	return Proposal{Mapping: m, Match: mr}, nil
}
