package har

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/authdoctor/authdoctor/diagnose/jsonlite"
)

// fastDecode fills f as json.Unmarshal would, in one pass that skips what
// the conversion never reads (timings, bodies, cookies' attributes...)
// without decoding it. HAR files of a long session are tens of megabytes,
// mostly such members, and encoding/json spent most of the CLI's time on
// them.
//
// It gives up (false) on anything whose meaning only encoding/json's own
// rules settle: a syntax error, a value of the wrong type, a repeated
// member, a member name matching a field only case-insensitively. The
// caller then decodes with encoding/json, which decides as it always has.
func fastDecode(data []byte, f *file) bool {
	r := reader{sc: jsonlite.NewScanner(data)}
	r.file(f)
	return r.sc.End() == nil && !r.slow
}

type reader struct {
	sc   *jsonlite.Scanner
	slow bool
	list []nv // scratch for the name/value list being read
}

// object reads the object that is the next value, calling field with the
// index in names of each member's name, or -1 for a member to skip (field
// never sees those). A null leaves the target as it is, as json.Unmarshal
// does for a struct.
func (r *reader) object(names []string, field func(i int)) {
	switch r.sc.Kind() {
	case jsonlite.Null:
		r.sc.Skip()
		return
	case jsonlite.Object:
	default:
		r.giveUp()
		return
	}
	r.sc.Object()
	var seen uint64
	for key, ok := r.sc.Key(); ok && !r.slow; key, ok = r.sc.Key() {
		i := fieldIndex(names, key)
		switch {
		case i >= 0 && seen&(1<<i) != 0:
			r.giveUp() // a repeated member: encoding/json merges or replaces
		case i >= 0:
			seen |= 1 << i
			field(i)
		case foldsToField(names, key):
			r.giveUp()
		default:
			r.sc.Skip()
		}
	}
}

func (r *reader) giveUp() {
	r.slow = true
	r.sc.Skip()
}

func fieldIndex(names []string, key string) int {
	for i, n := range names {
		if n == key {
			return i
		}
	}
	return -1
}

// foldsToField says json.Unmarshal might match key to one of names
// case-insensitively (it also folds some non-ASCII letters, such as the
// Kelvin sign, onto ASCII ones).
func foldsToField(names []string, key string) bool {
	for i := 0; i < len(key); i++ {
		if key[i] >= utf8.RuneSelf {
			return true
		}
	}
	for _, n := range names {
		if strings.EqualFold(n, key) {
			return true
		}
	}
	return false
}

// present says whether the next value is to be decoded: false for null
// (skipped, the target stays zero) and for a value of another kind than
// want (the decoding gives up).
func (r *reader) present(want jsonlite.Kind) bool {
	switch r.sc.Kind() {
	case want:
		return true
	case jsonlite.Null:
		r.sc.Skip()
	default:
		r.giveUp()
	}
	return false
}

func (r *reader) str(dst *string) {
	if r.present(jsonlite.String) {
		*dst = r.sc.String()
	}
}

func (r *reader) boolean(dst *bool) {
	if r.present(jsonlite.Bool) {
		*dst = r.sc.Bool()
	}
}

func (r *reader) integer(dst *int) {
	if !r.present(jsonlite.Number) {
		return
	}
	n, err := strconv.ParseInt(string(r.sc.Number()), 10, 0)
	if err != nil {
		r.slow = true
		return
	}
	*dst = int(n)
}

func (r *reader) float(dst *float64) {
	if !r.present(jsonlite.Number) {
		return
	}
	f, err := strconv.ParseFloat(string(r.sc.Number()), 64)
	if err != nil {
		r.slow = true
		return
	}
	*dst = f
}

// raw keeps the value's text, null included, as json.RawMessage does.
func (r *reader) raw(dst *json.RawMessage) {
	*dst = r.sc.SkipRaw()
}

var (
	fileFields    = []string{"log"}
	logFields     = []string{"version", "creator", "browser", "entries"}
	nameFields    = []string{"name"}
	creatorFields = []string{"name", "version"}
	nvFields      = []string{"name", "value"}
	entryFields   = []string{"startedDateTime", "time", "request", "response", "cache", "serverIPAddress",
		"_resourceType", "_initiator", "_fromCache", "_fromDiskCache", "_error", "_failureText"}
	requestFields  = []string{"method", "url", "headers", "cookies"}
	responseFields = []string{"status", "statusText", "headers", "redirectURL", "_error", "_failureText"}
	cacheFields    = []string{"beforeRequest", "afterRequest"}
)

func (r *reader) file(f *file) {
	r.object(fileFields, func(int) {
		if r.sc.Kind() == jsonlite.Null {
			r.sc.Skip()
			f.Log = nil
			return
		}
		f.Log = &harLog{}
		r.log(f.Log)
	})
}

func (r *reader) log(l *harLog) {
	r.object(logFields, func(i int) {
		switch i {
		case 0:
			r.str(&l.Version)
		case 1:
			r.object(creatorFields, func(i int) {
				switch i {
				case 0:
					r.str(&l.Creator.Name)
				case 1:
					r.str(&l.Creator.Version)
				}
			})
		case 2:
			if r.sc.Kind() == jsonlite.Null {
				r.sc.Skip()
				return
			}
			l.Browser = &browser{}
			r.object(nameFields, func(int) { r.str(&l.Browser.Name) })
		case 3:
			if !r.present(jsonlite.Array) {
				return
			}
			l.Entries = []entry{}
			r.sc.Array()
			for r.sc.Next() && !r.slow {
				l.Entries = append(l.Entries, entry{})
				r.entry(&l.Entries[len(l.Entries)-1])
			}
		}
	})
}

func (r *reader) entry(e *entry) {
	r.object(entryFields, func(i int) {
		switch i {
		case 0:
			r.str(&e.StartedDateTime)
		case 1:
			r.float(&e.Time)
		case 2:
			if r.sc.Kind() == jsonlite.Null {
				r.sc.Skip()
				return
			}
			e.Request = &request{}
			r.request(e.Request)
		case 3:
			if r.sc.Kind() == jsonlite.Null {
				r.sc.Skip()
				return
			}
			e.Response = &response{}
			r.response(e.Response)
		case 4:
			if r.sc.Kind() == jsonlite.Null {
				r.sc.Skip()
				return
			}
			e.Cache = &cache{}
			r.object(cacheFields, func(i int) {
				if i == 0 {
					r.raw(&e.Cache.BeforeRequest)
				} else {
					r.raw(&e.Cache.AfterRequest)
				}
			})
		case 5:
			r.str(&e.ServerIPAddress)
		case 6:
			r.str(&e.ResourceType)
		case 7:
			r.raw(&e.Initiator)
		case 8:
			r.raw(&e.FromCache)
		case 9:
			r.boolean(&e.FromDiskCache)
		case 10:
			r.str(&e.Error)
		case 11:
			r.str(&e.FailureText)
		}
	})
}

func (r *reader) request(q *request) {
	r.object(requestFields, func(i int) {
		switch i {
		case 0:
			r.str(&q.Method)
		case 1:
			r.str(&q.URL)
		case 2:
			q.Headers = r.nvs()
		case 3:
			q.Cookies = r.nvs()
		}
	})
}

func (r *reader) response(p *response) {
	r.object(responseFields, func(i int) {
		switch i {
		case 0:
			r.integer(&p.Status)
		case 1:
			r.str(&p.StatusText)
		case 2:
			p.Headers = r.nvs()
		case 3:
			r.str(&p.RedirectURL)
		case 4:
			r.str(&p.Error)
		case 5:
			r.str(&p.FailureText)
		}
	})
}

// nvs reads a name/value list; null is a nil list, as for any slice.
func (r *reader) nvs() []nv {
	if !r.present(jsonlite.Array) {
		return nil
	}
	// Lists are read into one scratch list and copied out at their size.
	list := r.list[:0]
	r.sc.Array()
	for r.sc.Next() && !r.slow {
		var h nv
		r.object(nvFields, func(i int) {
			if i == 0 {
				r.str(&h.Name)
			} else {
				r.str(&h.Value)
			}
		})
		list = append(list, h)
	}
	r.list = list
	return append(make([]nv, 0, len(list)), list...)
}

// initiator is the part of DevTools' _initiator that initiatorOf reads.
type initiator struct {
	Type  string `json:"type"`
	URL   string `json:"url"`
	Stack *struct {
		CallFrames []struct {
			URL string `json:"url"`
		} `json:"callFrames"`
	} `json:"stack"`
}

var (
	initiatorFields = []string{"type", "url", "stack"}
	stackFields     = []string{"callFrames"}
	urlFields       = []string{"url"}
)

// initiatorURL is the URL initiatorOf takes from an _initiator: its url, else
// the first call frame's with one. ok is false when json.Unmarshal would fail.
// sc is reused from entry to entry.
func initiatorURL(raw []byte, sc *jsonlite.Scanner) (u string, ok bool) {
	sc.Reset(raw)
	r := reader{sc: sc}
	var frame string
	r.object(initiatorFields, func(i int) {
		switch i {
		case 0:
			var s string
			r.str(&s)
		case 1:
			r.str(&u)
		case 2:
			r.object(stackFields, func(int) {
				if !r.present(jsonlite.Array) {
					return
				}
				r.sc.Array()
				for r.sc.Next() && !r.slow {
					var f string
					r.object(urlFields, func(int) { r.str(&f) })
					if frame == "" {
						frame = f
					}
				}
			})
		}
	})
	if r.sc.End() != nil || r.slow {
		var in initiator
		if json.Unmarshal(raw, &in) != nil {
			return "", false
		}
		u = in.URL
		if u == "" && in.Stack != nil {
			for _, f := range in.Stack.CallFrames {
				if f.URL != "" {
					return f.URL, true
				}
			}
		}
		return u, true
	}
	if u == "" {
		u = frame
	}
	return u, true
}
