// Package har reads HAR 1.2 files — as written by Chrome DevTools, Firefox,
// Playwright and CDP recorders such as chromedp — into a diagnose.Snapshot.
//
// It is native-only (the CLI uses it; the wasm does not), so it may use
// encoding/json and net/url.
//
// What a HAR cannot say is left out rather than guessed: there is no cookie
// jar (the snapshot's jar is rebuilt from the recorded Set-Cookie lines, so
// cookies set before the recording started are missing), no
// webRequest.onAuthRequired event, and sanitized exports ("Export HAR
// (sanitized)") drop Cookie, Set-Cookie and Authorization entirely.
package har

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"time"
)

// MaxSize is the largest HAR Read accepts. HARs with response bodies of a
// long session reach tens of megabytes; anything past this is refused
// rather than loaded into memory.
const MaxSize = 256 << 20

// MaxEntries bounds the number of entries for the same reason.
const MaxEntries = 200000

// Options tune the conversion.
type Options struct {
	// Now is the snapshot time. The zero value means the end of the last
	// entry (its start plus its duration), so diagnosing a file twice gives
	// the same answer regardless of when it runs.
	Now time.Time
	// MaxBytes overrides MaxSize (0 means MaxSize).
	MaxBytes int64
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes > 0 {
		return o.MaxBytes
	}
	return MaxSize
}

// Error says where a HAR is unusable. Entry is -1 when the problem is not in
// one entry; Offset is the byte offset of a JSON syntax error (-1 otherwise).
type Error struct {
	Entry  int
	Field  string
	Offset int64
	Line   int
	Msg    string
}

func (e *Error) Error() string {
	s := "har: "
	switch {
	case e.Entry >= 0:
		s += "log.entries[" + strconv.Itoa(e.Entry) + "]"
		if e.Field != "" {
			s += "." + e.Field
		}
		s += ": "
	case e.Field != "":
		s += e.Field + ": "
	case e.Offset >= 0:
		s += "at byte " + strconv.FormatInt(e.Offset, 10) + " (line " + strconv.Itoa(e.Line) + "): "
	}
	return s + e.Msg
}

func entryErr(i int, field, msg string) error {
	return &Error{Entry: i, Field: field, Offset: -1, Msg: msg}
}

// The HAR subset that matters, with the underscore extensions browsers add.
type file struct {
	Log *harLog `json:"log"`
}

type harLog struct {
	Version string   `json:"version"`
	Creator creator  `json:"creator"`
	Browser *browser `json:"browser"`
	Entries []entry  `json:"entries"`
}

type browser struct {
	Name string `json:"name"`
}

type creator struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type nv struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type entry struct {
	StartedDateTime string          `json:"startedDateTime"`
	Time            float64         `json:"time"`
	Request         *request        `json:"request"`
	Response        *response       `json:"response"`
	Cache           *cache          `json:"cache"`
	ServerIPAddress string          `json:"serverIPAddress"`
	ResourceType    string          `json:"_resourceType"`
	Initiator       json.RawMessage `json:"_initiator"`
	FromCache       json.RawMessage `json:"_fromCache"`
	FromDiskCache   bool            `json:"_fromDiskCache"`
	Error           string          `json:"_error"`
	FailureText     string          `json:"_failureText"`
}

type response struct {
	Status      int    `json:"status"`
	StatusText  string `json:"statusText"`
	Headers     []nv   `json:"headers"`
	RedirectURL string `json:"redirectURL"`
	Error       string `json:"_error"`
	FailureText string `json:"_failureText"`
}

type cache struct {
	BeforeRequest json.RawMessage `json:"beforeRequest"`
	AfterRequest  json.RawMessage `json:"afterRequest"`
}

type request struct {
	Method  string `json:"method"`
	URL     string `json:"url"`
	Headers []nv   `json:"headers"`
	Cookies []nv   `json:"cookies"`
}

// Read parses a HAR and converts it. Errors are *Error values naming the
// entry and field (or byte offset) at fault.
func Read(r io.Reader, o Options) (*Result, error) {
	data, err := io.ReadAll(io.LimitReader(r, o.maxBytes()+1))
	if err != nil {
		return nil, &Error{Entry: -1, Offset: -1, Msg: err.Error()}
	}
	return Parse(data, o)
}

// Parse is Read for bytes already in memory.
func Parse(data []byte, o Options) (*Result, error) {
	if int64(len(data)) > o.maxBytes() {
		return nil, &Error{Entry: -1, Offset: -1, Msg: "file is larger than " + strconv.FormatInt(o.maxBytes(), 10) +
			" bytes; record a shorter session or export without response bodies"}
	}
	var f file
	if !fastDecode(data, &f) {
		f = file{}
		if err := json.Unmarshal(data, &f); err != nil {
			return nil, jsonErr(data, err)
		}
	}
	if f.Log == nil {
		return nil, &Error{Entry: -1, Field: "log", Offset: -1, Msg: "missing: not a HAR file (no top-level \"log\" object)"}
	}
	if len(f.Log.Entries) > MaxEntries {
		return nil, &Error{Entry: -1, Field: "log.entries", Offset: -1, Msg: strconv.Itoa(len(f.Log.Entries)) + " entries; at most " + strconv.Itoa(MaxEntries) + " are read"}
	}
	return convert(&f, o)
}

func jsonErr(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn) && syn.Offset >= int64(len(data)):
		return &Error{Entry: -1, Offset: syn.Offset, Line: lineOf(data, syn.Offset), Msg: "truncated: the JSON ends early"}
	case errors.As(err, &syn):
		return &Error{Entry: -1, Offset: syn.Offset, Line: lineOf(data, syn.Offset), Msg: "not JSON: " + syn.Error()}
	case errors.As(err, &typ):
		return &Error{Entry: -1, Offset: typ.Offset, Line: lineOf(data, typ.Offset),
			Msg: typ.Field + ": expected " + typ.Type.String() + ", found JSON " + typ.Value}
	}
	return &Error{Entry: -1, Offset: -1, Msg: "not a HAR file: " + err.Error()}
}

func lineOf(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}
