package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"kontor/domain"
	"kontor/domain/importing"
	"kontor/storage/filesource"
	"kontor/storage/sqlstore"
)

// BenchmarkWizardTimeToFields measures what stands between choosing a file
// in the import wizard and its Fields step: reading the preview (detection
// of encoding, delimiter and header, the first rows) and proposing the
// mapping (preset lookup in the data file, header and value matching), on
// a generated people file of KONTOR_BENCH_ROWS rows (default 1,000,000).
// The whole-file plan runs in the background and is not part of it. Run:
//
//	go test ./cmd/kontor -run '^$' -bench WizardTimeToFields -benchtime 20x
func BenchmarkWizardTimeToFields(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	path := filepath.Join(dir, "people.csv")
	writePeopleCSV(b, path, 0, benchRows())
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	s, err := sqlstore.Open(ctx, filepath.Join(dir, "kontor.db"), sqlstore.Options{Region: "PL"})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	job := importing.Job{Opener: filesource.Opener{}, Path: path}
	b.ReportMetric(float64(st.Size())/(1<<20), "file-MB")
	b.ResetTimer()
	for b.Loop() {
		pv, err := job.Look(ctx)
		if err != nil {
			b.Fatal(err)
		}
		prop, err := importing.Propose(ctx, pv, s, "", "PL")
		if err != nil {
			b.Fatal(err)
		}
		if prop.Mapping.Type != domain.TypePerson || !pv.More {
			b.Fatalf("proposed %s, more rows %v", prop.Mapping.Type, pv.More)
		}
		if _, err := s.CustomFields(ctx, prop.Mapping.Type); err != nil {
			b.Fatal(err)
		}
	}
}
