package main

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

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
	cpu0 := cpuTime(b)
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
	b.ReportMetric(float64(st.Size())/(1<<20), "file-MB")
	// CPU time per step: on a busy machine wall time also counts waiting
	// for a core.
	b.ReportMetric(float64((cpuTime(b)-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// cpuTime is the process's user and system time so far.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
