// Package cookie models the browser's cookie jar as Chromium applies RFC 6265bis:
// which Set-Cookie lines it stores and which jar entries it attaches to a request.
package cookie

import "time"

// SameSite follows net/http's convention: the zero value means the attribute
// was not given, which Chromium treats as Lax by default.
type SameSite uint8

const (
	SameSiteUnspecified SameSite = iota
	SameSiteNone
	SameSiteLax
	SameSiteStrict
)

func (s SameSite) String() string {
	switch s {
	case SameSiteNone:
		return "None"
	case SameSiteLax:
		return "Lax"
	case SameSiteStrict:
		return "Strict"
	}
	return "Unspecified"
}

// Cookie is one jar entry with every attribute the browser keeps.
// Value is a secret: it may be inspected (length, JWT claims) but never shown.
type Cookie struct {
	Name     string
	Value    string
	Domain   string // without a leading dot
	HostOnly bool
	Path     string
	Secure   bool
	HTTPOnly bool
	SameSite SameSite
	// Session cookies have no expiry; Expires is then the zero time.
	Session bool
	Expires time.Time
	// PartitionKey is the top-level site of a partitioned (CHIPS) cookie, "" otherwise.
	PartitionKey string
	// Created is when the browser stored the cookie; zero when unknown. It
	// orders the Cookie header and decides Lax-allowing-unsafe.
	Created time.Time
}
