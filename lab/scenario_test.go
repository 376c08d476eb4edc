package lab

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func do(t *testing.T, l *Lab, c Check) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(c.Method, c.URL, nil)
	require.NoError(t, err)
	for _, kv := range c.Headers {
		req.Header.Add(kv[0], kv[1])
	}
	resp, err := l.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

// TestScenarioEndpoints replays every scenario's checks with a plain client:
// the server side of each scenario answers what the scenario claims.
func TestScenarioEndpoints(t *testing.T) {
	l := startLab(t)
	for _, s := range l.Scenarios() {
		t.Run(s.Name, func(t *testing.T) {
			require.NotEmpty(t, s.Checks, "a scenario must state what its endpoints answer")
			// Resolve again: some checks depend on state the previous ones change.
			for i, c := range s.Checks {
				resp, _ := do(t, l, c)
				assert.Equal(t, c.Status, resp.StatusCode, "check %d: %s %s", i, c.Method, c.URL)
				for _, kv := range c.Has {
					assert.Contains(t, resp.Header.Values(kv[0]), kv[1], "check %d: header %s", i, kv[0])
				}
				for _, name := range c.Lacks {
					assert.Empty(t, resp.Header.Values(name), "check %d: header %s must be absent", i, name)
				}
			}
		})
	}
}

func TestScenarioCatalog(t *testing.T) {
	l := startLab(t)
	all := l.Scenarios()
	slug := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	causes := map[diagnose.ID]bool{}
	healthy := 0
	for _, s := range all {
		t.Run(s.Name, func(t *testing.T) {
			assert.Regexp(t, slug, s.Name)
			assert.False(t, seen[s.Name], "duplicate name")
			seen[s.Name] = true
			assert.NotEmpty(t, s.Title)
			assert.NotEmpty(t, s.Description)
			if s.Cause == "" {
				healthy++
				assert.True(t, strings.HasPrefix(s.Name, "healthy-") || s.Name == "cors-done-right")
			} else {
				_, known := diagnose.Lookup(s.Cause)
				assert.True(t, known, "cause %q is not a finding", s.Cause)
			}
			causes[s.Cause] = true
			require.NotEmpty(t, s.Steps)
			assert.Equal(t, StepFetch, s.Steps[len(s.Steps)-1].Kind, "the last step is the request under test")
			for i, st := range s.Steps {
				if st.Kind == StepNavigate {
					assert.Contains(t, st.URL, "at=", "step %d must continue the plan where it lands", i)
				}
			}
			got, ok := l.Scenario(s.Name)
			require.True(t, ok)
			assert.Equal(t, s.EntryURL, got.EntryURL)
		})
	}
	assert.GreaterOrEqual(t, healthy, 4)
	t.Run("covers the required findings", func(t *testing.T) {
		for _, id := range []diagnose.ID{
			diagnose.MissingCredentials, diagnose.RejectedCredentials, diagnose.ExpiredToken, diagnose.TokenNotYetValid,
			diagnose.StaleSessionCookie, diagnose.CachedBasicCredentials, diagnose.Cached401Response, diagnose.InsufficientScope,
			diagnose.MissingWWWAuthenticate, diagnose.ServerBasicAuth, diagnose.CookieNotSent, diagnose.CookieRejected,
			diagnose.DuplicateCookies, diagnose.ClockSkew, diagnose.WAFBlock, diagnose.SchemeMismatch, diagnose.HostMismatch,
			diagnose.IPChanged, diagnose.LoginRedirectLoop, diagnose.CORSVaryOriginMissing,
			diagnose.CORSPreflightInvalidStatus, diagnose.CORSAllowOriginMismatch, diagnose.CORSWildcardOriginNotAllowed,
			diagnose.CORSHeaderDisallowedByPreflightResponse, diagnose.CORSMethodDisallowedByPreflightResponse,
			diagnose.CORSMissingAllowOriginHeader, diagnose.CORSInvalidAllowCredentials, diagnose.CORSPreflightMissingAllowOriginHeader,
		} {
			assert.True(t, causes[id], "no scenario for %s", id)
		}
	})
	t.Run("unknown name", func(t *testing.T) {
		_, ok := l.Scenario("nope")
		assert.False(t, ok)
	})
}

func TestIndexListsEveryScenario(t *testing.T) {
	l := startLab(t)
	resp, body := get(t, l, "GET", l.URL("app.test", true, "/"))
	require.Equal(t, 200, resp.StatusCode)
	var text bytes.Buffer
	require.NoError(t, l.WriteIndex(&text))
	for _, s := range l.Scenarios() {
		assert.Contains(t, body, `href="`+s.EntryURL+`"`)
		assert.Contains(t, text.String(), s.Name+"\n")
		assert.Contains(t, text.String(), s.EntryURL)
		if s.Cause != "" {
			assert.Contains(t, body, string(s.Cause))
			assert.Contains(t, text.String(), "expect: "+string(s.Cause))
		}
	}
	assert.Contains(t, text.String(), "ip-changed\n  expect: ip-changed (not reproducible in one browser)")
	t.Run("only on app.test", func(t *testing.T) {
		_, body := get(t, l, "GET", l.URL("api.test", true, "/"))
		assert.NotContains(t, body, "<table>")
	})
}

func TestEntryPages(t *testing.T) {
	l := startLab(t)
	for _, s := range l.Scenarios() {
		t.Run(s.Name, func(t *testing.T) {
			resp, body := get(t, l, "GET", s.EntryURL)
			require.Equal(t, 200, resp.StatusCode)
			assert.Contains(t, body, "<title>running:"+s.Name+"</title>")
			assert.Contains(t, body, `"name":"`+s.Name+`"`)
			assert.Contains(t, body, "'done:' + plan.name")
		})
	}
	t.Run("everything is escaped", func(t *testing.T) {
		s, _ := l.Scenario("waf-block")
		_, body := get(t, l, "GET", s.EntryURL)
		assert.NotContains(t, body, "<script>alert", "the payload must not become markup")
		assert.Contains(t, body, "&lt;script&gt;", "the description shows it as text")
	})
	t.Run("a navigation lands on a page that continues", func(t *testing.T) {
		s, _ := l.Scenario("host-mismatch")
		require.Equal(t, StepNavigate, s.Steps[1].Kind)
		_, body := get(t, l, "GET", s.Steps[1].URL)
		assert.Contains(t, body, `"at":2`)
	})
	t.Run("the setup runs only from the entry URL", func(t *testing.T) {
		s, _ := l.Scenario("expired-token")
		require.NotEmpty(t, s.Setup)
		assert.Contains(t, s.EntryURL, "?setup=1")
		_, body := get(t, l, "GET", s.EntryURL)
		assert.Contains(t, body, `"at":0,"setup":1`)
		_, body = get(t, l, "GET", strings.TrimSuffix(s.EntryURL, "?setup=1"))
		assert.Contains(t, body, `"at":1,"setup":1`, "a reload of the plain URL skips the setup")
		assert.Contains(t, body, "history.replaceState")
	})
	t.Run("without a trailing slash redirects", func(t *testing.T) {
		resp, _ := get(t, l, "GET", l.URL("app.test", true, "/s/waf-block"))
		assert.Equal(t, 301, resp.StatusCode)
		assert.Equal(t, "/s/waf-block/", resp.Header.Get("Location"))
	})
	t.Run("unknown scenario", func(t *testing.T) {
		resp, _ := get(t, l, "GET", l.URL("app.test", true, "/s/nope/"))
		assert.Equal(t, 404, resp.StatusCode)
	})
}

// TestRememberedTokenSignsInAfresh: the token endpoint a page uses once it
// has forgotten its bad token gives one the scenario's API accepts.
func TestRememberedTokenSignsInAfresh(t *testing.T) {
	l := startLab(t)
	for _, name := range []string{"expired-token", "rejected-credentials"} {
		t.Run(name, func(t *testing.T) {
			s, _ := l.Scenario(name)
			require.Len(t, s.Steps, 2)
			login, api := s.Steps[0], s.Steps[1]
			assert.Equal(t, "token", login.Unless, "signs in only when no token is remembered")
			assert.Equal(t, "token", login.Save)
			assert.Equal(t, "token", api.BearerFrom)
			resp, body := do(t, l, Check{Method: login.Method, URL: login.URL})
			require.Equal(t, 200, resp.StatusCode)
			var got struct {
				AccessToken string `json:"access_token"`
			}
			require.NoError(t, json.Unmarshal([]byte(body), &got))
			resp, _ = do(t, l, Check{Method: "GET", URL: api.URL,
				Headers: [][2]string{{"Origin", appOrigin(l)}, {"Authorization", "Bearer " + got.AccessToken}}})
			assert.Equal(t, 200, resp.StatusCode)
			resp, _ = do(t, l, Check{Method: "GET", URL: api.URL,
				Headers: [][2]string{{"Origin", appOrigin(l)}, {"Authorization", sentAuthorization(s)}}})
			assert.Equal(t, 401, resp.StatusCode, "the planted token fails")
		})
	}
}

func TestTokensUseTheLabClock(t *testing.T) {
	l := startLab(t)
	for _, tt := range []struct {
		name string
		ok   func(c Claims) bool
	}{
		{"expired-token", func(c Claims) bool { return c.Exp < labNow.Unix() }},
		{"token-not-yet-valid", func(c Claims) bool { return c.Nbf > labNow.Unix() && c.Exp > labNow.Unix() }},
		{"healthy-bearer", func(c Claims) bool { return c.Iat <= labNow.Unix() && c.Exp > labNow.Unix() }},
		{"clock-skew", func(c Claims) bool { return c.Exp > labNow.Unix() }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := l.Scenario(tt.name)
			c, ok := parseJWT(strings.TrimPrefix(sentAuthorization(s), "Bearer "))
			require.True(t, ok, "a lab JWT")
			assert.True(t, tt.ok(c), "claims %+v at %v", c, labNow)
		})
	}
}

// sentAuthorization is the Authorization the scenario's last request sends
// on the entry page's first run: its own header, or the token the setup
// planted for the app to remember.
func sentAuthorization(s Scenario) string {
	last := s.Steps[len(s.Steps)-1]
	var auth string
	for _, kv := range last.Headers {
		if kv[0] == "Authorization" {
			auth = kv[1]
		}
	}
	if last.BearerFrom != "" {
		for _, st := range s.Setup {
			if st.Kind == StepStore && st.Save == last.BearerFrom {
				auth = "Bearer " + st.Body
			}
		}
	}
	return auth
}
