// Package jsonlite is a strict RFC 8259 JSON decoder and an append-style
// encoder that use no reflection, because encoding/json adds about 1.4 MB to
// the wasm build.
//
// Parse builds a Value tree whose accessors never panic: asking an object for
// a missing key, an array for an index out of range or a string for its number
// yields a zero result, so callers can walk untrusted input without checks at
// every step. Strings are always valid UTF-8 (invalid bytes and lone
// surrogates become U+FFFD, as in encoding/json and browsers).
//
// Writer and the Append functions produce JSON that is safe to embed in HTML
// and JavaScript (<, >, &, U+2028 and U+2029 are escaped).
package jsonlite
