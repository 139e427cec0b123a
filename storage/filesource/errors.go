package filesource

import (
	"fmt"

	"kontor/domain/importing"
)

// readErr builds the *importing.ReadError every failure of this package is
// reported as, so the user always learns the file, line and column.
func readErr(file string, line, col int, kind error, format string, args ...any) *importing.ReadError {
	return &importing.ReadError{File: file, Line: line, Column: col, Err: kind, Msg: fmt.Sprintf(format, args...)}
}

// ioErr wraps an error from the operating system (or excelize) while reading.
func ioErr(file string, line int, err error) *importing.ReadError {
	return &importing.ReadError{File: file, Line: line, Err: err, Msg: "read failed: " + err.Error()}
}

// mib renders a byte limit for messages.
func mib(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
