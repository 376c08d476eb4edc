package diagnose

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

func TestMarkdown(t *testing.T) {
	f := Failure{Method: "GET", URL: "https://app.test/a`b/[x](javascript:alert(1))", Status: 401,
		Findings: []Finding{
			{ID: ExpiredToken, Severity: Cause, Title: "Token <img src=x onerror=alert(1)>", Explanation: "line one\nline two",
				Evidence: []string{"exp ``` done", "plain"}, Fixes: []string{"Visit [here](https://evil.test) **now**\n# heading"}},
			{ID: MissingWWWAuthenticate, Severity: Info, Title: "t"},
		}}
	md := Markdown(f)
	t.Run("structure", func(t *testing.T) {
		assert.True(t, strings.HasPrefix(md, "# Auth Doctor report\n\n"))
		assert.Contains(t, md, "\n## Most likely: ")
		assert.Contains(t, md, "\n## Note: t (`missing-www-authenticate`, info)\n")
		assert.Contains(t, md, "\nEvidence:\n\n- ")
		assert.Contains(t, md, "\nHow to fix:\n\n1. ")
	})
	t.Run("values stay in their code spans", func(t *testing.T) {
		assert.Contains(t, md, "`` GET https://app.test/a`b/[x](javascript:alert(1)) ``")
		assert.Contains(t, md, "- ```` exp ``` done ````\n")
	})
	t.Run("text cannot become markup", func(t *testing.T) {
		assert.Contains(t, md, `Token \<img src=x onerror=alert\(1\)\>`)
		assert.Contains(t, md, `1. Visit \[here\]\(https\://evil.test\) \*\*now\*\* \# heading`+"\n")
		assert.Contains(t, md, "line one line two\n")
		for _, line := range strings.Split(md, "\n") {
			assert.False(t, strings.HasPrefix(line, "# ") && line != "# Auth Doctor report", "a value started a heading: %q", line)
		}
	})
	t.Run("no explanation", func(t *testing.T) {
		assert.Contains(t, Markdown(Failure{Method: "GET", URL: "https://a.test/", Error: "net::ERR_FAILED"}),
			"`GET https://a.test/` — `no response: net::ERR_FAILED`\n\nNo explanation found.\n")
	})
}

func TestText(t *testing.T) {
	f := Failure{Method: "GET", URL: "https://app.test/\x1b[31mred", Status: 401, Findings: []Finding{
		{ID: ExpiredToken, Severity: Cause, Title: "T", Explanation: "E", Evidence: []string{"ev\x07"}, Fixes: []string{"fix it"}, Action: ActionClearCookies},
		{ID: MissingWWWAuthenticate, Severity: Info, Title: "T2", Fixes: []string{"not shown"}},
	}}
	assert.Equal(t, "3. GET https://app.test/\\x1b[31mred — 401\n"+
		"   [cause] expired-token: T\n      E\n      - ev\\a\n      fix 1: fix it\n      the extension offers: clear-cookies\n"+
		"   [info] missing-www-authenticate: T2\n", Text(f, 3))
}

func TestHeading(t *testing.T) {
	assert.Equal(t, "Most likely", Heading(0, Info))
	assert.Equal(t, "Cause", Heading(1, Cause))
	assert.Equal(t, "Likely", Heading(2, Likely))
	assert.Equal(t, "Possible", Heading(1, Possible))
	assert.Equal(t, "Note", Heading(1, Info))
}

// FuzzMarkdown: whatever the network put in a failure, the report read by
// a CommonMark (+GFM) parser has no link, image, autolink or HTML and no
// heading but its own.
func FuzzMarkdown(f *testing.F) {
	f.Add("https://a.test/![x](https://evil.test/i.png)", "<img src=x onerror=alert(1)>", "`` ` ```", "[a](b)\n# h", "net::ERR_FAILED")
	f.Add("https://a.test/<script>", "**x** _y_ ~~z~~", "www.evil.test", "<https://evil.test>", "1. x\n- y")
	f.Add("https://a.test/%0A%23", "\\", "`", "\r\n===\n", "&lt;b&gt;")
	f.Fuzz(func(t *testing.T, url, title, evidence, fix, errText string) {
		fl := Failure{Method: "GET", URL: url, Error: errText, Findings: []Finding{
			{ID: ExpiredToken, Severity: Cause, Title: title, Explanation: fix, Evidence: []string{evidence, url}, Fixes: []string{fix, title}},
			{ID: MissingWWWAuthenticate, Severity: Info, Title: evidence},
		}}
		md := Markdown(fl)
		doc := goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader([]byte(md)))
		headings := 0
		err := ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if entering {
				switch n.Kind() {
				case ast.KindLink, ast.KindImage, ast.KindAutoLink, ast.KindRawHTML, ast.KindHTMLBlock:
					t.Fatalf("a %s in %q", n.Kind(), md)
				case ast.KindHeading:
					headings++
				}
			}
			return ast.WalkContinue, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if headings != 3 {
			t.Fatalf("%d headings in %q", headings, md)
		}
	})
}
