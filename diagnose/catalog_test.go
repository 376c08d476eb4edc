package diagnose

import (
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite docs/findings.md from the catalog")

// finding.go's ID constants, read from the source so that adding an ID
// without documenting it fails here.
func declaredIDs(t *testing.T) []ID {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "finding.go", nil, 0)
	require.NoError(t, err)
	var ids []ID
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "ID" {
				continue
			}
			for _, v := range vs.Values {
				lit, ok := v.(*ast.BasicLit)
				require.True(t, ok)
				s, err := strconv.Unquote(lit.Value)
				require.NoError(t, err)
				ids = append(ids, ID(s))
			}
		}
	}
	return ids
}

func TestCatalog(t *testing.T) {
	declared := declaredIDs(t)
	require.NotEmpty(t, declared)

	t.Run("covers exactly finding.go", func(t *testing.T) {
		var got []ID
		for _, e := range Catalog() {
			got = append(got, e.ID)
		}
		assert.ElementsMatch(t, declared, got)
	})
	t.Run("no duplicates", func(t *testing.T) {
		seen := map[ID]bool{}
		for _, e := range Catalog() {
			assert.False(t, seen[e.ID], e.ID)
			seen[e.ID] = true
		}
	})
	for _, e := range Catalog() {
		t.Run(string(e.ID), func(t *testing.T) {
			assert.NotEmpty(t, e.Title)
			assert.NotEmpty(t, e.Explanation)
			assert.NotEmpty(t, e.Needs)
			assert.NotEmpty(t, e.Fixes)
			assert.NotEqual(t, SeverityUnspecified, e.Severity)
			assert.NotEqual(t, ActionUnspecified, e.Action)
			got, ok := Lookup(e.ID)
			require.True(t, ok)
			assert.Equal(t, e, got)
		})
	}
	t.Run("unknown", func(t *testing.T) {
		_, ok := Lookup("no-such-finding")
		assert.False(t, ok)
	})
}

// seedCoverage maps every cause and fix of the article the product started
// from to the finding that diagnoses it and a phrase of its fix steps (or
// its action).
var seedCoverage = []struct {
	Seed   string
	ID     ID
	Phrase string // in one of the fixes; "" when the action covers it
	Action Action
}{
	{"cause: incorrect or missing credentials", MissingCredentials, "Sign in", 0},
	{"cause: incorrect or missing credentials", RejectedCredentials, "Verify the credentials", 0},
	{"cause: insufficient privileges", InsufficientScope, "Check access privileges", 0},
	{"cause: incorrect URL or endpoint", HostMismatch, "Check the URL/endpoint", 0},
	{"cause: incorrect URL or endpoint", SchemeMismatch, "Check the URL/endpoint", 0},
	{"cause: misconfigured authentication mechanism", ServerBasicAuth, ".htaccess", 0},
	{"cause: misconfigured authentication mechanism", MissingWWWAuthenticate, "authentication configuration", 0},
	{"cause: misconfigured authentication mechanism", CookieRejected, "authentication configuration", 0},
	{"cause: blocked IP or firewall", WAFBlock, "Unblock your IP", 0},
	{"cause: CORS restrictions", CORSMissingAllowOriginHeader, "Enable CORS", 0},
	{"fix: verify credentials", RejectedCredentials, "Verify the credentials", 0},
	{"fix: check access privileges", InsufficientScope, "Check access privileges", 0},
	{"fix: check URL/endpoint", HostMismatch, "Check the URL/endpoint", 0},
	{"fix: remove security plugins", WAFBlock, "security plugins", 0},
	{"fix: check .htaccess", ServerBasicAuth, "Check the .htaccess", 0},
	{"fix: clear browser cache", CORSVaryOriginMissing, "Clear the browser cache", ActionClearCache},
	{"fix: clear a cached 401 (cache and cookies)", Cached401Response, "Clear this site's data", ActionClearSiteData},
	{"fix: clear browser cookies", StaleSessionCookie, "", ActionClearCookies},
	{"fix: flush DNS", IPChanged, "Flush DNS", 0},
	{"fix: unblock IP/firewall", WAFBlock, "Unblock your IP", 0},
	{"fix: enable CORS", CORSPreflightMissingAllowOriginHeader, "Enable CORS", 0},
	{"fix: refresh tokens or sessions", ExpiredToken, "Refresh the token or session", 0},
	{"fix: refresh tokens or sessions", StaleSessionCookie, "Refresh the session", 0},
	{"fix: review OAuth/JWT configuration", ExpiredToken, "review the OAuth/JWT configuration", 0},
	{"fix: review OAuth/JWT configuration", InsufficientScope, "Review the OAuth/JWT configuration", 0},
}

func TestSeedCoverage(t *testing.T) {
	for _, c := range seedCoverage {
		t.Run(c.Seed+"/"+string(c.ID), func(t *testing.T) {
			e, ok := Lookup(c.ID)
			require.True(t, ok)
			if c.Action != ActionUnspecified {
				assert.Equal(t, c.Action, e.Action)
			}
			if c.Phrase != "" {
				assert.Contains(t, strings.Join(e.Fixes, "\n"), c.Phrase)
			}
		})
	}
}

// findingsDoc renders docs/findings.md. It lives in a test so the wasm does
// not carry a Markdown generator.
func findingsDoc() string {
	var b strings.Builder
	b.WriteString("# Findings\n\n")
	b.WriteString("<!-- Generated from diagnose/catalog*.go by `go test ./diagnose -run TestFindingsDoc -update`. Do not edit. -->\n\n")
	b.WriteString("Every explanation Auth Doctor can give, in rule order: when two findings have the same severity, the one listed first ranks first. ")
	b.WriteString("Severities: **cause** explains the failure, **likely** probably does, **possible** may contribute, **info** is context. ")
	b.WriteString("The action is the one button the popup offers.\n\n")
	b.WriteString("| ID | Title | Severity | Action |\n|---|---|---|---|\n")
	for _, e := range Catalog() {
		b.WriteString("| [`" + string(e.ID) + "`](#" + string(e.ID) + ") | " + e.Title + " | " + e.Severity.String() + " | `" + e.Action.String() + "` |\n")
	}
	for _, e := range Catalog() {
		b.WriteString("\n## " + string(e.ID) + "\n\n")
		b.WriteString("**" + e.Title + "** — default severity *" + e.Severity.String() + "*, action `" + e.Action.String() + "`.\n\n")
		b.WriteString(e.Explanation + "\n\n")
		b.WriteString("Fix:\n\n")
		for i, f := range e.Fixes {
			b.WriteString(strconv.Itoa(i+1) + ". " + f + "\n")
		}
		b.WriteString("\nEvidence the rule rests on: " + e.Needs + "\n")
	}
	b.WriteString("\n## Coverage of the seed article\n\n")
	b.WriteString("Each cause and fix of the troubleshooting article the product started from, and where it lives.\n\n")
	b.WriteString("| Seed item | Finding | Covered by |\n|---|---|---|\n")
	for _, c := range seedCoverage {
		by := "fix step “" + c.Phrase + "”"
		if c.Phrase == "" {
			by = "action `" + c.Action.String() + "`"
		}
		b.WriteString("| " + c.Seed + " | [`" + string(c.ID) + "`](#" + string(c.ID) + ") | " + by + " |\n")
	}
	return b.String()
}

func TestFindingsDoc(t *testing.T) {
	path := filepath.Join("..", "docs", "findings.md")
	want := findingsDoc()
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(want), 0o644))
	}
	got, err := os.ReadFile(path)
	require.NoError(t, err, "run: go test ./diagnose -run TestFindingsDoc -update")
	if want == string(got) {
		return
	}
	// Name the first differing line instead of dumping both documents.
	w, g := strings.Split(want, "\n"), strings.Split(string(got), "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			t.Fatalf("docs/findings.md is stale (line %d): go test ./diagnose -run TestFindingsDoc -update\nwant: %s\ngot:  %s", i+1, wl, gl)
		}
	}
}
