// Package browser measures the extension's figures in a real headless
// Chromium: capture overhead, time to diagnosis (cold and warm), wasm boot in
// the service worker and the record under a request flood. Its pages come
// from a loopback server of its own, so the lab stays free of bench-only
// endpoints and the numbers do not move when the lab's scenarios do.
package browser

import (
	"net"
	"net/http"
	"strconv"
	"strings"
)

// Server serves the bench pages on one loopback port; the page host
// (app.test) and the API host (api.test) are different sites through
// lab.HostRules, so API calls with a header are preflighted.
type Server struct {
	Port string
	srv  *http.Server
}

// StartServer listens on 127.0.0.1 at a free port.
func StartServer() (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	s := &Server{Port: port}
	s.srv = &http.Server{Handler: http.HandlerFunc(s.serve)}
	go s.srv.Serve(ln)
	return s, nil
}

// Close stops the server.
func (s *Server) Close() error { return s.srv.Close() }

// URL is http://host:port/path on this server.
func (s *Server) URL(host, path string) string { return "http://" + host + ":" + s.Port + path }

// The 1×1 transparent GIF the image requests load.
var gif = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// Every run must hit the network again: no HTTP cache, no preflight cache.
	h.Set("Cache-Control", "no-store")
	if o := r.Header.Get("Origin"); o != "" {
		h.Set("Access-Control-Allow-Origin", o)
		h.Set("Access-Control-Allow-Credentials", "true")
		h.Set("Vary", "Origin")
	}
	switch {
	case r.Method == http.MethodOptions:
		h.Set("Access-Control-Allow-Methods", "GET, POST")
		h.Set("Access-Control-Allow-Headers", "authorization, content-type")
		h.Set("Access-Control-Max-Age", "0")
		w.WriteHeader(http.StatusNoContent)
	case r.URL.Path == "/page":
		h.Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(pageHTML(s.URL("api.test", ""))))
	case r.URL.Path == "/img":
		h.Set("Content-Type", "image/gif")
		w.Write(gif)
	case strings.HasPrefix(r.URL.Path, "/deny"):
		// A Bearer challenge, never Basic: headless Chromium would wait for
		// a prompt that never comes (browser-testing.md).
		h.Set("WWW-Authenticate", `Bearer realm="bench", error="invalid_token", error_description="the access token expired"`)
		h.Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		w.Write([]byte(`{"error":"invalid_token"}`))
	default:
		h.Set("Content-Type", "application/json")
		w.Write([]byte(`{"ok":true,"n":` + strconv.Quote(r.URL.RawQuery) + `}`))
	}
}

// pageHTML is the one bench page: its script offers run(plan) and exposes
// the result on window.bench, so the harness chooses the workload.
func pageHTML(api string) string {
	return `<!doctype html><title>bench</title><script>
'use strict';
const API = ` + strconv.Quote(api) + `;
// A JWT-shaped bearer whose exp is in the past, so a diagnosis has a cause.
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaCIsImV4cCI6MTYwMDAwMDAwMH0.c2lnbmF0dXJl';
function img(url) {
  return new Promise((done) => { const i = new Image(); i.onload = i.onerror = done; i.src = url; });
}
function xhr(url) {
  return new Promise((done) => { const x = new XMLHttpRequest(); x.onloadend = done; x.open('GET', url); x.send(); });
}
// Requests the browser refused or that failed on the network: a run with
// any is not the workload it claims to be (Chromium answers
// net::ERR_INSUFFICIENT_RESOURCES past a few thousand pending requests).
let failed = 0;
function img(url) {
  return new Promise((done) => { const i = new Image(); i.onload = done; i.onerror = () => { failed++; done(); }; i.src = url; });
}
function xhr(url) {
  return new Promise((done) => { const x = new XMLHttpRequest(); x.onerror = () => failed++; x.onloadend = done; x.open('GET', url); x.send(); });
}
// A page reads what it fetched; an unread body keeps its loader alive until
// garbage collection, and thousands of those slow the renderer down.
const swallow = (p) => p.then((r) => r.arrayBuffer()).then(() => {}, () => { failed++; });
// one issues request i of a plan; kinds cycle in the plan's proportions.
function one(kind, i, tag) {
  const q = '?' + tag + '=' + i;
  switch (kind) {
    case 'fetch': return swallow(fetch('/r' + q));
    case 'xhr': return xhr('/x' + q);
    case 'img': return img('/img' + q);
    case 'cors': return swallow(fetch(API + '/api' + q, { headers: { Authorization: 'Bearer ' + TOKEN } }));
    case 'cors401': return swallow(fetch(API + '/deny' + q, { headers: { Authorization: 'Bearer ' + TOKEN } }));
    case 'deny': return swallow(fetch('/deny' + q));
  }
}
// run issues n requests, kinds[i % kinds.length] for request i, at most
// limit pending at a time (0: all at once, the browser queues them), and
// resolves with the time from navigation start to the last one settled.
async function run(n, kinds, tag, limit) {
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      await one(kinds[i % kinds.length], i, tag);
    }
  };
  const lanes = limit > 0 ? Math.min(limit, n) : n;
  await Promise.all(Array.from({ length: lanes }, lane));
  return performance.now();
}
window.bench = { run, finished: null, failed: () => failed };
const plan = new URLSearchParams(location.search);
if (plan.has('n')) {
  window.bench.finished = run(Number(plan.get('n')), plan.get('kinds').split(','), plan.get('tag') || 'i', Number(plan.get('limit') || 0));
}
</script>`
}
