package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
)

// Styles holds every style the screens use. It is built for a light or dark
// background, and without any colour when NO_COLOR is set (then emphasis is
// bold, faint and reverse video only).
type Styles struct {
	NoColor bool
	IsDark  bool

	Title     lipgloss.Style // screen titles
	Tab       lipgloss.Style // inactive tabs
	TabActive lipgloss.Style
	Subtle    lipgloss.Style // counts, hints, separators
	Header    lipgloss.Style // table column headers
	Selected  lipgloss.Style // the row or link under the cursor
	Error     lipgloss.Style
	Label     lipgloss.Style // field labels in the detail view
	Section   lipgloss.Style // section titles in the detail view
	Dialog    lipgloss.Style // the box around dialogs and overlays
	Status    lipgloss.Style // the status line
	Prompt    lipgloss.Style // the filter and palette prompts
	Help      help.Styles
	Form      *huh.Styles
}

// palette picks the colours for a background.
type colors struct {
	accent, subtle, errc, selBg, selFg, border color.Color
}

func newColors(isDark bool) colors {
	ld := lipgloss.LightDark(isDark)
	return colors{
		accent: ld(lipgloss.Color("#4B45C9"), lipgloss.Color("#8C88FF")),
		subtle: ld(lipgloss.Color("#6C6C6C"), lipgloss.Color("#9A9A9A")),
		errc:   ld(lipgloss.Color("#C4123B"), lipgloss.Color("#FF6B8B")),
		selBg:  ld(lipgloss.Color("#DCDAFA"), lipgloss.Color("#3A3870")),
		selFg:  ld(lipgloss.Color("#111111"), lipgloss.Color("#FFFFFF")),
		border: ld(lipgloss.Color("#8A86E0"), lipgloss.Color("#6561D0")),
	}
}

// NewStyles returns the styles for a dark or light background; noColor
// drops every colour.
func NewStyles(isDark, noColor bool) *Styles {
	s := &Styles{NoColor: noColor, IsDark: isDark}
	base := lipgloss.NewStyle()
	if noColor {
		s.Title = base.Bold(true)
		s.Tab = base
		s.TabActive = base.Bold(true).Reverse(true)
		s.Subtle = base.Faint(true)
		s.Header = base.Bold(true)
		s.Selected = base.Reverse(true)
		s.Error = base.Bold(true)
		s.Label = base.Faint(true)
		s.Section = base.Bold(true).Underline(true)
		s.Dialog = base.Border(lipgloss.RoundedBorder()).Padding(0, 1)
		s.Status = base
		s.Prompt = base.Bold(true)
		s.Help = help.Styles{
			ShortKey: base.Bold(true), ShortDesc: base, ShortSeparator: base.Faint(true), Ellipsis: base.Faint(true),
			FullKey: base.Bold(true), FullDesc: base, FullSeparator: base,
		}
		s.Form = formTheme(isDark, nil)
		return s
	}
	p := newColors(isDark)
	s.Title = base.Bold(true).Foreground(p.accent)
	s.Tab = base.Foreground(p.subtle)
	s.TabActive = base.Bold(true).Foreground(p.selFg).Background(p.accent)
	s.Subtle = base.Foreground(p.subtle)
	s.Header = base.Bold(true).Foreground(p.accent)
	s.Selected = base.Foreground(p.selFg).Background(p.selBg)
	s.Error = base.Bold(true).Foreground(p.errc)
	s.Label = base.Foreground(p.subtle)
	s.Section = base.Bold(true).Foreground(p.accent)
	s.Dialog = base.Border(lipgloss.RoundedBorder()).BorderForeground(p.border).Padding(0, 1)
	s.Status = base.Foreground(p.subtle)
	s.Prompt = base.Bold(true).Foreground(p.accent)
	s.Help = help.DefaultStyles(isDark)
	s.Form = formTheme(isDark, &p)
	return s
}

// formTheme is the huh theme of the record forms: one line per field, the
// focused field marked with a bar, errors under their field.
func formTheme(isDark bool, p *colors) *huh.Styles {
	t := huh.ThemeBase(isDark)
	base := lipgloss.NewStyle()
	t.FieldSeparator = base.SetString("\n")
	t.Focused.Base = base.PaddingLeft(1).BorderStyle(lipgloss.ThickBorder()).BorderLeft(true)
	t.Blurred.Base = base.PaddingLeft(1).BorderStyle(lipgloss.HiddenBorder()).BorderLeft(true)
	t.Focused.Card, t.Blurred.Card = t.Focused.Base, t.Blurred.Base
	if p == nil {
		t.Focused.Title = base.Bold(true)
		t.Blurred.Title = base
		t.Focused.ErrorMessage = base.Bold(true)
		t.Blurred.ErrorMessage = base.Bold(true)
		t.Focused.ErrorIndicator = base.Bold(true).SetString(" *")
		t.Focused.Description = base.Faint(true)
		t.Blurred.Description = base.Faint(true)
		t.Focused.TextInput.Placeholder = base.Faint(true)
		t.Blurred.TextInput.Placeholder = base.Faint(true)
		t.Focused.SelectSelector = base.Bold(true).SetString("> ")
		t.Focused.SelectedOption = base.Bold(true)
		t.Focused.FocusedButton = base.Reverse(true).Padding(0, 2)
		t.Focused.BlurredButton = base.Padding(0, 2)
		t.Blurred.FocusedButton = t.Focused.FocusedButton
		t.Blurred.BlurredButton = t.Focused.BlurredButton
		t.Help = help.Styles{ShortKey: base.Bold(true), ShortDesc: base, ShortSeparator: base, Ellipsis: base,
			FullKey: base.Bold(true), FullDesc: base, FullSeparator: base}
		return t
	}
	t.Focused.Base = t.Focused.Base.BorderForeground(p.accent)
	t.Focused.Card = t.Focused.Base
	t.Focused.Title = base.Bold(true).Foreground(p.accent)
	t.Blurred.Title = base.Foreground(p.subtle)
	t.Focused.ErrorMessage = base.Foreground(p.errc)
	t.Blurred.ErrorMessage = base.Foreground(p.errc)
	t.Focused.ErrorIndicator = base.Foreground(p.errc).SetString(" *")
	t.Focused.Description = base.Foreground(p.subtle)
	t.Blurred.Description = base.Foreground(p.subtle)
	t.Focused.TextInput.Placeholder = base.Foreground(p.subtle)
	t.Blurred.TextInput.Placeholder = base.Foreground(p.subtle)
	t.Focused.TextInput.Prompt = base.Foreground(p.accent)
	t.Focused.SelectSelector = base.Foreground(p.accent).SetString("> ")
	t.Focused.SelectedOption = base.Foreground(p.accent)
	t.Focused.Option = base
	t.Focused.NextIndicator = base.Foreground(p.accent).MarginLeft(1).SetString("→")
	t.Focused.PrevIndicator = base.Foreground(p.accent).MarginRight(1).SetString("←")
	t.Focused.FocusedButton = base.Foreground(p.selFg).Background(p.accent).Padding(0, 2)
	t.Focused.BlurredButton = base.Padding(0, 2)
	t.Blurred.FocusedButton = t.Focused.FocusedButton
	t.Blurred.BlurredButton = t.Focused.BlurredButton
	t.Help = help.DefaultStyles(isDark)
	return t
}
