package importing

import (
	"context"
	"errors"
	"io"

	"kontor/domain"
)

// Reading and parsing a row costs about as much as planning or writing it,
// and is pure: so it runs in its own goroutine, a few batches ahead of the
// consumer, which then overlaps with the data file's work on another core.

type parsedRow struct {
	row Row
	rec Record
}

type parsedBatch struct {
	rows []parsedRow
	err  error // the reader's error (io.EOF at the end)
}

const parseBatch = 512

// parseAhead streams the parsed rows of src. stop must be called when the
// consumer is done (early or not); it waits for the goroutine to end.
func parseAhead(ctx context.Context, src RowSource, m Mapping, opts Options, customTypes map[string]domain.FieldType) (<-chan parsedBatch, func()) {
	ctx, cancel := context.WithCancel(ctx)
	out := make(chan parsedBatch, 4)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer close(out)
		n := 0
		for {
			b := parsedBatch{rows: make([]parsedRow, 0, parseBatch)}
			for len(b.rows) < parseBatch {
				r, err := src.Next()
				if err != nil {
					b.err = err
					break
				}
				n++
				rec := ParseRow(m, opts, customTypes, n, r.Line, r.Cells)
				rec.Issues = append(readIssues(n, r), rec.Issues...)
				b.rows = append(b.rows, parsedRow{row: r, rec: rec})
			}
			select {
			case out <- b:
			case <-ctx.Done():
				return
			}
			if b.err != nil {
				return
			}
		}
	}()
	return out, func() {
		cancel()
		for range out {
		}
		<-done
	}
}

// eachParsed calls fn for every parsed row in order (row numbers from 1),
// returning the reader's error, fn's error, or nil at the end of the file.
func eachParsed(ctx context.Context, src RowSource, m Mapping, opts Options, customTypes map[string]domain.FieldType, fn func(n int, pr *parsedRow) error) error {
	batches, stop := parseAhead(ctx, src, m, opts, customTypes)
	defer stop()
	n := 0
	for b := range batches {
		for i := range b.rows {
			n++
			if err := fn(n, &b.rows[i]); err != nil {
				return err
			}
		}
		if b.err != nil {
			if errors.Is(b.err, io.EOF) {
				return nil
			}
			return b.err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return ctx.Err()
}
