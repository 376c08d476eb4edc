// Command wasm is the engine's only door to JavaScript. Built with
// GOOS=js GOARCH=wasm it sets globalThis.authdoctor (see main_js.go); the
// functions here are the plain-Go half of every entry point, so they are
// tested natively with `go test` and under Node through the bridge.
//
// Every entry point takes one string and returns one string and never panics:
// the service worker must survive hostile input and engine bugs alike, so a
// failure comes back as a wire-format error report (docs/wire.md).
package main

import "errors"

// guard runs f and turns a panic into an error report, so one bad snapshot
// never kills the Go runtime that the worker keeps for the next call.
func guard(f func() string) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = errorReport("internal error: " + panicText(r))
		}
	}()
	return f()
}

func panicText(r any) string {
	switch v := r.(type) {
	case error:
		return v.Error()
	case string:
		return v
	}
	return "panic"
}

func errorReport(msg string) string {
	return string(encodeError(errors.New(msg)))
}

// Diagnose answers a snapshot with a report, both JSON per docs/wire.md.
func Diagnose(snapshotJSON string) string {
	return guard(func() string { return string(diagnoseJSON([]byte(snapshotJSON))) })
}

// Redact returns a snapshot (wire JSON; the worker wraps the exchanges it
// stores in one) with every secret masked in the form the engine still
// understands, so the worker can store it.
func Redact(snapshotJSON string) string {
	return guard(func() string { return string(redactJSON([]byte(snapshotJSON))) })
}

// Triage answers a snapshot with the exchanges the engine calls failures,
// their kind and badge: {"failures":[{"exchangeId","kind","badge"}],"badge"}.
func Triage(snapshotJSON string) string {
	return guard(func() string { return string(triageJSON([]byte(snapshotJSON))) })
}

// CookieDomains answers a JSON array of URLs with {"domains": [...]}: the
// registrable domain of each http(s) host, by the shipped public-suffix list.
func CookieDomains(urlsJSON string) string {
	return guard(func() string { return string(cookieDomainsJSON([]byte(urlsJSON))) })
}
