//go:build js && wasm

package main

import (
	"syscall/js"
	"testing"

	"github.com/authdoctor/authdoctor/diagnose/jsonlite"
	"github.com/hack-pad/safejs"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBridge calls the published object the way the service worker does,
// through JavaScript, including the inputs JS can get wrong.
func TestBridge(t *testing.T) {
	api, err := newAPI()
	require.NoError(t, err)
	require.NoError(t, safejs.Global().Set("authdoctorTest", api))
	obj := js.Global().Get("authdoctorTest")

	errorOf := func(t *testing.T, v js.Value) string {
		t.Helper()
		require.Equal(t, js.TypeString, v.Type())
		out, err := jsonlite.Parse([]byte(v.String()))
		require.NoError(t, err, v.String())
		if !out.Get("error").Exists() {
			return ""
		}
		assert.EqualValues(t, 1, out.Get("version").Int(), "an error report carries the version")
		return out.Get("error").Str()
	}
	tests := []struct {
		name   string
		method string
		args   []any
		error  string // substring; "" means success
	}{
		{name: "diagnose a snapshot", method: "diagnose", args: []any{`{"exchanges":[]}`}},
		{name: "diagnose bad JSON", method: "diagnose", args: []any{`{"exchanges":`}, error: "snapshot"},
		{name: "diagnose without argument", method: "diagnose", error: "snapshot"},
		{name: "diagnose a number", method: "diagnose", args: []any{42}, error: "argument must be a string, got number"},
		{name: "diagnose an object", method: "diagnose", args: []any{js.Global().Get("Object").New()}, error: "argument must be a string, got object"},
		{name: "diagnose null", method: "diagnose", args: []any{nil}, error: "argument must be a string, got null"},
		{name: "redact an exchange", method: "redact", args: []any{`{"exchanges":[{"id":"1","request":{"url":"https://a.test/"}}]}`}},
		{name: "redact garbage", method: "redact", args: []any{"\x00"}, error: "snapshot"},
		{name: "triage a snapshot", method: "triage", args: []any{`{"exchanges":[{"id":"1","request":{"url":"https://a.test/"},"response":{"status":401}}]}`}},
		{name: "triage a number", method: "triage", args: []any{7}, error: "argument must be a string, got number"},
		{name: "cookie domains", method: "cookieDomains", args: []any{`["https://a.shop.co.uk/"]`}},
		{name: "cookie domains of an object", method: "cookieDomains", args: []any{`{}`}, error: "urls: want array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := errorOf(t, obj.Call(tt.method, tt.args...))
			if tt.error == "" {
				assert.Empty(t, got)
			} else {
				assert.Contains(t, got, tt.error)
			}
		})
	}
	t.Run("version", func(t *testing.T) {
		v := obj.Call("version")
		require.Equal(t, js.TypeString, v.Type())
		assert.Regexp(t, `^authdoctor .* report/1$`, v.String())
	})
	t.Run("a panic inside the adapter is an error report", func(t *testing.T) {
		fn, err := safejs.FuncOf(stringFunc(func(string) string { panic("adapter") }))
		require.NoError(t, err)
		got := errorOf(t, safejs.Unsafe(fn.Value()).Invoke("x"))
		assert.Equal(t, "internal error: adapter", got)
	})
}
