package serve

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"

	"prereq/internal/build"
)

// TestHostCheck lists the Host headers answered for each kind of address
// serve may listen on.
func TestHostCheck(t *testing.T) {
	t.Parallel()
	tcp := func(ip string, port int) net.Addr { return &net.TCPAddr{IP: net.ParseIP(ip), Port: port} }
	tests := []struct {
		addr   string   // as asked for (-addr)
		ln     net.Addr // as listened on
		allow  []string
		refuse []string
	}{
		{"127.0.0.1:1313", tcp("127.0.0.1", 1313),
			[]string{"127.0.0.1:1313", "localhost:1313", "LocalHost:1313", "[::1]:1313", "[::ffff:127.0.0.1]:1313"},
			[]string{"", "evil.example:1313", "evil.example", "localhost", "127.0.0.1", "127.0.0.1:80", "localhost:1314",
				"localhost.:1313", "127.0.0.2:1313", "10.1.2.3:1313", "1313", ":1313", "[::1]", "a.localhost:1313"}},
		{"127.0.0.1:0", tcp("127.0.0.1", 40123), []string{"127.0.0.1:40123", "localhost:40123"}, []string{"127.0.0.1:0", "localhost:0"}},
		{"localhost:1313", tcp("127.0.0.1", 1313), []string{"localhost:1313", "127.0.0.1:1313"}, []string{"evil.example:1313"}},
		{"[::1]:1313", tcp("::1", 1313), []string{"[::1]:1313", "localhost:1313", "127.0.0.1:1313"}, []string{"evil.example:1313"}},
		{"127.0.0.1:80", tcp("127.0.0.1", 80), []string{"127.0.0.1", "localhost", "[::1]", "localhost:80"}, []string{"evil.example", "evil.example:80"}},
		// Another interface, asked for by address or by name: only its
		// address and name.
		{"192.168.1.5:1313", tcp("192.168.1.5", 1313), []string{"192.168.1.5:1313"},
			[]string{"localhost:1313", "127.0.0.1:1313", "192.168.1.6:1313", "evil.example:1313"}},
		{"devbox.lan:1313", tcp("192.168.1.5", 1313), []string{"devbox.lan:1313", "DEVBOX.lan:1313", "192.168.1.5:1313"},
			[]string{"localhost:1313", "evil.example:1313"}},
		// Every interface: localhost and any address, no other name.
		{":1313", tcp("::", 1313), []string{"localhost:1313", "127.0.0.1:1313", "192.168.1.5:1313", "[fe80::1]:1313"},
			[]string{"evil.example:1313", "localhost:1314"}},
		{"0.0.0.0:1313", tcp("0.0.0.0", 1313), []string{"localhost:1313", "10.0.0.7:1313"}, []string{"evil.example:1313"}},
	}
	for _, tt := range tests {
		h := newHostCheck(tt.addr, tt.ln)
		for _, host := range tt.allow {
			if !h.allows(host) {
				t.Errorf("listening on %s (%s): Host %q refused, want it answered", tt.addr, tt.ln, host)
			}
		}
		for _, host := range tt.refuse {
			if h.allows(host) {
				t.Errorf("listening on %s (%s): Host %q answered, want 403", tt.addr, tt.ln, host)
			}
		}
	}
}

// rawGet sends a GET with the Host header host over TCP to addr and returns
// the status.
func rawGet(t *testing.T, addr, target, host string) int {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, host)
	r, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	return r.StatusCode
}

// TestDNSRebinding asks a running server for every path under names of
// its own and under another name, as a page whose DNS name was rebound to
// 127.0.0.1 does: the other name gets 403 everywhere.
func TestDNSRebinding(t *testing.T) {
	t.Parallel()
	ts := startServer(t, newSite(t, smallSite), nil)
	_, port, _ := net.SplitHostPort(ts.Addr().String())
	for _, target := range []string{"/", "/index.html", "/?has_channel=false", "/checklist.json", "/checklist.md", "/_prereq/live.js", "/_prereq/events", "/nothing"} {
		if target != "/_prereq/events" { // a stream: its status is read, then the connection closed
			for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port} {
				if code := rawGet(t, ts.Addr().String(), target, host); code == http.StatusForbidden {
					t.Errorf("GET %s for Host %s: 403", target, host)
				}
			}
		}
		for _, host := range []string{"rebound.example:" + port, "rebound.example", "localhost:1"} {
			if code := rawGet(t, ts.Addr().String(), target, host); code != http.StatusForbidden {
				t.Errorf("GET %s for Host %s: %d, want 403", target, host, code)
			}
		}
	}
}

// TestListenElsewhere serves on an address of this machine that is not
// the loopback interface, as -addr asks: requests for that address are
// answered, others refused.
func TestListenElsewhere(t *testing.T) {
	t.Parallel()
	var ip net.IP
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.To4() != nil {
			ip = n.IP
			break
		}
	}
	if ip == nil {
		t.Skip("no IPv4 address but the loopback interface's")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := Start(ctx, Options{Build: build.Options{SiteDir: newSite(t, smallSite)}, Addr: net.JoinHostPort(ip.String(), "0")})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { cancel(); s.Wait() }()
	addr := s.Addr().String()
	if !strings.HasPrefix(s.URL(), "http://"+addr) {
		t.Errorf("URL %s, want http://%s/", s.URL(), addr)
	}
	if code := rawGet(t, addr, "/", addr); code != http.StatusOK {
		t.Errorf("GET / for Host %s: %d, want 200", addr, code)
	}
	_, port, _ := net.SplitHostPort(addr)
	if code := rawGet(t, addr, "/", "rebound.example:"+port); code != http.StatusForbidden {
		t.Errorf("GET / for another name: %d, want 403", code)
	}
}
