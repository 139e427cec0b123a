package filesource

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"

	"kontor/domain/importing"
)

// writePeople writes a CSV of n generated people, about 200 bytes a row, in
// UTF-8 with Polish and Chinese names, quoted notes with commas and line
// breaks now and then.
func writePeople(tb testing.TB, path string, n int) int64 {
	tb.Helper()
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	first := []string{"Anna", "Łukasz", "Małgorzata", "John", "Zofia", "伟", "Grzegorz", "Émilie"}
	last := []string{"Nowak", "Wójcik", "Kowalski", "Smith", "Żak", "王", "Dąbrowski", "Lefèvre"}
	city := []string{"Kraków", "Łódź", "Gdańsk", "London", "Wrocław", "北京", "Poznań", "Paris"}
	fmt.Fprint(w, "Record Id,First Name,Last Name,Email,Phone,Company,Title,Street,City,Zip,Country,Notes,Created Time\r\n")
	for i := range n {
		fn, ln, c := first[i%8], last[(i/8)%8], city[(i/64)%8]
		notes := "met at the fair"
		switch i % 10 {
		case 0:
			notes = `"called twice, no answer"`
		case 5:
			notes = "\"first line\r\nsecond line, with \"\"quotes\"\"\""
		}
		fmt.Fprintf(w, "zcrm_%019d,%s,%s,user%d@example.com,+48 600 %03d %03d,Firma %d Sp. z o.o.,Specjalista ds. sprzedaży,ul. Długa %d,%s,%02d-%03d,Poland,%s,03/14/2024 09:12:44\r\n",
			i, fn, ln, i, i%1000, (i/1000)%1000, i%5000, i%200+1, c, i%100, i%1000, notes)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	st, err := f.Stat()
	if err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return st.Size()
}

// peakHeap samples the heap (objects, garbage not yet collected included)
// until stop is called, and returns the peak in bytes.
func peakHeap() (stop func() uint64) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	finished := make(chan struct{})
	read := func() {
		metrics.Read(sample)
		mu.Lock()
		peak = max(peak, sample[0].Value.Uint64())
		mu.Unlock()
	}
	go func() {
		defer close(finished)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() uint64 {
		close(done)
		<-finished
		read()
		mu.Lock()
		defer mu.Unlock()
		return peak
	}
}

// BenchmarkReadCSV reads generated files end to end: memory stays flat
// from 100,000 to 1,000,000 rows (200 MB).
//
//	go test -run '^$' -bench BenchmarkReadCSV -benchtime 1x ./storage/filesource/
func BenchmarkReadCSV(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run(fmt.Sprintf("rows=%d", n), func(b *testing.B) {
			path := filepath.Join(b.TempDir(), "people.csv")
			size := writePeople(b, path, n)
			runtime.GC()
			b.SetBytes(size)
			b.ResetTimer()
			stop := peakHeap()
			for range b.N {
				src, err := Opener{}.Open(context.Background(), path, importing.ReadOptions{})
				if err != nil {
					b.Fatal(err)
				}
				rows := 0
				for {
					r, err := src.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					if len(r.Issues) > 0 {
						b.Fatalf("line %d: %v", r.Line, r.Issues)
					}
					rows++
				}
				src.Close()
				if rows != n {
					b.Fatalf("%d rows, want %d", rows, n)
				}
			}
			b.StopTimer()
			peak := stop()
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}
