//go:build js && wasm

package main

import "github.com/hack-pad/safejs"

// main publishes globalThis.authdoctor and then parks: the Go runtime must stay
// alive for later calls. It runs synchronously inside go.run(), so the object
// exists as soon as go.run() has been called.
func main() {
	api, err := newAPI()
	if err != nil {
		// Without the object the worker reports "engine not loaded"; there is
		// nothing more useful to do from here.
		println("authdoctor: " + err.Error())
		return
	}
	if err := safejs.Global().Set("authdoctor", api); err != nil {
		println("authdoctor: " + err.Error())
		return
	}
	select {}
}

func newAPI() (safejs.Value, error) {
	obj, err := safejs.Global().Get("Object")
	if err != nil {
		return safejs.Value{}, err
	}
	api, err := obj.New()
	if err != nil {
		return safejs.Value{}, err
	}
	for name, f := range map[string]func(string) string{
		"diagnose":      Diagnose,
		"redact":        Redact,
		"triage":        Triage,
		"cookieDomains": CookieDomains,
		"version":       func(string) string { return Version() },
	} {
		fn, err := safejs.FuncOf(stringFunc(f))
		if err != nil {
			return safejs.Value{}, err
		}
		if err := api.Set(name, fn); err != nil {
			return safejs.Value{}, err
		}
	}
	return api, nil
}

// stringFunc adapts a string→string entry point to a JS function. A missing or
// non-string argument is answered with an error report, not a panic; guard in
// the entry point covers the engine, the recover here covers the conversion.
func stringFunc(f func(string) string) func(safejs.Value, []safejs.Value) any {
	return func(_ safejs.Value, args []safejs.Value) (out any) {
		defer func() {
			if r := recover(); r != nil {
				out = errorReport("internal error: " + panicText(r))
			}
		}()
		in := ""
		if len(args) > 0 {
			if args[0].Type() != safejs.TypeString {
				return errorReport("argument must be a string, got " + args[0].Type().String())
			}
			s, err := args[0].String()
			if err != nil {
				return errorReport("reading argument: " + err.Error())
			}
			in = s
		}
		return f(in)
	}
}
