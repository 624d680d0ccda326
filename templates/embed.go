// Package templates holds prereq's default page templates, style sheet and
// script, embedded in the binary. A site's own templates/ folder overrides
// them file by file.
package templates

import "embed"

// FS holds the default templates.
//
//go:embed *.html *.css *.js
var FS embed.FS
