package jsonlite

import (
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string. Besides what JSON requires it
// escapes <, > and & (so the output is safe inside HTML), U+2028 and U+2029
// (line terminators in older JavaScript) and replaces invalid UTF-8 with
// U+FFFD, so the output is always valid UTF-8.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if plain[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendFloat appends f as a JSON number formatted like JavaScript's
// Number.prototype.toString (and encoding/json). NaN and ±Inf have no JSON
// form and are written as null.
func AppendFloat(dst []byte, f float64) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return append(dst, "null"...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	n := len(dst)
	dst = strconv.AppendFloat(dst, f, format, -1, 64)
	if format == 'e' {
		// Turn e-07 into e-7, as JavaScript does.
		if m := len(dst) - n; m >= 4 && dst[len(dst)-4] == 'e' && dst[len(dst)-3] == '-' && dst[len(dst)-2] == '0' {
			dst[len(dst)-2] = dst[len(dst)-1]
			dst = dst[:len(dst)-1]
		}
	}
	return dst
}

// AppendInt appends i as a JSON number.
func AppendInt(dst []byte, i int64) []byte { return strconv.AppendInt(dst, i, 10) }

// AppendBool appends true or false.
func AppendBool(dst []byte, b bool) []byte { return strconv.AppendBool(dst, b) }

// AppendValue appends v as compact JSON. A parsed number is written exactly
// as it was read; the zero (Invalid) Value is written as null.
func AppendValue(dst []byte, v Value) []byte {
	switch v.kind {
	case Bool:
		return AppendBool(dst, v.b)
	case Number:
		if v.str != "" {
			return append(dst, v.str...)
		}
		return AppendFloat(dst, v.num)
	case String:
		return AppendString(dst, v.str)
	case Array:
		dst = append(dst, '[')
		for i, it := range v.items {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendValue(dst, it)
		}
		return append(dst, ']')
	case Object:
		dst = append(dst, '{')
		for i, m := range v.members {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendString(dst, m.Key)
			dst = append(dst, ':')
			dst = AppendValue(dst, m.Value)
		}
		return append(dst, '}')
	}
	return append(dst, "null"...)
}

// Writer builds compact JSON incrementally and inserts the commas itself:
//
//	var w jsonlite.Writer
//	w.BeginObject()
//	w.Key("id")
//	w.String("expired-token")
//	w.Key("evidence")
//	w.Strings(evidence)
//	w.EndObject()
//	out := w.Bytes()
//
// It does not check that calls are balanced; tests of the caller do.
//
// Its small methods are marked go:noinline: the encoders call them at
// hundreds of places, and inlined copies made the wasm build 25 KB larger
// for no measurable speed.
type Writer struct {
	buf   []byte
	comma bool // a value was just completed, so the next one needs a ','
}

// Bytes returns the JSON written so far; it aliases the Writer's buffer.
func (w *Writer) Bytes() []byte { return w.buf }

// Grow makes room for n more bytes, so that a caller who knows the size of
// what it writes (megabytes, for a large report) pays for one allocation
// instead of a chain of ever larger copies.
func (w *Writer) Grow(n int) { w.buf = slices.Grow(w.buf, n) }

// Reset empties the Writer, keeping its buffer for reuse.
func (w *Writer) Reset() {
	w.buf = w.buf[:0]
	w.comma = false
}

func (w *Writer) sep() {
	if w.comma {
		w.buf = append(w.buf, ',')
	}
}

// BeginObject writes '{'.
//
//go:noinline
func (w *Writer) BeginObject() {
	w.sep()
	w.buf = append(w.buf, '{')
	w.comma = false
}

// EndObject writes '}'.
//
//go:noinline
func (w *Writer) EndObject() {
	w.buf = append(w.buf, '}')
	w.comma = true
}

// BeginArray writes '['.
//
//go:noinline
func (w *Writer) BeginArray() {
	w.sep()
	w.buf = append(w.buf, '[')
	w.comma = false
}

// EndArray writes ']'.
//
//go:noinline
func (w *Writer) EndArray() {
	w.buf = append(w.buf, ']')
	w.comma = true
}

// Key writes a member name and ':'; the next call writes its value.
func (w *Writer) Key(k string) {
	w.sep()
	w.buf = AppendString(w.buf, k)
	w.buf = append(w.buf, ':')
	w.comma = false
}

// String writes a string value.
func (w *Writer) String(s string) {
	w.sep()
	w.buf = AppendString(w.buf, s)
	w.comma = true
}

// Strings writes an array of strings ([] for nil, never null, so readers
// need not special-case it).
func (w *Writer) Strings(ss []string) {
	w.BeginArray()
	for _, s := range ss {
		w.String(s)
	}
	w.EndArray()
}

// Float writes a number (null for NaN and ±Inf).
func (w *Writer) Float(f float64) {
	w.sep()
	w.buf = AppendFloat(w.buf, f)
	w.comma = true
}

// Int writes an integer.
func (w *Writer) Int(i int64) {
	w.sep()
	w.buf = AppendInt(w.buf, i)
	w.comma = true
}

// Bool writes true or false.
//
//go:noinline
func (w *Writer) Bool(b bool) {
	w.sep()
	w.buf = AppendBool(w.buf, b)
	w.comma = true
}

// Null writes null.
//
//go:noinline
func (w *Writer) Null() {
	w.sep()
	w.buf = append(w.buf, "null"...)
	w.comma = true
}

// Value writes a whole Value tree.
func (w *Writer) Value(v Value) {
	w.sep()
	w.buf = AppendValue(w.buf, v)
	w.comma = true
}

// plain marks the ASCII bytes AppendString copies as they are.
var plain = func() (t [utf8.RuneSelf]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()
