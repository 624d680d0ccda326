package links_test

import (
	"net/url"
	"strings"
	"testing"

	"prereq/internal/links"
)

func TestBase(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://docs.example", "https://docs.example/"},
		{"https://docs.example/", "https://docs.example/"},
		{"https://docs.example/kakao/sync", "https://docs.example/kakao/sync/"},
		{"https://docs.example/kakao/sync/", "https://docs.example/kakao/sync/"},
		{"HTTPS://Docs.Example:8443/Kakao//Sync", "https://docs.example:8443/Kakao/Sync/"},
		{"http://127.0.0.1:1313", "http://127.0.0.1:1313/"},
		{"http://[::1]:8080/x", "http://[::1]:8080/x/"},
		{"http://[::1]/", "http://[::1]/"},
		{"https://docs.example/a%20b/c(d)/", "https://docs.example/a%20b/c%28d%29/"},
		{"https://docs.example/한글/", "https://docs.example/%ED%95%9C%EA%B8%80/"},
		{"https://docs.example/a%2Fb/", "https://docs.example/a%2Fb/"},
		{"https://docs.example/a&amp;b/", "https://docs.example/a%26amp%3Bb/"},
		{"https://xn--9n2bp8q.example/", "https://xn--9n2bp8q.example/"},
	} {
		got, err := links.Base(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("Base(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestBaseRefused(t *testing.T) {
	for _, tc := range []struct{ in, why string }{
		{"", "is empty"},
		{"  ", "is empty"},
		{"docs.example/kakao", "is not absolute"},
		{"/kakao/sync/", "is not absolute"},
		{"kakao/sync", "is not absolute"},
		{"ftp://docs.example/", "has the scheme ftp"},
		{"javascript:alert(1)", "has the scheme javascript"},
		{"file:///tmp/x", "has the scheme file"},
		{"mailto:a@b.example", "has the scheme mailto"},
		{"https://", "has no host"},
		{"https:///path", "has no host"},
		{"https:docs.example", "has no host"},
		{"https://:80/", "has no host"},
		{"https://user:secret@docs.example/", "user name or password"},
		{"https://docs.example/?q=1", "has a query"},
		{"https://docs.example/?", "has a query"},
		{"https://docs.example/#top", "has a fragment"},
		{"https://docs.example/#", "has a fragment"},
		{"https://docs example/", "space or control character"},
		{"https://docs.example/a b/", "space or control character"},
		{"https://docs.example/\n", "space or control character"},
		{"https://docs.example/%zz/", "is not a URL"},
		{"https://do(cs).example/", "which is not a DNS name"},
		{"https://한글.example/", "which is not a DNS name"},
		{"https://docs..example/", "which is not a DNS name"},
		{"https://docs.example:x/", "is not a URL"},
	} {
		got, err := links.Base(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("Base(%q) = %q, %v; want an error saying %q", tc.in, got, err, tc.why)
		}
	}
}

// TestAddresses: a step's address, under a base URL with or without a
// partner's folder, and relative without one; whatever the folder's name,
// the address parses back to that folder and that fragment.
func TestAddresses(t *testing.T) {
	base, err := links.Base("https://docs.example/kakao/sync")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ page, want string }{
		{"", "index.html#step-register-app"},
		{base, "https://docs.example/kakao/sync/#step-register-app"},
		{links.Folder(base, "acme"), "https://docs.example/kakao/sync/acme/#step-register-app"},
		{links.Folder(base, "a#b"), "https://docs.example/kakao/sync/a%23b/#step-register-app"},
		{links.Folder(base, "c?d e"), "https://docs.example/kakao/sync/c%3Fd%20e/#step-register-app"},
		{links.Folder(base, "a:b"), "https://docs.example/kakao/sync/a%3Ab/#step-register-app"},
		{links.Folder("", "acme"), "index.html#step-register-app"},
	} {
		if got := links.Step(tc.page, "register-app"); got != tc.want {
			t.Errorf("Step(%q) = %q, want %q", tc.page, got, tc.want)
		}
	}
	if got := links.Section(base, "app"); got != "https://docs.example/kakao/sync/#section-app" {
		t.Errorf("Section = %q", got)
	}
	if got := links.File(base, "guide.html"); got != "https://docs.example/kakao/sync/guide.html" {
		t.Errorf("File = %q", got)
	}
	if got := links.File("", "guide.html"); got != "" {
		t.Errorf("File without a base = %q, want none", got)
	}
	for _, name := range []string{"acme", "a#b", "c?d", "e%41", "with space", "한글", "a:b", "x&amp;y", "(p)", "a+b=c", "'q'", `"r"`, "<s>", "a\\b", "*~!$,;@"} {
		u, err := url.Parse(links.Step(links.Folder(base, name), "x"))
		if err != nil {
			t.Errorf("%q: %v", name, err)
			continue
		}
		if u.Path != "/kakao/sync/"+name+"/" || u.Fragment != "step-x" || u.RawQuery != "" {
			t.Errorf("%q: the address reads as path %q, fragment %q, query %q", name, u.Path, u.Fragment, u.RawQuery)
		}
		if seg := links.Segment(name); strings.Trim(seg, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%") != "" {
			t.Errorf("Segment(%q) = %q holds more than letters, digits, - . _ ~ and %%", name, seg)
		}
	}
}

func FuzzBase(f *testing.F) {
	for _, s := range []string{"https://docs.example/kakao/sync", "http://[::1]:8080/", "https://a/b%20c", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		base, err := links.Base(s)
		if err != nil {
			return
		}
		if !strings.HasSuffix(base, "/") {
			t.Fatalf("Base(%q) = %q does not end in /", s, base)
		}
		if again, err := links.Base(base); err != nil || again != base {
			t.Fatalf("Base(Base(%q)) = %q, %v; want %q", s, again, err, base)
		}
		u, err := url.Parse(base)
		if err != nil || u.RawQuery != "" || u.Fragment != "" || u.User != nil || (u.Scheme != "http" && u.Scheme != "https") {
			t.Fatalf("Base(%q) = %q: %v", s, base, err)
		}
		if strings.ContainsAny(base, "()<>\"'&\\ []`*") && !strings.Contains(u.Host, "[") {
			t.Fatalf("Base(%q) = %q holds a character Markdown or HTML would read", s, base)
		}
	})
}
