// Package links gives the addresses prereq's outputs link to: where the
// output is hosted (-base-url, a site file's base_url), the folder of each
// partner's checklist in it, and each step's and section's place in its
// checklist page. checklist.md, checklist.json, checklist.csv and the
// pages' canonical links all take their addresses from here, so that they
// agree.
//
// A checklist's address is the URL of the folder that holds its
// index.html, ending in a slash ("https://docs.example/kakao/sync/acme/"),
// or "" when the output's host is not known: links are then relative to
// the file that holds them, which always sits beside its checklist's
// index.html ("index.html#step-ID"), so they work from a file:// folder, in
// a repository browser and under any sub-path.
//
// Every address is written with only letters, digits and - . _ ~ / % : and
// the host's own characters, so that it needs no escaping in HTML, JSON,
// Markdown or CSV.
package links

import (
	"errors"
	"net/url"
	"strings"
)

// Base checks an address the output will be hosted at and returns it
// normalised: the scheme and host in lower case, every path segment
// percent-encoded but for letters, digits and - . _ ~, and a slash at the
// end ("https://Docs.Example/kakao/sync" gives
// "https://docs.example/kakao/sync/"). It must be an absolute http or
// https URL with a host and no user, query or fragment; the error says
// what is wrong, to follow the flag's or key's name.
func Base(s string) (string, error) {
	const want = "must be an absolute http:// or https:// URL, such as https://docs.example/kakao/sync/"
	if strings.TrimSpace(s) == "" {
		return "", errors.New("is empty: it " + want)
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return "", errors.New("holds a space or control character: it " + want + " (spaces written %20)")
	}
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", errors.New("is not a URL (" + err.Error() + "): it " + want)
	}
	switch {
	case u.Scheme == "":
		return "", errors.New("is not absolute: it " + want)
	case !strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https"):
		return "", errors.New("has the scheme " + u.Scheme + ": it " + want)
	case u.Opaque != "" || u.Host == "" || u.Hostname() == "":
		return "", errors.New("has no host: it " + want)
	case !validHost(strings.ToLower(u.Host)):
		return "", errors.New("has the host " + u.Host + ", which is not a DNS name (letters, digits, - and .; an international name in its xn-- form), an IP address or a port: it " + want)
	case u.User != nil:
		return "", errors.New("holds a user name or password, which every reader of the outputs would see: it " + want)
	case u.RawQuery != "" || u.ForceQuery:
		return "", errors.New("has a query (?…): links add #step-ID to the folder's address, so it " + want + " without one")
	case u.Fragment != "" || strings.Contains(s, "#"):
		return "", errors.New("has a fragment (#…): links add #step-ID to the folder's address, so it " + want + " without one")
	}
	var b strings.Builder
	b.WriteString(strings.ToLower(u.Scheme))
	b.WriteString("://")
	b.WriteString(strings.ToLower(u.Host))
	segments := strings.Split(strings.TrimPrefix(u.EscapedPath(), "/"), "/")
	for _, seg := range segments {
		if seg == "" {
			continue // "a//b" and the trailing slash: one separator
		}
		raw, err := url.PathUnescape(seg)
		if err != nil {
			return "", errors.New("has a bad %-escape in its path: it " + want)
		}
		b.WriteByte('/')
		b.WriteString(Segment(raw))
	}
	b.WriteByte('/')
	return b.String(), nil
}

// Segment escapes name as one segment of a URL's path: every byte but
// ASCII letters, digits and - . _ ~ is percent-encoded, so that any folder
// name (a#b, c?d, e%41, spaces, Hangul, a:b) leads to its own folder and
// reads as a path, never as a scheme, query or fragment.
func Segment(name string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		if unreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// validHost reports a lower-case host[:port] made of a DNS name or IPv4
// address (letters, digits, - and .) or a bracketed IPv6 address.
func validHost(host string) bool {
	name, port := host, ""
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		name, port = host[:i], host[i+1:]
		if port == "" || strings.Trim(port, "0123456789") != "" {
			return false
		}
	}
	if strings.HasPrefix(name, "[") {
		return len(name) > 2 && strings.HasSuffix(name, "]") && strings.Trim(name[1:len(name)-1], "0123456789abcdef:.") == ""
	}
	if name == "" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "-") || strings.Contains(name, "..") {
		return false
	}
	return strings.Trim(name, "abcdefghijklmnopqrstuvwxyz0123456789-.") == ""
}

func unreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// Folder is the address of a partner's checklist in a many-partner output
// hosted at base (from Base): base and the partner's folder name, escaped,
// with a slash. With no base it is "": links are relative.
func Folder(base, name string) string {
	if base == "" {
		return ""
	}
	return base + Segment(name) + "/"
}

// Page is the address of the checklist page at page: page itself, or
// index.html relative to its folder when page is "".
func Page(page string) string {
	if page == "" {
		return "index.html"
	}
	return page
}

// Step is the address of the step id in the checklist page at page (a
// checklist's address, see the package comment): page#step-ID, or
// index.html#step-ID relative to the checklist's folder when page is "".
// It is the one place that makes a step's link.
func Step(page, id string) string { return anchor(page, "step-", id) }

// Section is the address of the section id in the checklist page at page,
// as Step.
func Section(page, id string) string { return anchor(page, "section-", id) }

func anchor(page, kind, id string) string { return Page(page) + "#" + kind + id }

// File is the address of the file name (guide.html) in the folder at base;
// "" when base is "".
func File(base, name string) string {
	if base == "" {
		return ""
	}
	return base + Segment(name)
}
