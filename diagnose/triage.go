package diagnose

import (
	"strconv"

	"github.com/authdoctor/authdoctor/diagnose/jsonlite"
)

// Verdict says that one exchange is a failure, and of what kind.
type Verdict struct {
	ExchangeID string
	Kind       Kind
	Badge      Badge
}

// Triage says which exchanges of s are failures: the extension asks it when
// it records one, before any cookie jar is read, so that what it stores and
// badges is what Diagnose will report. Which exchanges fail depends on the
// exchanges alone, never on the jar.
func Triage(s Snapshot) []Verdict {
	r := Diagnose(Snapshot{Exchanges: s.Exchanges, Now: s.Now, Browser: s.Browser, Page: s.Page})
	out := make([]Verdict, 0, len(r.Failures))
	for _, f := range r.Failures {
		out = append(out, Verdict{ExchangeID: f.ExchangeID, Kind: f.Kind, Badge: f.Badge})
	}
	return out
}

// EncodeTriage writes verdicts, newest first, and the badge they give the
// tab (the newest one's): {"failures":[{"exchangeId","kind","badge"}],"badge"}.
func EncodeTriage(vs []Verdict) []byte {
	var w jsonlite.Writer
	w.BeginObject()
	w.Key("failures")
	w.BeginArray()
	for _, v := range vs {
		w.BeginObject()
		w.Key("exchangeId")
		w.String(v.ExchangeID)
		w.Key("kind")
		w.String(v.Kind.String())
		w.Key("badge")
		writeBadge(&w, v.Badge)
		w.EndObject()
	}
	w.EndArray()
	w.Key("badge")
	if len(vs) > 0 {
		writeBadge(&w, vs[0].Badge)
	} else {
		w.Null()
	}
	w.EndObject()
	return w.Bytes()
}

// DecodeURLs reads a JSON array of strings (the cookieDomains entry's input).
func DecodeURLs(data []byte) ([]string, error) {
	sc := jsonlite.NewScanner(data)
	var out []string
	if k := sc.Kind(); k != jsonlite.Array {
		sc.Skip()
		if err := sc.End(); err != nil {
			return nil, wireError("urls: " + err.Error())
		}
		return nil, wireError("urls: want array, got " + k.String())
	}
	sc.Array()
	for i := 0; sc.Next(); i++ {
		if k := sc.Kind(); k != jsonlite.String {
			sc.Skip()
			if sc.Err() == nil {
				return nil, wireError("urls[" + strconv.Itoa(i) + "]: want string, got " + k.String())
			}
			break
		}
		out = append(out, sc.String())
	}
	if err := sc.End(); err != nil {
		return nil, wireError("urls: " + err.Error())
	}
	return out, nil
}

// EncodeDomains writes {"domains": [...]}.
func EncodeDomains(ds []string) []byte {
	var w jsonlite.Writer
	w.BeginObject()
	w.Key("domains")
	w.Strings(ds)
	w.EndObject()
	return w.Bytes()
}
