// Package weburl parses the URLs the engine meets (http, https, ws, wss and a
// few opaque schemes) the way a browser does, closely enough to compare
// origins, decide whether a context is secure and redact secrets for display.
//
// It exists because net/url adds about 0.9 MB to the wasm build and disagrees
// with browsers on details that matter here (IPv4 shorthand, backslashes,
// default ports). It is not a full WHATWG URL parser: international domain
// names are lowercased but not converted to punycode, and relative references
// are not resolved.
package weburl
