package diagnose

import (
	"strconv"
	"strings"
	"unicode"
)

// The one renderer of a failure for people: the popup shows the wire fields
// and Heading, "Copy report" copies Markdown, the CLI prints Text. Every
// string from the network is untrusted: Text shows control characters
// escaped, Markdown keeps each value inside a code span or escaped.

// Heading is the word the popup and the reports put before the n-th
// finding's title (n from 0): the first is the most likely cause.
func Heading(n int, s Severity) string {
	if n == 0 {
		return "Most likely"
	}
	switch s {
	case Cause:
		return "Cause"
	case Likely:
		return "Likely"
	case Possible:
		return "Possible"
	}
	return "Note"
}

// Outcome is what happened, in one line: "401", "403, net::ERR_FAILED",
// "no response: net::ERR_FAILED".
func (f Failure) Outcome() string {
	switch {
	case f.Status != 0 && f.Error != "":
		return strconv.Itoa(f.Status) + ", " + f.Error
	case f.Status != 0:
		return strconv.Itoa(f.Status)
	}
	return "no response: " + f.Error
}

// Markdown is the redacted report of one failure, safe to paste into an
// issue tracker: nothing in it can become a link, an image, HTML or markup.
func Markdown(f Failure) string {
	var m markdown
	return m.failure(f)
}

// markdown renders failures; the catalog's titles, explanations and fixes
// repeat across a report's failures, so their escaped forms are kept.
type markdown struct {
	escaped map[string]string
}

// maxEscaped bounds the memo (evidence-built texts may all differ).
const maxEscaped = 1024

func (m *markdown) text(s string) string {
	if v, ok := m.escaped[s]; ok {
		return v
	}
	v := mdText(s)
	if m.escaped == nil {
		m.escaped = make(map[string]string, 64)
	}
	if len(m.escaped) < maxEscaped {
		m.escaped[s] = v
	}
	return v
}

func (m *markdown) failure(f Failure) string {
	var b strings.Builder
	b.WriteString("# Auth Doctor report\n\n")
	b.WriteString(mdCode(f.Method+" "+f.URL) + " — " + mdCode(f.Outcome()) + "\n")
	if len(f.Findings) == 0 {
		b.WriteString("\nNo explanation found.\n")
	}
	for i, g := range f.Findings {
		b.WriteString("\n## " + Heading(i, g.Severity) + ": " + m.text(g.Title) + " (" + mdCode(string(g.ID)) + ", " + g.Severity.String() + ")\n\n")
		b.WriteString(m.text(g.Explanation) + "\n")
		if len(g.Evidence) > 0 {
			b.WriteString("\nEvidence:\n\n")
			for _, e := range g.Evidence {
				b.WriteString("- " + mdCode(e) + "\n")
			}
		}
		if len(g.Fixes) > 0 {
			b.WriteString("\nHow to fix:\n\n")
			for k, x := range g.Fixes {
				b.WriteString(strconv.Itoa(k+1) + ". " + m.text(x) + "\n")
			}
		}
	}
	return b.String()
}

// mdCode puts s in a code span it cannot leave: the fence is one backtick
// longer than the longest run inside (CommonMark), line breaks become spaces.
func mdCode(s string) string {
	s = oneLine(s)
	run, longest := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if longest > 0 || strings.HasPrefix(s, " ") {
		return fence + " " + s + " " + fence
	}
	return fence + s + fence
}

// mdText escapes the characters that start Markdown or HTML markup, so
// text reads as itself. GFM also links bare URLs, "www." names and e-mail
// addresses: the ":" of "://", the "." after "www" and "@" are escaped too.
func mdText(s string) string {
	s = oneLine(s)
	var b strings.Builder
	for i, r := range s {
		esc := strings.ContainsRune("\\`*_[]()<>#!|~&{}@", r) ||
			r == ':' && strings.HasPrefix(s[i+1:], "/") ||
			r == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www")
		if esc {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// oneLine replaces line breaks and other control characters with spaces.
func oneLine(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return ' '
		}
		return r
	}, s)
}

// Text is one failure as the CLI prints it, numbered n: the top finding in
// full, the others as title and evidence. Control characters in network
// text are shown escaped, never sent to the terminal.
func Text(f Failure, n int) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(n) + ". " + Clean(f.Method) + " " + Clean(f.URL) + " — " + Clean(f.Outcome()) + "\n")
	if len(f.Findings) == 0 {
		b.WriteString("   no explanation found\n")
	}
	for j, g := range f.Findings {
		b.WriteString("   [" + g.Severity.String() + "] " + string(g.ID) + ": " + Clean(g.Title) + "\n")
		if j == 0 && g.Explanation != "" {
			b.WriteString("      " + strings.ReplaceAll(Clean(g.Explanation), "\n", "\n      ") + "\n")
		}
		for _, e := range g.Evidence {
			b.WriteString("      - " + Clean(e) + "\n")
		}
		if j == 0 {
			for k, fix := range g.Fixes {
				b.WriteString("      fix " + strconv.Itoa(k+1) + ": " + Clean(fix) + "\n")
			}
			if g.Action != ActionUnspecified && g.Action != ActionNone {
				b.WriteString("      the extension offers: " + g.Action.String() + "\n")
			}
		}
	}
	return b.String()
}

// Clean makes untrusted text safe for a terminal: control characters,
// including ESC, are shown escaped instead of being interpreted.
func Clean(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControl(r) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isControl(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}
