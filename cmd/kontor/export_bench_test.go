package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"kontor/domain"
	"kontor/domain/demo"
	"kontor/storage/sqlstore"
)

// Export benchmarks: people exported from a demo data file in each format,
// measuring speed and the peak Go heap during the export (sampled with
// runtime.ReadMemStats), at sizes ten times apart, so that BENCHMARKS.md can
// show memory does not grow with the number of records. Run:
//
//	go test ./cmd/kontor -run '^$' -bench 'Export$' -benchtime 1x -timeout 60m    # 10k and 100k
//	go test ./cmd/kontor -run '^$' -bench 'Export1M' -benchtime 1x -timeout 60m   # 1M
//
// KONTOR_BENCH_EXPORT_ROWS overrides the sizes of BenchmarkExport (a comma
// list, e.g. 1000,10000).

func BenchmarkExport(b *testing.B) {
	sizes := []int{10_000, 100_000}
	if env := os.Getenv("KONTOR_BENCH_EXPORT_ROWS"); env != "" {
		sizes = nil
		for _, part := range strings.Split(env, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(part))
			if err != nil || n <= 0 {
				b.Fatalf("KONTOR_BENCH_EXPORT_ROWS: %q", env)
			}
			sizes = append(sizes, n)
		}
	}
	for _, n := range sizes {
		benchExport(b, n)
	}
}

func BenchmarkExport1M(b *testing.B) { benchExport(b, 1_000_000) }

// benchExport builds a data file of n people and exports it in each format
// to a counting writer.
func benchExport(b *testing.B, n int) {
	ctx := context.Background()
	db := filepath.Join(b.TempDir(), "bench.db")
	store, err := sqlstore.Open(ctx, db, sqlstore.Options{})
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	if err := loadDemo(ctx, store, demo.New(demo.Config{People: n, Companies: max(1, n/50), Seed: 1}), func(string, ...any) {}); err != nil {
		b.Fatal(err)
	}
	store.Close()
	b.Logf("%d people loaded in %s", n, time.Since(start).Round(time.Millisecond))

	for _, format := range []exportFormat{formatCSVFile, formatJSONLFile, formatXLSXFile} {
		b.Run(fmt.Sprintf("%s/%d", format, n), func(b *testing.B) {
			s, err := sqlstore.Open(ctx, db, sqlstore.Options{ReadOnly: true})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			b.ReportAllocs()
			var peak uint64
			var written int64
			cpu0 := cpuTime(b)
			b.ResetTimer()
			for range b.N {
				w := &countingWriter{}
				sampler := startHeapSampler()
				got, err := exportRecords(ctx, s, domain.TypePerson, exportSpec{format: format}, w, func(int) {})
				p := sampler.stop()
				if err != nil || got != n {
					b.Fatalf("%d records, %v", got, err)
				}
				peak, written = max(peak, p), w.n
			}
			b.StopTimer()
			// CPU time of the process (cpuTime, wizard_bench_test.go): on a
			// shared machine the wall time is mostly waiting for a core.
			b.ReportMetric((cpuTime(b)-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(written)/(1<<20), "out-MB")
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}

type countingWriter struct{ n int64 }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return len(p), nil
}

var _ io.Writer = (*countingWriter)(nil)

// heapSampler records the largest HeapInuse seen between start and stop.
type heapSampler struct {
	peak atomic.Uint64
	quit chan struct{}
	done chan struct{}
}

func startHeapSampler() *heapSampler {
	runtime.GC()
	h := &heapSampler{quit: make(chan struct{}), done: make(chan struct{})}
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if ms.HeapInuse > h.peak.Load() {
			h.peak.Store(ms.HeapInuse)
		}
	}
	sample()
	go func() {
		defer close(h.done)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-h.quit:
				sample()
				return
			case <-t.C:
				sample()
			}
		}
	}()
	return h
}

func (h *heapSampler) stop() uint64 {
	close(h.quit)
	<-h.done
	return h.peak.Load()
}
