package har

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authdoctor/authdoctor/diagnose"
	"github.com/authdoctor/authdoctor/diagnose/header"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHARAndWireLinkAlike gives the same exchanges to the HAR reader and to
// DecodeSnapshot and expects the same preflight linking from both: random
// lists of requests and preflights over two URLs, a few methods and
// initiators (known, unknown, opaque), and times on a 2.5 s grid so that
// ties and the 30 s limit come up often.
func TestHARAndWireLinkAlike(t *testing.T) {
	urls := []string{"https://api.test/a", "https://api.test/b"}
	methods := []string{"GET", "PUT", "POST", "OPTIONS"}
	asked := []string{"GET", "PUT", "put", "OPTIONS", ""}
	inits := []string{"", "https://app.test", "https://other.test", "null"}
	r := rand.New(rand.NewPCG(10, 10))
	linked := 0
	for round := range 300 {
		type spec struct {
			pre             bool
			method, url, in string
			ms              int
		}
		specs := make([]spec, 1+r.IntN(40))
		for i := range specs {
			sp := spec{pre: r.IntN(2) == 0, url: urls[r.IntN(len(urls))], in: inits[r.IntN(len(inits))], ms: 2500 * r.IntN(27)}
			if sp.pre {
				sp.method = asked[r.IntN(len(asked))]
			} else {
				sp.method = methods[r.IntN(len(methods))]
			}
			specs[i] = sp
		}
		// In time order, so that the HAR reader's sort keeps the IDs.
		slices.SortStableFunc(specs, func(a, b spec) int { return a.ms - b.ms })

		var entries []string
		var xs []diagnose.Exchange
		for i, sp := range specs {
			x := diagnose.Exchange{ID: strconv.Itoa(i), Error: "net::ERR_FAILED", Request: diagnose.Request{
				URL: sp.url, Method: sp.method, Initiator: sp.in, Time: base.Add(time.Duration(sp.ms) * time.Millisecond)}}
			hs := `[]`
			if sp.in != "" {
				x.Request.Headers = header.Headers{{Name: "Origin", Value: sp.in}}
				hs = `[{"name":"Origin","value":"` + sp.in + `"}]`
			}
			kind := "fetch"
			if sp.pre {
				kind = "preflight"
				x.Request.Method = "OPTIONS"
				x.Request.Headers = append(x.Request.Headers, header.Field{Name: "Access-Control-Request-Method", Value: sp.method})
				hs = strings.TrimSuffix(hs, "]")
				if hs != "[" {
					hs += ","
				}
				hs += `{"name":"Access-Control-Request-Method","value":"` + sp.method + `"}]`
			}
			xs = append(xs, x)
			entries = append(entries, `{"startedDateTime":"`+x.Request.Time.Format(time.RFC3339Nano)+`","time":1,"_resourceType":"`+kind+`",`+
				`"request":{"method":"`+x.Request.Method+`","url":"`+sp.url+`","headers":`+hs+`},`+
				`"response":{"status":0,"headers":[],"_error":"net::ERR_FAILED"}}`)
		}
		fromHAR, err := Parse([]byte(har("WebInspector", entries...)), Options{})
		require.NoError(t, err)
		fromWire, err := diagnose.DecodeSnapshot(diagnose.EncodeSnapshot(diagnose.Snapshot{Exchanges: xs}))
		require.NoError(t, err)
		got, want := linking(fromHAR.Snapshot.Exchanges), linking(fromWire.Exchanges)
		require.Equal(t, want, got, "round %d", round)
		require.Equal(t, linking(diagnose.LinkPreflights(xs)), want)
		for _, l := range got {
			if strings.Contains(l, "<") {
				linked++
			}
		}
	}
	assert.Greater(t, linked, 1000, "the rounds link preflights")
}

// linking is each exchange's ID, with "<" and its preflight's when it has one.
func linking(xs []diagnose.Exchange) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = x.ID
		if x.Preflight != nil {
			out[i] += "<" + x.Preflight.ID
		}
	}
	return out
}

// pairsHAR is a Chrome HAR of n CORS requests to one URL (a polling API),
// each followed 2 ms later by its preflight, 10 ms apart: the worst case
// for a per-URL scan, since every request is a candidate for every
// preflight.
func pairsHAR(n int) []byte {
	var b strings.Builder
	b.WriteString(`{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"entries":[`)
	at := func(ms int) string { return base.Add(time.Duration(ms) * time.Millisecond).Format(time.RFC3339Nano) }
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"startedDateTime":"` + at(10*i) + `","time":3,"_resourceType":"fetch",` +
			`"_initiator":{"type":"script","url":"https://app.test/app.js"},` +
			`"request":{"method":"PUT","url":"https://api.test/orders","headers":[{"name":"Origin","value":"https://app.test"}]},` +
			`"response":{"status":0,"statusText":"","headers":[],"_error":"net::ERR_FAILED"}},`)
		b.WriteString(`{"startedDateTime":"` + at(10*i+2) + `","time":1,"_resourceType":"preflight",` +
			`"request":{"method":"OPTIONS","url":"https://api.test/orders","headers":[{"name":"Origin","value":"https://app.test"},` +
			`{"name":"Access-Control-Request-Method","value":"PUT"}]},` +
			`"response":{"status":401,"statusText":"","headers":[{"name":"X-N","value":"` + strconv.Itoa(i) + `"}]}}`)
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}

// BenchmarkParse30kPreflights reads a HAR of 30,000 request+preflight
// pairs to one URL; linking must stay far below a second.
func BenchmarkParse30kPreflights(b *testing.B) {
	data := pairsHAR(30000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := Parse(data, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Snapshot.Exchanges) != 30000 || res.Snapshot.Exchanges[29999].Preflight == nil {
			b.Fatalf("not linked: %d exchanges", len(res.Snapshot.Exchanges))
		}
	}
}
