//go:build !(js && wasm)

package main

import "os"

// The native twin of main_js.go: the entry points in this package are plain
// Go and tested natively, but the command itself only means something inside
// a JavaScript host, so a native build says how to build it instead.
func main() {
	os.Stderr.WriteString("authdoctor wasm: build with GOOS=js GOARCH=wasm (make build)\n")
	os.Exit(2)
}
