package main

import (
	"io"
	"os"

	"github.com/charmbracelet/x/term"
)

// ttyWidth returns the width of w if it is a terminal, else 0.
func ttyWidth(w io.Writer) int {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(f.Fd()) {
		return 0
	}
	width, _, err := term.GetSize(f.Fd())
	if err != nil {
		return 0
	}
	return width
}
