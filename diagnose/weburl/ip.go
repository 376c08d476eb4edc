package weburl

import (
	"strconv"
	"strings"
)

// endsInNumber is WHATWG's test for a host that must parse as IPv4: its last
// label (ignoring one trailing dot) is a decimal or 0x-hex number.
func endsInNumber(h string) bool {
	parts := strings.Split(h, ".")
	if parts[len(parts)-1] == "" {
		if len(parts) == 1 {
			return false
		}
		parts = parts[:len(parts)-1]
	}
	last := parts[len(parts)-1]
	if last != "" && strings.Trim(last, "0123456789") == "" {
		return true
	}
	if len(last) >= 2 && last[0] == '0' && (last[1] == 'x' || last[1] == 'X') {
		for i := 2; i < len(last); i++ {
			if !isHex(last[i]) {
				return false
			}
		}
		return true
	}
	return false
}

// parseIPv4 accepts the forms browsers do: 1 to 4 parts, each decimal, octal
// (leading 0) or hex (0x), the last filling the remaining bytes
// ("127.1" is 127.0.0.1, "2130706433" too).
func parseIPv4(h string) (uint32, bool) {
	parts := strings.Split(h, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return 0, false
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		n, ok := parseIPv4Number(p)
		if !ok {
			return 0, false
		}
		nums[i] = n
	}
	var ip uint64
	for i, n := range nums[:len(nums)-1] {
		if n > 255 {
			return 0, false
		}
		ip |= n << (8 * (3 - i))
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return 0, false
	}
	return uint32(ip + last), true
}

func parseIPv4Number(p string) (uint64, bool) {
	if p == "" {
		return 0, false
	}
	base := 10
	switch {
	case len(p) >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'):
		p, base = p[2:], 16
	case len(p) >= 2 && p[0] == '0':
		p, base = p[1:], 8
	}
	if p == "" {
		return 0, true
	}
	// Anything past 2^32 is invalid however large, so cap the length
	// instead of overflowing.
	p = strings.TrimLeft(p, "0")
	if p == "" {
		return 0, true
	}
	if len(p) > 12 {
		return 0, false
	}
	n, err := strconv.ParseUint(p, base, 64)
	return n, err == nil
}

func formatIPv4(ip uint32) string {
	b := make([]byte, 0, 15)
	for i := 3; i >= 0; i-- {
		b = strconv.AppendUint(b, uint64(ip>>(8*i)&0xff), 10)
		if i > 0 {
			b = append(b, '.')
		}
	}
	return string(b)
}

// parseIPv6 follows the WHATWG IPv6 parser, including a trailing dotted IPv4.
func parseIPv6(s string) ([8]uint16, bool) {
	var a [8]uint16
	piece, compress, p := 0, -1, 0
	if p < len(s) && s[p] == ':' {
		if len(s) < 2 || s[1] != ':' {
			return a, false
		}
		p += 2
		piece++
		compress = piece
	}
	for p < len(s) {
		if piece == 8 {
			return a, false
		}
		if s[p] == ':' {
			if compress != -1 {
				return a, false
			}
			p++
			piece++
			compress = piece
			continue
		}
		value, length := 0, 0
		for length < 4 && p < len(s) && isHex(s[p]) {
			value = value<<4 | int(unhex(s[p]))
			p++
			length++
		}
		if p < len(s) && s[p] == '.' {
			if length == 0 || piece > 6 {
				return a, false
			}
			p -= length
			seen := 0
			for p < len(s) {
				v := -1
				if seen > 0 {
					if s[p] != '.' || seen >= 4 {
						return a, false
					}
					p++
				}
				if p >= len(s) || s[p] < '0' || s[p] > '9' {
					return a, false
				}
				for p < len(s) && s[p] >= '0' && s[p] <= '9' {
					n := int(s[p] - '0')
					switch v {
					case -1:
						v = n
					case 0:
						return a, false
					default:
						v = v*10 + n
					}
					if v > 255 {
						return a, false
					}
					p++
				}
				a[piece] = a[piece]<<8 | uint16(v)
				seen++
				if seen == 2 || seen == 4 {
					piece++
				}
			}
			if seen != 4 {
				return a, false
			}
			break
		}
		if p < len(s) {
			if s[p] != ':' {
				return a, false
			}
			p++
			if p >= len(s) {
				return a, false
			}
		}
		a[piece] = uint16(value)
		piece++
	}
	if compress != -1 {
		swaps := piece - compress
		piece = 7
		for piece != 0 && swaps > 0 {
			a[piece], a[compress+swaps-1] = a[compress+swaps-1], a[piece]
			piece--
			swaps--
		}
	} else if piece != 8 {
		return a, false
	}
	return a, true
}

// formatIPv6 writes the canonical form: lowercase hex, the first longest run
// of two or more zero pieces compressed to "::".
func formatIPv6(a [8]uint16) string {
	best, bestLen := -1, 1
	for i := 0; i < 8; {
		if a[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && a[j] == 0 {
			j++
		}
		if j-i > bestLen {
			best, bestLen = i, j-i
		}
		i = j
	}
	b := make([]byte, 0, 39)
	for i := 0; i < 8; i++ {
		if i == best {
			b = append(b, ':', ':')
			i += bestLen - 1
			continue
		}
		if i > 0 && b[len(b)-1] != ':' {
			b = append(b, ':')
		}
		b = strconv.AppendUint(b, uint64(a[i]), 16)
	}
	return string(b)
}
