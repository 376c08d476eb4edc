// Package psl answers public-suffix questions (what is the registrable domain,
// are two hosts the same site) the way Chromium's registry_controlled_domains
// does, from a compact table generated from the Public Suffix List. It exists
// because golang.org/x/net/publicsuffix pulls net/http into the wasm.
package psl

import (
	"errors"
	"strconv"
	"sync"
)

//go:generate go run ./internal/gen -out table.go

// Flag bits of a table entry; internal/gen writes them.
const (
	flagRule        = 1 << 0
	flagWildcard    = 1 << 1
	flagException   = 1 << 2
	flagRulePrivate = 1 << 3
	flagWildPrivate = 1 << 4
)

// starts holds the offset of every table entry, built on first use: a
// binary search over whole entries compares each probe once, where probing
// raw byte offsets first had to scan back and forth for the entry's bounds
// (that scan was most of Diagnose's time on a 10,000-entry HAR).
var starts = sync.OnceValue(func() []uint32 {
	out := make([]uint32, 0, ruleCount)
	for i := 0; i < len(table); i++ {
		out = append(out, uint32(i))
		for table[i] >= 0x20 {
			i++
		}
	}
	return out
})

// lookup returns the flag byte of key, 0 when the table has no such key.
// The table is one sorted string; each key ends with its flag byte (< 0x20).
func lookup(key string) byte {
	s := starts()
	lo, hi := 0, len(s)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		start, end := int(s[mid]), len(table)
		if mid+1 < len(s) {
			end = int(s[mid+1])
		}
		k := table[start : end-1]
		switch {
		case k == key:
			return table[end-1]
		case k < key:
			lo = mid + 1
		default:
			hi = mid
		}
	}
	return 0
}

// normalize lowercases ASCII and drops one trailing dot.
func normalize(domain string) string {
	if n := len(domain); n > 0 && domain[n-1] == '.' {
		domain = domain[:n-1]
	}
	for i := 0; i < len(domain); i++ {
		if c := domain[i]; 'A' <= c && c <= 'Z' {
			b := []byte(domain)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return domain
}

// PublicSuffix returns the public suffix of domain (lowercased, without a
// trailing dot) and whether it comes from the ICANN section of the list.
// With no matching rule the last label is the suffix (the implicit "*" rule)
// and icann is false, as in golang.org/x/net/publicsuffix.
func PublicSuffix(domain string) (suffix string, icann bool) {
	domain = normalize(domain)
	suffix, icann = lastLabel(domain), false
	// Walk suffixes from the top-level label down; a longer match wins and an
	// exception ends the walk.
	for end := len(domain); ; {
		j := lastDot(domain[:end])
		s, parent := domain[j+1:], ""
		if end < len(domain) {
			parent = domain[end+1:]
		}
		f := lookup(s)
		if f&flagException != 0 {
			// An exception rule's suffix is the rule minus its leftmost label.
			return parent, true
		}
		if f&flagRule != 0 {
			suffix, icann = s, f&flagRulePrivate == 0
		}
		if parent != "" {
			if pf := lookup(parent); pf&flagWildcard != 0 {
				suffix, icann = s, pf&flagWildPrivate == 0
			}
		}
		if j < 0 {
			break
		}
		end = j
	}
	return suffix, icann
}

func lastDot(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '.' {
			return i
		}
	}
	return -1
}

func indexDot(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			return i
		}
	}
	return -1
}

func lastLabel(s string) string { return s[lastDot(s)+1:] }

// EffectiveTLDPlusOne returns the registrable domain: the public suffix plus
// one more label. It fails for an IP literal, an empty label, or a domain
// that is itself a public suffix.
func EffectiveTLDPlusOne(domain string) (string, error) {
	d := normalize(domain)
	if d == "" || d[0] == '.' {
		return "", errors.New("psl: empty label in domain " + quote(domain))
	}
	for i := 0; i+1 < len(d); i++ {
		if d[i] == '.' && d[i+1] == '.' {
			return "", errors.New("psl: empty label in domain " + quote(domain))
		}
	}
	if d[len(d)-1] == '.' {
		return "", errors.New("psl: empty label in domain " + quote(domain))
	}
	if IsIPLiteral(d) {
		return "", errors.New("psl: IP address " + quote(domain) + " has no registrable domain")
	}
	suffix, _ := PublicSuffix(d)
	if len(suffix) >= len(d) {
		return "", errors.New("psl: cannot derive eTLD+1 for domain " + quote(domain))
	}
	rest := d[:len(d)-len(suffix)-1]
	return d[lastDot(rest)+1:], nil
}

// Site returns what Chromium calls the schemeless site of host: its
// registrable domain, or the host itself when it has none (IP literals,
// single-label hosts like localhost, public suffixes).
func Site(host string) string {
	slot := &sites.slot[siteHash(host)]
	sites.Lock()
	if slot.ok && slot.host == host {
		site := slot.site
		sites.Unlock()
		return site
	}
	sites.Unlock()
	site := normalize(trimBrackets(host))
	if rd, err := EffectiveTLDPlusOne(host); err == nil {
		site = rd
	}
	sites.Lock()
	*slot = siteSlot{host: host, site: site, ok: true}
	sites.Unlock()
	return site
}

// sites remembers recent Site answers in a small direct-mapped cache: one
// diagnosis asks for the site of the same few hosts once per exchange and
// per cookie, and the list lookup dominated Diagnose on large snapshots.
var sites struct {
	sync.Mutex
	slot [64]siteSlot
}

type siteSlot struct {
	host, site string
	ok         bool
}

// siteHash is FNV-1a folded to a slot index.
func siteHash(s string) int {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return int(h % uint32(len(sites.slot)))
}

// SameSite reports whether two hosts are the same (schemeless) site.
func SameSite(a, b string) bool { return Site(a) == Site(b) }

func trimBrackets(h string) string {
	if len(h) >= 2 && h[0] == '[' && h[len(h)-1] == ']' {
		return h[1 : len(h)-1]
	}
	return h
}

// IsIPLiteral reports whether host is an IPv4 dotted quad or an IPv6 literal
// (with or without brackets). Hosts are expected already canonical, as the
// browser reports them.
func IsIPLiteral(host string) bool {
	host = trimBrackets(host)
	if host == "" {
		return false
	}
	for i := 0; i < len(host); i++ {
		if host[i] == ':' {
			return true // only IPv6 literals contain a colon in a host
		}
	}
	parts := 0
	for len(host) > 0 {
		i := indexDot(host)
		label := host
		if i >= 0 {
			label, host = host[:i], host[i+1:]
			if host == "" {
				return false
			}
		} else {
			host = ""
		}
		if label == "" || len(label) > 3 {
			return false
		}
		n := 0
		for j := 0; j < len(label); j++ {
			c := label[j]
			if c < '0' || c > '9' {
				return false
			}
			n = n*10 + int(c-'0')
		}
		if n > 255 {
			return false
		}
		parts++
	}
	return parts == 4
}

func quote(s string) string { return strconv.Quote(s) }
