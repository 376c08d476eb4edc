package diagnose

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/authdoctor/authdoctor/diagnose/cookie"
	"github.com/authdoctor/authdoctor/diagnose/header"
	"github.com/authdoctor/authdoctor/diagnose/jsonlite"
)

const wireExample = `{
  "now": 1764210000000,
  "browser": "chromium",
  "thirdPartyCookiesBlocked": true,
  "exchanges": [{
    "id": "1234",
    "request": {
      "url": "https://api.test/me", "method": "GET", "type": "xmlhttprequest",
      "initiator": "https://app.test", "time": 1764209999000.5,
      "headers": [{"name": "Authorization", "value": "Bearer eyJ..."}]
    },
    "response": {
      "status": 401, "statusText": "Unauthorized", "fromCache": false,
      "ip": "127.0.0.1", "time": 1764209999010,
      "headers": [{"name": "WWW-Authenticate", "value": "Bearer realm=\"api\""}]
    },
    "error": "",
    "preflight": {"id": "1233", "request": {"url": "https://api.test/me", "method": "OPTIONS", "headers": []},
      "response": {"status": 204, "headers": [{"name": "Access-Control-Allow-Origin", "value": "https://app.test"}]}},
    "redirects": [{"url": "https://api.test/old", "status": 302, "headers": [{"name": "Location", "value": "/me"}]}],
    "auth": {"scheme": "basic", "realm": "Lab", "challenger": "api.test:443", "isProxy": false}
  }],
  "cookies": [{
    "name": "sid", "value": "secret", "domain": ".app.test", "hostOnly": false,
    "path": "/", "secure": true, "httpOnly": true, "sameSite": "no_restriction",
    "session": false, "expirationDate": 1764300000.25,
    "partitionKey": {"topLevelSite": "https://app.test"}
  }, {"name": "pref", "value": "1", "domain": "app.test", "hostOnly": true, "path": "/", "sameSite": "unspecified", "session": true}]
}`

func TestDecodeSnapshot(t *testing.T) {
	t.Run("docs example", func(t *testing.T) {
		s, err := DecodeSnapshot([]byte(wireExample))
		require.NoError(t, err)
		assert.Empty(t, s.Problems)
		assert.Equal(t, time.UnixMilli(1764210000000).UTC(), s.Now)
		assert.Equal(t, BrowserChromium, s.Browser)
		assert.True(t, s.ThirdPartyCookiesBlocked)
		require.Len(t, s.Exchanges, 1)
		e := s.Exchanges[0]
		assert.Equal(t, "1234", e.ID)
		assert.Equal(t, Request{
			URL: "https://api.test/me", Method: "GET", Type: "xmlhttprequest", Initiator: "https://app.test",
			Time:    time.UnixMilli(1764209999000).Add(500 * time.Microsecond).UTC(),
			Headers: header.Headers{{Name: "Authorization", Value: "Bearer eyJ..."}},
		}, e.Request)
		require.NotNil(t, e.Response)
		assert.Equal(t, 401, e.Response.Status)
		assert.Equal(t, "127.0.0.1", e.Response.ServerIP)
		assert.Equal(t, `Bearer realm="api"`, e.Response.Headers.Get("www-authenticate"))
		require.NotNil(t, e.Preflight)
		assert.Equal(t, "OPTIONS", e.Preflight.Request.Method)
		assert.Equal(t, 204, e.Preflight.Response.Status)
		assert.Equal(t, []Hop{{URL: "https://api.test/old", Status: 302, Headers: header.Headers{{Name: "Location", Value: "/me"}}}}, e.Redirects)
		assert.Equal(t, &AuthChallenge{Scheme: "basic", Realm: "Lab", Challenger: "api.test:443"}, e.AuthChallenge)
		require.Len(t, s.Cookies, 2)
		assert.Equal(t, cookie.Cookie{
			Name: "sid", Value: "secret", Domain: "app.test", Path: "/", Secure: true, HTTPOnly: true,
			SameSite: cookie.SameSiteNone, Expires: time.Unix(1764300000, 250e6).UTC(), PartitionKey: "https://app.test",
		}, s.Cookies[0])
		assert.Equal(t, cookie.Cookie{Name: "pref", Value: "1", Domain: "app.test", HostOnly: true, Path: "/", Session: true}, s.Cookies[1])
	})

	fatal := []struct {
		name, in, err string
	}{
		{"not json", `{`, "snapshot: jsonlite: "},
		{"array at top", `[]`, "snapshot: want object, got array"},
		{"now is a string", `{"now":"yesterday"}`, "snapshot: now: want number, got string"},
		{"now out of range", `{"now":1e300}`, "snapshot: now: time out of range"},
		{"exchanges not array", `{"exchanges":{}}`, "snapshot: exchanges: want array, got object"},
		{"browser number", `{"browser":1}`, "snapshot: browser: want string, got number"},
	}
	for _, c := range fatal {
		t.Run("fatal/"+c.name, func(t *testing.T) {
			_, err := DecodeSnapshot([]byte(c.in))
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.err)
		})
	}

	partial := []struct {
		name, in, problem string
	}{
		{"header not object", `{"exchanges":[{"id":"a","request":{"url":"https://a.test/","headers":[{"name":"A","value":"1"},"x"]}},{"id":"b","request":{"url":"https://b.test/"}}]}`,
			"snapshot: exchanges[0].request.headers[1]: want object, got string"},
		{"header without name", `{"exchanges":[{"id":"a","request":{"headers":[{"value":"1"}]}},{"id":"b","request":{}}]}`,
			"snapshot: exchanges[0].request.headers[0].name: missing header name"},
		{"status fractional", `{"exchanges":[{"id":"a","request":{},"response":{"status":401.5}},{"id":"b","request":{}}]}`,
			`snapshot: exchanges[0].response.status: want an integer, got "401.5"`},
		{"no request", `{"exchanges":[{"id":"a"},{"id":"b","request":{}}]}`,
			"snapshot: exchanges[0].request: missing"},
		{"exchange not object", `{"exchanges":[7,{"id":"b","request":{}}]}`,
			"snapshot: exchanges[0]: want object, got number"},
		{"bad preflight", `{"exchanges":[{"id":"a","request":{},"preflight":{"request":{"method":3}}},{"id":"b","request":{}}]}`,
			"snapshot: exchanges[0].preflight.request.method: want string, got number"},
	}
	for _, c := range partial {
		t.Run("partial/"+c.name, func(t *testing.T) {
			s, err := DecodeSnapshot([]byte(c.in))
			require.NoError(t, err)
			assert.Equal(t, []string{c.problem}, s.Problems)
			require.Len(t, s.Exchanges, 1)
			assert.Equal(t, "b", s.Exchanges[0].ID)
		})
	}

	t.Run("bad cookie left out", func(t *testing.T) {
		s, err := DecodeSnapshot([]byte(`{"cookies":[{"name":"a","secure":"yes"},{"name":"b"}]}`))
		require.NoError(t, err)
		assert.Equal(t, []string{"snapshot: cookies[0].secure: want bool, got string"}, s.Problems)
		require.Len(t, s.Cookies, 1)
		assert.Equal(t, "b", s.Cookies[0].Name)
	})
	t.Run("tolerant", func(t *testing.T) {
		s, err := DecodeSnapshot([]byte(`{"future":1,"browser":"netscape","exchanges":[{"id":12,"request":{"url":"u"},"response":null,` +
			`"auth":{"challenger":{"host":"api.test","port":443}}}],"cookies":[{"name":"a","sameSite":"weird","partitionKey":"https://x.test"}]}`))
		require.NoError(t, err)
		assert.Empty(t, s.Problems)
		assert.Equal(t, BrowserUnspecified, s.Browser)
		assert.Equal(t, "12", s.Exchanges[0].ID)
		assert.Nil(t, s.Exchanges[0].Response)
		assert.Equal(t, "api.test:443", s.Exchanges[0].AuthChallenge.Challenger)
		assert.Equal(t, cookie.SameSiteUnspecified, s.Cookies[0].SameSite)
		assert.Equal(t, "https://x.test", s.Cookies[0].PartitionKey)
	})
}

func TestSnapshotRoundTrip(t *testing.T) {
	s, err := DecodeSnapshot([]byte(wireExample))
	require.NoError(t, err)
	again, err := DecodeSnapshot(EncodeSnapshot(s))
	require.NoError(t, err)
	assert.Equal(t, s, again)

	t.Run("zero times stay zero", func(t *testing.T) {
		z := Snapshot{Exchanges: []Exchange{{ID: "1", Request: Request{URL: "https://a.test/"}}}}
		back, err := DecodeSnapshot(EncodeSnapshot(z))
		require.NoError(t, err)
		assert.Equal(t, z, back)
	})
}

// fl0 reads the parts of a failure that its Markdown shows.
func fl0(f jsonlite.Value, strs func(jsonlite.Value) []string) Failure {
	sev := map[string]Severity{"info": Info, "possible": Possible, "likely": Likely, "cause": Cause}
	fl := Failure{URL: f.Get("url").Str(), Method: f.Get("method").Str(), Status: int(f.Get("status").Int()), Error: f.Get("error").Str()}
	for _, g := range f.Get("findings").Items() {
		fl.Findings = append(fl.Findings, Finding{ID: ID(g.Get("id").Str()), Severity: sev[g.Get("severity").Str()],
			Title: g.Get("title").Str(), Explanation: g.Get("explanation").Str(), Evidence: strs(g.Get("evidence")), Fixes: strs(g.Get("fixes"))})
	}
	return fl
}

// decodeReport reads a report back, for round-trip tests only.
func decodeReport(t *testing.T, data []byte) Report {
	t.Helper()
	v, err := jsonlite.Parse(data)
	require.NoError(t, err)
	sev := map[string]Severity{"info": Info, "possible": Possible, "likely": Likely, "cause": Cause}
	act := map[string]Action{"none": ActionNone, "clear-site-data": ActionClearSiteData, "clear-cookies": ActionClearCookies, "clear-cache": ActionClearCache, "reload": ActionReload}
	strs := func(v jsonlite.Value) []string {
		var out []string
		for _, s := range v.Items() {
			out = append(out, s.Str())
		}
		return out
	}
	kinds := map[string]Kind{}
	for k := KindUnspecified; k <= KindNetworkAuth; k++ {
		kinds[k.String()] = k
	}
	badge := func(v jsonlite.Value) Badge { return Badge{Text: v.Get("text").Str(), Color: v.Get("color").Str()} }
	r := Report{Version: int(v.Get("version").Int()), Problems: strs(v.Get("problems")), Badge: badge(v.Get("badge"))}
	for _, f := range v.Get("failures").Items() {
		c := f.Get("clear")
		fl := Failure{ExchangeID: f.Get("exchangeId").Str(), URL: f.Get("url").Str(), Method: f.Get("method").Str(),
			Status: int(f.Get("status").Int()), Error: f.Get("error").Str(), Kind: kinds[f.Get("kind").Str()],
			Badge: badge(f.Get("badge")), Action: act[f.Get("action").Str()],
			Clear: ClearPlan{Primary: c.Get("primary").Bool(), Origins: strs(c.Get("origins")), Types: strs(c.Get("types")),
				CookieDomains: strs(c.Get("cookieDomains")), Optional: strs(c.Get("optional"))}}
		require.Equal(t, Markdown(fl0(f, strs)), f.Get("markdown").Str())
		for i, g := range f.Get("findings").Items() {
			require.Equal(t, Heading(i, sev[g.Get("severity").Str()]), g.Get("heading").Str())
			fl.Findings = append(fl.Findings, Finding{ID: ID(g.Get("id").Str()), Severity: sev[g.Get("severity").Str()],
				Title: g.Get("title").Str(), Explanation: g.Get("explanation").Str(), Evidence: strs(g.Get("evidence")),
				Fixes: strs(g.Get("fixes")), Action: act[g.Get("action").Str()]})
		}
		r.Failures = append(r.Failures, fl)
	}
	return r
}

func TestEncodeReport(t *testing.T) {
	r := Report{Version: ReportVersion, Failures: []Failure{{
		ExchangeID: "1234", URL: "https://api.test/me", Method: "GET", Status: 401,
		Findings: []Finding{{ID: ExpiredToken, Severity: Cause, Title: "t <b>", Explanation: "e", Evidence: []string{"exp: 2025"},
			Fixes: []string{"f1", "f2"}, Action: ActionClearSiteData}},
		Kind: KindAuth, Badge: Badge{"401", "#b3261e"}, Action: ActionClearSiteData,
		Clear: ClearPlan{Primary: true, Origins: []string{"https://api.test"}, Types: []string{"cookies"}, CookieDomains: []string{"api.test"}},
	}}, Problems: []string{"snapshot: exchanges[1]: want object, got number"}, Badge: Badge{"401", "#b3261e"}}

	t.Run("field names", func(t *testing.T) {
		assert.Equal(t, `{"version":1,"badge":{"text":"401","color":"#b3261e"},"failures":[{"exchangeId":"1234","url":"https://api.test/me","method":"GET","status":401,"error":"",`+
			`"kind":"auth","badge":{"text":"401","color":"#b3261e"},"action":"clear-site-data",`+
			`"clear":{"primary":true,"origins":["https://api.test"],"types":["cookies"],"cookieDomains":["api.test"],"optional":[]},`+
			`"findings":[{"id":"expired-token","severity":"cause","heading":"Most likely","title":"t \u003cb\u003e","explanation":"e","evidence":["exp: 2025"],`+
			`"fixes":["f1","f2"],"action":"clear-site-data"}],`+
			`"markdown":"# Auth Doctor report\n\n`+"`GET https://api.test/me` — `401`"+`\n\n## Most likely: t \\\u003cb\\\u003e (`+"`expired-token`"+`, cause)\n\ne\n\n`+
			`Evidence:\n\n- `+"`exp: 2025`"+`\n\nHow to fix:\n\n1. f1\n2. f2\n"}],"problems":["snapshot: exchanges[1]: want object, got number"]}`,
			string(EncodeReport(r)))
	})
	t.Run("round trip", func(t *testing.T) {
		assert.Equal(t, r, decodeReport(t, EncodeReport(r)))
	})
	t.Run("empty lists are arrays", func(t *testing.T) {
		assert.Equal(t, `{"version":1,"badge":null,"failures":[],"problems":[]}`, string(EncodeReport(Report{Version: 1})))
	})
}

func TestEncodeError(t *testing.T) {
	_, err := DecodeSnapshot([]byte(`{"now":"x"}`))
	require.Error(t, err)
	out := EncodeError(err)
	v, perr := jsonlite.Parse(out)
	require.NoError(t, perr)
	assert.Equal(t, int64(1), v.Get("version").Int())
	assert.Equal(t, "snapshot: now: want number, got string", v.Get("error").Str())
	assert.Equal(t, `{"version":1,"error":"unknown error"}`, string(EncodeError(nil)))
}

// FuzzDecodeSnapshot checks that whatever decodes also survives a round trip.
func FuzzDecodeSnapshot(f *testing.F) {
	f.Add([]byte(wireExample))
	f.Add([]byte(`{"exchanges":[7,{"id":"b","request":{}}],"cookies":[{"name":"a","secure":"yes"}]}`))
	f.Add([]byte(`{"now":1e300}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := DecodeSnapshot(data)
		if err != nil {
			return
		}
		s.Problems = nil
		again, err := DecodeSnapshot(EncodeSnapshot(s))
		require.NoError(t, err)
		assert.Equal(t, s, again)
	})
}
