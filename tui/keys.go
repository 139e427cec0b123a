package tui

import "charm.land/bubbles/v2/key"

// keyBinding is a bubbles key binding.
type keyBinding = key.Binding

// KeyMap lists every key binding of the UI. Each screen keeps its own copy
// and enables only the bindings that work in its current state, so the help
// bar never offers a key that does nothing.
type KeyMap struct {
	// Moving
	Up, Down, HalfUp, HalfDown, Top, Bottom key.Binding
	// Tabs
	NextTab, PrevTab, Tab1, Tab2, Tab3 key.Binding
	// Lists
	Sort, Reverse, Filter, ClearFilter, DoneFilter key.Binding
	// Records
	Open, Back, New, Edit, Delete key.Binding
	// Import opens the import wizard.
	Import key.Binding
	// Forms
	NextField, PrevField, Save, Cancel key.Binding
	// Dialogs
	Yes, No, Detach key.Binding
	// Everywhere
	Help, Palette, Quit, ForceQuit key.Binding
}

// DefaultKeyMap returns the bindings with all keys enabled.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return KeyMap{
		Up:       b([]string{"k", "up"}, "↑/k", "up"),
		Down:     b([]string{"j", "down"}, "↓/j", "down"),
		HalfUp:   b([]string{"ctrl+u", "pgup"}, "ctrl+u", "½ page up"),
		HalfDown: b([]string{"ctrl+d", "pgdown"}, "ctrl+d", "½ page down"),
		Top:      b([]string{"g", "home"}, "g", "top"),
		Bottom:   b([]string{"G", "end"}, "G", "end"),

		NextTab: b([]string{"tab"}, "tab", "next tab"),
		PrevTab: b([]string{"shift+tab"}, "shift+tab", "previous tab"),
		Tab1:    b([]string{"1"}, "1", "people"),
		Tab2:    b([]string{"2"}, "2", "companies"),
		Tab3:    b([]string{"3"}, "3", "deals"),

		Sort:        b([]string{"s"}, "s", "sort by"),
		Reverse:     b([]string{"S"}, "S", "reverse sort"),
		Filter:      b([]string{"/"}, "/", "filter"),
		ClearFilter: b([]string{"esc"}, "esc", "clear filter"),
		DoneFilter:  b([]string{"enter"}, "enter", "keep filter"),

		Open:   b([]string{"enter"}, "enter", "open"),
		Back:   b([]string{"esc"}, "esc", "back"),
		New:    b([]string{"n"}, "n", "new"),
		Edit:   b([]string{"e"}, "e", "edit"),
		Delete: b([]string{"d"}, "d", "delete"),
		Import: b([]string{"i"}, "i", "import a file"),

		NextField: b([]string{"tab"}, "tab/enter", "next field"),
		PrevField: b([]string{"shift+tab"}, "shift+tab", "previous field"),
		Save:      b([]string{"ctrl+s"}, "ctrl+s", "save"),
		Cancel:    b([]string{"esc"}, "esc", "cancel"),

		Yes:    b([]string{"y", "enter"}, "y", "yes"),
		No:     b([]string{"n", "esc"}, "n/esc", "no"),
		Detach: b([]string{"d"}, "d", "detach and delete"),

		Help:      b([]string{"?"}, "?", "help"),
		Palette:   b([]string{":"}, ":", "commands"),
		Quit:      b([]string{"q"}, "q", "quit"),
		ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit"),
	}
}

// enable sets whether each of the bindings is enabled.
func enable(on bool, bs ...*key.Binding) {
	for _, b := range bs {
		b.SetEnabled(on)
	}
}
