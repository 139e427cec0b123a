package importing

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"kontor/domain"
)

// FuzzMatch: header matching on arbitrary headers (and values), seeded
// with every fixture's header row and first rows. Encoded as one string:
// lines are rows (the first the headers), cells are separated by "|".
// Properties: no panic; the same answer twice; one column match per
// header, in order; every field a catalogue field of the chosen type, a
// single-valued field fed by at most one column; confidences and type
// scores in range.
func FuzzMatch(f *testing.F) {
	for _, ft := range fixtureTables(f) {
		lines := []string{strings.Join(ft.header, "|")}
		for _, r := range ft.rows[:min(3, len(ft.rows))] {
			lines = append(lines, strings.Join(r, "|"))
		}
		f.Add(strings.Join(lines, "\n"))
	}
	for _, s := range []string{"", "|", "Email|Email|E-mail|Phone|Phone|Phone", "Imię|Nazwisko|Firma\nJan|Kowalski|ACME Sp. z o.o.",
		"客户姓名|联系方式\n张三|13800138000", "Deal Name|Amount|Stage|Closing Date\nX|1 000,00 zł|Won|31.12.2024", "\x1b[2J|\u202eemail"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lines := strings.Split(s, "\n")
		headers := strings.Split(lines[0], "|")
		var samples [][]string
		for _, l := range lines[1:] {
			samples = append(samples, strings.Split(l, "|"))
		}
		mr := Match(headers, samples)
		if again := Match(headers, samples); !reflect.DeepEqual(mr, again) {
			t.Fatalf("Match is not deterministic on %q:\n%+v\n%+v", s, mr, again)
		}
		checkMatch(t, s, headers, mr)
		if total := sumScores(mr.TypeScores); len(mr.TypeScores) > 0 && math.Abs(total-1) > 0.01 {
			t.Fatalf("type scores %v sum to %v", mr.TypeScores, total)
		}
		for _, typ := range domain.RecordTypes {
			as := MatchAs(typ, headers, samples)
			if as.Type != typ {
				t.Fatalf("MatchAs(%s) answered %s", typ, as.Type)
			}
			checkMatch(t, s, headers, as)
		}
	})
}

func sumScores(m map[domain.RecordType]float64) float64 {
	var s float64
	for _, v := range m {
		s += v
	}
	return s
}

func checkMatch(t *testing.T, in string, headers []string, mr MatchResult) {
	t.Helper()
	if len(mr.Columns) != len(headers) {
		t.Fatalf("%q: %d column matches for %d headers", in, len(mr.Columns), len(headers))
	}
	fed := map[string]int{}
	for i, c := range mr.Columns {
		if c.Index != i || c.Header != headers[i] {
			t.Fatalf("%q: column %d is %+v", in, i, c)
		}
		if c.Confidence < 0 || c.Confidence > 1 || math.IsNaN(c.Confidence) {
			t.Fatalf("%q: column %d confidence %v", in, i, c.Confidence)
		}
		for _, cand := range c.Candidates {
			if _, ok := FieldByKey(mr.Type, cand.Field); !ok && !strings.HasPrefix(cand.Field, CustomPrefix) {
				t.Fatalf("%q: column %d offers %q, no %s field", in, i, cand.Field, mr.Type)
			}
		}
		if c.Field == "" {
			if c.Confidence != 0 {
				t.Fatalf("%q: skipped column %d has confidence %v", in, i, c.Confidence)
			}
			continue
		}
		fd, ok := FieldByKey(mr.Type, c.Field)
		if !ok {
			t.Fatalf("%q: column %d feeds %q, no %s field", in, i, c.Field, mr.Type)
		}
		if c.Confidence < matchThreshold {
			t.Fatalf("%q: column %d feeds %s below the threshold (%v)", in, i, c.Field, c.Confidence)
		}
		if fed[c.Field]++; fed[c.Field] > 1 && !fd.Repeatable {
			t.Fatalf("%q: %d columns feed the single-valued field %s: %+v", in, fed[c.Field], c.Field, mr.Columns)
		}
	}
}
