package main

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/diagnose/har"
	"github.com/authdoctor/authdoctor/internal/version"
	"github.com/authdoctor/authdoctor/lab"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var labNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func cli(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

type harNV struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// record replays a scenario's checks against a running lab with a plain
// client and writes what happened as a HAR, the way a recorder would.
func record(t *testing.T, l *lab.Lab, names ...string) string {
	t.Helper()
	var entries []map[string]any
	at := labNow
	for _, name := range names {
		s, ok := l.Scenario(name)
		require.True(t, ok, name)
		for _, c := range s.Checks {
			req, err := http.NewRequest(c.Method, c.URL, nil)
			require.NoError(t, err)
			var reqH []harNV
			for _, kv := range c.Headers {
				req.Header.Add(kv[0], kv[1])
				reqH = append(reqH, harNV{kv[0], kv[1]})
			}
			resp, err := l.Client().Do(req)
			require.NoError(t, err)
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			var respH []harNV
			for k, vs := range resp.Header {
				for _, v := range vs {
					respH = append(respH, harNV{k, v})
				}
			}
			entries = append(entries, map[string]any{
				"startedDateTime": at.Format(time.RFC3339Nano), "time": 12.5, "_resourceType": "fetch",
				"request":         map[string]any{"method": c.Method, "url": c.URL, "headers": reqH},
				"response":        map[string]any{"status": resp.StatusCode, "statusText": http.StatusText(resp.StatusCode), "headers": respH, "redirectURL": ""},
				"serverIPAddress": "127.0.0.1",
			})
			at = at.Add(time.Second)
		}
	}
	b, err := json.Marshal(map[string]any{"log": map[string]any{"version": "1.2", "creator": map[string]any{"name": "authdoctor-test", "version": "1"}, "entries": entries}})
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "rec.har")
	require.NoError(t, os.WriteFile(path, b, 0o600))
	return path
}

func startLab(t *testing.T) *lab.Lab {
	l := lab.New(lab.Options{Now: func() time.Time { return labNow }})
	require.NoError(t, l.Start())
	t.Cleanup(func() { l.Close() })
	return l
}

// snapshotFor and reportFor are what the reader and the engine say about
// the file, computed without the CLI.
func snapshotFor(t *testing.T, path string, o har.Options) diagnose.Snapshot {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	res, err := har.Read(f, o)
	require.NoError(t, err)
	return res.Snapshot
}

func reportFor(t *testing.T, path string, o har.Options) diagnose.Report {
	return diagnose.Diagnose(snapshotFor(t, path, o))
}

func TestDiagnoseHuman(t *testing.T) {
	l := startLab(t)
	path := record(t, l, "expired-token")
	snap := snapshotFor(t, path, har.Options{})
	rep := diagnose.Diagnose(snap)
	require.NotEmpty(t, rep.Failures, "the lab's expired-token endpoint fails")

	code, out, errOut := cli(t, "diagnose", path)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, path+": "+plural(len(snap.Exchanges), "request")+", "+plural(len(rep.Failures), "failure"))
	assert.Contains(t, out, "judged at 2026-03-01T12:00:01Z", "now defaults to the end of the last entry (12.5 ms rounds down)")
	for i, f := range rep.Failures {
		head := strings.Split(out, "\n"+itoa(i+1)+". ")
		require.Len(t, head, 2, "failure %d printed once", i+1)
		assert.True(t, strings.HasPrefix(head[1], f.Method+" "+f.URL+" — "+itoa(f.Status)))
		if len(f.Findings) > 0 {
			top := f.Findings[0]
			assert.Contains(t, head[1], "["+top.Severity.String()+"] "+string(top.ID)+": "+top.Title)
			for k := range top.Fixes {
				assert.Contains(t, head[1], "fix "+itoa(k+1)+": ")
			}
		}
	}
	t.Run("the expired token is the top finding", func(t *testing.T) {
		assert.Regexp(t, regexp.MustCompile(`— 401\n   \[cause\] expired-token: `), out)
	})
	t.Run("no secret in the output", func(t *testing.T) {
		s, _ := l.Scenario("expired-token")
		tok := s.Checks[1].Headers[1][1]
		sig := tok[strings.LastIndex(tok, ".")+1:]
		assert.NotContains(t, out, sig)
	})
	t.Run("--now is the time the engine judges at", func(t *testing.T) {
		now := time.Date(2026, 3, 1, 18, 0, 0, 0, time.UTC)
		code, out, _ := cli(t, "diagnose", "--now", now.Format(time.RFC3339), "--json", path)
		require.Equal(t, 0, code)
		assert.Equal(t, string(diagnose.EncodeReport(diagnose.Diagnose(snapshotFor(t, path, har.Options{Now: now}))))+"\n", out)
		code, out, _ = cli(t, "diagnose", "--now", now.Format(time.RFC3339), path)
		require.Equal(t, 0, code)
		assert.Contains(t, out, "judged at 2026-03-01T18:00:00Z")
	})
}

func TestDiagnoseJSON(t *testing.T) {
	l := startLab(t)
	path := record(t, l, "missing-credentials", "waf-block")
	code, out, errOut := cli(t, "diagnose", path, "--json") // flags after the file work too
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, string(diagnose.EncodeReport(reportFor(t, path, har.Options{})))+"\n", out, "one encoder: the engine's")
	var doc struct {
		Version  int `json:"version"`
		Failures []struct {
			URL      string `json:"url"`
			Findings []struct {
				ID string `json:"id"`
			} `json:"findings"`
		} `json:"failures"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, diagnose.ReportVersion, doc.Version)
	require.GreaterOrEqual(t, len(doc.Failures), 2)

	t.Run("--url keeps matching failures", func(t *testing.T) {
		code, out, _ := cli(t, "diagnose", "--json", "--url", "/s/waf-block/", path)
		require.Equal(t, 0, code)
		require.NoError(t, json.Unmarshal([]byte(out), &doc))
		require.NotEmpty(t, doc.Failures)
		for _, f := range doc.Failures {
			assert.Contains(t, f.URL, "/s/waf-block/")
		}
		code, out, _ = cli(t, "diagnose", "--url", "nothing-matches", path)
		require.Equal(t, 0, code)
		assert.Contains(t, out, "0 failures matching \"nothing-matches\"")
		assert.Contains(t, out, "No failed authentication or CORS requests found.")
	})
}

func TestDiagnoseUnusableInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o600))
		return p
	}
	notJSON := write("broken.har", "{\n  \"log\": {\"entries\": [")
	noLog := write("nolog.har", `{"foo": 1}`)
	badEntry := write("bad.har", `{"log":{"entries":[{"startedDateTime":"2026-03-01T12:00:00Z","request":{"method":"GET","url":"relative"}}]}}`)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"missing file", []string{"diagnose", filepath.Join(dir, "nope.har")}, []string{"nope.har: ", "no such file"}},
		{"not JSON", []string{"diagnose", notJSON}, []string{"broken.har: har: at byte", "truncated"}},
		{"not a HAR", []string{"diagnose", noLog}, []string{"nolog.har: har: log: missing"}},
		{"bad entry", []string{"diagnose", badEntry}, []string{"bad.har: har: log.entries[0].request.url: not an absolute URL"}},
		{"bad --now", []string{"diagnose", "--now", "tomorrow", badEntry}, []string{`--now "tomorrow" is not an RFC 3339 time`}},
		{"no file", []string{"diagnose"}, []string{"expected one HAR file, got 0"}},
		{"two files", []string{"diagnose", noLog, noLog}, []string{"expected one HAR file, got 2"}},
		{"unknown flag", []string{"diagnose", "--colour", noLog}, []string{"flag provided but not defined: -colour"}},
		{"no command", nil, []string{"Usage:"}},
		{"unknown command", []string{"frobnicate"}, []string{`unknown command "frobnicate"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := cli(t, tt.args...)
			assert.Equal(t, 2, code)
			assert.Empty(t, out)
			for _, w := range tt.want {
				assert.Contains(t, errOut, w)
			}
		})
	}
	t.Run("--json also writes an error report", func(t *testing.T) {
		code, out, errOut := cli(t, "diagnose", "--json", notJSON)
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "broken.har")
		var doc struct {
			Version int    `json:"version"`
			Error   string `json:"error"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &doc))
		assert.Equal(t, 1, doc.Version)
		assert.Contains(t, doc.Error, "broken.har: har: at byte")
	})
}

func TestHostileTextIsEscaped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "evil.har")
	h := `{"log":{"creator":{"name":"x\u001b[31m"},"entries":[{"startedDateTime":"2026-03-01T12:00:00Z","time":1,
	  "request":{"method":"GET","url":"https://api.test/x","headers":[]},
	  "response":{"status":401,"headers":[{"name":"WWW-Authenticate","value":"Bearer realm=\"\u001b]0;pwned\u0007\""}]}}]}}`
	require.NoError(t, os.WriteFile(path, []byte(h), 0o600))
	code, out, _ := cli(t, "diagnose", path)
	require.Equal(t, 0, code)
	assert.NotContains(t, out, "\x1b")
	assert.NotContains(t, out, "\a")
	assert.Contains(t, out, `x\x1b[31m`)
	assert.Contains(t, out, "401")
}

func TestVersionAndHelp(t *testing.T) {
	code, out, _ := cli(t, "version")
	assert.Equal(t, 0, code)
	assert.Equal(t, version.String()+"\n", out)
	assert.Regexp(t, `^authdoctor \S+ report/1\n$`, out)
	code, out, _ = cli(t, "help")
	assert.Equal(t, 0, code)
	for _, cmd := range []string{"authdoctor diagnose FILE.har", "authdoctor lab", "authdoctor version"} {
		assert.Contains(t, out, cmd)
	}
}

func TestLab(t *testing.T) {
	var out bytes.Buffer
	var index string
	waitForStop = func() {
		// Running: fetch the index it printed, through the lab's own host.
		m := regexp.MustCompile(`https on 127\.0\.0\.1:(\d+)`).FindStringSubmatch(out.String())
		require.Len(t, m, 2)
		resp, err := insecureClient().Get("https://127.0.0.1:" + m[1] + "/")
		require.NoError(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		index = string(b)
	}
	t.Cleanup(func() { waitForStop = func() {} })
	var errOut bytes.Buffer
	code := run([]string{"lab", "--http", "127.0.0.1:0", "--https", "127.0.0.1:0"}, &out, &errOut)
	require.Equal(t, 0, code, errOut.String())
	text := out.String()
	assert.Contains(t, text, `--host-resolver-rules="MAP *.test 127.0.0.1,MAP *.co.uk 127.0.0.1" --ignore-certificate-errors`)
	l := startLab(t) // same scenario list, other ports
	for _, s := range l.Scenarios() {
		assert.Contains(t, text, "\n"+s.Name+"\n")
		assert.Contains(t, index, s.Name)
	}
	t.Run("refuses a public address", func(t *testing.T) {
		code, _, errOut := cli(t, "lab", "--http", "0.0.0.0:0")
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "not a loopback IP")
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

func insecureClient() *http.Client {
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}, Timeout: 5 * time.Second}
}

// TestDiagnoseMarkdown: --markdown prints the popup's Copy report, from the
// engine's one renderer.
func TestDiagnoseMarkdown(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.har")
	require.NoError(t, os.WriteFile(path, []byte(`{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[`+
		`{"startedDateTime":"2026-03-01T12:00:00Z","time":1,"request":{"method":"GET","url":"https://api.test/[x](y)","httpVersion":"HTTP/1.1","headers":[],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":0},`+
		`"response":{"status":401,"statusText":"Unauthorized","httpVersion":"HTTP/1.1","headers":[{"name":"WWW-Authenticate","value":"Bearer"}],"cookies":[],"content":{"size":0,"mimeType":"text/plain"},"redirectURL":"","headersSize":-1,"bodySize":0},`+
		`"cache":{},"timings":{"send":0,"wait":1,"receive":0}}]}}`), 0o644))
	var out, errOut strings.Builder
	require.Equal(t, 0, run([]string{"diagnose", "--markdown", path}, &out, &errOut), errOut.String())
	assert.True(t, strings.HasPrefix(out.String(), "# Auth Doctor report\n\n`GET https://api.test/[x](y)` — `401`\n\n## Most likely: "), out.String())
}

// TestDiagnoseNotesOnce: a HAR without any credential header gets its note
// once (Diagnose carries the snapshot's problems over; printing both lists
// printed each note twice).
func TestDiagnoseNotesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bare.har")
	require.NoError(t, os.WriteFile(path, []byte(`{"log":{"version":"1.2","creator":{"name":"t","version":"1"},"entries":[`+
		`{"startedDateTime":"2026-03-01T12:00:00Z","time":1,"request":{"method":"GET","url":"https://api.test/me","headers":[]},`+
		`"response":{"status":401,"headers":[]}}]}}`), 0o644))
	var out, errOut strings.Builder
	require.Equal(t, 0, run([]string{"diagnose", path}, &out, &errOut), errOut.String())
	assert.Equal(t, 1, strings.Count(out.String(), "note: har: no Cookie, Set-Cookie or Authorization header"), out.String())
}
