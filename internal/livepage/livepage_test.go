package livepage

import (
	"strings"
	"testing"
)

// TestInject checks that Inject adds to a page without changing it.
func TestInject(t *testing.T) {
	tests := []struct{ name, page string }{
		{"page", "<!DOCTYPE html><html><head><title>t</title></head><body><main>m</main></body></html>"},
		{"upper case", "<HTML><HEAD></HEAD><BODY>m</BODY></HTML>"},
		{"no head", "<!DOCTYPE html><title>t</title><p>m</p></body>"},
		{"no body end", "<!DOCTYPE html><head></head><p>m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := Inject([]byte(tt.page), Additions{Version: 7})
			if err != nil {
				t.Fatal(err)
			}
			s := string(out)
			for _, part := range []string{"head", "body"} {
				var b strings.Builder
				if err := pageTemplates.ExecuteTemplate(&b, part, Additions{Version: 7}); err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(s, b.String()) {
					t.Errorf("no %s part in %s", part, s)
				}
				s = strings.Replace(s, b.String(), "", 1)
			}
			if s != tt.page {
				t.Errorf("page changed:\n got %s\nwant %s", s, tt.page)
			}
		})
	}
}
