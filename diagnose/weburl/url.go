package weburl

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// MaxLength is the longest URL accepted: Chromium's own limit (url::kMaxURLChars).
const MaxLength = 2 << 20

// URL is a parsed absolute URL. The password of the userinfo is never kept.
type URL struct {
	Scheme      string // lowercase, without ':'
	Username    string // percent-decoded
	HasPassword bool   // a non-empty password was present (and dropped)
	Host        string // lowercase; IPv4 canonical dotted, IPv6 canonical in brackets
	// Port is the explicit port, or the scheme's default (80 for http/ws,
	// 443 for https/wss); 0 when there is none (opaque and unknown schemes).
	Port     int
	Path     string // as sent (percent-encoding kept); "/" at least for special schemes
	RawQuery string // without '?'
	Fragment string // without '#', encoding kept
	// HasAuthority reports a "//" authority; false for opaque URLs such as
	// data:, about:blank, mailto:.
	HasAuthority bool
}

// special reports the schemes whose URLs always have a host, per WHATWG.
func special(scheme string) bool {
	switch scheme {
	case "http", "https", "ws", "wss", "ftp", "file":
		return true
	}
	return false
}

// DefaultPort is the port a scheme implies, or 0.
func DefaultPort(scheme string) int {
	switch scheme {
	case "http", "ws":
		return 80
	case "https", "wss":
		return 443
	case "ftp":
		return 21
	}
	return 0
}

// Parse parses an absolute URL. Errors never quote the URL itself (it may hold
// secrets), only the part that failed when that part cannot be secret.
func Parse(s string) (URL, error) {
	if len(s) > maxCached {
		return parse(s)
	}
	slot := &parsed.slot[urlHash(s)]
	parsed.Lock()
	if slot.ok && slot.in == s {
		u, err := slot.u, slot.err
		parsed.Unlock()
		return u, err
	}
	parsed.Unlock()
	u, err := parse(s)
	parsed.Lock()
	*slot = parsedSlot{in: s, u: u, err: err, ok: true}
	parsed.Unlock()
	return u, err
}

// parsed remembers recent Parse answers in a small direct-mapped cache: a
// diagnosis parses the same request URLs and initiators once per exchange
// and again for each cookie decision, and parsing dominated those.
var parsed struct {
	sync.Mutex
	slot [256]parsedSlot
}

type parsedSlot struct {
	in  string
	u   URL
	err error
	ok  bool
}

// maxCached keeps long URLs out of the cache: hashing them costs about as
// much as parsing.
const maxCached = 2048

// urlHash is FNV-1a folded to a slot index.
func urlHash(s string) int {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return int(h % uint32(len(parsed.slot)))
}

func parse(s string) (URL, error) {
	if len(s) > MaxLength {
		return URL{}, errors.New("weburl: URL longer than " + strconv.Itoa(MaxLength) + " bytes")
	}
	s = clean(s)
	var u URL
	i := schemeEnd(s)
	if i < 0 {
		return URL{}, errors.New("weburl: missing scheme")
	}
	u.Scheme = strings.ToLower(s[:i])
	rest := s[i+1:]
	sp := special(u.Scheme)
	if sp {
		rest = strings.ReplaceAll(rest, "\\", "/")
	}

	// Fragment and query first: they end nothing else.
	if j := strings.IndexByte(rest, '#'); j >= 0 {
		u.Fragment = rest[j+1:]
		rest = rest[:j]
	}
	if j := strings.IndexByte(rest, '?'); j >= 0 {
		u.RawQuery = rest[j+1:]
		rest = rest[:j]
	}

	switch {
	case sp && u.Scheme != "file":
		// Browsers accept any number of slashes (even none) here.
		rest = strings.TrimLeft(rest, "/")
	case strings.HasPrefix(rest, "//"):
		rest = rest[2:]
	default:
		u.Path = rest
		return u, nil
	}
	u.HasAuthority = true
	auth := rest
	u.Path = ""
	if j := strings.IndexByte(rest, '/'); j >= 0 {
		auth, u.Path = rest[:j], rest[j:]
	}
	if err := u.parseAuthority(auth, sp); err != nil {
		return URL{}, err
	}
	if sp {
		u.Path = removeDotSegments(u.Path)
		if u.Path == "" {
			u.Path = "/"
		}
	}
	if u.Port == 0 {
		u.Port = DefaultPort(u.Scheme)
	}
	return u, nil
}

// clean removes what browsers ignore: leading and trailing C0 controls and
// spaces, and tabs and newlines anywhere.
func clean(s string) string {
	s = strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return -1
			}
			return r
		}, s)
	}
	return s
}

// schemeEnd returns the index of the ':' ending a valid scheme, or -1.
func schemeEnd(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return i
		default:
			return -1
		}
	}
	return -1
}

func (u *URL) parseAuthority(auth string, sp bool) error {
	if j := strings.LastIndexByte(auth, '@'); j >= 0 {
		info := auth[:j]
		auth = auth[j+1:]
		user, pass, _ := strings.Cut(info, ":")
		u.Username = percentDecode(user)
		u.HasPassword = pass != ""
	}
	host := auth
	portStr := ""
	if strings.HasPrefix(auth, "[") {
		end := strings.IndexByte(auth, ']')
		if end < 0 {
			return errors.New("weburl: unterminated IPv6 address")
		}
		host = auth[:end+1]
		after := auth[end+1:]
		if after != "" {
			if after[0] != ':' {
				return errors.New("weburl: unexpected text after IPv6 address")
			}
			portStr = after[1:]
		}
	} else if j := strings.LastIndexByte(auth, ':'); j >= 0 {
		host, portStr = auth[:j], auth[j+1:]
	}
	if portStr != "" {
		p, err := parsePort(portStr)
		if err != nil {
			return err
		}
		u.Port = p
		if p == DefaultPort(u.Scheme) {
			u.Port = 0 // normalised below to the same default
		}
	}
	h, err := parseHost(host, sp)
	if err != nil {
		return err
	}
	if h == "" && sp && u.Scheme != "file" {
		return errors.New("weburl: empty host")
	}
	u.Host = h
	return nil
}

func parsePort(s string) (int, error) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, errors.New("weburl: invalid port " + strconv.Quote(truncate(s)))
		}
	}
	s = strings.TrimLeft(s, "0")
	if s == "" {
		return 0, nil
	}
	if len(s) > 5 {
		return 0, errors.New("weburl: port out of range")
	}
	p, _ := strconv.Atoi(s)
	if p > 65535 {
		return 0, errors.New("weburl: port out of range")
	}
	return p, nil
}

// forbiddenHost are the WHATWG forbidden host code points (plus '%', which
// is forbidden in a domain after percent-decoding).
const forbiddenHost = " #%/:<>?@[\\]^|"

func parseHost(h string, sp bool) (string, error) {
	if strings.HasPrefix(h, "[") {
		if !strings.HasSuffix(h, "]") {
			return "", errors.New("weburl: unterminated IPv6 address")
		}
		a, ok := parseIPv6(h[1 : len(h)-1])
		if !ok {
			return "", errors.New("weburl: invalid IPv6 address")
		}
		return "[" + formatIPv6(a) + "]", nil
	}
	if !sp {
		// Non-special hosts are opaque: kept as sent, only checked.
		if strings.ContainsAny(h, " #/:<>?@[\\]^|") {
			return "", errors.New("weburl: forbidden character in host")
		}
		return h, nil
	}
	d := percentDecode(h)
	if !utf8.ValidString(d) {
		return "", errors.New("weburl: host is not valid UTF-8")
	}
	for i := 0; i < len(d); i++ {
		if c := d[i]; c < 0x20 || c == 0x7f || strings.IndexByte(forbiddenHost, c) >= 0 {
			return "", errors.New("weburl: forbidden character " + strconv.QuoteRune(rune(c)) + " in host")
		}
	}
	d = strings.ToLower(d)
	if endsInNumber(d) {
		ip, ok := parseIPv4(d)
		if !ok {
			return "", errors.New("weburl: invalid IPv4 address " + strconv.Quote(truncate(d)))
		}
		return formatIPv4(ip), nil
	}
	return d, nil
}

func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

func percentDecode(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// removeDotSegments resolves "." and ".." path segments (also written %2e)
// as browsers do before sending a request.
func removeDotSegments(p string) string {
	if !strings.Contains(p, ".") && !strings.Contains(p, "%2") {
		return p
	}
	segs := strings.Split(p, "/")[1:] // p starts with '/' or is ""
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch strings.ToLower(s) {
		case ".", "%2e":
			if last {
				out = append(out, "")
			}
		case "..", ".%2e", "%2e.", "%2e%2e":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return "/"
	}
	return "/" + strings.Join(out, "/")
}

// Origin serialises the URL's origin as browsers send it in the Origin
// header: "https://a.test", "http://a.test:8080", or "null" for an opaque
// origin. blob: URLs take the origin of the URL they wrap; chrome-extension:
// URLs have a tuple origin in Chromium.
func (u URL) Origin() string {
	switch u.Scheme {
	case "http", "https", "ws", "wss", "ftp":
		if u.Port == DefaultPort(u.Scheme) {
			return u.Scheme + "://" + u.Host
		}
		return u.Scheme + "://" + u.Host + ":" + strconv.Itoa(u.Port)
	case "chrome-extension":
		if u.HasAuthority && u.Host != "" {
			return u.Scheme + "://" + u.Host
		}
	case "blob":
		if inner, err := Parse(u.Path); err == nil && (inner.Scheme == "http" || inner.Scheme == "https") {
			return inner.Origin()
		}
	}
	return "null"
}

// HostPort is "host:port" with the effective port, e.g. "api.test:443" (the
// form webRequest.onAuthRequired reports as the challenger). Without a port
// it is just the host.
func (u URL) HostPort() string {
	if u.Port == 0 {
		return u.Host
	}
	return u.Host + ":" + strconv.Itoa(u.Port)
}

// IsLoopback reports whether the host is one Chromium treats as loopback:
// localhost, *.localhost, 127.0.0.0/8 or [::1].
func (u URL) IsLoopback() bool {
	h := strings.TrimSuffix(u.Host, ".")
	switch {
	case h == "localhost", strings.HasSuffix(h, ".localhost"), u.Host == "[::1]":
		return true
	}
	return strings.HasPrefix(u.Host, "127.") && endsInNumber(u.Host)
}

// IsSecureContext reports whether a document at this URL is a secure context
// ("potentially trustworthy" in Chromium): https, wss, file and extension
// URLs, and http/ws to loopback hosts. Secure cookies and some CORS features
// depend on it.
func (u URL) IsSecureContext() bool {
	switch u.Scheme {
	case "https", "wss", "file", "chrome-extension":
		return true
	case "http", "ws":
		return u.IsLoopback()
	case "blob":
		inner, err := Parse(u.Path)
		return err == nil && inner.Scheme != "blob" && inner.IsSecureContext()
	case "about":
		return u.Path == "blank" || u.Path == "srcdoc"
	}
	return false
}
