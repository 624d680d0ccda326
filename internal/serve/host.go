package serve

import (
	"net"
	"strconv"
	"strings"
)

// A hostCheck says which Host headers a request may carry: the address the
// preview listens on, and when that is the loopback interface or every
// interface, localhost, 127.0.0.1 and [::1]; always with the port it
// listens on. A web page elsewhere that rebinds its own DNS name to this
// machine sends its name as the Host, and is refused: it cannot read the
// checklist, the facts, the team's names or the source lines of errors.
type hostCheck struct {
	port  string          // the port listened on
	names map[string]bool // host names and IP addresses allowed, lower case, without the port
	anyIP bool            // listening on every interface: any IP address is allowed
}

// newHostCheck allows the host of addr, the address asked for (-addr), and
// of the listener's address ln.
func newHostCheck(addr string, ln net.Addr) hostCheck {
	h := hostCheck{names: map[string]bool{}}
	if host, _, err := net.SplitHostPort(addr); err == nil && host != "" {
		h.names[strings.ToLower(host)] = true
	}
	var ip net.IP
	if tcp, ok := ln.(*net.TCPAddr); ok {
		ip = tcp.IP
		h.port = strconv.Itoa(tcp.Port)
	} else if host, port, err := net.SplitHostPort(ln.String()); err == nil {
		ip = net.ParseIP(host)
		h.port = port
	}
	if ip != nil {
		h.names[ip.String()] = true
	}
	if ip == nil || ip.IsLoopback() || ip.IsUnspecified() {
		h.names["localhost"] = true
		h.names["127.0.0.1"] = true
		h.names["::1"] = true
	}
	h.anyIP = ip == nil || ip.IsUnspecified()
	return h
}

// allows reports whether a request's Host header names this server.
func (h hostCheck) allows(hostport string) bool {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil { // no port: the default one
		host, port = strings.TrimSuffix(strings.TrimPrefix(hostport, "["), "]"), "80"
	}
	if port != h.port || host == "" {
		return false
	}
	host = strings.ToLower(host)
	if h.names[host] {
		return true
	}
	if ip := net.ParseIP(host); ip != nil {
		return h.names[ip.String()] || h.anyIP
	}
	return false
}
