package har

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/authdoctor/authdoctor/diagnose/jsonlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// agreesWithJSON checks that when fastDecode takes data, json.Unmarshal
// takes it too and fills the same file, and that initiatorURL reads every
// entry's _initiator as json.Unmarshal would.
func agreesWithJSON(t *testing.T, data []byte) {
	var want file
	wantErr := json.Unmarshal(data, &want)
	var got file
	if !fastDecode(data, &got) {
		return // encoding/json decides
	}
	require.NoError(t, wantErr, "fastDecode took what encoding/json refuses")
	require.Equal(t, want, got)
	if got.Log == nil {
		return
	}
	for _, e := range got.Log.Entries {
		if len(e.Initiator) == 0 {
			continue
		}
		u, ok := initiatorURL(e.Initiator, jsonlite.NewScanner(nil))
		var in initiator
		if json.Unmarshal(e.Initiator, &in) != nil {
			assert.False(t, ok)
			continue
		}
		want := in.URL
		if want == "" && in.Stack != nil {
			for _, f := range in.Stack.CallFrames {
				if f.URL != "" {
					want = f.URL
					break
				}
			}
		}
		assert.True(t, ok)
		assert.Equal(t, want, u)
	}
}

var fastCases = []string{
	`{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"browser":null,"entries":[]}}`,
	`{"log":{"entries":[{"startedDateTime":"2026-01-01T00:00:00Z","time":12.5,"request":{"method":"GET","url":"https://a.test/","headers":[{"name":"Cookie","value":"a=1"},null],"cookies":[]},` +
		`"response":{"status":401,"statusText":"Unauthorized","headers":[{"name":"WWW-Authenticate","value":"Bearer"}],"redirectURL":"","_error":null},` +
		`"cache":{"beforeRequest":null,"afterRequest":{}},"serverIPAddress":"[::1]","_resourceType":"fetch","_initiator":{"type":"script","stack":{"callFrames":[{"url":""},{"url":"https://app.test/x.js"}]}},` +
		`"_fromCache":"disk","_fromDiskCache":true,"timings":{"send":1,"wait":2},"_unknown":[1,{"a":"b"}]},null]}}`,
	`{"log":null}`, `null`, `[]`, `{"log":{"entries":{}}}`, `{"log":{"entries":[{"time":"1"}]}}`,
	`{"log":{"entries":[{"response":{"status":200.0}}]}}`, `{"log":{"entries":[{"response":{"status":1e2}}]}}`,
	`{"log":{"entries":[{"time":1e400}]}}`, `{"log":{"entries":[{"Request":{"method":"GET"}}]}}`,
	`{"log":{"entries":[{"request":{"method":"GET"},"request":{"url":"u"}}]}}`, `{"LOG":{}}`,
	`{"log":{"entries":[{"_initiator":"parser"},{"_initiator":{"url":7}},{"_initiator":{"url":"https://a.test/","URL":"x"}},{"_initiator":null}]}}`,
	`{"log":{"entries":[{"request":{"headers":[{"name":"A","value":"a\nb"},{"name":"\u0041","value":"\ud83d"}]}}]}}`,
	"{\"log\":{\"entries\":[{\"request\":{\"url\":\"\xff\"}}]}}", `{"log":{"creator":{"name":1}}}`, `{"log":{}} x`, `{"log":{"entries":[{"_fromDiskCache":1}]}}`,
	`{"log":{"entries":[{"request":{"method":"GET","\u212aey":1}}]}}`,
}

func TestFastDecodeAgreesWithJSON(t *testing.T) {
	for _, in := range fastCases {
		t.Run(in, func(t *testing.T) { agreesWithJSON(t, []byte(in)) })
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "har", "*.har"))
	require.NoError(t, err)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			var got file
			require.True(t, fastDecode(data, &got), "a recorded HAR takes the fast path")
			agreesWithJSON(t, data)
		})
	}
}

func FuzzFastDecode(f *testing.F) {
	for _, in := range fastCases {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		agreesWithJSON(t, data)
	})
}
