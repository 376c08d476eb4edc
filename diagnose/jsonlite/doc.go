// Package jsonlite is a strict RFC 8259 JSON reader and an append-style
// encoder that use no reflection, because encoding/json adds about 1.4 MB to
// the wasm build.
//
// There is one reader, Scanner: a one-pass tokenizer that checks the input
// as it goes (syntax, escapes, nesting up to MaxDepth) and stops at the first
// error with its byte offset. Everything that reads JSON is built on it:
//
//   - Parse (and Scanner.Value) read a value whole into a Value tree, whose
//     accessors never panic: asking an object for a missing key, an array for
//     an index out of range or a string for its number yields a zero result,
//     so callers can walk untrusted input without checks at every step.
//   - Scanner.Read reads a value into a Tree of Nodes that the next value
//     reuses, for long inputs read item by item without allocating.
//   - Decoders that build their own model walk the input with Object/Key and
//     Array/Next, read the scalars they need and Skip the rest.
//
// Whichever way a text is read, it is accepted or rejected alike, with the
// same error, and its strings are the same: always valid UTF-8, invalid
// bytes and lone surrogates becoming U+FFFD, as in encoding/json and
// browsers. Parse accepts exactly what encoding/json accepts and decodes the
// same values (FuzzParse checks both), except that nesting deeper than
// MaxDepth is an error and a number beyond float64's range is ±Inf (its text
// kept by Raw) rather than an error.
//
// Writer and the Append functions produce JSON that is safe to embed in HTML
// and JavaScript (<, >, &, U+2028 and U+2029 are escaped).
package jsonlite
